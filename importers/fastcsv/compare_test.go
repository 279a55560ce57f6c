package fastcsv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// readerVariant describes how the input is fed to the fastcsv Reader.
type readerVariant struct {
	name    string
	bufSize int
	wrap    func(io.Reader) io.Reader
	reuse   bool
	inPlace bool // NewBytesReader over the whole input
	bytes   bool // ReadBytes instead of Read
}

// readerVariants exercises the default buffer, a tiny buffer that must be
// refilled and grown mid-record, and readers returning short reads.
var readerVariants = []readerVariant{
	{name: "default", bufSize: DefaultBufferSize, wrap: func(r io.Reader) io.Reader { return r }},
	{name: "tiny-buffer", bufSize: minBufferSize, wrap: func(r io.Reader) io.Reader { return r }, reuse: true},
	{name: "one-byte-reads", bufSize: minBufferSize, wrap: iotest.OneByteReader},
	{name: "half-reads", bufSize: 64, wrap: iotest.HalfReader, reuse: true},
	{name: "data-with-eof", bufSize: 32, wrap: iotest.DataErrReader},
	{name: "read-bytes", bufSize: minBufferSize, wrap: iotest.HalfReader, bytes: true},
	{name: "in-place", inPlace: true, bytes: true},
}

// step is the observable result of one Read call.
type step struct {
	record    []string
	err       error
	positions [][2]int // FieldPos for every returned field
	offset    int64
}

func (s step) String() string {
	return fmt.Sprintf("record=%q err=%v pos=%v offset=%d", s.record, s.err, s.positions, s.offset)
}

// maxSteps bounds the number of Read calls per input; every Read consumes
// at least one line, so inputs in tests never need more.
const maxSteps = 1 << 20

// readAllEncodingCSV returns every step of encoding/csv up to and including
// io.EOF.
func readAllEncodingCSV(input string, delim byte) []step {
	cr := csv.NewReader(strings.NewReader(input))
	cr.Comma = rune(delim)
	cr.FieldsPerRecord = -1
	var steps []step
	for range maxSteps {
		rec, err := cr.Read()
		s := step{record: slices.Clone(rec), err: err, offset: cr.InputOffset()}
		if err != io.EOF {
			for i := range rec {
				l, c := cr.FieldPos(i)
				s.positions = append(s.positions, [2]int{l, c})
			}
		}
		steps = append(steps, s)
		if err == io.EOF {
			break
		}
	}
	return steps
}

// readAllFast is readAllEncodingCSV for this package's Reader. It also
// checks that Line agrees with the record's first field or parse error.
func readAllFast(t testing.TB, input string, delim byte, v readerVariant) []step {
	t.Helper()
	var r *Reader
	if v.inPlace {
		r = NewBytesReader([]byte(input), delim, 0)
	} else {
		r = NewReaderSize(v.wrap(strings.NewReader(input)), delim, v.bufSize)
	}
	r.ReuseRecord = v.reuse
	read := r.Read
	if v.bytes {
		var prev []string
		var prevInput string
		read = func() ([]string, error) {
			before := r.InputOffset()
			fields, err := r.ReadBytes()
			var rec []string
			for _, f := range fields {
				rec = append(rec, string(f))
			}
			if err == nil {
				prevInput = checkRawTail(t, input, before, r, rec, prev, prevInput, delim)
			}
			prev = rec
			return rec, err
		}
	}
	var steps []step
	for range maxSteps {
		rec, err := read()
		s := step{record: slices.Clone(rec), err: err, offset: r.InputOffset()}
		if err != io.EOF {
			for i := range rec {
				l, c := r.FieldPos(i)
				s.positions = append(s.positions, [2]int{l, c})
			}
			var pe *csv.ParseError
			switch {
			case errors.As(err, &pe):
				if r.Line() != pe.StartLine {
					t.Errorf("Line() = %d, want StartLine %d", r.Line(), pe.StartLine)
				}
			case err == nil && len(s.positions) > 0:
				if r.Line() != s.positions[0][0] {
					t.Errorf("Line() = %d, want %d (line of first field)", r.Line(), s.positions[0][0])
				}
			}
		}
		steps = append(steps, s)
		if err == io.EOF {
			break
		}
	}
	return steps
}

// checkRawTail checks SharedFields and RawTail for a record read from input by
// ReadBytes, starting at offset before: the shared fields are the record before's
// (prev), and every byte of the record that they do not cover is in RawTail, so
// that a caller who checked the bytes of the records before has seen all input.
// It returns the record's input without the empty lines before it, which is
// prevInput for the next record.
func checkRawTail(t testing.TB, input string, before int64, r *Reader, rec, prev []string, prevInput string, delim byte) string {
	t.Helper()
	k, raw, after := r.SharedFields(), string(r.RawTail()), int(r.InputOffset())
	if k > len(rec) || k > len(prev) || !slices.Equal(rec[:k], prev[:k]) {
		t.Fatalf("SharedFields %d: record %q, the one before %q", k, rec, prev)
	}
	recInput := strings.TrimLeft(input[before:after], "\r\n")
	if !strings.Contains(recInput, `"`) {
		// A line without quotes: RawTail is its unshared fields, without the line ending.
		if want := strings.Join(rec[k:], string(delim)); raw != want {
			t.Fatalf("RawTail %q, want %q (record %q, %d shared)", raw, want, rec, k)
		}
		return recInput
	}
	// A quoted record: RawTail is its input from its first field not shared, line
	// ending included; before it come only empty lines and the shared fields, which
	// are input the record before began with, up to a delimiter.
	if len(raw) > after-int(before) || input[after-len(raw):after] != raw {
		t.Fatalf("RawTail %q is not the end of the record's input %q", raw, input[before:after])
	}
	head := strings.TrimLeft(input[before:after-len(raw)], "\r\n")
	switch {
	case k == 0 && head != "":
		t.Fatalf("RawTail %q leaves out %q, with no field shared", raw, head)
	case k > 0 && (!strings.HasSuffix(head, string(delim)) || !strings.HasPrefix(prevInput, head)):
		t.Fatalf("RawTail %q leaves out %q, which the record before (%q) does not begin with", raw, head, prevInput)
	}
	return recInput
}

// sameError reports whether got matches want: both nil, both io.EOF, or
// both *csv.ParseError with identical StartLine, Line, Column and Err.
func sameError(got, want error) bool {
	if got == nil || want == nil || got == io.EOF || want == io.EOF {
		return got == want
	}
	var g, w *csv.ParseError
	if !errors.As(got, &g) || !errors.As(want, &w) {
		return false
	}
	return *g == *w
}

// compareWithEncodingCSV fails t unless every variant of the fastcsv Reader
// produces exactly the steps encoding/csv produces for input.
func compareWithEncodingCSV(t testing.TB, input string, delim byte) {
	t.Helper()
	want := readAllEncodingCSV(input, delim)
	for _, v := range readerVariants {
		got := readAllFast(t, input, delim, v)
		for i := range max(len(got), len(want)) {
			if i >= len(got) || i >= len(want) {
				t.Fatalf("%s: input %q delim %q: got %d steps, encoding/csv %d\ngot:  %v\nwant: %v",
					v.name, input, delim, len(got), len(want), got, want)
			}
			g, w := got[i], want[i]
			if !sameError(g.err, w.err) {
				t.Fatalf("%s: input %q delim %q step %d: error %#v (%v), encoding/csv %#v (%v)",
					v.name, input, delim, i, g.err, g.err, w.err, w.err)
			}
			if !slices.Equal(g.record, w.record) {
				t.Fatalf("%s: input %q delim %q step %d: record %q, encoding/csv %q",
					v.name, input, delim, i, g.record, w.record)
			}
			if !slices.Equal(g.positions, w.positions) {
				t.Fatalf("%s: input %q delim %q step %d: FieldPos %v, encoding/csv %v",
					v.name, input, delim, i, g.positions, w.positions)
			}
			if g.offset != w.offset {
				t.Fatalf("%s: input %q delim %q step %d: InputOffset %d, encoding/csv %d",
					v.name, input, delim, i, g.offset, w.offset)
			}
		}
	}
}

// differentialCases are inputs on which fastcsv must behave exactly like
// encoding/csv. Each input is run with its delimiter.
var differentialCases = []struct {
	name  string
	input string
	delim byte
}{
	{"empty input", "", ','},
	{"single field", "a", ','},
	{"simple", "a,b,c\n1,2,3\n", ','},
	{"no final newline", "a,b,c\n1,2,3", ','},
	// Lines that begin like the line before (ReadBytes keeps the shared fields).
	{"shared prefix", "case1;p;hemtjänst;Åkersberga;x\ncase1;p;hemtjänst;Åkersberga;y\ncase1;p;hemtjänst;Åkersb\ncase1;p;hemtjänst;Åkersberga;y;z\ncase1;p\ncase1;p;\ncase1;p;;\ncase10;p\ncase1\n", ';'},
	{"shared prefix ending mid-field", "abcdefgh;ijklmnop;q\nabcdefgh;ijklmnoX;q\nabcdefgh;ijklmnop\nabcdefghi;jklmnop;q\nabcdefgh;;q\nabcdefgh;;q\n", ';'},
	{"shared prefix across quoted lines", "a;b;c\na;\"b\";c\na;b;c\na;b;d\n\"a\";b;d\na;b;d\n", ';'},
	// Quoted lines that begin like the quoted line before (parseQuoted takes the
	// fields they share from it).
	{"quoted lines sharing fields", "A1;\"Omsorg, Syd\";x;1\nA1;\"Omsorg, Syd\";x;2\nA1;\"Omsorg, Syd\";y;\"3,4\"\nA1;\"Omsorg, Syd\";y;\"3,5\"\nA1;\"Omsorg, Sy\";y\nA1;\"Omsorg, Syd\"\nA1;\"Omsorg, Syd\";\nA2;\"Omsorg, Syd\";x\n", ';'},
	{"quoted lines sharing escaped fields", "\"a\"\"b\";\"c\";1\n\"a\"\"b\";\"c\";2\n\"a\"\"b\";\"d\"\"\";3\n\"a\"\"b\";\"d\"\"\";4\n", ';'},
	{"quoted lines sharing, then multiline", "x;\"q,r\";1\nx;\"q,r\";\"2\n3\";4\nx;\"q,r\";5\nx;\"q,r\";\"5\nx;\"q,r\";6\n", ';'},
	{"quoted lines sharing, then errors", "x;\"q\";1\nx;\"q\";1\"\nx;\"q\";\"1\"2\nx;\"q\";3\nx;\"q\nx\n", ';'},
	{"quoted crlf lines sharing fields", "x;\"q\";1\r\nx;\"q\";2\r\nx;\"q\";2\r\n\r\nx;\"q\";\"\"\r\nx;\"q\";\"\"", ';'},
	{"shared prefix across empty lines", "a;b;c\n\n\na;b;d\r\n\r\na;b;e\r\na;b\r\n", ';'},
	{"identical lines", "x;y;z\nx;y;z\nx;y;z\nx;y;z", ';'},
	{"shared rows, quote in the tail", "case1;p;x;1\ncase1;p;x;\"2,3\"\ncase1;p;x;4\ncase1;p;y\"z;5\ncase1;p;x;6\n", ';'},
	{"shared rows, cr in a shared field", "a;b\rc;d\na;b\rc;e\r\na;b\r\na;b\r\r\n", ';'},
	{"crlf", "a,b\r\nc,d\r\n", ','},
	{"crlf no final newline", "a,b\r\nc,d", ','},
	{"lone cr at end", "a,b\r", ','},
	{"lone cr line at end", "a,b\n\r", ','},
	{"cr inside field", "a\rb,c\n", ','},
	{"double cr before newline", "a,b\r\r\n", ','},
	{"empty lines skipped", "\n\na,b\n\n\r\n\nc,d\n\n", ','},
	{"only newlines", "\n\r\n\n", ','},
	{"empty fields", ",,\n,\n", ','},
	{"trailing delimiter", "a,b,\nc,\n", ','},
	{"trailing delimiter at eof", "a,b,", ','},
	{"quoted", `"a","b,c","d"` + "\n", ','},
	{"escaped quotes", `"a""b","""","x"""` + "\n", ','},
	{"empty quoted", `"",""` + "\n" + `""`, ','},
	{"quoted then trailing delimiter", `"a",` + "\n", ','},
	{"newline in quotes", "\"a\nb\",c\nd,e\n", ','},
	{"crlf in quotes", "\"a\r\nb\",c\r\nd,e\r\n", ','},
	{"empty line in quotes", "\"a\n\nb\"\n", ','},
	{"crlf empty line in quotes", "\"a\r\n\r\n\r\nb\"\r\n", ','},
	{"field after multiline quote", "x,\"a\nbb\ncc\",yy,\"z\"\nnext\n", ','},
	{"bom", "\ufeffcase_id,name\nC1,x\n", ','},
	{"bom quoted", "\ufeff\"case_id\",name\n", ','},
	{"utf8", "å,ä,ö\nÅke,\"Ängel, Öst\"\n", ','},
	{"semicolon", "a;b,c;\"d;e\"\n1;2;3\n", ';'},
	{"tab", "a\tb c\t\"d\te\"\n\t\n", '\t'},
	{"pipe", "a|b|\"c|d\"\n", '|'},
	{"comma in semicolon file", "a,b;c\n", ';'},
	{"spaces kept", " a , b \n", ','},
	{"bare quote", "a\"b,c\n", ','},
	{"bare quote later field", "a,b\"c\nd,e\n", ','},
	{"bare quote second line", "ok,1\nbad\"x,2\nok,3\n", ','},
	{"space before quote", "a, \"b\"\n", ','},
	{"extraneous quote", "\"a\"b,c\n", ','},
	{"extraneous quote then more", "\"a\"b,c\nd,e\n", ','},
	{"unterminated quote", "\"abc", ','},
	{"unterminated quote newline", "\"abc\n", ','},
	{"unterminated quote crlf", "\"abc\r\n", ','},
	{"unterminated quote cr", "\"abc\r", ','},
	{"unterminated quote multiline", "a,\"b\nc\nd", ','},
	{"unterminated quote lone cr line", "\"a\n\r", ','},
	{"unterminated after good records", "x,y\n\"a,b\nc\n", ','},
	{"quote error multiline", "a,\"b\nc\"d,e\nf,g\n", ','},
	{"quote error after escaped", "\"a\"\"\"b\"\nok\n", ','},
	{"escaped quote before eof", "\"a\"\"", ','},
	{"quote closes at eof", "\"a\"", ','},
	{"errors then good lines", "\"a\"x\n\"b\"y\nc\n", ','},
	{"quote only", "\"", ','},
	{"two quotes", "\"\"", ','},
	{"three quotes", "\"\"\"", ','},
	{"quoted delimiter only", "\",\"\n", ','},
	{"long line", strings.Repeat("abcdefghij,", 300) + "x\n" + strings.Repeat("q", 5000), ','},
	{"long quoted multiline", "\"" + strings.Repeat("ab\ncd\r\n\"\",", 200) + "\",z\nnext,1\n", ','},
	{"many short records", strings.Repeat("a,b\n\"c\",d\n\n", 50), ','},
	{"realistic", "case_id;person;service;provider;unit;status;from;to\r\n" +
		"C000123;p-4f3a9c;hemtjanst;\"Omsorg Åkersberga AB\";Enhet Norr;bestallning_mottagen;2026-03-05;2026-03-06\r\n" +
		"C000124;p-4f3a9d;hemtjanst;\"Vård; Omsorg \"\"Ö\"\"\";Enhet Söder;klar;2026-03-05;\r\n", ';'},
}

func TestMatchesEncodingCSV(t *testing.T) {
	for _, tc := range differentialCases {
		t.Run(tc.name, func(t *testing.T) {
			compareWithEncodingCSV(t, tc.input, tc.delim)
		})
	}
}

// TestSharedRowsEveryTailLength: rows that repeat the fields of the row before and
// differ in a last field of 0 to 24 bytes, ended by \n or \r\n, with and without a
// line ending at the end of the input, so that a row's end falls at every place in an
// eight-byte word (ReadBytes reads such rows a word at a time).
func TestSharedRowsEveryTailLength(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n"} {
		for _, last := range []bool{true, false} {
			var b strings.Builder
			for n := range 25 {
				fmt.Fprintf(&b, "A100000;P-743A6A45;hemtjänst;%s%s", strings.Repeat("x;", n%3)+strings.Repeat("y", n), eol)
			}
			input := b.String()
			if !last {
				input = strings.TrimSuffix(input, eol)
			}
			compareWithEncodingCSV(t, input, ';')
		}
	}
}
