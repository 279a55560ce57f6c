package routines_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/routinefile"
	"github.com/rutinkoll/rutinkoll/audit/routines"
)

// TestQuotesAreVerbatim checks that every rule's source quote is a verbatim passage of
// its seed document (testdata/seeds), whitespace aside: a verdict must trace back to a
// sentence that really is in the routine.
func TestQuotesAreVerbatim(t *testing.T) {
	rts, err := routines.Load(audit.NewVocabulary(), routinefile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	seeds := map[string]string{}
	check := func(id string, c audit.Citation) {
		t.Helper()
		text, ok := seeds[c.Document]
		if !ok {
			data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seeds", c.Document))
			if err != nil {
				t.Errorf("%s: source document %q not in testdata/seeds: %v", id, c.Document, err)
				return
			}
			text = norm(string(data))
			seeds[c.Document] = text
		}
		if !strings.Contains(text, norm(c.Quote)) {
			t.Errorf("%s: quote not found verbatim in %s: %q", id, c.Document, c.Quote)
		}
	}
	for _, rt := range rts {
		for _, r := range rt.Rules {
			check(r.ID, r.Source)
		}
		if rt.Privacy.ID != "" {
			check(rt.Privacy.ID, rt.Privacy.Source)
		}
	}
}
