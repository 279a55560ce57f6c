package pdf

import (
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

// TestWorstRulesPutSmallLast: a rule judged a handful of times does not head the
// weakest steps on a rate that says little; it is listed only when too few others are.
func TestWorstRulesPutSmallLast(t *testing.T) {
	rule := func(id string, iTid, sen int) stats.RuleStats {
		rs := stats.RuleStats{Rule: &audit.Rule{ID: id}}
		rs.By[audit.ITid], rs.By[audit.Sen] = iTid, sen
		rs.Total = iTid + sen
		return rs
	}
	rules := []stats.RuleStats{
		rule("SMALL", 0, 4),  // 0 % of 4
		rule("A", 50, 50),    // 50 % of 100
		rule("B", 30, 20),    // 60 % of 50
		rule("C", 27, 3),     // 90 % of 30
		rule("NONE", 0, 0),   // nothing judged
		rule("SMALL2", 1, 1), // 50 % of 2
	}
	ids := func(rs []*stats.RuleStats) string {
		s := ""
		for _, r := range rs {
			s += r.Rule.ID + " "
		}
		return s
	}
	tests := []struct {
		n, min int
		want   string
	}{
		{3, 20, "A B C "},
		{5, 20, "A B C SMALL SMALL2 "},
		{3, 40, "A B SMALL "},
		{3, 0, "SMALL A SMALL2 "},
	}
	for _, tt := range tests {
		if got := ids(worstRules(rules, tt.n, tt.min)); got != tt.want {
			t.Errorf("n=%d min=%d: %q, want %q", tt.n, tt.min, got, tt.want)
		}
	}
}
