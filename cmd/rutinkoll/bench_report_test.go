package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestWriteBenchReport prints a table from made-up runs: each row must show its own
// file's medians, the time per million events with and without the stage's start (its
// median on the start's file), and the ratios; then the starts and the comparison of
// the smallest and the largest size.
func TestWriteBenchReport(t *testing.T) {
	inputs := []benchInput{
		{name: "10 rows", rows: 10, bytes: 1_000},
		{name: "1M", rows: 1_000_000, bytes: 160_000_000},
		{name: "2M", rows: 2_000_000, bytes: 320_000_000},
	}
	sample := func(wall float64, rss int64) benchSample { return benchSample{wall: wall, cpu: 2 * wall, rss: rss} }
	samples := benchSamples{
		{0, "floor"}:  {sample(0.01, 1024), sample(0.03, 2048), sample(0.02, 1024), sample(0.05, 1024)},
		{1, "floor"}:  {sample(0.05, 10240), sample(0.04, 20480), sample(0.06, 10240)},
		{2, "floor"}:  {sample(0.10, 10240), sample(0.07, 10240), sample(0.08, 30720)},
		{0, "audit"}:  {sample(0.05, 1024), sample(0.04, 1024), sample(0.05, 1024), sample(0.06, 1024)},
		{1, "audit"}:  {sample(0.30, 51200), sample(0.25, 61440), sample(0.35, 51200)},
		{2, "audit"}:  {sample(0.50, 102400), sample(0.45, 102400), sample(0.60, 92160)},
		{0, "peer"}:   {sample(0.10, 1024), sample(0.12, 1024), sample(0.14, 1024), sample(0.16, 1024)},
		{1, "peer"}:   {sample(0.60, 1024), sample(0.60, 1024), sample(0.60, 1024)},
		{2, "peer"}:   {sample(1.00, 1024), sample(1.20, 1024), sample(1.10, 1024)},
		{9, "unused"}: {sample(99, 99)},
	}
	var out bytes.Buffer
	if err := writeBenchReport(&out, inputs, []string{"floor", "peer", "audit"}, samples, "duckdb --runs 1"); err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(line); len(f) >= 8 && (f[0] == "1M" || f[0] == "2M") {
			rows[f[0]+" "+f[2]] = f
		}
	}
	for key, want := range map[string][]string{
		// events MB stage seconds CPU peakMiB perM afterStart ÷floor ÷csv(none) ÷peer
		"1M floor": {"1M", "160", "floor", "0.05", "0.10", "20", "0.050", "0.025"},
		"2M floor": {"2M", "320", "floor", "0.08", "0.16", "30", "0.040", "0.028"},
		"1M peer":  {"1M", "160", "peer", "0.60", "1.20", "1", "0.600", "0.470", "12.00"},
		"2M peer":  {"2M", "320", "peer", "1.10", "2.20", "1", "0.550", "0.485", "13.75"},
		"1M audit": {"1M", "160", "audit", "0.30", "0.60", "60", "0.300", "0.250", "6.00", "0.50"},
		"2M audit": {"2M", "320", "audit", "0.50", "1.00", "100", "0.250", "0.225", "6.25", "0.45"},
	} {
		if got := rows[key]; strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s row\n got  %q\n want %q", key, got, want)
		}
	}
	for _, line := range []string{
		"start (the stage on a file of 10 rows, median of 4 runs): floor 0.025 s; peer 0.130 s; audit 0.050 s;",
		"time per M events after start, 1M against 2M: floor -9 %; peer -3 %; audit +11 %;",
		"peer = duckdb --runs 1 FILE.",
	} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("no line %q in\n%s", line, out.String())
		}
	}
	if !strings.Contains(out.String(), "÷ peer") {
		t.Errorf("no peer column:\n%s", out.String())
	}

	// One size: no comparison; a stage all start: n/a.
	out.Reset()
	if err := writeBenchReport(&out, inputs[:2], []string{"floor"}, benchSamples{{0, "floor"}: {sample(0.2, 1)}, {1, "floor"}: {sample(0.1, 1)}}, ""); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "against") || strings.Contains(out.String(), "÷ peer") || !strings.Contains(out.String(), "10 rows, one run): floor 0.200 s;") {
		t.Errorf("one size, no peer:\n%s", out.String())
	}
	out.Reset()
	two := benchSamples{{0, "floor"}: {sample(0.2, 1)}, {1, "floor"}: {sample(0.1, 1)}, {2, "floor"}: {sample(0.3, 1)}}
	if err := writeBenchReport(&out, inputs, []string{"floor"}, two, ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "1M against 2M: floor n/a (not above the start);") {
		t.Errorf("a size under its start:\n%s", out.String())
	}
}
