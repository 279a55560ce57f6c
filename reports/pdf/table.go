package pdf

// col is one column of a table.
type col struct {
	label string
	w     float64 // millimetres
	align string  // "L", "C" or "R"
}

// cellStyle is how one cell of a row is drawn.
type cellStyle struct {
	bold, italic bool
	fill         [3]int // background; zero for none
	color        [3]int // text colour; zero for black
}

// table draws rows under a header that repeats at the top of every page the table
// spans. Cells wrap; a row never splits across pages.
type table struct {
	d      *doc
	cols   []col
	size   float64 // font size in points
	header bool    // draw the header row
}

const cellPad = 0.9 // vertical padding in millimetres

// lineH is the height of one text line at the table's font size.
func (t *table) lineH() float64 { return t.size * 0.3528 * 1.22 }

// start draws the header, on a new page if the header and one row do not fit.
func (t *table) start() {
	t.d.ensure(2 * (2*t.lineH() + 2*cellPad))
	t.drawHeader()
}

func (t *table) drawHeader() {
	if !t.header {
		return
	}
	labels := make([]string, len(t.cols))
	styles := make([]cellStyle, len(t.cols))
	for i, c := range t.cols {
		labels[i] = c.label
		styles[i] = cellStyle{bold: true, fill: [3]int{220, 230, 241}}
	}
	t.draw(labels, styles, true)
}

// row draws one row; styles may be nil or shorter than the row.
func (t *table) row(cells []string, styles []cellStyle) {
	full := make([]cellStyle, len(t.cols))
	copy(full, styles)
	h := t.height(cells, full, false)
	if t.d.p.GetY()+h > t.d.limit() {
		t.d.p.AddPage()
		t.drawHeader()
	}
	t.draw(cells, full, false)
}

// height measures the row cells would take.
func (t *table) height(cells []string, styles []cellStyle, header bool) float64 {
	lines := 1
	for i, c := range t.cols {
		if i < len(cells) {
			t.setFont(styles[i], header)
			lines = max(lines, len(t.d.p.SplitText(cells[i], c.w)))
		}
	}
	return float64(lines)*t.lineH() + 2*cellPad
}

func (t *table) setFont(s cellStyle, header bool) {
	style := ""
	if s.bold || header {
		style = "B"
	}
	if s.italic {
		style = "I"
	}
	size := t.size
	if header {
		size = t.size - 1
	}
	t.d.p.SetFont(font, style, size)
}

func (t *table) draw(cells []string, styles []cellStyle, header bool) {
	p := t.d.p
	auto, margin := p.GetAutoPageBreak()
	p.SetAutoPageBreak(false, margin)
	defer p.SetAutoPageBreak(auto, margin)
	h := t.height(cells, styles, header)
	x0, y0 := marginL, p.GetY()
	x := x0
	for i, c := range t.cols {
		s := styles[i]
		if s.fill != [3]int{} {
			p.SetFillColor(s.fill[0], s.fill[1], s.fill[2])
			p.Rect(x, y0, c.w, h, "F")
		}
		if i < len(cells) {
			t.setFont(s, header)
			p.SetTextColor(s.color[0], s.color[1], s.color[2])
			for j, line := range p.SplitText(cells[i], c.w) {
				p.SetXY(x, y0+cellPad+float64(j)*t.lineH())
				p.CellFormat(c.w, t.lineH(), line, "", 0, c.align, false, 0, "")
			}
		}
		x += c.w
	}
	p.SetTextColor(0, 0, 0)
	p.SetDrawColor(190, 190, 190)
	p.SetLineWidth(0.15)
	if header {
		p.SetDrawColor(110, 110, 110)
		p.SetLineWidth(0.3)
	}
	p.Line(x0, y0+h, x, y0+h)
	p.SetXY(x0, y0+h)
}

// end leaves a little space after the table.
func (t *table) end() { t.d.p.Ln(3) }
