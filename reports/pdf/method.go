package pdf

import (
	"fmt"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
)

// methodSection writes how the figures were computed: the verdicts, the calendar, every
// rule's deadline and source quote, the interpretations, the local policy and the
// command line.
func (d *doc) methodSection() {
	p, l := d.p, d.l
	p.AddPage()
	d.heading(l.Get("method_title"), 1)
	d.para(l.Get("method_intro"))

	d.heading(l.Get("method_verdicts"), 2)
	defs := &table{d: d, size: 9, cols: []col{{w: 28, align: "L"}, {w: contentW - 28, align: "L"}}}
	for _, s := range audit.Statuses {
		defs.row([]string{l.Status(s), l.Get("method_def_" + s.Code())}, []cellStyle{{bold: true}})
	}
	defs.end()
	d.para(l.Get("method_rate"))
	d.para(l.Get("method_lead"))
	d.para(l.Get("method_small"))

	d.heading(l.Get("method_calendar_title"), 2)
	d.para(l.Get("method_calendar"))
	lo, hi := reports.CalendarYears(d.r.Summary)
	d.heading(fmt.Sprintf(l.Get("method_holidays"), reports.YearSpan(lo, hi)), 3)
	hol := &table{d: d, size: 8.5, cols: []col{{w: 16, align: "L"}, {w: contentW - 16, align: "L"}}}
	for y := lo; y <= hi; y++ {
		var days []string
		for _, h := range audit.SwedishHolidays(y) {
			days = append(days, fmt.Sprintf("%02d-%02d %s", int(h.Date.Month()), h.Date.Day(), h.Name))
		}
		hol.row([]string{fmt.Sprint(y), strings.Join(days, " · ")}, []cellStyle{{bold: true}})
	}
	hol.end()
	if closed := reports.ClosedDays(d.r.Routines); len(closed) > 0 {
		d.heading(l.Get("method_closed_days"), 3)
		cd := &table{d: d, size: 8.5, cols: []col{{w: 24, align: "L"}, {w: contentW - 24, align: "L"}}}
		for _, h := range closed {
			cd.row([]string{h.Date.String(), reports.ClosedDayName(l, h)}, []cellStyle{{bold: true}, {}})
		}
		cd.end()
	}

	d.heading(l.Get("method_quotes"), 2)
	if idle := d.idleRoutines(); len(idle) > 0 {
		d.note(idleNote(l, idle))
	}
	q := &table{d: d, size: 8, header: true, cols: []col{
		{label: l.Get("rule"), w: 22, align: "L"},
		{label: l.Get("deadline"), w: 32, align: "L"},
		{label: l.Get("quote"), w: contentW - 22 - 32, align: "L"},
	}}
	q.start()
	for _, rt := range d.shownRoutines() {
		for _, r := range rt.Rules {
			quote := ""
			if r.Source.Quote != "" {
				quote = "”" + r.Source.Quote + "” (" + quotedDocument(r) + ")"
			}
			q.row([]string{r.ID, deadlineText(l, r), quote}, []cellStyle{{bold: true}, {}, {italic: true}})
		}
	}
	q.end()

	d.heading(l.Get("method_interpretations"), 2)
	it := &table{d: d, size: 8.5, cols: []col{{w: 22, align: "L"}, {w: contentW - 22, align: "L"}}}
	for _, rt := range d.shownRoutines() {
		for _, r := range rt.Rules {
			if r.Interpretation != "" {
				it.row([]string{r.ID, r.Interpretation}, []cellStyle{{bold: true}})
			}
		}
	}
	it.end()

	d.heading(l.Get("method_policies"), 2)
	policies := 0
	for _, rt := range d.shownRoutines() {
		for _, r := range rt.Rules {
			if r.Policy != nil {
				d.para(r.ID + " " + fmt.Sprintf(l.Get("method_policy_line"), r.Title, r.Policy.Deadline, r.Policy.Source, r.Deadline, r.Policy.Note))
				policies++
			}
		}
	}
	if policies == 0 {
		d.para(l.Get("method_no_policies"))
	}

	d.heading(l.Get("method_privacy_title"), 2)
	d.para(l.Get("method_privacy"))

	d.heading(l.Get("method_command"), 2)
	p.SetFont(font, "", 8.5)
	p.MultiCell(contentW, 4.2, d.r.CommandLine, "", "L", false)
}
