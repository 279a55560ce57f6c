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

// TestBenchSchedule: every stage runs on every size once a round, stage after stage,
// the sizes smallest first in even rounds and largest first in odd ones, each size's
// run right after startPerSize runs of the same stage on the start's file.
func TestBenchSchedule(t *testing.T) {
	job := func(r, f int, stage string) benchJob { return benchJob{r, benchRun{f, stage}} }
	for _, tc := range []struct {
		name                 string
		sizes                int
		stages               []string
		rounds, startPerSize int
		want                 []benchJob
	}{
		{"one round", 2, []string{"import"}, 1, 1, []benchJob{job(0, 0, "import"), job(0, 1, "import"), job(0, 0, "import"), job(0, 2, "import")}},
		{"two rounds turn", 2, []string{"import", "audit"}, 2, 1, []benchJob{
			job(0, 0, "import"), job(0, 1, "import"), job(0, 0, "import"), job(0, 2, "import"),
			job(0, 0, "audit"), job(0, 1, "audit"), job(0, 0, "audit"), job(0, 2, "audit"),
			job(1, 0, "import"), job(1, 2, "import"), job(1, 0, "import"), job(1, 1, "import"),
			job(1, 0, "audit"), job(1, 2, "audit"), job(1, 0, "audit"), job(1, 1, "audit"),
		}},
		{"starts before each size", 1, []string{"floor"}, 2, 3, []benchJob{
			job(0, 0, "floor"), job(0, 0, "floor"), job(0, 0, "floor"), job(0, 1, "floor"),
			job(1, 0, "floor"), job(1, 0, "floor"), job(1, 0, "floor"), job(1, 1, "floor"),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := benchSchedule(tc.sizes, tc.stages, tc.rounds, tc.startPerSize); !slices.Equal(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
	// Larger schedules: each size once per stage and round, each right after k start
	// runs of its stage, and at least five start runs of each stage in all.
	stages := []string{"floor", "csv", "import", "audit", "full"}
	for _, sizes := range []int{1, 2, 4} {
		for _, rounds := range []int{1, 2, 3, 5} {
			k := startPerSize(sizes, rounds)
			got := benchSchedule(sizes, stages, rounds, k)
			count := map[benchJob]int{}
			for i, j := range got {
				count[j]++
				if j.file == 0 {
					continue
				}
				if i < k {
					t.Fatalf("sizes %d rounds %d: run %d (%v) has no start runs before it", sizes, rounds, i, j)
				}
				for _, before := range got[i-k : i] {
					if before != job(j.round, 0, j.stage) {
						t.Errorf("sizes %d rounds %d: run %d (%v) comes after %v, want %d start runs of its stage", sizes, rounds, i, j, before, k)
					}
				}
			}
			for r := range rounds {
				for _, st := range stages {
					for f := 1; f <= sizes; f++ {
						if n := count[job(r, f, st)]; n != 1 {
							t.Errorf("sizes %d rounds %d: round %d size %d %s: %d runs, want 1", sizes, rounds, r, f, st, n)
						}
					}
				}
			}
			if starts := rounds * sizes * k; starts < 5 || len(got) != len(stages)*(rounds*sizes+starts) {
				t.Errorf("sizes %d rounds %d: %d start runs per stage, %d runs in all", sizes, rounds, starts, len(got))
			}
		}
	}
}

// TestStartPerSize: at least five start runs of a stage in all, and one before each
// size's run as soon as that makes five.
func TestStartPerSize(t *testing.T) {
	for _, tc := range []struct{ sizes, rounds, want int }{
		{1, 1, 5}, {1, 2, 3}, {1, 3, 2}, {2, 1, 3}, {2, 2, 2}, {4, 1, 2}, {4, 2, 1}, {4, 3, 1}, {1, 5, 1}, {3, 7, 1},
	} {
		if got := startPerSize(tc.sizes, tc.rounds); got != tc.want {
			t.Errorf("startPerSize(%d, %d) = %d, want %d", tc.sizes, tc.rounds, got, tc.want)
		}
	}
}

// TestMedian: the middle value, or the mean of the middle two.
func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		v    []float64
		want float64
	}{
		{[]float64{3}, 3}, {[]float64{3, 1, 2}, 2}, {[]float64{4, 1, 3, 2}, 2.5}, {[]float64{5, 1}, 3}, {[]float64{0.3, 0.1, 0.2, 0.9, 0.5}, 0.3},
	} {
		if got := median(slices.Clone(tc.v)); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.v, got, tc.want)
		}
	}
}

// TestTimeRuns: each run is measured once and filed under its stage and file, the
// medians are of the runs made, the largest peak RSS is kept, every run is reported,
// and the first error stops the runs.
func TestTimeRuns(t *testing.T) {
	dir := t.TempDir()
	var inputs []benchInput
	for i, name := range []string{"10 rows", "1K"} {
		path := filepath.Join(dir, fmt.Sprintf("f%d.csv", i))
		if err := os.WriteFile(path, []byte("a;b\n1;2\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, benchInput{name: name, path: path, rows: 1})
	}
	schedule := benchSchedule(1, []string{"import", "audit"}, 3, 2)
	walls := map[benchRun][]float64{
		{0, "import"}: {0.3, 0.1, 0.2, 0.6, 0.5, 0.4}, {1, "import"}: {5, 3, 4},
		{0, "audit"}: {0.5, 0.6, 0.4, 0.9, 0.8, 0.7}, {1, "audit"}: {7, 9, 8},
	}
	peaks := []int64{200, 300, 100, 250, 150, 120}
	made := map[benchRun]int{}
	var progress bytes.Buffer
	var steps []string // clear and run, in the order called
	samples, err := timeRuns(schedule, inputs, func(j benchJob) error {
		steps = append(steps, "clear "+j.stage)
		return nil
	}, func(j benchJob) (benchSample, error) {
		steps = append(steps, "run "+j.stage)
		i := made[j.benchRun]
		made[j.benchRun]++
		w := walls[j.benchRun][i]
		return benchSample{wall: w, cpu: 2 * w, rss: peaks[i]}, nil
	}, &progress)
	if err != nil {
		t.Fatal(err)
	}
	for run, ws := range walls {
		want := median(slices.Clone(ws))
		wall, cpu, rss := samples.summary(run.file, run.stage)
		if wall != want || cpu != 2*want || rss != 300 {
			t.Errorf("%v: median %v s, CPU %v s, peak %d KiB; want %v, %v, 300", run, wall, cpu, rss, want, 2*want)
		}
	}
	for i, j := range schedule {
		if want := []string{"clear " + j.stage, "run " + j.stage}; !slices.Equal(steps[2*i:2*i+2], want) {
			t.Fatalf("run %d: steps %q, want %q", i, steps[2*i:2*i+2], want)
		}
	}
	if n := strings.Count(progress.String(), "\n"); n != len(schedule) {
		t.Errorf("%d progress lines for %d runs:\n%s", n, len(schedule), progress.String())
	}
	if !strings.Contains(progress.String(), "bench: round 3 of 3, run 18 of 18: 1K audit 8.000 s") {
		t.Errorf("no line for the last run in\n%s", progress.String())
	}

	calls := 0
	_, err = timeRuns(schedule, inputs, nil, func(j benchJob) (benchSample, error) {
		calls++
		if calls == 3 {
			return benchSample{}, fmt.Errorf("stage failed")
		}
		return benchSample{wall: 1, cpu: 1, rss: 1}, nil
	}, io.Discard)
	if err == nil || calls != 3 {
		t.Errorf("after a failing run: error %v, %d runs made; want the error and 3", err, calls)
	}

	inputs[1].path = filepath.Join(dir, "gone.csv")
	if _, err := timeRuns(schedule, inputs, nil, func(benchJob) (benchSample, error) { return benchSample{wall: 1}, nil }, io.Discard); err == nil || !strings.Contains(err.Error(), "gone.csv") {
		t.Errorf("missing file: error %v", err)
	}
	failClear := func(benchJob) error { return fmt.Errorf("cannot remove") }
	if _, err := timeRuns(schedule, inputs, failClear, func(benchJob) (benchSample, error) {
		t.Fatal("ran after a failed clear")
		return benchSample{}, nil
	}, io.Discard); err == nil || !strings.Contains(err.Error(), "cannot remove") {
		t.Errorf("failing clear: error %v", err)
	}
}

// TestBenchRunsSizesInTurns runs `bench` with a peer that logs the files it is given:
// the sizes must come in turns, each after start runs, round after round.
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
	want := []string{start, start, k1, start, start, k2, start, start, k2, start, start, k1}
	if got := strings.Fields(string(data)); !slices.Equal(got, want) {
		t.Errorf("peer ran on\n%v\nwant\n%v", got, want)
	}
	if !strings.Contains(out.String(), ", median of 2 runs, the sizes in turns, rows by case") || !strings.Contains(out.String(), "10 rows, median of 8 runs)") {
		t.Errorf("heading or start line does not say how many runs:\n%s", out.String())
	}
	if !strings.Contains(errb.String(), "bench: round 2 of 2, run 24 of 24: 1K peer ") {
		t.Errorf("no progress on stderr: %q", errb.String())
	}
}
