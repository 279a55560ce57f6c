package xlsx

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// colBar is the bars' colour. (Small groups cannot be drawn grey: excelize writes
// single points' colours only for pie and doughnut charts.)
const colBar = "2F5597"

// barRowPx is the height a chart gives each category, in pixels.
const barRowPx = 20

// rateChart is a horizontal bar chart of compliance rates kept in a sheet: one bar
// per row first..last, named by column catCol, valued by column valCol, whose header
// (row first-1) names the series.
type rateChart struct {
	title       string
	sheet       string
	catCol      int
	valCol      int
	first, last int
	widthPx     uint
	anchorSheet string
	anchor      string
}

// heightPx is the chart's height in pixels.
func (c *rateChart) heightPx() uint {
	return uint(90 + barRowPx*max(1, c.last-c.first+1))
}

// rowsTall is how many default-height sheet rows the chart may cover: Excel's rows
// are 20 pixels, LibreOffice's 17, so count 16.
func (c *rateChart) rowsTall() int { return int(c.heightPx())/16 + 1 }

func (c *rateChart) add(f *excelize.File) error {
	ref := func(col int) string {
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(c.sheet), colName(col), c.first, colName(col), c.last)
	}
	series := excelize.ChartSeries{
		// excelize writes the name as a reference: point it at the column's header.
		Name:       fmt.Sprintf("%s!$%s$%d", quoteSheet(c.sheet), colName(c.valCol), c.first-1),
		Categories: ref(c.catCol),
		Values:     ref(c.valCol),
		Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colBar}},
	}
	zero, one, vary := 0.0, 1.0, false
	gap := uint(40)
	chart := &excelize.Chart{
		Type:       excelize.Bar,
		VaryColors: &vary,
		Series:     []excelize.ChartSeries{series},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.title, Font: &excelize.Font{Bold: true, Size: 12}}}},
		Legend:     excelize.ChartLegend{Position: "none"},
		Dimension:  excelize.ChartDimension{Width: c.widthPx, Height: c.heightPx()},
		Format:     excelize.GraphicOptions{AltText: c.title, OffsetX: 10},
		// The category axis lists the first row at the top.
		XAxis: excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Size: 9, Color: "262626"}},
		YAxis: excelize.ChartAxis{
			Minimum: &zero, Maximum: &one, MajorUnit: 0.25, MajorGridLines: true,
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}, Font: excelize.Font{Size: 9, Color: "404040"},
		},
		PlotArea: excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		GapWidth: &gap,
		// Rules with nothing judged have an empty rate cell: no bar, not a zero bar.
		ShowBlanksAs: "gap",
	}
	if err := f.AddChart(c.anchorSheet, c.anchor, chart); err != nil {
		return fmt.Errorf("chart %q: %w", c.title, err)
	}
	return nil
}

// quoteSheet quotes a sheet name for a cell reference.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}
