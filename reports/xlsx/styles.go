package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Number formats. Excel localises the separators: a Swedish Excel shows 1 234 and 85,7 %.
const (
	fmtDate     = "yyyy-mm-dd"
	fmtDateTime = "yyyy-mm-dd hh:mm"
	fmtPercent  = "0.0%"
	fmtInteger  = 3 // built-in "#,##0"
)

// Colours.
const (
	colHeader  = "DCE6F1"
	colLate    = "FCE4D6" // sen: light orange
	colMissing = "F8CBAD" // saknas: light red
	colSoon    = "FFF2CC" // a deadline within three days: light yellow
	colBelow   = "FDE9E7" // below the total compliance: conditional fill
	colWarn    = "C00000"
)

// styles are the workbook's cell styles, created once.
type styles struct {
	title, heading, bold, header, note, warn int
	text, wrap, date, dateTime, integer      int
	percent, late, missing, soon             int
	below                                    int // a conditional format (dxf), not a cell style
}

func newStyles(f *excelize.File) (styles, error) {
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	custom := func(s string) *string { return &s }
	fill := func(c string) excelize.Fill { return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}} }
	var s styles
	defs := []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}}},
		{&s.heading, excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}},
		{&s.bold, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top}},
		{&s.header, excelize.Style{
			Font: &excelize.Font{Bold: true}, Fill: fill(colHeader),
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
			Border:    []excelize.Border{{Type: "bottom", Color: "7F7F7F", Style: 1}},
		}},
		{&s.note, excelize.Style{Font: &excelize.Font{Italic: true, Color: "404040"}}},
		{&s.warn, excelize.Style{Font: &excelize.Font{Bold: true, Color: colWarn}}},
		{&s.text, excelize.Style{Alignment: top}},
		{&s.wrap, excelize.Style{Alignment: wrapTop}},
		{&s.date, excelize.Style{CustomNumFmt: custom(fmtDate), Alignment: top}},
		{&s.dateTime, excelize.Style{CustomNumFmt: custom(fmtDateTime), Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&s.integer, excelize.Style{NumFmt: fmtInteger, Alignment: top}},
		{&s.percent, excelize.Style{CustomNumFmt: custom(fmtPercent), Alignment: top}},
		{&s.late, excelize.Style{Fill: fill(colLate), Alignment: top}},
		{&s.missing, excelize.Style{Fill: fill(colMissing), Alignment: top}},
		{&s.soon, excelize.Style{NumFmt: fmtInteger, Fill: fill(colSoon), Font: &excelize.Font{Bold: true}, Alignment: top}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.st)
		if err != nil {
			return s, fmt.Errorf("style: %w", err)
		}
		*d.dst = id
	}
	id, err := f.NewConditionalStyle(&excelize.Style{Fill: fill(colBelow)})
	if err != nil {
		return s, fmt.Errorf("conditional style: %w", err)
	}
	s.below = id
	return s, nil
}
