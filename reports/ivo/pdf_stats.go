package ivo

import "fmt"

// statsSection writes the statistikrapport: the same figures as the Statistik sheet.
func (d *pdoc) statsSection() {
	l, r := d.l, d.v.r
	s := &r.Stats
	d.p.AddPage()
	d.heading(l.get("stats_title")+" – "+r.Quarter.String(), 1)
	d.note(l.get("stats_intro"), false)

	// Counts per list and per kön side by side.
	y := d.p.GetY()
	d.heading(l.get("stats_lists"), 2)
	lists := &ptable{d: d, size: 9, cols: []pcol{{l.get("stats_lists"), 90, "L"}, {l.get("count"), 25, "R"}}}
	lists.start()
	protected := r.Protected[New] + r.Protected[Ongoing] + r.Protected[Closed]
	for _, x := range []struct {
		key string
		n   int
	}{{"stats_list_new", s.New}, {"stats_list_ongo", s.Ongoing}, {"stats_list_close", s.Closed}, {"protected_count", protected}} {
		lists.row([]string{l.get(x.key), d.num(x.n)}, false)
	}
	lists.end()
	after := d.p.GetY()

	// The kön table beside it: move the left margin for its heading and rows.
	const right = marginL + 135
	gender := &ptable{d: d, size: 9, cols: []pcol{{l.get("col_gender"), 30, "L"}, {l.get("open"), 50, "R"}, {l.get("closed"), 50, "R"}}}
	d.p.SetLeftMargin(right)
	d.p.SetXY(right, y)
	d.heading(l.get("per_gender"), 2)
	gender.start()
	for i, g := range Genders {
		gender.row([]string{d.v.gender(g), d.num(s.Total.Open[i]), d.num(s.Total.Closed[i])}, false)
	}
	gender.row([]string{l.get("total"), d.num(s.Total.OpenTotal()), d.num(s.Total.ClosedTotal())}, true)
	d.p.SetLeftMargin(marginL)
	d.p.SetXY(marginL, max(after, d.p.GetY()+3))

	byGender := func(title, first string, counts []Count, label func(string) string) {
		d.heading(l.get(title), 2)
		t := &ptable{d: d, size: 9, cols: []pcol{{l.get(first), 75, "L"}, {l.get("women"), 24, "R"}, {l.get("men"), 24, "R"},
			{l.get("unknown_gender"), 24, "R"}, {l.get("open"), 45, "R"}, {l.get("closed"), 45, "R"}}}
		t.start()
		for i := range counts {
			c := &counts[i]
			t.row([]string{label(c.Key), d.num(c.Open[Women]), d.num(c.Open[Men]), d.num(c.Open[Unknown]), d.num(c.OpenTotal()), d.num(c.ClosedTotal())}, false)
		}
		tt := &s.Total
		t.row([]string{l.get("total"), d.num(tt.Open[Women]), d.num(tt.Open[Men]), d.num(tt.Open[Unknown]), d.num(tt.OpenTotal()), d.num(tt.ClosedTotal())}, true)
		t.end()
	}
	byGender("per_insats", "col_insats", s.ByInsats, d.v.insats)
	byGender("per_inriktning", "col_inriktning", s.ByInriktning, d.v.inriktning)

	d.heading(l.get("per_reason"), 2)
	reasons := &ptable{d: d, size: 9, cols: []pcol{{l.get("col_reason"), 147, "L"}, {l.get("open"), 45, "R"}, {l.get("closed"), 45, "R"}}}
	reasons.start()
	for i := range s.ByReason {
		c := &s.ByReason[i]
		reasons.row([]string{d.v.reason(c.Key), d.num(c.OpenTotal()), d.num(c.ClosedTotal())}, false)
	}
	reasons.end()

	d.heading(l.get("wait_title"), 2)
	wait := &ptable{d: d, size: 9, cols: []pcol{{"", 147, "L"}, {l.get("count"), 30, "R"}, {l.get("median"), 30, "R"}, {l.get("max"), 30, "R"}}}
	wait.cols[0].label = " "
	wait.start()
	for _, x := range []struct {
		key string
		w   Wait
	}{{"wait_open", s.OpenWait}, {"wait_closed", s.ClosedWait}} {
		median, longest := "–", "–"
		if x.w.N > 0 {
			median, longest = d.num(x.w.Median), d.num(x.w.Max)
		}
		wait.row([]string{l.get(x.key), d.num(x.w.N), median, longest}, false)
	}
	wait.end()
	d.note(r.Config.ProtectedNote.In(r.Lang), false)
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
