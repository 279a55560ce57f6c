package pdf_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/pdf"
	"github.com/rutinkoll/rutinkoll/reports/reporttest"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

var update = flag.Bool("update", false, "rewrite golden files")

// personnummer matches anything shaped like a Swedish personnummer or
// samordningsnummer, with or without century and separator.
var personnummer = regexp.MustCompile(`\b(19|20)?\d{6}[-+]?\d{4}\b`)

func render(t testing.TB, r *reports.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.Write(&buf, r, pdf.Options{}); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

// pdfText extracts the text of pages first..last (0 for all) with pdftotext, or skips
// the test when poppler-utils is not installed.
func pdfText(t testing.TB, data []byte, first, last int) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not found: install poppler-utils (apt-get install -y poppler-utils) to test the PDF text")
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-enc", "UTF-8"}
	if first > 0 {
		args = append(args, "-f", strconv.Itoa(first), "-l", strconv.Itoa(last))
	}
	out, err := exec.Command(bin, append(args, path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// num formats n as the Swedish PDF does: a space every three digits.
func num(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func pct(rate float64) string {
	return strings.Replace(strconv.FormatFloat(rate*100, 'f', 1, 64), ".", ",", 1) + " %"
}

// pages returns the number of pages, from the footer of the first.
func pages(t *testing.T, text string) int {
	t.Helper()
	m := regexp.MustCompile(`Sida 1 av (\d+)`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no \"Sida 1 av N\" footer in the text")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestFiguresAndSwedishText(t *testing.T) {
	r := reporttest.Fixture(t, 300)
	text := pdfText(t, render(t, r), 0, 0)
	s := r.Summary
	rate, _ := s.Total.Rate()
	want := []string{
		r.Title, "Östra Åby kommun, socialnämnden", "Brytdatum", "2026-10-31", "Sammanfattning",
		"Följsamhet per regel", "Per utförare", "Så har rapporten tagits fram", "lag", "1989:253", "1930:173",
		num(s.Cases), pct(rate), num(s.Total.Judged()), num(s.Total.Total),
		fmt.Sprintf("De %d längsta förseningarna", 25), "pågående", "ej tillämplig",
		"Omsorg Åkersberga AB", "Hemtjänst Öst", reporttest.InjectionUtforare,
		r.CommandLine[:40], reporttest.PolicyFile,
	}
	for _, st := range audit.Statuses {
		want = append(want, num(s.Total.N(st)))
	}
	for _, rs := range s.Rules {
		want = append(want, rs.Rule.ID)
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("PDF text lacks %q", w)
		}
	}
	for _, bad := range []string{"Ã¥", "Ã¤", "Ã¶", "\uFFFD"} {
		if strings.Contains(text, bad) {
			t.Errorf("PDF text has mojibake %q", bad)
		}
	}
	n := pages(t, text)
	for i := 1; i <= n; i++ {
		if !strings.Contains(text, fmt.Sprintf("Sida %d av %d", i, n)) {
			t.Errorf("no footer \"Sida %d av %d\"", i, n)
		}
	}
	if strings.Contains(text, "{nb}") {
		t.Error("the page count alias was not replaced")
	}
}

func TestHeaderAndFooterOnEveryPage(t *testing.T) {
	r := reporttest.Fixture(t, 120)
	data := render(t, r)
	n := pages(t, pdfText(t, data, 1, 1))
	for i := 1; i <= n; i++ {
		page := pdfText(t, data, i, i)
		for _, w := range []string{r.Title, fmt.Sprintf("Sida %d av %d", i, n), "Skapad 2026-11-02 07:30"} {
			if !strings.Contains(page, w) {
				t.Errorf("page %d lacks %q", i, w)
			}
		}
	}
}

func TestWorstRulesAndTopDelays(t *testing.T) {
	r := reporttest.Fixture(t, 300)
	text := pdfText(t, render(t, r), 2, 2)
	// The weakest rule by rate among rules with judged verdicts.
	var worst *audit.Rule
	best := 2.0
	for _, rs := range r.Summary.Rules {
		if rate, ok := rs.Rate(); ok && rate < best {
			best, worst = rate, rs.Rule
		}
	}
	if !strings.Contains(text, "1.") || !strings.Contains(text, worst.ID+" ") || !strings.Contains(text, pct(best)) {
		t.Errorf("summary page does not name the weakest rule %s at %s", worst.ID, pct(best))
	}
}

// TestNoPersonnummerInPDF renders a report whose Identity answers personnummer for
// every case, skyddad or not: the PDF must show none of them, nor any pseudonym or
// case id of a skyddad person.
func TestNoPersonnummerInPDF(t *testing.T) {
	r := reporttest.Fixture(t, 300)
	if r.Identity == nil {
		t.Fatal("the fixture should carry identities")
	}
	text := pdfText(t, render(t, r), 0, 0)
	if m := personnummer.FindAllString(text, 5); m != nil {
		t.Errorf("PDF text has personnummer-like strings %q", m)
	}
	for i := range r.Dataset.Cases {
		c := &r.Dataset.Cases[i]
		if strings.Contains(text, reporttest.Personnummer(c)) {
			t.Errorf("PDF shows the personnummer of case %s", c.ID())
		}
		if reports.Protected(c) && (strings.Contains(text, c.Person()) || strings.Contains(text, c.ID())) {
			t.Errorf("PDF shows skyddad case %s", c.ID())
		}
	}
}

func TestEnglish(t *testing.T) {
	r := reporttest.Fixture(t, 60)
	r.Lang = "en"
	text := pdfText(t, render(t, r), 0, 0)
	for _, w := range []string{"Page 1 of", "Summary", "Reference date", "How this report was produced"} {
		if !strings.Contains(text, w) {
			t.Errorf("English PDF lacks %q", w)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := render(t, reporttest.Fixture(t, 200)), render(t, reporttest.Fixture(t, 200))
	if !bytes.Equal(a, b) {
		t.Error("two renderings of the same report differ")
	}
	if !bytes.Contains(a, []byte("/CreationDate (D:20261102063000")) {
		t.Error("creation date is not the report's generation time")
	}
}

// TestGolden compares the text of the PDF with testdata/fixture60.golden.txt.
func TestGolden(t *testing.T) {
	got := pdfText(t, render(t, reporttest.Fixture(t, 60)), 0, 0)
	reporttest.Golden(t, filepath.Join("testdata", "fixture60.golden.txt"), got, *update)
}

func TestRejectsIncompleteReport(t *testing.T) {
	if err := pdf.Write(&bytes.Buffer{}, &reports.Report{}, pdf.Options{}); err == nil {
		t.Error("Write accepted a report without a result")
	}
}

func TestEmptyReport(t *testing.T) {
	text := pdfText(t, render(t, reporttest.Fixture(t, 0)), 0, 0)
	if !strings.Contains(text, "Sida 1 av") || !strings.Contains(text, "Sammanfattning") {
		t.Errorf("empty report lacks its frame:\n%s", text[:min(len(text), 500)])
	}
}

// TestMethodListsClosedDays: the municipality's own closed days (a klämdag from the
// calendar file) are on the method page, as on the workbook's Metod sheet.
func TestMethodListsClosedDays(t *testing.T) {
	r := reporttest.Fixture(t, 60)
	klam := audit.Holiday{Date: audit.MustDate("2026-05-15"), Name: "klämdag efter Kristi himmelfärd"}
	rt := *r.Routines[0]
	rt.Calendars.Arbetsdag = audit.NewCalendar("arbetsdagar", []audit.Holiday{klam})
	r.Routines = append([]*audit.Routine{&rt}, r.Routines[1:]...)
	text := pdfText(t, render(t, r), 0, 0)
	if !strings.Contains(text, "2026-05-15") || !strings.Contains(text, "klämdag efter Kristi himmelfärd") {
		t.Error("the method page does not list the closed day")
	}
}

// TestRoutineThatJudgedNoCase: a routine that applied to no case (an export of another
// municipality's insatser) is named once and not shown rule by rule.
func TestRoutineThatJudgedNoCase(t *testing.T) {
	r := reporttest.Fixture(t, 120)
	idle := r.Routines[len(r.Routines)-1]
	ds := &audit.Dataset{Files: r.Dataset.Files}
	for _, c := range r.Dataset.Cases {
		if !idle.Applies(&c) {
			ds.Cases = append(ds.Cases, c)
		}
	}
	if len(ds.Cases) == 0 || len(ds.Cases) == len(r.Dataset.Cases) {
		t.Fatalf("the fixture's last routine applies to %d of %d cases: nothing to leave out", len(r.Dataset.Cases)-len(ds.Cases), len(r.Dataset.Cases))
	}
	r.Dataset = ds
	r.Result = audit.Evaluate(ds, r.Routines, audit.Options{Asof: r.Asof, Workers: 1})
	r.Summary = stats.Compute(ds, r.Result, stats.Options{})
	text := strings.Join(strings.Fields(pdfText(t, render(t, r), 0, 0)), " ")
	note := "Rutiner där alla bedömningar blev ej tillämplig visas inte regel för regel; arbetsboken har dem: " + idle.Title + "."
	if n := strings.Count(text, note); n != 3 {
		t.Errorf("the note on %s appears %d times, want 3 (summary, per routine, method):\n%s", idle.ID, n, text)
	}
	for _, rule := range idle.Rules {
		if strings.Contains(text, rule.ID+" ") {
			i := strings.Index(text, rule.ID+" ")
			t.Errorf("rule %s of the routine that judged no case is shown: …%s…", rule.ID, text[max(0, i-200):min(len(text), i+100)])
		}
	}
	for _, rule := range r.Routines[0].Rules {
		if !strings.Contains(text, rule.ID+" ") {
			t.Errorf("rule %s of a routine that judged cases is missing", rule.ID)
		}
	}
}
