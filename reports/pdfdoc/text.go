package pdfdoc

import "codeberg.org/go-pdf/fpdf"

// Width is the width from the current left margin to the right margin.
func (d *Doc) Width() float64 {
	lm, _, _, _ := d.P.GetMargins()
	return d.Page.W - d.Page.Right - lm
}

// Limit is the lowest y content may reach on a page.
func (d *Doc) Limit() float64 { return d.Page.H - d.Page.Bottom }

// Ensure starts a new page unless h millimetres fit below the current position.
func (d *Doc) Ensure(h float64) {
	if d.P.GetY()+h > d.Limit() {
		d.P.AddPage()
	}
}

// Heading writes a heading; level 1 is the largest, then 2 and 3.
func (d *Doc) Heading(s string, level int) {
	size := map[int]float64{1: 15, 2: 12, 3: 10.5}[level]
	d.Ensure(size*0.6 + 28) // the heading and a few lines of what follows: no orphans
	d.P.Ln(1.5)
	d.P.SetFont(Font, "B", size)
	d.P.SetTextColor(31, 56, 100)
	d.P.MultiCell(d.Width(), size*0.5, s, "", "L", false)
	d.P.SetTextColor(0, 0, 0)
	d.P.Ln(1.5)
}

// Para writes body text.
func (d *Doc) Para(s string) {
	d.P.SetFont(Font, "", 9.5)
	d.P.MultiCell(d.Width(), 4.6, s, "", "L", false)
	d.P.Ln(1.5)
}

// Note writes a small grey remark; warn makes it bold dark red.
func (d *Doc) Note(s string, warn bool) {
	d.P.SetFont(Font, "I", 8.5)
	if warn {
		d.P.SetFont(Font, "B", 8.5)
		d.P.SetTextColor(170, 0, 0)
	} else {
		d.P.SetTextColor(70, 70, 70)
	}
	d.P.MultiCell(d.Width(), 4, s, "", "L", false)
	d.P.SetTextColor(0, 0, 0)
	d.P.Ln(1)
}

// Fit shortens s with an ellipsis until it fits in w millimetres in p's current
// font.
func Fit(p *fpdf.Fpdf, s string, w float64) string {
	if p.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && p.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
