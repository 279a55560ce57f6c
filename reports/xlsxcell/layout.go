package xlsxcell

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Freeze freezes the rows above row and the columns left of col, both 1-based.
func (s *Sheet) Freeze(col, row int) {
	if s.Err != nil {
		return
	}
	top, _ := excelize.CoordinatesToCellName(col, row)
	pane := "bottomLeft"
	if col > 1 {
		pane = "bottomRight"
	}
	err := s.F.SetPanes(s.Name, &excelize.Panes{Freeze: true, XSplit: col - 1, YSplit: row - 1, TopLeftCell: top, ActivePane: pane,
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: pane}}})
	if err != nil {
		s.Err = fmt.Errorf("freeze panes %s: %w", s.Name, err)
	}
}

// Table makes rows firstRow to lastRow of columns 1 to cols a filterable Excel table
// named name; a range without data rows stays as it is.
func (s *Sheet) Table(name string, firstRow, lastRow, cols int) {
	if s.Err != nil || lastRow <= firstRow {
		return
	}
	last, _ := excelize.CoordinatesToCellName(cols, lastRow)
	stripes := true
	if err := s.F.AddTable(s.Name, &excelize.Table{Range: fmt.Sprintf("A%d:%s", firstRow, last), Name: name,
		StyleName: "TableStyleLight9", ShowRowStripes: &stripes}); err != nil {
		s.Err = fmt.Errorf("table %s: %w", name, err)
	}
}

// PrintWide sets the sheet to print landscape on A4, scaled to one page wide.
func (s *Sheet) PrintWide() {
	if s.Err != nil {
		return
	}
	orient, a4, one, free := "landscape", 9, 1, 0 // FitToHeight 0: as many pages as needed
	if err := s.F.SetPageLayout(s.Name, &excelize.PageLayoutOptions{Orientation: &orient, Size: &a4, FitToWidth: &one, FitToHeight: &free}); err != nil {
		s.Err = fmt.Errorf("page layout %s: %w", s.Name, err)
		return
	}
	fit := true
	if err := s.F.SetSheetProps(s.Name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		s.Err = fmt.Errorf("sheet properties %s: %w", s.Name, err)
	}
}
