package canonical

import (
	"fmt"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
)

// agrees fails t unless parseDate accepts s exactly when audit.ParseDate does, with the
// same date.
func agrees(t *testing.T, s string) {
	t.Helper()
	want, err := audit.ParseDate(s)
	got, ok := parseDate([]byte(s))
	if ok != (err == nil) || (ok && got != want) {
		t.Fatalf("parseDate(%q) = %v, %v; audit.ParseDate gives %v, %v", s, got, ok, want, err)
	}
}

func TestParseDateAgreesWithAudit(t *testing.T) {
	// Every day of the accepted range and a week either side, and every day-of-month
	// number (00–39) in every month of some years, leap and not.
	for d := audit.MinDate - 7; d <= audit.MaxDate+7; d++ {
		y, m, day := d.Civil()
		agrees(t, fmt.Sprintf("%04d-%02d-%02d", y, int(m), day))
	}
	for _, y := range []int{1899, 1900, 1904, 2000, 2024, 2026, 2100, 2101, 9999, 0} {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 39; d++ {
				agrees(t, fmt.Sprintf("%04d-%02d-%02d", y, m, d))
			}
		}
	}
	for _, s := range []string{"", "2026-1-01", "2026/01/01", "2026-01-1a", "20260101xx", "2026-01-01 ", " 2026-01-0", "+026-01-01", "2026-+1-01", "２026-01-01"} {
		agrees(t, s)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-02-28", "2024-02-29", "2100-12-31", "1900-01-01", "2026-13-01", "2026-00-10", "abcd-ef-gh"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { agrees(t, s) })
}

// BenchmarkParseDate: the block reader parses two dates a row.
func BenchmarkParseDate(b *testing.B) {
	var dates [][]byte
	for d := audit.MustDate("2024-01-01"); d < audit.MustDate("2026-01-01"); d += 7 {
		dates = append(dates, []byte(d.String()))
	}
	b.ResetTimer()
	var sum audit.Date
	for i := 0; b.Loop(); i++ {
		d, _ := parseDate(dates[i%len(dates)])
		sum += d
	}
	if sum == 0 {
		b.Fatal("no dates")
	}
}
