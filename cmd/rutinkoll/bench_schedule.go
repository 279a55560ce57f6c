package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
)

// benchRun names the runs of one stage on one file of the bench: file 0 is the start's
// file of startRows rows, file i > 0 the i-th size, smallest first.
type benchRun struct {
	file  int
	stage string
}

// benchJob is one timed run in the bench's schedule.
type benchJob struct {
	round int
	benchRun
}

// benchSchedule returns the bench's timed runs in the order they are made: rounds
// rounds, in each of which every stage runs once on every one of sizes sizes, stage
// after stage, the sizes smallest first in even rounds and largest first in odd ones,
// each size's run right after startPerSize runs of the same stage on the start's file.
//
// The runs of the sizes are interleaved rather than made one size after the other
// because the machine's speed drifts: on the virtual machine of docs/benchmarks.md by
// 15–40 % within minutes, so that runs of the 1M file made in one stretch and of the
// 10M file in another compared the drift more than the sizes. In rounds each size meets
// the same stretches; the start's runs, spread over the round as well, put the same run
// before every size's; and the direction that changes each round evens out a steady
// drift within a round over an even number of rounds (over an odd number the smallest
// size goes first once more than last).
func benchSchedule(sizes int, stages []string, rounds, startPerSize int) []benchJob {
	var jobs []benchJob
	order := make([]int, sizes)
	for i := range order {
		order[i] = i + 1
	}
	for r := range rounds {
		for _, stage := range stages {
			for _, f := range order {
				for range startPerSize {
					jobs = append(jobs, benchJob{round: r, benchRun: benchRun{file: 0, stage: stage}})
				}
				jobs = append(jobs, benchJob{round: r, benchRun: benchRun{file: f, stage: stage}})
			}
		}
		slices.Reverse(order)
	}
	return jobs
}

// startPerSize is how many start runs come before each size's run so that the start,
// the smallest part of every time, is timed at least minStartRuns times in all.
func startPerSize(sizes, rounds int) int {
	const minStartRuns = 5
	return max(1, (minStartRuns+sizes*rounds-1)/(sizes*rounds))
}

// benchInput is one file of the bench: the start's or a size's.
type benchInput struct {
	name  string // as printed: "1M", "10 rows"
	path  string
	rows  int
	bytes int64
}

// benchSample is what one timed run measured.
type benchSample struct {
	wall, cpu float64 // seconds
	rss       int64   // peak, KiB
}

// benchSamples are the runs measured, by stage and file.
type benchSamples map[benchRun][]benchSample

// timeRuns makes the runs of schedule with run, and returns what they measured. Before
// each run, untimed: clearOut (unless nil) removes what an earlier run left that this one
// would replace (deleting the 2 GB of reports a 10M full run wrote took up to 0.7 s of
// the next full run's time), the writes of the runs before it reach the disk
// (flushWrites), and its file is read into the page cache afresh (warmCache). It reports
// each run on progress, and stops at the first error.
func timeRuns(schedule []benchJob, inputs []benchInput, clearOut func(benchJob) error, run func(benchJob) (benchSample, error), progress io.Writer) (benchSamples, error) {
	samples := benchSamples{}
	rounds := 0
	if len(schedule) > 0 {
		rounds = schedule[len(schedule)-1].round + 1
	}
	for i, job := range schedule {
		in := inputs[job.file]
		if clearOut != nil {
			if err := clearOut(job); err != nil {
				return nil, err
			}
		}
		flushWrites()
		if _, err := warmCache(in.path); err != nil {
			return nil, err
		}
		s, err := run(job)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(progress, "bench: round %d of %d, run %d of %d: %s %s %.3f s\n", job.round+1, rounds, i+1, len(schedule), in.name, job.stage, s.wall)
		samples[job.benchRun] = append(samples[job.benchRun], s)
	}
	return samples, nil
}

// summary returns the median wall and CPU seconds of stage's runs on file, and the
// largest peak RSS (KiB) of those runs. There must be at least one.
func (s benchSamples) summary(file int, stage string) (wall, cpu float64, rss int64) {
	var secs, cpus []float64
	for _, x := range s[benchRun{file: file, stage: stage}] {
		secs, cpus = append(secs, x.wall), append(cpus, x.cpu)
		rss = max(rss, x.rss)
	}
	return median(secs), median(cpus), rss
}

// median returns the median of v (of an even number of values, the mean of the middle
// two), sorting v.
func median(v []float64) float64 {
	sort.Float64s(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}
