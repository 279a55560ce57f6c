// Package stats aggregates an audit's verdicts into the figures every report shows:
// counts per verdict, compliance rate and lead times, in total, per rule, per utförare
// and per enhet/handläggare. Reports render these; they never count on their own, so
// the Excel, the PDF and summary.json always agree.
package stats

import (
	"runtime"
	"slices"
	"sort"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/workgroup"
)

// Counts are verdict counts with the lead times behind them.
type Counts struct {
	By    [7]int // indexed by audit.Status
	Total int
	lead  leadTimes
}

func (c *Counts) add(v *audit.Verdict) {
	c.By[v.Status]++
	c.Total++
	if v.HasLead {
		c.lead.add(v.LeadDays())
	}
}

// merge adds o's counts to c's.
func (c *Counts) merge(o *Counts) {
	for s, n := range o.By {
		c.By[s] += n
	}
	c.Total += o.Total
	c.lead.merge(&o.lead)
}

// leadTimes counts lead times: a histogram of days up to denseDays, a list beyond.
// Millions of verdicts cost a few kilobytes, and the percentiles are exact.
type leadTimes struct {
	hist []int32 // hist[d] = how many lead times of d days
	long []int32 // lead times of denseDays or more
	n    int
}

const denseDays = 1 << 12

func (l *leadTimes) add(d int32) {
	l.n++
	if d >= denseDays {
		l.long = append(l.long, d)
		return
	}
	if int(d) >= len(l.hist) {
		l.hist = append(l.hist, make([]int32, int(d)+1-len(l.hist)+len(l.hist)/2)...)
	}
	l.hist[d]++
}

// merge adds o's lead times to l's.
func (l *leadTimes) merge(o *leadTimes) {
	if len(o.hist) > len(l.hist) {
		l.hist = append(l.hist, make([]int32, len(o.hist)-len(l.hist))...)
	}
	for d, n := range o.hist {
		l.hist[d] += n
	}
	l.long = append(l.long, o.long...)
	l.n += o.n
}

// rank returns the k-th smallest lead time (0-based).
func (l *leadTimes) rank(k int) int {
	for d, n := range l.hist {
		if k < int(n) {
			return d
		}
		k -= int(n)
	}
	long := slices.Clone(l.long)
	slices.Sort(long)
	return int(long[k])
}

// N returns the count of status s.
func (c *Counts) N(s audit.Status) int { return c.By[s] }

// Judged returns i tid + sen + saknas: the denominator of the compliance rate.
func (c *Counts) Judged() int { return c.By[audit.ITid] + c.By[audit.Sen] + c.By[audit.Saknas] }

// Rate returns the compliance rate i tid / (i tid + sen + saknas), and false when
// nothing was judged.
func (c *Counts) Rate() (float64, bool) {
	j := c.Judged()
	if j == 0 {
		return 0, false
	}
	return float64(c.By[audit.ITid]) / float64(j), true
}

// LeadTimes returns the median and 90th percentile lead time in calendar days (nearest
// rank), and false when no lead time was measured.
func (c *Counts) LeadTimes() (median, p90 int, ok bool) {
	n := c.lead.n
	if n == 0 {
		return 0, 0, false
	}
	rank := func(p float64) int {
		i := int(p*float64(n)+0.999999) - 1
		return c.lead.rank(max(0, min(i, n-1)))
	}
	return rank(0.5), rank(0.9), true
}

// RuleStats are the figures of one rule.
type RuleStats struct {
	Rule *audit.Rule
	Counts
}

// ProtectedGroup is the name of the group that holds the cases of persons with
// skyddade personuppgifter in the per-utförare and per-enhet figures, whatever their
// utförare or enhet: a group with one such case would point at the person.
const ProtectedGroup = "(skyddade personuppgifter)"

// UnknownGroup is the group of the cases without an utförare (or enhet).
const UnknownGroup = "(okänd)"

// Group are the figures of one utförare or enhet.
type Group struct {
	Name  string
	Cases int  // distinct cases with at least one judged or pending verdict
	Small bool // fewer cases than Options.MinCases: comparisons are uncertain
	Counts
	Rules map[string]*Counts // per rule id
}

// Summary holds every aggregate of an audit.
type Summary struct {
	Asof     audit.Date
	Total    Counts
	Rules    []RuleStats // in routine order
	Utforare []Group     // the utförare's own steps; sorted by compliance rate, best first, small groups last
	// UtforareTotal is every utförare's own steps together, cases without an utförare
	// left out: the level each utförare is compared with (Total also counts the
	// handläggare's and others' steps).
	UtforareTotal Counts
	Enheter       []Group // every step; sorted by compliance rate, best first, small groups last
	Cases         int     // cases evaluated
	// MinCases is the number of cases below which a group is small (uncertain).
	MinCases int
	// UtforareRules are the ids of the rules counted per utförare (see UtforareRoles).
	UtforareRules []string
	// Protected is the number of cases with skyddade personuppgifter: reports show
	// them only as this count (GOT-20).
	Protected int
	// FirstStart and LastDeadline are the earliest start and the latest deadline of
	// the verdicts counted, or NoDate when none has one.
	FirstStart, LastDeadline audit.Date
}

// UtforareRoles are the responsible roles whose rules judge the utförare: a rule
// counts in the per-utförare figures when its Responsible names one of them
// (case-insensitively). The handläggare's, boendesamordningens or HMC's steps do not
// judge the utförare.
var UtforareRoles = []string{"utförare", "enhetschef"}

// ResponsibleIs reports whether responsible (a rule's Responsible) names one of roles.
func ResponsibleIs(responsible string, roles []string) bool {
	resp := strings.ToLower(responsible)
	for _, role := range roles {
		if role != "" && strings.Contains(resp, strings.ToLower(role)) {
			return true
		}
	}
	return false
}

// Options control aggregation.
type Options struct {
	// MinCases marks groups with fewer cases as small (uncertain); 0 means 20.
	MinCases int
	// UtforareRoles select the rules counted per utförare; nil means UtforareRoles.
	UtforareRoles []string
	// Workers is how many goroutines count; 0 means GOMAXPROCS, but at most one per
	// 65,536 verdicts (at least one). The figures are the same for any number.
	Workers int
}

// Compute aggregates res. Verdicts of one case are expected together (as Evaluate and
// Result.Filter give them); a case counts once per group. Large results are counted
// in parts on every core and the parts added up.
func Compute(ds *audit.Dataset, res *audit.Result, opt Options) *Summary {
	workers := opt.Workers
	if workers <= 0 {
		// Parts of at least 64k verdicts: below that, starting goroutines costs more.
		workers = max(1, min(runtime.GOMAXPROCS(0), len(res.Verdicts)/(1<<16)))
	}
	c := NewCounter(ds, res.Rules, workers, opt)
	var wg workgroup.Group
	from := 0
	for w := range workers {
		to := max(from, len(res.Verdicts)*(w+1)/workers)
		// A part ends where a case ends, so that each case counts once per group.
		for to > from && to < len(res.Verdicts) && res.Verdicts[to].Case == res.Verdicts[to-1].Case {
			to++
		}
		vs := res.Verdicts[from:to]
		wg.Go(func() { c.Count(w, vs) })
		from = to
	}
	wg.Wait()
	return c.Summary(res.Asof)
}

// Counter aggregates verdicts while they are judged (audit.Options.Each), each worker
// into a tally of its own; Summary adds the tallies up. The figures are Compute's on
// the same verdicts, however they were split among the workers.
type Counter struct {
	ds         *audit.Dataset
	rules      []*audit.Rule
	opt        Options
	ofUtforare []bool // per rule: counted per utförare
	utfRules   []string
	parts      []*tally
}

// NewCounter returns a Counter of the verdicts of rules (audit.Result.Rules) on ds's
// cases, counted by workers goroutines (Count's worker is below it).
func NewCounter(ds *audit.Dataset, rules []*audit.Rule, workers int, opt Options) *Counter {
	if opt.MinCases == 0 {
		opt.MinCases = 20
	}
	roles := opt.UtforareRoles
	if roles == nil {
		roles = UtforareRoles
	}
	c := &Counter{ds: ds, rules: rules, opt: opt, ofUtforare: make([]bool, len(rules)), parts: make([]*tally, max(1, workers))}
	for i, r := range rules {
		if c.ofUtforare[i] = ResponsibleIs(r.Responsible, roles); c.ofUtforare[i] {
			c.utfRules = append(c.utfRules, r.ID)
		}
	}
	for w := range c.parts {
		c.parts[w] = newTally(len(rules))
	}
	return c
}

// Count counts vs into worker's tally. vs holds whole cases: a case's verdicts come in
// one call, so that it counts once per group. Different workers may count at once.
func (c *Counter) Count(worker int, vs []audit.Verdict) {
	c.parts[worker].count(c.ds, vs, c.ofUtforare)
}

// Summary adds up what was counted: the figures as of asof (the brytdatum).
func (c *Counter) Summary(asof audit.Date) *Summary {
	t := newTally(len(c.rules))
	for _, p := range c.parts {
		t.merge(p)
	}
	t.sumTotals()
	s := &Summary{Asof: asof, Total: t.total, Rules: make([]RuleStats, len(c.rules)), Cases: t.cases, Protected: t.protected,
		MinCases: c.opt.MinCases, UtforareRules: c.utfRules, FirstStart: t.firstStart, LastDeadline: t.lastDeadline}
	for i, r := range c.rules {
		s.Rules[i] = RuleStats{Rule: r, Counts: t.rules[i]}
	}
	s.Utforare = sortGroups(t.utf.groups(c.rules), c.opt.MinCases)
	for i := range s.Utforare {
		if s.Utforare[i].Name != UnknownGroup { // cases without one are no utförare's
			s.UtforareTotal.merge(&s.Utforare[i].Counts)
		}
	}
	s.Enheter = sortGroups(t.enh.groups(c.rules), c.opt.MinCases)
	return s
}

// tally is the counts of runs of verdicts. Only the counts per rule are kept while
// counting, in total and per group; the totals are their sums (sumTotals): half the
// additions for 11 million verdicts.
type tally struct {
	total            Counts // set by sumTotals
	rules            []Counts
	utf, enh         *grouper
	cases, protected int
	// The earliest start and the latest deadline of the verdicts counted, or NoDate.
	firstStart, lastDeadline audit.Date
}

func newTally(nRules int) *tally {
	return &tally{rules: make([]Counts, nRules), utf: newGrouper(nRules), enh: newGrouper(nRules),
		firstStart: audit.NoDate, lastDeadline: audit.NoDate}
}

// count counts vs, whose cases do not continue outside vs; per utförare only the rules
// ofUtforare marks.
func (t *tally) count(ds *audit.Dataset, vs []audit.Verdict, ofUtforare []bool) {
	lastCase := int32(-1)
	var gu, ge int32
	countedU, countedE := false, false
	for i := range vs {
		v := &vs[i]
		if v.Case != lastCase {
			c := &ds.Cases[v.Case]
			lastCase = v.Case
			t.cases++
			if c.Flags&audit.FlagSkyddad != 0 {
				// Counted in a group of their own: an utförare or enhet whose only
				// case is protected would otherwise point at the person.
				t.protected++
				gu, ge = t.utf.index(ProtectedGroup), t.enh.index(ProtectedGroup)
			} else {
				gu, ge = t.utf.indexName(c.Utforare), t.enh.indexName(c.Enhet)
			}
			countedU, countedE = false, false
		}
		t.rules[v.Rule].add(v)
		if ofUtforare[v.Rule] {
			t.utf.add(gu, v, &countedU)
		}
		t.enh.add(ge, v, &countedE)
		t.widen(v.Start, v.Deadline)
	}
}

// widen takes start and deadline (either may be NoDate) into the span of the earliest
// start and the latest deadline.
func (t *tally) widen(start, deadline audit.Date) {
	if start.Valid() && (!t.firstStart.Valid() || start < t.firstStart) {
		t.firstStart = start
	}
	if deadline.Valid() && (!t.lastDeadline.Valid() || deadline > t.lastDeadline) {
		t.lastDeadline = deadline
	}
}

// merge adds o's counts to t's (the totals are summed afterwards, by sumTotals).
func (t *tally) merge(o *tally) {
	t.widen(o.firstStart, o.lastDeadline)
	for i := range t.rules {
		t.rules[i].merge(&o.rules[i])
	}
	t.utf.merge(o.utf)
	t.enh.merge(o.enh)
	t.cases += o.cases
	t.protected += o.protected
}

// sumTotals sets the totals, in all and per group, to the sums of the counts per rule.
func (t *tally) sumTotals() {
	t.total = Counts{}
	for i := range t.rules {
		t.total.merge(&t.rules[i])
	}
	t.utf.sumTotals()
	t.enh.sumTotals()
}

// grouper counts verdicts per group (utförare or enhet) and rule in slices, turned
// into Groups at the end.
type grouper struct {
	nRules int
	byName map[string]int32
	// ofName is each audit.Name's group plus one (0: not seen yet): a case's utförare
	// and enhet are found by number, not by hashing their text.
	ofName []int32
	names  []string
	totals []Counts // set by sumTotals
	rules  [][]Counts
	cases  []int
}

func newGrouper(nRules int) *grouper { return &grouper{nRules: nRules, byName: map[string]int32{}} }

// indexName returns the group of the Name n, as index does for its text.
func (g *grouper) indexName(n audit.Name) int32 {
	if int(n) < len(g.ofName) && g.ofName[n] != 0 {
		return g.ofName[n] - 1
	}
	i := g.index(n.String())
	if int(n) >= len(g.ofName) {
		g.ofName = append(g.ofName, make([]int32, int(n)+1-len(g.ofName))...)
	}
	g.ofName[n] = i + 1
	return i
}

// index returns the group named name ("" is UnknownGroup), adding it when new.
func (g *grouper) index(name string) int32 {
	if name == "" {
		name = UnknownGroup
	}
	if i, ok := g.byName[name]; ok {
		return i
	}
	i := int32(len(g.names))
	g.byName[name] = i
	g.names = append(g.names, name)
	g.totals = append(g.totals, Counts{})
	g.rules = append(g.rules, make([]Counts, g.nRules))
	g.cases = append(g.cases, 0)
	return i
}

func (g *grouper) add(i int32, v *audit.Verdict, counted *bool) {
	g.rules[i][v.Rule].add(v)
	if v.Status != audit.EjTillamplig && !*counted {
		*counted = true
		g.cases[i]++
	}
}

// merge adds o's groups to g's.
func (g *grouper) merge(o *grouper) {
	for oi, name := range o.names {
		i := g.index(name)
		for ri := range o.rules[oi] {
			g.rules[i][ri].merge(&o.rules[oi][ri])
		}
		g.cases[i] += o.cases[oi]
	}
}

// sumTotals sets each group's totals to the sums of its counts per rule.
func (g *grouper) sumTotals() {
	for i := range g.totals {
		g.totals[i] = Counts{}
		for ri := range g.rules[i] {
			g.totals[i].merge(&g.rules[i][ri])
		}
	}
}

func (g *grouper) groups(rules []*audit.Rule) map[string]*Group {
	out := make(map[string]*Group, len(g.names))
	for i, name := range g.names {
		grp := &Group{Name: name, Cases: g.cases[i], Counts: g.totals[i], Rules: map[string]*Counts{}}
		for ri := range g.rules[i] {
			if g.rules[i][ri].Total > 0 {
				grp.Rules[rules[ri].ID] = &g.rules[i][ri]
			}
		}
		out[name] = grp
	}
	return out
}

func sortGroups(m map[string]*Group, minCases int) []Group {
	out := make([]Group, 0, len(m))
	for _, g := range m {
		g.Small = g.Cases < minCases
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Small != out[j].Small {
			return !out[i].Small // a small group is not ranked among the large ones
		}
		ri, oki := out[i].Rate()
		rj, okj := out[j].Rate()
		if oki != okj {
			return oki
		}
		if ri != rj {
			return ri > rj
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Judge evaluates ds against routines as audit.Evaluate does and counts every verdict
// that opt.Select accepts while it is judged, so that the verdicts need not all be kept:
// the Result holds only those keep accepts (nil keeps all), and its All gives every one.
// The Summary is Compute's on all the selected verdicts. opt.Each and opt.Keep are
// Judge's own: what the caller set there is replaced.
func Judge(ds *audit.Dataset, routines []*audit.Routine, opt audit.Options, keep func(v *audit.Verdict) bool, sopt Options) (*audit.Result, *Summary) {
	var rules []*audit.Rule
	for _, rt := range routines {
		rules = append(rules, rt.Rules...)
	}
	opt.Workers = opt.WorkerCount()
	c := NewCounter(ds, rules, opt.Workers, sopt)
	opt.Keep, opt.Each = keep, c.Count
	res := audit.Evaluate(ds, routines, opt)
	return res, c.Summary(res.Asof)
}
