package ivo

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/rutinkoll/rutinkoll/reports/xlsxcell"
)

// workbook is the IVO report being written as xlsx.
type workbook struct {
	f  *excelize.File
	v  *view
	l  labels
	st xlsxcell.Styles
}

// WriteXLSX renders r as an Excel workbook with the sheets Nya, Kvarstående,
// Avslutade, Statistik and Metod. Dates are date cells, counts integers; text from the
// input is always a string cell, never a formula. Persons with skyddade
// personuppgifter appear only as counts.
func WriteXLSX(w io.Writer, r *Report) error {
	if r == nil || r.Config == nil {
		return fmt.Errorf("ivo xlsx: report without configuration")
	}
	b := &workbook{f: xlsxcell.NewFile(), v: newView(r), l: labelsFor(r.Lang)}
	defer b.f.Close()
	if err := b.write(); err != nil {
		return fmt.Errorf("ivo xlsx: %w", err)
	}
	if _, err := b.f.WriteTo(w); err != nil {
		return fmt.Errorf("ivo xlsx: write workbook: %w", err)
	}
	return nil
}

func (b *workbook) write() error {
	var err error
	if b.st, err = xlsxcell.NewStyles(b.f); err != nil {
		return err
	}
	names := []string{b.l.get("sheet_new"), b.l.get("sheet_ongoing"), b.l.get("sheet_closed"), b.l.get("sheet_stats"), b.l.get("sheet_method")}
	if err := b.f.SetSheetName(b.f.GetSheetName(0), names[0]); err != nil {
		return fmt.Errorf("sheet %q: %w", names[0], err)
	}
	for _, n := range names[1:] {
		if _, err := b.f.NewSheet(n); err != nil {
			return fmt.Errorf("sheet %q: %w", n, err)
		}
	}
	b.f.SetActiveSheet(0)
	for i, l := range Lists {
		if err := b.listSheet(names[i], l); err != nil {
			return fmt.Errorf("sheet %s: %w", names[i], err)
		}
	}
	if err := b.statsSheet(names[3]); err != nil {
		return fmt.Errorf("sheet %s: %w", names[3], err)
	}
	if err := b.methodSheet(names[4]); err != nil {
		return fmt.Errorf("sheet %s: %w", names[4], err)
	}
	return b.docProps()
}

// header writes the title block every sheet starts with and returns the next row.
func (b *workbook) header(s *xlsxcell.Sheet, title string) int {
	r := b.v.r
	s.Set(1, 1, fmt.Sprintf("%s – %s", title, r.Quarter), b.st.Title)
	s.Height(1, 20)
	s.Set(1, 2, fmt.Sprintf("%s: %s   %s: %s   %s: %s   %s: %s", b.l.get("municipality"), b.v.orNotGiven(r.Municipality),
		b.l.get("namnd"), b.v.orNotGiven(r.Namnd), b.l.get("period"), b.v.period(), b.l.get("law"), r.Config.Law.Reference), b.st.Text)
	row := 3
	if r.Preliminary {
		s.Set(1, row, b.l.get("preliminary"), b.st.Warn)
		row++
	}
	if r.BeslutCases == 0 {
		s.Set(1, row, b.l.get("no_beslut"), b.st.Warn)
		row++
	}
	return row
}

func (b *workbook) docProps() error {
	r := b.v.r
	t := r.GeneratedAt.UTC().Format("2006-01-02T15:04:05Z")
	lang := "sv-SE"
	if r.Lang == "en" {
		lang = "en-GB"
	}
	err := b.f.SetDocProps(&excelize.DocProperties{
		Title: b.l.get("title") + " " + r.Quarter.String(), Subject: r.Municipality,
		Creator: "rutinkoll", LastModifiedBy: "rutinkoll", Created: t, Modified: t, Language: lang,
	})
	if err != nil {
		return fmt.Errorf("document properties: %w", err)
	}
	return nil
}
