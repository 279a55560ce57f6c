package audit

import (
	"encoding/binary"
	"sync"
	"sync/atomic"
)

// Name is a text that many cases share — an insats code, an utförare, an enhet, a
// kommun — held once in a table of the process and named in each case by its number:
// 4 bytes in every case instead of a string's 16 (a million cases hold four each).
// The zero Name is "". Numbers are given in the order texts are first seen, which
// differs from run to run when several goroutines import: compare and sort Names by
// their String, never by number, wherever an order shows.
type Name uint32

// nameTable is the process's table of Names. Readers load the list without a lock: an
// appended text is written before the longer list is published, and a published
// element is never written again.
var nameTable = newNameTable()

type nameTableT struct {
	mu   sync.Mutex
	ids  map[string]Name
	list atomic.Pointer[[]string]
}

// newNameTable returns the table holding Name 0, "". It is made in the variable's
// declaration, not in init, so that package variables may make Names too.
func newNameTable() *nameTableT {
	t := &nameTableT{ids: map[string]Name{"": 0}}
	list := make([]string, 1, 256)
	t.list.Store(&list)
	return t
}

// MakeName returns the Name of s, adding s to the table when it is new.
func MakeName(s string) Name {
	nameTable.mu.Lock()
	defer nameTable.mu.Unlock()
	if n, ok := nameTable.ids[s]; ok {
		return n
	}
	list := *nameTable.list.Load()
	if uint64(len(list)) > uint64(^Name(0)) {
		// More than four thousand million distinct utförare and enheter: no
		// verksamhetssystem exports that; a program bug.
		panic("audit: the table of names is full")
	}
	s = string(append([]byte(nil), s...)) // the table outlives the caller's bytes
	n := Name(len(list))
	list = append(list, s) // a new array when full: readers keep the old one
	nameTable.list.Store(&list)
	nameTable.ids[s] = n
	return n
}

// String returns the text n names.
func (n Name) String() string {
	return (*nameTable.list.Load())[n]
}

// MarshalText makes a Name appear as its text in JSON and other encodings.
func (n Name) MarshalText() ([]byte, error) { return []byte(n.String()), nil }

// UnmarshalText sets n to the Name of the text.
func (n *Name) UnmarshalText(b []byte) error {
	*n = MakeName(string(b))
	return nil
}

// Namer gives Names to texts for one goroutine, keeping the ones it has given, so that
// an importer's workers rarely take the table's lock: a file names a handful of insatser
// and some hundred utförare and enheter. The texts named lately are found without a
// map: in a file sorted by date nearly every row names its utförare, enhet and kommun
// anew, and the map's hashing and comparing took 0.65 of 10 CPU-seconds at 10M rows.
type Namer struct {
	recent  [namerSlots]namerSlot // by quickHash of the text
	given   map[string]Name
	maxKeep int
}

// namerSlots is the size of a Namer's table of recent texts: a power of two.
const namerSlots = 256

type namerSlot struct {
	s string
	n Name
}

// NewNamer returns a Namer that keeps up to keep texts (0 = 4096).
func NewNamer(keep int) *Namer {
	if keep <= 0 {
		keep = 4096
	}
	return &Namer{given: map[string]Name{}, maxKeep: keep}
}

// Name returns the Name of the bytes b without allocating when it was given before.
func (nm *Namer) Name(b []byte) Name {
	if len(b) == 0 {
		return 0
	}
	slot := &nm.recent[quickHash(b)&(namerSlots-1)]
	if slot.s == string(b) {
		return slot.n
	}
	n, ok := nm.given[string(b)]
	if !ok {
		s := string(b)
		n = MakeName(s)
		if len(nm.given) >= nm.maxKeep {
			clear(nm.given) // a file of unique texts: the table's lock each time
		}
		nm.given[s] = n
	}
	*slot = namerSlot{n.String(), n}
	return n
}

// quickHash mixes b's length and its first and last eight bytes: enough to tell apart
// the few hundred texts of a column, cheaper than hashing every byte.
func quickHash(b []byte) uint32 {
	const k = 0x9E3779B97F4A7C15
	x := uint64(len(b))
	if len(b) >= 8 {
		x ^= binary.LittleEndian.Uint64(b) ^ binary.LittleEndian.Uint64(b[len(b)-8:])*k
	} else {
		for _, c := range b {
			x = x<<8 ^ uint64(c)
		}
	}
	return uint32((x * k) >> 32)
}
