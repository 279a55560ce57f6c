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

// deviations is the Avvikelser list: every sen and saknas verdict of a case whose
// person is not skyddad, most days late first, then by case id and rule.
func (b *book) deviations() *list {
	res, ds := b.r.Result, b.r.Dataset
	sel, protected := b.selectVerdicts(func(v *audit.Verdict) bool { return v.Status == audit.Sen || v.Status == audit.Saknas })
	type key struct {
		late int
		id   string
		i    int32
	}
	keys := make([]key, len(sel))
	for k, i := range sel {
		v := &res.Verdicts[i]
		late := -1 // checks that count no days last
		if b.daysLate(v) >= 0 {
			late = int(reports.CalendarDaysLate(res, ds, v))
		}
		keys[k] = key{late, ds.Cases[v.Case].ID(), i}
	}
	slices.SortFunc(keys, func(a, c key) int {
		if d := cmp.Compare(c.late, a.late); d != 0 {
			return d
		}
		if d := cmp.Compare(a.id, c.id); d != 0 {
			return d
		}
		return cmp.Compare(a.i, c.i)
	})
	idx := make([]int32, len(keys))
	for i, k := range keys {
		idx[i] = k.i
	}
	l := b.l
	st := &b.st
	ident := b.r.Identity != nil
	cols := []column{
		{label: l.Get("case"), min: 10, max: 24},
		{label: l.Get("person"), min: 12, max: 20},
	}
	if ident {
		cols = append(cols, column{label: l.Get("personnummer"), min: 15, max: 16})
	}
	cols = append(cols,
		column{label: l.Get("rule"), min: 9, max: 12},
		column{label: l.Get("verdict"), min: 11, max: 14},
		column{label: l.Get("start"), style: st.date, min: 12, max: 12},
		column{label: l.Get("deadline"), style: st.date, min: 12, max: 12},
		column{label: l.Get("event_date"), style: st.date, min: 12, max: 12},
		column{label: l.Get("days_late"), style: st.integer, min: 8, max: 10},
		column{label: l.Get("unit"), min: 10, max: 13},
		column{label: l.Get("utforare"), min: 14, max: 36},
		column{label: l.Get("enhet"), min: 14, max: 30},
		column{label: l.Get("insats"), min: 10, max: 24},
		column{label: l.Get("reason"), min: 10, max: 60},
		column{label: l.Get("source"), min: 12, max: 36},
	)
	notes := []string{l.Get("deviations_note"), l.Rows(len(idx))}
	if protected > 0 {
		notes = append(notes, fmt.Sprintf(l.Get("protected_omitted"), protected))
	}
	if ident {
		notes = append([]string{l.Get("personal_data")}, notes...)
	}
	// Values every row repeats, boxed once: a million rows box enough already.
	sen := any(excelize.Cell{StyleID: st.late, Value: l.Status(audit.Sen)})
	saknas := any(excelize.Cell{StyleID: st.missing, Value: l.Status(audit.Saknas)})
	ruleIDs := make([]any, len(res.Rules))
	for i, r := range res.Rules {
		ruleIDs[i] = r.ID
	}
	return &list{
		b: b, sheet: l.Get("sheet_deviation"), table: "Avvikelser", notes: notes, cols: cols, n: len(idx),
		row: func(i int, dst []any) []any {
			v := &res.Verdicts[idx[i]]
			c := &ds.Cases[v.Case]
			dst = append(dst, text(c.ID()), str(c.Person()))
			if ident {
				dst = append(dst, str(b.r.Identity(c)))
			}
			status := sen
			if v.Status == audit.Saknas {
				status = saknas
			}
			var late any
			if d := b.daysLate(v); d >= 0 {
				late = d
			}
			return append(dst, ruleIDs[v.Rule], status, xlsxcell.Date(v.Start), xlsxcell.Date(v.Deadline), xlsxcell.Date(v.EventDate),
				late, reports.UnitName(res.Rules[v.Rule], c), b.common(c.Utforare.String()), b.common(c.Enhet.String()), b.common(reports.InsatsName(c.Insats.String())), b.common(res.Reason(v)), text(ds.Where(v.Source)))
		},
	}
}

// daysLate returns a deviation's days late, or -1 where the rule counts no days (a
// completeness or rotation check).
func (b *book) daysLate(v *audit.Verdict) int {
	switch b.r.Result.Rules[v.Rule].Kind {
	case audit.KindCompleteness, audit.KindRotation:
		return -1
	}
	return int(v.Days)
}

// selectVerdicts returns the indexes of the verdicts keep accepts whose person is not
// skyddad, in result order, and how many it left out because the person is.
func (b *book) selectVerdicts(keep func(v *audit.Verdict) bool) (idx []int32, protected int) {
	res, ds := b.r.Result, b.r.Dataset
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		if !keep(v) {
			continue
		}
		if reports.Protected(&ds.Cases[v.Case]) {
			protected++
			continue
		}
		idx = append(idx, int32(i))
	}
	return idx, protected
}
