package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// demoUtforare are the utförare of the demo data set.
var demoUtforare = []string{"Attendo Hemtjänst Åkersberga", "Hemtjänst Öst (egen regi)", "Hemtjänst Väst (egen regi)",
	"Omsorgshuset Älvsjö AB", "Vardaga Hemtjänst", "Nordic Care Örby", "Brunnsgårdens vård- och omsorgsboende",
	"Ekängens äldreboende", "Solrosens vård- och omsorgsboende", "Boendestöd Solna (egen regi)",
	"Stöd & Omsorg i Solna AB", "Mälardalens Boendestöd"}

func trendArgs(in, out string, extra ...string) []string {
	return append([]string{"--from", "2026-01", "--to", "2026-10", "--asof", "2026-11-05", "--input", in, "--out", out,
		"--municipality", "Exempelkommunen", "--generated-at", "2026-11-06T07:00:00Z"}, extra...)
}

func TestTrendCommandDeterministic(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "demo.csv", string(demoEvents))
	out := filepath.Join(dir, "out")
	var first [][]byte
	for run := 0; run < 2; run++ {
		code, stdout, stderr := runSub(t, runTrend, trendArgs(in, out)...)
		// The demo data has rejected rows: exit 1, with the report written.
		if code != exitFindings {
			t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
		}
		if !strings.Contains(stdout, "Trend 2026-01 – 2026-10: 12 utförare") {
			t.Errorf("summary:\n%s", stdout)
		}
		for i, name := range []string{"trend.xlsx", "trend.pdf"} {
			b, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			if run == 0 {
				first = append(first, b)
			} else if !bytes.Equal(first[i], b) {
				t.Errorf("%s differs between two runs", name)
			}
		}
	}
}

// TestTrendExtractNamesNoOther runs the extract of each demo utförare and greps both
// outputs for every other name.
func TestTrendExtractNamesNoOther(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "demo.csv", string(demoEvents))
	_, err := exec.LookPath("pdftotext")
	for i, name := range demoUtforare {
		out := filepath.Join(dir, "x", string(rune('a'+i)))
		code, stdout, stderr := runSub(t, runTrend, trendArgs(in, out, "--utforare", name)...)
		if code != exitFindings || !strings.Contains(stdout, "extract for "+name+" against 11 others") {
			t.Fatalf("%s: exit %d\n%s\n%s", name, code, stdout, stderr)
		}
		texts := []string{unzipAll(t, filepath.Join(out, "trend.xlsx"))}
		if err == nil {
			pdf, _ := exec.Command("pdftotext", filepath.Join(out, "trend.pdf"), "-").Output()
			texts = append(texts, string(pdf))
		}
		for _, text := range texts {
			for _, other := range demoUtforare {
				esc := strings.ReplaceAll(other, "&", "&amp;")
				if other != name && (strings.Contains(text, other) || strings.Contains(text, esc)) {
					t.Errorf("extract for %s names %s", name, other)
				}
			}
		}
	}
}

func unzipAll(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(unzipText(t, data))
}

// TestTrendFromMonthlyVerdicts audits each month with `rutinkoll audit --period`, feeds
// the verdicts.csv files to trend, and checks that the municipality average rests on
// the same judged verdicts as the recomputed trend: the months add up.
func TestTrendFromMonthlyVerdicts(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "demo.csv", string(demoEvents))
	var files []string
	for m := 1; m <= 10; m++ {
		period := "2026-" + string(rune('0'+m/10)) + string(rune('0'+m%10))
		out := filepath.Join(dir, period)
		if code, o, e := run(t, "audit", "--input", in, "--asof", "2026-11-05", "--period", period, "--out", out); code == exitFailure {
			t.Fatalf("audit %s: %s %s", period, o, e)
		}
		files = append(files, filepath.Join(out, "verdicts.csv"))
	}
	_, recomputed, _ := runSub(t, runTrend, trendArgs(in, filepath.Join(dir, "r"))...)
	code, fromFiles, stderr := runSub(t, runTrend, "--from", "2026-01", "--to", "2026-10", "--verdicts", strings.Join(files, ","),
		"--out", filepath.Join(dir, "f"))
	if code != exitOK {
		t.Fatalf("trend --verdicts: exit %d\n%s\n%s", code, fromFiles, stderr)
	}
	avg := regexp.MustCompile(`average [0-9.]+ % of \d+ judged`)
	a, b := avg.FindString(recomputed), avg.FindString(fromFiles)
	if a == "" || a != b {
		t.Errorf("recomputed %q, from monthly verdicts.csv %q", a, b)
	}
}

func TestTrendUsageErrors(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "demo.csv", string(demoEvents))
	out := filepath.Join(dir, "out")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"NoMonths", []string{"--input", in, "--asof", "2026-11-05", "--out", out}, "--from YYYY-MM and --to YYYY-MM are required"},
		{"BadMonth", []string{"--from", "2026-13", "--to", "2026-10", "--input", in, "--asof", "2026-11-05", "--out", out}, `invalid month "2026-13"`},
		{"Reversed", []string{"--from", "2026-10", "--to", "2026-01", "--input", in, "--asof", "2026-11-05", "--out", out}, "is after --to"},
		{"NoAsof", []string{"--from", "2026-01", "--to", "2026-10", "--input", in, "--out", out}, "--asof YYYY-MM-DD"},
		{"Both", []string{"--from", "2026-01", "--to", "2026-10", "--input", in, "--verdicts", in, "--out", out}, "not both"},
		{"UnknownUtforare", trendArgs(in, out, "--utforare", "Vardaga Hemtjanst"), `did you mean "Vardaga Hemtjänst"?`},
		{"NotVerdicts", []string{"--from", "2026-01", "--to", "2026-10", "--verdicts", in, "--out", out}, "not a verdicts.csv"},
		{"BadMinN", trendArgs(in, out, "--min-n", "0"), "--min-n 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runSub(t, runTrend, tt.args...)
			if code != exitFailure || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, errs, tt.want)
			}
		})
	}
}
