package profile

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/yamlpos"
)

// valueKind says what a column's value map translates to.
type valueKind int

const (
	valuesNone valueKind = iota
	valuesInsats
	valuesEvent
	valuesFrequency
	valuesFlags
	valuesGender
	valuesYesNo
)

var columnKinds = []struct {
	key  string
	kind valueKind
}{
	{"case_id", valuesNone}, {"person", valuesNone}, {"person_pseudonym", valuesNone},
	{"insats", valuesInsats}, {"utforare", valuesNone}, {"enhet", valuesNone}, {"kommun", valuesNone},
	{"gender", valuesGender}, {"frequency", valuesFrequency}, {"flags", valuesFlags},
	{"skyddad", valuesYesNo}, {"event", valuesEvent}, {"date", valuesNone}, {"registered", valuesNone},
}

func (w *walker) columns(p *Profile, n *yaml.Node) {
	allowed := []string{"details"}
	for _, c := range columnKinds {
		allowed = append(allowed, c.key)
	}
	m := w.mapping(n, "columns", allowed...)
	cs := &p.Columns
	targets := map[string]**Column{
		"case_id": &cs.CaseID, "person": &cs.Person, "person_pseudonym": &cs.PersonPseudonym,
		"insats": &cs.Insats, "utforare": &cs.Utforare, "enhet": &cs.Enhet, "kommun": &cs.Kommun, "gender": &cs.Gender,
		"frequency": &cs.Frequency, "flags": &cs.Flags, "skyddad": &cs.Skyddad,
		"event": &cs.Event, "date": &cs.Date, "registered": &cs.Registered,
	}
	for _, c := range columnKinds {
		if kv, ok := m[c.key]; ok {
			*targets[c.key] = w.column(kv.val, "columns."+c.key, c.kind, false)
		}
	}
	cs.Details = w.details(m["details"].val, "columns.details")
	if _, given := m["case_id"]; !given && n.Kind == yaml.MappingNode {
		w.errorf(n, "columns: 'case_id' is missing; it names the column with the case (ärende, beslut or beställning) id")
	}
	if cs.Person != nil && cs.PersonPseudonym != nil {
		w.errorf(m["person_pseudonym"].key, "columns: give either person (a personnummer column) or person_pseudonym (an already pseudonymous id), not both")
	}
	if cs.CaseID != nil && cs.CaseID.Optional {
		w.errorAt(cs.CaseID.Pos, "columns.case_id: the case id column cannot be optional")
	}
}

func (w *walker) details(n *yaml.Node, where string) []Detail {
	var out []Detail
	for _, kv := range w.pairs(n, where) {
		key := strings.TrimSpace(kv.key.Value)
		if !isSlug(key, "_") {
			w.errorf(kv.key, "%s: key %q must be lower-case letters a–z, digits or '_' (it becomes key=value in the event details)", where, key)
			continue
		}
		for _, d := range out {
			if d.Key == key {
				w.errorf(kv.key, "%s: key '%s' given twice", where, key)
			}
		}
		if c := w.column(kv.val, where+"."+key, valuesNone, false); c != nil {
			out = append(out, Detail{Key: key, Column: c})
		}
	}
	return out
}

// column reads a column spec: a header name, or {header, aliases, values, optional}.
func (w *walker) column(n *yaml.Node, where string, kind valueKind, valuesRequired bool) *Column {
	if n == nil {
		return nil
	}
	c := &Column{Pos: posOf(n)}
	switch n.Kind {
	case yaml.ScalarNode:
		c.Header = strings.TrimSpace(n.Value)
	case yaml.MappingNode:
		m := w.mapping(n, where, "header", "aliases", "values", "optional")
		c.Header = w.str(m["header"].val, where+".header")
		if hv := m["header"].val; hv == nil {
			w.errorf(n, "%s: field 'header' is missing (the column's name in the export's header row)", where)
		} else if c.Header == "" && hv.Kind == yaml.ScalarNode {
			w.errorf(m["header"].key, "%s.header: the header name is empty; write the column's name as in the export's header row", where)
		}
		for _, a := range w.list(m["aliases"].val, where+".aliases") {
			if s := w.str(a, where+".aliases"); s != "" {
				c.Aliases = append(c.Aliases, s)
			}
		}
		c.Optional = w.boolean(m["optional"].val, where+".optional")
		if kv, ok := m["values"]; ok {
			if kind == valuesNone {
				w.errorf(kv.key, "%s: 'values' is not used for this column; value maps are for insats, event, gender, frequency, flags and skyddad", where)
			} else {
				c.Values = w.valueMap(kv.val, where+".values", kind)
			}
		}
	case yaml.SequenceNode:
		w.errorf(n, "%s: expected a header name or {header: …, aliases: […]}, found a list; write other names of the column under aliases", where)
		return nil
	default:
		w.errorf(n, "%s: expected a header name, found %s", where, yamlpos.KindName(n))
		return nil
	}
	if c.Header == "" && n.Kind == yaml.ScalarNode {
		w.errorf(n, "%s: the header name is empty", where)
	}
	seen := map[string]bool{}
	for _, name := range c.Names() {
		if k := normalize(name); seen[k] {
			w.errorf(n, "%s: the name %q is given twice", where, name)
		} else {
			seen[k] = true
		}
	}
	if valuesRequired && c.Values == nil {
		w.errorf(n, "%s: a 'values' map is needed to tell which text means which event code", where)
	}
	return c
}

func (w *walker) valueMap(n *yaml.Node, where string, kind valueKind) *ValueMap {
	vm := &ValueMap{Pos: posOf(n), index: map[string]string{}}
	seen := map[string]bool{}
	for _, kv := range w.pairs(n, where) {
		from := kv.key.Value
		to := ""
		if kv.val.Kind == yaml.ScalarNode {
			to = strings.TrimSpace(kv.val.Value)
		}
		if to == "" {
			w.errorf(kv.val, "%s: %q maps to nothing; give the code it means", where, from)
			continue
		}
		key := normalize(from)
		if seen[key] {
			w.errorf(kv.key, "%s: %q is given twice (texts match without regard to case and spaces)", where, from)
			continue
		}
		seen[key] = true
		to, ok := w.valueTarget(kv.val, where, kind, to)
		if !ok {
			continue
		}
		vm.From = append(vm.From, from)
		vm.To = append(vm.To, to)
		vm.index[key] = to
		vm.positions = append(vm.positions, posOf(kv.val))
	}
	return vm
}

// valueTarget checks the code a value maps to, and returns it in canonical form.
func (w *walker) valueTarget(n *yaml.Node, where string, kind valueKind, to string) (string, bool) {
	switch kind {
	case valuesInsats, valuesEvent:
		if !isSlug(to, "_") {
			w.errorf(n, "%s: %q is not a code; codes are lower-case ASCII with '_' (e.g. %s)", where, to, map[valueKind]string{valuesInsats: "hemtjanst", valuesEvent: "insats_paborjad"}[kind])
			return "", false
		}
	case valuesFrequency:
		if _, ok := audit.ParseFrequency(to); !ok {
			w.errorf(n, "%s: %q is not a frequency; write one of %s", where, to, strings.Join(audit.FrequencyNames(), ", "))
			return "", false
		}
	case valuesFlags:
		if _, ok := audit.ParseFlag(to); !ok && to != "-" {
			msg := fmt.Sprintf("%s: %q is not a flag; write one of %s, or - for none", where, to, strings.Join(audit.FlagNames(), ", "))
			if s := audit.Nearest(to, audit.FlagNames()); s != "" {
				msg += fmt.Sprintf(" (did you mean '%s'?)", s)
			}
			w.errorf(n, "%s", msg)
			return "", false
		}
	case valuesGender:
		g, ok := parseGender(to)
		if !ok || g == 0 {
			w.errorf(n, "%s: %q is not a gender; write K (kvinna) or M (man)", where, to)
			return "", false
		}
		return string(g), true
	case valuesYesNo:
		switch strings.ToLower(to) {
		case "ja", "yes", "true":
			return "ja", true
		case "nej", "no", "false":
			return "nej", true
		}
		w.errorf(n, "%s: %q: write ja or nej", where, to)
		return "", false
	}
	return to, true
}

func (w *walker) events(p *Profile, kv keyed) {
	if kv.val == nil {
		return
	}
	if kv.val.Kind != yaml.SequenceNode {
		w.errorf(kv.val, "events: expected a list of {event: …, date: …}, found %s", yamlpos.KindName(kv.val))
		return
	}
	for i, n := range kv.val.Content {
		where := fmt.Sprintf("events[%d]", i+1)
		m := w.mapping(n, where, "event", "date", "registered", "details")
		e := WideEvent{Pos: posOf(n)}
		switch ev := m["event"].val; {
		case ev == nil:
			w.errorf(n, "%s: field 'event' is missing: the event code (e.g. beslut), or {header: …, values: {…}} for a column that tells the code", where)
		case ev.Kind == yaml.ScalarNode:
			e.Code = strings.TrimSpace(ev.Value)
			e.Pos = posOf(ev)
			if !isSlug(e.Code, "_") {
				w.errorf(ev, "%s.event: %q is not an event code; see docs/events.md", where, e.Code)
			}
		default:
			e.EventColumn = w.column(ev, where+".event", valuesEvent, true)
		}
		switch d := m["date"].val; {
		case d == nil:
			w.errorf(n, "%s: field 'date' is missing: the column with the event's date", where)
		case d.Kind == yaml.SequenceNode:
			if len(d.Content) == 0 {
				w.errorf(d, "%s.date: the list is empty", where)
			}
			for j, dn := range d.Content {
				if c := w.column(dn, fmt.Sprintf("%s.date[%d]", where, j+1), valuesNone, false); c != nil {
					e.Dates = append(e.Dates, c)
				}
			}
		default:
			if c := w.column(d, where+".date", valuesNone, false); c != nil {
				e.Dates = []*Column{c}
			}
		}
		e.Registered = w.column(m["registered"].val, where+".registered", valuesNone, false)
		e.Details = w.details(m["details"].val, where+".details")
		p.Events = append(p.Events, e)
	}
}
