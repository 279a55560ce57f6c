package fastcsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// readAll reads records until io.EOF or the first error.
func readAll(r *Reader) ([][]string, error) {
	var out [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
}

func TestReadRecords(t *testing.T) {
	tests := []struct {
		name  string
		input string
		delim byte
		want  [][]string
	}{
		{"crlf normalised in quotes", "\"a\r\nb\";c\r\n", ';', [][]string{{"a\nb", "c"}}},
		{"empty lines skipped", "\n\na\n\r\n\nb", ',', [][]string{{"a"}, {"b"}}},
		{"escaped quotes", `"say ""hi""",x` + "\n", ',', [][]string{{`say "hi"`, "x"}}},
		{"trailing delimiter", "a\t\n", '\t', [][]string{{"a", ""}}},
		{"lone cr at end dropped", "a,b\r", ',', [][]string{{"a", "b"}}},
		{"bom kept", "\ufeffid,x\n1,2\n", ',', [][]string{{"\ufeffid", "x"}, {"1", "2"}}},
		{"swedish", "Omsorg Åkersberga AB;\"Enhet, Norr\"\n", ';', [][]string{{"Omsorg Åkersberga AB", "Enhet, Norr"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readAll(NewReader(strings.NewReader(tc.input), tc.delim))
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Fatalf("records = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  csv.ParseError
		// partial is the record Read returns with the error.
		partial []string
	}{
		{"bare quote", "ab,c\"d\n", csv.ParseError{StartLine: 1, Line: 1, Column: 5, Err: csv.ErrBareQuote}, []string{"ab"}},
		{"bare quote line 3", "a\nb\nc\"\n", csv.ParseError{StartLine: 3, Line: 3, Column: 2, Err: csv.ErrBareQuote}, nil},
		{"extraneous quote", "x,\"a\"b\n", csv.ParseError{StartLine: 1, Line: 1, Column: 5, Err: csv.ErrQuote}, []string{"x"}},
		{"extraneous quote multiline", "\"a\nbc\"d\n", csv.ParseError{StartLine: 1, Line: 2, Column: 3, Err: csv.ErrQuote}, nil},
		{"unterminated", "\"abc", csv.ParseError{StartLine: 1, Line: 1, Column: 5, Err: csv.ErrQuote}, nil},
		{"unterminated multiline", "ok\n\"a\nbc\n", csv.ParseError{StartLine: 2, Line: 3, Column: 4, Err: csv.ErrQuote}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tc.input), ',')
			var rec []string
			var err error
			for err == nil {
				rec, err = r.Read()
			}
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T), want *csv.ParseError", err, err)
			}
			if *pe != tc.want {
				t.Fatalf("error %+v, want %+v", *pe, tc.want)
			}
			if !slices.Equal(rec, tc.partial) {
				t.Fatalf("partial record %q, want %q", rec, tc.partial)
			}
			if r.Line() != tc.want.StartLine {
				t.Fatalf("Line() = %d, want %d", r.Line(), tc.want.StartLine)
			}
		})
	}
}

func TestContinuesAfterError(t *testing.T) {
	r := NewReader(strings.NewReader("a,b\nc\"d\ne,f\n"), ',')
	var records [][]string
	var errs []error
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		records = append(records, rec)
	}
	want := [][]string{{"a", "b"}, {"e", "f"}}
	if !slices.EqualFunc(records, want, slices.Equal) {
		t.Fatalf("records = %q, want %q", records, want)
	}
	if len(errs) != 1 || !errors.Is(errs[0], csv.ErrBareQuote) {
		t.Fatalf("errors = %v, want one ErrBareQuote", errs)
	}
}

func TestFieldPosAndOffset(t *testing.T) {
	input := "id;name\r\n\r\n7;\"multi\nline\";x\n8;y"
	r := NewReader(strings.NewReader(input), ';')
	type want struct {
		line      int
		positions [][2]int
		offset    int64
	}
	wants := []want{
		{1, [][2]int{{1, 1}, {1, 4}}, 9},
		{3, [][2]int{{3, 1}, {3, 3}, {4, 7}}, int64(strings.Index(input, "8;y"))},
		{5, [][2]int{{5, 1}, {5, 3}}, int64(len(input))},
	}
	for i, w := range wants {
		rec, err := r.Read()
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		if r.Line() != w.line {
			t.Errorf("record %d: Line() = %d, want %d", i, r.Line(), w.line)
		}
		for f := range rec {
			l, c := r.FieldPos(f)
			if [2]int{l, c} != w.positions[f] {
				t.Errorf("record %d field %d: FieldPos = %d,%d, want %v", i, f, l, c, w.positions[f])
			}
		}
		if got := r.InputOffset(); got != w.offset {
			t.Errorf("record %d: InputOffset = %d, want %d", i, got, w.offset)
		}
	}
	if _, err := r.Read(); err != io.EOF {
		t.Fatalf("final Read error = %v, want io.EOF", err)
	}
}

func TestFieldPosOutOfRangePanics(t *testing.T) {
	r := NewReader(strings.NewReader("a,b\n"), ',')
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("FieldPos(2) did not panic")
		}
	}()
	r.FieldPos(2)
}

func TestInvalidDelimiter(t *testing.T) {
	for _, d := range []byte{0, '"', '\r', '\n', 0xC3} {
		_, err := NewReader(strings.NewReader("a\n"), d).Read()
		if !errors.Is(err, ErrInvalidDelim) {
			t.Errorf("delimiter %q: error %v, want ErrInvalidDelim", d, err)
		}
	}
}

func TestReadErrorIsWrappedAndSticky(t *testing.T) {
	boom := errors.New("boom")
	src := io.MultiReader(strings.NewReader("a,b\nc,"), iotest.ErrReader(boom))
	r := NewReaderSize(src, ',', minBufferSize)
	rec, err := r.Read()
	if err != nil || !slices.Equal(rec, []string{"a", "b"}) {
		t.Fatalf("first Read = %q, %v; want [a b], nil", rec, err)
	}
	for range 2 {
		_, err = r.Read()
		if !errors.Is(err, boom) {
			t.Fatalf("Read error = %v, want wrapped boom", err)
		}
		if !strings.Contains(err.Error(), "fastcsv: reading input") {
			t.Fatalf("error %q lacks context", err)
		}
	}
}

// zeroReader returns no data and no error forever.
type zeroReader struct{}

func (zeroReader) Read([]byte) (int, error) { return 0, nil }

func TestNoProgress(t *testing.T) {
	_, err := NewReader(zeroReader{}, ',').Read()
	if !errors.Is(err, io.ErrNoProgress) {
		t.Fatalf("error = %v, want io.ErrNoProgress", err)
	}
}

func TestReuseRecord(t *testing.T) {
	input := "a,b,c\nd,e,f\n"
	r := NewReader(strings.NewReader(input), ',')
	r.ReuseRecord = true
	first, _ := r.Read()
	firstCopy := slices.Clone(first)
	second, _ := r.Read()
	if &first[0] != &second[0] {
		t.Fatal("ReuseRecord: second record does not share the first one's array")
	}
	if firstCopy[0] != "a" || second[0] != "d" {
		t.Fatalf("unexpected records %q %q", firstCopy, second)
	}

	r = NewReader(strings.NewReader(input), ',')
	first, _ = r.Read()
	second, _ = r.Read()
	if first[0] != "a" || second[0] != "d" {
		t.Fatalf("without ReuseRecord the first record was overwritten: %q %q", first, second)
	}
}

func TestAllocsPerRecord(t *testing.T) {
	line := "C000123;p-4f3a9c;hemtjanst;Omsorg Åkersberga AB;Enhet Norr;bestallning_mottagen;2026-03-05;2026-03-06\n"
	quoted := "C000124;p-4f3a9d;hemtjanst;\"Vård, Omsorg\";Enhet Norr;klar;2026-03-05;2026-03-06\n"
	for _, tc := range []struct {
		name  string
		line  string
		reuse bool
		want  float64
	}{
		{"plain reuse", line, true, 1},
		{"plain", line, false, 2},
		{"quoted reuse", quoted, true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(strings.Repeat(tc.line, 2000)), ';')
			r.ReuseRecord = tc.reuse
			if _, err := r.Read(); err != nil { // warm up buffers
				t.Fatal(err)
			}
			got := testing.AllocsPerRun(1000, func() {
				if _, err := r.Read(); err != nil {
					t.Fatal(err)
				}
			})
			if got > tc.want {
				t.Fatalf("allocs per record = %v, want <= %v", got, tc.want)
			}
		})
	}
}

// TestSplitLineEveryOffset checks the word-at-a-time delimiter search for a
// delimiter at every offset of lines up to 200 bytes, including bytes that
// differ from the delimiter in one bit.
func TestSplitLineEveryOffset(t *testing.T) {
	for _, d := range []byte{',', ';', '\t'} {
		for n := 1; n <= 200; n++ {
			for at := range n {
				line := []byte(strings.Repeat("x", n))
				for i := range line {
					// Near misses of the delimiter byte.
					switch i % 4 {
					case 1:
						line[i] = d ^ 0x01
					case 2:
						line[i] = d | 0x80
					case 3:
						line[i] = d ^ 0x02
					}
				}
				line[at] = d
				if at+7 < n {
					line[at+7] = d
				}
				want := strings.Split(string(line), string(d))
				// A next line of delimiters, which the last word's read past
				// the line's end must mask off.
				next := bytes.Repeat([]byte{d}, 9)
				input := slices.Concat(line, []byte{'\n'}, next, []byte{'\n'})
				r := NewReaderSize(bytes.NewReader(input), d, 256)
				got, err := r.Read()
				if err != nil {
					t.Fatalf("n=%d at=%d: %v", n, at, err)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("delim %q n=%d at=%d: got %q, want %q", d, n, at, got, want)
				}
				// ReadBytes, in the middle of a buffer and at the very end of a
				// slice whose capacity goes on with delimiters.
				for _, br := range []*Reader{
					NewReaderSize(bytes.NewReader(input), d, 256),
					NewBytesReader(slices.Concat(line, next)[:n], d, 0),
				} {
					fields, err := br.ReadBytes()
					if err != nil {
						t.Fatalf("n=%d at=%d: ReadBytes: %v", n, at, err)
					}
					var gotBytes []string
					for _, f := range fields {
						gotBytes = append(gotBytes, string(f))
					}
					if !slices.Equal(gotBytes, want) {
						t.Fatalf("delim %q n=%d at=%d: ReadBytes got %q, want %q", d, n, at, gotBytes, want)
					}
				}
				col := 1
				for i := range got {
					if _, c := r.FieldPos(i); c != col {
						t.Fatalf("delim %q n=%d at=%d field %d: column %d, want %d", d, n, at, i, c, col)
					}
					col += len(got[i]) + 1
				}
			}
		}
	}
}

// TestBytesReaderLinesBefore: a Reader over a slice of a file reports the file's
// line numbers, in field positions and in parse errors alike.
func TestBytesReaderLinesBefore(t *testing.T) {
	r := NewBytesReader([]byte("a;b\n\"c\nd\";e\nf\"g;h\n"), ';', 40)
	wantLines := []struct {
		line int
		err  bool
	}{{41, false}, {42, false}, {44, true}}
	for i, w := range wantLines {
		rec, err := r.ReadBytes()
		var pe *csv.ParseError
		switch {
		case w.err && errors.As(err, &pe):
			if pe.Line != w.line {
				t.Errorf("record %d: error on line %d, want %d", i, pe.Line, w.line)
			}
		case w.err || err != nil:
			t.Fatalf("record %d: error %v, want error %v", i, err, w.err)
		default:
			if l, _ := r.FieldPos(0); l != w.line || len(rec) != 2 {
				t.Errorf("record %d: line %d with %d fields, want line %d with 2", i, l, len(rec), w.line)
			}
		}
	}
	if _, err := r.ReadBytes(); err != io.EOF {
		t.Fatalf("after the last record: %v, want io.EOF", err)
	}
}

// TestFieldPosAfterEOF checks that FieldPos still describes the last record returned
// when the next read ends the input, as with encoding/csv, for Read and ReadBytes and
// for buffers small enough that the end is found after a refill.
func TestFieldPosAfterEOF(t *testing.T) {
	inputs := []string{"a;bb;ccc\n", "\"q\";r\nx;yy;zzz", "h;i\n\nlong;er;line;here\n\n", "x;yy;zzz\n" + strings.Repeat("\r\n", 200)}
	for _, in := range inputs {
		cr := csv.NewReader(strings.NewReader(in))
		cr.Comma, cr.FieldsPerRecord = ';', -1
		var last []string
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			last = rec
		}
		var want [][2]int
		for i := range last {
			l, c := cr.FieldPos(i)
			want = append(want, [2]int{l, c})
		}
		for _, bytesAPI := range []bool{false, true} {
			for _, size := range []int{16, 4096} {
				r := NewReaderSize(strings.NewReader(in), ';', size)
				for {
					var err error
					if bytesAPI {
						_, err = r.ReadBytes()
					} else {
						_, err = r.Read()
					}
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatal(err)
					}
				}
				for i, w := range want {
					if l, c := r.FieldPos(i); l != w[0] || c != w[1] {
						t.Errorf("%q (bytes %v, buffer %d): FieldPos(%d) after EOF = %d:%d, want %d:%d", in, bytesAPI, size, i, l, c, w[0], w[1])
					}
				}
			}
		}
	}
}

// sharedStep is what ReadBytes returns for one record, with SharedFields and RawTail.
type sharedStep struct {
	fields []string
	shared int
	tail   string
}

// checkShared reads input with ReadBytes and compares each record with want.
func checkShared(t *testing.T, r *Reader, want []sharedStep) {
	t.Helper()
	for i, w := range want {
		f, err := r.ReadBytes()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, b := range f {
			got = append(got, string(b))
		}
		if !slices.Equal(got, w.fields) || r.SharedFields() != w.shared || string(r.RawTail()) != w.tail {
			t.Errorf("record %d = %q, shared %d, tail %q; want %q, %d, %q", i, got, r.SharedFields(), r.RawTail(), w.fields, w.shared, w.tail)
		}
	}
}

// TestReadBytesSharedFields: identical and similar lines share their leading fields,
// and the end of input resets what SharedFields and RawTail say.
func TestReadBytesSharedFields(t *testing.T) {
	r := NewBytesReader([]byte("ab;c;d\nab;c;e\nab;c;e\nab;cd;e\n"), ';', 0)
	checkShared(t, r, []sharedStep{{[]string{"ab", "c", "d"}, 0, "ab;c;d"}, {[]string{"ab", "c", "e"}, 2, "e"}, {[]string{"ab", "c", "e"}, 2, "e"}, {[]string{"ab", "cd", "e"}, 1, "cd;e"}})
	if _, err := r.ReadBytes(); err != io.EOF || r.SharedFields() != 0 || r.RawTail() != nil {
		t.Errorf("at the end: %v, SharedFields %d, RawTail %q", err, r.SharedFields(), r.RawTail())
	}
}

// TestReadBytesSharedQuoted: a quoted record on one line shares the fields its raw
// line begins with, delimiter included, with the record before, quoted or not; a
// record without quotes after a quoted one, and a record on two lines, share none.
func TestReadBytesSharedQuoted(t *testing.T) {
	input := "ab;\"c,d\";e\nab;\"c,d\";f\nab;\"c,x\";f\nab;c;f\nab;\"c\";f\nab;\"c\";\"g\nh\"\nab;\"c\";g\n"
	checkShared(t, NewBytesReader([]byte(input), ';', 0), []sharedStep{
		{[]string{"ab", "c,d", "e"}, 0, "ab;\"c,d\";e\n"},
		{[]string{"ab", "c,d", "f"}, 2, "f\n"},
		{[]string{"ab", "c,x", "f"}, 1, "\"c,x\";f\n"},
		{[]string{"ab", "c", "f"}, 0, "ab;c;f"},
		{[]string{"ab", "c", "f"}, 1, "\"c\";f\n"},
		{[]string{"ab", "c", "g\nh"}, 0, "ab;\"c\";\"g\nh\"\n"},
		{[]string{"ab", "c", "g"}, 0, "ab;\"c\";g\n"},
	})
}
