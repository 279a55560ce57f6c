package ivo

import (
	"fmt"

	"github.com/rutinkoll/rutinkoll/reports/xlsxcell"
)

// methodWrap is the number of characters per line of the Metod sheet's text column.
const methodWrap = 100

// methodSheet writes how the report was computed, the legal reference and its note,
// the configuration (inriktning mapping, reasons, windows), the data-quality problems
// with their case ids, the inputs and the command line.
func (b *workbook) methodSheet(name string) error {
	s := &xlsxcell.Sheet{F: b.f, Name: name}
	st, l, r := &b.st, b.l, b.v.r
	row := b.header(s, l.get("method_title"))
	s.Widths(28, methodWrap+4, 16)
	s.PrintWide()
	row++
	para := func(key, text string) {
		if key != "" {
			s.Set(1, row, key, st.Bold)
		}
		s.Set(2, row, text, st.Wrap)
		s.Height(row, 15*float64(xlsxcell.Lines(text, methodWrap-6)))
		row++
	}
	heading := func(text string) {
		row++
		s.Set(1, row, text, st.Heading)
		row++
	}
	para(l.get("law"), r.Config.Law.Reference)
	para("", r.Config.Law.Note.In(r.Lang))
	para("", r.Config.Law.Trigger.In(r.Lang))
	para(l.get("window"), b.v.window())
	para("", l.get("method_trigger"))
	para("", l.get("method_lists"))
	para("", l.get("method_events"))
	para("", l.get("method_cutoff"))
	para("", l.get("method_days"))
	para("", l.get("method_gender"))
	para("", l.get("method_partial"))

	heading(l.get("method_privacy"))
	para("", l.get("method_ivo_code"))
	para("", r.Config.ProtectedNote.In(r.Lang))
	para("", l.get("method_case_id"))

	heading(l.get("quality_title"))
	if len(r.Issues) == 0 {
		para("", l.get("quality_none"))
	} else {
		s.Row(row, []int{st.Header, st.Header}, l.get("col_case"), l.get("problem"))
		row++
		for _, is := range r.Issues {
			id := is.CaseID
			if id == "" {
				id = "–"
			}
			text := l.get(fmt.Sprintf("issue_%d", is.Kind))
			if is.Detail != "" {
				text += ": " + is.Detail
			}
			if is.CaseID == "" {
				text += " " + l.get("quality_skydd")
			}
			s.Row(row, []int{st.Text, st.Text}, id, text)
			row++
		}
	}

	heading(l.get("method_config") + " (" + r.Config.Source + ")")
	para("", l.get("method_inriktning"))
	s.Row(row, []int{st.Header, st.Header, st.Header}, l.get("col_insats"), l.get("col_inriktning"), l.get("code"))
	row++
	for _, code := range sortedKeys(r.Config.Insatser) {
		in := r.Config.Insatser[code]
		s.Row(row, []int{st.Text, st.Text, st.Text}, b.v.insats(code), b.v.inriktning(in.Inriktning), code)
		row++
	}
	row++
	s.Set(1, row, l.get("method_reasons"), st.Bold)
	row++
	s.Row(row, []int{st.Header, st.Header}, l.get("code"), l.get("text"))
	row++
	for _, code := range sortedKeys(r.Config.Reasons) {
		s.Row(row, []int{st.Text, st.Wrap}, code, r.Config.ReasonLabel(code, r.Lang))
		row++
	}

	if len(r.Inputs) > 0 {
		heading(l.get("method_inputs"))
		s.Row(row, []int{st.Header, st.Header, st.Header}, l.get("file"), l.get("read")+" / "+l.get("imported")+" / "+l.get("rejected")+" / "+l.get("duplicates"))
		row++
		for _, in := range r.Inputs {
			s.Row(row, []int{st.Text, st.Text}, in.File, fmt.Sprintf("%d / %d / %d / %d", in.Read, in.Imported, in.Rejected, in.Duplicates))
			row++
		}
	}
	if r.CommandLine != "" {
		heading(l.get("method_command"))
		para("", r.CommandLine)
	}
	if g := b.v.generated(); g != "" {
		para(l.get("generated"), g)
	}
	return s.Err
}
