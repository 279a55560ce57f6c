package xlsx

import (
	"fmt"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

// groupRulesNote says which steps a group sheet counts: per utförare the utförare's own.
func groupRulesNote(l reports.Labels, nameKey string, s *stats.Summary) string {
	if nameKey == "utforare" {
		return reports.UtforareRulesNote(l, s)
	}
	return l.Get("enhet_rules_note")
}

// groupSheet writes Per utförare or Per enhet: one row per group in the order stats
// sorted them (best compliance first), small groups marked uncertain, with a chart.
// nameKey is the label of the group column ("utforare" or "enhet").
func (b *book) groupSheet(sheetKey, nameKey string, groups []stats.Group) error {
	l, st := b.l, &b.st
	w := &sheetWriter{f: b.f, sheet: l.Get(sheetKey)}
	header := []string{l.Get(nameKey), l.Get("cases")}
	for _, status := range audit.Statuses {
		header = append(header, l.Status(status))
	}
	header = append(header, l.Get("rate"), l.Get("median_lead"), l.Get("p90_lead"), l.Get("uncertain"))
	rateCol := 3 + len(audit.Statuses)
	for c, h := range header {
		w.set(c+1, 1, h, st.header)
	}
	w.height(1, 45)
	styles := []int{st.text, st.integer}
	for range audit.Statuses {
		styles = append(styles, st.integer)
	}
	styles = append(styles, st.percent, st.integer, st.integer, st.text)
	longest := 0
	small := 0
	for i := range groups {
		g := &groups[i]
		values := []any{g.Name, g.Cases}
		for _, status := range audit.Statuses {
			values = append(values, g.N(status))
		}
		median, p90 := leadValues(&g.Counts)
		var uncertain any
		if g.Small {
			uncertain = l.Get("yes")
			small++
		}
		values = append(values, rateValue(&g.Counts), median, p90, uncertain)
		w.row(i+2, styles, values...)
		longest = max(longest, len([]rune(g.Name)))
	}
	widths := []float64{width(longest, 16, 45), 9}
	for range audit.Statuses {
		widths = append(widths, 9)
	}
	w.widths(append(widths, 11, 11, 11, 12)...)
	w.freeze(2, 2)
	last := len(groups) + 1
	note := last + 2
	w.set(1, note, fmt.Sprintf(l.Get("small_note"), b.r.Summary.MinCases), st.note)
	// Each utförare is compared with the utförare together, in their own steps: the
	// total also counts steps that judge no utförare, such as the handläggare's.
	base, belowNote := &b.r.Summary.Total, "below_total_note"
	if nameKey == "utforare" {
		base, belowNote = &b.r.Summary.UtforareTotal, "below_utforare_total_note"
	}
	w.set(1, note+1, l.Get(belowNote), st.note)
	w.set(1, note+2, groupRulesNote(l, nameKey, b.r.Summary), st.note)
	if w.err == nil {
		w.err = b.pageSetup(w.sheet, 1)
	}
	if w.err != nil || len(groups) == 0 {
		return w.err
	}
	table := "Per" + strings.ToUpper(nameKey[:1]) + nameKey[1:]
	if err := b.tableAndHighlight(w.sheet, table, len(header), last, rateCol, base); err != nil {
		return err
	}
	c := &rateChart{
		title: l.Get("chart_" + nameKey + "_rate"),
		sheet: w.sheet, catCol: 1, valCol: rateCol, first: 2, last: last,
		widthPx: 560, anchorSheet: w.sheet, anchor: cell(len(header)+2, 2),
	}
	if err := c.add(b.f); err != nil {
		return err
	}
	if small > 0 {
		w.set(len(header)+2, c.rowsTall()+3, l.Get("chart_small_last"), st.note)
	}
	return w.err
}
