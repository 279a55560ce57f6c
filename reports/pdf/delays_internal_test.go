package pdf

import (
	"cmp"
	"slices"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/reporttest"
)

// sortedDelays is topDelays done the plain way: every deviation sorted.
func sortedDelays(r *reports.Report, n int) []int32 {
	res, ds := r.Result, r.Dataset
	var idx []int32
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		if v.Status != audit.Sen && v.Status != audit.Saknas || reports.Protected(&ds.Cases[v.Case]) {
			continue
		}
		if !measuresDelay(res.Rules[v.Rule].Kind) {
			continue
		}
		idx = append(idx, int32(i))
	}
	slices.SortFunc(idx, func(a, b int32) int {
		va, vb := &res.Verdicts[a], &res.Verdicts[b]
		if c := cmp.Compare(reports.CalendarDaysLate(res, ds, vb), reports.CalendarDaysLate(res, ds, va)); c != 0 {
			return c
		}
		if c := cmp.Compare(ds.Cases[va.Case].ID(), ds.Cases[vb.Case].ID()); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return idx[:min(n, len(idx))]
}

// TestTopDelaysMatchesSorting compares the bounded selection with sorting every
// deviation, for lists shorter and longer than the deviations, bounded and not.
func TestTopDelaysMatchesSorting(t *testing.T) {
	r := reporttest.Fixture(t, 400)
	all := len(sortedDelays(r, 1<<30))
	if all < 30 {
		t.Fatalf("fixture has only %d deviations", all)
	}
	for _, n := range []int{0, 1, 2, 25, 255, 256, all, all + 7} {
		if got, want := topDelays(r, n), sortedDelays(r, n); !slices.Equal(got, want) {
			t.Errorf("n=%d: %v, want %v", n, got, want)
		}
	}
}

// TestTopDelaysAreDelays: the list holds only deadlines missed, never a precedence check
// (a date set back, PAR-02) or a completeness or rotation check, which the fixture has
// deviations of.
func TestTopDelaysAreDelays(t *testing.T) {
	r := reporttest.Fixture(t, 400)
	res := r.Result
	others := map[audit.Kind]int{}
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		if k := res.Rules[v.Rule].Kind; (v.Status == audit.Sen || v.Status == audit.Saknas) && !measuresDelay(k) {
			others[k]++
		}
	}
	if others[audit.KindPrecedence] == 0 {
		t.Fatalf("the fixture has no precedence deviation to leave out (%v)", others)
	}
	for _, i := range topDelays(r, 1<<30) {
		if k := res.Rules[res.Verdicts[i].Rule].Kind; k == audit.KindPrecedence || k == audit.KindCompleteness || k == audit.KindRotation {
			t.Errorf("verdict %d of rule %s (%v) is listed as a delay", i, res.Rules[res.Verdicts[i].Rule].ID, k)
		}
	}
}
