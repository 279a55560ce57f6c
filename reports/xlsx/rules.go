package xlsx

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/stats"
	"github.com/rutinkoll/rutinkoll/reports/xlsxcell"
)

// ruleRateCol is the Per regel column holding the compliance rate; the summary chart
// reads it.
const ruleRateCol = 12

// rulesSheet writes Per regel: one row per rule with its deadline, counts per verdict,
// compliance, lead times, source and interpretation.
func (b *book) rulesSheet() error {
	l, st, s := b.l, &b.st, b.r.Summary
	w := &sheetWriter{f: b.f, sheet: l.Get("sheet_rules")}
	header := []string{l.Get("rule"), l.Get("rule_title"), l.Get("routine"), l.Get("responsible"), l.Get("deadline")}
	for _, status := range audit.Statuses {
		header = append(header, l.Status(status))
	}
	header = append(header, l.Get("rate"), l.Get("median_lead"), l.Get("p90_lead"), l.Get("document"),
		l.Get("quote"), l.Get("interpretation"), l.Get("local_policy"))
	for c, h := range header {
		w.set(c+1, 1, h, st.header)
	}
	w.height(1, 45)
	styles := []int{st.bold, st.wrap, st.text, st.wrap, st.wrap}
	for range audit.Statuses {
		styles = append(styles, st.integer)
	}
	styles = append(styles, st.percent, st.integer, st.integer, st.wrap, st.wrap, st.wrap, st.wrap)
	for i := range s.Rules {
		rs := &s.Rules[i]
		r := rs.Rule
		row := i + 2
		values := []any{r.ID, r.Title, routineID(r), r.Responsible, deadlineText(l, r)}
		for _, status := range audit.Statuses {
			values = append(values, rs.N(status))
		}
		median, p90 := leadValues(&rs.Counts)
		values = append(values, rateValue(&rs.Counts), median, p90, r.Source.Document, r.Source.Quote,
			r.Interpretation, policyText(r))
		w.row(row, styles, values...)
		lines := max(xlsxcell.Lines(r.Source.Quote, 55), xlsxcell.Lines(r.Interpretation, 55), xlsxcell.Lines(r.Title, 36))
		w.height(row, 15*float64(min(lines, 12)))
	}
	widths := []float64{10, 38, 22, 16, 22}
	for range audit.Statuses {
		widths = append(widths, 9)
	}
	widths = append(widths, 11, 11, 11, 24, 60, 60, 40)
	w.widths(widths...)
	w.freeze(2, 2)
	last := len(s.Rules) + 1
	if w.err == nil && len(s.Rules) > 0 {
		w.err = b.tableAndHighlight(w.sheet, "PerRegel", len(header), last, ruleRateCol, &s.Total)
	}
	if w.err != nil {
		return w.err
	}
	return b.pageSetup(w.sheet, 1)
}

// tableAndHighlight makes rows 1..last of a normal-mode sheet a table with filter
// buttons and highlights, by conditional formatting, the rows whose rate (in rateCol)
// is below the total compliance rate.
func (b *book) tableAndHighlight(sheet, name string, cols, last, rateCol int, total *stats.Counts) error {
	err := b.f.AddTable(sheet, &excelize.Table{
		Range: "A1:" + cell(cols, max(last, 2)), Name: name, StyleName: "TableStyleLight1",
	})
	if err != nil {
		return fmt.Errorf("table: %w", err)
	}
	rate, ok := total.Rate()
	if !ok {
		return nil
	}
	rc := colName(rateCol)
	err = b.f.SetConditionalFormat(sheet, "A2:"+cell(cols, last), []excelize.ConditionalFormatOptions{{
		Type:     "formula",
		Criteria: fmt.Sprintf("AND(ISNUMBER($%s2),$%s2<%s)", rc, rc, strconv.FormatFloat(rate, 'f', 6, 64)),
		Format:   &b.st.below,
	}})
	if err != nil {
		return fmt.Errorf("conditional format: %w", err)
	}
	return nil
}

// deadlineText is a rule's deadline, or for a check without one what it checks.
func deadlineText(l reports.Labels, r *audit.Rule) string {
	if s := r.DeadlineText(); s != "" {
		return s
	}
	return l.Get("kind_" + r.Kind.String())
}

func routineID(r *audit.Rule) string {
	if r.Routine == nil {
		return ""
	}
	return r.Routine.ID
}

// policyText describes a rule's local policy, or "" when it has none.
func policyText(r *audit.Rule) string {
	if r.Policy == nil {
		return ""
	}
	s := fmt.Sprintf("%s (%s)", r.Policy.Deadline, r.Policy.Source)
	if r.Policy.Note != "" {
		s += ": " + r.Policy.Note
	}
	return s
}
