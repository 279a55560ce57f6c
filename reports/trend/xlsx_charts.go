package trend

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/rutinkoll/rutinkoll/reports/xlsxcell"
)

// Where the Per månad sheet keeps the rates the charts draw: a header row, then one
// row per month; column 1 the month, column 2 the reference, then one per utförare.
const monthsHeaderRow = 4

// monthsSheet writes the monthly rates of the reference and every utförare, and below
// them the judged counts behind each rate.
func (b *workbook) monthsSheet(s *xlsxcell.Sheet) error {
	b.header(s, b.l.get("sheet_months")+" – "+b.v.title())
	s.Set(1, 3, b.l.get("months_note"), b.st.Note)
	names := []string{b.l.get("col_month"), b.v.refName()}
	for i := range b.r.Providers {
		names = append(names, b.r.Providers[i].Name)
	}
	widths := []float64{10}
	for range names[1:] {
		widths = append(widths, 16)
	}
	s.Widths(widths...)
	s.Freeze(2, monthsHeaderRow+1)
	block := func(top int, value func(c *Cell) any, style int) int {
		for i, n := range names {
			s.Set(i+1, top, n, b.st.Header)
		}
		s.Height(top, 45)
		for mi, m := range b.r.Months {
			row := top + 1 + mi
			s.Set(1, row, m.Period(), b.st.Text)
			s.Set(2, row, value(&b.r.Reference.Months[mi]), style)
			for pi := range b.r.Providers {
				s.Set(3+pi, row, value(&b.r.Providers[pi].Months[mi]), style)
			}
		}
		return top + 1 + len(b.r.Months)
	}
	next := block(monthsHeaderRow, rateCell, b.st.percent)
	s.Set(1, next+1, b.l.get("judged_months"), b.st.Heading)
	block(next+2, func(c *Cell) any { return c.Judged() }, b.st.Integer)
	return s.Err
}

// Chart geometry.
const (
	chartW        = 560 // pixels
	chartH        = 300
	chartColsStep = 10 // sheet columns between two charts side by side
	chartRowsStep = 17 // sheet rows between two rows of charts
)

// chartsSheet draws one line chart per utförare: its monthly rate (solid) against the
// reference's (dashed), from the Per månad sheet.
func (b *workbook) chartsSheet(s *xlsxcell.Sheet) error {
	b.header(s, b.l.get("sheet_charts")+" – "+b.v.title())
	s.Set(1, 3, b.l.f("charts_note", b.v.refName()), b.st.Note)
	months := b.l.get("sheet_months")
	first, last := monthsHeaderRow+1, monthsHeaderRow+len(b.r.Months)
	series := func(col int, color string, dash excelize.LineDashType) excelize.ChartSeries {
		name, _ := excelize.ColumnNumberToName(col)
		return excelize.ChartSeries{
			Name:       cellRef(months, col, monthsHeaderRow),
			Categories: fmt.Sprintf("%s:$A$%d", cellRef(months, 1, first), last),
			Values:     fmt.Sprintf("%s:$%s$%d", cellRef(months, col, first), name, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
			Line:       excelize.LineOptions{Width: 2.25, Dash: dash},
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: 5, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}},
		}
	}
	zero, one := 0.0, 1.0
	for pi := range b.r.Providers {
		p := &b.r.Providers[pi]
		title := p.Name
		chart := &excelize.Chart{
			Type:      excelize.Line,
			Series:    []excelize.ChartSeries{series(3+pi, "2F5597", excelize.LineDashSolid), series(2, "7F7F7F", excelize.LineDashDash)},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Bold: true, Size: 11}}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: chartW, Height: chartH},
			Format:    excelize.GraphicOptions{AltText: title},
			// Without a colour, excelize draws the tick labels in the gridlines' pale grey.
			XAxis: excelize.ChartAxis{Font: excelize.Font{Size: 9, Color: "262626"}},
			YAxis: excelize.ChartAxis{Minimum: &zero, Maximum: &one, MajorUnit: 0.25, MajorGridLines: true,
				NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}, Font: excelize.Font{Size: 9, Color: "404040"}},
			// A month with nothing judged has an empty cell: a gap, not a fall to 0 %.
			ShowBlanksAs: "gap",
		}
		anchor, _ := excelize.CoordinatesToCellName(1+(pi%2)*chartColsStep, 5+(pi/2)*chartRowsStep)
		if err := b.f.AddChart(s.Name, anchor, chart); err != nil {
			return fmt.Errorf("chart for %q: %w", p.Name, err)
		}
	}
	return s.Err
}
