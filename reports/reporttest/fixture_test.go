package reporttest_test

import (
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/reporttest"
)

func TestFixtureHasEveryVerdictKind(t *testing.T) {
	r := reporttest.Fixture(t, 60)
	for _, s := range audit.Statuses {
		if r.Summary.Total.N(s) == 0 {
			t.Errorf("no verdict %q in a fixture of 60 cases", s)
		}
	}
	if r.Summary.Protected == 0 {
		t.Error("no case with skyddade personuppgifter")
	}
	for _, in := range r.Inputs {
		if !in.Balanced() {
			t.Errorf("input %s not balanced: %+v", in.File, in)
		}
	}
	var injection, small bool
	for _, g := range r.Summary.Utforare {
		injection = injection || g.Name == reporttest.InjectionUtforare
		small = small || g.Small
	}
	if !injection || !small {
		t.Errorf("utförare: injection name present %v, a small group present %v", injection, small)
	}
	t.Logf("verdicts: %v, cases %d, protected %d, rules %d", r.Summary.Total.By, r.Summary.Cases, r.Summary.Protected, len(r.Summary.Rules))
}

func TestFixtureIsDeterministic(t *testing.T) {
	a, b := reporttest.Fixture(t, 120), reporttest.Fixture(t, 120)
	if diff := cmp.Diff(a.Result.Verdicts, b.Result.Verdicts); diff != "" {
		t.Errorf("verdicts differ between two runs (-a +b):\n%s", diff)
	}
	// Case i does not depend on n.
	c := reporttest.Fixture(t, 30)
	if diff := cmp.Diff(a.Dataset.Cases[:30], c.Dataset.Cases, cmpopts.EquateComparable(audit.Event{}),
		// A case's id, pseudonym and IVO code are in unexported fields (audit.Case.ID).
		cmp.Exporter(func(t reflect.Type) bool { return t == reflect.TypeFor[audit.Case]() })); diff != "" {
		t.Errorf("the first 30 cases depend on n (-120 +30):\n%s", diff)
	}
}

func TestLarge(t *testing.T) {
	r := reporttest.Large(t, 1001)
	got := r.Summary.Total.N(audit.Sen) + r.Summary.Total.N(audit.Saknas)
	if got != 1001 || len(r.Result.Verdicts) != 1001 {
		t.Errorf("Large(1001): %d deviations, %d verdicts", got, len(r.Result.Verdicts))
	}
	for i := range r.Dataset.Cases {
		if reports.Protected(&r.Dataset.Cases[i]) {
			t.Fatal("Large has a skyddad case")
		}
	}
}
