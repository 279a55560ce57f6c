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
	a := &audit.Routine{ID: "a", Calendars: audit.Calendars{Arbetsdag: audit.NewCalendar("a", []audit.Holiday{kommun, own}), Own: []audit.Date{own.Date}}}
	b := &audit.Routine{ID: "b", Calendars: audit.Calendars{Arbetsdag: audit.NewCalendar("b", []audit.Holiday{kommun})}}
	for _, tc := range []struct {
		name string
		rts  []*audit.Routine
		want []string
	}{
		{"two routines", []*audit.Routine{a, b}, []string{"2026-01-05 trettondagsafton (endast rutinen a)", "2026-05-15 klämdag"}},
		// With one routine loaded its own day is still its own, not the kommun's.
		{"one routine", []*audit.Routine{a}, []string{"2026-01-05 trettondagsafton (endast rutinen a)", "2026-05-15 klämdag"}},
		{"no own days", []*audit.Routine{b}, []string{"2026-05-15 klämdag"}},
	} {
		var got []string
		for _, h := range reports.ClosedDays(tc.rts) {
			got = append(got, h.Date.String()+" "+reports.ClosedDayName(reports.LabelsFor("sv"), h))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
