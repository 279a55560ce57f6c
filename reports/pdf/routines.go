package pdf

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

// routineSections writes, per routine, a block per rule: its figures, deadline,
// responsible role, source quote, interpretation and any local policy.
func (d *doc) routineSections() {
	p, l := d.p, d.l
	p.AddPage()
	d.heading(l.Get("per_routine"), 1)
	byRule := map[*audit.Rule]*stats.RuleStats{}
	for i := range d.r.Summary.Rules {
		byRule[d.r.Summary.Rules[i].Rule] = &d.r.Summary.Rules[i]
	}
	idle := d.idleRoutines()
	if len(idle) > 0 {
		d.note(idleNote(l, idle))
	}
	for ri, rt := range d.shownRoutines() {
		if ri > 0 {
			d.ensure(60)
		}
		d.heading(rt.Title, 2)
		d.note(fmt.Sprintf("%s %s · %s: %s · %s", l.Get("version"), rt.Version, l.Get("document"), rt.Source, rt.File))
		for _, r := range rt.Rules {
			if rs := byRule[r]; rs != nil {
				d.ruleBlock(rs)
			}
		}
	}
}

// idleRoutines returns the routines under which no case was judged and no datafel
// found: every verdict ej tillämplig (an export of one municipality audited against
// every shipped routine). The PDF leaves them out rule by rule, so that a nämnd reads
// about the routines that applied, and names them; the workbook keeps every rule. A
// routine with datafel stays: the data problem is for the nämnd to see.
func (d *doc) idleRoutines() map[*audit.Routine]bool {
	judged := map[*audit.Routine]bool{}
	for i := range d.r.Summary.Rules {
		if rs := &d.r.Summary.Rules[i]; rs.Total > rs.N(audit.EjTillamplig) {
			judged[rs.Rule.Routine] = true
		}
	}
	idle := map[*audit.Routine]bool{}
	for _, rt := range d.r.Routines {
		if !judged[rt] {
			idle[rt] = true
		}
	}
	return idle
}

// shownRoutines returns the routines the report shows rule by rule: all but the idle.
func (d *doc) shownRoutines() []*audit.Routine {
	idle := d.idleRoutines()
	var out []*audit.Routine
	for _, rt := range d.r.Routines {
		if !idle[rt] {
			out = append(out, rt)
		}
	}
	return out
}

// idleNote names the routines left out, by title.
func idleNote(l reports.Labels, idle map[*audit.Routine]bool) string {
	var names []string
	for rt := range idle {
		names = append(names, rt.Title)
	}
	slices.Sort(names)
	return fmt.Sprintf(l.Get("routines_not_applied"), strings.Join(names, "; "))
}

// ruleBlock writes one rule: a title bar, a table of figures and a table of facts. The
// title, the figures and the first facts are kept on one page.
func (d *doc) ruleBlock(rs *stats.RuleStats) {
	p, l, r := d.p, d.l, rs.Rule
	p.SetFont(font, "B", 10)
	titleLines := len(p.SplitText(r.ID+"  "+r.Title, contentW))
	d.ensure(float64(titleLines)*5 + 40)
	p.Ln(1)
	p.SetFillColor(237, 242, 249)
	p.MultiCell(contentW, 5, r.ID+"  "+r.Title, "", "L", true)
	p.Ln(0.5)

	w := contentW / float64(len(audit.Statuses)+3)
	var cols []col
	var cells []string
	for _, st := range audit.Statuses {
		cols = append(cols, col{label: l.Status(st), w: w, align: "R"})
		cells = append(cells, d.num(rs.N(st)))
	}
	median, p90 := d.lead(&rs.Counts)
	cols = append(cols, col{label: l.Get("rate"), w: w, align: "R"}, col{label: l.Get("median_lead"), w: w, align: "R"},
		col{label: l.Get("p90_lead"), w: w, align: "R"})
	cells = append(cells, d.rate(&rs.Counts), median, p90)
	figures := &table{d: d, cols: cols, size: 8, header: true}
	figures.start()
	figures.row(cells, []cellStyle{6: {bold: true}})

	facts := &table{d: d, cols: []col{{w: 30, align: "L"}, {w: contentW - 30, align: "L"}}, size: 8.5}
	key := cellStyle{bold: true, color: [3]int{60, 60, 60}}
	facts.row([]string{l.Get("deadline"), deadlineText(l, r)}, []cellStyle{key})
	facts.row([]string{l.Get("responsible"), r.Responsible}, []cellStyle{key})
	if r.Source.Quote != "" {
		facts.row([]string{l.Get("quote"), "”" + r.Source.Quote + "” (" + quotedDocument(r) + ")"}, []cellStyle{key, {italic: true}})
	}
	if r.Interpretation != "" {
		facts.row([]string{l.Get("interpretation"), r.Interpretation}, []cellStyle{key})
	}
	if r.Policy != nil {
		facts.row([]string{l.Get("local_policy"), fmt.Sprintf("%s (%s). %s", r.Policy.Deadline, r.Policy.Source, r.Policy.Note)}, []cellStyle{key})
	}
	facts.end()
}

// deadlineText is a rule's deadline, or for a check without one what it checks.
func deadlineText(l reports.Labels, r *audit.Rule) string {
	if s := r.DeadlineText(); s != "" {
		return s
	}
	return l.Get("kind_" + r.Kind.String())
}

// quotedDocument names the document a rule's quote comes from for a reader of the
// report: the routine's title when the quote is from the routine's own document (whose
// file name the routine's header line gives), else the document as the rule names it.
func quotedDocument(r *audit.Rule) string {
	if rt := r.Routine; rt != nil && r.Source.Document == rt.Source && rt.Title != "" {
		return rt.Title
	}
	return r.Source.Document
}
