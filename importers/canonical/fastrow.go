package canonical

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"github.com/jszwec/csvutil"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/fastcsv"
)

// rowIndex maps each Row field to its record index (-1: column absent), so the
// parallel reader fills Rows without reflection. It gives exactly what csvutil's
// Decode gives for these all-string fields (TestReadFileAtMatchesReadFile).
type rowIndex [13]int

func newRowIndex(hdr []string) rowIndex {
	var ix rowIndex
	for i := range ix {
		ix[i] = -1
	}
	pos := map[string]int{}
	for i, h := range hdr {
		if _, dup := pos[h]; !dup {
			pos[h] = i
		}
	}
	for i, name := range rowColumns {
		if p, ok := pos[name]; ok {
			ix[i] = p
		}
	}
	return ix
}

// rowColumns are Row's columns in field order.
var rowColumns = [13]string{"case_id", "person", "insats", "utforare", "enhet", "kommun", "event", "date", "registered", "frequency", "flags", "gender", "ivo_code"}

func (ix *rowIndex) fill(rec []string, row *Row) {
	get := func(i int) string {
		if ix[i] < 0 {
			return ""
		}
		return rec[ix[i]]
	}
	*row = Row{CaseID: get(0), Person: get(1), Insats: get(2), Utforare: get(3), Enhet: get(4), Kommun: get(5),
		Event: get(6), Date: get(7), Registered: get(8), Frequency: get(9), Flags: get(10), Gender: get(11), IVOCode: get(12)}
}

// readRecordsFast reads the records of cr like readRecords, indexing fields directly.
func (b *Builder) readRecordsFast(name string, fileIdx int32, cr *fastcsv.Reader, hdr []string, col map[string]int, st *audit.InputStats) error {
	ix := newRowIndex(hdr)
	details := -1
	for i, h := range hdr {
		if h == "details" && details < 0 {
			details = i
		}
	}
	var row Row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return fmt.Errorf("%s:%d:%d: %v; check the quoting of this row", name, pe.Line, pe.Column, pe.Err)
			}
			return fmt.Errorf("%s: %w", name, err)
		}
		if len(rec) != len(hdr) {
			return fmt.Errorf("%s: %w", name, csvutil.ErrFieldCount)
		}
		ix.fill(rec, &row)
		if details >= 0 {
			row.Details = rec[details]
		}
		st.Read++
		line, _ := cr.FieldPos(0)
		switch b.add(&row, fileIdx, int32(line), col, name) {
		case added:
			st.Imported++
		case rejected:
			st.Rejected++
		}
	}
}
