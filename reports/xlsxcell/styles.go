package xlsxcell

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Styles are the cell styles the IVO and trend workbooks share.
type Styles struct {
	Title, Heading, Bold, Header, Note, Warn, Text, Wrap, Date, Integer int
}

// NewStyles creates the shared styles in f, in a fixed order so that the style ids,
// and the workbook's bytes, stay the same.
func NewStyles(f *excelize.File) (Styles, error) {
	top := &excelize.Alignment{Vertical: "top"}
	date := "yyyy-mm-dd"
	var s Styles
	defs := []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.Title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&s.Heading, excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}},
		{&s.Bold, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top}},
		{&s.Header, excelize.Style{
			Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F1"}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
			Border:    []excelize.Border{{Type: "bottom", Color: "7F7F7F", Style: 1}},
		}},
		{&s.Note, excelize.Style{Font: &excelize.Font{Italic: true, Color: "404040"}}},
		{&s.Warn, excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, Alignment: top}},
		{&s.Text, excelize.Style{Alignment: top}},
		{&s.Wrap, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.Date, excelize.Style{CustomNumFmt: &date, Alignment: top}},
		{&s.Integer, excelize.Style{NumFmt: 3, Alignment: top}},
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
