package ivo

import "github.com/rutinkoll/rutinkoll/reports/xlsxcell"

// statsSheet writes the statistikrapport: counts per list, kön, insats, inriktning and
// reason, and the days waited. No identities; protected persons are in the counts.
func (b *workbook) statsSheet(name string) error {
	s := &xlsxcell.Sheet{F: b.f, Name: name}
	st, l, r := &b.st, b.l, b.v.r
	stats := &r.Stats
	row := b.header(s, l.get("stats_title"))
	s.Set(1, row, l.get("stats_intro"), st.Note)
	s.Widths(44, 14, 14, 14, 18, 20)
	s.PrintWide()
	row += 2
	heading := func(key string) {
		s.Set(1, row, l.get(key), st.Heading)
		row++
	}
	headers := func(keys ...string) {
		for i, k := range keys {
			s.Set(i+1, row, l.get(k), st.Header)
		}
		s.Height(row, 32)
		row++
	}
	ints := []int{st.Text, st.Integer, st.Integer, st.Integer, st.Integer, st.Integer}

	heading("stats_lists")
	headers("", "count")
	protected := r.Protected[New] + r.Protected[Ongoing] + r.Protected[Closed]
	for _, x := range []struct {
		key string
		n   int
	}{{"stats_list_new", stats.New}, {"stats_list_ongo", stats.Ongoing}, {"stats_list_close", stats.Closed}, {"protected_count", protected}} {
		s.Row(row, ints, l.get(x.key), x.n)
		row++
	}
	row++

	heading("per_gender")
	headers("col_gender", "open", "closed")
	for i, g := range Genders {
		s.Row(row, ints, b.v.gender(g), stats.Total.Open[i], stats.Total.Closed[i])
		row++
	}
	s.Row(row, []int{st.Bold, st.Integer, st.Integer}, l.get("total"), stats.Total.OpenTotal(), stats.Total.ClosedTotal())
	row += 2

	byGender := func(title, first string, counts []Count, label func(string) string) {
		heading(title)
		headers(first, "women", "men", "unknown_gender", "open", "closed")
		for i := range counts {
			c := &counts[i]
			s.Row(row, ints, label(c.Key), c.Open[Women], c.Open[Men], c.Open[Unknown], c.OpenTotal(), c.ClosedTotal())
			row++
		}
		t := &stats.Total
		s.Row(row, []int{st.Bold, st.Integer, st.Integer, st.Integer, st.Integer, st.Integer}, l.get("total"),
			t.Open[Women], t.Open[Men], t.Open[Unknown], t.OpenTotal(), t.ClosedTotal())
		row += 2
	}
	byGender("per_insats", "col_insats", stats.ByInsats, b.v.insats)
	byGender("per_inriktning", "col_inriktning", stats.ByInriktning, b.v.inriktning)

	heading("per_reason")
	headers("col_reason", "open", "closed")
	for i := range stats.ByReason {
		c := &stats.ByReason[i]
		s.Row(row, []int{st.Wrap, st.Integer, st.Integer}, b.v.reason(c.Key), c.OpenTotal(), c.ClosedTotal())
		row++
	}
	row++

	heading("wait_title")
	headers("", "count", "median", "max")
	for _, w := range []struct {
		key string
		w   Wait
	}{{"wait_open", stats.OpenWait}, {"wait_closed", stats.ClosedWait}} {
		var median, longest any
		if w.w.N > 0 {
			median, longest = w.w.Median, w.w.Max
		}
		s.Row(row, []int{st.Wrap, st.Integer, st.Integer, st.Integer}, l.get(w.key), w.w.N, median, longest)
		s.Height(row, 30)
		row++
	}
	row++
	s.Set(1, row, r.Config.ProtectedNote.In(r.Lang), st.Note)
	return s.Err
}
