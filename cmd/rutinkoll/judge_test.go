package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/generate"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

// TestListedOnlyWritesTheSameReports: an audit that counts its verdicts while they are
// judged and keeps only those the reports list (as the audit command does) writes every
// output byte for byte as one that keeps every verdict and counts them afterwards,
// for the whole span and for one month, over several chunks of cases; verdicts.csv then
// judges the cases again.
func TestListedOnlyWritesTheSameReports(t *testing.T) {
	var data bytes.Buffer
	if err := generate.Write(&data, generate.Options{Cases: 9000, Seed: 7, From: audit.MustDate("2025-01-01"), To: audit.MustDate("2026-10-31")}); err != nil {
		t.Fatal(err)
	}
	vocab := audit.NewVocabulary()
	var ro routineOptions
	rts, err := ro.load(vocab)
	if err != nil {
		t.Fatal(err)
	}
	in, err := readInputs([]namedInput{bytesInput("events.csv", data.Bytes())}, vocab, discardLogger(), importOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ds, asof := in.dataset, audit.MustDate("2026-10-31")
	if len(ds.Cases) < 8000 {
		t.Fatalf("%d cases: too few for several chunks", len(ds.Cases))
	}
	for _, period := range []string{"", "2026-05"} {
		report := func(res *audit.Result, s *stats.Summary) *reports.Report {
			return &reports.Report{Title: "t", Period: period, Asof: asof, GeneratedAt: time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC),
				Lang: "sv", Inputs: in.stats, Rejected: in.rejected, Routines: rts, Vocabulary: vocab, Dataset: ds, Result: res, Summary: s}
		}
		opt := audit.Options{Asof: asof}
		full := audit.Evaluate(ds, rts, opt)
		if period != "" {
			opt.Select = func(v *audit.Verdict) bool { return v.Attribute(ds).Period() == period }
			full = full.Filter(opt.Select)
		}
		kept, summary := stats.Judge(ds, rts, opt, reports.Listed, stats.Options{})
		if len(kept.Verdicts) == 0 || len(kept.Verdicts)*3 > len(full.Verdicts) {
			t.Fatalf("period %q: kept %d of %d verdicts", period, len(kept.Verdicts), len(full.Verdicts))
		}
		a, b := t.TempDir(), t.TempDir()
		if _, err := writeOutputs(a, outputs(outputNames{}), report(full, stats.Compute(ds, full, stats.Options{}))); err != nil {
			t.Fatal(err)
		}
		if _, err := writeOutputs(b, outputs(outputNames{}), report(kept, summary)); err != nil {
			t.Fatal(err)
		}
		for _, o := range outputs(outputNames{}) {
			want, err := os.ReadFile(filepath.Join(a, o.name))
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(b, o.name))
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(o.name, ".xlsx") {
				// The zip's entries come in no fixed order (excelize keeps its parts
				// in a sync.Map): compare each part's content.
				got, want = unzipText(t, got), unzipText(t, want)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("period %q: %s differs (%d bytes, want %d)", period, o.name, len(got), len(want))
			}
		}
	}
}
