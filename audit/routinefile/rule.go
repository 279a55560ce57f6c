package routinefile

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/rutinkoll/rutinkoll/audit"
)

func (w *walker) rule(n *yaml.Node, rt *audit.Routine, vocab *audit.Vocabulary, seen map[string]string) *audit.Rule {
	name := "rule"
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "id" && n.Content[i+1].Kind == yaml.ScalarNode {
				name = fmt.Sprintf("rule %q", n.Content[i+1].Value)
			}
		}
	}
	m := w.mapping(n, name, ruleFields...)
	r := &audit.Rule{Routine: rt}
	r.ID = w.str(m["id"], "rule", "id")
	where := fmt.Sprintf("rule %q", r.ID)
	switch {
	case r.ID == "":
		w.errorf(n, "rule: field 'id' is missing")
		where = "rule"
	case !idPattern.MatchString(r.ID):
		w.errorf(m["id"], "%s: field 'id': use upper-case letters, digits and - (such as PAR-01)", where)
	default:
		if prev, dup := seen[r.ID]; dup {
			w.errorf(m["id"], "%s: duplicate rule id (first defined at %s)", where, prev)
		} else {
			seen[r.ID] = fmt.Sprintf("%s:%d:%d", w.file, m["id"].Line, m["id"].Column)
		}
	}
	r.Title = w.str(m["title"], where, "title")
	if r.Title == "" {
		w.errorf(n, "%s: field 'title' is missing", where)
	}
	r.Responsible = w.str(m["responsible"], where, "responsible")
	r.Kind = audit.KindDuration
	if k := w.str(m["kind"], where, "kind"); k != "" {
		kind, ok := audit.ParseKind(k)
		if !ok {
			msg := fmt.Sprintf("%s: field 'kind': unknown kind '%s'", where, k)
			if s := audit.Nearest(k, audit.KindNames()); s != "" {
				msg += fmt.Sprintf("; did you mean '%s'?", s)
			} else {
				msg += "; expected one of " + strings.Join(audit.KindNames(), ", ")
			}
			w.errorf(m["kind"], "%s", msg)
		}
		r.Kind = kind
	}
	froms := w.events(m["from"], where, "from", vocab)
	if len(froms) > 0 {
		r.From, r.FromAlso = froms[0], froms[1:]
	}
	tos := w.events(m["to"], where, "to", vocab)
	if len(tos) > 0 {
		r.To, r.ToAlso = tos[0], tos[1:]
	}
	switch st := w.str(m["start"], where, "start"); st {
	case "", "first":
	case "latest":
		r.StartLatest = true
		if len(froms) < 2 {
			w.errorf(m["start"], "%s: field 'start: latest' needs two or more events in 'from'", where)
		}
	default:
		w.errorf(m["start"], "%s: field 'start': unknown value %q; expected first or latest", where, st)
	}
	if tb := w.str(m["target_before_start"], where, "target_before_start"); tb != "" {
		v, ok := audit.BeforeStartNames[tb]
		if !ok {
			w.errorf(m["target_before_start"], "%s: field 'target_before_start': unknown value %q; expected datafel (the default), i_tid (a step taken ahead counts as in time) or ignore (an earlier one belongs to something else)", where, tb)
		}
		r.BeforeStart = v
	}
	r.Unless = w.event(m["unless"], where, "unless", vocab)
	r.FromField = w.field(m["from_field"], where, "from_field")
	r.ToField = w.field(m["to_field"], where, "to_field")
	r.Deadline = w.deadline(m["deadline"], where, "deadline")
	if bf := m["deadline_by_frequency"]; bf != nil {
		fm := w.mapping(bf, where+": deadline_by_frequency", audit.FrequencyNames()...)
		r.ByFrequency = map[audit.Frequency]audit.Deadline{}
		for name, dn := range fm {
			f, _ := audit.ParseFrequency(name)
			r.ByFrequency[f] = w.deadline(dn, where, "deadline_by_frequency."+name)
		}
	}
	if rf := w.boolean(m["roll_forward"], where, "roll_forward"); rf != nil {
		r.RollForward = *rf
	} else {
		r.RollForward = r.Deadline.CountsWorkdays()
	}
	if p := w.boolean(m["pause_during_franvaro"], where, "pause_during_franvaro"); p != nil {
		r.PauseFranvaro = *p
	}
	if e := w.boolean(m["each"], where, "each"); e != nil {
		r.Each = *e
	}
	r.Required = w.strings(m["required"], where, "required")
	r.AreaDetail = w.str(m["detail"], where, "detail")
	if rot := m["rotation"]; rot != nil {
		r.Rotation = map[string][]string{}
		for area, list := range w.mapping(rot, where+": rotation", vocabKeys(rot)...) {
			r.Rotation[area] = w.strings(list, where, "rotation."+area)
		}
	}
	if wn := m["when"]; wn != nil {
		wm := w.mapping(wn, where+": when", whenFields...)
		r.When.Insats = w.insatsCodes(wm["insats"], where, "when.insats")
		r.When.NyKund = w.boolean(wm["ny_kund"], where, "when.ny_kund")
		r.When.ExternUtforare = w.boolean(wm["extern_utforare"], where, "when.extern_utforare")
		for _, fn := range w.list(wm["frequency"], where, "when.frequency") {
			name := w.str(fn, where, "when.frequency")
			f, ok := audit.ParseFrequency(name)
			if !ok || f == audit.FreqUnknown {
				w.errorf(fn, "%s: field 'when.frequency': unknown frequency '%s'; expected one of %s", where, name, strings.Join(audit.FrequencyNames(), ", "))
				continue
			}
			r.When.Frequency = append(r.When.Frequency, f)
		}
		r.When.FranvaroLongerThan = w.integer(wm["franvaro_longer_than"], where, "when.franvaro_longer_than")
	}
	r.Source = w.citation(m["source"], where, true)
	if m["source"] == nil {
		// citation reported without a position; point at the rule.
		w.problems[len(w.problems)-1].Line, w.problems[len(w.problems)-1].Column = n.Line, n.Column
	}
	r.Interpretation = w.str(m["interpretation"], where, "interpretation")
	w.checkKind(n, m, r, where)
	return r
}

// checkKind reports the fields each kind requires or forbids.
func (w *walker) checkKind(n *yaml.Node, m map[string]*yaml.Node, r *audit.Rule, where string) {
	need := func(field string) {
		if m[field] == nil {
			w.errorf(n, "%s: a %s rule needs field '%s'", where, r.Kind, field)
		}
	}
	forbid := func(field string) {
		if m[field] != nil {
			w.errorf(m[field], "%s: field '%s' has no meaning for a %s rule", where, field, r.Kind)
		}
	}
	switch r.Kind {
	case audit.KindDuration, audit.KindEscalation:
		need("from")
		need("to")
		if m["deadline"] == nil && m["deadline_by_frequency"] == nil {
			w.errorf(n, "%s: field 'deadline' is missing", where)
		}
		if r.Deadline.Recurring != audit.PeriodNone {
			w.errorf(m["deadline"], "%s: field 'deadline': %q is recurring; use kind: recurring", where, r.Deadline.String())
		}
		if r.Kind == audit.KindEscalation {
			need("unless")
		} else {
			forbid("unless")
		}
	case audit.KindRecurring:
		need("from")
		need("to")
		need("deadline")
		if m["deadline"] != nil && r.Deadline.Recurring == audit.PeriodNone && (r.Deadline.IsDated() || r.Deadline.LeadTime) {
			w.errorf(m["deadline"], "%s: field 'deadline': a recurring rule needs \"minst en gång per år|halvår|kvartal|månad|vecka\", found %q", where, r.Deadline.String())
		}
		forbid("unless")
	case audit.KindPrecedence:
		need("from")
		need("to")
		forbid("deadline")
	case audit.KindCompleteness:
		need("from")
		need("required")
		forbid("deadline")
	case audit.KindRotation:
		need("from")
		forbid("deadline")
	}
	if r.Kind != audit.KindCompleteness {
		forbid("required")
	}
	if r.Kind != audit.KindRotation {
		forbid("detail")
		forbid("rotation")
	}
}

// events reads one event code or a list of them.
func (w *walker) events(n *yaml.Node, where, field string, vocab *audit.Vocabulary) []audit.EventCode {
	var out []audit.EventCode
	for _, e := range w.list(n, where, field) {
		if c := w.event(e, where, field, vocab); c != audit.NoEvent {
			out = append(out, c)
		}
	}
	return out
}
