package ivo

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rutinkoll/rutinkoll/reports"
)

// personnummerRE matches anything shaped like a personnummer or samordningsnummer:
// six or eight digits, an optional - or +, four digits.
var personnummerRE = regexp.MustCompile(`\b(\d{2})?\d{6}[-+]?\d{4}\b`)

func testReport(t *testing.T, q, lang string) *Report {
	t.Helper()
	return Compute(dataset(t, events), quarter(t, q), Options{
		Municipality: "Exempelkommunen", Namnd: "Socialnämnden", Lang: lang,
		GeneratedAt: time.Date(2026, 7, 3, 6, 0, 0, 0, time.UTC), CommandLine: "rutinkoll ivo --quarter " + q,
	})
}

// xlsxText returns every cell of every sheet, one row per line, and the raw XML of
// the package, so that privacy checks see all the workbook holds.
func xlsxText(t *testing.T, data []byte) (cells map[string][][]string, raw string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("reopen xlsx: %v", err)
	}
	defer f.Close()
	cells = map[string][][]string{}
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		cells[s] = rows
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, zf := range zr.File {
		// Cell text, sheet XML and document properties; not the package's GUIDs.
		if zf.Name != "xl/sharedStrings.xml" && zf.Name != "docProps/core.xml" && !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, _ := io.ReadAll(rc)
		rc.Close()
		b.Write(x)
	}
	return cells, b.String()
}

func flatten(cells map[string][][]string) string {
	var b strings.Builder
	for _, rows := range cells {
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t"))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// rowWith returns the first row of a sheet that has a cell equal to v.
func rowWith(rows [][]string, v string) []string {
	for _, r := range rows {
		for _, c := range r {
			if c == v {
				return r
			}
		}
	}
	return nil
}

func TestXLSX(t *testing.T) {
	r := testReport(t, "2026Q2", "sv")
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, r); err != nil {
		t.Fatal(err)
	}
	cells, raw := xlsxText(t, buf.Bytes())
	f, _ := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Nya,Kvarstående,Avslutade,Statistik,Metod" {
		t.Fatalf("sheets %s", got)
	}
	nya := cells["Nya"]
	if !strings.HasPrefix(nya[0][0], "Nya ej verkställda beslut – 2026Q2") || !strings.Contains(nya[1][0], "Socialnämnden") {
		t.Errorf("title block %q / %q", nya[0][0], nya[1][0])
	}
	row := rowWith(nya, "ELDRE")
	if row == nil {
		t.Fatal("ELDRE not on Nya")
	}
	want := []string{"ELDRE", "19400101-T013", "man", "Äldreomsorg", "Hemtjänst", "2026-03-29", "", "2026-06-30", "", "93", "Resursbrist: ingen ledig plats eller personal", "Hemtjänst Öst"}
	if strings.Join(row, "|") != strings.Join(want, "|") {
		t.Errorf("ELDRE row\n got %q\nwant %q", row, want)
	}
	// Typed cells: the beslut date is a date serial, the days an integer.
	axis := ""
	for i, r := range nya {
		if len(r) > 0 && r[0] == "ELDRE" {
			axis = "F" + strconv.Itoa(i+1)
		}
	}
	if typ, _ := f.GetCellType("Nya", axis); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("beslut cell %s has type %v, want a number (date)", axis, typ)
	}
	if v, _ := f.GetCellValue("Nya", axis, excelize.Options{RawCellValue: true}); v != "46110" {
		t.Errorf("beslut cell raw value %q, want the serial 46110", v)
	}
	if r := rowWith(nya, "UTANKOD"); r == nil || r[1] != "saknas" {
		t.Errorf("missing IVO code shown as %q", r)
	}
	if r := rowWith(nya, "NEJ"); r == nil || r[8] != "2026-02-01 (nej 2026-02-02)" {
		t.Errorf("offers %q", r)
	}
	text := flatten(cells)
	for _, want := range []string{"1 beslut gäller personer med skyddade personuppgifter", "SoL (2001:453) 16 kap. 6 f §", "2025:400",
		"IVO-kod saknas", "2026-07-01 – 2026-08-31", "avslutat utan verkställighet: avliden"} {
		if !strings.Contains(text, want) {
			t.Errorf("workbook lacks %q", want)
		}
	}
	if av := rowWith(cells["Avslutade"], "TRIG"); av == nil || !strings.Contains(strings.Join(av, "|"), "första rapporten är också slutrapport") {
		t.Errorf("TRIG closing row %q", av)
	}
	stats := cells["Statistik"]
	if r := rowWith(stats, "Hemtjänst"); r == nil || strings.Join(r[1:], ",") != "2,1,1,4,1" {
		t.Errorf("Statistik hemtjänst row %q", r)
	}
	checkPrivacy(t, "xlsx", text+raw)
}

// checkPrivacy fails when text holds a personnummer pattern or anything identifying
// the protected person of the test data.
func checkPrivacy(t *testing.T, what, text string) {
	t.Helper()
	if m := personnummerRE.FindString(text); m != "" {
		t.Errorf("%s holds a personnummer pattern %q", what, m)
	}
	for _, s := range []string{"SKYDD", "P-SKYDD", "19290909-T610", "Brunnsgården", "19450312", "P-ELDRE"} {
		if strings.Contains(text, s) {
			t.Errorf("%s holds %q", what, s)
		}
	}
}

func TestPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			r := testReport(t, "2026Q2", lang)
			var buf bytes.Buffer
			if err := WritePDF(&buf, r); err != nil {
				t.Fatal(err)
			}
			var again bytes.Buffer
			if err := WritePDF(&again, r); err != nil || !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Errorf("two renderings differ (err %v)", err)
			}
			dir := t.TempDir()
			p := filepath.Join(dir, "ivo.pdf")
			if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			text := string(out)
			want := []string{"Ej verkställda beslut – rapport till IVO", "Exempelkommunen", "Socialnämnden", "2026Q2", "Sida 1 av",
				"19400101-T013", "saknas", "Statistikrapport", "SoL (2001:453) 16 kap. 6 f §", "Äldreomsorg"}
			if lang == "en" {
				want = []string{"Decisions not executed – report to IVO", "Exempelkommunen", "2026Q2", "Page 1 of", "19400101-T013", "missing", "Statistical report"}
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("pdf text lacks %q", w)
				}
			}
			// The PDF never shows a case id.
			for _, id := range []string{"ELDRE", "UTANKOD", "AVBR"} {
				if strings.Contains(text, id) {
					t.Errorf("pdf shows case id %s", id)
				}
			}
			checkPrivacy(t, "pdf", text)
		})
	}
}

// TestNoBeslutWarning: every sheet of a report whose input has no beslut says so under
// its title, and a report with beslut does not.
func TestNoBeslutWarning(t *testing.T) {
	warning := labels{lang: reports.Swedish}.get("no_beslut")
	for _, tt := range []struct {
		name string
		csv  string
		warn bool
	}{
		{"with beslut", events, false},
		{"without beslut", "case_id;insats;event;date\nB1;hemtjanst;bestallning_registrerad;2026-04-05\n", true},
	} {
		r := Compute(dataset(t, tt.csv), quarter(t, "2026Q2"), Options{})
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, r); err != nil {
			t.Fatal(err)
		}
		cells, _ := xlsxText(t, buf.Bytes())
		for _, sheet := range []string{"Nya", "Kvarstående", "Avslutade"} {
			if got := rowWith(cells[sheet], warning) != nil; got != tt.warn {
				t.Errorf("%s: sheet %s warns of no beslut: %v, want %v", tt.name, sheet, got, tt.warn)
			}
		}
	}
}
