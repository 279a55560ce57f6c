package fastcsv

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/jszwec/csvutil"
)

// caseRow is a typical import row decoded through csvutil.
type caseRow struct {
	CaseID   string `csv:"case_id"`
	Provider string `csv:"provider"`
	Count    int    `csv:"count"`
}

func TestCSVUtilDecoder(t *testing.T) {
	input := "case_id;provider;count\r\n" +
		"C000123;Omsorg Åkersberga AB;3\r\n" +
		"C000124;\"Vård; \"\"Norr\"\"\";12\r\n"
	r := NewReader(strings.NewReader(input), ';')
	r.ReuseRecord = true // csvutil copies the header and does not keep records
	dec, err := csvutil.NewDecoder(r)
	if err != nil {
		t.Fatalf("NewDecoder: %v", err)
	}
	var rows []caseRow
	for {
		var row caseRow
		if err := dec.Decode(&row); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("Decode: %v", err)
		}
		rows = append(rows, row)
	}
	want := []caseRow{
		{"C000123", "Omsorg Åkersberga AB", 3},
		{"C000124", `Vård; "Norr"`, 12},
	}
	if len(rows) != len(want) {
		t.Fatalf("decoded %d rows, want %d: %+v", len(rows), len(want), rows)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, rows[i], want[i])
		}
	}
}

func TestCSVUtilDecodeErrorHasPosition(t *testing.T) {
	input := "case_id,provider,count\nC1,\"a\nb\",notanumber\n"
	dec, err := csvutil.NewDecoder(NewReader(strings.NewReader(input), ','))
	if err != nil {
		t.Fatalf("NewDecoder: %v", err)
	}
	var row caseRow
	err = dec.Decode(&row)
	var de *csvutil.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("Decode error = %v (%T), want *csvutil.DecodeError", err, err)
	}
	// The count field starts on line 3, column 4 (after `b",`).
	if de.Field != "count" || de.Line != 3 || de.Column != 4 {
		t.Fatalf("DecodeError field=%q line=%d column=%d, want count 3 4", de.Field, de.Line, de.Column)
	}
}
