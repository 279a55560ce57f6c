package routines_test

import (
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/routinefile"
	"github.com/rutinkoll/rutinkoll/audit/routines"
	"github.com/rutinkoll/rutinkoll/audit/routinetest"
)

// TestShippedRoutineTests runs every shipped routine test file against the embedded
// routines, as `rutinkoll routines test` does.
func TestShippedRoutineTests(t *testing.T) {
	vocab := audit.NewVocabulary()
	rts, err := routines.Load(vocab, routinefile.Options{})
	if err != nil {
		t.Fatalf("embedded routines invalid:\n%v", err)
	}
	tested := map[string]int{}
	for _, f := range routines.TestFiles() {
		t.Run(f.Name, func(t *testing.T) {
			tf, err := routinefile.ParseTestFile(f, vocab)
			if err != nil {
				t.Fatalf("test file invalid:\n%v", err)
			}
			rep := routinetest.Run(tf, rts)
			for _, fl := range rep.Failures {
				t.Error(fl.String())
			}
			for id, n := range rep.Rules {
				tested[id] += n
			}
		})
	}
	for _, rt := range rts {
		for _, r := range rt.Rules {
			if tested[r.ID] == 0 {
				t.Errorf("rule %s (%s) has no routine test", r.ID, rt.File)
			}
		}
	}
}
