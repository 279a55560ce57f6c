package ivo

import (
	"fmt"

	"github.com/rutinkoll/rutinkoll/reports/pdfdoc"
)

// methodSection writes the method: the legal reference and its note, the rules the
// lists follow, privacy, the data-quality problems (counts only) and the configuration.
func (d *pdoc) methodSection() {
	l, r := d.l, d.v.r
	d.P.AddPage()
	d.Heading(l.get("method_title"), 1)
	d.Heading(l.get("law")+": "+r.Config.Law.Reference, 2)
	d.Para(r.Config.Law.Trigger.In(r.Lang))
	d.Note(r.Config.Law.Note.In(r.Lang), false)
	d.Para(l.get("window") + ": " + d.v.window())
	for _, key := range []string{"method_trigger", "method_lists", "method_events", "method_cutoff", "method_days", "method_gender", "method_partial"} {
		d.Para(l.get(key))
	}

	d.Heading(l.get("method_privacy"), 2)
	d.Para(l.get("method_ivo_code"))
	d.Para(r.Config.ProtectedNote.In(r.Lang))
	d.Para(l.get("method_case_id"))

	d.Heading(l.get("quality_title"), 2)
	if issues := d.issueLines(); len(issues) == 0 {
		d.Para(l.get("quality_none"))
	} else {
		t := &pdfdoc.Table{Doc: d.Doc, Size: 9, Cols: []pdfdoc.Col{{Label: l.get("problem"), W: 150, Align: "L"}, {Label: l.get("cases"), W: 80, Align: "L"}}}
		t.Start()
		for _, is := range issues {
			t.Row([]string{is[0], is[1]}, false)
		}
		t.End()
	}

	d.Heading(fmt.Sprintf("%s (%s)", l.get("method_config"), r.Config.Source), 2)
	d.Para(l.get("method_inriktning"))
	m := &pdfdoc.Table{Doc: d.Doc, Size: 8.5, Cols: []pdfdoc.Col{{Label: l.get("col_insats"), W: 70, Align: "L"}, {Label: l.get("col_inriktning"), W: 70, Align: "L"}, {Label: l.get("code"), W: 60, Align: "L"}}}
	m.Start()
	for _, code := range sortedKeys(r.Config.Insatser) {
		m.Row([]string{d.v.insats(code), d.v.inriktning(r.Config.Insatser[code].Inriktning), code}, false)
	}
	m.End()
	d.Heading(l.get("method_reasons"), 3)
	rs := &pdfdoc.Table{Doc: d.Doc, Size: 8.5, Cols: []pdfdoc.Col{{Label: l.get("code"), W: 50, Align: "L"}, {Label: l.get("text"), W: 150, Align: "L"}}}
	rs.Start()
	for _, code := range sortedKeys(r.Config.Reasons) {
		rs.Row([]string{code, r.Config.ReasonLabel(code, r.Lang)}, false)
	}
	rs.End()

	if len(r.Inputs) > 0 {
		d.Heading(l.get("method_inputs"), 3)
		in := &pdfdoc.Table{Doc: d.Doc, Size: 8.5, Cols: []pdfdoc.Col{{Label: l.get("file"), W: 110, Align: "L"}, {Label: l.get("read"), W: 30, Align: "R"}, {Label: l.get("imported"), W: 30, Align: "R"},
			{Label: l.get("rejected"), W: 30, Align: "R"}, {Label: l.get("duplicates"), W: 30, Align: "R"}}}
		in.Start()
		for _, f := range r.Inputs {
			in.Row([]string{f.File, d.num(f.Read), d.num(f.Imported), d.num(f.Rejected), d.num(f.Duplicates)}, false)
		}
		in.End()
	}
	if r.CommandLine != "" {
		d.Heading(l.get("method_command"), 3)
		d.P.SetFont(font, "", 8.5)
		d.P.MultiCell(contentW, 4, r.CommandLine, "", "L", false)
	}
}
