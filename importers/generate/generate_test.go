package generate

import (
	"bytes"
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
				t.Fatalf("case %s has an event after the last date: %s", cs.ID, e.Date)
			}
		}
		if cs.IVOCode == "" || cs.Kommun == "" {
			t.Fatalf("case %s lacks IVO code or kommun", cs.ID)
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
