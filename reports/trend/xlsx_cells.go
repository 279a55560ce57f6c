package trend

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/rutinkoll/rutinkoll/reports/xlsxcell"
)

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

// xstyles are the workbook's cell styles: the shared ones and the rates'.
type xstyles struct {
	xlsxcell.Styles
	percent, boldPercent, boldInteger int
}

// newXStyles creates the shared styles first and then the rates', so the style ids
// keep their order.
func newXStyles(f *excelize.File) (xstyles, error) {
	base, err := xlsxcell.NewStyles(f)
	s := xstyles{Styles: base}
	if err != nil {
		return s, err
	}
	top := &excelize.Alignment{Vertical: "top"}
	pct := "0.0%"
	defs := []struct {
		dst *int
		st  excelize.Style
	}{
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
