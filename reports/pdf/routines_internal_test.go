package pdf

import (
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

// TestIdleRoutines: a routine is left out rule by rule only when every verdict of its
// rules is ej tillämplig; one with a datafel, a judged or a pending verdict is shown.
func TestIdleRoutines(t *testing.T) {
	counts := func(by map[audit.Status]int) stats.Counts {
		var c stats.Counts
		for s, n := range by {
			c.By[s] = n
			c.Total += n
		}
		return c
	}
	tests := []struct {
		name string
		by   map[audit.Status]int
		idle bool
	}{
		{"no verdict", nil, true},
		{"only ej tillämplig", map[audit.Status]int{audit.EjTillamplig: 40}, true},
		{"a datafel", map[audit.Status]int{audit.EjTillamplig: 40, audit.Datafel: 1}, false},
		{"a pågående", map[audit.Status]int{audit.EjTillamplig: 40, audit.Pagaende: 1}, false},
		{"judged", map[audit.Status]int{audit.ITid: 3}, false},
	}
	for _, tt := range tests {
		rt := &audit.Routine{ID: "r", Title: "R"}
		rule := &audit.Rule{ID: "R-01", Routine: rt}
		rt.Rules = []*audit.Rule{rule}
		d := &doc{r: &reports.Report{Routines: []*audit.Routine{rt}, Summary: &stats.Summary{
			Rules: []stats.RuleStats{{Rule: rule, Counts: counts(tt.by)}},
		}}}
		if got := d.idleRoutines()[rt]; got != tt.idle {
			t.Errorf("%s: idle %v, want %v", tt.name, got, tt.idle)
		}
		if shown := len(d.shownRoutines()) == 1; shown == tt.idle {
			t.Errorf("%s: shown %v", tt.name, shown)
		}
	}
}
