package pdf

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
)

// delaysSection lists the longest delays: sen and saknas verdicts with days late, most
// first, by pseudonym only. Persons with skyddade personuppgifter are never listed.
func (d *doc) delaysSection() {
	l := d.l
	d.ensure(80)
	d.p.Ln(4)
	d.heading(fmt.Sprintf(l.Get("top_delays"), d.opt.TopDelays), 1)
	d.note(l.Get("top_delays_note"))
	t := &table{d: d, size: 8.5, header: true, cols: []col{
		{label: l.Get("person"), w: 29, align: "L"},
		{label: l.Get("rule"), w: 20, align: "L"},
		{label: l.Get("verdict"), w: 17, align: "L"},
		{label: l.Get("deadline"), w: 20, align: "L"},
		{label: l.Get("event_date"), w: 20, align: "L"},
		{label: l.Get("days_late"), w: 22, align: "R"},
		{label: l.Get("responsible"), w: contentW - 29 - 20 - 17 - 20 - 20 - 22, align: "L"},
	}}
	t.start()
	res, ds := d.r.Result, d.r.Dataset
	for _, i := range topDelays(d.r, d.opt.TopDelays) {
		v := &res.Verdicts[i]
		c := &ds.Cases[v.Case]
		r := res.Rules[v.Rule]
		_, person := reports.CaseLabel(c)
		actual := v.EventDate.String()
		if actual == "" {
			actual = "–"
		}
		days := d.num(int(v.Days))
		if u := reports.UnitName(r, c); u != "dagar" {
			days += " " + reports.UnitFor(int(v.Days), u)
		}
		// The utförare is named only for its own steps: a handläggare's lapse is not the
		// utförare's, though the case has one.
		who := cmp.Or(r.Responsible, "–")
		if slices.Contains(d.r.Summary.UtforareRules, r.ID) && c.Utforare != 0 {
			who = c.Utforare.String()
		}
		t.row([]string{person, r.ID, l.Status(v.Status), v.Deadline.String(), actual, days, who}, nil)
	}
	t.end()
}

// topDelays returns the indexes of the n sen or saknas verdicts with the most calendar
// days late, then by case id, leaving out skyddade persons and checks that count no days.
func topDelays(r *reports.Report, n int) []int32 {
	res, ds := r.Result, r.Dataset
	// Most calendar days late first (days in vardagar and in dagar compare), then case id,
	// then verdict order.
	order := func(a, b int32) int {
		va, vb := &res.Verdicts[a], &res.Verdicts[b]
		if c := cmp.Compare(reports.CalendarDaysLate(res, ds, vb), reports.CalendarDaysLate(res, ds, va)); c != 0 {
			return c
		}
		if c := cmp.Compare(ds.Cases[va.Case].ID(), ds.Cases[vb.Case].ID()); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	}
	// The top n kept sorted as the verdicts go by: at 10M events a million deviations,
	// of which most are compared once, with the last of the list. A long list is
	// sorted whole instead.
	bounded := n < 256
	var idx []int32
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		if v.Status != audit.Sen && v.Status != audit.Saknas || reports.Protected(&ds.Cases[v.Case]) {
			continue
		}
		if !measuresDelay(res.Rules[v.Rule].Kind) {
			continue
		}
		if !bounded {
			idx = append(idx, int32(i))
			continue
		}
		if len(idx) == n && (n == 0 || order(int32(i), idx[n-1]) > 0) {
			continue
		}
		at, _ := slices.BinarySearchFunc(idx, int32(i), order)
		idx = slices.Insert(idx, at, int32(i))
		if len(idx) > n {
			idx = idx[:n]
		}
	}
	if !bounded {
		slices.SortFunc(idx, order)
	}
	return idx[:min(n, len(idx))]
}

// measuresDelay reports whether the days of a rule kind's sen and saknas verdicts are a
// delay. A completeness or rotation check counts no days, and a precedence check's days
// are how far an event is dated before another (PAR-02: a beställning dated back),
// which a list of delays would show as "sen" with the event before its deadline.
func measuresDelay(k audit.Kind) bool {
	switch k {
	case audit.KindCompleteness, audit.KindRotation, audit.KindPrecedence:
		return false
	}
	return true
}
