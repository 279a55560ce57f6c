package audit

import (
	"cmp"
	"slices"
	"sort"
	"strings"
)

// evaluateRotations judges every rotation rule across all cases: assignments in an area,
// in date order, must go to the next utförare in alphabetical turn. It holds the
// verdicts of the assignments only; evalCase judges the cases without one.
func evaluateRotations(ds *Dataset, rules []*Rule, asof Date) rotationVerdicts {
	return judgeRotations(ds, rules, []rotationScan{scanRotations(ds, rules, asof, 0, len(ds.Cases))})
}

// rotationAssignment is an assignment a rotation rule judges, with what judging it
// needs of its case: a million cases make tens of thousands, sorted and judged in area
// and date order, which is no order of the cases (reading them again there was half
// the time).
type rotationAssignment struct {
	idKey    uint64 // the case id's first 8 bytes, big-endian: most ties on area and date end here
	cas      int32
	date     Date
	area     int32  // index into its scan's areas
	utforare int32  // index into its scan's utförare
	src      Source // the assignment event's row
}

// idKey returns the first 8 bytes of id as a big-endian number, zero-padded: where the
// keys of two ids differ, they order as the ids do.
func idKey(id string) uint64 {
	var k uint64
	for i := 0; i < 8; i++ {
		k <<= 8
		if i < len(id) {
			k |= uint64(id[i])
		}
	}
	return k
}

// rotationScan is what the rotation rules need from some of the cases: per rule index
// (empty for rules of other kinds), the assignments in case order and the areas and
// utförare they name.
type rotationScan []rotationPart

type rotationPart struct {
	as              []rotationAssignment
	areas, utforare names
}

// names numbers strings in the order first seen.
type names struct {
	index map[string]int32
	list  []string
}

func (n *names) number(s string) int32 {
	i, ok := n.index[s]
	if !ok {
		if n.index == nil {
			n.index = map[string]int32{}
		}
		i = int32(len(n.list))
		n.index[s], n.list = i, append(n.list, s)
	}
	return i
}

// renumber returns, for each of part's names, its number in n, numbering those not in
// n yet.
func (n *names) renumber(part *names) []int32 {
	out := make([]int32, len(part.list))
	for i, s := range part.list {
		out[i] = n.number(s)
	}
	return out
}

// scanRotations finds the rotation rules' assignments among cases [from, to). Scans of
// consecutive parts of the cases, judged together, judge as one scan of them all: the
// part that reads the cases, the most of the work, can run on every core.
func scanRotations(ds *Dataset, rules []*Rule, asof Date, from, to int) rotationScan {
	sc := make(rotationScan, len(rules))
	for ri, r := range rules {
		if r.Kind != KindRotation {
			continue
		}
		part := &sc[ri]
		for ci := from; ci < to; ci++ {
			c := &ds.Cases[ci]
			if r.Routine != nil && !r.Routine.Applies(c) {
				continue
			}
			if _, ok := conditionHolds(c, r, asof, nil); !ok {
				continue // evalCase says why
			}
			for i := range c.Events {
				e := &c.Events[i]
				if e.Date > asof {
					break
				}
				if e.Code == r.From {
					area := c.Enhet.String()
					if r.AreaDetail != "" {
						if a, ok := c.Detail(e, r.AreaDetail); ok {
							area = a
						}
					}
					if len(part.as) == cap(part.as) {
						// Doubled: append grows large slices by a quarter, which
						// wrote five times the final array in fresh memory.
						part.as = slices.Grow(part.as, len(part.as)+1024)
					}
					part.as = append(part.as, rotationAssignment{idKey: idKey(c.ID()), cas: int32(ci), date: e.Date,
						area: part.areas.number(area), utforare: part.utforare.number(c.Utforare.String()), src: e.Source()})
					break
				}
			}
		}
	}
	return sc
}

// judgeRotations judges the rotation rules on the assignments of scans, scans of
// consecutive parts of the cases in order.
func judgeRotations(ds *Dataset, rules []*Rule, scans []rotationScan) rotationVerdicts {
	var out rotationVerdicts
	for ri, r := range rules {
		if r.Kind != KindRotation {
			continue
		}
		// The parts' assignments, their areas and utförare numbered across the parts.
		n := 0
		for _, sc := range scans {
			n += len(sc[ri].as)
		}
		as := make([]rotationAssignment, 0, n)
		var areaNames, utfNames names
		for _, sc := range scans {
			part := &sc[ri]
			areaOf, utfOf := areaNames.renumber(&part.areas), utfNames.renumber(&part.utforare)
			for _, a := range part.as {
				a.area, a.utforare = areaOf[a.area], utfOf[a.utforare]
				as = append(as, a)
			}
		}
		areas, utfs := areaNames.list, utfNames.list
		// Areas are judged apart: grouped by area (in the order first seen), each in
		// date order. A total order (case ids are unique), so an unstable sort is
		// deterministic.
		slices.SortFunc(as, func(a, b rotationAssignment) int {
			if c := cmp.Compare(a.area, b.area); c != 0 {
				return c
			}
			if c := cmp.Compare(a.date, b.date); c != 0 {
				return c
			}
			if c := cmp.Compare(a.idKey, b.idKey); c != 0 {
				return c
			}
			return strings.Compare(ds.Cases[a.cas].ID(), ds.Cases[b.cas].ID())
		})
		orders := map[string][]string{}
		for _, a := range as {
			area, utforare := areas[a.area], utfs[a.utforare]
			if r.Rotation != nil {
				if o, ok := r.Rotation[area]; ok {
					orders[area] = o
					continue
				}
			}
			if !slices.Contains(orders[area], utforare) {
				orders[area] = append(orders[area], utforare)
			}
		}
		for area, o := range orders {
			if r.Rotation == nil || r.Rotation[area] == nil {
				sort.Strings(o)
			}
		}
		prev := map[string]string{}
		judged := make([]rotationVerdict, 0, len(as))
		for _, a := range as {
			area, utforare := areas[a.area], utfs[a.utforare]
			v := verdict{Start: a.date, Deadline: NoDate, EventDate: a.date, LeadDays: -1, Source: a.src}
			last, seen := prev[area]
			switch {
			case utforare == "":
				v.Status, v.Reason = Datafel, "utförare saknas för ickeval-tilldelningen"
			case !seen:
				v.Status, v.Reason = ITid, "första ickeval-tilldelningen i området "+area
			default:
				want := nextInTurn(orders[area], last)
				if want == utforare {
					v.Status = ITid
				} else {
					v.Status = Sen
					v.Reason = "fel i turordning i " + area + ": väntad utförare " + want + ", tilldelad " + utforare
				}
			}
			if utforare != "" {
				prev[area] = utforare
			}
			judged = append(judged, rotationVerdict{rule: int32(ri), cas: a.cas, v: v})
		}
		// Rules come in order; each rule's verdicts are put in case order.
		slices.SortFunc(judged, func(a, b rotationVerdict) int { return cmp.Compare(a.cas, b.cas) })
		if out == nil {
			out = judged
		} else {
			out = append(out, judged...)
		}
	}
	return out
}

func nextInTurn(order []string, last string) string {
	for i, u := range order {
		if u == last {
			return order[(i+1)%len(order)]
		}
	}
	if len(order) > 0 {
		return order[0]
	}
	return ""
}
