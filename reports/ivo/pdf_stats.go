package ivo

import (
	"fmt"

	"github.com/rutinkoll/rutinkoll/reports/pdfdoc"
)

// statsSection writes the statistikrapport: the same figures as the Statistik sheet.
func (d *pdoc) statsSection() {
	l, r := d.l, d.v.r
	s := &r.Stats
	d.P.AddPage()
	d.Heading(l.get("stats_title")+" – "+r.Quarter.String(), 1)
	d.Note(l.get("stats_intro"), false)

	// Counts per list and per kön side by side.
	y := d.P.GetY()
	d.Heading(l.get("stats_lists"), 2)
	lists := &pdfdoc.Table{Doc: d.Doc, Size: 9, Cols: []pdfdoc.Col{{Label: l.get("stats_lists"), W: 90, Align: "L"}, {Label: l.get("count"), W: 25, Align: "R"}}}
	lists.Start()
	protected := r.Protected[New] + r.Protected[Ongoing] + r.Protected[Closed]
	for _, x := range []struct {
		key string
		n   int
	}{{"stats_list_new", s.New}, {"stats_list_ongo", s.Ongoing}, {"stats_list_close", s.Closed}, {"protected_count", protected}} {
		lists.Row([]string{l.get(x.key), d.num(x.n)}, false)
	}
	lists.End()
	after := d.P.GetY()

	// The kön table beside it: move the left margin for its heading and rows.
	const right = marginL + 135
	gender := &pdfdoc.Table{Doc: d.Doc, Size: 9, Cols: []pdfdoc.Col{{Label: l.get("col_gender"), W: 30, Align: "L"}, {Label: l.get("open"), W: 50, Align: "R"}, {Label: l.get("closed"), W: 50, Align: "R"}}}
	d.P.SetLeftMargin(right)
	d.P.SetXY(right, y)
	d.Heading(l.get("per_gender"), 2)
	gender.Start()
	for i, g := range Genders {
		gender.Row([]string{d.v.gender(g), d.num(s.Total.Open[i]), d.num(s.Total.Closed[i])}, false)
	}
	gender.Row([]string{l.get("total"), d.num(s.Total.OpenTotal()), d.num(s.Total.ClosedTotal())}, true)
	d.P.SetLeftMargin(marginL)
	d.P.SetXY(marginL, max(after, d.P.GetY()+3))

	byGender := func(title, first string, counts []Count, label func(string) string) {
		d.Heading(l.get(title), 2)
		t := &pdfdoc.Table{Doc: d.Doc, Size: 9, Cols: []pdfdoc.Col{{Label: l.get(first), W: 75, Align: "L"}, {Label: l.get("women"), W: 24, Align: "R"}, {Label: l.get("men"), W: 24, Align: "R"},
			{Label: l.get("unknown_gender"), W: 24, Align: "R"}, {Label: l.get("open"), W: 45, Align: "R"}, {Label: l.get("closed"), W: 45, Align: "R"}}}
		t.Start()
		for i := range counts {
			c := &counts[i]
			t.Row([]string{label(c.Key), d.num(c.Open[Women]), d.num(c.Open[Men]), d.num(c.Open[Unknown]), d.num(c.OpenTotal()), d.num(c.ClosedTotal())}, false)
		}
		tt := &s.Total
		t.Row([]string{l.get("total"), d.num(tt.Open[Women]), d.num(tt.Open[Men]), d.num(tt.Open[Unknown]), d.num(tt.OpenTotal()), d.num(tt.ClosedTotal())}, true)
		t.End()
	}
	byGender("per_insats", "col_insats", s.ByInsats, d.v.insats)
	byGender("per_inriktning", "col_inriktning", s.ByInriktning, d.v.inriktning)

	d.Heading(l.get("per_reason"), 2)
	reasons := &pdfdoc.Table{Doc: d.Doc, Size: 9, Cols: []pdfdoc.Col{{Label: l.get("col_reason"), W: 147, Align: "L"}, {Label: l.get("open"), W: 45, Align: "R"}, {Label: l.get("closed"), W: 45, Align: "R"}}}
	reasons.Start()
	for i := range s.ByReason {
		c := &s.ByReason[i]
		reasons.Row([]string{d.v.reason(c.Key), d.num(c.OpenTotal()), d.num(c.ClosedTotal())}, false)
	}
	reasons.End()

	d.Heading(l.get("wait_title"), 2)
	wait := &pdfdoc.Table{Doc: d.Doc, Size: 9, Cols: []pdfdoc.Col{{Label: "", W: 147, Align: "L"}, {Label: l.get("count"), W: 30, Align: "R"}, {Label: l.get("median"), W: 30, Align: "R"}, {Label: l.get("max"), W: 30, Align: "R"}}}
	wait.Cols[0].Label = " "
	wait.Start()
	for _, x := range []struct {
		key string
		w   Wait
	}{{"wait_open", s.OpenWait}, {"wait_closed", s.ClosedWait}} {
		median, longest := "–", "–"
		if x.w.N > 0 {
			median, longest = d.num(x.w.Median), d.num(x.w.Max)
		}
		wait.Row([]string{l.get(x.key), d.num(x.w.N), median, longest}, false)
	}
	wait.End()
	d.Note(r.Config.ProtectedNote.In(r.Lang), false)
}

// issueLines summarises the data-quality problems without case ids, for the PDF.
func (d *pdoc) issueLines() [][2]string {
	all, protected := d.v.issueSummary()
	var out [][2]string
	for _, k := range Issues {
		if all[k] == 0 {
			continue
		}
		n := d.num(all[k])
		if protected[k] > 0 {
			n += fmt.Sprintf(", %s %d %s", d.l.get("of_which"), protected[k], d.l.get("quality_skydd"))
		}
		out = append(out, [2]string{d.l.get(fmt.Sprintf("issue_%d", k)), n})
	}
	return out
}
