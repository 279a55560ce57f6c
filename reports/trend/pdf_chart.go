package trend

import (
	"strconv"

	"github.com/rutinkoll/rutinkoll/reports/pdfdoc"
)

// Line chart colours.
var (
	colProvider  = [3]int{47, 85, 151}
	colReference = [3]int{120, 120, 120}
)

// lineChart draws one utförare's monthly rate (solid, with dots) against the
// reference's (dashed) in the box x, y, w, h (millimetres), with the judged counts of
// the utförare under the month labels. A month with nothing judged breaks the line.
func (d *pdoc) lineChart(x, y, w, h float64, title string, prov, ref []Cell) {
	p := d.P
	const axisW, titleH, monthsH = 11.0, 6.0, 9.0
	p.SetFont(font, "B", 8.5)
	p.SetXY(x, y)
	p.CellFormat(w, titleH-1, pdfdoc.Fit(p, title, w), "", 0, "L", false, 0, "")
	px, py := x+axisW, y+titleH+1
	pw, ph := w-axisW-2, h-titleH-1-monthsH
	// Gridlines every 25 %.
	p.SetFont(font, "", 6.5)
	p.SetLineWidth(0.15)
	for i := 0; i <= 4; i++ {
		gy := py + ph - ph*float64(i)/4
		p.SetDrawColor(215, 215, 215)
		p.Line(px, gy, px+pw, gy)
		lbl := d.v.pct(float64(i)/4, 0)
		p.SetTextColor(90, 90, 90)
		p.Text(px-1-p.GetStringWidth(lbl), gy+1, lbl)
	}
	p.SetDrawColor(80, 80, 80)
	p.SetLineWidth(0.3)
	p.Line(px, py, px, py+ph)
	p.Line(px, py+ph, px+pw, py+ph)
	n := len(d.v.r.Months)
	step := pw / float64(n)
	xOf := func(i int) float64 { return px + step*(float64(i)+0.5) }
	yOf := func(rate float64) float64 { return py + ph - ph*rate }
	// Month labels, the year under January and the first month, and n.
	for i, m := range d.v.r.Months {
		p.SetFont(font, "", 6.5)
		p.SetTextColor(60, 60, 60)
		lbl := d.v.monthShort(m)
		p.Text(xOf(i)-p.GetStringWidth(lbl)/2, py+ph+3, lbl)
		if i == 0 || m.Month() == 1 {
			yr := strconv.Itoa(m.Year())
			p.Text(xOf(i)-p.GetStringWidth(yr)/2, py+ph+5.6, yr)
		}
		if prov != nil {
			p.SetFont(font, "", 5.5)
			p.SetTextColor(120, 120, 120)
			nj := strconv.Itoa(prov[i].Judged())
			p.Text(xOf(i)-p.GetStringWidth(nj)/2, py+ph+8.2, nj)
		}
	}
	p.SetTextColor(0, 0, 0)
	d.series(ref, xOf, yOf, colReference, true)
	if prov != nil {
		d.series(prov, xOf, yOf, colProvider, false)
	}
}

// series draws one line, broken where nothing was judged.
func (d *pdoc) series(cells []Cell, xOf func(int) float64, yOf func(float64) float64, col [3]int, dashed bool) {
	p := d.P
	p.SetDrawColor(col[0], col[1], col[2])
	p.SetFillColor(col[0], col[1], col[2])
	p.SetLineWidth(0.5)
	if dashed {
		p.SetDashPattern([]float64{1.6, 1.0}, 0)
	}
	prev := -1
	for i := range cells {
		rate, ok := cells[i].Rate()
		if !ok {
			prev = -1
			continue
		}
		if prev >= 0 {
			pr, _ := cells[prev].Rate()
			p.Line(xOf(prev), yOf(pr), xOf(i), yOf(rate))
		}
		prev = i
	}
	p.SetDashPattern([]float64{}, 0)
	if !dashed {
		// A month with few judged verdicts gets a hollow dot: its rate is uncertain.
		p.SetLineWidth(0.3)
		for i := range cells {
			if rate, ok := cells[i].Rate(); ok {
				style := "F"
				if cells[i].Judged() < d.v.r.MinJudged {
					p.SetFillColor(255, 255, 255)
					style = "FD"
				}
				p.Circle(xOf(i), yOf(rate), 0.8, style)
				p.SetFillColor(col[0], col[1], col[2])
			}
		}
	}
	p.SetLineWidth(0.2)
}

// legend draws the two line styles with their names at the current position.
func (d *pdoc) legend(provider, reference string) {
	p := d.P
	x, y := marginL, p.GetY()+2
	p.SetFont(font, "", 8.5)
	for _, it := range []struct {
		label  string
		col    [3]int
		dashed bool
	}{{provider, colProvider, false}, {reference, colReference, true}} {
		p.SetDrawColor(it.col[0], it.col[1], it.col[2])
		p.SetLineWidth(0.5)
		if it.dashed {
			p.SetDashPattern([]float64{1.6, 1.0}, 0)
		}
		p.Line(x, y, x+10, y)
		p.SetDashPattern([]float64{}, 0)
		p.Text(x+12, y+1.1, it.label)
		x += 16 + p.GetStringWidth(it.label)
	}
	p.SetLineWidth(0.2)
	p.SetXY(marginL, y+4)
}
