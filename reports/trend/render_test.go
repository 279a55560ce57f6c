package trend

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
)

var personnummerRE = regexp.MustCompile(`\b(\d{2})?\d{6}[-+]?\d{4}\b`)

func testOptions() Options {
	return Options{From: testFrom, To: testTo, Municipality: "Exempelkommunen",
		GeneratedAt: time.Date(2026, 11, 6, 7, 0, 0, 0, time.UTC), Source: Source{Asof: testAsof, Files: []string{"gen.csv"}}}
}

// zipText returns the text of every part of an xlsx package.
func zipText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, _ := io.ReadAll(rc)
		rc.Close()
		b.Write(x)
	}
	return b.String()
}

// pdfText returns the text of a PDF via pdftotext, skipping the test without it.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	p := filepath.Join(t.TempDir(), "trend.pdf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// fixtureReport is the trend report of the fixture with the test options.
func fixtureReport(t *testing.T) *Report {
	t.Helper()
	ds, res, rules := fixture(t)
	r, err := Compute(FromResult(ds, res), rules, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func render(t *testing.T, r *Report) (xlsx, pdf []byte) {
	t.Helper()
	var x, p bytes.Buffer
	if err := WriteXLSX(&x, r); err != nil {
		t.Fatal(err)
	}
	if err := WritePDF(&p, r); err != nil {
		t.Fatal(err)
	}
	return x.Bytes(), p.Bytes()
}

// TestChartAxisLabelsReadable: every chart's axis labels have a colour of their own;
// without one, excelize draws them in the gridlines' pale grey.
func TestChartAxisLabelsReadable(t *testing.T) {
	r := fixtureReport(t)
	data, _ := render(t, r)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	axis := regexp.MustCompile(`(?s)<(catAx|valAx)>.*?</(catAx|valAx)>`)
	charts := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/charts/chart") {
			continue
		}
		charts++
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, _ := io.ReadAll(rc)
		rc.Close()
		axes := axis.FindAllString(string(x), -1)
		for _, a := range axes {
			if i := strings.Index(a, "<txPr>"); i < 0 || !strings.Contains(a[i:], "<a:srgbClr") {
				t.Errorf("%s: an axis's labels have no colour of their own", zf.Name)
			}
		}
		if len(axes) != 2 {
			t.Errorf("%s: %d axes", zf.Name, len(axes))
		}
	}
	if charts == 0 {
		t.Fatal("no charts")
	}
}

func TestXLSX(t *testing.T) {
	r := fixtureReport(t)
	data, _ := render(t, r)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Rangordning,Per regel,Per månad,Diagram,Data,Metod" {
		t.Fatalf("sheets %s", got)
	}
	rows, _ := f.GetRows("Rangordning")
	if rows[4][1] != "Plats" && rows[3][1] != "Utförare" {
		t.Errorf("ranking header %q", rows[3])
	}
	ref := rows[4]
	if ref[1] != "Kommunens genomsnitt" {
		t.Fatalf("reference row %q", ref)
	}
	best := r.Providers[0]
	if rows[5][0] != "1" || rows[5][1] != best.Name {
		t.Errorf("first ranked row %q, want %s", rows[5], best.Name)
	}
	// Rates are numbers formatted as percentages: the raw value is the fraction.
	raw, _ := f.GetCellValue("Rangordning", "K6", excelize.Options{RawCellValue: true})
	got, err := strconv.ParseFloat(raw, 64)
	if rate, _ := best.Total.Rate(); err != nil || math.Abs(got-rate) > 1e-9 {
		t.Errorf("rate cell K6 raw %q, want the fraction %v", raw, rate)
	}
	months, _ := f.GetRows("Per månad")
	if months[3][0] != "Månad" || months[4][0] != "2026-01" || months[3][1] != "Kommunens genomsnitt" {
		t.Errorf("Per månad %q %q", months[3], months[4])
	}
	charts := strings.Count(zipText(t, data), "<lineChart>")
	if charts != len(r.Providers) {
		t.Errorf("%d line charts, want one per utförare (%d)", charts, len(r.Providers))
	}
	metod, _ := f.GetRows("Metod")
	var text strings.Builder
	for _, r := range metod {
		text.WriteString(strings.Join(r, " "))
	}
	for _, want := range []string{"Wilson", "minst 20 bedömda", "överlappar", "Regler som inte räknas"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("Metod lacks %q", want)
		}
	}
}

// TestExtractNamesNoOtherUtforare renders the extract of each utförare and greps the
// workbook (every part of the package) and the PDF text for the other names.
func TestExtractNamesNoOtherUtforare(t *testing.T) {
	ds, res, rules := fixture(t)
	obs := FromResult(ds, res)
	all, err := Compute(obs, rules, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	protected := map[string][]string{} // utförare → case ids and pseudonyms of protected persons
	for i := range ds.Cases {
		c := &ds.Cases[i]
		if c.Flags&audit.FlagSkyddad != 0 {
			protected[c.Utforare.String()] = append(protected[c.Utforare.String()], c.ID(), c.Person())
		}
	}
	for _, p := range all.Providers {
		t.Run(p.Name, func(t *testing.T) {
			opt := testOptions()
			opt.Utforare = p.Name
			x, err := Compute(obs, rules, opt)
			if err != nil {
				t.Fatal(err)
			}
			data, pdf := render(t, x)
			texts := map[string]string{"xlsx": zipText(t, data), "pdf": pdfText(t, pdf)}
			for what, text := range texts {
				if !strings.Contains(text, xmlEscape(p.Name)) && !strings.Contains(text, p.Name) {
					t.Errorf("%s lacks the utförare's own name", what)
				}
				for _, other := range all.Providers {
					if other.Name != p.Name && (strings.Contains(text, other.Name) || strings.Contains(text, xmlEscape(other.Name))) {
						t.Errorf("%s names another utförare: %s", what, other.Name)
					}
				}
				for _, id := range protected[p.Name] {
					if strings.Contains(text, id) {
						t.Errorf("%s shows %s of a protected person", what, id)
					}
				}
				if m := personnummerRE.FindString(text); m != "" && what == "pdf" {
					t.Errorf("%s holds a personnummer pattern %q", what, m)
				}
			}
			if !strings.Contains(texts["pdf"], "Övriga utförare (genomsnitt)") || !strings.Contains(texts["pdf"], "Avvikelser") {
				t.Error("the extract PDF lacks the others' average or the deviations")
			}
			// Days late in vardagar or arbetsdagar say so, as in the audit's PDF.
			units := map[string]string{}
			for _, ri := range x.Rules {
				units[ri.ID] = ri.Unit
			}
			for _, o := range x.Cases {
				if u := units[o.Rule]; u != "" && (o.Status == audit.Sen || o.Status == audit.Saknas) {
					if want := fmt.Sprintf("%d %s", o.Days, reports.UnitFor(o.Days, u)); o.Days < 1000 && !strings.Contains(strings.Join(strings.Fields(texts["pdf"]), " "), want) {
						t.Errorf("the extract PDF lacks %q for %s %s", want, o.Rule, o.CaseID)
					}
				}
			}
		})
	}
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

func TestPDF(t *testing.T) {
	ds, res, rules := fixture(t)
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			opt := testOptions()
			opt.Lang = lang
			r, err := Compute(FromResult(ds, res), rules, opt)
			if err != nil {
				t.Fatal(err)
			}
			_, pdf := render(t, r)
			_, again := render(t, r)
			if !bytes.Equal(pdf, again) {
				t.Error("two renderings differ")
			}
			text := pdfText(t, pdf)
			want := []string{"Utförare över tid", "Exempelkommunen", "Sida 1 av", "Rangordning", "Diagram", "Per regel",
				"skillnaden kan inte säkerställas", "Wilson", r.Providers[0].Name}
			if lang == "en" {
				want = []string{"Providers over time", "Page 1 of", "Ranking", "Charts", "the difference cannot be established", "Wilson"}
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("pdf lacks %q", w)
				}
			}
			if strings.Contains(text, "%!") {
				t.Error("a broken format verb in the PDF")
			}
			if m := personnummerRE.FindString(text); m != "" {
				t.Errorf("pdf holds a personnummer pattern %q", m)
			}
		})
	}
}

// TestXLSXDeterministic renders the same report several times: the bytes must not
// change (excelize orders some content types by map iteration; see xlsx_stable.go).
func TestXLSXDeterministic(t *testing.T) {
	r := fixtureReport(t)
	first, _ := render(t, r)
	for i := 0; i < 4; i++ {
		again, _ := render(t, r)
		if !bytes.Equal(first, again) {
			t.Fatal("two renderings of the same report differ")
		}
	}
	if _, err := excelize.OpenReader(bytes.NewReader(first)); err != nil {
		t.Fatalf("the normalised workbook does not open: %v", err)
	}
}
