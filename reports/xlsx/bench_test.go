package xlsx_test

import (
	"io"
	"testing"

	"github.com/rutinkoll/rutinkoll/reports/reporttest"
	"github.com/rutinkoll/rutinkoll/reports/xlsx"
)

// BenchmarkXLSXMillionDeviations writes a workbook whose Avvikelser sheet holds a
// million rows (the report is built once, outside the timing). Measure peak memory
// with: go test -c -o xlsx.test && /usr/bin/time -v ./xlsx.test -test.run '^$'
// -test.bench XLSXMillion -test.benchtime 1x -test.benchmem
func BenchmarkXLSXMillionDeviations(b *testing.B) {
	r := reporttest.Large(b, 1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		if err := xlsx.Write(io.Discard, r, xlsx.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
