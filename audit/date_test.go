package audit

import (
	"math"
	"testing"
)

// TestMonthTableMatchesAlgorithm: for every date from a year before MinDate to a year
// after MaxDate, the month table gives the year, month and day Hinnant's algorithm
// gives, DateOf gives the date back, and AddMonths the same date as month arithmetic
// on year, month and day, across the table's ends too.
func TestMonthTableMatchesAlgorithm(t *testing.T) {
	// MinDate and MaxDate are made by DateOf, which reads the table: it must be built
	// first (days from 1970-01-01, as Python's datetime counts them).
	if MinDate != -25567 || MaxDate != 47846 || monthStart[0] != MinDate || monthStart[len(monthStart)-2] != MaxDate-30 {
		t.Fatalf("MinDate %d, MaxDate %d, table from %d to %d", MinDate, MaxDate, monthStart[0], monthStart[len(monthStart)-1])
	}
	from, to := MinDate-400, MaxDate+400
	for d := from; d <= to; d++ {
		y, m, day := d.civil()
		if gy, gm, gd := d.Civil(); gy != y || gm != m || gd != day {
			t.Fatalf("%d: Civil %d-%d-%d, want %d-%d-%d", d, gy, gm, gd, y, m, day)
		}
		if got := DateOf(y, m, day); got != d {
			t.Fatalf("DateOf(%d, %d, %d) = %d, want %d", y, m, day, got, d)
		}
		if day > 3 && day < 27 && d%7 != 0 {
			continue // month ends, and a sample of the days between, for AddMonths
		}
		for _, n := range []int{-2413, -25, -13, -12, -11, -1, 0, 1, 2, 11, 12, 13, 24, 25, 2413} {
			if got, want := d.AddMonths(n), d.addMonthsCivil(n); got != want {
				t.Fatalf("%s + %d months = %s, want %s", d, n, got, want)
			}
		}
	}
	if i, ok := monthIndex(MinDate - 1); ok {
		t.Errorf("the day before MinDate has month index %d", i)
	}
	if _, ok := monthIndex(MaxDate); !ok {
		t.Error("MaxDate has no month index")
	}
}

// BenchmarkAddMonths adds a year to dates of the audit's years.
func BenchmarkAddMonths(b *testing.B) {
	d0 := MustDate("2024-01-31")
	var sink Date
	for i := 0; b.Loop(); i++ {
		sink += (d0 + Date(i%700)).AddMonths(12)
	}
	_ = sink
}

// TestLookupDate: LookupDate gives DateOf's date for every real day from MinDate to
// MaxDate, and nothing for days that do not exist or lie outside.
func TestLookupDate(t *testing.T) {
	for d := MinDate; d <= MaxDate; d++ {
		y, m, day := d.civil()
		if got, ok := LookupDate(y, int(m), day); !ok || got != d {
			t.Fatalf("LookupDate(%d, %d, %d) = %d, %v; want %d", y, m, day, got, ok, d)
		}
	}
	for _, c := range [][3]int{{2025, 2, 29}, {2024, 2, 30}, {2025, 4, 31}, {2025, 13, 1}, {2025, 0, 1}, {2025, 1, 0}, {2025, 1, 32}, {1899, 12, 31}, {2101, 1, 1}, {-5, 1, 1}, {math.MaxInt, 1, 1}} {
		if got, ok := LookupDate(c[0], c[1], c[2]); ok || got != NoDate {
			t.Errorf("LookupDate(%d, %d, %d) = %d, %v; want none", c[0], c[1], c[2], got, ok)
		}
	}
}
