package trend

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/routinefile"
	"github.com/rutinkoll/rutinkoll/audit/routines"
	"github.com/rutinkoll/rutinkoll/importers/canonical"
	"github.com/rutinkoll/rutinkoll/importers/generate"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/csvout"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

var (
	testFrom = audit.MustDate("2026-01-01")
	testTo   = audit.MustDate("2026-10-31")
	testAsof = audit.MustDate("2026-11-05")
)

// fixture generates synthetic cases, evaluates them with the embedded routines at
// testAsof and returns the dataset, the result and the rules.
func fixture(tb testing.TB) (*audit.Dataset, *audit.Result, []*audit.Rule) {
	tb.Helper()
	var buf bytes.Buffer
	if err := generate.Write(&buf, generate.Options{Cases: 600, Seed: 7, From: audit.MustDate("2025-10-01"), To: testAsof}); err != nil {
		tb.Fatal(err)
	}
	vocab := audit.NewVocabulary()
	b := canonical.NewBuilder(vocab)
	if err := b.ReadFile("gen.csv", &buf); err != nil {
		tb.Fatal(err)
	}
	rts, err := routines.Load(vocab, routinefile.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	ds := b.Dataset()
	res := audit.Evaluate(ds, rts, audit.Options{Asof: testAsof, Workers: 2})
	var rules []*audit.Rule
	for _, rt := range rts {
		rules = append(rules, rt.Rules...)
	}
	return ds, res, rules
}

func inSpan(ds *audit.Dataset) func(v *audit.Verdict) bool {
	return func(v *audit.Verdict) bool {
		a := v.Attribute(ds)
		return a != audit.NoDate && a >= testFrom && a <= testTo
	}
}

// TestMonthsAddUpToTheWholeSpan checks that the monthly counts of every utförare and
// rule add up to the audit of the whole span: stats.Compute over the verdicts whose
// Attribute falls in the span.
func TestMonthsAddUpToTheWholeSpan(t *testing.T) {
	ds, res, rules := fixture(t)
	r, err := Compute(FromResult(ds, res), rules, Options{From: testFrom, To: testTo, AllRules: true})
	if err != nil {
		t.Fatal(err)
	}
	var every []string // every rule counted per utförare, as AllRules does
	for _, ru := range res.Rules {
		every = append(every, ru.Responsible)
	}
	span := stats.Compute(ds, res.Filter(inSpan(ds)), stats.Options{UtforareRoles: every})
	want := map[string][7]int{}
	for _, g := range span.Utforare {
		want[g.Name] = g.By
	}
	if len(r.Providers) < 5 {
		t.Fatalf("only %d utförare", len(r.Providers))
	}
	for _, p := range r.Providers {
		var sum [7]int
		for mi := range r.Months {
			for ri := range r.Rules {
				for s, n := range p.Grid[ri][mi].By {
					sum[s] += n
				}
			}
		}
		if sum != p.Total.By {
			t.Errorf("%s: grid sums to %v, total %v", p.Name, sum, p.Total.By)
		}
		var months [7]int
		for mi := range r.Months {
			for s, n := range p.Months[mi].By {
				months[s] += n
			}
		}
		if months != want[p.Name] {
			t.Errorf("%s: months add up to %v, the audit of the span has %v", p.Name, months, want[p.Name])
		}
	}
	if r.Reference.Total.By != span.Total.By {
		t.Errorf("reference %v, audit of the span %v", r.Reference.Total.By, span.Total.By)
	}
	if r.Outside == 0 || r.Outside+r.Reference.Total.Total()+r.Unplaced != len(res.Verdicts) {
		t.Errorf("verdicts unaccounted: %d outside + %d counted + %d unplaced != %d", r.Outside, r.Reference.Total.Total(), r.Unplaced, len(res.Verdicts))
	}
}

// TestVerdictFilesMatchRecompute writes one verdicts.csv per month, as monthly audits
// do, reads them back and checks every utförare's figures equal the recomputed ones.
func TestVerdictFilesMatchRecompute(t *testing.T) {
	ds, res, rules := fixture(t)
	direct, err := Compute(FromResult(ds, res), rules, Options{From: testFrom, To: testTo})
	if err != nil {
		t.Fatal(err)
	}
	var obs []Observation
	for m := testFrom; m <= testTo; m = m.AddMonths(1) {
		month := res.Filter(func(v *audit.Verdict) bool {
			a := v.Attribute(ds)
			return a != audit.NoDate && a.Period() == m.Period()
		})
		var buf bytes.Buffer
		rep := &reports.Report{Dataset: ds, Result: month}
		if err := csvout.WriteVerdicts(&buf, rep); err != nil {
			t.Fatal(err)
		}
		o, err := ReadVerdicts(&buf, m.Period()+"/verdicts.csv")
		if err != nil {
			t.Fatal(err)
		}
		obs = append(obs, o...)
	}
	obs, dropped := Dedupe(obs)
	if dropped != 0 {
		t.Errorf("monthly files overlap: %d dropped", dropped)
	}
	fromFiles, err := Compute(obs, rules, Options{From: testFrom, To: testTo})
	if err != nil {
		t.Fatal(err)
	}
	// verdicts.csv carries no utförare for protected persons, and no date for some
	// ej tillämplig verdicts: recompute with the same loss and compare exactly.
	lossy := FromResult(ds, res)
	protected := 0
	for i := range lossy {
		if lossy[i].Protected {
			lossy[i].Utforare = ""
			protected++
		}
	}
	if protected == 0 {
		t.Fatal("the fixture has no protected person")
	}
	want, err := Compute(lossy, rules, Options{From: testFrom, To: testTo})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*Provider{}
	for i := range fromFiles.Providers {
		byName[fromFiles.Providers[i].Name] = &fromFiles.Providers[i]
	}
	withoutNA := func(c Cell) [7]int { c.By[audit.EjTillamplig] = 0; return c.By }
	for _, p := range want.Providers {
		q := byName[p.Name]
		if q == nil {
			t.Errorf("%s missing when read from files", p.Name)
			continue
		}
		if withoutNA(p.Total) != withoutNA(q.Total) || p.Total.Cases != q.Total.Cases {
			t.Errorf("%s: recomputed %v (%d cases), from files %v (%d cases)", p.Name, p.Total.By, p.Total.Cases, q.Total.By, q.Total.Cases)
		}
		for mi := range want.Months {
			if withoutNA(p.Months[mi]) != withoutNA(q.Months[mi]) {
				t.Errorf("%s %s: recomputed %v, from files %v", p.Name, want.Months[mi].Period(), p.Months[mi].By, q.Months[mi].By)
			}
		}
	}
	if withoutNA(direct.Reference.Total) != withoutNA(fromFiles.Reference.Total) {
		t.Errorf("reference differs: %v recomputed, %v from files", direct.Reference.Total.By, fromFiles.Reference.Total.By)
	}
	if fromFiles.Unplaced == 0 {
		t.Error("no ej tillämplig verdict without dates: the test does not cover unplaced rows")
	}
}

func TestWilson(t *testing.T) {
	tests := []struct {
		x, n   int
		lo, hi float64
	}{
		{0, 0, 0, 1},
		{0, 10, 0, 0.2775},
		{10, 10, 0.7225, 1},
		{81, 263, 0.2553, 0.3662}, // Wilson's own example values, recomputed
		{5, 8, 0.3057, 0.8632},
	}
	for _, tt := range tests {
		lo, hi := Wilson(tt.x, tt.n, 1.96)
		if math.Abs(lo-tt.lo) > 0.0005 || math.Abs(hi-tt.hi) > 0.0005 {
			t.Errorf("Wilson(%d, %d) = %.4f, %.4f; want %.4f, %.4f", tt.x, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
}

func TestCompareAndRank(t *testing.T) {
	cell := func(itid, sen int) Cell {
		var c Cell
		c.By[audit.ITid], c.By[audit.Sen] = itid, sen
		return c
	}
	r := &Report{MinJudged: 20, Z: 1.96}
	ref := cell(700, 300) // 70 %, narrow interval
	tests := []struct {
		name string
		c    Cell
		want Comparison
	}{
		{"NothingJudged", Cell{}, NoData},
		{"SmallPerfectIsTooFew", cell(8, 0), TooFew},
		{"ClearlyBetter", cell(95, 5), Better},
		{"ClearlyWorse", cell(40, 60), Worse},
		{"OverlapIsUncertain", cell(15, 5), Uncertain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Compare(&tt.c, &ref); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
	obs := func(utf string, itid, sen int) []Observation {
		var out []Observation
		for i := 0; i < itid+sen; i++ {
			s := audit.ITid
			if i >= itid {
				s = audit.Sen
			}
			out = append(out, Observation{CaseID: utf + string(rune('a'+i%26)) + string(rune('a'+i/26)), Utforare: utf, Rule: "R-1", Status: s, Month: testFrom})
		}
		return out
	}
	var all []Observation
	all = append(all, obs("Liten", 8, 0)...)
	all = append(all, obs("Stor A", 80, 20)...)
	all = append(all, obs("Stor B", 60, 40)...)
	all = append(all, obs("Lika", 40, 10)...)
	rep, err := Compute(all, []*audit.Rule{{ID: "R-1", Responsible: "utförare"}}, Options{From: testFrom, To: testFrom})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, p := range rep.Providers {
		order = append(order, p.Name+":"+string(rune('0'+p.Rank)))
	}
	if got := join(order); got != "Stor A:1 Lika:1 Stor B:3 Liten:0" {
		t.Errorf("ranking %s", got)
	}
}

func join(s []string) string {
	var b bytes.Buffer
	for i, x := range s {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(x)
	}
	return b.String()
}

func TestRuleSelectionAndExtract(t *testing.T) {
	ds, res, rules := fixture(t)
	obs := FromResult(ds, res)
	r, err := Compute(obs, rules, Options{From: testFrom, To: testTo})
	if err != nil {
		t.Fatal(err)
	}
	for _, ru := range r.Rules {
		if !r.judgesUtforare(ru.Responsible) {
			t.Errorf("rule %s (%s) counted", ru.ID, ru.Responsible)
		}
	}
	if len(r.Excluded) == 0 || r.OtherRules == 0 {
		t.Error("no handläggare rule left out")
	}
	target := r.Providers[len(r.Providers)/2].Name
	x, err := Compute(obs, rules, Options{From: testFrom, To: testTo, Utforare: target})
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Providers) != 1 || x.Providers[0].Name != target || x.Others != len(r.Providers)-1 {
		t.Fatalf("extract providers %d others %d", len(x.Providers), x.Others)
	}
	// Protected persons are counted over the whole data, never for the extract's
	// utförare alone (that would tie them to it).
	if x.Protected != r.Protected || r.Protected == 0 {
		t.Errorf("extract counts %d protected, the whole report %d", x.Protected, r.Protected)
	}
	// The reference of an extract is everyone else: the total minus the utförare.
	for s := range x.Reference.Total.By {
		if x.Reference.Total.By[s]+x.Providers[0].Total.By[s] != r.Reference.Total.By[s] {
			t.Errorf("status %d: others %d + own %d != all %d", s, x.Reference.Total.By[s], x.Providers[0].Total.By[s], r.Reference.Total.By[s])
		}
	}
	for _, o := range x.Cases {
		if o.Utforare != target || o.Protected {
			t.Errorf("extract lists %+v", o)
		}
	}
	_, err = Compute(obs, rules, Options{From: testFrom, To: testTo, Utforare: "Vardaga Hemtjanst"})
	var ue *UnknownUtforareError
	if !errors.As(err, &ue) || ue.Nearest != "Vardaga Hemtjänst" {
		t.Errorf("unknown utförare: %v", err)
	}
}
