package audit

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
)

func TestName(t *testing.T) {
	if MakeName("") != 0 || Name(0).String() != "" {
		t.Errorf(`MakeName("") = %d, Name(0) = %q; want 0 and ""`, MakeName(""), Name(0).String())
	}
	a, b := MakeName("Hemtjänst Öst AB"), MakeName("Hemtjänst Väst AB")
	if a == b || a == 0 || b == 0 {
		t.Fatalf("two texts, Names %d and %d", a, b)
	}
	if MakeName("Hemtjänst Öst AB") != a || a.String() != "Hemtjänst Öst AB" {
		t.Errorf("the same text named again: %d %q, want %d", MakeName("Hemtjänst Öst AB"), a.String(), a)
	}
	nameTable.mu.Lock()
	got, ok := nameTable.ids["Hemtjänst Väst AB"]
	nameTable.mu.Unlock()
	if !ok || got != b {
		t.Errorf("the table holds %d, %v for a named text; want %d", got, ok, b)
	}
	// The table keeps its own copy of the text.
	buf := []byte("Enhet Norr")
	n := MakeName(string(buf))
	copy(buf, "XXXXX")
	if n.String() != "Enhet Norr" {
		t.Errorf("the text changed with the caller's bytes: %q", n.String())
	}
	// Names appear as their texts in JSON, and come back from them.
	type row struct{ Utforare Name }
	data, err := json.Marshal(row{a})
	if err != nil || string(data) != `{"Utforare":"Hemtjänst Öst AB"}` {
		t.Errorf("json %s, %v", data, err)
	}
	var back row
	if err := json.Unmarshal(data, &back); err != nil || back.Utforare != a {
		t.Errorf("from json: %d, %v; want %d", back.Utforare, err, a)
	}
}

// TestNameConcurrent: goroutines naming the same texts, and reading Names while the
// table grows, get one Name per text (run with -race).
func TestNameConcurrent(t *testing.T) {
	const texts, workers = 2000, 4
	got := make([][]Name, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			nm := NewNamer(100) // small: cleared on the way
			for i := range texts {
				s := fmt.Sprintf("concurrent-%d", (i*7+w)%texts)
				n := nm.Name([]byte(s))
				if n.String() != s {
					t.Errorf("worker %d: Name of %q reads %q", w, s, n.String())
					return
				}
				got[w] = append(got[w], n)
			}
		})
	}
	wg.Wait()
	for w := range workers {
		for i, n := range got[w] {
			want := MakeName(fmt.Sprintf("concurrent-%d", (i*7+w)%texts))
			if n != want {
				t.Fatalf("worker %d text %d: Name %d, the table says %d", w, i, n, want)
			}
		}
	}
}

func TestNamerEmpty(t *testing.T) {
	nm := NewNamer(0)
	if nm.Name(nil) != 0 || nm.Name([]byte{}) != 0 {
		t.Error("empty bytes must be Name 0")
	}
	x := nm.Name([]byte("Insats X"))
	if nm.Name([]byte("Insats X")) != x || nm.Name([]byte("Insats Y")) == x {
		t.Error("Namer gave wrong Names")
	}
}

// A package variable that names a text is initialized before any init function runs:
// the table must be ready by then.
var nameAtInit = MakeName("namn vid paketets initiering")

func TestNameAtPackageInit(t *testing.T) {
	if nameAtInit == 0 || nameAtInit.String() != "namn vid paketets initiering" {
		t.Errorf("Name made at package initialization: %d %q", nameAtInit, nameAtInit.String())
	}
}

// TestNamerRecentCollisions: texts that quickHash cannot tell apart (same length, same
// first and last eight bytes), short texts and texts that differ in their last byte,
// named in turns again and again, each keep their own Name.
func TestNamerRecentCollisions(t *testing.T) {
	texts := []string{
		"Hemtjänst Väst A (egen regi)", "Hemtjänst Väst B (egen regi)", "Hemtjänst Väst C (egen regi)",
		"a", "b", "ab", "ba", "Söder", "Södeq", "12345678", "12345679", "123456789",
	}
	nm := NewNamer(0)
	for round := range 5 {
		for i := range texts {
			s := texts[(i*5+round)%len(texts)]
			if got := nm.Name([]byte(s)); got.String() != s || got != MakeName(s) {
				t.Fatalf("round %d: %q named %d (%q)", round, s, got, got.String())
			}
		}
	}
	if quickHash([]byte(texts[0])) != quickHash([]byte(texts[1])) {
		t.Log("the first two texts no longer collide in quickHash: the test checks less")
	}
}
