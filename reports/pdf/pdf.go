// Package pdf renders a report as a PDF for the nämnd: a title page, a one-page
// summary with a chart of compliance per rule, a section per routine, the utförare
// compared, the longest delays (pseudonyms only) and the method. It never prints a
// personnummer, even when the report carries identities, and never lists a person with
// skyddade personuppgifter. The Go fonts are embedded, so å ä ö print everywhere, and
// the same report gives the same bytes.
package pdf

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

// Options control the PDF. The zero value is the default.
type Options struct {
	// TopDelays is the length of the list of longest delays; 0 means 25.
	TopDelays int
}

// Page geometry in millimetres (A4 portrait).
const (
	pageW     = 210.0
	pageH     = 297.0
	marginL   = 18.0
	marginR   = 18.0
	marginTop = 22.0
	marginBot = 18.0
	contentW  = pageW - marginL - marginR
	font      = "go"
)

// doc is one PDF being written.
type doc struct {
	p   *fpdf.Fpdf
	r   *reports.Report
	l   reports.Labels
	opt Options
}

// Write renders r as a PDF to w.
func Write(w io.Writer, r *reports.Report, opt Options) error {
	if r == nil || r.Result == nil || r.Summary == nil || r.Dataset == nil {
		return fmt.Errorf("pdf: report without result, summary or dataset")
	}
	if opt.TopDelays <= 0 {
		opt.TopDelays = 25
	}
	d := &doc{p: fpdf.New("P", "mm", "A4", ""), r: r, l: r.Labels(), opt: opt}
	d.setup()
	sections := []struct {
		what string
		fn   func()
	}{
		{"title page", d.titlePage},
		{"summary", d.summaryPage},
		{"routines", d.routineSections},
		{"utförare", d.utforareSection},
		{"delays", d.delaysSection},
		{"method", d.methodSection},
	}
	for _, s := range sections {
		s.fn()
		if err := d.p.Error(); err != nil {
			return fmt.Errorf("pdf: %s: %w", s.what, err)
		}
	}
	if err := d.p.Output(w); err != nil {
		return fmt.Errorf("pdf: write document: %w", err)
	}
	return nil
}

// setup embeds the fonts, fixes the metadata and installs the header and footer.
func (d *doc) setup() {
	p := d.p
	p.SetCatalogSort(true)
	// fpdf writes the clock time without a zone, which readers take as UTC.
	p.SetCreationDate(d.r.GeneratedAt.UTC())
	p.SetModificationDate(d.r.GeneratedAt.UTC())
	p.AddUTF8FontFromBytes(font, "", goregular.TTF)
	p.AddUTF8FontFromBytes(font, "B", gobold.TTF)
	p.AddUTF8FontFromBytes(font, "I", goitalic.TTF)
	p.SetTitle(d.title(), true)
	p.SetSubject(d.r.Municipality, true)
	p.SetCreator("rutinkoll", true)
	p.SetProducer("rutinkoll", true)
	p.SetLang(d.lang())
	p.SetMargins(marginL, marginTop, marginR)
	p.SetAutoPageBreak(true, marginBot)
	p.AliasNbPages("{nb}")
	p.SetHeaderFuncMode(d.header, true)
	p.SetFooterFunc(d.footer)
}

func (d *doc) header() {
	p := d.p
	p.SetFont(font, "", 8)
	p.SetTextColor(90, 90, 90)
	p.SetXY(marginL, 9)
	p.CellFormat(contentW*0.6, 5, fit(p, d.title(), contentW*0.6), "", 0, "L", false, 0, "")
	p.CellFormat(contentW*0.4, 5, fit(p, d.r.Municipality, contentW*0.4), "", 0, "R", false, 0, "")
	p.SetDrawColor(180, 180, 180)
	p.SetLineWidth(0.2)
	p.Line(marginL, 15, pageW-marginR, 15)
	p.SetTextColor(0, 0, 0)
}

func (d *doc) footer() {
	p := d.p
	p.SetDrawColor(180, 180, 180)
	p.SetLineWidth(0.2)
	p.Line(marginL, pageH-13, pageW-marginR, pageH-13)
	p.SetXY(marginL, pageH-12)
	p.SetFont(font, "", 8)
	p.SetTextColor(90, 90, 90)
	// The page count is an alias replaced at the end, so this cell is left-aligned:
	// its width is measured before the number is known.
	p.CellFormat(contentW/2, 5, fmt.Sprintf(d.l.Get("page_of"), p.PageNo(), "{nb}"), "", 0, "L", false, 0, "")
	p.CellFormat(contentW/2, 5, d.l.Get("generated")+" "+d.r.GeneratedAt.Format("2006-01-02 15:04"), "", 0, "R", false, 0, "")
	p.SetTextColor(0, 0, 0)
}

func (d *doc) title() string {
	if d.r.Title != "" {
		return d.r.Title
	}
	return d.l.Get("title")
}

func (d *doc) lang() string {
	if d.r.Lang == "en" {
		return "en-GB"
	}
	return "sv-SE"
}

// limit is the lowest y content may reach on a page.
func (d *doc) limit() float64 { return pageH - marginBot }

// ensure starts a new page unless h millimetres fit below the current position.
func (d *doc) ensure(h float64) {
	if d.p.GetY()+h > d.limit() {
		d.p.AddPage()
	}
}

// heading writes a section heading; level 1 is the largest.
func (d *doc) heading(s string, level int) {
	size := [...]float64{1: 16, 2: 13, 3: 11}[level]
	d.ensure(size*0.6 + 12)
	d.p.Ln(2)
	d.p.SetFont(font, "B", size)
	d.p.SetTextColor(31, 56, 100)
	d.p.MultiCell(contentW, size*0.5, s, "", "L", false)
	d.p.SetTextColor(0, 0, 0)
	d.p.Ln(1.5)
}

// para writes a paragraph of body text.
func (d *doc) para(s string) {
	d.p.SetFont(font, "", 9.5)
	d.p.MultiCell(contentW, 4.6, s, "", "L", false)
	d.p.Ln(1.5)
}

// note writes a small grey remark.
func (d *doc) note(s string) {
	d.p.SetFont(font, "I", 8)
	d.p.SetTextColor(80, 80, 80)
	d.p.MultiCell(contentW, 3.8, s, "", "L", false)
	d.p.SetTextColor(0, 0, 0)
	d.p.Ln(1)
}

// num formats an integer with the language's thousands separator.
func (d *doc) num(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := " "
	if d.r.Lang == "en" {
		sep = ","
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// pct formats a rate: "61,2 %" in Swedish, "61.2%" in English.
func (d *doc) pct(rate float64) string { return d.pctN(rate, 1) }

// pctN formats a rate with the given number of decimals.
func (d *doc) pctN(rate float64, decimals int) string {
	s := strconv.FormatFloat(rate*100, 'f', decimals, 64)
	if d.r.Lang == "en" {
		return s + "%"
	}
	return strings.Replace(s, ".", ",", 1) + " %"
}

// rate formats the compliance rate of c, or a dash when nothing was judged.
func (d *doc) rate(c *stats.Counts) string {
	if r, ok := c.Rate(); ok {
		return d.pct(r)
	}
	return "–"
}

// lead formats the median and 90th percentile lead times of c.
func (d *doc) lead(c *stats.Counts) (median, p90 string) {
	if m, p, ok := c.LeadTimes(); ok {
		return d.num(m), d.num(p)
	}
	return "–", "–"
}

// fit shortens s with an ellipsis until it fits in w millimetres in the current font.
func fit(p *fpdf.Fpdf, s string, w float64) string {
	if p.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && p.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}
