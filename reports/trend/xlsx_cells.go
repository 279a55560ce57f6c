package trend

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/rutinkoll/rutinkoll/audit"
)

// excelEpoch is Excel's serial number of 1970-01-01, audit.Date's day 0.
const excelEpoch = 25569

// rateCell returns c's rate, or nil (an empty cell) when nothing was judged.
func rateCell(c *Cell) any {
	if p, ok := c.Rate(); ok {
		return p
	}
	return nil
}

// cellRef returns the absolute reference 'Sheet'!$C$4 for charts.
func cellRef(sheetName string, col, row int) string {
	c, _ := excelize.ColumnNumberToName(col)
	return fmt.Sprintf("'%s'!$%s$%d", strings.ReplaceAll(sheetName, "'", "''"), c, row)
}

// dateCell returns d as an Excel serial date, or nil (an empty cell) for NoDate.
func dateCell(d audit.Date) any {
	if d == audit.NoDate {
		return nil
	}
	return int(d) + excelEpoch
}

// xstyles are the workbook's cell styles.
type xstyles struct {
	title, heading, bold, header, note, warn, text, wrap, date, integer int
	percent, boldPercent, boldInteger                                   int
}

func newXStyles(f *excelize.File) (xstyles, error) {
	top := &excelize.Alignment{Vertical: "top"}
	date, pct := "yyyy-mm-dd", "0.0%"
	var s xstyles
	defs := []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&s.heading, excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}},
		{&s.bold, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top}},
		{&s.header, excelize.Style{
			Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F1"}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
			Border:    []excelize.Border{{Type: "bottom", Color: "7F7F7F", Style: 1}},
		}},
		{&s.note, excelize.Style{Font: &excelize.Font{Italic: true, Color: "404040"}}},
		{&s.warn, excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, Alignment: top}},
		{&s.text, excelize.Style{Alignment: top}},
		{&s.wrap, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.date, excelize.Style{CustomNumFmt: &date, Alignment: top}},
		{&s.integer, excelize.Style{NumFmt: 3, Alignment: top}},
		{&s.percent, excelize.Style{CustomNumFmt: &pct, Alignment: top}},
		{&s.boldPercent, excelize.Style{CustomNumFmt: &pct, Font: &excelize.Font{Bold: true}, Alignment: top}},
		{&s.boldInteger, excelize.Style{NumFmt: 3, Font: &excelize.Font{Bold: true}, Alignment: top}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.st)
		if err != nil {
			return s, fmt.Errorf("style: %w", err)
		}
		*d.dst = id
	}
	return s, nil
}

// sheet writes typed cells to one sheet; the first error sticks.
type sheet struct {
	f    *excelize.File
	name string
	err  error
}

// set writes v at (col, row), 1-based, with style (0 for none). Strings are always
// string cells, never formulas, with characters XML cannot carry replaced.
func (s *sheet) set(col, row int, v any, style int) {
	if s.err != nil {
		return
	}
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		s.err = fmt.Errorf("cell (%d,%d): %w", col, row, err)
		return
	}
	switch x := v.(type) {
	case nil:
	case string:
		err = s.f.SetCellStr(s.name, ref, cleanText(x))
	default:
		err = s.f.SetCellValue(s.name, ref, x)
	}
	if err == nil && style != 0 {
		err = s.f.SetCellStyle(s.name, ref, ref, style)
	}
	if err != nil {
		s.err = fmt.Errorf("cell %s!%s: %w", s.name, ref, err)
	}
}

// row writes values from column 1, each with its style (styles may be shorter).
func (s *sheet) row(row int, styles []int, values ...any) {
	for i, v := range values {
		st := 0
		if i < len(styles) {
			st = styles[i]
		}
		s.set(i+1, row, v, st)
	}
}

// widths sets the widths of columns from column 1, in characters.
func (s *sheet) widths(ws ...float64) {
	for i, w := range ws {
		if s.err != nil {
			return
		}
		c, _ := excelize.ColumnNumberToName(i + 1)
		if err := s.f.SetColWidth(s.name, c, c, w); err != nil {
			s.err = fmt.Errorf("column width %s!%s: %w", s.name, c, err)
		}
	}
}

// height sets a row's height in points.
func (s *sheet) height(row int, pt float64) {
	if s.err == nil {
		if err := s.f.SetRowHeight(s.name, row, pt); err != nil {
			s.err = fmt.Errorf("row height %s!%d: %w", s.name, row, err)
		}
	}
}

// freeze freezes the rows above row and the columns left of col.
func (s *sheet) freeze(col, row int) {
	if s.err != nil {
		return
	}
	top, _ := excelize.CoordinatesToCellName(col, row)
	pane := "bottomLeft"
	if col > 1 {
		pane = "bottomRight"
	}
	err := s.f.SetPanes(s.name, &excelize.Panes{Freeze: true, XSplit: col - 1, YSplit: row - 1, TopLeftCell: top, ActivePane: pane,
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: pane}}})
	if err != nil {
		s.err = fmt.Errorf("freeze panes %s: %w", s.name, err)
	}
}

// table makes the range a filterable Excel table named name.
func (s *sheet) table(name string, firstRow, lastRow, cols int) {
	if s.err != nil || lastRow <= firstRow {
		return
	}
	last, _ := excelize.CoordinatesToCellName(cols, lastRow)
	stripes := true
	if err := s.f.AddTable(s.name, &excelize.Table{Range: fmt.Sprintf("A%d:%s", firstRow, last), Name: name,
		StyleName: "TableStyleLight9", ShowRowStripes: &stripes}); err != nil {
		s.err = fmt.Errorf("table %s: %w", name, err)
	}
}

// cleanText replaces invalid UTF-8 and control characters XML cannot carry.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, string(utf8.RuneError))
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF {
			return utf8.RuneError
		}
		return r
	}, s)
}

// lines estimates how many lines s takes wrapped at perLine characters.
func lines(s string, perLine int) int {
	n := 0
	for _, p := range strings.Split(s, "\n") {
		n += max(1, (utf8.RuneCountInString(p)+perLine-1)/perLine)
	}
	return n
}

// printWide sets the sheet to print landscape on A4, scaled to one page wide.
func (s *sheet) printWide() {
	if s.err != nil {
		return
	}
	orient, a4, one, free := "landscape", 9, 1, 0 // FitToHeight 0: as many pages as needed
	if err := s.f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Orientation: &orient, Size: &a4, FitToWidth: &one, FitToHeight: &free}); err != nil {
		s.err = fmt.Errorf("page layout %s: %w", s.name, err)
		return
	}
	fit := true
	if err := s.f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		s.err = fmt.Errorf("sheet properties %s: %w", s.name, err)
	}
}
