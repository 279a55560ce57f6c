// Package xlsx renders a report as an Excel workbook for the kvalitetsutvecklare: a
// summary with a chart, figures per rule, per utförare and per enhet, every deviation
// as a filterable table, the deadlines coming up, the data quality problems and the
// method. Cells have real types (dates, percentages, integers); text that came from
// input is always written as a string cell, never as a formula. The same report gives
// the same cell values.
package xlsx

import (
	"fmt"
	"io"
	"sort"

	"github.com/xuri/excelize/v2"

	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/xlsxcell"
)

// Options control the workbook. The zero value is the default.
type Options struct {
	// UpcomingDays is how many days after the brytdatum the Kommande sheet looks
	// ahead; 0 means 14.
	UpcomingDays int
}

// rowLimit is the number of rows a sheet may hold (Excel's limit); tests lower it to
// exercise the split of long lists across sheets.
var rowLimit = excelize.TotalRows

// book is one workbook being written.
type book struct {
	f   *excelize.File
	r   *reports.Report
	l   reports.Labels
	opt Options
	st  styles
	// values that repeat over a list's rows (utförare, enhet, insats, reasons) as cell
	// values, cleaned and boxed once; one list is written at a time
	repeated map[string]any
}

// common returns str(s), made once per distinct s: for values shared by many rows.
func (b *book) common(s string) any {
	if v, ok := b.repeated[s]; ok {
		return v
	}
	if b.repeated == nil {
		b.repeated = map[string]any{}
	}
	v := str(s)
	b.repeated[s] = v
	return v
}

// Write renders r as an xlsx workbook to w.
func Write(w io.Writer, r *reports.Report, opt Options) error {
	if r == nil || r.Result == nil || r.Summary == nil || r.Dataset == nil {
		return fmt.Errorf("xlsx: report without result, summary or dataset")
	}
	if opt.UpcomingDays <= 0 {
		opt.UpcomingDays = 14
	}
	b := &book{f: xlsxcell.NewFile(), r: r, l: r.Labels(), opt: opt}
	defer b.f.Close()
	if err := b.write(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if _, err := b.f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write workbook: %w", err)
	}
	return nil
}

// write builds every sheet in order. Long lists are prepared first so that the sheets
// they spill onto can be created in place.
func (b *book) write() error {
	var err error
	if b.st, err = newStyles(b.f); err != nil {
		return err
	}
	lists := []*list{b.deviations(), b.upcoming(), b.quality()}
	order := []string{b.l.Get("sheet_summary"), b.l.Get("sheet_rules"), b.l.Get("sheet_utforare"), b.l.Get("sheet_enhet")}
	order = append(order, lists[0].sheetNames()...)
	order = append(order, lists[1].sheetNames()...)
	order = append(order, lists[2].sheetNames()...)
	order = append(order, b.l.Get("sheet_method"))
	if err := b.createSheets(order); err != nil {
		return err
	}
	steps := []struct {
		what string
		fn   func() error
	}{
		{"summary sheet", b.summarySheet},
		{"rules sheet", b.rulesSheet},
		{"utförare sheet", func() error { return b.groupSheet("sheet_utforare", "utforare", b.r.Summary.Utforare) }},
		{"enhet sheet", func() error { return b.groupSheet("sheet_enhet", "enhet", b.r.Summary.Enheter) }},
		{"deviations sheet", lists[0].write},
		{"upcoming sheet", lists[1].write},
		{"data quality sheet", lists[2].write},
		{"method sheet", b.methodSheet},
	}
	for _, s := range steps {
		if err := s.fn(); err != nil {
			return fmt.Errorf("%s: %w", s.what, err)
		}
	}
	b.sortContentTypes()
	return b.docProps()
}

// sortContentTypes sorts the workbook's default content types. excelize adds the image
// types a chart may need from a map, in random order; sorted, the same report gives
// the same bytes.
func (b *book) sortContentTypes() {
	if ct := b.f.ContentTypes; ct != nil {
		d := ct.Defaults
		sort.Slice(d, func(i, j int) bool { return d[i].Extension < d[j].Extension })
	}
}

// createSheets replaces the default sheet with the named sheets, in order, and makes
// the first one active.
func (b *book) createSheets(names []string) error {
	first := b.f.GetSheetName(0)
	if err := b.f.SetSheetName(first, names[0]); err != nil {
		return fmt.Errorf("sheet %q: %w", names[0], err)
	}
	for _, n := range names[1:] {
		if _, err := b.f.NewSheet(n); err != nil {
			return fmt.Errorf("sheet %q: %w", n, err)
		}
	}
	b.f.SetActiveSheet(0)
	return nil
}

func (b *book) docProps() error {
	t := b.r.GeneratedAt.UTC().Format("2006-01-02T15:04:05Z")
	err := b.f.SetDocProps(&excelize.DocProperties{
		Title:          b.title(),
		Subject:        b.r.Municipality,
		Creator:        "rutinkoll",
		LastModifiedBy: "rutinkoll",
		Created:        t,
		Modified:       t,
		Language:       b.lang(),
	})
	if err != nil {
		return fmt.Errorf("document properties: %w", err)
	}
	return nil
}

func (b *book) title() string {
	if b.r.Title != "" {
		return b.r.Title
	}
	return b.l.Get("title")
}

func (b *book) lang() string {
	if b.r.Lang == "en" {
		return "en-GB"
	}
	return "sv-SE"
}

// pageSetup makes a sheet print on A4 landscape, one page wide, repeating its first
// titleRows rows on every page. For a streamed sheet it must come before the stream.
func (b *book) pageSetup(sheet string, titleRows int) error {
	size, orient, one, zero, fit := 9, "landscape", 1, 0, true
	if err := b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("sheet properties %s: %w", sheet, err)
	}
	err := b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero})
	if err != nil {
		return fmt.Errorf("page layout %s: %w", sheet, err)
	}
	if titleRows == 0 {
		return nil
	}
	err = b.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("%s!$1:$%d", quoteSheet(sheet), titleRows), Scope: sheet,
	})
	if err != nil {
		return fmt.Errorf("print titles %s: %w", sheet, err)
	}
	return nil
}
