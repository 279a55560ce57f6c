package canonical

import (
	"fmt"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
)

// TestCodeTable: every vocabulary name is found with its code once added, names never
// added are not, and a full table still answers correctly.
func TestCodeTable(t *testing.T) {
	vocab := audit.NewVocabulary()
	var tab codeTable
	for _, name := range vocab.Names() {
		code, _ := vocab.Lookup(name)
		tab.add(name, code)
	}
	for _, name := range vocab.Names() {
		want, _ := vocab.Lookup(name)
		if got, ok := tab.lookup([]byte(name)); !ok || got != want {
			t.Errorf("%s: got %d, %v; want %d", name, got, ok, want)
		}
	}
	for _, name := range []string{"", "beslu", "beslutt", "BESLUT", "x"} {
		if _, ok := tab.lookup([]byte(name)); ok {
			t.Errorf("%q found but never added", name)
		}
	}
	for i := 0; i < 300; i++ {
		tab.add(fmt.Sprintf("code_%d", i), audit.EventCode(i))
	}
	if tab.n > len(tab.slots)/2 {
		t.Fatalf("table holds %d names in %d slots", tab.n, len(tab.slots))
	}
	for i := 0; i < 300; i++ {
		if got, ok := tab.lookup([]byte(fmt.Sprintf("code_%d", i))); ok && got != audit.EventCode(i) {
			t.Fatalf("code_%d: wrong code %d", i, got)
		}
	}
}
