package generate

import (
	"bytes"
	"cmp"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/canonical"
)

var opts = Options{Cases: 300, Seed: 7, From: audit.MustDate("2025-09-01"), To: audit.MustDate("2026-11-05"), BadRows: 8}

// TestDeterministicAndReadable: the same seed gives the same bytes, and the canonical
// reader imports every row but the deliberately bad ones.
func TestDeterministicAndReadable(t *testing.T) {
	var a, b bytes.Buffer
	if err := Write(&a, opts); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, opts); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("same seed, different output")
	}
	o2 := opts
	o2.Seed++
	var c bytes.Buffer
	Write(&c, o2)
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Fatal("another seed, same output")
	}
	bld := canonical.NewBuilder(audit.NewVocabulary())
	if err := bld.ReadFile("gen.csv", &a); err != nil {
		t.Fatal(err)
	}
	ds := bld.Dataset()
	if st := bld.Stats[0]; st.Rejected != opts.BadRows || !st.Balanced() {
		t.Errorf("stats %+v, want exactly %d rejected rows", st, opts.BadRows)
	}
	if len(ds.Cases) != opts.Cases {
		t.Errorf("%d cases, want %d", len(ds.Cases), opts.Cases)
	}
	for _, cs := range ds.Cases {
		for _, e := range cs.Events {
			if e.Date > opts.To {
				t.Fatalf("case %s has an event after the last date: %s", cs.ID(), e.Date)
			}
		}
		if cs.IVOCode() == "" || cs.Kommun.String() == "" {
			t.Fatalf("case %s lacks IVO code or kommun", cs.ID())
		}
	}
}

// TestMaxRows: a row budget gives exactly that many rows (the benchmark's file sizes),
// and no budget gives them all.
func TestMaxRows(t *testing.T) {
	o := Options{Cases: 100, Seed: 3, From: audit.MustDate("2025-09-01"), To: audit.MustDate("2026-11-05")}
	var all bytes.Buffer
	if err := Write(&all, o); err != nil {
		t.Fatal(err)
	}
	total := bytes.Count(all.Bytes(), []byte{'\n'}) - 1
	for _, n := range []int{1, 500, total, total + 10} {
		o.MaxRows = n
		var b bytes.Buffer
		if err := Write(&b, o); err != nil {
			t.Fatal(err)
		}
		if got := bytes.Count(b.Bytes(), []byte{'\n'}) - 1; got != min(n, total) {
			t.Errorf("MaxRows %d: %d rows, want %d", n, got, min(n, total))
		}
		if !bytes.HasPrefix(all.Bytes(), b.Bytes()) {
			t.Errorf("MaxRows %d: not a prefix of the full output", n)
		}
	}
}

// TestCommas: with Options.Commas some values hold a comma and are written quoted, and
// the file imports to the same cases and events as without, but for those values.
func TestCommas(t *testing.T) {
	read := func(o Options) (*audit.Dataset, []byte) {
		t.Helper()
		var b bytes.Buffer
		if err := Write(&b, o); err != nil {
			t.Fatal(err)
		}
		bld := canonical.NewBuilder(audit.NewVocabulary())
		if err := bld.ReadFile("gen.csv", bytes.NewReader(b.Bytes())); err != nil {
			t.Fatal(err)
		}
		if st := bld.Stats[0]; st.Rejected != o.BadRows || !st.Balanced() {
			t.Fatalf("stats %+v, want exactly %d rejected rows", st, o.BadRows)
		}
		return bld.Dataset(), b.Bytes()
	}
	plain, plainBytes := read(opts)
	o := opts
	o.Commas = true
	quoted, quotedBytes := read(o)
	for _, want := range []string{`;"Omsorgshuset Älvsjö, Hägersten AB";`, `;"Stöd & Omsorg i Solna, Ulriksdal AB";`, `vistelseort=Danderyds sjukhus, avd 63|`} {
		if !bytes.Contains(quotedBytes, []byte(want)) {
			t.Errorf("no %s in the file written with Commas", want)
		}
	}
	if bytes.Contains(plainBytes, []byte(`"`)) {
		t.Error("a quote in the file written without Commas")
	}
	if len(plain.Cases) != len(quoted.Cases) {
		t.Fatalf("%d cases with Commas, %d without", len(quoted.Cases), len(plain.Cases))
	}
	changed := 0
	for i := range plain.Cases {
		p, q := &plain.Cases[i], &quoted.Cases[i]
		if v, ok := commaValues[p.Utforare.String()]; ok {
			p.Utforare = audit.MakeName(v)
			changed++
		}
		for j := 0; p.Details != nil && j < len(*p.Details); j++ {
			(*p.Details)[j].Text = strings.Replace((*p.Details)[j].Text, "Danderyds sjukhus", "Danderyds sjukhus, avd 63", 1)
		}
		if !reflect.DeepEqual(p, q) {
			t.Fatalf("case %s differs with Commas:\n%+v\n%+v", p.ID(), q, p)
		}
	}
	if changed == 0 {
		t.Error("no case has an utförare Commas renames")
	}
	// The renamed utförare keep their place in alphabetical order (GOT-01's turn).
	for _, names := range [][]string{utforareHemtjanst, utforareBS} {
		before := slices.Sorted(slices.Values(names))
		after := make([]string, len(before))
		for i, n := range before {
			after[i] = cmp.Or(commaValues[n], n)
		}
		if !slices.IsSorted(after) {
			t.Errorf("renaming changes the alphabetical order: %q", after)
		}
	}
}
