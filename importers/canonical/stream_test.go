package canonical

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unsafe"

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

// TestReadFileAtTrickyIDs: quoted case ids with escaped quotes or line breaks (which the
// reader unescapes into a scratch buffer) keep their cases apart, for any block size.
func TestReadFileAtTrickyIDs(t *testing.T) {
	inputs := []string{
		"case_id;event;date\n\"A\"\"1\";beslut;2026-01-01\n\"B\"\"2\";beslut;2026-01-02\n\"A\"\"1\";avslut;2026-02-01\n",
		"case_id;event;date\r\n\"A\r\n1\";beslut;2026-01-01\r\n\"B\r\n2\";beslut;2026-01-02\r\n\"B\r\n2\";avslut;2026-01-03\r\n",
		"\ufeffcase_id;event;date\n\"A;1\";beslut;2026-01-01\nA;beslut;2026-01-02\n\"A\";avslut;2026-01-03",
	}
	defer func(n int) { blockSize = n }(blockSize)
	for i, in := range inputs {
		seq := NewBuilder(audit.NewVocabulary())
		if err := seq.ReadFile("f.csv", strings.NewReader(in)); err != nil {
			t.Fatal(err)
		}
		want := seq.Dataset()
		for _, bs := range []int{16, 40, 64, 1 << 20} {
			for _, workers := range []int{1, 2} {
				blockSize = bs
				par := NewBuilder(audit.NewVocabulary())
				if err := par.ReadFileAt("f.csv", strings.NewReader(in), int64(len(in)), workers); err != nil {
					t.Fatal(err)
				}
				if got := par.Dataset(); !reflect.DeepEqual(want, got) {
					t.Errorf("input %d, blocks of %d, %d workers: %d cases, sequential %d", i, bs, workers, len(got.Cases), len(want.Cases))
				}
			}
		}
	}
}

// TestReserveFollowsTheFile: room for cases is reserved for a file grouped by case (the
// common export order), not multiplied out for a file sorted by date, where the same
// cases come back in every block.
func TestReserveFollowsTheFile(t *testing.T) {
	defer func(n int) { blockSize = n }(blockSize)
	blockSize = 4 << 10
	var grouped, byDate strings.Builder
	grouped.WriteString("case_id;event;date\n")
	byDate.WriteString("case_id;event;date\n")
	const cases, events = 2000, 10
	for c := 0; c < cases; c++ {
		for e := 0; e < events; e++ {
			fmt.Fprintf(&grouped, "C%05d;uppfoljning;2026-01-%02d\n", c, 1+e)
		}
	}
	for e := 0; e < events; e++ {
		for c := 0; c < 200; c++ {
			fmt.Fprintf(&byDate, "C%05d;uppfoljning;2026-01-%02d\n", c, 1+e)
		}
	}
	for _, tc := range []struct {
		name     string
		in       string
		cases    int
		min, max int // bounds of the room reserved
	}{
		{"grouped", grouped.String(), cases, cases, cases * 3 / 2},
		{"by date", byDate.String(), 200, 200, 2 * 200},
	} {
		b := NewBuilder(audit.NewVocabulary())
		if err := b.ReadFileAt("f.csv", strings.NewReader(tc.in), int64(len(tc.in)), 2); err != nil {
			t.Fatal(err)
		}
		ds := b.Dataset()
		if len(ds.Cases) != tc.cases || cap(ds.Cases) < tc.min || cap(ds.Cases) > tc.max {
			t.Errorf("%s: %d cases with room for %d; want %d cases, room %d–%d", tc.name, len(ds.Cases), cap(ds.Cases), tc.cases, tc.min, tc.max)
		}
	}
}

// TestReadFileAtSharedPrefix: the block reader takes a row that begins with the row
// before's case id as a row of that case without looking it up, but only when that row
// was accepted; and a row that shares the columns before the id does not count.
func TestReadFileAtSharedPrefix(t *testing.T) {
	tests := []struct {
		name, in string
		want     map[string]int // events per case
	}{
		{"after a rejected row", "case_id;person;event;date\nA;P1;beslut;2026-01-01\nB;P2;beslut;2026-13-01\nB;P2;beslut;2026-01-02\nB;P2;avslut;2026-01-03\nA;P1;avslut;2026-01-04\n",
			map[string]int{"A": 2, "B": 2}},
		{"after an unknown event", "case_id;event;date\nA;beslut;2026-01-01\nB;inget_sadant;2026-01-01\nB;beslut;2026-01-02\n",
			map[string]int{"A": 1, "B": 1}},
		{"id after the shared columns", "event;date;case_id\nbeslut;2026-01-01;A\nbeslut;2026-01-01;B\nbeslut;2026-01-01;AB\navslut;2026-01-01;AB\n",
			map[string]int{"A": 1, "B": 1, "AB": 2}},
		{"id a prefix of the next", "case_id;event;date\nA;beslut;2026-01-01\nA1;beslut;2026-01-01\nA;avslut;2026-01-02\n",
			map[string]int{"A": 2, "A1": 1}},
	}
	defer func(n int) { blockSize = n }(blockSize)
	for _, tc := range tests {
		seq := NewBuilder(audit.NewVocabulary())
		if err := seq.ReadFile("f.csv", strings.NewReader(tc.in)); err != nil {
			t.Fatal(err)
		}
		want := seq.Dataset()
		for _, bs := range []int{16, 1 << 20} {
			blockSize = bs
			par := NewBuilder(audit.NewVocabulary())
			if err := par.ReadFileAt("f.csv", strings.NewReader(tc.in), int64(len(tc.in)), 1); err != nil {
				t.Fatal(err)
			}
			got := par.Dataset()
			if !reflect.DeepEqual(want, got) {
				t.Errorf("%s, blocks of %d: differs from ReadFile", tc.name, bs)
			}
			counts := map[string]int{}
			for _, c := range got.Cases {
				counts[c.ID()] = len(c.Events)
			}
			if !reflect.DeepEqual(counts, tc.want) {
				t.Errorf("%s, blocks of %d: events per case %v, want %v", tc.name, bs, counts, tc.want)
			}
		}
	}
}

// TestEventRoom: a worker's first slab is the file's guessed share of rows, a later one
// twice the one before, up to maxSlab, and always room for what is asked.
func TestEventRoom(t *testing.T) {
	for _, tc := range []struct {
		name    string
		guess   int
		asks    []int
		wantCap []int // the slab's capacity after each ask
	}{
		{"small file", 0, []int{10, 5, 20}, []int{10, 20, 40}},
		{"guessed", 1000, []int{10, 990, 5}, []int{1000, 1000, 2000}},
		{"capped", maxSlab, []int{maxSlab, 10}, []int{maxSlab, maxSlab}},
		{"large ask", 0, []int{10, 3 * maxSlab}, []int{10, 3 * maxSlab}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := &blockWorker{fc: &fileConfig{slab: tc.guess}}
			for i, n := range tc.asks {
				room := w.eventRoom(n)
				if len(room) != 0 || cap(room) != n {
					t.Fatalf("ask %d: room len %d cap %d, want 0 and %d", n, len(room), cap(room), n)
				}
				if cap(w.slab) != tc.wantCap[i] {
					t.Errorf("after asking for %d: slab of %d, want %d", n, cap(w.slab), tc.wantCap[i])
				}
				w.slab = w.slab[:len(w.slab)+n] // the block used all of it
			}
		})
	}
}

// TestAppendEventsKeepsCasesApart: cases grown a block at a time, in random turns and
// by random amounts, each get their own room, though rooms outgrown are reused: their
// events stay in order and none overwrites another's.
func TestAppendEventsKeepsCasesApart(t *testing.T) {
	var b Builder
	rng := rand.New(rand.NewPCG(7, 9))
	cases := make([]audit.Case, 50)
	want := make([][]audit.Event, len(cases))
	for round := range 4000 {
		ci := rng.IntN(len(cases))
		evs := make([]audit.Event, 1+rng.IntN(1+rng.IntN(20)))
		for k := range evs {
			evs[k] = audit.Event{Code: audit.EventCode(ci + 1), Date: audit.Date(round), Line: int32(k)}
		}
		b.appendEvents(&cases[ci], evs)
		want[ci] = append(want[ci], evs...)
	}
	for ci := range cases {
		if !reflect.DeepEqual(cases[ci].Events, want[ci]) {
			t.Fatalf("case %d: %d events, want %d (or out of order, or overwritten)", ci, len(cases[ci].Events), len(want[ci]))
		}
	}
}

// TestEventRoomsReuse: a room a case outgrows goes to the next case that needs its
// size; an array that is not a room (a block's events) is never handed out again.
func TestEventRoomsReuse(t *testing.T) {
	var r eventRooms
	a := r.grow(nil, make([]audit.Event, 3)) // a room of 4
	if cap(a) != 4 {
		t.Fatalf("room of %d events, want 4", cap(a))
	}
	first := unsafe.SliceData(a)
	a = r.grow(a, make([]audit.Event, 2)) // 5 events: moves to 8, gives back the 4
	if cap(a) != 8 || len(a) != 5 {
		t.Fatalf("grown to len %d cap %d, want 5 and 8", len(a), cap(a))
	}
	b := r.grow(nil, []audit.Event{{Line: 42}})
	if unsafe.SliceData(b) != first {
		t.Errorf("a new room of 4 did not reuse the one outgrown")
	}
	if b[0].Line != 42 || len(b) != 1 {
		t.Errorf("reused room holds %v, want the one event given", b)
	}
	foreign := make([]audit.Event, 4)
	c := r.grow(foreign, make([]audit.Event, 1)) // moves to 8; the foreign array is not ours
	if unsafe.SliceData(c) == unsafe.SliceData(foreign) {
		t.Fatalf("grew in place past capacity")
	}
	d := r.grow(nil, make([]audit.Event, 4))
	if unsafe.SliceData(d) == unsafe.SliceData(foreign) {
		t.Errorf("a block's array was handed out as a room")
	}
}
