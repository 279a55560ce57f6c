package xlsx

import (
	"fmt"
	"math"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports/stats"
	"github.com/rutinkoll/rutinkoll/reports/xlsxcell"
)

// dateTimeValue returns t, in its own zone, as an Excel serial date and time.
func dateTimeValue(t time.Time) float64 {
	y, m, d := t.Date()
	secs := t.Hour()*3600 + t.Minute()*60 + t.Second()
	return float64(int(audit.DateOf(y, m, d))+xlsxcell.ExcelEpoch) + float64(secs)/86400
}

// rateValue returns a compliance rate, or nil when nothing was judged.
func rateValue(c *stats.Counts) any {
	if r, ok := c.Rate(); ok {
		return r
	}
	return nil
}

// leadValues returns the median and 90th percentile lead time, or nils.
func leadValues(c *stats.Counts) (median, p90 any) {
	if m, p, ok := c.LeadTimes(); ok {
		return m, p
	}
	return nil, nil
}

// text makes s safe for a cell (see xlsxcell.CleanText). It is written as a string
// cell whatever it starts with, so "=…" stays text.
func text(s string) string { return xlsxcell.CleanText(s) }

// cell returns the A1 name of (col, row), both 1-based.
func cell(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		panic(fmt.Sprintf("xlsx: cell (%d,%d): %v", col, row, err)) // only with a bug in this package
	}
	return name
}

// colName returns the letters of a 1-based column.
func colName(col int) string {
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		panic(fmt.Sprintf("xlsx: column %d: %v", col, err))
	}
	return name
}

// width returns a column width (in characters) that fits n characters, within bounds.
func width(n int, lo, hi float64) float64 {
	w := math.Round((float64(n)*1.1+2)*10) / 10
	return min(max(w, lo), hi)
}

// sheetWriter writes typed cells to a normal-mode sheet.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	err   error
}

// set writes v to (col, row) with style (0 for none). Strings always become string
// cells, never formulas. The first error sticks.
func (w *sheetWriter) set(col, row int, v any, style int) {
	if w.err != nil {
		return
	}
	ref := cell(col, row)
	switch x := v.(type) {
	case nil:
	case string:
		w.err = w.f.SetCellStr(w.sheet, ref, text(x))
	default:
		w.err = w.f.SetCellValue(w.sheet, ref, x)
	}
	if w.err == nil && style != 0 {
		w.err = w.f.SetCellStyle(w.sheet, ref, ref, style)
	}
	if w.err != nil {
		w.err = fmt.Errorf("cell %s!%s: %w", w.sheet, ref, w.err)
	}
}

// row writes values from column 1 of row, each with its style (styles may be short).
func (w *sheetWriter) row(row int, styles []int, values ...any) {
	for i, v := range values {
		st := 0
		if i < len(styles) {
			st = styles[i]
		}
		w.set(i+1, row, v, st)
	}
}

// widths sets column widths from column 1.
func (w *sheetWriter) widths(ws ...float64) {
	for i, x := range ws {
		if w.err == nil && x > 0 {
			c := colName(i + 1)
			if err := w.f.SetColWidth(w.sheet, c, c, x); err != nil {
				w.err = fmt.Errorf("column width %s!%s: %w", w.sheet, c, err)
			}
		}
	}
}

// height sets a row's height in points.
func (w *sheetWriter) height(row int, pt float64) {
	if w.err == nil {
		if err := w.f.SetRowHeight(w.sheet, row, pt); err != nil {
			w.err = fmt.Errorf("row height %s!%d: %w", w.sheet, row, err)
		}
	}
}

// freeze freezes the rows above row and the columns left of col (1-based).
func (w *sheetWriter) freeze(col, row int) {
	if w.err == nil {
		if err := w.f.SetPanes(w.sheet, panes(col, row)); err != nil {
			w.err = fmt.Errorf("freeze panes %s: %w", w.sheet, err)
		}
	}
}

// panes returns frozen panes with the top-left free cell at (col, row).
func panes(col, row int) *excelize.Panes {
	top := cell(col, row)
	pane := "bottomLeft"
	if col > 1 {
		pane = "bottomRight"
	}
	return &excelize.Panes{
		Freeze: true, XSplit: col - 1, YSplit: row - 1, TopLeftCell: top, ActivePane: pane,
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: pane}},
	}
}
