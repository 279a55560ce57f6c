package xlsx_test

import (
	"regexp"
	"testing"

	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/reporttest"
	"github.com/rutinkoll/rutinkoll/reports/xlsx"
)

// personnummer matches anything shaped like a Swedish personnummer or
// samordningsnummer, with or without century and separator.
var personnummer = regexp.MustCompile(`\b(19|20)?\d{6}[-+]?\d{4}\b`)

// TestNoPersonnummerWithoutIdentities greps every cell, formatted and raw, of a
// workbook written without --identities.
func TestNoPersonnummerWithoutIdentities(t *testing.T) {
	f := open(t, render(t, fixture(t, 300), xlsx.Options{}))
	for _, sheet := range f.GetSheetList() {
		for _, get := range []func() [][]string{
			func() [][]string { return rows(t, f, sheet) },
			func() [][]string { return rawRows(t, f, sheet) },
		} {
			for i, row := range get() {
				for j, v := range row {
					if personnummer.MatchString(v) {
						t.Errorf("%s row %d column %d: %q looks like a personnummer", sheet, i+1, j+1, v)
					}
				}
			}
		}
	}
}

// TestPersonnummerOnlyInIdentityColumn writes with identities (the fixture's Identity
// answers even for skyddade persons) and checks that personnummer appear only in the
// Avvikelser personnummer column, and never for a skyddad person.
func TestPersonnummerOnlyInIdentityColumn(t *testing.T) {
	r := reporttest.Fixture(t, 300)
	f := open(t, render(t, r, xlsx.Options{}))
	protected := map[string]bool{}
	for i := range r.Dataset.Cases {
		if c := &r.Dataset.Cases[i]; reports.Protected(c) {
			protected[reporttest.Personnummer(c)] = true
		}
	}
	if len(protected) == 0 {
		t.Fatal("fixture has no skyddad case")
	}
	pnCol := -1
	matches := 0
	for _, sheet := range f.GetSheetList() {
		for i, row := range rawRows(t, f, sheet) {
			if sheet == "Avvikelser" && i == 1 {
				pnCol = column(t, row, sv.Get("personnummer"))
			}
			for j, v := range row {
				if !personnummer.MatchString(v) {
					continue
				}
				matches++
				if sheet != "Avvikelser" || j != pnCol {
					t.Errorf("%s row %d column %d: personnummer %q outside the identity column", sheet, i+1, j+1, v)
				}
				if protected[v] {
					t.Errorf("%s row %d: personnummer of a skyddad person", sheet, i+1)
				}
			}
		}
	}
	if matches == 0 {
		t.Error("no personnummer at all with identities on")
	}
}
