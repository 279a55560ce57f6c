package trend

import (
	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// Page geometry in millimetres: A4 portrait.
const (
	pageW    = 210.0
	pageH    = 297.0
	marginL  = 18.0
	marginR  = 18.0
	marginT  = 22.0
	marginB  = 18.0
	contentW = pageW - marginL - marginR
	font     = "go"
)

// pdoc is a trend report being written as PDF.
type pdoc struct {
	p *fpdf.Fpdf
	v *view
	l labels
}

func newPDoc(r *Report) *pdoc {
	d := &pdoc{p: fpdf.New("P", "mm", "A4", ""), v: newView(r), l: labelsFor(r.Lang)}
	p := d.p
	p.SetCatalogSort(true)
	p.SetCreationDate(r.GeneratedAt.UTC())
	p.SetModificationDate(r.GeneratedAt.UTC())
	p.AddUTF8FontFromBytes(font, "", goregular.TTF)
	p.AddUTF8FontFromBytes(font, "B", gobold.TTF)
	p.AddUTF8FontFromBytes(font, "I", goitalic.TTF)
	p.SetTitle(d.title(), true)
	p.SetSubject(r.Municipality, true)
	p.SetCreator("rutinkoll", true)
	p.SetProducer("rutinkoll", true)
	if r.Lang == "en" {
		p.SetLang("en-GB")
	} else {
		p.SetLang("sv-SE")
	}
	p.SetMargins(marginL, marginT, marginR)
	p.SetAutoPageBreak(true, marginB)
	p.AliasNbPages("{nb}")
	p.SetHeaderFuncMode(d.header, true)
	p.SetFooterFunc(d.footer)
	return d
}

func (d *pdoc) title() string { return d.v.title() }

func (d *pdoc) header() {
	p := d.p
	if p.PageNo() == 1 {
		return // the title page has its own
	}
	p.SetFont(font, "", 8)
	p.SetTextColor(90, 90, 90)
	p.SetXY(marginL, 8)
	p.CellFormat(contentW*0.6, 5, d.title(), "", 0, "L", false, 0, "")
	right := d.v.span()
	if d.v.r.Municipality != "" {
		right = d.v.r.Municipality + " · " + right
	}
	p.CellFormat(contentW*0.4, 5, right, "", 0, "R", false, 0, "")
	p.SetDrawColor(180, 180, 180)
	p.SetLineWidth(0.2)
	p.Line(marginL, 14, pageW-marginR, 14)
	p.SetTextColor(0, 0, 0)
	p.SetXY(marginL, marginT)
}

func (d *pdoc) footer() {
	p := d.p
	p.SetDrawColor(180, 180, 180)
	p.SetLineWidth(0.2)
	p.Line(marginL, pageH-12, pageW-marginR, pageH-12)
	p.SetXY(marginL, pageH-11)
	p.SetFont(font, "", 8)
	p.SetTextColor(90, 90, 90)
	// The page count is an alias replaced at the end: left-align, since the cell's
	// width is measured before the number is known.
	p.CellFormat(contentW/2, 5, d.l.f("page_of", p.PageNo(), "{nb}"), "", 0, "L", false, 0, "")
	p.CellFormat(contentW/2, 5, d.l.get("generated")+" "+d.v.generated(), "", 0, "R", false, 0, "")
	p.SetTextColor(0, 0, 0)
}

// width is the width from the current left margin to the right margin.
func (d *pdoc) width() float64 {
	lm, _, _, _ := d.p.GetMargins()
	return pageW - marginR - lm
}

func (d *pdoc) limit() float64 { return pageH - marginB }

// ensure starts a new page unless h millimetres fit below the current position.
func (d *pdoc) ensure(h float64) {
	if d.p.GetY()+h > d.limit() {
		d.p.AddPage()
	}
}

// heading writes a heading; level 1 is the largest.
func (d *pdoc) heading(s string, level int) {
	size := map[int]float64{1: 15, 2: 12, 3: 10.5}[level]
	d.ensure(size*0.6 + 28) // the heading and a few lines of what follows: no orphans
	d.p.Ln(1.5)
	d.p.SetFont(font, "B", size)
	d.p.SetTextColor(31, 56, 100)
	d.p.MultiCell(d.width(), size*0.5, s, "", "L", false)
	d.p.SetTextColor(0, 0, 0)
	d.p.Ln(1.5)
}

// para writes body text.
func (d *pdoc) para(s string) {
	d.p.SetFont(font, "", 9.5)
	d.p.MultiCell(d.width(), 4.6, s, "", "L", false)
	d.p.Ln(1.5)
}

// note writes a small grey remark; warn makes it dark red.
func (d *pdoc) note(s string, warn bool) {
	d.p.SetFont(font, "I", 8.5)
	if warn {
		d.p.SetFont(font, "B", 8.5)
		d.p.SetTextColor(170, 0, 0)
	} else {
		d.p.SetTextColor(70, 70, 70)
	}
	d.p.MultiCell(d.width(), 4, s, "", "L", false)
	d.p.SetTextColor(0, 0, 0)
	d.p.Ln(1)
}

// pcol is one column of a PDF table.
type pcol struct {
	label string
	w     float64
	align string
}

// ptable draws rows under a header repeated on every page it spans; cells wrap and a
// row never splits across pages.
type ptable struct {
	d    *pdoc
	cols []pcol
	size float64
}

func (t *ptable) lineH() float64 { return t.size * 0.3528 * 1.2 }

const cellPad = 0.9

func (t *ptable) start() {
	t.d.ensure(3 * (2*t.lineH() + 2*cellPad))
	t.drawHeader()
}

func (t *ptable) drawHeader() {
	if t.cols[0].label == "" {
		return
	}
	labels := make([]string, len(t.cols))
	for i, c := range t.cols {
		labels[i] = c.label
	}
	t.draw(labels, true, false)
}

// row draws one row; bold sets the whole row in bold.
func (t *ptable) row(cells []string, bold bool) {
	if t.d.p.GetY()+t.height(cells, bold) > t.d.limit() {
		t.d.p.AddPage()
		t.drawHeader()
	}
	t.draw(cells, false, bold)
}

func (t *ptable) setFont(header, bold bool) {
	switch {
	case header:
		t.d.p.SetFont(font, "B", t.size-0.5)
	case bold:
		t.d.p.SetFont(font, "B", t.size)
	default:
		t.d.p.SetFont(font, "", t.size)
	}
}

func (t *ptable) height(cells []string, bold bool) float64 {
	t.setFont(false, bold)
	n := 1
	for i, c := range t.cols {
		if i < len(cells) {
			n = max(n, len(t.d.p.SplitText(cells[i], c.w)))
		}
	}
	return float64(n)*t.lineH() + 2*cellPad
}

func (t *ptable) draw(cells []string, header, bold bool) {
	p := t.d.p
	auto, margin := p.GetAutoPageBreak()
	p.SetAutoPageBreak(false, margin)
	defer p.SetAutoPageBreak(auto, margin)
	t.setFont(header, bold)
	h := t.height(cells, bold || header)
	x0, _, _, _ := p.GetMargins() // a table beside another moves the left margin
	y0 := p.GetY()
	x := x0
	if header {
		p.SetFillColor(220, 230, 241)
		p.Rect(x0, y0, t.width(), h, "F")
	}
	t.setFont(header, bold)
	for i, c := range t.cols {
		if i < len(cells) {
			// SplitText and CellFormat both keep the cell margin free on either side.
			for j, line := range p.SplitText(cells[i], c.w) {
				p.SetXY(x, y0+cellPad+float64(j)*t.lineH())
				p.CellFormat(c.w, t.lineH(), line, "", 0, c.align, false, 0, "")
			}
		}
		x += c.w
	}
	p.SetDrawColor(190, 190, 190)
	p.SetLineWidth(0.15)
	if header {
		p.SetDrawColor(110, 110, 110)
		p.SetLineWidth(0.3)
	}
	p.Line(x0, y0+h, x, y0+h)
	p.SetXY(x0, y0+h)
}

func (t *ptable) width() float64 {
	w := 0.0
	for _, c := range t.cols {
		w += c.w
	}
	return w
}

func (t *ptable) end() { t.d.p.Ln(3) }

// fitText shortens s with an ellipsis until it fits in w millimetres in the current
// font.
func fitText(p *fpdf.Fpdf, s string, w float64) string {
	if p.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && p.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
