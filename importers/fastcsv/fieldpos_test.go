package fastcsv

import (
	"encoding/csv"
	"io"
	"slices"
	"strings"
	"testing"
)

// fieldPosAPI is one way of reading records and asking for field positions.
type fieldPosAPI struct {
	name    string
	reader  func(input string, delim byte) *Reader
	bytes   bool // ReadBytes instead of Read
	reuse   bool // ReuseRecord
	skipOdd bool // no FieldPos for every second record, so a lazy position is left pending
}

var fieldPosAPIs = []fieldPosAPI{
	{name: "Read", reader: func(in string, d byte) *Reader { return NewReader(strings.NewReader(in), d) }},
	{name: "Read reuse tiny buffer", reader: func(in string, d byte) *Reader { return NewReaderSize(strings.NewReader(in), d, minBufferSize) }, reuse: true},
	{name: "ReadBytes", reader: func(in string, d byte) *Reader { return NewReader(strings.NewReader(in), d) }, bytes: true},
	{name: "ReadBytes tiny buffer", reader: func(in string, d byte) *Reader { return NewReaderSize(strings.NewReader(in), d, minBufferSize) }, bytes: true},
	{name: "ReadBytes tiny buffer skipping", reader: func(in string, d byte) *Reader { return NewReaderSize(strings.NewReader(in), d, minBufferSize) }, bytes: true, skipOdd: true},
	{name: "ReadBytes in place", reader: func(in string, d byte) *Reader { return NewBytesReader([]byte(in), d, 0) }, bytes: true},
}

// TestFieldPosLeavesFieldsAlone checks that FieldPos only reports positions: a
// caller keeps the fields Read or ReadBytes returned, overwrites them in its slice
// (which it owns until the next read), and asks for the position of every field.
// The slice must keep what the caller put there, and the positions must be those
// encoding/csv reports for the same input.
func TestFieldPosLeavesFieldsAlone(t *testing.T) {
	tests := []struct {
		name  string
		input string
		delim byte
	}{
		{"plain", "a;bb;ccc\nd;e;f\n", ';'},
		{"empty fields", ";;\na;;b;\n;x\n,\n", ';'},
		{"only empty fields", ";\n;;;\n", ';'},
		{"quoted", "\"a;b\";c\nd;\"e\"\n\"\";\"\"\n", ';'},
		{"escaped quotes", "x,\"say \"\"hi\"\"\",y\nz,\"\"\"\",w\n", ','},
		{"newline in quotes", "a;\"multi\nline\";b\nc;d\n\"x\n\ny\";\"\n\"\n", ';'},
		{"crlf", "a;b\r\nc;\"d\r\ne\";f\r\n\r\ng;;h\r\n", ';'},
		{"bom", "\ufeffid;namn\n1;Åsa\n", ';'},
		{"bom and quoted field", "\ufeffid;\"na;mn\"\n1;2\n", ';'},
		{"tab and utf-8", "Åkersberga\tÖst\t\nå\t\"ä\tö\"\n", '\t'},
		{"empty lines between", "\n\na,b\n\n\r\nc,d", ','},
		{"long line", strings.Repeat("abc;", 40) + "end\n" + strings.Repeat(";", 70) + "\n", ';'},
	}
	for _, tc := range tests {
		want, wantPos := encodingCSVPositions(t, tc.input, tc.delim)
		for _, api := range fieldPosAPIs {
			t.Run(tc.name+"/"+api.name, func(t *testing.T) {
				r := api.reader(tc.input, tc.delim)
				r.ReuseRecord = api.reuse
				for i := 0; ; i++ {
					var got []string
					var keep func(k int) // overwrites field k in the caller's slice
					var held func(k int) string
					var err error
					if api.bytes {
						var fields [][]byte
						fields, err = r.ReadBytes()
						for _, f := range fields {
							got = append(got, string(f))
						}
						keep = func(k int) { fields[k] = []byte("kept:" + got[k]) }
						held = func(k int) string { return string(fields[k]) }
					} else {
						var rec []string
						rec, err = r.Read()
						got = slices.Clone(rec)
						keep = func(k int) { rec[k] = "kept:" + got[k] }
						held = func(k int) string { return rec[k] }
					}
					if err == io.EOF {
						if i != len(want) {
							t.Fatalf("io.EOF after %d records, want %d", i, len(want))
						}
						break
					}
					if err != nil {
						t.Fatalf("record %d: %v", i, err)
					}
					if i >= len(want) || !slices.Equal(got, want[i]) {
						t.Fatalf("record %d = %q, want %q", i, got, want)
					}
					if api.skipOdd && i%2 == 1 {
						continue
					}
					for k := range got {
						keep(k)
					}
					for k := range got {
						l, c := r.FieldPos(k)
						if [2]int{l, c} != wantPos[i][k] {
							t.Errorf("record %d: FieldPos(%d) = %d:%d, want %d:%d", i, k, l, c, wantPos[i][k][0], wantPos[i][k][1])
						}
					}
					for k := range got {
						if h := held(k); h != "kept:"+got[k] {
							t.Errorf("record %d field %d: the caller's slice holds %q after FieldPos, want %q", i, k, h, "kept:"+got[k])
						}
					}
				}
			})
		}
	}
}

// encodingCSVPositions returns the records of input and the positions of their
// fields as encoding/csv reads them.
func encodingCSVPositions(t *testing.T, input string, delim byte) ([][]string, [][][2]int) {
	t.Helper()
	cr := csv.NewReader(strings.NewReader(input))
	cr.Comma, cr.FieldsPerRecord = rune(delim), -1
	var records [][]string
	var positions [][][2]int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return records, positions
		}
		if err != nil {
			t.Fatalf("encoding/csv: %v", err)
		}
		var pos [][2]int
		for k := range rec {
			l, c := cr.FieldPos(k)
			pos = append(pos, [2]int{l, c})
		}
		records = append(records, rec)
		positions = append(positions, pos)
	}
}
