package xlsx

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/reporttest"
)

// TestLongListsContinueOnNewSheets lowers the row limit so that Avvikelser and
// Datakvalitet spill onto "Avvikelser (2)"… and checks that every row is written once,
// in order, each part saying where the list goes on.
func TestLongListsContinueOnNewSheets(t *testing.T) {
	defer func(n int) { rowLimit = n }(rowLimit)
	rowLimit = 52 // 50 data rows per sheet
	r := reporttest.Fixture(t, 120)
	r.Identity = nil
	var buf bytes.Buffer
	if err := Write(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := 0
	for _, v := range r.Result.Verdicts {
		if (v.Status == audit.Sen || v.Status == audit.Saknas) && !reports.Protected(&r.Dataset.Cases[v.Case]) {
			want++
		}
	}
	parts := (want + 49) / 50
	if parts < 3 {
		t.Fatalf("only %d parts: the fixture is too small for this test", parts)
	}
	sheets := f.GetSheetList()
	var got []string
	tables := map[string]bool{}
	for p := 1; p <= parts; p++ {
		name := "Avvikelser"
		if p > 1 {
			name = fmt.Sprintf("Avvikelser (%d)", p)
		}
		if sheets[3+p] != name {
			t.Fatalf("sheet %d is %q, want %q (sheets %q)", 4+p, sheets[3+p], name, sheets)
		}
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) > rowLimit {
			t.Errorf("%s has %d rows, more than the limit %d", name, len(rows), rowLimit)
		}
		note := rows[0][0]
		if p < parts && !strings.Contains(note, fmt.Sprintf("Avvikelser (%d)", p+1)) {
			t.Errorf("%s note %q does not point at the next part", name, note)
		}
		if p > 1 && !strings.Contains(note, "Fortsättning") {
			t.Errorf("%s note %q does not say it continues a list", name, note)
		}
		for _, row := range rows[2:] {
			got = append(got, row[0]+"/"+row[2])
		}
		ts, err := f.GetTables(name)
		if err != nil || len(ts) != 1 || tables[ts[0].Name] {
			t.Errorf("%s tables %+v (%v): want one, with a name of its own", name, ts, err)
		} else {
			tables[ts[0].Name] = true
		}
		if panes, err := f.GetPanes(name); err != nil || !panes.Freeze {
			t.Errorf("%s panes not frozen", name)
		}
	}
	if len(got) != want {
		t.Errorf("%d deviation rows over %d sheets, want %d", len(got), parts, want)
	}
	seen := map[string]bool{}
	for _, k := range got {
		if seen[k] {
			// A case may deviate on several rules, but never twice on one.
			t.Errorf("row %s written twice", k)
		}
		seen[k] = true
	}
	if sheets[len(sheets)-1] != "Metod" {
		t.Errorf("last sheet %q, want Metod", sheets[len(sheets)-1])
	}
}

func TestTextCleansControlCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"Hemtjänst Öst":  "Hemtjänst Öst",
		"=1+1":           "=1+1",
		"a\x00b\x1fc":    "a\uFFFDb\uFFFDc",
		"tab\tand\r\nok": "tab\tand\r\nok",
		"bad\xffutf8":    "bad\uFFFDutf8",
	} {
		if got := text(in); got != want {
			t.Errorf("text(%q) = %q, want %q", in, got, want)
		}
	}
}
