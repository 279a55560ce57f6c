package schedule

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// writeReport is a RunFunc that writes the named files, each containing content.
func writeReport(content string, names ...string) RunFunc {
	return func(ctx context.Context, req Request) (Result, error) {
		for _, n := range names {
			if err := os.WriteFile(filepath.Join(req.OutDir, n), []byte(content), 0o644); err != nil {
				return Result{}, err
			}
		}
		return Result{Counts: map[string]int{"cases": 3}, Files: names}, nil
	}
}

// runOnceFixture makes a job writing reports/{{.Period}} under a temporary directory,
// with one input file.
func runOnceFixture(t *testing.T) (*Job, string) {
	t.Helper()
	dir := t.TempDir()
	j := testJob(t, dir, `cron: "30 2 * * *"`, `out: "reports/{{.Period}}"`)
	if err := os.WriteFile(filepath.Join(dir, "in", "export.csv"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	return j, dir
}

// tree lists the files under dir with their content, and symlinks with their target.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		switch {
		case info.Mode()&os.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			out[filepath.ToSlash(rel)] = "-> " + target
		case info.Mode().IsRegular():
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out[filepath.ToSlash(rel)] = string(data)
		case info.IsDir() && rel != ".":
			out[filepath.ToSlash(rel)+"/"] = ""
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRunOnceSuccessReplacesReport(t *testing.T) {
	j, dir := runOnceFixture(t)
	reports := filepath.Join(dir, "reports")
	now := at("2026-11-06 06:00")

	var seen Request
	capture := func(ctx context.Context, req Request) (Result, error) {
		seen = req
		return writeReport("v1", "audit.xlsx", "audit.pdf")(ctx, req)
	}
	out, err := RunOnce(context.Background(), j, now, capture, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	final := filepath.Join(reports, "2026-10")
	if seen.FinalDir != final || filepath.Dir(seen.OutDir) != reports || seen.OutDir == final ||
		seen.Period.Asof.String() != "2026-11-05" || len(seen.Inputs) != 1 || seen.Job != j || seen.Logger == nil {
		t.Errorf("request = %+v", seen)
	}
	if out.OutDir != final || out.Period.Name != "2026-10" || out.Counts["cases"] != 3 ||
		!slices.Equal(out.Files, []string{filepath.Join(final, "audit.xlsx"), filepath.Join(final, "audit.pdf")}) ||
		out.Latest != filepath.Join(reports, "latest") || out.Trigger != "manual" {
		t.Errorf("outcome = %+v", out)
	}
	want := map[string]string{"2026-10/": "", "2026-10/audit.xlsx": "v1", "2026-10/audit.pdf": "v1", "latest": "-> 2026-10"}
	if diff := cmp.Diff(want, tree(t, reports)); diff != "" {
		t.Errorf("after first run (-want +got):\n%s", diff)
	}

	// A second run of the same period replaces the directory as a whole.
	if _, err := RunOnce(context.Background(), j, now, writeReport("v2", "audit.xlsx"), RunOptions{}); err != nil {
		t.Fatal(err)
	}
	want = map[string]string{"2026-10/": "", "2026-10/audit.xlsx": "v2", "latest": "-> 2026-10"}
	if diff := cmp.Diff(want, tree(t, reports)); diff != "" {
		t.Errorf("after second run (-want +got):\n%s", diff)
	}

	st, err := ReadState(j.file.StateFile)
	if err != nil {
		t.Fatal(err)
	}
	rec := st.Jobs["j"]
	if rec.Period != "2026-10" || rec.Start != "2026-10-01" || rec.End != "2026-10-31" || rec.Asof != "2026-11-05" || rec.OutDir != final || rec.FinishedAt.IsZero() {
		t.Errorf("state = %+v", rec)
	}
}

// TestRunOnceEarlierPeriod: making an earlier period again (run --asof) writes its
// report, but "latest" and the state file stay with the newest period made.
func TestRunOnceEarlierPeriod(t *testing.T) {
	j, dir := runOnceFixture(t)
	reports := filepath.Join(dir, "reports")
	if _, err := RunOnce(context.Background(), j, at("2026-11-06 06:00"), writeReport("oct", "audit.xlsx"), RunOptions{}); err != nil {
		t.Fatal(err)
	}
	out, err := RunOnce(context.Background(), j, at("2026-09-06 06:00"), writeReport("aug", "audit.xlsx"), RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Period.Name != "2026-08" || out.Latest != "" {
		t.Errorf("outcome = %+v", out)
	}
	want := map[string]string{"2026-10/": "", "2026-10/audit.xlsx": "oct", "2026-08/": "", "2026-08/audit.xlsx": "aug", "latest": "-> 2026-10"}
	if diff := cmp.Diff(want, tree(t, reports)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	st, err := ReadState(j.file.StateFile)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Jobs[j.Name].Period; got != "2026-10" {
		t.Errorf("state records %s, want 2026-10", got)
	}
	// The next period moves both on.
	if out, err := RunOnce(context.Background(), j, at("2026-12-06 06:00"), writeReport("nov", "audit.xlsx"), RunOptions{}); err != nil || out.Latest == "" {
		t.Fatalf("%v %+v", err, out)
	}
	if st, _ := ReadState(j.file.StateFile); st.Jobs[j.Name].Period != "2026-11" {
		t.Errorf("state records %s, want 2026-11", st.Jobs[j.Name].Period)
	}
}

func TestRunOnceFailureKeepsPreviousReport(t *testing.T) {
	halfThenFail := func(ctx context.Context, req Request) (Result, error) {
		os.WriteFile(filepath.Join(req.OutDir, "audit.xlsx"), []byte("half"), 0o644)
		return Result{}, errors.New("reading export: row 12: bad date")
	}
	halfThenPanic := func(ctx context.Context, req Request) (Result, error) {
		os.WriteFile(filepath.Join(req.OutDir, "audit.xlsx"), []byte("half"), 0o644)
		var sheets []string
		return Result{Files: sheets[len(req.Inputs):]}, nil // a runtime panic: index out of range
	}
	listsMissing := func(ctx context.Context, req Request) (Result, error) {
		os.WriteFile(filepath.Join(req.OutDir, "audit.xlsx"), []byte("half"), 0o644)
		return Result{Files: []string{"audit.xlsx", "audit.pdf"}}, nil
	}
	listsOutside := func(ctx context.Context, req Request) (Result, error) {
		return Result{Files: []string{"../latest"}}, nil
	}
	tests := []struct {
		name    string
		run     RunFunc
		wantErr string
		panics  bool
	}{
		{"Error", halfThenFail, "row 12: bad date", false},
		{"Panic", halfThenPanic, "run panicked: runtime error: slice bounds out of range [1:0]", true},
		{"ListsMissingFile", listsMissing, "result lists audit.pdf, which was not written", false},
		{"ListsFileOutside", listsOutside, "outside the output directory", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j, dir := runOnceFixture(t)
			reports := filepath.Join(dir, "reports")
			now := at("2026-11-06 06:00")
			if _, err := RunOnce(context.Background(), j, now, writeReport("good", "audit.xlsx", "audit.pdf"), RunOptions{}); err != nil {
				t.Fatal(err)
			}
			before := tree(t, reports)
			stateBefore, _ := os.ReadFile(j.file.StateFile)

			_, err := RunOnce(context.Background(), j, now.AddDate(0, 0, 1), tt.run, RunOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), `run job "j" period 2026-10`) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
			var pe *PanicError
			if errors.As(err, &pe) != tt.panics {
				t.Errorf("errors.As(PanicError) = %v, want %v", !tt.panics, tt.panics)
			}
			if diff := cmp.Diff(before, tree(t, reports)); diff != "" {
				t.Errorf("report dir changed (-before +after):\n%s", diff)
			}
			stateAfter, _ := os.ReadFile(j.file.StateFile)
			if string(stateBefore) != string(stateAfter) {
				t.Errorf("state changed:\n%s\n%s", stateBefore, stateAfter)
			}
		})
	}
}

func TestRunOnceLocked(t *testing.T) {
	j, _ := runOnceFixture(t)
	unlock, err := tryLock(jobLockPath(j.file.StateFile, j.Name))
	if err != nil {
		t.Fatal(err)
	}
	called := false
	run := func(ctx context.Context, req Request) (Result, error) { called = true; return Result{}, nil }
	if _, err := RunOnce(context.Background(), j, at("2026-11-06 06:00"), run, RunOptions{}); !errors.Is(err, ErrLocked) || called {
		t.Errorf("err = %v, called = %v; want ErrLocked and no call", err, called)
	}
	unlock()
	if _, err := RunOnce(context.Background(), j, at("2026-11-06 06:00"), run, RunOptions{}); err != nil || !called {
		t.Errorf("after unlock: err = %v, called = %v", err, called)
	}
}

func TestRunOnceNoInput(t *testing.T) {
	j := testJob(t, "", `cron: "@daily"`)
	called := false
	run := func(ctx context.Context, req Request) (Result, error) { called = true; return Result{}, nil }
	_, err := RunOnce(context.Background(), j, at("2026-11-06 06:00"), run, RunOptions{})
	if !errors.Is(err, ErrNoInput) || called {
		t.Errorf("err = %v, called = %v", err, called)
	}
}

// TestRunOnceRecoversInterruptedSwap: a process that died between the two renames of
// the fallback swap left the previous report as a backup and no report; the next run
// puts it back before it starts, and removes stale temporary directories.
func TestRunOnceRecoversInterruptedSwap(t *testing.T) {
	j, dir := runOnceFixture(t)
	reports := filepath.Join(dir, "reports")
	for _, d := range []string{".2026-10.old-abc", ".2026-10.tmp-def", ".2026-09.tmp-keep"} {
		if err := os.MkdirAll(filepath.Join(reports, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(reports, ".2026-10.old-abc", "audit.xlsx"), []byte("previous"), 0o644)
	var sawPrevious string
	run := func(ctx context.Context, req Request) (Result, error) {
		data, _ := os.ReadFile(filepath.Join(req.FinalDir, "audit.xlsx"))
		sawPrevious = string(data)
		return Result{}, errors.New("fail on purpose")
	}
	RunOnce(context.Background(), j, at("2026-11-06 06:00"), run, RunOptions{})
	if sawPrevious != "previous" {
		t.Errorf("previous report not restored before the run: %q", sawPrevious)
	}
	want := map[string]string{"2026-10/": "", "2026-10/audit.xlsx": "previous", ".2026-09.tmp-keep/": ""}
	if diff := cmp.Diff(want, tree(t, reports)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestReplaceDirFallbacks(t *testing.T) {
	defer func(e func(a, b string) error, s func(a, b string) error) { exchange, symlink = e, s }(exchange, symlink)
	exchange = func(a, b string) error { return errors.New("unsupported") }
	symlink = func(a, b string) error { return errors.New("privilege not held") }

	j, dir := runOnceFixture(t)
	reports := filepath.Join(dir, "reports")
	for i, content := range []string{"v1", "v2"} {
		out, err := RunOnce(context.Background(), j, at("2026-11-06 06:00"), writeReport(content, "a.txt"), RunOptions{})
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		if out.Latest != filepath.Join(reports, "LATEST") {
			t.Errorf("Latest = %q", out.Latest)
		}
	}
	want := map[string]string{"2026-10/": "", "2026-10/a.txt": "v2", "LATEST": "2026-10\n"}
	if diff := cmp.Diff(want, tree(t, reports)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestUpdateLatestRefusesRealDirectory(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "latest"), 0o755)
	if _, err := updateLatest(dir, "2026-10"); err == nil || !strings.Contains(err.Error(), "not a symlink") {
		t.Errorf("err = %v", err)
	}
}

func TestRecordSuccessConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	errs := make(chan error)
	for i := range 8 {
		go func() {
			errs <- recordSuccess(context.Background(), path, fmt.Sprint("job", i), JobState{Period: "2026-10"})
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	st, err := ReadState(path)
	if err != nil || len(st.Jobs) != 8 {
		t.Errorf("state has %d jobs, err %v; want 8 (no lost update)", len(st.Jobs), err)
	}
}

// TestRunOncePlacesFailures: a failed run names the place in the jobs file to look at:
// the field behind the failure, else the job.
func TestRunOncePlacesFailures(t *testing.T) {
	fails := func(err error) RunFunc {
		return func(ctx context.Context, req Request) (Result, error) { return Result{}, err }
	}
	routineErr := &FieldError{Field: "routines", Err: errors.New("cannot read x.yaml")}
	tests := []struct {
		name   string
		fields []string
		input  bool
		run    RunFunc
		want   string // the error's start after the jobs file's path
	}{
		{"NoInput", []string{`cron: "@daily"`}, false, writeReport("x", "a.xlsx"), `:4:12: run job "j": input: no input file`},
		{"RoutineField", []string{`cron: "@daily"`, `routines: [x.yaml]`}, true, fails(routineErr), `:4:15: run job "j" period 2026-11: cannot read x.yaml`},
		{"FieldNotSet", []string{`cron: "@daily"`}, true, fails(routineErr), `:2:3: run job "j" period 2026-11: cannot read x.yaml`},
		{"OtherError", []string{`cron: "@daily"`, `routines: [x.yaml]`}, true, fails(errors.New("row 12: bad date")), `:2:3: run job "j" period 2026-11: row 12: bad date`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			j := testJob(t, dir, tt.fields...)
			if tt.input {
				if err := os.WriteFile(filepath.Join(dir, "in", "export.csv"), []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := RunOnce(context.Background(), j, at("2026-12-06 06:00"), tt.run, RunOptions{})
			want := filepath.Join(dir, "jobs.yaml") + tt.want
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("err = %v, want it to start %q", err, want)
			}
			if strings.Contains(tt.name, "Field") && !errors.Is(err, routineErr) {
				t.Errorf("the run's error is not wrapped: %v", err)
			}
		})
	}
}
