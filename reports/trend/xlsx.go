package trend

import (
	"bytes"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/rutinkoll/rutinkoll/reports/xlsxcell"
)

// workbook is a trend report being written as xlsx.
type workbook struct {
	f  *excelize.File
	v  *view
	l  labels
	r  *Report
	st xstyles
}

// WriteXLSX renders r as an Excel workbook: the ranking (or, in an extract, the
// overview), per rule, per month with a line chart per utförare against the average,
// the extract's own cases, every cell of utförare × rule × month, and the method.
// Rates are percentage cells, counts integers; names from the input are string cells,
// never formulas.
func WriteXLSX(w io.Writer, r *Report) error {
	if r == nil || len(r.Months) == 0 {
		return fmt.Errorf("trend xlsx: empty report")
	}
	b := &workbook{f: xlsxcell.NewFile(), v: newView(r), l: labelsFor(r.Lang), r: r}
	defer b.f.Close()
	if err := b.write(); err != nil {
		return fmt.Errorf("trend xlsx: %w", err)
	}
	var buf bytes.Buffer
	if _, err := b.f.WriteTo(&buf); err != nil {
		return fmt.Errorf("trend xlsx: write workbook: %w", err)
	}
	data, err := stableContentTypes(buf.Bytes())
	if err != nil {
		return fmt.Errorf("trend xlsx: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("trend xlsx: write workbook: %w", err)
	}
	return nil
}

func (b *workbook) write() error {
	var err error
	if b.st, err = newXStyles(b.f); err != nil {
		return err
	}
	first := "sheet_ranking"
	if b.r.Extract != "" {
		first = "sheet_overview"
	}
	steps := []struct {
		key string
		fn  func(*xlsxcell.Sheet) error
	}{
		{first, b.rankingSheet},
		{"sheet_rules", b.rulesSheet},
		{"sheet_months", b.monthsSheet},
		{"sheet_charts", b.chartsSheet},
		{"sheet_cases", b.casesSheet},
		{"sheet_data", b.dataSheet},
		{"sheet_method", b.methodSheet},
	}
	if b.r.Extract == "" {
		steps = append(steps[:4], steps[5:]...) // no case list outside an extract
	}
	for i, s := range steps {
		name := b.l.get(s.key)
		if i == 0 {
			err = b.f.SetSheetName(b.f.GetSheetName(0), name)
		} else {
			_, err = b.f.NewSheet(name)
		}
		if err != nil {
			return fmt.Errorf("sheet %q: %w", name, err)
		}
	}
	b.f.SetActiveSheet(0)
	for _, s := range steps {
		sh := &xlsxcell.Sheet{F: b.f, Name: b.l.get(s.key)}
		sh.PrintWide()
		if err := s.fn(sh); err != nil {
			return fmt.Errorf("sheet %s: %w", sh.Name, err)
		}
	}
	return b.docProps()
}

// header writes the title block of a sheet and returns the next free row.
func (b *workbook) header(s *xlsxcell.Sheet, title string) int {
	s.Set(1, 1, title, b.st.Title)
	s.Height(1, 20)
	line := fmt.Sprintf("%s: %s   %s: %s   %s: %s", b.l.get("municipality"), b.v.orNotGiven(b.r.Municipality),
		b.l.get("span"), b.v.span(), b.l.get("source"), b.v.source())
	s.Set(1, 2, line, b.st.Text)
	return 4
}

func (b *workbook) docProps() error {
	t := b.r.GeneratedAt.UTC().Format("2006-01-02T15:04:05Z")
	lang := "sv-SE"
	if b.r.Lang == "en" {
		lang = "en-GB"
	}
	err := b.f.SetDocProps(&excelize.DocProperties{
		Title: b.v.title(), Subject: b.r.Municipality, Creator: "rutinkoll", LastModifiedBy: "rutinkoll",
		Created: t, Modified: t, Language: lang,
	})
	if err != nil {
		return fmt.Errorf("document properties: %w", err)
	}
	return nil
}
