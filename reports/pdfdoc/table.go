package pdfdoc

// Col is one column of a Table.
type Col struct {
	Label string  // the header; an empty first label means no header row
	W     float64 // the width in millimetres
	Align string  // "L", "C" or "R"
}

// Table draws rows under a header repeated on every page it spans; cells wrap and a
// row never splits across pages. Call Start, then Row for each row, then End.
type Table struct {
	Doc  *Doc
	Cols []Col
	Size float64 // the font size in points
}

// cellPad is the vertical padding of a row in millimetres.
const cellPad = 0.9

func (t *Table) lineH() float64 { return t.Size * 0.3528 * 1.2 }

// Start begins the table on a new page unless its header and a few rows fit, and
// draws the header.
func (t *Table) Start() {
	t.Doc.Ensure(3 * (2*t.lineH() + 2*cellPad))
	t.drawHeader()
}

func (t *Table) drawHeader() {
	if t.Cols[0].Label == "" {
		return
	}
	labels := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		labels[i] = c.Label
	}
	t.draw(labels, true, false)
}

// Row draws one row, after a page break and the header again where it does not fit;
// bold sets the whole row in bold.
func (t *Table) Row(cells []string, bold bool) {
	if t.Doc.P.GetY()+t.height(cells, bold) > t.Doc.Limit() {
		t.Doc.P.AddPage()
		t.drawHeader()
	}
	t.draw(cells, false, bold)
}

// End leaves a gap below the table.
func (t *Table) End() { t.Doc.P.Ln(3) }

func (t *Table) setFont(header, bold bool) {
	switch {
	case header:
		t.Doc.P.SetFont(Font, "B", t.Size-0.5)
	case bold:
		t.Doc.P.SetFont(Font, "B", t.Size)
	default:
		t.Doc.P.SetFont(Font, "", t.Size)
	}
}

func (t *Table) height(cells []string, bold bool) float64 {
	t.setFont(false, bold)
	n := 1
	for i, c := range t.Cols {
		if i < len(cells) {
			n = max(n, len(t.Doc.P.SplitText(cells[i], c.W)))
		}
	}
	return float64(n)*t.lineH() + 2*cellPad
}

func (t *Table) draw(cells []string, header, bold bool) {
	p := t.Doc.P
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
	for i, c := range t.Cols {
		if i < len(cells) {
			// SplitText and CellFormat both keep the cell margin free on either side.
			for j, line := range p.SplitText(cells[i], c.W) {
				p.SetXY(x, y0+cellPad+float64(j)*t.lineH())
				p.CellFormat(c.W, t.lineH(), line, "", 0, c.Align, false, 0, "")
			}
		}
		x += c.W
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

func (t *Table) width() float64 {
	w := 0.0
	for _, c := range t.Cols {
		w += c.W
	}
	return w
}
