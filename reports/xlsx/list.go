package xlsx

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// widthSample is how many rows of a list are measured for column widths: the widths
// must be set before the first row is streamed, and the first rows are the ones a
// reader sees.
const widthSample = 5000

// column is one column of a list.
type column struct {
	label string
	style int     // the column's cell style (date, integer…); 0 for text
	min   float64 // width bounds in characters
	max   float64
}

// list is a sheet of rows written through a StreamWriter: a note row, a header row and
// the rows, as an Excel table with filter buttons and a frozen header. A list longer
// than a sheet continues on "Name (2)", "Name (3)"…, and each part says so.
type list struct {
	b     *book
	sheet string // the first part's sheet name
	table string // the first part's table name (ASCII)
	notes []string
	cols  []column
	n     int
	// row fills dst with the cells of row i (len(cols) values; nil for an empty cell;
	// an excelize.Cell for a styled one) and returns it.
	row func(i int, dst []any) []any
}

// perSheet is the number of data rows one part holds.
func (l *list) perSheet() int { return rowLimit - 2 }

// parts is the number of sheets the list needs (at least one, for the header).
func (l *list) parts() int { return max(1, (l.n+l.perSheet()-1)/l.perSheet()) }

// sheetNames returns the list's sheet names in order.
func (l *list) sheetNames() []string {
	out := make([]string, l.parts())
	for p := range out {
		out[p] = l.partName(p)
	}
	return out
}

func (l *list) partName(p int) string {
	if p == 0 {
		return l.sheet
	}
	return fmt.Sprintf("%s (%d)", l.sheet, p+1)
}

// write streams every part of the list.
func (l *list) write() error {
	widths := l.widths()
	for p := 0; p < l.parts(); p++ {
		lo := p * l.perSheet()
		hi := min(l.n, lo+l.perSheet())
		if err := l.writePart(p, lo, hi, widths); err != nil {
			return fmt.Errorf("sheet %q: %w", l.partName(p), err)
		}
	}
	return nil
}

// widths measures the header and the first rows.
func (l *list) widths() []float64 {
	n := make([]int, len(l.cols))
	for c, col := range l.cols {
		n[c] = utf8.RuneCountInString(col.label)
	}
	dst := make([]any, len(l.cols))
	for i := 0; i < min(l.n, widthSample); i++ {
		for c, v := range l.row(i, dst[:0]) {
			n[c] = max(n[c], cellChars(v))
		}
	}
	out := make([]float64, len(l.cols))
	for c, col := range l.cols {
		out[c] = width(n[c], col.min, col.max)
	}
	return out
}

// cellChars is the number of characters a cell value shows.
func cellChars(v any) int {
	if c, ok := v.(excelize.Cell); ok {
		v = c.Value
	}
	switch x := v.(type) {
	case nil:
		return 0
	case string:
		return utf8.RuneCountInString(x)
	case int, int32:
		s := fmt.Sprint(x)
		return len(s) + len(s)/3 // with thousands separators
	}
	return 10
}

func (l *list) writePart(p, lo, hi int, widths []float64) error {
	sheet := l.partName(p)
	if err := l.b.pageSetup(sheet, 2); err != nil {
		return err
	}
	sw, err := l.b.f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(panes(1, 3)); err != nil {
		return fmt.Errorf("freeze panes: %w", err)
	}
	// excelize prepends each column it is given and writes them in that order, while
	// Excel wants them ascending: set them from the last column to the first.
	for c := len(widths) - 1; c >= 0; c-- {
		if err := sw.SetColWidth(c+1, c+1, widths[c]); err != nil {
			return fmt.Errorf("column width: %w", err)
		}
		if st := l.cols[c].style; st != 0 {
			if err := sw.SetColStyle(c+1, c+1, st); err != nil {
				return fmt.Errorf("column style: %w", err)
			}
		}
	}
	notes := append([]string(nil), l.notes...)
	if p > 0 {
		notes = append(notes, fmt.Sprintf(l.b.l.Get("continued_from"), l.partName(p-1)))
	}
	if p < l.parts()-1 {
		notes = append(notes, fmt.Sprintf(l.b.l.Get("continues_on"), l.partName(p+1)))
	}
	note := excelize.Cell{StyleID: l.b.st.note, Value: text(strings.Join(notes, " "))}
	if err := sw.SetRow("A1", []any{note}); err != nil {
		return fmt.Errorf("note row: %w", err)
	}
	header := make([]any, len(l.cols))
	for c, col := range l.cols {
		header[c] = excelize.Cell{StyleID: l.b.st.header, Value: col.label}
	}
	if err := sw.SetRow("A2", header, excelize.RowOpts{Height: 30}); err != nil {
		return fmt.Errorf("header row: %w", err)
	}
	dst := make([]any, 0, len(l.cols))
	for i := lo; i < hi; i++ {
		row := i - lo + 3
		if err := sw.SetRow(cell(1, row), l.row(i, dst[:0])); err != nil {
			return fmt.Errorf("row %d: %w", row, err)
		}
	}
	name := l.table
	if p > 0 {
		name = fmt.Sprintf("%s_%d", l.table, p+1)
	}
	last := max(3, hi-lo+2)
	err = sw.AddTable(&excelize.Table{
		Range: "A2:" + cell(len(l.cols), last), Name: name, StyleName: "TableStyleLight9",
	})
	if err != nil {
		return fmt.Errorf("table: %w", err)
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	return nil
}

// str returns s as a cell value: nil when empty, else the cleaned text.
func str(s string) any {
	if s == "" {
		return nil
	}
	return text(s)
}
