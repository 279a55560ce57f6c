package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/canonical"
	"github.com/rutinkoll/rutinkoll/importers/generate"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

// TestMain lets the test binary stand in for rutinkoll when `bench` starts its timed
// stages as child processes of os.Executable().
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "bench-stage" {
		os.Exit(Run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestBenchCommand runs `bench` on a small generated file: it must write the file with
// exactly the rows asked for, and print one row per stage with wall and CPU seconds,
// peak memory, time per million events (also after the stage's start, timed on a file
// of ten rows) and the ratios to the read floor and csv, then the starts and how much
// more a million events cost at the smallest size than at the largest.
func TestBenchCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dir := t.TempDir()
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"bench", "--sizes", "3K,2K", "--runs", "1", "--dir", dir, "--stages", "floor,csv,import,audit,full"}, &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	data, err := os.ReadFile(filepath.Join(dir, "events-3000-rows-v2.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if rows := bytes.Count(data, []byte{'\n'}) - 1; rows != 3000 {
		t.Errorf("generated file has %d rows, want 3000", rows)
	}
	// The file has å ä ö and some quoted fields with commas.
	if quoted := regexp.MustCompile(`;"[^";]*,[^";]*";`).FindAll(data, -1); len(quoted) < 100 || !bytes.Contains(data, []byte("ä")) {
		t.Errorf("generated file has %d quoted fields with a comma, want at least 100 (and å ä ö)", len(quoted))
	}
	stages := map[string][]string{}
	var order []string // the sizes of the table's rows, smallest first whatever --sizes says
	for _, line := range strings.Split(out.String(), "\n") {
		f := strings.Fields(line)
		if len(f) >= 7 && (f[0] == "2K" || f[0] == "3K") && (len(order) == 0 || order[len(order)-1] != f[0]) {
			order = append(order, f[0])
		}
		if len(f) >= 7 && f[0] == "3K" {
			stages[f[2]] = f
		}
	}
	if !slices.Equal(order, []string{"2K", "3K"}) {
		t.Errorf("rows by size %v, want 2K then 3K", order)
	}
	for _, st := range []string{"floor", "csv", "import", "audit", "full"} {
		f, ok := stages[st]
		if !ok {
			t.Fatalf("no row for stage %s in:\n%s", st, out.String())
		}
		for i, name := range []string{"seconds", "CPU s", "peak RSS MiB", "s per M events", "after start"} {
			v, err := strconv.ParseFloat(f[3+i], 64)
			// After start may be below zero: at 3K events a stage is all start.
			if err != nil || v < 0 && name != "after start" {
				t.Errorf("%s: %s %q is not a number", st, name, f[3+i])
			}
		}
		if rss, _ := strconv.Atoi(f[5]); rss <= 0 && rssMeasured {
			t.Errorf("%s: peak RSS %q", st, f[5])
		}
		// Every stage after the floor is compared with it, and those after csv with csv.
		if want := map[string]int{"floor": 8, "csv": 9, "import": 10, "audit": 10, "full": 10}[st]; len(f) != want {
			t.Errorf("%s: %d columns, want %d: %q", st, len(f), want, f)
		}
	}
	if !regexp.MustCompile(`start \(the stage on a file of 10 rows, median of 6 runs\): floor [0-9.]+ s; csv [0-9.]+ s; import [0-9.]+ s; audit [0-9.]+ s; full [0-9.]+ s;`).MatchString(out.String()) {
		t.Errorf("no line of the stages' starts:\n%s", out.String())
	}
	if !regexp.MustCompile(`time per M events after start, 2K against 3K: floor ([-+][0-9]+ %|n/a \(not above the start\));.* full ([-+][0-9]+ %|n/a \(not above the start\));`).MatchString(out.String()) {
		t.Errorf("no line comparing the sizes:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "go1") || !strings.Contains(out.String(), ", one run, the sizes in turns, rows by case") {
		t.Errorf("heading does not say one run, rows by case:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "seconds per GiB written for the first time") {
		t.Errorf("no memory first-touch line:\n%s", out.String())
	}
	// The full stage wrote real reports.
	for _, name := range []string{"verdicts.csv", "rapport.xlsx", "rapport.pdf"} {
		if fi, err := os.Stat(filepath.Join(dir, "out-full", name)); err != nil || fi.Size() == 0 {
			t.Errorf("full stage did not write %s: %v", name, err)
		}
	}
}

// TestBenchOrderDate: with --order date the stages run on the generated file sorted by
// its date column — the same rows, their dates in order, each case's rows apart — and
// the heading says so.
func TestBenchOrderDate(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dir := t.TempDir()
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"bench", "--sizes", "2K", "--runs", "1", "--dir", dir, "--stages", "import,audit", "--order", "date"}, &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	grouped, err := os.ReadFile(filepath.Join(dir, "events-2000-rows-v2.csv"))
	if err != nil {
		t.Fatal(err)
	}
	sorted, err := os.ReadFile(filepath.Join(dir, "events-2000-rows-v2-by-date.csv"))
	if err != nil {
		t.Fatal(err)
	}
	g, s := strings.Split(string(grouped), "\n"), strings.Split(string(sorted), "\n")
	if g[0] != s[0] {
		t.Errorf("header %q, want %q", s[0], g[0])
	}
	gs, ss := slices.Clone(g[1:]), slices.Clone(s[1:])
	slices.Sort(gs)
	slices.Sort(ss)
	if !slices.Equal(gs, ss) {
		t.Fatal("the sorted file does not hold the generated file's rows")
	}
	col := slices.Index(strings.Split(s[0], ";"), "date")
	prev, moved := "", 0
	for i, row := range s[1:] {
		if row == "" {
			continue
		}
		f := strings.Split(row, ";") // the generator quotes values with commas, never semicolons
		if f[col] < prev {
			t.Fatalf("row %d: date %s after %s", i+2, f[col], prev)
		}
		prev = f[col]
		if row != g[i+1] {
			moved++
		}
	}
	if moved < len(s)/2 {
		t.Errorf("only %d of %d rows moved: not spread by date", moved, len(s)-1)
	}
	if !strings.Contains(out.String(), "rows by date") || !regexp.MustCompile(`(?m)^\s+2K\s+\d+\s+audit\s`).MatchString(out.String()) {
		t.Errorf("no heading with the order, or no audit row:\n%s", out.String())
	}
}

// TestBenchPeer times a peer command on the same file: its row comes after csv, and
// the stages after it get a ratio to it. A peer that cannot be found is a usage error.
func TestBenchPeer(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	wc, err := exec.LookPath("wc")
	if err != nil {
		t.Skip("no wc to stand in for a peer")
	}
	dir := t.TempDir()
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"bench", "--sizes", "2K", "--runs", "1", "--dir", dir, "--stages", "floor,import", "--peer", wc + " -l"}, &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	var order []string
	cols := map[string]int{}
	for _, line := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(line); len(f) >= 7 && f[0] == "2K" {
			order = append(order, f[2])
			cols[f[2]] = len(f)
		}
	}
	if !slices.Equal(order, []string{"floor", "peer", "import"}) {
		t.Fatalf("stages %q, want floor, peer, import:\n%s", order, out.String())
	}
	// floor: no ratio; peer: ÷ floor; import: ÷ floor and ÷ peer (no csv stage ran).
	if cols["floor"] != 8 || cols["peer"] != 9 || cols["import"] != 10 {
		t.Errorf("columns %v:\n%s", cols, out.String())
	}
	if !strings.Contains(out.String(), "÷ peer") || !strings.Contains(out.String(), "peer = "+wc+" -l FILE") {
		t.Errorf("no peer column or legend:\n%s", out.String())
	}

	out.Reset()
	errb.Reset()
	code = Run(context.Background(), []string{"bench", "--sizes", "2K", "--runs", "1", "--dir", dir, "--stages", "floor", "--peer", filepath.Join(dir, "no-such-peer")}, &out, &errb)
	if code != exitFailure || !strings.Contains(errb.String(), "--peer") || !strings.Contains(errb.String(), "cmd/peerbench") {
		t.Errorf("missing peer: exit %d, stderr %q", code, errb.String())
	}
}

// TestBenchUsage checks that bad flags are refused before any file is generated.
func TestBenchUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no runs", []string{"--runs", "0"}, "--runs 0: give 1 or more runs per stage"},
		{"negative runs", []string{"--runs", "-2"}, "--runs -2: give 1 or more runs per stage"},
		{"bad size", []string{"--sizes", "1M,lots"}, "--sizes"},
		{"bad order", []string{"--order", "datum"}, `--order "datum": give case or date`},
		{"unknown stage", []string{"--stages", "floor,audti"}, `--stages: unknown stage "audti"; give some of floor,csv,import,audit,full`},
		{"no stage", []string{"--stages", ""}, `--stages: unknown stage ""`},
		{"peer stage without peer", []string{"--stages", "floor,peer"}, "--stages: the peer stage needs --peer COMMAND"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var out, errb bytes.Buffer
			code := Run(context.Background(), append([]string{"bench", "--dir", dir}, tc.args...), &out, &errb)
			if code != exitFailure || !strings.Contains(errb.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errb.String(), exitFailure, tc.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("files written before the flags were checked: %v", entries)
			}
		})
	}
}

// BenchmarkImportAndJudge imports a generated canonical file of 300,000 rows (as
// `rutinkoll bench` makes them) and judges it against every shipped routine as the
// audit command does (counted while judged, the listed verdicts kept), on one worker
// and on every core. Run in one process, its memory is reused from the second round on:
// it measures the CPU work, without the first touch of fresh memory that the bench
// command's child processes pay. Reports ns per row for each phase.
func BenchmarkImportAndJudge(b *testing.B) {
	var data bytes.Buffer
	if err := generate.Write(&data, generate.Options{Cases: 30001, Seed: 42, From: audit.MustDate("2025-01-01"), To: audit.MustDate("2026-10-31"), MaxRows: 300_000, Commas: true}); err != nil {
		b.Fatal(err)
	}
	vocab := audit.NewVocabulary()
	var ro routineOptions
	rts, err := ro.load(vocab)
	if err != nil {
		b.Fatal(err)
	}
	const rows = 300_000
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			var importNs, judgeNs time.Duration
			for b.Loop() {
				t := time.Now()
				bld := canonical.NewBuilder(vocab)
				if err := bld.ReadFileAt("events.csv", bytes.NewReader(data.Bytes()), int64(data.Len()), workers); err != nil {
					b.Fatal(err)
				}
				ds := bld.Dataset()
				importNs += time.Since(t)
				t = time.Now()
				res, s := stats.Judge(ds, rts, audit.Options{Asof: audit.MustDate("2026-10-31"), Workers: workers}, reports.Listed, stats.Options{})
				judgeNs += time.Since(t)
				if len(res.Verdicts) == 0 || s.Total.Total == 0 {
					b.Fatal("nothing judged")
				}
			}
			b.ReportMetric(float64(importNs.Nanoseconds())/float64(b.N)/rows, "import-ns/row")
			b.ReportMetric(float64(judgeNs.Nanoseconds())/float64(b.N)/rows, "judge-ns/row")
		})
	}
}
