package fastcsv

import (
	"io"
	"slices"
	"strings"
	"testing"
)

// TestSkip: after Skip the next record is the one after the skipped lines, with the
// file's line numbers, offsets and field positions, sharing no fields with a record
// before; a quoted record and the quote search after the skip are as without it.
func TestSkip(t *testing.T) {
	const in = "ab;c;d\nab;c;e\nab;c;f\r\nab;c;g\n\"x;1\";\"y\"\"\";z\nab;c;h\n"
	lines := strings.SplitAfter(in, "\n")
	for from := 1; from < 6; from++ {
		for n := 0; from+n <= 6; n++ {
			r := NewBytesReader([]byte(in), ';', 10)
			for i := 0; i < from; i++ {
				if _, err := r.ReadBytes(); err != nil {
					t.Fatal(err)
				}
			}
			skipped := strings.Join(lines[from:from+n], "")
			r.Skip(len(skipped), n)
			if n > 0 && (r.Line() != 10+from+n || r.SharedFields() != 0 || r.RawTail() != nil) {
				t.Errorf("after skipping lines %d–%d: Line %d, SharedFields %d, RawTail %q", from+1, from+n, r.Line(), r.SharedFields(), r.RawTail())
			}
			want := NewReader(strings.NewReader(strings.Join(lines[from+n:], "")), ';')
			for k := from + n; ; k++ {
				got, err := r.ReadBytes()
				w, werr := want.Read()
				if err != werr {
					t.Fatalf("from %d, %d skipped, record %d: error %v, want %v", from, n, k, err, werr)
				}
				if err == io.EOF {
					break
				}
				if !slices.Equal(strings.Split(string(joinFields(got)), "\x00"), w) {
					t.Errorf("from %d, %d skipped, record %d: %q, want %q", from, n, k, got, w)
				}
				if k == from+n && n > 0 && r.SharedFields() != 0 {
					t.Errorf("from %d, %d skipped: the first record shares %d fields", from, n, r.SharedFields())
				}
				if line, col := r.FieldPos(2); line != 11+k {
					t.Errorf("from %d, %d skipped, record %d: FieldPos(2) = %d:%d, want line %d", from, n, k, line, col, 11+k)
				}
				if off := r.InputOffset(); off != int64(len(strings.Join(lines[:k+1], ""))) {
					t.Errorf("from %d, %d skipped, record %d: InputOffset %d", from, n, k, off)
				}
			}
		}
	}
}

// TestSkipPanics: Skip cannot pass over bytes the Reader does not hold, nor bytes
// without lines or lines without bytes.
func TestSkipPanics(t *testing.T) {
	for _, tc := range []struct{ n, lines int }{{5, 1}, {-1, 0}, {0, 1}, {4, 0}, {4, -1}} {
		r := NewBytesReader([]byte("a;b\nc;d\n"), ';', 0)
		if _, err := r.ReadBytes(); err != nil {
			t.Fatal(err)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Skip(%d, %d) with 4 bytes left did not panic", tc.n, tc.lines)
				}
			}()
			r.Skip(tc.n, tc.lines)
		}()
	}
}

func joinFields(f [][]byte) []byte {
	var out []byte
	for i, b := range f {
		if i > 0 {
			out = append(out, 0)
		}
		out = append(out, b...)
	}
	return out
}
