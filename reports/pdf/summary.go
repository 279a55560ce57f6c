package pdf

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

// titlePage writes the title, the municipality, the period and the brytdatum.
func (d *doc) titlePage() {
	p, l := d.p, d.l
	p.AddPage()
	p.SetY(75)
	p.SetFont(font, "B", 26)
	p.SetTextColor(31, 56, 100)
	p.MultiCell(contentW, 12, d.title(), "", "L", false)
	p.Ln(4)
	p.SetFont(font, "", 16)
	p.SetTextColor(0, 0, 0)
	p.MultiCell(contentW, 8, d.r.Municipality, "", "L", false)
	p.Ln(10)
	p.SetDrawColor(31, 56, 100)
	p.SetLineWidth(0.6)
	p.Line(marginL, p.GetY(), marginL+60, p.GetY())
	p.Ln(8)
	period := d.r.Period
	if period == "" {
		period = l.Get("all_periods")
	}
	rows := [][2]string{
		{l.Get("period"), period},
		{l.Get("asof"), d.r.Asof.String()},
		{l.Get("generated"), d.r.GeneratedAt.Format("2006-01-02 15:04")},
	}
	if len(d.r.Inputs) > 0 {
		rows = append(rows, [2]string{l.Get("input"), d.inputText()})
	}
	for _, r := range rows {
		p.SetFont(font, "B", 12)
		p.CellFormat(35, 7, r[0], "", 0, "L", false, 0, "")
		p.SetFont(font, "", 12)
		p.MultiCell(contentW-35, 7, r[1], "", "L", false)
	}
}

// summaryPage writes the key figures, the counts per verdict, the three weakest rules
// and the chart of compliance per rule.
func (d *doc) summaryPage() {
	p, l, s := d.p, d.l, d.r.Summary
	p.AddPage()
	d.heading(l.Get("sheet_summary"), 1)

	// Key figures as four boxes.
	figures := [][2]string{
		{d.num(s.Cases), l.Get("cases")},
		{d.rate(&s.Total), l.Get("overall_rate")},
		{d.num(s.Total.Judged()), l.Get("judged")},
		{d.num(s.Protected), l.Get("protected")},
	}
	const gap, boxH = 3.0, 24.0
	boxW := (contentW - 3*gap) / 4
	y := p.GetY()
	for i, f := range figures {
		x := marginL + float64(i)*(boxW+gap)
		p.SetFillColor(237, 242, 249)
		p.Rect(x, y, boxW, boxH, "F")
		p.SetXY(x, y+2)
		p.SetFont(font, "B", 17)
		p.SetTextColor(31, 56, 100)
		p.CellFormat(boxW, 9, f[0], "", 0, "C", false, 0, "")
		p.SetTextColor(0, 0, 0)
		p.SetXY(x+1.5, y+12)
		p.SetFont(font, "", 7.5)
		p.MultiCell(boxW-3, 3.3, f[1], "", "C", false)
	}
	p.SetXY(marginL, y+boxH+5)

	// Counts per verdict.
	p.SetFont(font, "B", 10.5)
	p.CellFormat(contentW, 6, l.Get("counts_per_verdict"), "", 1, "L", false, 0, "")
	cols := make([]col, 0, len(audit.Statuses)+1)
	cells := make([]string, 0, len(audit.Statuses)+1)
	w := contentW / float64(len(audit.Statuses)+1)
	for _, st := range audit.Statuses {
		cols = append(cols, col{label: l.Status(st), w: w, align: "R"})
		cells = append(cells, d.num(s.Total.N(st)))
	}
	cols = append(cols, col{label: l.Get("total"), w: w, align: "R"})
	cells = append(cells, d.num(s.Total.Total))
	t := &table{d: d, cols: cols, size: 9.5, header: true}
	t.start()
	t.row(cells, nil)
	t.end()

	// The three weakest rules.
	p.SetFont(font, "B", 10.5)
	p.CellFormat(contentW, 6, l.Get("worst_rules"), "", 1, "L", false, 0, "")
	small := false
	for i, rs := range worstRules(s.Rules, 3, s.MinCases) {
		rate, _ := rs.Rate()
		p.SetFont(font, "B", 9.5)
		p.CellFormat(8, 5, fmt.Sprintf("%d.", i+1), "", 0, "L", false, 0, "")
		p.SetFont(font, "", 9.5)
		line := fmt.Sprintf("%s %s — %s (%s)", rs.Rule.ID, rs.Rule.Title, d.pct(rate),
			fmt.Sprintf(l.Get("of_judged"), d.num(rs.N(audit.ITid)), d.num(rs.Judged())))
		if rs.Judged() < s.MinCases {
			line += smallMark
			small = true
		}
		p.MultiCell(contentW-8, 5, line, "", "L", false)
	}
	if small {
		d.note(fmt.Sprintf(l.Get("worst_rules_small"), s.MinCases))
	}
	p.Ln(3)

	idle := d.idleRoutines()
	var applied []stats.RuleStats
	for _, rs := range s.Rules {
		if !idle[rs.Rule.Routine] {
			applied = append(applied, rs)
		}
	}
	d.barChart(l.Get("chart_rule_rate"), ruleBars(applied), 64)
	if len(idle) > 0 {
		d.note(idleNote(l, idle))
	}
}

// inputText says what the figures rest on: the rows read, and the rows rejected,
// whose events the audit could not see (so that a step may show as saknas for them).
func (d *doc) inputText() string {
	read, rejected := 0, 0
	for _, in := range d.r.Inputs {
		read += in.Read
		rejected += in.Rejected
	}
	text := fmt.Sprintf(d.l.Get("input_rows"), d.num(read), d.num(len(d.r.Inputs)), d.num(rejected))
	if rejected > 0 {
		text += " " + d.l.Get("input_note")
	}
	return text
}

// worstRules returns up to n rules with judged verdicts, lowest compliance first; ties
// go to the rule with more judged verdicts, then by id. Rules with fewer than minJudged
// judged verdicts, whose rate says little, come only after all the others.
func worstRules(rules []stats.RuleStats, n, minJudged int) []*stats.RuleStats {
	var out []*stats.RuleStats
	for i := range rules {
		if rules[i].Judged() > 0 {
			out = append(out, &rules[i])
		}
	}
	slices.SortStableFunc(out, func(a, b *stats.RuleStats) int {
		if sa, sb := a.Judged() < minJudged, b.Judged() < minJudged; sa != sb {
			if sa {
				return 1
			}
			return -1
		}
		ra, _ := a.Rate()
		rb, _ := b.Rate()
		if c := cmp.Compare(ra, rb); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Judged(), a.Judged()); c != 0 {
			return c
		}
		return cmp.Compare(a.Rule.ID, b.Rule.ID)
	})
	return out[:min(n, len(out))]
}

// ruleBars returns one bar per rule, labelled with its id and title.
func ruleBars(rules []stats.RuleStats) []bar {
	out := make([]bar, len(rules))
	for i := range rules {
		rate, ok := rules[i].Rate()
		out[i] = bar{label: rules[i].Rule.ID + " " + rules[i].Rule.Title, rate: rate, ok: ok}
	}
	return out
}
