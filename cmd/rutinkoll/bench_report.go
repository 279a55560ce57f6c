package main

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// writeBenchReport prints the bench's table: for each size (inputs[1:], smallest first)
// and stage, the median seconds and CPU seconds, the largest peak RSS, the seconds per
// million events with and without the stage's start (its median on inputs[0]), and the
// ratios to the floor, csv and peer stages of the same size; then the starts, and how
// the time per million events after the start at the smallest size compares with that
// at the largest. peer is the peer command as given, "" for none.
func writeBenchReport(w io.Writer, inputs []benchInput, stages []string, samples benchSamples, peer string) error {
	start := map[string]float64{}
	nStart := 0
	for _, stage := range stages {
		start[stage], _, _ = samples.summary(0, stage)
		nStart = len(samples[benchRun{0, stage}])
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := "events\tMB\tstage\tseconds\tCPU s\tpeak RSS MiB\ts per M events\tafter start\t÷ floor\t÷ csv\t"
	if peer != "" {
		header += "÷ peer\t"
	}
	fmt.Fprintln(tw, header)
	perM := map[string][]float64{} // stage: seconds per M events after start, by size
	for file := 1; file < len(inputs); file++ {
		in := inputs[file]
		times := map[string]float64{}
		for _, stage := range stages {
			med, cpu, rss := samples.summary(file, stage)
			times[stage] = med
			ratio := func(base string) string {
				if b, ok := times[base]; ok && b > 0 && stage != base {
					return fmt.Sprintf("%.2f", med/b)
				}
				return ""
			}
			m := float64(in.rows) / 1e6
			after := (med - start[stage]) / m
			perM[stage] = append(perM[stage], after)
			row := fmt.Sprintf("%s\t%.0f\t%s\t%.2f\t%.2f\t%d\t%.3f\t%.3f\t%s\t%s\t", in.name, float64(in.bytes)/1e6, stage, med, cpu, rss/1024, med/m, after, ratio("floor"), ratio("csv"))
			if peer != "" {
				row += ratio("peer") + "\t"
			}
			fmt.Fprintln(tw, row)
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	fmt.Fprintf(w, "\nstart (the stage on a file of %d rows, %s):", inputs[0].rows, medianOf(nStart))
	for _, stage := range stages {
		fmt.Fprintf(w, " %s %.3f s;", stage, start[stage])
	}
	fmt.Fprintln(w)
	if len(inputs) > 2 {
		fmt.Fprintf(w, "time per M events after start, %s against %s:", inputs[1].name, inputs[len(inputs)-1].name)
		for _, stage := range stages {
			v := perM[stage]
			if first, last := v[0], v[len(v)-1]; first > 0 && last > 0 {
				fmt.Fprintf(w, " %s %+.0f %%;", stage, 100*(first/last-1))
			} else {
				// On small files the start can be most of the time, and noise more.
				fmt.Fprintf(w, " %s n/a (not above the start);", stage)
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "\nStages: floor = read the bytes; csv = encoding/csv records; import = canonical reader into cases;")
	fmt.Fprintln(w, "audit = import + every shipped routine + aggregates; full = the audit command writing every output.")
	if peer != "" {
		fmt.Fprintf(w, "peer = %s FILE.\n", peer)
	}
	fmt.Fprintln(w, "seconds = wall time; CPU s = user + system time of all threads (at most GOMAXPROCS times the seconds).")
	_, err := fmt.Fprintln(w, "s per M events = seconds ÷ millions of events; after start = (seconds − the stage's start) ÷ millions of events.")
	return err
}

// medianOf says what a reported time is: the median of n runs, or the time of the one run.
func medianOf(n int) string {
	if n == 1 {
		return "one run"
	}
	return fmt.Sprintf("median of %d runs", n)
}
