package xlsx_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/reporttest"
	"github.com/rutinkoll/rutinkoll/reports/stats"
	"github.com/rutinkoll/rutinkoll/reports/xlsx"
)

var sv = reports.LabelsFor("sv")

func TestSheetNames(t *testing.T) {
	f := open(t, render(t, fixture(t, 120), xlsx.Options{}))
	want := []string{"Sammanfattning", "Per regel", "Per utförare", "Per enhet", "Avvikelser", "Kommande", "Datakvalitet", "Metod"}
	if diff := cmp.Diff(want, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
}

func TestEnglishSheetNames(t *testing.T) {
	r := fixture(t, 30)
	r.Lang = "en"
	f := open(t, render(t, r, xlsx.Options{}))
	want := []string{"Summary", "Per rule", "Per provider", "Per unit", "Deviations", "Upcoming", "Data quality", "Method"}
	if diff := cmp.Diff(want, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
}

func TestSummaryFigures(t *testing.T) {
	r := fixture(t, 300)
	f := open(t, render(t, r, xlsx.Options{}))
	sheet, s := "Sammanfattning", r.Summary
	ints := map[string]int{
		sv.Get("cases"):     s.Cases,
		sv.Get("judged"):    s.Total.Judged(),
		sv.Get("protected"): s.Protected,
		sv.Get("total"):     s.Total.Total,
	}
	for _, st := range audit.Statuses {
		ints[sv.Status(st)] = s.Total.N(st)
	}
	for label, want := range ints {
		if got, _ := valueRight(t, f, sheet, label); got != strconv.Itoa(want) {
			t.Errorf("%s = %s, want %d (from stats)", label, got, want)
		}
	}
	rate, _ := s.Total.Rate()
	got, ref := valueRight(t, f, sheet, sv.Get("overall_rate"))
	if v, err := strconv.ParseFloat(got, 64); err != nil || math.Abs(v-rate) > 1e-12 {
		t.Errorf("overall rate = %q, want %v", got, rate)
	}
	if nf := numFmt(t, f, sheet, ref); nf != "0.0%" {
		t.Errorf("overall rate format %q, want 0.0%%", nf)
	}
	got, ref = valueRight(t, f, sheet, sv.Get("asof"))
	if serial, _ := strconv.Atoi(got); serial != int(reporttest.Asof)+25569 {
		t.Errorf("brytdatum = %s, want the Excel serial of %s", got, reporttest.Asof)
	}
	if nf := numFmt(t, f, sheet, ref); nf != "yyyy-mm-dd" {
		t.Errorf("brytdatum format %q, want yyyy-mm-dd", nf)
	}
	if shown, _ := f.GetCellValue(sheet, ref); shown != "2026-10-31" {
		t.Errorf("brytdatum shows %q", shown)
	}
	for _, in := range r.Inputs {
		if got, _ := valueRight(t, f, sheet, in.File); got != strconv.Itoa(in.Read) {
			t.Errorf("input %s read = %s, want %d", in.File, got, in.Read)
		}
	}
	for _, rt := range r.Routines {
		if got, _ := valueRight(t, f, sheet, rt.ID); got != rt.Title {
			t.Errorf("routine %s title = %q", rt.ID, got)
		}
	}
}

func TestRulesSheet(t *testing.T) {
	r := fixture(t, 300)
	f := open(t, render(t, r, xlsx.Options{}))
	raw := rawRows(t, f, "Per regel")
	if len(raw) != len(r.Summary.Rules)+1 {
		t.Fatalf("%d rows, want a header and %d rules", len(raw), len(r.Summary.Rules))
	}
	hdr := raw[0]
	rateCol := column(t, hdr, sv.Get("rate"))
	for i, rs := range r.Summary.Rules {
		row := raw[i+1]
		if row[0] != rs.Rule.ID {
			t.Fatalf("row %d is %s, want %s", i+2, row[0], rs.Rule.ID)
		}
		for _, st := range audit.Statuses {
			if got := row[column(t, hdr, sv.Status(st))]; got != strconv.Itoa(rs.N(st)) {
				t.Errorf("%s %s = %s, want %d", rs.Rule.ID, st, got, rs.N(st))
			}
		}
		rate, ok := rs.Rate()
		got := ""
		if rateCol < len(row) {
			got = row[rateCol]
		}
		v, err := strconv.ParseFloat(got, 64)
		if ok && (err != nil || math.Abs(v-rate) > 1e-12) || !ok && got != "" {
			t.Errorf("%s rate = %q, want %v (judged %v)", rs.Rule.ID, got, rate, ok)
		}
		if q := row[column(t, hdr, sv.Get("quote"))]; q != rs.Rule.Source.Quote {
			t.Errorf("%s quote = %q", rs.Rule.ID, q)
		}
	}
	ref := fmt.Sprintf("%s2", colLetter(rateCol))
	if nf := numFmt(t, f, "Per regel", ref); nf != "0.0%" {
		t.Errorf("rate format %q, want 0.0%%", nf)
	}
	cf, err := f.GetConditionalFormats("Per regel")
	if err != nil || len(cf) == 0 {
		t.Errorf("Per regel has no conditional format (%v)", err)
	}
}

func TestGroupSheets(t *testing.T) {
	r := fixture(t, 300)
	f := open(t, render(t, r, xlsx.Options{}))
	for _, tc := range []struct {
		sheet  string
		groups []stats.Group
	}{{"Per utförare", r.Summary.Utforare}, {"Per enhet", r.Summary.Enheter}} {
		sheet, src := tc.sheet, tc.groups
		raw := rawRows(t, f, sheet)
		hdr := raw[0]
		uncertain := column(t, hdr, sv.Get("uncertain"))
		for i, g := range src {
			row := raw[i+1]
			if row[0] != g.Name || row[1] != strconv.Itoa(g.Cases) {
				t.Errorf("%s row %d = %q, %q; want %q, %d (stats order)", sheet, i+2, row[0], row[1], g.Name, g.Cases)
			}
			marked := uncertain < len(row) && row[uncertain] == sv.Get("yes")
			if marked != g.Small {
				t.Errorf("%s %q marked uncertain %v, small %v", sheet, g.Name, marked, g.Small)
			}
		}
	}
	// Rows below the level are highlighted: per enhet the total, per utförare all
	// utförare together in their own steps, as their rows count (the total also has the
	// handläggare's steps, which the fixture's routines have).
	var sum stats.Counts
	for _, g := range r.Summary.Utforare {
		for _, st := range audit.Statuses {
			sum.By[st] += g.N(st)
		}
	}
	for _, tc := range []struct {
		sheet string
		level *stats.Counts
	}{{"Per enhet", &r.Summary.Total}, {"Per utförare", &sum}} {
		want, _ := tc.level.Rate()
		cf, err := f.GetConditionalFormats(tc.sheet)
		if err != nil || len(cf) != 1 {
			t.Fatalf("%s: conditional formats %v (%v), want one", tc.sheet, cf, err)
		}
		for _, opts := range cf {
			if len(opts) != 1 || !strings.Contains(opts[0].Criteria, "<"+strconv.FormatFloat(want, 'f', 6, 64)+")") {
				t.Errorf("%s highlights %+v, want rates below %.6f", tc.sheet, opts, want)
			}
		}
	}
	if a, ok := r.Summary.Total.Rate(); ok {
		if u, _ := sum.Rate(); math.Abs(a-u) < 1e-6 {
			t.Errorf("the fixture's total and utförare rates are both %.6f: the test cannot tell them apart", a)
		}
	}
}

// deviationRows returns the Avvikelser sheet's data rows (below the note and header).
func deviationRows(t *testing.T, raw [][]string) (hdr []string, data [][]string) {
	t.Helper()
	if len(raw) < 2 {
		t.Fatalf("Avvikelser has %d rows", len(raw))
	}
	return raw[1], raw[2:]
}

func TestDeviationsSheet(t *testing.T) {
	r := fixture(t, 300)
	f := open(t, render(t, r, xlsx.Options{}))
	raw := rawRows(t, f, "Avvikelser")
	hdr, data := deviationRows(t, raw)
	want, protected := 0, 0
	skyddade := map[string]bool{}
	for _, v := range r.Result.Verdicts {
		if v.Status != audit.Sen && v.Status != audit.Saknas {
			continue
		}
		if c := &r.Dataset.Cases[v.Case]; reports.Protected(c) {
			protected++
			skyddade[c.ID()] = true
			continue
		}
		want++
	}
	if want != r.Summary.Total.N(audit.Sen)+r.Summary.Total.N(audit.Saknas)-protected {
		t.Fatal("test arithmetic")
	}
	if len(data) != want {
		t.Errorf("%d deviation rows, want %d", len(data), want)
	}
	if protected == 0 {
		t.Fatal("fixture has no skyddad deviation")
	}
	if note := raw[0][0]; !strings.Contains(note, fmt.Sprintf(sv.Get("protected_omitted"), protected)) {
		t.Errorf("note row %q does not say %d rows were left out", note, protected)
	}
	caseCol, lateCol := column(t, hdr, sv.Get("case")), column(t, hdr, sv.Get("days_late"))
	unitCol, dlCol, evCol := column(t, hdr, sv.Get("unit")), column(t, hdr, sv.Get("deadline")), column(t, hdr, sv.Get("event_date"))
	// Rows come most calendar days late first: days in vardagar are counted again in
	// calendar days from the deadline to the event, or to the brytdatum.
	prevLate, prevCase := math.MaxInt, ""
	for i, row := range data {
		if skyddade[row[caseCol]] {
			t.Errorf("row %d lists skyddad case %s", i+3, row[caseCol])
		}
		late := -1
		if lateCol < len(row) && row[lateCol] != "" {
			late, _ = strconv.Atoi(row[lateCol])
			if row[unitCol] != "dagar" {
				serial := func(s string) audit.Date { // the cell's Excel date serial
					n, err := strconv.Atoi(s)
					if err != nil {
						t.Fatalf("row %d: date cell %q", i+3, s)
					}
					return audit.MustDate("1900-01-01") - 2 + audit.Date(n) // serial 2 is 1900-01-01
				}
				end := r.Result.Asof
				if evCol < len(row) && row[evCol] != "" {
					end = serial(row[evCol])
				}
				late = int(end - serial(row[dlCol]))
			}
		}
		if late > prevLate || late == prevLate && row[caseCol] < prevCase {
			t.Errorf("row %d (%d days, %s) out of order after (%d, %s)", i+3, late, row[caseCol], prevLate, prevCase)
		}
		prevLate, prevCase = late, row[caseCol]
	}
	for _, label := range []string{"start", "deadline", "event_date"} {
		ref := colLetter(column(t, hdr, sv.Get(label))) + "3"
		if nf := numFmt(t, f, "Avvikelser", ref); nf != "yyyy-mm-dd" {
			t.Errorf("%s format %q, want yyyy-mm-dd", label, nf)
		}
	}
	if slices.Contains(hdr, sv.Get("personnummer")) {
		t.Error("personnummer column without --identities")
	}
	panes, err := f.GetPanes("Avvikelser")
	if err != nil || !panes.Freeze || panes.YSplit != 2 || panes.TopLeftCell != "A3" {
		t.Errorf("Avvikelser panes %+v (%v), want the note and header frozen", panes, err)
	}
	tables, err := f.GetTables("Avvikelser")
	if err != nil || len(tables) != 1 || !strings.HasPrefix(tables[0].Range, "A2:") || !strings.HasSuffix(tables[0].Range, strconv.Itoa(want+2)) {
		t.Errorf("Avvikelser tables %+v (%v), want one from A2 over %d rows", tables, err, want)
	}
}

func TestUpcomingSheet(t *testing.T) {
	r := fixture(t, 300)
	f := open(t, render(t, r, xlsx.Options{}))
	raw := rawRows(t, f, "Kommande")
	hdr, data := raw[1], raw[2:]
	want := 0
	for _, v := range r.Result.Verdicts {
		if v.Status == audit.Pagaende && v.Deadline >= reporttest.Asof && v.Deadline <= reporttest.Asof+14 &&
			!reports.Protected(&r.Dataset.Cases[v.Case]) {
			want++
		}
	}
	if len(data) != want || want == 0 {
		t.Errorf("%d upcoming rows, want %d (> 0)", len(data), want)
	}
	dl := column(t, hdr, sv.Get("deadline"))
	prev := 0
	for i, row := range data {
		d, _ := strconv.Atoi(row[dl])
		if d < prev || d < int(reporttest.Asof)+25569 || d > int(reporttest.Asof)+14+25569 {
			t.Errorf("row %d deadline %d out of order or window", i+3, d)
		}
		prev = d
	}
}

func TestQualitySheet(t *testing.T) {
	r := fixture(t, 300)
	f := open(t, render(t, r, xlsx.Options{}))
	raw := rawRows(t, f, "Datakvalitet")
	hdr, data := raw[1], raw[2:]
	datafel := 0
	for _, v := range r.Result.Verdicts {
		if v.Status == audit.Datafel && !reports.Protected(&r.Dataset.Cases[v.Case]) {
			datafel++
		}
	}
	if len(data) != len(r.Rejected)+datafel {
		t.Errorf("%d rows, want %d rejected + %d datafel", len(data), len(r.Rejected), datafel)
	}
	src, val, reason := column(t, hdr, sv.Get("source")), column(t, hdr, sv.Get("value")), column(t, hdr, sv.Get("reason"))
	for i, rj := range r.Rejected {
		want := fmt.Sprintf("%s:%d", rj.File, rj.Line)
		if rj.Column > 0 {
			want += fmt.Sprintf(":%d", rj.Column)
		}
		row := data[i]
		if row[src] != want || row[val] != rj.Value || row[reason] != rj.Reason {
			t.Errorf("rejected row %d = %q %q %q, want %q %q %q", i, row[src], row[val], row[reason], want, rj.Value, rj.Reason)
		}
	}
}

// TestQualitySheetChanges: cases whose rows name another utförare come after the
// rejected rows, one row each, except a protected person's (only counted).
func TestQualitySheetChanges(t *testing.T) {
	r := fixture(t, 300)
	ds := r.Dataset
	open1, prot := -1, -1
	for i := range ds.Cases {
		switch p := reports.Protected(&ds.Cases[i]); {
		case !p && open1 < 0:
			open1 = i
		case p && prot < 0:
			prot = i
		}
	}
	if open1 < 0 || prot < 0 {
		t.Fatal("the fixture needs a protected and an open case")
	}
	ds.Changes = []audit.AttributeChange{
		{Case: int32(open1), Field: "utforare", Kept: "Alfa AB", Other: "Beta AB", Source: audit.Source{File: 0, Line: 7}},
		{Case: int32(prot), Field: "utforare", Kept: "Alfa AB", Other: "Hemlig AB", Source: audit.Source{File: 0, Line: 9}},
	}
	f := open(t, render(t, r, xlsx.Options{}))
	raw := rawRows(t, f, "Datakvalitet")
	hdr, data := raw[1], raw[2:]
	row := data[len(r.Rejected)]
	if row[column(t, hdr, sv.Get("kind"))] != sv.Get("quality_change") || row[column(t, hdr, sv.Get("value"))] != "Beta AB" ||
		row[column(t, hdr, sv.Get("case"))] != ds.Cases[open1].ID() || !strings.Contains(row[column(t, hdr, sv.Get("reason"))], "”Alfa AB”") ||
		row[column(t, hdr, sv.Get("source"))] != ds.Files[0]+":7" {
		t.Errorf("change row %q", row)
	}
	for _, rw := range data {
		if slices.Contains(rw, "Hemlig AB") || slices.Contains(rw, ds.Cases[prot].ID()) {
			t.Errorf("a protected case's change is shown: %q", rw)
		}
	}
}

func TestMethodSheet(t *testing.T) {
	r := fixture(t, 60)
	f := open(t, render(t, r, xlsx.Options{}))
	text := dump(t, f)
	method := text[strings.Index(text, "=== Metod"):]
	for _, want := range []string{"1989:253", "1930:173", "midsommarafton", r.CommandLine, reporttest.PolicyFile, "2026-06-19 | midsommarafton"} {
		if !strings.Contains(method, want) {
			t.Errorf("Metod lacks %q", want)
		}
	}
	for _, rt := range r.Routines {
		for _, rule := range rt.Rules {
			if rule.Interpretation != "" && !strings.Contains(method, rule.Interpretation) {
				t.Errorf("Metod lacks the interpretation of %s", rule.ID)
			}
		}
	}
}

// TestFormulaInjection checks that input text starting with = + - @ or a tab is a
// literal string cell, never a formula.
func TestFormulaInjection(t *testing.T) {
	r := fixture(t, 300)
	f := open(t, render(t, r, xlsx.Options{}))
	wanted := map[string]bool{reporttest.InjectionUtforare: false, reporttest.InjectionEnhet: false, reporttest.InjectionCaseID: false}
	for _, rj := range r.Rejected {
		wanted[rj.Value] = false
	}
	delete(wanted, "")
	for _, sheet := range f.GetSheetList() {
		for i, row := range rawRows(t, f, sheet) {
			for j, v := range row {
				if _, ok := wanted[v]; !ok {
					continue
				}
				ref := colLetter(j) + strconv.Itoa(i+1)
				formula, err := f.GetCellFormula(sheet, ref)
				if err != nil || formula != "" {
					t.Errorf("%s!%s holding %q has formula %q (%v)", sheet, ref, v, formula, err)
				}
				wanted[v] = true
			}
		}
	}
	for v, seen := range wanted {
		if !seen {
			t.Errorf("value %q appears in no cell as its literal text", v)
		}
	}
	// The same through the raw XML: no <f> element anywhere.
	for name, content := range parts(t, render(t, r, xlsx.Options{})) {
		if strings.HasPrefix(name, "xl/worksheets/") && (strings.Contains(content, "<f>") || strings.Contains(content, "<f ")) {
			t.Errorf("%s contains a formula element", name)
		}
	}
}

func TestChartsAndTables(t *testing.T) {
	data := render(t, fixture(t, 120), xlsx.Options{})
	charts := 0
	for name, content := range parts(t, data) {
		if strings.HasPrefix(name, "xl/charts/chart") {
			charts++
			if !strings.Contains(content, "<barChart>") || !strings.Contains(content, `<barDir val="bar">`) {
				t.Errorf("%s is not a horizontal bar chart", name)
			}
			if !strings.Contains(content, `<varyColors val="0">`) {
				t.Errorf("%s varies its colours by point", name)
			}
		}
	}
	if charts != 3 {
		t.Errorf("%d charts, want 3 (per rule on the summary, per utförare, per enhet)", charts)
	}
	f := open(t, data)
	for _, sheet := range []string{"Per regel", "Per utförare", "Per enhet", "Avvikelser", "Kommande", "Datakvalitet"} {
		if tables, err := f.GetTables(sheet); err != nil || len(tables) != 1 {
			t.Errorf("%s: tables %v (%v), want one", sheet, tables, err)
		}
		if panes, err := f.GetPanes(sheet); err != nil || !panes.Freeze {
			t.Errorf("%s: panes not frozen (%v)", sheet, err)
		}
	}
}

func TestIdentities(t *testing.T) {
	r := reporttest.Fixture(t, 300) // with the fixture's Identity function
	f := open(t, render(t, r, xlsx.Options{}))
	raw := rawRows(t, f, "Avvikelser")
	hdr, data := deviationRows(t, raw)
	pn, cs := column(t, hdr, sv.Get("personnummer")), column(t, hdr, sv.Get("case"))
	byID := map[string]*audit.Case{}
	for i := range r.Dataset.Cases {
		byID[r.Dataset.Cases[i].ID()] = &r.Dataset.Cases[i]
	}
	for i, row := range data {
		c := byID[row[cs]]
		if c == nil || reports.Protected(c) {
			t.Fatalf("row %d: case %q unknown or skyddad", i+3, row[cs])
		}
		if row[pn] != reporttest.Personnummer(c) {
			t.Errorf("row %d personnummer %q, want %q", i+3, row[pn], reporttest.Personnummer(c))
		}
	}
	if !strings.Contains(raw[0][0], sv.Get("personal_data")) {
		t.Errorf("Avvikelser note %q lacks the personal data warning", raw[0][0])
	}
	found := false
	for _, row := range rows(t, f, "Sammanfattning") {
		found = found || slices.Contains(row, sv.Get("personal_data"))
	}
	if !found {
		t.Error("Sammanfattning lacks the personal data warning")
	}
}

// TestDeterministic checks that the same report gives the same cell values and the
// same content in every part of the package. The order of the parts in the zip may
// differ: excelize writes streamed sheets in map order.
func TestDeterministic(t *testing.T) {
	a := render(t, fixture(t, 200), xlsx.Options{})
	b := render(t, fixture(t, 200), xlsx.Options{})
	if diff := cmp.Diff(dump(t, open(t, a)), dump(t, open(t, b))); diff != "" {
		t.Fatalf("cell values differ between two runs:\n%s", diff)
	}
	if diff := cmp.Diff(parts(t, a), parts(t, b)); diff != "" {
		t.Errorf("package parts differ between two runs:\n%s", diff)
	}
}

// parts returns the content of every part of an xlsx package by name.
func parts(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		out[zf.Name] = buf.String()
	}
	return out
}

// TestGolden compares every sheet's cell values with testdata/fixture60.golden.
func TestGolden(t *testing.T) {
	got := dump(t, open(t, render(t, fixture(t, 60), xlsx.Options{})))
	reporttest.Golden(t, filepath.Join("testdata", "fixture60.golden"), got, *update)
}

func TestRejectsIncompleteReport(t *testing.T) {
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, &reports.Report{}, xlsx.Options{}); err == nil {
		t.Error("Write accepted a report without a result")
	}
}

func colLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

func TestEmptyReport(t *testing.T) {
	f := open(t, render(t, fixture(t, 0), xlsx.Options{}))
	if got, _ := valueRight(t, f, "Sammanfattning", sv.Get("cases")); got != "0" {
		t.Errorf("cases = %s, want 0", got)
	}
	if rate, ref := valueRight(t, f, "Sammanfattning", sv.Get("overall_rate")); rate != "" {
		t.Errorf("%s overall rate %q with nothing judged, want an empty cell", ref, rate)
	}
	if rs := rawRows(t, f, "Avvikelser"); len(rs) != 2 {
		t.Errorf("Avvikelser has %d rows, want the note and the header", len(rs))
	}
}
