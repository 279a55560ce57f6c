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
// rounds, in each of which every stage runs once on every one of files files (on file
// 0, the start's, startPerRound times), stage after stage, going through the files
// smallest first in even rounds and largest first in odd ones.
//
// The runs of the sizes are interleaved rather than made one size after the other
// because the machine's speed drifts: on the virtual machine of docs/benchmarks.md by
// 15–40 % within minutes. Timed one size after the other, the 1M runs fell in one
// stretch and the 10M runs in another, and the cost per event of the two was compared
// across that drift (the 1M file's looked 34–52 % dearer, where runs made in turns
// found it within 15 %). In turns, each round meets the same stretch for every size,
// and the direction that changes each round evens out a steady drift within one.
func benchSchedule(files int, stages []string, rounds, startPerRound int) []benchJob {
	var jobs []benchJob
	order := make([]int, files)
	for i := range order {
		order[i] = i
	}
	for r := range rounds {
		for _, stage := range stages {
			for _, f := range order {
				n := 1
				if f == 0 {
					n = startPerRound
				}
				for range n {
					jobs = append(jobs, benchJob{round: r, benchRun: benchRun{file: f, stage: stage}})
				}
			}
		}
		slices.Reverse(order)
	}
	return jobs
}

// benchInput is one file of the bench: the start's or a size's.
type benchInput struct {
	name, path string
	n          int // rows
}

// benchSample is what one timed run measured.
type benchSample struct {
	wall, cpu float64 // seconds
	rss       int64   // peak, KiB
}

// benchSamples are the runs measured, by stage and file.
type benchSamples map[benchRun][]benchSample

// timeRuns makes the runs of schedule with run, each after reading its file into the
// page cache (warmCache), and returns what they measured. It reports each round and
// run on progress, and stops at the first error.
func timeRuns(schedule []benchJob, inputs []benchInput, rounds int, run func(benchJob) (wall, cpu float64, rss int64, err error), progress io.Writer) (benchSamples, error) {
	samples := benchSamples{}
	for i, job := range schedule {
		if i == 0 || job.round != schedule[i-1].round {
			fmt.Fprintf(progress, "bench: round %d of %d\n", job.round+1, rounds)
		}
		in := inputs[job.file]
		if _, err := warmCache(in.path); err != nil {
			return nil, err
		}
		wall, cpu, rss, err := run(job)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(progress, "bench: %s %s %.3f s\n", in.name, job.stage, wall)
		samples[job.benchRun] = append(samples[job.benchRun], benchSample{wall, cpu, rss})
	}
	return samples, nil
}

// median returns the median wall and CPU seconds of stage's runs on file, and their
// largest peak RSS (KiB). There must be at least one.
func (s benchSamples) median(file int, stage string) (wall, cpu float64, rss int64) {
	var secs, cpus []float64
	for _, x := range s[benchRun{file: file, stage: stage}] {
		secs, cpus = append(secs, x.wall), append(cpus, x.cpu)
		rss = max(rss, x.rss)
	}
	sort.Float64s(secs)
	sort.Float64s(cpus)
	return secs[len(secs)/2], cpus[len(cpus)/2], rss
}
