package xlsxcell

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Sheet writes typed cells to the sheet Name of F; the first error sticks in Err and
// every later call does nothing.
type Sheet struct {
	F    *excelize.File
	Name string
	Err  error
}

// Set writes v at (col, row), 1-based, with style (0 for none); nil leaves the cell
// empty. Strings are always string cells, never formulas, made safe by CleanText.
func (s *Sheet) Set(col, row int, v any, style int) {
	if s.Err != nil {
		return
	}
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		s.Err = fmt.Errorf("cell (%d,%d): %w", col, row, err)
		return
	}
	switch x := v.(type) {
	case nil:
	case string:
		err = s.F.SetCellStr(s.Name, ref, CleanText(x))
	default:
		err = s.F.SetCellValue(s.Name, ref, x)
	}
	if err == nil && style != 0 {
		err = s.F.SetCellStyle(s.Name, ref, ref, style)
	}
	if err != nil {
		s.Err = fmt.Errorf("cell %s!%s: %w", s.Name, ref, err)
	}
}

// Row writes values from column 1, each with its style (styles may be shorter).
func (s *Sheet) Row(row int, styles []int, values ...any) {
	for i, v := range values {
		st := 0
		if i < len(styles) {
			st = styles[i]
		}
		s.Set(i+1, row, v, st)
	}
}

// Widths sets the widths of columns from column 1, in characters.
func (s *Sheet) Widths(ws ...float64) {
	for i, w := range ws {
		if s.Err != nil {
			return
		}
		c, _ := excelize.ColumnNumberToName(i + 1)
		if err := s.F.SetColWidth(s.Name, c, c, w); err != nil {
			s.Err = fmt.Errorf("column width %s!%s: %w", s.Name, c, err)
		}
	}
}

// Height sets a row's height in points.
func (s *Sheet) Height(row int, pt float64) {
	if s.Err == nil {
		if err := s.F.SetRowHeight(s.Name, row, pt); err != nil {
			s.Err = fmt.Errorf("row height %s!%d: %w", s.Name, row, err)
		}
	}
}
