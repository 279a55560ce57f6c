package reports_test

import (
	"slices"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
)

// TestClosedDaysNameTheirRoutine: a day every routine skips (the municipality's
// calendar file) is listed plainly; a day from one routine file's own calendar says so.
func TestClosedDaysNameTheirRoutine(t *testing.T) {
	kommun := audit.Holiday{Date: audit.MustDate("2026-05-15"), Name: "klämdag"}
	own := audit.Holiday{Date: audit.MustDate("2026-01-05"), Name: "trettondagsafton"}
	a := &audit.Routine{ID: "a", Calendars: audit.Calendars{Arbetsdag: audit.NewCalendar("a", []audit.Holiday{kommun, own})}}
	b := &audit.Routine{ID: "b", Calendars: audit.Calendars{Arbetsdag: audit.NewCalendar("b", []audit.Holiday{kommun})}}
	var got []string
	for _, h := range reports.ClosedDays([]*audit.Routine{a, b}) {
		got = append(got, h.Date.String()+" "+reports.ClosedDayName(reports.LabelsFor("sv"), h))
	}
	want := []string{"2026-01-05 trettondagsafton (endast rutinen a)", "2026-05-15 klämdag"}
	if !slices.Equal(got, want) {
		t.Errorf("%q, want %q", got, want)
	}
}
