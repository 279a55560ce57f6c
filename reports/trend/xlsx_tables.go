package trend

import (
	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports/xlsxcell"
)

// figures returns the values of one row of figures: cases, judged, the counts, the
// rate and its interval.
func (b *workbook) figures(c *Cell, statuses []audit.Status) []any {
	vals := []any{c.Cases, c.Judged()}
	for _, s := range statuses {
		vals = append(vals, c.By[s])
	}
	vals = append(vals, rateCell(c))
	if lo, hi, ok := b.r.Interval(c); ok {
		vals = append(vals, lo, hi)
	} else {
		vals = append(vals, nil, nil)
	}
	return vals
}

// figureStyles returns the styles of figures' values.
func (b *workbook) figureStyles(n int, bold bool) []int {
	integer, percent := b.st.Integer, b.st.percent
	if bold {
		integer, percent = b.st.boldInteger, b.st.boldPercent
	}
	out := []int{integer, integer}
	for i := 0; i < n; i++ {
		out = append(out, integer)
	}
	return append(out, percent, percent, percent)
}

// figureHeaders returns the header labels of figures' values.
func (b *workbook) figureHeaders(statuses []audit.Status) []string {
	h := []string{b.l.get("col_cases"), b.l.get("col_judged")}
	for _, s := range statuses {
		h = append(h, b.l.status(s))
	}
	return append(h, b.l.get("col_rate"), b.l.get("col_lo"), b.l.get("col_hi"))
}

// headerRow writes header labels at row and returns the next row.
func (b *workbook) headerRow(s *xlsxcell.Sheet, row int, labels []string) int {
	for i, h := range labels {
		s.Set(i+1, row, h, b.st.Header)
	}
	s.Height(row, 32)
	return row + 1
}

// rankingSheet writes the reference and every utförare with its place, the figures
// behind its rate and the comparison with the average.
func (b *workbook) rankingSheet(s *xlsxcell.Sheet) error {
	title := b.v.title()
	row := b.header(s, title)
	if b.r.Extract != "" {
		s.Set(1, 3, b.l.get("subtitle_extract"), b.st.Note)
	}
	hdr := append([]string{b.l.get("col_rank"), b.l.get("col_utforare")}, b.figureHeaders(audit.Statuses)...)
	hdr = append(hdr, b.l.get("col_comparison"))
	first := row
	row = b.headerRow(s, row, hdr)
	s.Widths(append([]float64{7, 40, 9, 9, 8, 8, 8, 9, 9, 8, 11, 10, 10}, 42)...)
	s.Freeze(3, row)
	styles := append([]int{b.st.Bold, b.st.Bold}, b.figureStyles(len(audit.Statuses), true)...)
	s.Row(row, styles, append([]any{nil, b.v.refName()}, b.figures(&b.r.Reference.Total, audit.Statuses)...)...)
	row++
	styles = append([]int{b.st.Integer, b.st.Text}, b.figureStyles(len(audit.Statuses), false)...)
	styles = append(styles, b.st.Text)
	for i := range b.r.Providers {
		p := &b.r.Providers[i]
		var rank any
		if p.Rank > 0 {
			rank = p.Rank
		}
		vals := append([]any{rank, p.Name}, b.figures(&p.Total, audit.Statuses)...)
		s.Row(row, styles, append(vals, b.l.comparison(p.Comparison))...)
		row++
	}
	s.Table("TrendRangordning", first, row-1, len(hdr))
	row++
	s.Set(1, row, b.l.f("ranking_note", b.r.MinJudged), b.st.Note)
	if b.r.Protected > 0 {
		row++
		s.Set(1, row, b.l.f("protected_note", b.r.Protected), b.st.Note)
	}
	return s.Err
}

// judgedOnly are the statuses the per-rule and data sheets show beside the totals.
var judgedOnly = []audit.Status{audit.ITid, audit.Sen, audit.Saknas}

// rulesSheet writes, for every rule with verdicts, the reference and each utförare
// over the whole span.
func (b *workbook) rulesSheet(s *xlsxcell.Sheet) error {
	row := b.header(s, b.l.get("sheet_rules")+" – "+b.v.title())
	hdr := []string{b.l.get("col_utforare"), b.l.get("col_rule"), b.l.get("col_title")}
	hdr = append(hdr, b.figureHeaders(judgedOnly)...)
	hdr = append(hdr, b.l.get("col_ref_rate"), b.l.get("col_comparison"))
	first := row
	row = b.headerRow(s, row, hdr)
	s.Widths(36, 11, 46, 9, 9, 8, 8, 8, 11, 10, 10, 12, 42)
	s.Freeze(3, row)
	for ri := range b.r.Rules {
		if !b.v.ruleHasVerdicts(ri) {
			continue
		}
		ru := &b.r.Rules[ri]
		ref := &b.r.Reference.Rules[ri]
		refStyles := append([]int{b.st.Bold, b.st.Bold, b.st.Text}, b.figureStyles(len(judgedOnly), true)...)
		s.Row(row, refStyles, append([]any{b.v.refName(), ru.ID, b.v.ruleTitle(ru)}, b.figures(ref, judgedOnly)...)...)
		row++
		styles := append([]int{b.st.Text, b.st.Text, b.st.Text}, b.figureStyles(len(judgedOnly), false)...)
		styles = append(styles, b.st.percent, b.st.Text)
		for i := range b.r.Providers {
			p := &b.r.Providers[i]
			c := &p.Rules[ri]
			if c.Total() == 0 {
				continue
			}
			vals := append([]any{p.Name, ru.ID, b.v.ruleTitle(ru)}, b.figures(c, judgedOnly)...)
			s.Row(row, styles, append(vals, rateCell(ref), b.l.comparison(b.r.Compare(c, ref)))...)
			row++
		}
	}
	s.Table("TrendPerRegel", first, row-1, len(hdr))
	s.Set(1, row+1, b.l.f("rules_note", b.r.MinJudged), b.st.Note)
	return s.Err
}

// casesSheet writes an extract's own verdicts, by pseudonym.
func (b *workbook) casesSheet(s *xlsxcell.Sheet) error {
	row := b.header(s, b.l.get("sheet_cases")+" – "+b.r.Extract)
	s.Set(1, 3, b.l.get("cases_note"), b.st.Note)
	hdr := []string{b.l.get("col_month"), b.l.get("col_rule"), b.l.get("col_case"), b.l.get("col_person"), b.l.get("col_verdict"),
		b.l.get("col_deadline"), b.l.get("col_event"), b.l.get("col_days")}
	first := row
	row = b.headerRow(s, row, hdr)
	s.Widths(10, 11, 14, 16, 14, 12, 14, 10)
	s.Freeze(1, row)
	styles := []int{b.st.Text, b.st.Text, b.st.Text, b.st.Text, b.st.Text, b.st.Date, b.st.Date, b.st.Integer}
	for i := range b.r.Cases {
		o := &b.r.Cases[i]
		var days any
		if o.Status == audit.Sen || o.Status == audit.Saknas {
			days = o.Days
		}
		s.Row(row, styles, o.Month.Period(), o.Rule, o.CaseID, o.Person, b.l.status(o.Status), xlsxcell.Date(o.Deadline), xlsxcell.Date(o.EventDate), days)
		row++
	}
	s.Table("TrendArenden", first, row-1, len(hdr))
	if b.r.Protected > 0 {
		s.Set(1, row+1, b.l.f("protected_note", b.r.Protected), b.st.Note)
	}
	return s.Err
}

// dataSheet writes every non-empty cell of reference and utförare × rule × month.
func (b *workbook) dataSheet(s *xlsxcell.Sheet) error {
	row := b.header(s, b.l.get("sheet_data")+" – "+b.v.title())
	hdr := []string{b.l.get("col_utforare"), b.l.get("col_rule"), b.l.get("col_month")}
	hdr = append(hdr, b.figureHeaders(audit.Statuses)...)
	hdr = append(hdr, b.l.get("col_ref_rate"), b.l.get("col_comparison"))
	first := row
	row = b.headerRow(s, row, hdr)
	s.Widths(36, 11, 10, 9, 9, 8, 8, 8, 9, 9, 8, 11, 10, 10, 12, 42)
	s.Freeze(4, row)
	styles := append([]int{b.st.Text, b.st.Text, b.st.Text}, b.figureStyles(len(audit.Statuses), false)...)
	styles = append(styles, b.st.percent, b.st.Text)
	write := func(name string, p *Provider, isRef bool) {
		for ri := range b.r.Rules {
			for mi, m := range b.r.Months {
				c := &p.Grid[ri][mi]
				if c.Total() == 0 {
					continue
				}
				ref := &b.r.Reference.Grid[ri][mi]
				vals := append([]any{name, b.r.Rules[ri].ID, m.Period()}, b.figures(c, audit.Statuses)...)
				if isRef {
					vals = append(vals, nil, nil)
				} else {
					vals = append(vals, rateCell(ref), b.l.comparison(b.r.Compare(c, ref)))
				}
				s.Row(row, styles, vals...)
				row++
			}
		}
	}
	write(b.v.refName(), &b.r.Reference, true)
	for i := range b.r.Providers {
		write(b.r.Providers[i].Name, &b.r.Providers[i], false)
	}
	s.Table("TrendData", first, row-1, len(hdr))
	return s.Err
}
