package trend

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

// UnknownUtforareError reports an extract asked for an utförare with no verdicts in
// the span.
type UnknownUtforareError struct {
	Name    string // the name asked for
	Nearest string // a similar name, or ""
}

// Error says which utförare has no verdicts and suggests a similar name.
func (e *UnknownUtforareError) Error() string {
	msg := fmt.Sprintf("no verdicts for utförare %q in the span", e.Name)
	if e.Nearest != "" {
		msg += fmt.Sprintf("; did you mean %q?", e.Nearest)
	}
	return msg
}

// Compute counts obs per utförare, rule and month over the months From..To. rules
// are the routines' rules (for titles and the responsible role); an observation of a
// rule not among them is counted under its id. It fails when From is after To, or
// when an extract names an utförare without verdicts in the span.
func Compute(obs []Observation, rules []*audit.Rule, opt Options) (*Report, error) {
	if opt.From == audit.NoDate || opt.To == audit.NoDate || opt.From.FirstOfMonth() > opt.To.FirstOfMonth() {
		return nil, fmt.Errorf("trend: the span %s – %s is empty", opt.From.Period(), opt.To.Period())
	}
	r := &Report{
		MinJudged: opt.MinJudged, Z: opt.Z, AllRules: opt.AllRules, Roles: opt.Roles, Extract: opt.Utforare,
		Municipality: opt.Municipality, Lang: opt.Lang, GeneratedAt: opt.GeneratedAt, CommandLine: opt.CommandLine, Source: opt.Source,
	}
	if r.MinJudged <= 0 {
		r.MinJudged = 20
	}
	if r.Z <= 0 {
		r.Z = 1.96
	}
	if r.Roles == nil {
		r.Roles = DefaultRoles
	}
	monthIdx := map[audit.Date]int{}
	for m := opt.From.FirstOfMonth(); m <= opt.To; m = m.AddMonths(1) {
		monthIdx[m] = len(r.Months)
		r.Months = append(r.Months, m)
	}
	ruleIdx := r.selectRules(rules, obs)

	names := map[string]bool{}
	for i := range obs {
		o := &obs[i]
		if _, ok := monthIdx[o.Month]; ok && ruleIdx[o.Rule] >= 0 && o.Utforare != "" && !o.Protected {
			names[o.Utforare] = true
		}
	}
	if opt.Utforare != "" && !names[opt.Utforare] {
		return nil, &UnknownUtforareError{Name: opt.Utforare, Nearest: audit.Nearest(opt.Utforare, keys(names))}
	}
	var provNames []string
	if opt.Utforare != "" {
		provNames = []string{opt.Utforare}
		r.Others = len(names) - 1
	} else {
		provNames = keys(names)
	}
	r.Reference = r.newProvider("")
	provIdx := map[string]int{}
	for _, n := range provNames {
		provIdx[n] = len(r.Providers)
		r.Providers = append(r.Providers, r.newProvider(n))
	}
	r.count(obs, monthIdx, ruleIdx, provIdx)
	r.rank()
	return r, nil
}

// selectRules fills r.Rules and r.Excluded and returns the index of each rule id in
// r.Rules, -1 for a rule left out.
func (r *Report) selectRules(rules []*audit.Rule, obs []Observation) map[string]int {
	idx := map[string]int{}
	for _, ru := range rules {
		if _, seen := idx[ru.ID]; seen {
			continue
		}
		info := RuleInfo{ID: ru.ID, Title: ru.Title, Responsible: ru.Responsible, Known: true}
		if dl, _ := ru.EffectiveDeadline(); dl.UnitName() != "dagar" {
			info.Unit = dl.UnitName()
		}
		if r.AllRules || r.judgesUtforare(ru.Responsible) {
			idx[ru.ID] = len(r.Rules)
			r.Rules = append(r.Rules, info)
		} else {
			idx[ru.ID] = -1
			r.Excluded = append(r.Excluded, info)
		}
	}
	var unknown []string
	for i := range obs {
		if _, ok := idx[obs[i].Rule]; !ok {
			idx[obs[i].Rule] = 0 // placeholder until sorted
			unknown = append(unknown, obs[i].Rule)
		}
	}
	slices.Sort(unknown)
	for _, id := range unknown {
		idx[id] = len(r.Rules)
		r.Rules = append(r.Rules, RuleInfo{ID: id})
	}
	return idx
}

// judgesUtforare reports whether a rule's responsible role is one of r.Roles.
func (r *Report) judgesUtforare(responsible string) bool {
	return stats.ResponsibleIs(responsible, r.Roles)
}

func (r *Report) newProvider(name string) Provider {
	p := Provider{Name: name, Months: make([]Cell, len(r.Months)), Rules: make([]Cell, len(r.Rules)), Grid: make([][]Cell, len(r.Rules))}
	for i := range p.Grid {
		p.Grid[i] = make([]Cell, len(r.Months))
	}
	return p
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// rank orders the utförare: those with at least MinJudged judged verdicts by rate
// (best first; equal rates share a place, then more judged verdicts first), then the
// others, unranked, by name.
func (r *Report) rank() {
	for i := range r.Providers {
		p := &r.Providers[i]
		p.Comparison = r.Compare(&p.Total, &r.Reference.Total)
	}
	ranked := func(p *Provider) bool { return p.Total.Judged() >= r.MinJudged }
	slices.SortStableFunc(r.Providers, func(a, b Provider) int {
		ra, rb := ranked(&a), ranked(&b)
		if ra != rb {
			if ra {
				return -1
			}
			return 1
		}
		if ra {
			pa, _ := a.Total.Rate()
			pb, _ := b.Total.Rate()
			if c := cmp.Compare(pb, pa); c != 0 {
				return c
			}
			if c := cmp.Compare(b.Total.Judged(), a.Total.Judged()); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.Name, b.Name)
	})
	if r.Extract != "" {
		return // one utförare: no ranking
	}
	for i := range r.Providers {
		p := &r.Providers[i]
		if !ranked(p) {
			break
		}
		p.Rank = i + 1
		if i > 0 {
			prev := &r.Providers[i-1]
			pr, _ := prev.Total.Rate()
			cr, _ := p.Total.Rate()
			if pr == cr {
				p.Rank = prev.Rank
			}
		}
	}
}
