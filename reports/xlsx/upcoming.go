package xlsx

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/xlsxcell"
)

// soonDays marks a pending deadline this close to the brytdatum.
const soonDays = 3

// upcoming is the Kommande list: pågående verdicts whose deadline falls within
// UpcomingDays after the brytdatum, by deadline, case id and rule.
func (b *book) upcoming() *list {
	res, ds := b.r.Result, b.r.Dataset
	last := res.Asof.AddDays(b.opt.UpcomingDays)
	idx, protected := b.selectVerdicts(func(v *audit.Verdict) bool {
		return v.Status == audit.Pagaende && v.Deadline >= res.Asof && v.Deadline <= last // NoDate is below any date
	})
	slices.SortFunc(idx, func(a, c int32) int {
		va, vc := &res.Verdicts[a], &res.Verdicts[c]
		if d := cmp.Compare(va.Deadline, vc.Deadline); d != 0 {
			return d
		}
		if d := cmp.Compare(ds.Cases[va.Case].ID(), ds.Cases[vc.Case].ID()); d != 0 {
			return d
		}
		return cmp.Compare(a, c)
	})
	l := b.l
	st := &b.st
	cols := []column{
		{label: l.Get("deadline"), style: st.date, min: 12, max: 12},
		{label: l.Get("days_left"), style: st.integer, min: 8, max: 10},
		{label: l.Get("unit"), min: 10, max: 13},
		{label: l.Get("case"), min: 10, max: 24},
		{label: l.Get("person"), min: 12, max: 20},
		{label: l.Get("rule"), min: 9, max: 12},
		{label: l.Get("rule_title"), min: 20, max: 50},
		{label: l.Get("start"), style: st.date, min: 12, max: 12},
		{label: l.Get("utforare"), min: 14, max: 36},
		{label: l.Get("enhet"), min: 14, max: 30},
		{label: l.Get("insats"), min: 10, max: 24},
		{label: l.Get("source"), min: 12, max: 36},
	}
	notes := []string{fmt.Sprintf(l.Get("upcoming_note"), b.opt.UpcomingDays), l.Rows(len(idx))}
	if protected > 0 {
		notes = append(notes, fmt.Sprintf(l.Get("protected_omitted"), protected))
	}
	return &list{
		b: b, sheet: l.Get("sheet_upcoming"), table: "Kommande", notes: notes, cols: cols, n: len(idx),
		row: func(i int, dst []any) []any {
			v := &res.Verdicts[idx[i]]
			c := &ds.Cases[v.Case]
			r := res.Rules[v.Rule]
			var left any = int(v.Days)
			if v.Days <= soonDays {
				left = excelize.Cell{StyleID: st.soon, Value: int(v.Days)}
			}
			return append(dst, xlsxcell.Date(v.Deadline), left, reports.UnitName(r, c), text(c.ID()), str(c.Person()), r.ID, str(r.Title),
				xlsxcell.Date(v.Start), b.common(c.Utforare.String()), b.common(c.Enhet.String()), b.common(reports.InsatsName(c.Insats.String())), text(ds.Where(v.Source)))
		},
	}
}
