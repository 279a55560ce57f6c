package pdf

import (
	"fmt"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
)

// utforareSection writes the utförare compared: a table in the order stats sorted
// them (best compliance first), small groups marked, and a bar chart.
func (d *doc) utforareSection() {
	p, l := d.p, d.l
	groups := d.r.Summary.Utforare
	p.AddPage()
	d.heading(l.Get("sheet_utforare"), 1)
	cols := []col{{label: l.Get("utforare"), w: 42, align: "L"}, {label: l.Get("cases"), w: 15, align: "R"}}
	for _, st := range []audit.Status{audit.ITid, audit.Sen, audit.Saknas, audit.Pagaende, audit.Datafel} {
		w := 13.0
		if st == audit.Pagaende {
			w = 16
		}
		cols = append(cols, col{label: l.Status(st), w: w, align: "R"})
	}
	cols = append(cols, col{label: l.Get("rate"), w: 18, align: "R"}, col{label: l.Get("median_lead"), w: 16, align: "R"},
		col{label: l.Get("uncertain"), w: contentW - 42 - 15 - 4*13 - 16 - 18 - 16, align: "C"})
	t := &table{d: d, cols: cols, size: 8.5, header: true}
	t.start()
	bars := make([]bar, len(groups))
	for i := range groups {
		g := &groups[i]
		median, _ := d.lead(&g.Counts)
		small := ""
		var styles []cellStyle
		if g.Small {
			small = l.Get("yes")
			styles = []cellStyle{{color: [3]int{100, 100, 100}}}
		}
		t.row([]string{groupLabel(g.Name, g.Small), d.num(g.Cases), d.num(g.N(audit.ITid)), d.num(g.N(audit.Sen)),
			d.num(g.N(audit.Saknas)), d.num(g.N(audit.Pagaende)), d.num(g.N(audit.Datafel)), d.rate(&g.Counts), median, small}, styles)
		rate, ok := g.Rate()
		bars[i] = bar{label: groupLabel(g.Name, g.Small), rate: rate, ok: ok, grey: g.Small}
	}
	t.end()
	d.note(fmt.Sprintf(l.Get("small_note"), d.r.Summary.MinCases))
	d.note(reports.UtforareRulesNote(l, d.r.Summary))
	p.Ln(2)
	d.barChart(l.Get("chart_utforare_rate"), bars, 58)
	d.note("* " + l.Get("chart_small"))
}
