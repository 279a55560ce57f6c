package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBenchSchedule: every stage runs on every file once a round (the start's file
// startPerRound times), the files in turns, smallest first in even rounds and largest
// first in odd ones.
func TestBenchSchedule(t *testing.T) {
	job := func(r, f int, stage string) benchJob { return benchJob{r, benchRun{f, stage}} }
	for _, tc := range []struct {
		name                  string
		files                 int
		stages                []string
		rounds, startPerRound int
		want                  []benchJob
	}{
		{"one round", 3, []string{"import"}, 1, 1, []benchJob{job(0, 0, "import"), job(0, 1, "import"), job(0, 2, "import")}},
		{"two rounds turn", 3, []string{"import", "audit"}, 2, 2, []benchJob{
			job(0, 0, "import"), job(0, 0, "import"), job(0, 1, "import"), job(0, 2, "import"),
			job(0, 0, "audit"), job(0, 0, "audit"), job(0, 1, "audit"), job(0, 2, "audit"),
			job(1, 2, "import"), job(1, 1, "import"), job(1, 0, "import"), job(1, 0, "import"),
			job(1, 2, "audit"), job(1, 1, "audit"), job(1, 0, "audit"), job(1, 0, "audit"),
		}},
		{"start only", 1, []string{"floor"}, 3, 2, []benchJob{
			job(0, 0, "floor"), job(0, 0, "floor"), job(1, 0, "floor"), job(1, 0, "floor"), job(2, 0, "floor"), job(2, 0, "floor"),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := benchSchedule(tc.files, tc.stages, tc.rounds, tc.startPerRound); !slices.Equal(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
	// Counts, for larger schedules: each pair rounds times (the start's startPerRound
	// times as often), once in each round.
	for _, rounds := range []int{1, 2, 3, 5} {
		stages := []string{"floor", "csv", "import", "audit", "full"}
		got := benchSchedule(5, stages, rounds, 3)
		count := map[benchJob]int{}
		for _, j := range got {
			count[j]++
		}
		for r := range rounds {
			for f := range 5 {
				for _, st := range stages {
					want := 1
					if f == 0 {
						want = 3
					}
					if n := count[job(r, f, st)]; n != want {
						t.Errorf("rounds %d: round %d file %d %s: %d runs, want %d", rounds, r, f, st, n, want)
					}
				}
			}
		}
		if want := rounds * len(stages) * (4 + 3); len(got) != want {
			t.Errorf("rounds %d: %d runs, want %d", rounds, len(got), want)
		}
	}
}

// TestBenchRunsSizesInTurns runs `bench` with a peer that logs the files it is given:
// the sizes must come in turns, round after round, not all runs of one size together.
func TestBenchRunsSizesInTurns(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh for a logging peer")
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "peer.log")
	script := filepath.Join(dir, "peer.sh")
	if err := os.WriteFile(script, []byte(fmt.Sprintf("#!/bin/sh\nbasename \"$1\" >> %s\n", log)), 0o755); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"bench", "--sizes", "2K,1K", "--runs", "2", "--dir", dir, "--stages", "floor", "--peer", sh + " " + script}, &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	const start, k1, k2 = "events-10-rows-v2.csv", "events-1000-rows-v2.csv", "events-2000-rows-v2.csv"
	want := []string{start, start, start, k1, k2, k2, k1, start, start, start}
	if got := strings.Fields(string(data)); !slices.Equal(got, want) {
		t.Errorf("peer ran on\n%v\nwant\n%v", got, want)
	}
	if !strings.Contains(out.String(), ", median of 2 runs in turns, rows by case") || !strings.Contains(out.String(), "10 rows, median of 6 runs in turns)") {
		t.Errorf("heading or start line does not say how many runs:\n%s", out.String())
	}
	if !strings.Contains(errb.String(), "bench: round 2 of 2") {
		t.Errorf("no progress on stderr: %q", errb.String())
	}
}

// TestTimeRuns: each run is measured once and filed under its stage and file, the
// medians are of the runs made, the largest peak RSS is kept, and the first error
// stops the runs.
func TestTimeRuns(t *testing.T) {
	dir := t.TempDir()
	var inputs []benchInput
	for i, name := range []string{"10 rows", "1K"} {
		path := filepath.Join(dir, fmt.Sprintf("f%d.csv", i))
		if err := os.WriteFile(path, []byte("a;b\n1;2\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, benchInput{name, path, 1})
	}
	schedule := benchSchedule(2, []string{"import", "audit"}, 3, 1)
	walls := map[benchRun][]float64{
		{0, "import"}: {0.3, 0.1, 0.2}, {1, "import"}: {5, 3, 4},
		{0, "audit"}: {0.5, 0.6, 0.4}, {1, "audit"}: {7, 9, 8},
	}
	made := map[benchRun]int{}
	var progress bytes.Buffer
	samples, err := timeRuns(schedule, inputs, 3, func(j benchJob) (float64, float64, int64, error) {
		i := made[j.benchRun]
		made[j.benchRun]++
		w := walls[j.benchRun][i]
		return w, 2 * w, int64(100 * (i + 1)), nil
	}, &progress)
	if err != nil {
		t.Fatal(err)
	}
	for run, ws := range walls {
		sorted := slices.Clone(ws)
		slices.Sort(sorted)
		wall, cpu, rss := samples.median(run.file, run.stage)
		if wall != sorted[1] || cpu != 2*sorted[1] || rss != 300 {
			t.Errorf("%v: median %v s, CPU %v s, peak %d KiB; want %v, %v, 300", run, wall, cpu, rss, sorted[1], 2*sorted[1])
		}
	}
	if n := strings.Count(progress.String(), "bench: round "); n != 3 {
		t.Errorf("%d round lines in\n%s", n, progress.String())
	}
	if !strings.Contains(progress.String(), "bench: 1K audit 9.000 s") {
		t.Errorf("no line for a run in\n%s", progress.String())
	}

	calls := 0
	_, err = timeRuns(schedule, inputs, 3, func(j benchJob) (float64, float64, int64, error) {
		calls++
		if calls == 3 {
			return 0, 0, 0, fmt.Errorf("stage failed")
		}
		return 1, 1, 1, nil
	}, io.Discard)
	if err == nil || calls != 3 {
		t.Errorf("after a failing run: error %v, %d runs made; want the error and 3", err, calls)
	}

	inputs[1].path = filepath.Join(dir, "gone.csv")
	if _, err := timeRuns(schedule, inputs, 3, func(benchJob) (float64, float64, int64, error) { return 1, 1, 1, nil }, io.Discard); err == nil || !strings.Contains(err.Error(), "gone.csv") {
		t.Errorf("missing file: error %v", err)
	}
}
