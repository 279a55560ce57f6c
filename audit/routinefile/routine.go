package routinefile

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/rutinkoll/rutinkoll/audit"
)

// File is a named file's content.
type File struct {
	Name string
	Data []byte
}

// Options control loading.
type Options struct {
	// ClosedDays are extra closed days (a municipality's klämdagar) added to every
	// routine's arbetsdagar calendar.
	ClosedDays []audit.Holiday
}

var (
	routineFields = []string{"routine", "title", "version", "source", "municipality", "insats", "privacy", "events", "calendar", "rules"}
	ruleFields    = []string{"id", "title", "responsible", "kind", "from", "from_field", "start", "to", "to_field", "unless", "target_before_start", "deadline",
		"deadline_by_frequency", "roll_forward", "pause_during_franvaro", "each", "required", "detail", "rotation", "when", "source", "interpretation"}
	whenFields   = []string{"insats", "ny_kund", "frequency", "extern_utforare", "franvaro_longer_than"}
	sourceFields = []string{"document", "quote"}
	idPattern    = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$`)
	routineID    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
)

// Load parses and validates routine files. Event codes the files declare are added to
// vocab, which the importers then use. It returns every problem in every file, or the
// routines in file order.
func Load(files []File, vocab *audit.Vocabulary, opt Options) ([]*audit.Routine, error) {
	var all Problems
	type parsed struct {
		w    *walker
		root *yaml.Node
		top  map[string]*yaml.Node
	}
	ps := make([]parsed, len(files))
	// First pass: declared events, so rules in any file may use codes of any file.
	for i, f := range files {
		w := &walker{file: f.Name}
		root := w.document(f.Data)
		if k := rootKey(root, "tests"); k != nil && rootKey(root, "rules") == nil {
			w.errorf(k, "this is a routine test file, not a routine file (it has 'tests:' and no 'rules:'); run it with: rutinkoll routines test %s", f.Name)
			ps[i] = parsed{w, nil, nil}
			continue
		}
		top := w.mapping(root, "routine file", routineFields...)
		if ev := top["events"]; ev != nil {
			m := w.mapping(ev, "events", vocabKeys(ev)...)
			// In the file's order: codes are numbered as they come.
			for i := 0; ev.Kind == yaml.MappingNode && i+1 < len(ev.Content); i += 2 {
				key := ev.Content[i]
				name, val := key.Value, m[key.Value]
				if !routineID.MatchString(strings.ReplaceAll(name, "_", "-")) {
					w.errorf(ev, "events: code '%s' must be lower-case ASCII letters, digits and _", name)
					continue
				}
				if _, known := vocab.Lookup(name); !known && vocab.Full() {
					w.errorf(key, "events: code '%s' is one too many: the routines together can use at most %d event codes (the %d built-in ones included); reuse a built-in code (see docs/events.md) or remove unused codes", name, audit.MaxEventCodes, len(audit.BuiltinEvents))
					continue
				}
				vocab.Add(audit.EventType{Code: name, Meaning: w.str(val, "events", name), Rules: "routine " + f.Name})
			}
		}
		ps[i] = parsed{w, root, top}
	}
	seen := map[string]string{}
	var out []*audit.Routine
	for i, f := range files {
		p := ps[i]
		if p.root == nil {
			all = append(all, p.w.problems...)
			continue
		}
		rt := p.w.routine(p.top, p.root, vocab, opt, seen)
		rt.File = f.Name
		all = append(all, p.w.problems...)
		out = append(out, rt)
	}
	if len(all) > 0 {
		return nil, all.Sorted()
	}
	return out, nil
}

// rootKey returns the key node named key of root, a mapping, or nil.
func rootKey(root *yaml.Node, key string) *yaml.Node {
	if root == nil || root.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			return root.Content[i]
		}
	}
	return nil
}

func vocabKeys(n *yaml.Node) []string {
	var keys []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		keys = append(keys, n.Content[i].Value)
	}
	return keys
}

func (w *walker) routine(top map[string]*yaml.Node, root *yaml.Node, vocab *audit.Vocabulary, opt Options, seen map[string]string) *audit.Routine {
	rt := &audit.Routine{Vocabulary: vocab}
	rt.ID = w.str(top["routine"], "routine file", "routine")
	if rt.ID == "" {
		w.errorf(root, "routine file: field 'routine' (a short id such as paraply) is missing")
	} else if !routineID.MatchString(rt.ID) {
		w.errorf(top["routine"], "routine file: field 'routine': %q must be lower-case letters, digits and -", rt.ID)
	}
	rt.Title = w.str(top["title"], "routine file", "title")
	if rt.Title == "" {
		w.errorf(root, "routine file: field 'title' is missing")
	}
	rt.Version = w.str(top["version"], "routine file", "version")
	rt.Source = w.str(top["source"], "routine file", "source")
	if rt.Source == "" {
		w.errorf(root, "routine file: field 'source' (the source document) is missing")
	}
	rt.Municipality = w.str(top["municipality"], "routine file", "municipality")
	rt.Insats = w.insatsCodes(top["insats"], "routine file", "insats")
	if pv := top["privacy"]; pv != nil {
		m := w.mapping(pv, "privacy", "id", "title", "protected_identity", "source")
		rt.Privacy.ID = w.str(m["id"], "privacy", "id")
		rt.Privacy.Title = w.str(m["title"], "privacy", "title")
		if rt.Privacy.ID != "" {
			if prev, dup := seen[rt.Privacy.ID]; dup {
				w.errorf(m["id"], "privacy: duplicate id %q (first defined at %s)", rt.Privacy.ID, prev)
			} else {
				seen[rt.Privacy.ID] = fmt.Sprintf("%s:%d:%d", w.file, m["id"].Line, m["id"].Column)
			}
		}
		switch v := w.str(m["protected_identity"], "privacy", "protected_identity"); v {
		case "", "count_only":
			rt.Privacy.ProtectedCountOnly = true
		default:
			w.errorf(m["protected_identity"], "privacy: field 'protected_identity': unknown value %q; expected count_only", v)
		}
		rt.Privacy.Source = w.citation(m["source"], "privacy", rt.Privacy.ID != "")
	}
	closed := append([]audit.Holiday(nil), opt.ClosedDays...)
	var own []audit.Date
	if cal := top["calendar"]; cal != nil {
		m := w.mapping(cal, "calendar", "closed_days")
		for _, h := range w.closedDays(m["closed_days"], "calendar") {
			closed = append(closed, h)
			// A day the municipality's calendar file also closes is not the routine's own.
			if !slices.ContainsFunc(opt.ClosedDays, func(k audit.Holiday) bool { return k.Date == h.Date }) {
				own = append(own, h.Date)
			}
		}
	}
	slices.Sort(own)
	rt.Calendars = audit.Calendars{Vardag: audit.Vardagar(), Arbetsdag: audit.Vardagar(), Own: own}
	if len(closed) > 0 {
		rt.Calendars.Arbetsdag = audit.NewCalendar("arbetsdagar "+rt.ID, closed)
	}
	for _, rn := range w.list(top["rules"], "routine file", "rules") {
		r := w.rule(rn, rt, vocab, seen)
		if r != nil {
			rt.Rules = append(rt.Rules, r)
		}
	}
	if len(rt.Rules) == 0 {
		w.errorf(root, "routine file: no rules (field 'rules' is missing or empty)")
	}
	return rt
}

func (w *walker) citation(n *yaml.Node, where string, required bool) audit.Citation {
	if n == nil {
		if required {
			w.errorf(nil, "%s: field 'source' is missing: every rule must cite its source document and quote the sentence it comes from", where)
		}
		return audit.Citation{}
	}
	m := w.mapping(n, where+": source", sourceFields...)
	c := audit.Citation{Document: w.str(m["document"], where, "source.document"), Quote: w.str(m["quote"], where, "source.quote")}
	if required && c.Document == "" {
		w.errorf(n, "%s: field 'source.document' is missing: name the routine document", where)
	}
	if required && c.Quote == "" {
		w.errorf(n, "%s: field 'source.quote' is missing: quote the sentence the rule comes from", where)
	}
	return c
}

func (w *walker) event(n *yaml.Node, where, field string, vocab *audit.Vocabulary) audit.EventCode {
	name := w.str(n, where, field)
	if name == "" {
		return audit.NoEvent
	}
	c, ok := vocab.Lookup(name)
	if !ok {
		msg := fmt.Sprintf("%s: field '%s': unknown event '%s'", where, field, name)
		if s := audit.Nearest(name, vocab.Names()); s != "" {
			msg += fmt.Sprintf("; did you mean '%s'?", s)
		} else {
			msg += "; see docs/events.md or declare it under 'events:'"
		}
		w.errorf(n, "%s", msg)
	}
	return c
}

func (w *walker) field(n *yaml.Node, where, name string) audit.Field {
	switch v := w.str(n, where, name); v {
	case "", "date":
		return audit.FieldDate
	case "registered":
		return audit.FieldRegistered
	default:
		w.errorf(n, "%s: field '%s': unknown value %q; expected date or registered", where, name, v)
	}
	return audit.FieldDate
}

func (w *walker) deadline(n *yaml.Node, where, field string) audit.Deadline {
	s := w.str(n, where, field)
	if s == "" {
		return audit.Deadline{}
	}
	d, err := audit.ParseDeadline(s)
	if err != nil {
		w.errorf(n, "%s: field '%s': %v", where, field, err)
	}
	return d
}
