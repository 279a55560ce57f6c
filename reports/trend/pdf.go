package trend

import (
	"fmt"
	"io"
	"slices"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/pdfdoc"
)

// WritePDF renders r as a PDF: a title page, the ranking (or the extract's overview),
// a line chart per utförare against the average, the figures per rule, in an extract
// its deviations by pseudonym, and the method. The Go fonts are embedded, and the same
// report gives the same bytes.
func WritePDF(w io.Writer, r *Report) error {
	if r == nil || len(r.Months) == 0 {
		return fmt.Errorf("trend pdf: empty report")
	}
	d := newPDoc(r)
	sections := []struct {
		what string
		fn   func()
	}{
		{"title page", d.titlePage},
		{"ranking", d.rankingSection},
		{"charts", d.chartsSection},
		{"rules", d.rulesSection},
		{"deviations", d.deviationsSection},
		{"method", d.methodSection},
	}
	for _, s := range sections {
		s.fn()
		if err := d.P.Error(); err != nil {
			return fmt.Errorf("trend pdf: %s: %w", s.what, err)
		}
	}
	if err := d.P.Output(w); err != nil {
		return fmt.Errorf("trend pdf: write document: %w", err)
	}
	return nil
}

// titlePage writes the title, the municipality, the span, the source and the key
// figures.
func (d *pdoc) titlePage() {
	p, l, r := d.P, d.l, d.v.r
	p.AddPage()
	p.SetY(60)
	p.SetFont(font, "B", 22)
	p.SetTextColor(31, 56, 100)
	p.MultiCell(contentW, 10, d.v.title(), "", "L", false)
	if r.Extract != "" {
		p.SetFont(font, "", 12)
		p.MultiCell(contentW, 6, l.get("subtitle_extract"), "", "L", false)
	}
	p.SetTextColor(0, 0, 0)
	p.Ln(6)
	p.SetDrawColor(31, 56, 100)
	p.SetLineWidth(0.6)
	p.Line(marginL, p.GetY(), marginL+60, p.GetY())
	p.Ln(8)
	rows := [][2]string{
		{l.get("municipality"), d.v.orNotGiven(r.Municipality)},
		{l.get("span"), d.v.span()},
		{l.get("source"), d.v.source()},
	}
	if r.Extract == "" {
		rows = append(rows, [2]string{l.get("utforare_count"), d.v.num(len(r.Providers))})
	}
	rows = append(rows,
		[2]string{l.get("rules_count"), d.v.num(len(r.Rules))},
		[2]string{d.v.refName(), fmt.Sprintf("%s (%s %s)", d.v.rate(&r.Reference.Total), d.v.num(r.Reference.Total.Judged()), l.get("judged_lower"))},
		[2]string{l.get("generated"), d.v.generated()},
	)
	for _, kv := range rows {
		p.SetFont(font, "B", 11)
		p.CellFormat(54, 6.5, kv[0], "", 0, "L", false, 0, "")
		p.SetFont(font, "", 11)
		p.MultiCell(contentW-54, 6.5, kv[1], "", "L", false)
	}
	if r.Protected > 0 {
		p.Ln(4)
		d.Note(l.f("protected_note", r.Protected), false)
	}
}

// rankingSection writes the reference and every utförare with place, cases, judged,
// rate, interval and comparison.
func (d *pdoc) rankingSection() {
	l, r := d.l, d.v.r
	d.P.AddPage()
	key := "sheet_ranking"
	if r.Extract != "" {
		key = "sheet_overview"
	}
	d.Heading(l.get(key), 1)
	t := &pdfdoc.Table{Doc: d.Doc, Size: 8, Cols: []pdfdoc.Col{
		{Label: l.get("col_rank"), W: 10, Align: "R"}, {Label: l.get("col_utforare"), W: 47, Align: "L"}, {Label: l.get("col_cases"), W: 14, Align: "R"}, {Label: l.get("col_judged"), W: 15, Align: "R"},
		{Label: l.get("col_rate"), W: 17, Align: "R"}, {Label: l.get("col_interval"), W: 24, Align: "R"}, {Label: l.get("col_comparison"), W: 47, Align: "L"},
	}}
	t.Start()
	ref := &r.Reference.Total
	t.Row([]string{"", d.v.refName(), d.v.num(ref.Cases), d.v.num(ref.Judged()), d.v.rate(ref), d.v.interval(ref), ""}, true)
	for i := range r.Providers {
		pr := &r.Providers[i]
		c := &pr.Total
		t.Row([]string{d.v.rank(pr), pr.Name, d.v.num(c.Cases), d.v.num(c.Judged()), d.v.rate(c), d.v.interval(c), l.comparison(pr.Comparison)}, false)
	}
	t.End()
	if r.Extract == "" {
		d.Note(l.f("ranking_note", r.MinJudged), false)
	}
	d.Note(l.f("method_rule", r.MinJudged), false)
}

// chartsSection draws the line charts, six to a page.
func (d *pdoc) chartsSection() {
	l, r := d.l, d.v.r
	const gap = 6.0
	cols, rows, maxH := 2, 3, 72.0
	if len(r.Providers) == 1 {
		cols, rows, maxH = 1, 1, 110 // an extract: one large chart
	}
	w := (contentW - gap*float64(cols-1)) / float64(cols)
	h := maxH
	top := 0.0
	for i := range r.Providers {
		k := i % (cols * rows)
		if k == 0 {
			d.P.AddPage()
			d.Heading(l.get("sheet_charts"), 1)
			d.legend(l.get("col_utforare"), d.v.refName())
			d.Note(l.f("charts_note_pdf", d.v.refName(), r.MinJudged), false)
			top = d.P.GetY() + 2
			h = min(maxH, (d.Limit()-top)/float64(rows)-4)
		}
		x := marginL + float64(k%cols)*(w+gap)
		y := top + float64(k/cols)*(h+4)
		pr := &r.Providers[i]
		d.lineChart(x, y, w, h, pr.Name, pr.Months, r.Reference.Months)
	}
	d.P.SetXY(marginL, d.Limit())
}

// rulesSection writes the figures per rule: in the full report the average and the
// utförare established below or above it; in an extract the utförare against the
// others.
func (d *pdoc) rulesSection() {
	l, r := d.l, d.v.r
	d.P.AddPage()
	d.Heading(l.get("sheet_rules"), 1)
	d.Note(l.f("rules_note", r.MinJudged), false)
	if r.Extract != "" {
		d.extractRules()
		return
	}
	t := &pdfdoc.Table{Doc: d.Doc, Size: 8, Cols: []pdfdoc.Col{
		{Label: l.get("col_rule"), W: 19, Align: "L"}, {Label: l.get("col_title"), W: 55, Align: "L"}, {Label: l.get("col_ref"), W: 16, Align: "R"}, {Label: l.get("col_judged"), W: 16, Align: "R"},
		{Label: l.get("col_worse"), W: 34, Align: "L"}, {Label: l.get("col_better"), W: 34, Align: "L"},
	}}
	t.Start()
	for ri := range r.Rules {
		if !d.v.ruleHasVerdicts(ri) {
			continue
		}
		ref := &r.Reference.Rules[ri]
		var worse, better string
		for i := range r.Providers {
			switch r.Compare(&r.Providers[i].Rules[ri], ref) {
			case Worse:
				worse = join2(worse, r.Providers[i].Name)
			case Better:
				better = join2(better, r.Providers[i].Name)
			}
		}
		t.Row([]string{r.Rules[ri].ID, d.v.ruleTitle(&r.Rules[ri]), d.v.rate(ref), d.v.num(ref.Judged()), worse, better}, false)
	}
	t.End()
}

func join2(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// extractRules writes the extract's utförare per rule against the others.
func (d *pdoc) extractRules() {
	l, r := d.l, d.v.r
	pr := &r.Providers[0]
	t := &pdfdoc.Table{Doc: d.Doc, Size: 8, Cols: []pdfdoc.Col{
		{Label: l.get("col_rule"), W: 18, Align: "L"}, {Label: l.get("col_title"), W: 50, Align: "L"}, {Label: l.get("col_rate"), W: 17, Align: "R"}, {Label: l.get("col_judged"), W: 15, Align: "R"},
		{Label: l.get("col_interval"), W: 26, Align: "R"}, {Label: l.get("col_ref"), W: 17, Align: "R"}, {Label: l.get("col_comparison"), W: 31, Align: "L"},
	}}
	t.Start()
	for ri := range r.Rules {
		c, ref := &pr.Rules[ri], &r.Reference.Rules[ri]
		if c.Total() == 0 {
			continue
		}
		t.Row([]string{r.Rules[ri].ID, d.v.ruleTitle(&r.Rules[ri]), d.v.rate(c), d.v.num(c.Judged()), d.v.interval(c), d.v.rate(ref),
			l.comparison(r.Compare(c, ref))}, false)
	}
	t.End()
}

// deviationsSection lists an extract's late and missing verdicts by pseudonym.
func (d *pdoc) deviationsSection() {
	l, r := d.l, d.v.r
	if r.Extract == "" {
		return
	}
	d.P.AddPage()
	d.Heading(l.get("deviations"), 1)
	t := &pdfdoc.Table{Doc: d.Doc, Size: 8, Cols: []pdfdoc.Col{
		{Label: l.get("col_month"), W: 16, Align: "L"}, {Label: l.get("col_rule"), W: 19, Align: "L"}, {Label: l.get("col_case"), W: 23, Align: "L"}, {Label: l.get("col_person"), W: 25, Align: "L"},
		{Label: l.get("col_verdict"), W: 16, Align: "L"}, {Label: l.get("col_deadline"), W: 23, Align: "L"}, {Label: l.get("col_event"), W: 23, Align: "L"}, {Label: l.get("col_days"), W: 25, Align: "R"},
	}}
	units := map[string]string{} // rule id → unit of its days, as the audit's PDF writes them
	for _, ri := range append(slices.Clip(r.Rules), r.Excluded...) {
		units[ri.ID] = ri.Unit
	}
	n := 0
	for i := range r.Cases {
		o := &r.Cases[i]
		if o.Status != audit.Sen && o.Status != audit.Saknas {
			continue
		}
		days := d.v.num(o.Days)
		if u := units[o.Rule]; u != "" {
			days += " " + reports.UnitFor(o.Days, u)
		}
		if n == 0 {
			t.Start()
		}
		n++
		t.Row([]string{o.Month.Period(), o.Rule, o.CaseID, o.Person, l.status(o.Status), o.Deadline.String(), o.EventDate.String(), days}, false)
	}
	if n == 0 {
		d.Para(l.get("no_deviations"))
		return
	}
	t.End()
	if r.Protected > 0 {
		d.Note(l.f("protected_note", r.Protected), false)
	}
}

// methodSection writes how the figures were computed and the rules counted.
func (d *pdoc) methodSection() {
	l, r := d.l, d.v.r
	d.P.AddPage()
	d.Heading(l.get("method_title"), 1)
	for _, s := range d.v.methodParagraphs() {
		d.Para(s)
	}
	rules := func(title string, list []RuleInfo) {
		if len(list) == 0 {
			return
		}
		d.Heading(title, 2)
		t := &pdfdoc.Table{Doc: d.Doc, Size: 8, Cols: []pdfdoc.Col{{Label: l.get("col_rule"), W: 22, Align: "L"}, {Label: l.get("col_title"), W: 102, Align: "L"}, {Label: l.get("col_responsible"), W: 50, Align: "L"}}}
		t.Start()
		for i := range list {
			t.Row([]string{list[i].ID, d.v.ruleTitle(&list[i]), list[i].Responsible}, false)
		}
		t.End()
	}
	rules(l.get("method_included"), r.Rules)
	rules(l.get("method_excluded"), r.Excluded)
	if r.CommandLine != "" {
		d.Heading(l.get("method_command"), 3)
		d.P.SetFont(font, "", 8.5)
		d.P.MultiCell(contentW, 4, r.CommandLine, "", "L", false)
	}
}
