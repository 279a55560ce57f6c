package pdf

import (
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// smallMark follows the name of a small group, whose comparison is uncertain.
const smallMark = " *"

// bar is one bar of a compliance chart.
type bar struct {
	label string
	rate  float64
	ok    bool // false: nothing judged, no bar
	grey  bool // a small group: uncertain comparison
}

// Chart geometry in millimetres.
const (
	chartMaxPitch = 6.5 // the most vertical space one bar takes
	chartMinPitch = 3.6 // the least; below this a chart continues on the next page
	chartValueW   = 17  // room right of the plot for the value text
	chartAxisH    = 7   // tick labels under the plot
	chartTitleH   = 7
)

// barChart draws a horizontal bar chart of rates from 0 to 100 %, labels left, values
// right of each bar, gridlines every 25 %. It fills the space left on the page, with at
// most chartMaxPitch per bar, and continues on the next page when the bars do not fit
// at chartMinPitch.
func (d *doc) barChart(title string, bars []bar, labelW float64) {
	p := d.p
	for first := 0; first < len(bars); {
		avail := d.limit() - p.GetY() - chartTitleH - chartAxisH - 2
		n := len(bars) - first
		if avail < chartMinPitch*float64(min(n, 6)) {
			p.AddPage()
			continue
		}
		pitch := min(chartMaxPitch, avail/float64(n))
		if pitch < chartMinPitch {
			pitch = chartMinPitch
			n = int(avail / pitch)
		}
		t := title
		if first > 0 {
			t += " " + d.l.Get("continued")
		}
		d.chartPart(t, bars[first:first+n], labelW, pitch)
		first += n
	}
}

// chartPart draws bars at the current position, pitch millimetres apart.
func (d *doc) chartPart(title string, bars []bar, labelW, pitch float64) {
	p := d.p
	p.SetFont(font, "B", 10)
	p.CellFormat(contentW, chartTitleH-1, title, "", 1, "L", false, 0, "")
	x0 := marginL + labelW + 2
	plotW := contentW - labelW - 2 - chartValueW
	y0 := p.GetY() + 1
	plotH := pitch * float64(len(bars))
	barH := pitch * 0.68
	size := min(9, max(7, pitch*2.2)) // font size follows the bar pitch

	// Gridlines and tick labels every 25 %.
	p.SetLineWidth(0.15)
	p.SetFont(font, "", 7.5)
	p.SetTextColor(90, 90, 90)
	for i := 0; i <= 4; i++ {
		x := x0 + plotW*float64(i)/4
		p.SetDrawColor(215, 215, 215)
		p.Line(x, y0, x, y0+plotH)
		lbl := d.pctN(float64(i)/4, 0)
		w := p.GetStringWidth(lbl)
		p.Text(x-w/2, y0+plotH+4, lbl)
	}
	p.SetDrawColor(80, 80, 80)
	p.SetLineWidth(0.3)
	p.Line(x0, y0, x0, y0+plotH)
	p.Line(x0, y0+plotH, x0+plotW, y0+plotH)

	for i, b := range bars {
		y := y0 + float64(i)*pitch + (pitch-barH)/2
		p.SetFont(font, "", size)
		p.SetTextColor(0, 0, 0)
		lbl := barLabel(p, b.label, labelW)
		// Text's y is the baseline: centre the label on the bar.
		base := y + barH/2 + size*0.3528*0.35
		p.Text(x0-2-p.GetStringWidth(lbl), base, lbl)
		if !b.ok {
			p.SetFont(font, "I", size-0.5)
			p.SetTextColor(110, 110, 110)
			p.Text(x0+1.5, base, d.l.Get("none_judged"))
			continue
		}
		if b.grey {
			p.SetFillColor(175, 175, 175)
		} else {
			p.SetFillColor(47, 85, 151)
		}
		w := plotW * b.rate
		if w > 0 {
			p.Rect(x0, y, w, barH, "F")
		}
		p.SetFont(font, "B", size-0.5)
		p.Text(x0+w+1.5, base, d.pct(b.rate))
	}
	p.SetTextColor(0, 0, 0)
	p.SetXY(marginL, y0+plotH+chartAxisH)
}

// groupLabel marks a small group's name for the chart legend.
func groupLabel(name string, small bool) string {
	if small {
		return name + smallMark
	}
	return name
}

// barLabel fits a bar's label in w millimetres; a small group's mark stays when a long
// name is shortened.
func barLabel(p *fpdf.Fpdf, label string, w float64) string {
	lbl := fit(p, label, w)
	if name, marked := strings.CutSuffix(label, smallMark); marked && lbl != label {
		lbl = fit(p, name, w-p.GetStringWidth(smallMark)) + smallMark
	}
	return lbl
}
