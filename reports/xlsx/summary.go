package xlsx

import (
	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports/xlsxcell"
)

// summarySheet writes Sammanfattning: the run's metadata, the key figures, the counts
// per verdict, a chart of compliance per rule, the routines and the input files.
func (b *book) summarySheet() error {
	l, st, s := b.l, &b.st, b.r.Summary
	w := &sheetWriter{f: b.f, sheet: l.Get("sheet_summary")}
	w.widths(36, 50, 14, 30, 30)
	w.set(1, 1, b.title(), st.title)
	w.height(1, 24)
	w.set(1, 2, b.r.Municipality, st.heading)
	period := b.r.Period
	if period == "" {
		period = l.Get("all_periods")
	}
	row := 4
	w.row(row, []int{st.bold}, l.Get("period"), period)
	w.row(row+1, []int{st.bold, st.date}, l.Get("asof"), xlsxcell.Date(b.r.Asof))
	w.row(row+2, []int{st.bold, st.dateTime}, l.Get("generated"), dateTimeValue(b.r.GeneratedAt))
	row += 3
	if b.r.Identity != nil {
		w.set(1, row, l.Get("personal_data"), st.warn)
		row++
	}

	row++
	w.set(1, row, l.Get("key_figures"), st.heading)
	w.row(row+1, []int{st.bold, st.integer}, l.Get("cases"), s.Cases)
	w.row(row+2, []int{st.bold, st.integer}, l.Get("judged"), s.Total.Judged())
	w.row(row+3, []int{st.bold, st.percent}, l.Get("overall_rate"), rateValue(&s.Total))
	w.row(row+4, []int{st.bold, st.integer}, l.Get("protected"), s.Protected)
	row += 6

	w.set(1, row, l.Get("counts_per_verdict"), st.heading)
	for i, status := range audit.Statuses {
		w.row(row+1+i, []int{st.bold, st.integer}, l.Status(status), s.Total.N(status))
	}
	row += 1 + len(audit.Statuses)
	w.row(row, []int{st.bold, st.integer}, l.Get("total"), s.Total.Total)
	row += 2

	if len(s.Rules) > 0 {
		c := &rateChart{
			title: l.Get("chart_rule_rate"),
			sheet: l.Get("sheet_rules"), catCol: 1, valCol: ruleRateCol, first: 2, last: len(s.Rules) + 1,
			widthPx: 620, anchorSheet: w.sheet, anchor: "C2",
		}
		if w.err == nil {
			w.err = c.add(b.f)
		}
		row = max(row, c.rowsTall()+3)
	}

	w.set(1, row, l.Get("routines"), st.heading)
	row++
	hdr := []int{st.header, st.header, st.header, st.header, st.header}
	w.row(row, hdr, l.Get("routine"), l.Get("rule_title"), l.Get("version"), l.Get("document"), l.Get("routine_file"))
	for _, rt := range b.r.Routines {
		row++
		w.row(row, []int{st.text, st.wrap, st.text, st.text, st.text}, rt.ID, rt.Title, rt.Version, rt.Source, rt.File)
	}
	row += 2

	w.set(1, row, l.Get("inputs"), st.heading)
	row++
	w.row(row, hdr, l.Get("file"), l.Get("read"), l.Get("imported"), l.Get("rejected"), l.Get("duplicates"))
	var tot audit.InputStats
	nums := []int{st.text, st.integer, st.integer, st.integer, st.integer}
	for _, in := range b.r.Inputs {
		row++
		w.row(row, nums, in.File, in.Read, in.Imported, in.Rejected, in.Duplicates)
		tot.Read += in.Read
		tot.Imported += in.Imported
		tot.Rejected += in.Rejected
		tot.Duplicates += in.Duplicates
	}
	row++
	w.row(row, []int{st.bold, st.integer, st.integer, st.integer, st.integer}, l.Get("total"), tot.Read, tot.Imported, tot.Rejected, tot.Duplicates)
	if w.err != nil {
		return w.err
	}
	return b.pageSetup(w.sheet, 0)
}
