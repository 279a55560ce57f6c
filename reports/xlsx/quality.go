package xlsx

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/rutinkoll/rutinkoll/audit"
)

// quality is the Datakvalitet list: every rejected input row, in input order, then
// every datafel verdict of a case that is not skyddad, by case id and rule.
func (b *book) quality() *list {
	res, ds := b.r.Result, b.r.Dataset
	idx, protected := b.selectVerdicts(func(v *audit.Verdict) bool { return v.Status == audit.Datafel })
	slices.SortFunc(idx, func(a, c int32) int {
		if d := cmp.Compare(ds.Cases[res.Verdicts[a].Case].ID(), ds.Cases[res.Verdicts[c].Case].ID()); d != 0 {
			return d
		}
		return cmp.Compare(a, c)
	})
	l := b.l
	st := &b.st
	cols := []column{
		{label: l.Get("kind"), min: 12, max: 40},
		{label: l.Get("source"), min: 14, max: 40},
		{label: l.Get("file"), min: 10, max: 30},
		{label: l.Get("line"), style: st.integer, min: 6, max: 10},
		{label: l.Get("column"), style: st.integer, min: 7, max: 8},
		{label: l.Get("field"), min: 8, max: 20},
		{label: l.Get("value"), min: 8, max: 30},
		{label: l.Get("case"), min: 10, max: 24},
		{label: l.Get("person"), min: 12, max: 20},
		{label: l.Get("rule"), min: 9, max: 12},
		{label: l.Get("reason"), min: 20, max: 80},
	}
	rej := b.r.Rejected
	var changes []*audit.AttributeChange // of cases that are not skyddad
	for i := range ds.Changes {
		if ch := &ds.Changes[i]; ds.Cases[ch.Case].Flags&audit.FlagSkyddad == 0 {
			changes = append(changes, ch)
		} else {
			protected++
		}
	}
	nc := len(changes)
	notes := []string{l.Get("quality_note"), l.Rows(len(rej) + nc + len(idx))}
	if protected > 0 {
		notes = append(notes, fmt.Sprintf(l.Get("protected_omitted"), protected))
	}
	return &list{
		b: b, sheet: l.Get("sheet_quality"), table: "Datakvalitet", notes: notes, cols: cols, n: len(rej) + nc + len(idx),
		row: func(i int, dst []any) []any {
			if i >= len(rej) && i < len(rej)+nc {
				ch := changes[i-len(rej)]
				c := &ds.Cases[ch.Case]
				var file any
				if int(ch.Source.File) < len(ds.Files) && ch.Source.File >= 0 {
					file = str(ds.Files[ch.Source.File])
				}
				return append(dst, l.Get("quality_change"), text(ds.Where(ch.Source)), file, int(ch.Source.Line), nil,
					str(ch.Field), str(ch.Other), text(c.ID()), str(c.Person()), nil, fmt.Sprintf(l.Get("change_reason"), "”"+ch.Kept+"”"))
			}
			if i >= len(rej) {
				i -= nc
			}
			if i < len(rej) {
				rj := &rej[i]
				where := fmt.Sprintf("%s:%d", rj.File, rj.Line)
				var col any
				if rj.Column > 0 {
					where = fmt.Sprintf("%s:%d", where, rj.Column)
					col = rj.Column
				}
				return append(dst, l.Rejected(rj.Kind), text(where), str(rj.File), rj.Line, col,
					str(rj.Field), str(rj.Value), nil, nil, nil, str(rj.Reason))
			}
			v := &res.Verdicts[idx[i-len(rej)]]
			c := &ds.Cases[v.Case]
			var file any
			if int(v.Source.File) < len(ds.Files) && v.Source.File >= 0 {
				file = str(ds.Files[v.Source.File])
			}
			return append(dst, l.Get("quality_datafel"), text(ds.Where(v.Source)), file, int(v.Source.Line), nil,
				nil, nil, text(c.ID()), str(c.Person()), res.Rules[v.Rule].ID, b.common(res.Reason(v)))
		},
	}
}
