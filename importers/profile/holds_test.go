package profile

import (
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
)

// TestHolds checks the events a profile can produce: those of its value map, and every
// event when its event column takes codes as written. (That Holds agrees with what
// generate writes for every built-in profile is tested in importers/synth.)
func TestHolds(t *testing.T) {
	vocab := audit.NewVocabulary()
	code := func(name string) audit.EventCode {
		c, ok := vocab.Lookup(name)
		if !ok {
			t.Fatalf("no event %s", name)
		}
		return c
	}
	p, err := Lookup("magnacura")
	if err != nil {
		t.Fatal(err)
	}
	holds := p.Holds(vocab)
	if holds == nil || !holds(code("beslut")) || holds(code("genomforandeplan_klar")) {
		t.Errorf("magnacura: holds beslut %v, genomforandeplan_klar %v; want true, false", holds != nil && holds(code("beslut")), holds != nil && holds(code("genomforandeplan_klar")))
	}
	long, err := Lookup("generic-long")
	if err != nil {
		t.Fatal(err)
	}
	long.Columns.Event.Values = nil
	if long.Holds(vocab) != nil {
		t.Error("an event column without a value map: Holds should be nil (any event)")
	}
}
