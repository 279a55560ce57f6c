package canonical

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
)

// TestCaseIndex adds ids with real hashes and with hashes made to collide (all equal,
// or equal in their low bits), growing the table as it goes and after a reserve, and
// checks that every id is found at its position and that absent ids are not; touching
// slots before each addition changes nothing, and touchCases names a case of each hash.
func TestCaseIndex(t *testing.T) {
	for _, tc := range []struct {
		name    string
		hash    func(x *caseIndex, id string, i int) uint32
		reserve int
	}{
		{"maphash", func(x *caseIndex, id string, _ int) uint32 { return hashID(x.seed, id) }, 0},
		{"maphash after reserve", func(x *caseIndex, id string, _ int) uint32 { return hashID(x.seed, id) }, 5000},
		{"one hash", func(*caseIndex, string, int) uint32 { return 7 }, 0},
		{"same low bits", func(_ *caseIndex, _ string, i int) uint32 { return uint32(i%5) << 20 }, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := newCaseIndex()
			x.grow(tc.reserve)
			var cases []audit.Case
			n := 3000
			if tc.name == "one hash" {
				n = 300 // every probe walks the whole cluster
			}
			for i := range n {
				id := fmt.Sprintf("C%d", i)
				h := tc.hash(&x, id, i)
				if _, ok := x.find(cases, id, h); ok {
					t.Fatalf("%s found before it was added", id)
				}
				cases = append(cases, audit.Case{}.WithTexts(id, "", ""))
				x.touch([]uint32{h, h + 1, ^h}) // reads only: the index must not change
				x.add(h, int32(len(cases)-1))
				if 2*x.n > len(x.slots) {
					t.Fatalf("%d ids in %d slots: more than half full", x.n, len(x.slots))
				}
			}
			// touchCases names, for each hash, a case of that hash (the first probed),
			// or -1 when none has it.
			hs := make([]uint32, n+1)
			for i := range n {
				hs[i] = tc.hash(&x, fmt.Sprintf("C%d", i), i)
			}
			hs[n] = hashID(x.seed, "C-absent") ^ 0x5bd1e995
			cand := make([]int32, len(hs))
			x.touchCases(cases, hs, cand)
			for i, h := range hs {
				if cand[i] < 0 {
					if i < n {
						t.Fatalf("touchCases found no case for C%d", i)
					}
					continue
				}
				if got := tc.hash(&x, cases[cand[i]].ID(), int(cand[i])); got != h {
					t.Fatalf("touchCases named case %d (hash %x) for hash %x", cand[i], got, h)
				}
			}
			for i := range n {
				id := fmt.Sprintf("C%d", i)
				if ci, ok := x.find(cases, id, tc.hash(&x, id, i)); !ok || ci != int32(i) {
					t.Fatalf("%s: found %v at %d, want %d", id, ok, ci, i)
				}
			}
			if _, ok := x.find(cases, "C-absent", tc.hash(&x, "C-absent", 0)); ok {
				t.Fatal("an absent id was found")
			}
		})
	}
	var empty caseIndex
	empty.touch([]uint32{1, 2})
	cand := []int32{5, 5}
	if empty.touchCases(nil, []uint32{1, 2}, cand); cand[0] != -1 || cand[1] != -1 {
		t.Fatalf("an empty index named cases %v", cand)
	}
	if _, ok := empty.find(nil, "x", 1); ok {
		t.Fatal("an empty index found an id")
	}
}

// TestHashIDOfBytes: the block workers hash an id's bytes, the merge and ReadFile its
// string; both must give the same hash for the same id.
func TestHashIDOfBytes(t *testing.T) {
	x := newCaseIndex()
	for _, id := range []string{"", "A1", "A100000", "ärende-7/2026", strings.Repeat("x", 300)} {
		if got, want := hashIDBytes(x.seed, []byte(id)), hashID(x.seed, id); got != want {
			t.Errorf("%q: bytes hash %x, string hash %x", id, got, want)
		}
	}
}
