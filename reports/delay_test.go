package reports_test

import (
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
)

// TestCalendarDaysLate: delays in vardagar and in dagar are ranked in calendar days,
// so that an older deadline missed comes first whatever its rule's unit.
func TestCalendarDaysLate(t *testing.T) {
	vardagar, err := audit.ParseDeadline("3 vardagar")
	if err != nil {
		t.Fatal(err)
	}
	dagar, err := audit.ParseDeadline("14 dagar")
	if err != nil {
		t.Fatal(err)
	}
	res := &audit.Result{Asof: audit.MustDate("2026-10-31"), Rules: []*audit.Rule{{ID: "V", Deadline: vardagar}, {ID: "D", Deadline: dagar}}}
	ds := &audit.Dataset{Cases: []audit.Case{audit.Case{}.WithTexts("C1", "", "")}}
	d := audit.MustDate
	tests := []struct {
		name string
		v    audit.Verdict
		want int32
	}{
		{"SenVardagar", audit.Verdict{Rule: 0, Status: audit.Sen, Deadline: d("2025-09-24"), EventDate: d("2026-10-26"), Days: 280}, 397},
		{"SaknasVardagar", audit.Verdict{Rule: 0, Status: audit.Saknas, Deadline: d("2026-10-01"), EventDate: audit.NoDate, Days: 22}, 30},
		{"SenDagar", audit.Verdict{Rule: 1, Status: audit.Sen, Deadline: d("2025-09-30"), EventDate: d("2026-11-05"), Days: 401}, 401},
		{"NoDeadline", audit.Verdict{Rule: 0, Status: audit.Saknas, Deadline: audit.NoDate, Days: 5}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reports.CalendarDaysLate(res, ds, &tt.v); got != tt.want {
				t.Errorf("CalendarDaysLate = %d, want %d", got, tt.want)
			}
		})
	}
}
