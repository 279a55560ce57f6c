package main

import (
	"cmp"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rutinkoll/rutinkoll/cmd/rutinkoll/schedule"
)

// TestDescribeRun checks what jobs check says of a coming run: the period and
// brytdatum the scheduler will resolve, whether the brytdatum had to be the run's date,
// and which IVO quarter the run writes and whether it is still preliminary.
func TestDescribeRun(t *testing.T) {
	tests := []struct {
		name, period, kinds string
		days                int
		at                  string // the run, in tz
		want                string
		capped, prelim      bool
		tz                  string // the job's timezone; "" = Europe/Stockholm
	}{
		{"previous month", "previous-month", "[audit]", 5, "2026-12-06 06:00", "2026-12-06 06:00 CET (Sun): period 2026-11, brytdatum 2026-12-05", false, false, ""},
		{"days past the run", "previous-month", "[audit]", 10, "2026-12-06 06:00", "2026-12-06 06:00 CET (Sun): period 2026-11, brytdatum 2026-12-06 (the run's date)", true, false, ""},
		{"ivo mid-quarter", "previous-month", "[audit, ivo]", 5, "2026-12-06 06:00", "2026-12-06 06:00 CET (Sun): period 2026-11, brytdatum 2026-12-05, IVO 2026Q4 (preliminär)", false, true, ""},
		{"ivo after the quarter", "previous-month", "[ivo]", 5, "2027-01-06 06:00", "2027-01-06 06:00 CET (Wed): period 2026-12, brytdatum 2027-01-05, IVO 2026Q4", false, false, ""},
		{"current month", "current-month", "[audit]", 0, "2026-11-20 02:00", "2026-11-20 02:00 CET (Fri): period 2026-11, brytdatum 2026-11-20", false, false, ""},
		{"previous quarter", "previous-quarter", "[ivo]", 5, "2027-01-06 06:00", "2027-01-06 06:00 CET (Wed): period 2026Q4, brytdatum 2027-01-05, IVO 2026Q4", false, false, ""},
		// Preliminary as the IVO report decides it, on the Swedish date: in Stockholm
		// this run is already in the new quarter.
		{"current month, UTC job", "current-month", "[ivo]", 0, "2026-12-31 23:30", "2026-12-31 23:30 UTC (Thu): period 2026-12, brytdatum 2026-12-31, IVO 2026Q4", false, false, "UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			days := ""
			if tt.period != "current-month" {
				days = fmt.Sprintf("    brytdatum_days_after_period_end: %d\n", tt.days)
			}
			tz := cmp.Or(tt.tz, "Europe/Stockholm")
			loc, err := time.LoadLocation(tz)
			if err != nil {
				t.Fatal(err)
			}
			src := "jobs:\n  j:\n    cron: \"0 6 6 * *\"\n    timezone: " + tz + "\n    input: {dir: exports}\n    period: " + tt.period + "\n" + days + "    kinds: " + tt.kinds + "\n    out: \"r/{{.Period}}\"\n"
			jf, err := schedule.ParseJobs("jobs.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			at, err := time.ParseInLocation("2006-01-02 15:04", tt.at, loc)
			if err != nil {
				t.Fatal(err)
			}
			got := describeRun(jf.Job("j"), at.UTC())
			if got.text != tt.want || got.capped != tt.capped || got.preliminary != tt.prelim {
				t.Errorf("got %q capped=%v preliminary=%v\nwant %q capped=%v preliminary=%v", got.text, got.capped, got.preliminary, tt.want, tt.capped, tt.prelim)
			}
		})
	}
}

// TestJobsCheckNotes: jobs check explains a brytdatum cut to the run's date and an IVO
// list written before its quarter has ended, whatever today's date is (a monthly job's
// five next runs always include both).
func TestJobsCheckNotes(t *testing.T) {
	dir := t.TempDir()
	jobs := writeFile(t, dir, "jobs.yaml", "jobs:\n  m:\n    cron: \"0 6 6 * *\"\n    input: {dir: .}\n    period: previous-month\n    brytdatum_days_after_period_end: 10\n    kinds: [audit, ivo]\n    out: \"r/{{.Period}}\"\n")
	code, out, errs := run(t, "jobs", "check", jobs)
	if code != 0 {
		t.Fatalf("jobs check: %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"(the run's date)", "note: brytdatum_days_after_period_end is 10", "(preliminär)", "marked Preliminär"} {
		if !strings.Contains(out, want) {
			t.Errorf("jobs check lacks %q:\n%s", want, out)
		}
	}
}
