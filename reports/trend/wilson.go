package trend

import (
	"math"

	"github.com/rutinkoll/rutinkoll/audit"
)

// Wilson returns the Wilson score interval of the proportion x/n at normal quantile z
// (1.96 for 95 %). Unlike p ± z·√(p(1−p)/n) it stays within 0..1 and is not empty at 0
// or n successes, which matters for small utförare. n = 0 gives 0, 1.
func Wilson(x, n int, z float64) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	nf := float64(n)
	p := float64(x) / nf
	z2 := z * z
	den := 1 + z2/nf
	centre := (p + z2/(2*nf)) / den
	half := z / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

// Comparison is how a rate compares with its reference's.
type Comparison uint8

// The comparisons. Only Better and Worse are established differences; TooFew and
// Uncertain print "skillnaden kan inte säkerställas".
const (
	NoData    Comparison = iota // nothing judged
	TooFew                      // fewer judged verdicts than Options.MinJudged
	Uncertain                   // the two score intervals overlap
	Better                      // the interval lies wholly above the reference's
	Worse                       // the interval lies wholly below the reference's
)

// Established reports whether the difference is established (Better or Worse).
func (c Comparison) Established() bool { return c == Better || c == Worse }

// Interval returns the score interval of c's rate at the report's z, and false when
// nothing was judged.
func (r *Report) Interval(c *Cell) (lo, hi float64, ok bool) {
	n := c.Judged()
	if n == 0 {
		return 0, 0, false
	}
	lo, hi = Wilson(c.By[audit.ITid], n, r.Z)
	return lo, hi, true
}

// Compare compares c with ref by the report's rule: a difference is established only
// when c has at least MinJudged judged verdicts and its score interval does not
// overlap ref's. (Two 95 % intervals that do not overlap is a conservative test: it
// flags fewer differences than a two-sample test at 5 % would.)
func (r *Report) Compare(c, ref *Cell) Comparison {
	clo, chi, ok := r.Interval(c)
	if !ok {
		return NoData
	}
	if c.Judged() < r.MinJudged {
		return TooFew
	}
	rlo, rhi, ok := r.Interval(ref)
	switch {
	case !ok:
		return Uncertain
	case clo > rhi:
		return Better
	case chi < rlo:
		return Worse
	}
	return Uncertain
}
