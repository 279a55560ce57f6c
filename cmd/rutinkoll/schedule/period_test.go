package schedule

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rutinkoll/rutinkoll/audit"
)

func TestResolve(t *testing.T) {
	type want struct{ Name, Start, End, Asof string }
	tests := []struct {
		name string
		kind string
		now  string
		days int
		want want
	}{
		{"CurrentMonth", CurrentMonth, "2026-10-15 08:00", 5, want{"2026-10", "2026-10-01", "2026-10-31", "2026-10-15"}},
		{"CurrentMonthLeapFebruary", CurrentMonth, "2028-02-29 23:59", 5, want{"2028-02", "2028-02-01", "2028-02-29", "2028-02-29"}},
		{"PreviousMonthAfterBrytdatum", PreviousMonth, "2026-11-06 06:00", 5, want{"2026-10", "2026-10-01", "2026-10-31", "2026-11-05"}},
		{"PreviousMonthBrytdatumNotAfterToday", PreviousMonth, "2026-11-02 02:30", 5, want{"2026-10", "2026-10-01", "2026-10-31", "2026-11-02"}},
		{"PreviousMonthZeroDays", PreviousMonth, "2026-11-20 02:30", 0, want{"2026-10", "2026-10-01", "2026-10-31", "2026-10-31"}},
		{"PreviousMonthAcrossYearEnd", PreviousMonth, "2027-01-06 06:00", 5, want{"2026-12", "2026-12-01", "2026-12-31", "2027-01-05"}},
		{"PreviousMonthNewYearsDayCapped", PreviousMonth, "2027-01-01 00:00", 5, want{"2026-12", "2026-12-01", "2026-12-31", "2027-01-01"}},
		{"PreviousMonthLeapFebruary", PreviousMonth, "2028-03-10 06:00", 5, want{"2028-02", "2028-02-01", "2028-02-29", "2028-03-05"}},
		{"PreviousMonthCommonFebruary", PreviousMonth, "2027-03-10 06:00", 5, want{"2027-02", "2027-02-01", "2027-02-28", "2027-03-05"}},
		{"PreviousMonthFromMarch31", PreviousMonth, "2026-03-31 06:00", 5, want{"2026-02", "2026-02-01", "2026-02-28", "2026-03-05"}},
		{"PreviousQuarterAcrossYearEnd", PreviousQuarter, "2027-01-15 06:00", 5, want{"2026Q4", "2026-10-01", "2026-12-31", "2027-01-05"}},
		{"PreviousQuarterLastDayOfQ1", PreviousQuarter, "2027-03-31 23:00", 5, want{"2026Q4", "2026-10-01", "2026-12-31", "2027-01-05"}},
		{"PreviousQuarterQ3", PreviousQuarter, "2026-10-06 06:00", 5, want{"2026Q3", "2026-07-01", "2026-09-30", "2026-10-05"}},
		{"PreviousQuarterLeapQ1", PreviousQuarter, "2028-04-02 06:00", 10, want{"2028Q1", "2028-01-01", "2028-03-31", "2028-04-02"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Resolve(tt.kind, at(tt.now), tt.days)
			if err != nil {
				t.Fatal(err)
			}
			got := want{p.Name, p.Start.String(), p.End.String(), p.Asof.String()}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Resolve(%s, %s, %d) (-want +got):\n%s", tt.kind, tt.now, tt.days, diff)
			}
			if p.Kind != tt.kind {
				t.Errorf("Kind = %q", p.Kind)
			}
		})
	}
}

// TestResolveUsesNowsZone checks that the calendar date is read in now's location: at
// 23:30 UTC on 31 October it is already 1 November in Stockholm.
func TestResolveUsesNowsZone(t *testing.T) {
	now := time.Date(2026, time.October, 31, 23, 30, 0, 0, time.UTC)
	j := testJob(t, "", `cron: "@daily"`)
	p, err := j.Resolve(now)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "2026-10" || p.Asof.String() != "2026-11-01" {
		t.Errorf("job in Stockholm at %s: %s", now, p)
	}
	p, _ = Resolve(PreviousMonth, now, 5)
	if p.Name != "2026-09" {
		t.Errorf("UTC at %s: %s", now, p)
	}
}

func TestResolveErrors(t *testing.T) {
	if _, err := Resolve("last-month", at("2026-10-01 00:00"), 5); !errors.Is(err, ErrUnknownPeriod) {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := Resolve(PreviousMonth, at("2026-10-01 00:00"), -1); err == nil {
		t.Error("negative days: no error")
	}
}

func TestPeriodBefore(t *testing.T) {
	oct := Period{Start: audit.MustDate("2026-10-01"), Asof: audit.MustDate("2026-11-02")}
	octLater := Period{Start: audit.MustDate("2026-10-01"), Asof: audit.MustDate("2026-11-05")}
	nov := Period{Start: audit.MustDate("2026-11-01"), Asof: audit.MustDate("2026-11-01")}
	for _, tt := range []struct {
		a, b Period
		want bool
	}{{oct, octLater, true}, {octLater, oct, false}, {octLater, nov, true}, {nov, oct, false}, {oct, oct, false}} {
		if got := tt.a.Before(tt.b); got != tt.want {
			t.Errorf("%v.Before(%v) = %v", tt.a, tt.b, got)
		}
	}
}
