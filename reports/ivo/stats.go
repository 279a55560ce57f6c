package ivo

import (
	"cmp"
	"slices"
)

// The indexes of Count's arrays by kön.
const (
	Women   = 0 // kvinnor
	Men     = 1 // män
	Unknown = 2 // kön unknown
)

// Genders are the kön keys in the order of Count's arrays.
var Genders = []byte{'K', 'M', 0}

// Count is a number of reportable beslut of one kind, by kön: those still not
// verkställda at the quarter's end (new and ongoing) and those closed during it.
type Count struct {
	Key    string // insats code, inriktning key or reason; "" in Statistics.Total
	Open   [3]int // still not verkställda at the quarter's end, indexed Women, Men, Unknown
	Closed [3]int // verkställda or avslutade during the quarter, indexed the same
}

// OpenTotal returns the number still not verkställda at the quarter's end.
func (c *Count) OpenTotal() int { return c.Open[Women] + c.Open[Men] + c.Open[Unknown] }

// ClosedTotal returns the number verkställda or avslutade during the quarter.
func (c *Count) ClosedTotal() int { return c.Closed[Women] + c.Closed[Men] + c.Closed[Unknown] }

func genderIndex(g byte) int {
	switch g {
	case 'K':
		return Women
	case 'M':
		return Men
	}
	return Unknown
}

func (c *Count) add(r *Row, l List) {
	if l == Closed {
		c.Closed[genderIndex(r.Gender)]++
	} else {
		c.Open[genderIndex(r.Gender)]++
	}
}

// Wait summarises days waited: the number of beslut, the median (nearest rank) and
// the longest.
type Wait struct {
	N      int // number of beslut
	Median int // days, nearest rank
	Max    int // days
}

func waitOf(days []int) Wait {
	if len(days) == 0 {
		return Wait{}
	}
	s := slices.Clone(days)
	slices.Sort(s)
	return Wait{N: len(s), Median: s[(len(s)+1)/2-1], Max: s[len(s)-1]}
}

// Statistics is the statistikrapport: the same figures without identities, for the
// nämnd, kommunfullmäktige and the revisorer. Persons with skyddade personuppgifter
// are included in every count.
type Statistics struct {
	New, Ongoing, Closed int     // rows per list
	Total                Count   // all rows
	ByInsats             []Count // most still open first, then by key
	ByInriktning         []Count // the same order
	ByReason             []Count // the same order; Key "" is a missing reason
	OpenWait             Wait    // days from beslut (or avbrott) to the quarter's end
	ClosedWait           Wait    // days from beslut (or avbrott) to verkställighet or avslut
}

// computeStats counts every row, protected persons included.
func computeStats(all [3][]Row) Statistics {
	s := Statistics{New: len(all[New]), Ongoing: len(all[Ongoing]), Closed: len(all[Closed])}
	insats, inriktning, reason := map[string]*Count{}, map[string]*Count{}, map[string]*Count{}
	bump := func(m map[string]*Count, key string, r *Row, l List) {
		c := m[key]
		if c == nil {
			c = &Count{Key: key}
			m[key] = c
		}
		c.add(r, l)
	}
	var open, closed []int
	for _, l := range Lists {
		for i := range all[l] {
			r := &all[l][i]
			s.Total.add(r, l)
			bump(insats, r.Insats, r, l)
			bump(inriktning, r.Inriktning, r, l)
			bump(reason, r.Reason, r, l)
			if l == Closed {
				closed = append(closed, r.DaysWaited)
			} else {
				open = append(open, r.DaysWaited)
			}
		}
	}
	s.ByInsats, s.ByInriktning, s.ByReason = sortedCounts(insats), sortedCounts(inriktning), sortedCounts(reason)
	s.OpenWait, s.ClosedWait = waitOf(open), waitOf(closed)
	return s
}

func sortedCounts(m map[string]*Count) []Count {
	out := make([]Count, 0, len(m))
	for _, c := range m {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Count) int {
		if c := cmp.Compare(b.OpenTotal(), a.OpenTotal()); c != 0 {
			return c
		}
		if c := cmp.Compare(b.ClosedTotal(), a.ClosedTotal()); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out
}
