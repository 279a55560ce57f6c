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
		if k := res.Rules[v.Rule].Kind; k == audit.KindCompleteness || k == audit.KindRotation {
			continue
		}
		idx = append(idx, int32(i))
	}
	slices.SortFunc(idx, func(a, b int32) int {
		va, vb := &res.Verdicts[a], &res.Verdicts[b]
		if c := cmp.Compare(vb.Days, va.Days); c != 0 {
			return c
		}
		if c := cmp.Compare(ds.Cases[va.Case].ID, ds.Cases[vb.Case].ID); c != 0 {
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
