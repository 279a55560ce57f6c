package xlsx_test

import (
	"bytes"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/reporttest"
	"github.com/rutinkoll/rutinkoll/reports/xlsx"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixture returns the fixture report without identities (the default --identities off).
func fixture(t testing.TB, n int) *reports.Report {
	t.Helper()
	r := reporttest.Fixture(t, n)
	r.Identity = nil
	return r
}

// render writes r and returns the workbook's bytes.
func render(t testing.TB, r *reports.Report, opt xlsx.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, r, opt); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

// open reopens a written workbook.
func open(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 2 << 30})
	if err != nil {
		t.Fatalf("reopen workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// rows returns a sheet's formatted cell values.
func rows(t testing.TB, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rs, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("rows of %q: %v", sheet, err)
	}
	return rs
}

// rawRows returns a sheet's raw cell values (numbers unformatted).
func rawRows(t testing.TB, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rs, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("rows of %q: %v", sheet, err)
	}
	return rs
}

// valueRight returns the cell right of the first cell in column A equal to label, and
// its reference.
func valueRight(t testing.TB, f *excelize.File, sheet, label string) (raw, ref string) {
	t.Helper()
	for i, row := range rawRows(t, f, sheet) {
		if len(row) > 0 && row[0] == label {
			if len(row) == 1 {
				return "", fmt.Sprintf("B%d", i+1)
			}
			return row[1], fmt.Sprintf("B%d", i+1)
		}
	}
	t.Fatalf("sheet %q has no row labelled %q", sheet, label)
	return "", ""
}

// numFmt returns the custom or built-in number format of a cell.
func numFmt(t testing.TB, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatalf("style of %s!%s: %v", sheet, ref, err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatalf("style %d: %v", id, err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return fmt.Sprintf("builtin:%d", st.NumFmt)
}

// column returns the 0-based index of the header cell equal to label in row hdr.
func column(t testing.TB, hdr []string, label string) int {
	t.Helper()
	for i, h := range hdr {
		if h == label {
			return i
		}
	}
	t.Fatalf("no column %q in header %q", label, strings.Join(hdr, " | "))
	return -1
}

// dump renders every sheet's formatted cell values as text, one row per line.
func dump(t testing.TB, f *excelize.File) string {
	t.Helper()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "=== %s\n", sheet)
		for i, row := range rows(t, f, sheet) {
			fmt.Fprintf(&b, "%d: %s\n", i+1, strings.Join(row, " | "))
		}
	}
	return b.String()
}
