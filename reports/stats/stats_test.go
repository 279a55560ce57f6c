package stats_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
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
		total[v.Status]++
		if !stats.ResponsibleIs(r.Result.Rules[v.Rule].Responsible, stats.UtforareRoles) {
			continue // per utförare, only the utförare's own steps
		}
		u := c.Utforare.String()
		if u == "" {
			u = "(okänd)"
		}
		if c.Flags&audit.FlagSkyddad != 0 {
			u = stats.ProtectedGroup
		}
		if perUtf[u] == nil {
			perUtf[u] = &[7]int{}
			casesOf[u] = map[int32]bool{}
		}
		perUtf[u][v.Status]++
		perUtfRule[key{u, r.Result.Rules[v.Rule].ID}]++
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
	if len(s.UtforareRules) == 0 || len(s.UtforareRules) == len(r.Result.Rules) {
		t.Errorf("%d of %d rules counted per utförare: the fixture must have both kinds", len(s.UtforareRules), len(r.Result.Rules))
	}
	for i := 1; i < len(s.Utforare); i++ {
		if s.Utforare[i-1].Small && !s.Utforare[i].Small {
			t.Errorf("small %s ranked before %s", s.Utforare[i-1].Name, s.Utforare[i].Name)
		}
		a, oka := s.Utforare[i-1].Rate()
		b, okb := s.Utforare[i].Rate()
		if oka && okb && a < b && s.Utforare[i-1].Small == s.Utforare[i].Small {
			t.Errorf("utförare not sorted by compliance: %s %.3f before %s %.3f", s.Utforare[i-1].Name, a, s.Utforare[i].Name, b)
		}
	}
	if med, p90, ok := s.Rules[0].LeadTimes(); ok && med > p90 {
		t.Errorf("median %d above p90 %d", med, p90)
	}
}

// describe renders every figure of s, in order, for comparing summaries.
func describe(s *stats.Summary) string {
	var b strings.Builder
	counts := func(label string, c *stats.Counts) {
		med, p90, ok := c.LeadTimes()
		rate, rok := c.Rate()
		fmt.Fprintf(&b, "%s %v %d lead %d %d %v rate %.6f %v\n", label, c.By, c.Total, med, p90, ok, rate, rok)
	}
	fmt.Fprintf(&b, "cases %d protected %d asof %v span %v %v\n", s.Cases, s.Protected, s.Asof, s.FirstStart, s.LastDeadline)
	counts("total", &s.Total)
	for _, r := range s.Rules {
		counts("rule "+r.Rule.ID, &r.Counts)
	}
	for _, list := range [][]stats.Group{s.Utforare, s.Enheter} {
		for _, g := range list {
			fmt.Fprintf(&b, "group %q cases %d small %v\n", g.Name, g.Cases, g.Small)
			counts("  all", &g.Counts)
			ids := slices.Sorted(maps.Keys(g.Rules))
			for _, id := range ids {
				counts("  "+id, g.Rules[id])
			}
		}
	}
	return b.String()
}

// TestComputeSameForAnyWorkers counts the same verdicts in 1 to 7 parts: every figure,
// lead time percentiles and group order included, must be the same.
func TestComputeSameForAnyWorkers(t *testing.T) {
	r := reporttest.Fixture(t, 400)
	want := describe(stats.Compute(r.Dataset, r.Result, stats.Options{MinCases: 10, Workers: 1}))
	if !strings.Contains(want, "lead") || len(r.Result.Verdicts) < 100 {
		t.Fatal("fixture too small to compare")
	}
	for w := 2; w <= 7; w++ {
		if got := describe(stats.Compute(r.Dataset, r.Result, stats.Options{MinCases: 10, Workers: w})); got != want {
			t.Errorf("%d workers: summary differs from one worker's:\n%s\nwant:\n%s", w, got, want)
		}
	}
	// More workers than cases: parts may be empty.
	few := *r.Result
	few.Verdicts = few.Verdicts[:3]
	one := describe(stats.Compute(r.Dataset, &few, stats.Options{Workers: 1}))
	if got := describe(stats.Compute(r.Dataset, &few, stats.Options{Workers: 16})); got != one {
		t.Errorf("16 workers on 3 verdicts:\n%s\nwant:\n%s", got, one)
	}
}

// TestCounterInRunsMatchesCompute: verdicts counted a case run at a time, in any
// order and by several workers (as audit.Options.Each hands them over), give Compute's
// figures, and the span of starts and deadlines is that of the verdicts.
func TestCounterInRunsMatchesCompute(t *testing.T) {
	r := reporttest.Fixture(t, 400)
	opt := stats.Options{MinCases: 10}
	want := describe(stats.Compute(r.Dataset, r.Result, opt))
	var runs [][]audit.Verdict
	vs := r.Result.Verdicts
	for from := 0; from < len(vs); {
		to := min(from+7, len(vs))
		for to < len(vs) && vs[to].Case == vs[to-1].Case {
			to++
		}
		runs = append(runs, vs[from:to])
		from = to
	}
	slices.Reverse(runs)
	c := stats.NewCounter(r.Dataset, r.Result.Rules, 3, opt)
	for i, run := range runs {
		c.Count(i%3, run)
	}
	s := c.Summary(r.Result.Asof)
	if got := describe(s); got != want {
		t.Errorf("counted in %d runs:\n%s\nwant:\n%s", len(runs), got, want)
	}
	first, last := audit.NoDate, audit.NoDate
	for _, v := range vs {
		if v.Start.Valid() && (first == audit.NoDate || v.Start < first) {
			first = v.Start
		}
		if v.Deadline.Valid() && (last == audit.NoDate || v.Deadline > last) {
			last = v.Deadline
		}
	}
	if s.FirstStart != first || s.LastDeadline != last || first == audit.NoDate {
		t.Errorf("span %v–%v, want %v–%v", s.FirstStart, s.LastDeadline, first, last)
	}
}

// TestProtectedCasesHaveTheirOwnGroup: an utförare or enhet whose only case is a
// protected person's does not appear by name (its row would point at the person); the
// case counts in the protected group and in the totals.
func TestProtectedCasesHaveTheirOwnGroup(t *testing.T) {
	ds := &audit.Dataset{Cases: []audit.Case{
		audit.Case{Utforare: audit.MakeName("Stora AB"), Enhet: audit.MakeName("Norr")}.WithTexts("A", "", ""),
		audit.Case{Utforare: audit.MakeName("Lilla AB"), Enhet: audit.MakeName("Söder"), Flags: audit.FlagSkyddad}.WithTexts("B", "", ""),
	}}
	res := &audit.Result{Rules: []*audit.Rule{{ID: "R", Responsible: "utförare"}}, Verdicts: []audit.Verdict{
		{Case: 0, Status: audit.ITid}, {Case: 1, Status: audit.Saknas},
	}}
	s := stats.Compute(ds, res, stats.Options{})
	for _, groups := range [][]stats.Group{s.Utforare, s.Enheter} {
		var names []string
		for _, g := range groups {
			names = append(names, g.Name)
			if g.Name == stats.ProtectedGroup && (g.Cases != 1 || g.By[audit.Saknas] != 1) {
				t.Errorf("protected group %+v", g)
			}
		}
		if len(names) != 2 || slices.Contains(names, "Lilla AB") || slices.Contains(names, "Söder") || !slices.Contains(names, stats.ProtectedGroup) {
			t.Errorf("groups %v", names)
		}
	}
	if s.Protected != 1 || s.Total.By[audit.Saknas] != 1 {
		t.Errorf("protected %d, total %v", s.Protected, s.Total.By)
	}
}
