package trend

import (
	"cmp"
	"slices"

	"github.com/rutinkoll/rutinkoll/audit"
)

// caseCell identifies one case in one cell of one provider (-1: the reference; rule
// or month -1: all of them), for counting distinct cases.
type caseCell struct {
	prov, rule, month int
	caseID            string
}

// counter adds observations to providers, counting each case once per cell.
type counter struct {
	seen map[caseCell]bool
}

func (c *counter) add(p *Provider, prov, ri, mi int, o *Observation) {
	p.Total.add(o.Status)
	p.Months[mi].add(o.Status)
	p.Rules[ri].add(o.Status)
	p.Grid[ri][mi].add(o.Status)
	if !o.Status.Judged() || o.CaseID == "" {
		return
	}
	for _, cell := range []struct {
		k caseCell
		c *Cell
	}{
		{caseCell{prov, -1, -1, o.CaseID}, &p.Total},
		{caseCell{prov, -1, mi, o.CaseID}, &p.Months[mi]},
		{caseCell{prov, ri, -1, o.CaseID}, &p.Rules[ri]},
		{caseCell{prov, ri, mi, o.CaseID}, &p.Grid[ri][mi]},
	} {
		if !c.seen[cell.k] {
			c.seen[cell.k] = true
			cell.c.Cases++
		}
	}
}

// count adds every observation of the span and the included rules to its utförare and
// to the reference, and collects an extract's own cases.
func (r *Report) count(obs []Observation, monthIdx map[audit.Date]int, ruleIdx, provIdx map[string]int) {
	c := &counter{seen: map[caseCell]bool{}}
	for i := range obs {
		o := &obs[i]
		ri := ruleIdx[o.Rule]
		if ri < 0 {
			r.OtherRules++
			continue
		}
		if o.Month == audit.NoDate {
			r.Unplaced++
			continue
		}
		mi, ok := monthIdx[o.Month]
		if !ok {
			r.Outside++
			continue
		}
		// A protected person's steps count in the reference only, and are counted over
		// the whole span, never per utförare: an utförare with few cases would
		// otherwise point at the person.
		own := r.Extract != "" && o.Utforare == r.Extract && !o.Protected
		if !own {
			c.add(&r.Reference, -1, ri, mi, o)
		}
		switch {
		case o.Protected:
			r.Protected++
		case o.Utforare == "":
			r.NoUtforare++
		default:
			if pi, ok := provIdx[o.Utforare]; ok {
				c.add(&r.Providers[pi], pi, ri, mi, o)
			}
		}
		if own && o.Status != audit.EjTillamplig {
			r.Cases = append(r.Cases, *o)
		}
	}
	order := map[string]int{}
	for i, ru := range r.Rules {
		order[ru.ID] = i
	}
	slices.SortStableFunc(r.Cases, func(a, b Observation) int {
		if c := cmp.Compare(a.Month, b.Month); c != 0 {
			return c
		}
		if c := cmp.Compare(order[a.Rule], order[b.Rule]); c != 0 {
			return c
		}
		return cmp.Compare(a.CaseID, b.CaseID)
	})
}
