package ivo

import (
	"fmt"

	"github.com/rutinkoll/rutinkoll/reports/xlsxcell"
)

// listColumns returns the header keys and widths of list l's table.
func listColumns(l List) (keys []string, widths []float64) {
	keys = []string{"col_case", "col_ivo", "col_gender", "col_inriktning", "col_insats", "col_beslut", "col_avbrott",
		"col_trigger", "col_offers", "col_days", "col_reason", "col_utforare"}
	widths = []float64{12, 15, 8, 18, 20, 12, 12, 12, 26, 9, 34, 24}
	if l == Closed {
		keys = append(keys, "col_ended", "col_how")
		widths = append(widths, 12, 30)
	}
	return keys, widths
}

// listSheet writes one list: a title block, a filterable table with one row per
// individrapport, and notes on the rows left out or incomplete.
func (b *workbook) listSheet(name string, l List) error {
	s := &xlsxcell.Sheet{F: b.f, Name: name}
	st := &b.st
	row := b.header(s, b.l.get(fmt.Sprintf("list_title_%d", l)))
	s.Set(1, row, b.l.get(fmt.Sprintf("list_intro_%d", l)), st.Note)
	row += 2
	keys, widths := listColumns(l)
	headerRow := row
	for i, k := range keys {
		s.Set(i+1, row, b.l.get(k), st.Header)
	}
	s.Height(row, 32)
	s.Widths(widths...)
	s.Freeze(1, row+1)
	s.PrintWide()
	styles := []int{st.Text, st.Text, st.Text, st.Text, st.Text, st.Date, st.Date, st.Date, st.Wrap, st.Integer, st.Wrap, st.Text, st.Date, st.Wrap}
	rows := b.v.r.Rows[l]
	for i := range rows {
		r := &rows[i]
		row++
		values := []any{r.CaseID, b.v.ivoCode(r), b.v.gender(r.Gender), b.v.inriktning(r.Inriktning), b.v.insats(r.Insats),
			xlsxcell.Date(r.Beslut), xlsxcell.Date(r.Avbrott), xlsxcell.Date(r.Trigger), b.v.offers(r), r.DaysWaited, b.v.reason(r.Reason), r.Utforare}
		if l == Closed {
			values = append(values, xlsxcell.Date(r.Ended), b.v.how(r))
		}
		s.Row(row, styles, values...)
		if r.IVOCode == "" {
			s.Set(2, row, b.v.ivoCode(r), st.Warn)
		}
	}
	s.Table(fmt.Sprintf("IVO_%s_%d", b.v.r.Quarter, l), headerRow, row, len(keys))
	row += 2
	if len(rows) == 0 {
		s.Set(1, row, b.l.get("list_empty"), st.Note)
	} else {
		s.Set(1, row, b.l.f("list_rows", len(rows)), st.Note)
	}
	if n := b.v.r.Protected[l]; n > 0 {
		row++
		s.Set(1, row, b.l.f("protected_rows", n), st.Note)
	}
	if n := b.v.missingCodes(l); n > 0 {
		row++
		s.Set(1, row, b.l.f("missing_codes", n), st.Warn)
	}
	return s.Err
}
