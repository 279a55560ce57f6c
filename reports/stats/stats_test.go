package stats_test

import (
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports/reporttest"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

// TestComputeMatchesNaiveCount recounts the fixture's verdicts the slow, obvious way
// and compares every figure.
func TestComputeMatchesNaiveCount(t *testing.T) {
	r := reporttest.Fixture(t, 300)
	s := stats.Compute(r.Dataset, r.Result, stats.Options{MinCases: 10})
	type key struct{ group, rule string }
	perUtf := map[string]*[7]int{}
	perUtfRule := map[key]int{}
	casesOf := map[string]map[int32]bool{}
	var total [7]int
	for _, v := range r.Result.Verdicts {
		c := r.Dataset.Cases[v.Case]
		u := c.Utforare
		if u == "" {
			u = "(okänd)"
		}
		if perUtf[u] == nil {
			perUtf[u] = &[7]int{}
			casesOf[u] = map[int32]bool{}
		}
		perUtf[u][v.Status]++
		perUtfRule[key{u, r.Result.Rules[v.Rule].ID}]++
		total[v.Status]++
		if v.Status != audit.EjTillamplig {
			casesOf[u][v.Case] = true
		}
	}
	if s.Total.By != total {
		t.Errorf("total %v, want %v", s.Total.By, total)
	}
	if len(s.Utforare) != len(perUtf) {
		t.Fatalf("%d utförare, want %d", len(s.Utforare), len(perUtf))
	}
	for _, g := range s.Utforare {
		if g.By != *perUtf[g.Name] || g.Cases != len(casesOf[g.Name]) || g.Small != (g.Cases < 10) {
			t.Errorf("%s: %v cases %d small %v; want %v cases %d", g.Name, g.By, g.Cases, g.Small, *perUtf[g.Name], len(casesOf[g.Name]))
		}
		for id, rc := range g.Rules {
			if rc.Total != perUtfRule[key{g.Name, id}] {
				t.Errorf("%s %s: %d, want %d", g.Name, id, rc.Total, perUtfRule[key{g.Name, id}])
			}
		}
	}
	for i := 1; i < len(s.Utforare); i++ {
		a, oka := s.Utforare[i-1].Rate()
		b, okb := s.Utforare[i].Rate()
		if oka && okb && a < b {
			t.Errorf("utförare not sorted by compliance: %s %.3f before %s %.3f", s.Utforare[i-1].Name, a, s.Utforare[i].Name, b)
		}
	}
	if med, p90, ok := s.Rules[0].LeadTimes(); ok && med > p90 {
		t.Errorf("median %d above p90 %d", med, p90)
	}
}
