package xlsx

import (
	"fmt"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/xlsxcell"
)

// methodWrap is the number of characters per line in the method sheet's text column.
const methodWrap = 100

// methodSheet writes Metod: how verdicts are computed, the calendar with its holidays,
// the routines, every interpretation and local policy, and the command line.
func (b *book) methodSheet() error {
	l, st := b.l, &b.st
	w := &sheetWriter{f: b.f, sheet: l.Get("sheet_method")}
	w.widths(18, methodWrap+4)
	row := 1
	w.set(1, row, l.Get("method_title"), st.title)
	w.height(row, 24)
	row += 2
	para := func(key string, s string) {
		if key != "" {
			w.set(1, row, key, st.bold)
		}
		w.set(2, row, s, st.wrap)
		w.height(row, 15*float64(xlsxcell.Lines(s, methodWrap-5)))
		row++
	}
	heading := func(s string) {
		row++
		w.set(1, row, s, st.heading)
		row++
	}
	para("", l.Get("method_intro"))

	heading(l.Get("method_verdicts"))
	for _, s := range audit.Statuses {
		para(l.Status(s), l.Get("method_def_"+s.Code()))
	}
	para("", l.Get("method_rate"))
	para("", l.Get("method_lead"))
	para("", l.Get("method_small"))

	heading(l.Get("method_calendar_title"))
	para("", l.Get("method_calendar"))
	lo, hi := reports.CalendarYears(b.r.Summary)
	heading(fmt.Sprintf(l.Get("method_holidays"), reports.YearSpan(lo, hi)))
	for y := lo; y <= hi; y++ {
		for _, h := range audit.SwedishHolidays(y) {
			w.row(row, []int{st.date, st.text}, xlsxcell.Date(h.Date), h.Name)
			row++
		}
	}
	if closed := reports.ClosedDays(b.r.Routines); len(closed) > 0 {
		heading(l.Get("method_closed_days"))
		for _, h := range closed {
			w.row(row, []int{st.date, st.text}, xlsxcell.Date(h.Date), reports.ClosedDayName(l, h))
			row++
		}
	}

	heading(l.Get("routines"))
	for _, rt := range b.r.Routines {
		para(rt.ID, fmt.Sprintf("%s — %s %s — %s: %s — %s", rt.Title, l.Get("version"), rt.Version, l.Get("document"), rt.Source, rt.File))
	}

	heading(l.Get("method_interpretations"))
	for _, rt := range b.r.Routines {
		for _, r := range rt.Rules {
			if r.Interpretation != "" {
				para(r.ID, r.Title+": "+r.Interpretation)
			}
		}
	}

	heading(l.Get("method_policies"))
	policies := 0
	for _, rt := range b.r.Routines {
		for _, r := range rt.Rules {
			if r.Policy != nil {
				para(r.ID, fmt.Sprintf(l.Get("method_policy_line"), r.Title, r.Policy.Deadline, r.Policy.Source, r.Deadline, r.Policy.Note))
				policies++
			}
		}
	}
	if policies == 0 {
		para("", l.Get("method_no_policies"))
	}

	heading(l.Get("method_privacy_title"))
	para("", l.Get("method_privacy"))

	heading(l.Get("method_command"))
	para("", b.r.CommandLine)
	if w.err != nil {
		return w.err
	}
	return b.pageSetup(w.sheet, 0)
}
