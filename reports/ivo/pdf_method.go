package ivo

import "fmt"

// methodSection writes the method: the legal reference and its note, the rules the
// lists follow, privacy, the data-quality problems (counts only) and the configuration.
func (d *pdoc) methodSection() {
	l, r := d.l, d.v.r
	d.p.AddPage()
	d.heading(l.get("method_title"), 1)
	d.heading(l.get("law")+": "+r.Config.Law.Reference, 2)
	d.para(r.Config.Law.Trigger.In(r.Lang))
	d.note(r.Config.Law.Note.In(r.Lang), false)
	d.para(l.get("window") + ": " + d.v.window())
	for _, key := range []string{"method_trigger", "method_lists", "method_events", "method_cutoff", "method_days", "method_gender", "method_partial"} {
		d.para(l.get(key))
	}

	d.heading(l.get("method_privacy"), 2)
	d.para(l.get("method_ivo_code"))
	d.para(r.Config.ProtectedNote.In(r.Lang))
	d.para(l.get("method_case_id"))

	d.heading(l.get("quality_title"), 2)
	if issues := d.issueLines(); len(issues) == 0 {
		d.para(l.get("quality_none"))
	} else {
		t := &ptable{d: d, size: 9, cols: []pcol{{l.get("problem"), 150, "L"}, {l.get("cases"), 80, "L"}}}
		t.start()
		for _, is := range issues {
			t.row([]string{is[0], is[1]}, false)
		}
		t.end()
	}

	d.heading(fmt.Sprintf("%s (%s)", l.get("method_config"), r.Config.Source), 2)
	d.para(l.get("method_inriktning"))
	m := &ptable{d: d, size: 8.5, cols: []pcol{{l.get("col_insats"), 70, "L"}, {l.get("col_inriktning"), 70, "L"}, {l.get("code"), 60, "L"}}}
	m.start()
	for _, code := range sortedKeys(r.Config.Insatser) {
		m.row([]string{d.v.insats(code), d.v.inriktning(r.Config.Insatser[code].Inriktning), code}, false)
	}
	m.end()
	d.heading(l.get("method_reasons"), 3)
	rs := &ptable{d: d, size: 8.5, cols: []pcol{{l.get("code"), 50, "L"}, {l.get("text"), 150, "L"}}}
	rs.start()
	for _, code := range sortedKeys(r.Config.Reasons) {
		rs.row([]string{code, r.Config.ReasonLabel(code, r.Lang)}, false)
	}
	rs.end()

	if len(r.Inputs) > 0 {
		d.heading(l.get("method_inputs"), 3)
		in := &ptable{d: d, size: 8.5, cols: []pcol{{l.get("file"), 110, "L"}, {l.get("read"), 30, "R"}, {l.get("imported"), 30, "R"},
			{l.get("rejected"), 30, "R"}, {l.get("duplicates"), 30, "R"}}}
		in.start()
		for _, f := range r.Inputs {
			in.row([]string{f.File, d.num(f.Read), d.num(f.Imported), d.num(f.Rejected), d.num(f.Duplicates)}, false)
		}
		in.end()
	}
	if r.CommandLine != "" {
		d.heading(l.get("method_command"), 3)
		d.p.SetFont(font, "", 8.5)
		d.p.MultiCell(contentW, 4, r.CommandLine, "", "L", false)
	}
}
