package audit

import (
	"reflect"
	"strings"
	"testing"
)

// TestRotationScansInParts: the rotation rules judged on scans of consecutive parts of
// the cases, however many and however cut, give exactly the verdicts of one scan of
// them all, areas numbered across the parts as one scan numbers them.
func TestRotationScansInParts(t *testing.T) {
	ds, rt := rotationDataset(3000)
	asof := MustDate("2026-12-31")
	want := evaluateRotations(ds, rt.Rules, asof)
	if len(want) == 0 {
		t.Fatal("no rotation verdicts")
	}
	n := len(ds.Cases)
	for _, cuts := range [][]int{{n / 2}, {1, 2, n - 1}, {0, 0, n / 3, n / 3, 2 * n / 3}, {n}, {7, 100, 999, 1000, 2500}} {
		var scans []rotationScan
		from := 0
		for _, to := range append(cuts, n) {
			scans = append(scans, scanRotations(ds, rt.Rules, asof, from, to))
			from = to
		}
		if got := judgeRotations(ds, rt.Rules, scans); !reflect.DeepEqual(got, want) {
			t.Errorf("cut at %v: %d verdicts differ from one scan's %d", cuts, len(got), len(want))
		}
	}
}

// TestIDKeyOrdersAsIDs: where two ids' keys differ, they order as the ids; where they
// are equal, the ids share their first 8 bytes (up to zero bytes).
func TestIDKeyOrdersAsIDs(t *testing.T) {
	ids := []string{"", "A", "A1", "A1\x00", "A10", "A100000", "A1000000", "A10000000", "A1000001", "B", "a", "ä", "Å-1", "\x00", "\xff\xff\xff\xff\xff\xff\xff\xff\xff"}
	for _, a := range ids {
		for _, b := range ids {
			ka, kb := idKey(a), idKey(b)
			if ka != kb && (ka < kb) != (a < b) {
				t.Errorf("%q, %q: keys %x, %x order otherwise", a, b, ka, kb)
			}
			if ka == kb && strings.TrimRight(a[:min(8, len(a))], "\x00") != strings.TrimRight(b[:min(8, len(b))], "\x00") {
				t.Errorf("%q, %q: equal keys %x", a, b, ka)
			}
		}
	}
}

// TestRotationSameDayByCaseID: assignments in one area on one day are taken in case id
// order, whatever the order of the cases, and ids that share their first 8 bytes too.
func TestRotationSameDayByCaseID(t *testing.T) {
	r := &Rule{ID: "GOT-01", Kind: KindRotation, From: code("ickeval_tilldelad"), AreaDetail: "omrade"}
	rt := testRoutine("t", r)
	mk := func(id, utf, date string) Case {
		c := Case{Insats: MakeName("hemtjanst"), Utforare: MakeName(utf), Events: []Event{ev("ickeval_tilldelad", date)}}.WithTexts(id, "", "")
		c.SetDetails(&c.Events[0], "omrade=Visby")
		return c
	}
	for _, ids := range [][3]string{{"A-1", "A-2", "A-3"}, {"ärende-0000001", "ärende-0000002", "ärende-0000003"}} {
		// In id order: Alfa first; then Beta (next after Alfa), then Alfa (next after
		// Beta): all i tid. Taken in the cases' order (third, second) it would be sen.
		ds := &Dataset{Cases: []Case{mk(ids[0], "Alfa", "2026-01-01"), mk(ids[2], "Alfa", "2026-01-02"), mk(ids[1], "Beta", "2026-01-02")}}
		res := Evaluate(ds, []*Routine{rt}, Options{Asof: MustDate("2026-02-01")})
		for _, v := range res.Verdicts {
			if v.Status != ITid {
				t.Errorf("ids %v: case %s is %s (%s), want i tid", ids, ds.Cases[v.Case].ID(), v.Status.Code(), res.Reason(&v))
			}
		}
	}
}
