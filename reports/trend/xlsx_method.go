package trend

import (
	"strings"

	"github.com/rutinkoll/rutinkoll/reports/xlsxcell"
)

// methodWrap is the number of characters per line of the Metod sheet's text column.
const methodWrap = 100

// methodParagraphs returns the method's text, shared by the workbook and the PDF.
func (v *view) methodParagraphs() []string {
	r, l := v.r, v.l
	out := []string{v.source(), l.get("method_months"), l.get("method_rate"), l.f("method_wilson", v.decimal(r.Z, 2)), l.f("method_rule", r.MinJudged)}
	if r.Extract != "" {
		out = append(out, l.f("method_ref_other", r.Others), l.get("method_extract"))
	} else {
		out = append(out, l.get("method_ref_all"), l.f("method_ranking", r.MinJudged))
	}
	if r.AllRules {
		out = append(out, l.get("method_all_rules"))
	} else {
		out = append(out, l.f("method_roles", strings.Join(r.Roles, ", ")))
	}
	out = append(out, l.f("method_counts", v.num(r.Outside), v.num(r.Unplaced), v.num(r.OtherRules), v.num(r.NoUtforare)))
	if r.Source.FromVerdicts {
		out = append(out, l.get("method_files"))
	}
	return append(out, l.get("method_privacy"))
}

// methodSheet writes how the figures were computed, the rules counted and not, the
// files and the command line.
func (b *workbook) methodSheet(s *xlsxcell.Sheet) error {
	row := b.header(s, b.l.get("method_title"))
	s.Widths(14, methodWrap+4, 30)
	para := func(key, text string) {
		if key != "" {
			s.Set(1, row, key, b.st.Bold)
		}
		s.Set(2, row, text, b.st.Wrap)
		s.Height(row, 15*float64(xlsxcell.Lines(text, methodWrap-6)))
		row++
	}
	heading := func(text string) {
		row++
		s.Set(1, row, text, b.st.Heading)
		row++
	}
	for _, p := range b.v.methodParagraphs() {
		para("", p)
	}
	rules := func(title string, list []RuleInfo) {
		if len(list) == 0 {
			return
		}
		heading(title)
		s.Row(row, []int{b.st.Header, b.st.Header, b.st.Header}, b.l.get("col_rule"), b.l.get("col_title"), b.l.get("col_responsible"))
		row++
		for i := range list {
			s.Row(row, []int{b.st.Text, b.st.Wrap, b.st.Text}, list[i].ID, b.v.ruleTitle(&list[i]), list[i].Responsible)
			row++
		}
	}
	rules(b.l.get("method_included"), b.r.Rules)
	rules(b.l.get("method_excluded"), b.r.Excluded)
	if len(b.r.Source.Files) > 0 {
		heading(b.l.get("method_inputs"))
		for _, f := range b.r.Source.Files {
			para("", f)
		}
	}
	if b.r.CommandLine != "" {
		heading(b.l.get("method_command"))
		para("", b.r.CommandLine)
	}
	if g := b.v.generated(); g != "" {
		para(b.l.get("generated"), g)
	}
	return s.Err
}
