package ivo

import (
	"fmt"
	"io"

	"github.com/rutinkoll/rutinkoll/reports/pdfdoc"
)

// WritePDF renders r as a PDF: a title page (kommun, nämnd, quarter, reporting window),
// the three lists, the statistikrapport and the method. It shows IVO codes, never a
// personnummer or case id, and never lists a person with skyddade personuppgifter. The
// Go fonts are embedded, and the same report gives the same bytes.
func WritePDF(w io.Writer, r *Report) error {
	if r == nil || r.Config == nil {
		return fmt.Errorf("ivo pdf: report without configuration")
	}
	d := newPDoc(r)
	sections := []struct {
		what string
		fn   func()
	}{
		{"title page", d.titlePage},
		{"new list", func() { d.listSection(New) }},
		{"ongoing list", func() { d.listSection(Ongoing) }},
		{"closed list", func() { d.listSection(Closed) }},
		{"statistics", d.statsSection},
		{"method", d.methodSection},
	}
	for _, s := range sections {
		s.fn()
		if err := d.P.Error(); err != nil {
			return fmt.Errorf("ivo pdf: %s: %w", s.what, err)
		}
	}
	if err := d.P.Output(w); err != nil {
		return fmt.Errorf("ivo pdf: write document: %w", err)
	}
	return nil
}

// titlePage writes the title, the reporting nämnd and the quarter with its dates, and
// how many beslut each list holds.
func (d *pdoc) titlePage() {
	p, l, r := d.P, d.l, d.v.r
	p.AddPage()
	p.SetY(32)
	p.SetFont(font, "B", 24)
	p.SetTextColor(31, 56, 100)
	p.MultiCell(contentW, 11, l.get("title"), "", "L", false)
	p.SetFont(font, "", 14)
	p.MultiCell(contentW, 8, l.f("subtitle", r.Config.Law.Reference), "", "L", false)
	p.SetTextColor(0, 0, 0)
	p.Ln(6)
	p.SetDrawColor(31, 56, 100)
	p.SetLineWidth(0.6)
	p.Line(marginL, p.GetY(), marginL+60, p.GetY())
	p.Ln(6)
	rows := [][2]string{
		{l.get("municipality"), d.v.orNotGiven(r.Municipality)},
		{l.get("namnd"), d.v.orNotGiven(r.Namnd)},
		{l.get("quarter"), r.Quarter.String() + " (" + d.v.period() + ")"},
		{l.get("reporting_date"), r.Quarter.End().String()},
		{l.get("window"), d.v.window()},
		{l.get("generated"), d.v.generated()},
	}
	for _, kv := range rows {
		p.SetFont(font, "B", 12)
		p.CellFormat(62, 7, kv[0], "", 0, "L", false, 0, "")
		p.SetFont(font, "", 12)
		p.MultiCell(contentW-62, 7, kv[1], "", "L", false)
	}
	if r.Preliminary {
		p.Ln(3)
		d.Note(l.get("preliminary"), true)
	}
	if r.BeslutCases == 0 {
		p.Ln(3)
		d.Note(l.get("no_beslut"), true)
	}
	p.Ln(6)
	p.SetFont(font, "B", 12)
	p.CellFormat(contentW, 7, l.get("contents"), "", 1, "L", false, 0, "")
	for _, li := range Lists {
		p.SetFont(font, "", 11)
		n := len(r.Rows[li]) + r.Protected[li]
		p.CellFormat(120, 6, l.get(fmt.Sprintf("list_title_%d", li)), "", 0, "L", false, 0, "")
		p.CellFormat(20, 6, d.num(n), "", 1, "R", false, 0, "")
	}
	p.SetFont(font, "", 11)
	p.CellFormat(120, 6, l.get("stats_title")+", "+l.get("method_title"), "", 1, "L", false, 0, "")
	p.Ln(6)
	d.Note(r.Config.Law.Note.In(r.Lang), false)
}

// pdfColumn is one column of a PDF list: its label key and width in millimetres for
// the open lists and for the closed list (0: not shown).
type pdfColumn struct {
	key          string
	open, closed float64
	align        string
}

// pdfColumns are the PDF lists' columns: no case id (the PDF shows the IVO code only),
// insats and inriktning in one column, widths that fit a date on one line.
var pdfColumns = []pdfColumn{
	{"col_ivo", 27, 27, "L"},
	{"col_gender", 13, 13, "L"},
	{"col_insats_inriktning", 40, 36, "L"},
	{"col_beslut_short", 19, 19, "L"},
	{"col_avbrott", 19, 19, "L"},
	{"col_trigger", 19, 19, "L"},
	{"col_offers", 36, 26, "L"},
	{"col_days", 14, 13, "R"},
	{"col_reason", 48, 30, "L"},
	{"col_utforare", 32, 18, "L"},
	{"col_ended", 0, 19, "L"},
	{"col_how", 0, 28, "L"},
}

// listColumnsPDF returns the PDF columns of list l.
func (d *pdoc) listColumnsPDF(l List) []pdfdoc.Col {
	var cols []pdfdoc.Col
	for _, c := range pdfColumns {
		w := c.open
		if l == Closed {
			w = c.closed
		}
		if w > 0 {
			cols = append(cols, pdfdoc.Col{Label: d.l.get(c.key), W: w, Align: c.align})
		}
	}
	return cols
}

// listSection writes one list on a new page.
func (d *pdoc) listSection(li List) {
	l, r := d.l, d.v.r
	d.P.AddPage()
	d.Heading(l.get(fmt.Sprintf("list_title_%d", li))+" – "+r.Quarter.String(), 1)
	d.Note(l.get(fmt.Sprintf("list_intro_%d", li)), false)
	rows := r.Rows[li]
	if len(rows) > 0 {
		t := &pdfdoc.Table{Doc: d.Doc, Cols: d.listColumnsPDF(li), Size: 7.5}
		t.Start()
		for i := range rows {
			row := &rows[i]
			cells := []string{d.v.ivoCode(row), d.v.gender(row.Gender), d.v.insats(row.Insats) + "\n" + d.v.inriktning(row.Inriktning),
				row.Beslut.String(), row.Avbrott.String(), row.Trigger.String(), d.v.offers(row), d.num(row.DaysWaited),
				d.v.reason(row.Reason), row.Utforare}
			if li == Closed {
				cells = append(cells, row.Ended.String(), d.v.how(row))
			}
			t.Row(cells, false)
		}
		t.End()
		d.Note(l.f("list_rows", len(rows)), false)
	} else {
		d.Para(l.get("list_empty"))
	}
	if n := r.Protected[li]; n > 0 {
		d.Note(l.f("protected_rows", n), false)
	}
	if n := d.v.missingCodes(li); n > 0 {
		d.Note(l.f("missing_codes", n), true)
	}
}
