package audit

import (
	"encoding/csv"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"
)

// TestHolidayTable checks every holiday of 2020–2030 against the independent table in
// testdata (npm date-holidays cross-checked with python holidays), both ways.
func TestHolidayTable(t *testing.T) {
	f, err := os.Open("../testdata/calendar/holidays-se-2020-2030.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := map[Date]string{}
	for _, r := range rows[1:] {
		want[MustDate(r[0])] = r[2]
	}
	if len(want) != 176 {
		t.Fatalf("table has %d dates, want 176", len(want))
	}
	got := map[Date]string{}
	for y := 2020; y <= 2030; y++ {
		for _, h := range SwedishHolidays(y) {
			got[h.Date] = h.Name
		}
	}
	for d, name := range want {
		if _, ok := got[d]; !ok {
			t.Errorf("%s (%s) is a holiday in the table but not in the calendar", d, name)
		}
	}
	for d, name := range got {
		if _, ok := want[d]; !ok {
			t.Errorf("%s (%s) is a holiday in the calendar but not in the table", d, name)
		}
	}
	// Every day 2020–2030: vardag iff Monday–Friday and not in the table.
	cal := Vardagar()
	for d := MustDate("2020-01-01"); d <= MustDate("2030-12-31"); d++ {
		wd := d.Weekday()
		_, hol := want[d]
		exp := wd != time.Saturday && wd != time.Sunday && !hol
		if cal.IsVardag(d) != exp {
			t.Errorf("%s: IsVardag = %v, want %v", d, cal.IsVardag(d), exp)
		}
	}
}

func TestHolidayRules1900To2100(t *testing.T) {
	for y := 1900; y <= 2100; y++ {
		hs := SwedishHolidays(y)
		names := 0
		for _, h := range hs {
			names += len(strings.Split(h.Name, " / "))
		}
		if names != 16 {
			t.Fatalf("%d: %d holidays, want 16", y, names)
		}
		for _, h := range hs {
			switch h.Name {
			case "midsommardagen":
				if h.Date.Weekday() != time.Saturday || h.Date.Month() != time.June || h.Date.Day() < 20 || h.Date.Day() > 26 {
					t.Errorf("%d: midsommardagen %s not the Saturday 20–26 June", y, h.Date)
				}
			case "midsommarafton":
				if h.Date.Weekday() != time.Friday || h.Date.Day() < 19 || h.Date.Day() > 25 {
					t.Errorf("%d: midsommarafton %s not the Friday 19–25 June", y, h.Date)
				}
			case "alla helgons dag":
				ok := (h.Date.Month() == time.October && h.Date.Day() == 31) || (h.Date.Month() == time.November && h.Date.Day() <= 6)
				if h.Date.Weekday() != time.Saturday || !ok {
					t.Errorf("%d: alla helgons dag %s not the Saturday 31 Oct–6 Nov", y, h.Date)
				}
			case "påskdagen":
				if h.Date.Weekday() != time.Sunday {
					t.Errorf("%d: påskdagen %s not a Sunday", y, h.Date)
				}
			}
		}
	}
}

func TestVardagarCounting(t *testing.T) {
	tests := []struct {
		name  string
		start string
		n     int
		want  string
	}{
		{"AcrossMidsommar", "2026-06-17", 3, "2026-06-23"},
		{"AcrossJulNyar", "2026-12-22", 5, "2027-01-04"},
		{"AcrossPask", "2026-04-02", 1, "2026-04-07"},
		{"AcrossKristiHimmelfard", "2026-05-13", 1, "2026-05-15"},
		{"AcrossMonthEnd", "2026-07-30", 2, "2026-08-03"},
		{"FromSaturday", "2026-03-07", 1, "2026-03-09"},
		{"NationaldagOnSaturday2026", "2026-06-05", 1, "2026-06-08"},
		{"FirstMaj", "2026-04-30", 1, "2026-05-04"},
		{"Trettondagen", "2027-01-05", 1, "2027-01-07"},
		{"Zero", "2026-03-07", 0, "2026-03-07"},
	}
	cal := Vardagar()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := cal.AddVardagar(MustDate(tc.start), tc.n)
			if got != MustDate(tc.want) {
				t.Errorf("%s + %d vardagar = %s, want %s", tc.start, tc.n, got, tc.want)
			}
			if tc.n > 0 {
				if c := cal.VardagarBetween(MustDate(tc.start), got); c != tc.n {
					t.Errorf("VardagarBetween = %d, want %d", c, tc.n)
				}
			}
		})
	}
}

func TestClosedDays(t *testing.T) {
	cal := NewCalendar("test", []Holiday{{MustDate("2026-05-15"), "klämdag"}})
	if cal.IsVardag(MustDate("2026-05-15")) {
		t.Fatal("closed day counted as arbetsdag")
	}
	if got := cal.Why(MustDate("2026-05-15")); got != "klämdag" {
		t.Errorf("Why = %q", got)
	}
	if got := cal.AddVardagar(MustDate("2026-05-13"), 1); got != MustDate("2026-05-18") {
		t.Errorf("2026-05-13 + 1 arbetsdag = %s, want 2026-05-18", got)
	}
	if !Vardagar().IsVardag(MustDate("2026-05-15")) {
		t.Error("closed day leaked into the shared vardag calendar")
	}
}

func TestDateRoundTrip(t *testing.T) {
	for d := MinDate; d <= MaxDate; d += 13 {
		y, m, day := d.Civil()
		if DateOf(y, m, day) != d {
			t.Fatalf("round trip of %d failed", d)
		}
		if want := d.Time().Weekday(); d.Weekday() != want {
			t.Fatalf("%s weekday %v, want %v", d, d.Weekday(), want)
		}
		p, err := ParseDate(d.String())
		if err != nil || p != d {
			t.Fatalf("ParseDate(%s) = %v, %v", d, p, err)
		}
	}
}

func TestParseDateErrors(t *testing.T) {
	for _, s := range []string{"", "2026-13-01", "2026-02-29", "26-02-01", "2026/02/01", "1899-12-31", "2101-01-01", "2026-0a-01"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) gave no error", s)
		}
	}
	if _, err := ParseDate("2024-02-29"); err != nil {
		t.Errorf("leap day rejected: %v", err)
	}
}

// TestDateOfNormalises: DateOf agrees with time.Date for every day number −40…70 of
// every month number −2…15 of leap and common years, and for real dates.
func TestDateOfNormalises(t *testing.T) {
	for _, y := range []int{1900, 1999, 2000, 2024, 2026, 2100} {
		for m := time.Month(-2); m <= 15; m++ {
			for day := -40; day <= 70; day++ {
				want := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
				if got := DateOf(y, m, day); got.Time() != want {
					t.Fatalf("DateOf(%d, %d, %d) = %s, want %s", y, m, day, got, want.Format(time.DateOnly))
				}
			}
		}
	}
}

// vardagarByDay counts the vardagar in (from, to] one day at a time.
func vardagarByDay(c *Calendar, from, to Date) int {
	if to < from {
		return -vardagarByDay(c, to, from)
	}
	n := 0
	for d := from + 1; d <= to; d++ {
		if c.IsVardag(d) {
			n++
		}
	}
	return n
}

// TestVardagarBetweenMatchesDays: counted 64 days at a time, VardagarBetween gives what
// counting day by day gives, for spans within a word, across words and across the
// ends of MinDate..MaxDate, either way round, on a calendar with closed days.
func TestVardagarBetweenMatchesDays(t *testing.T) {
	c := NewCalendar("test", []Holiday{{Date: MustDate("2025-05-02"), Name: "klämdag"}, {Date: MinDate, Name: "först"}, {Date: MaxDate, Name: "sist"}})
	rng := rand.New(rand.NewPCG(9, 23))
	points := []Date{MinDate - 70, MinDate - 1, MinDate, MinDate + 1, MinDate + 63, MinDate + 64, MustDate("2025-05-01"), MustDate("2025-05-02"), MaxDate - 64, MaxDate - 1, MaxDate, MaxDate + 1, MaxDate + 70}
	for i := 0; i < 3000; i++ {
		points = append(points, MinDate-100+Date(rng.IntN(int(MaxDate-MinDate)+200)))
	}
	for i, from := range points {
		for _, to := range []Date{from, from + 1, from + Date(rng.IntN(130)), from - Date(rng.IntN(900)), points[(i*7+3)%len(points)]} {
			if got, want := c.VardagarBetween(from, to), vardagarByDay(c, from, to); got != want {
				t.Fatalf("VardagarBetween(%s, %s) = %d, want %d", from, to, got, want)
			}
		}
	}
}

// TestCalendarBitsEveryDay: every day of MinDate..MaxDate (and a week either side) is a
// vardag exactly when it is no Saturday, Sunday, Swedish holiday or closed day of the
// calendar, on the shared calendar and on one with closed days; and a closed day added
// to one calendar closes it on no other.
func TestCalendarBitsEveryDay(t *testing.T) {
	extra := []Holiday{{Date: MustDate("2025-05-02"), Name: "klämdag"}, {Date: MinDate, Name: "först"}, {Date: MaxDate, Name: "sist"}, {Date: MaxDate + 3, Name: "utanför"}}
	closed := map[Date]bool{}
	for _, h := range extra {
		closed[h.Date] = true
	}
	names := swedishHolidayNames()
	for _, c := range []*Calendar{Vardagar(), NewCalendar("test", extra), Vardagar()} {
		for d := MinDate - 7; d <= MaxDate+7; d++ {
			wd := d.Weekday()
			_, hol := names[d]
			want := wd != time.Saturday && wd != time.Sunday && !hol && !(c.Name() == "test" && closed[d] && d >= MinDate && d <= MaxDate)
			if got := c.IsVardag(d); got != want {
				t.Fatalf("%s: IsVardag(%s) = %v, want %v", c.Name(), d, got, want)
			}
		}
	}
}
