package csvout_test

import (
	"io"
	"testing"

	"github.com/rutinkoll/rutinkoll/reports/csvout"
	"github.com/rutinkoll/rutinkoll/reports/reporttest"
)

// BenchmarkWriteVerdicts writes verdicts.csv for a million verdicts (two per case).
func BenchmarkWriteVerdicts(b *testing.B) {
	r := reporttest.Large(b, 1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		if err := csvout.WriteVerdicts(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(r.Result.Verdicts)), "ns/verdict")
}
