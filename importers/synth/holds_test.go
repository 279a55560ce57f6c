package synth

import (
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/profile"
)

// TestProfileHoldsMatchesCarrier: the events an audit counts as possible in an export
// (profile.Holds) are exactly those generate writes into one, for every built-in
// profile; a profile whose event column takes codes as written holds every event.
func TestProfileHoldsMatchesCarrier(t *testing.T) {
	vocab := audit.NewVocabulary()
	for _, tc := range []struct {
		name    string
		holdAll bool
	}{{"magnacura", false}, {"paraply", false}, {"generic-wide", false}, {"generic-long", false}} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := profile.Lookup(tc.name)
			if err != nil {
				t.Fatal(err)
			}
			holds := p.Holds(vocab)
			if (holds == nil) != tc.holdAll {
				t.Fatalf("Holds returned nil: %v, want %v", holds == nil, tc.holdAll)
			}
			c := newCarrier(p, vocab, nil)
			held := 0
			for _, name := range vocab.Names() {
				code, _ := vocab.Lookup(name)
				if holds == nil {
					if !c.carries(code) {
						t.Errorf("%s: the profile reads any event code, but generate cannot write it", name)
					}
					continue
				}
				if holds(code) != c.carries(code) {
					t.Errorf("%s: Holds %v, generate carries %v", name, holds(code), c.carries(code))
				}
				if holds(code) {
					held++
				}
			}
			if holds != nil && (held == 0 || held == len(vocab.Names())) {
				t.Errorf("%d of %d events held: the test shows nothing", held, len(vocab.Names()))
			}
		})
	}
}
