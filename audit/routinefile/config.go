package routinefile

import (
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/rutinkoll/rutinkoll/audit"
)

// ParseCalendar parses a calendar file: a municipality's extra closed days, which
// every routine's arbetsdagar calendar then skips.
//
//	closed_days:
//	  - {date: 2026-05-15, name: "klämdag"}
func ParseCalendar(f File) ([]audit.Holiday, error) {
	w := &walker{file: f.Name}
	root := w.document(f.Data)
	if root == nil {
		return nil, w.problems
	}
	where := "calendar file"
	if isRoutineFile(root) {
		// A routine file's calendar: block is a calendar too (frist --calendar).
		rm := w.mapping(root, "routine file", routineFields...)
		if rm["calendar"] == nil {
			w.errorf(root, "this is a routine file without a calendar: block; a calendar file holds the municipality's closed days (closed_days: - {date: 2026-05-15, name: klämdag}); see docs/routine-format.md")
			return nil, w.problems.Sorted()
		}
		root, where = rm["calendar"], "calendar"
	}
	m := w.mapping(root, where, "closed_days")
	out := w.closedDays(m["closed_days"], where)
	if len(w.problems) > 0 {
		return nil, w.problems.Sorted()
	}
	return out, nil
}

// ApplyPolicy parses a local policy file and sets the numbers it gives on rules whose
// routine says only "omgående". Reports then say the number is local policy.
//
//	rules:
//	  SOL-BS-10: {deadline: "5 vardagar", note: "Beslut i nämnden 2026-02-12 § 14"}
func ApplyPolicy(f File, routines []*audit.Routine) error {
	w := &walker{file: f.Name}
	root := w.document(f.Data)
	if root == nil {
		return w.problems
	}
	byID := map[string]*audit.Rule{}
	var ids []string
	for _, rt := range routines {
		for _, r := range rt.Rules {
			byID[r.ID] = r
			ids = append(ids, r.ID)
		}
	}
	m := w.mapping(root, "policy file", "rules")
	rules := m["rules"]
	if rules == nil {
		w.errorf(root, "policy file: field 'rules' is missing")
		return w.problems
	}
	for id, n := range w.mapping(rules, "policy file: rules", vocabKeys(rules)...) {
		where := fmt.Sprintf("policy for rule %q", id)
		r, ok := byID[id]
		if !ok {
			msg := fmt.Sprintf("%s: no such rule is loaded", where)
			if s := audit.Nearest(id, ids); s != "" {
				msg += fmt.Sprintf("; did you mean '%s'?", s)
			}
			w.errorf(n, "%s", msg)
			continue
		}
		pm := w.mapping(n, where, "deadline", "note")
		dl := w.deadline(pm["deadline"], where, "deadline")
		switch {
		case pm["deadline"] == nil:
			w.errorf(n, "%s: field 'deadline' is missing", where)
		case !r.Deadline.LeadTime:
			w.errorf(pm["deadline"], "%s: the routine already sets the deadline %q; local policy may only give a number where the routine says \"omgående\"", where, r.Deadline.String())
		case !dl.IsDated():
			w.errorf(pm["deadline"], "%s: field 'deadline': a local policy needs a dated deadline such as \"5 vardagar\"", where)
		default:
			r.Policy = &audit.LocalPolicy{Deadline: dl, Source: f.Name, Note: w.str(pm["note"], where, "note")}
			r.RollForward = dl.CountsWorkdays()
		}
	}
	if len(w.problems) > 0 {
		return w.problems.Sorted()
	}
	return nil
}

// isRoutineFile reports whether root has a routine file's 'routine' or 'rules' field.
func isRoutineFile(root *yaml.Node) bool {
	return rootKey(root, "routine") != nil || rootKey(root, "rules") != nil
}

// closedDays reads a calendar's closed_days list (where: "calendar file" or "calendar"):
// each a mapping of date and name. A bare date, a date twice, or a Saturday or Sunday
// (never an arbetsdag anyway: most likely a wrong date) is a problem.
func (w *walker) closedDays(n *yaml.Node, where string) []audit.Holiday {
	var out []audit.Holiday
	first := map[audit.Date]int{} // date → line of its first entry
	what := where + ": closed day"
	for _, d := range w.list(n, where, "closed_days") {
		if d.Kind == yaml.ScalarNode {
			if _, err := audit.ParseDate(d.Value); err == nil {
				w.errorf(d, "%s: write it with its name, as in - {date: %s, name: klämdag}", what, d.Value)
				continue
			}
		}
		dm := w.mapping(d, what, "date", "name")
		if dm["date"] == nil {
			if d.Kind == yaml.MappingNode {
				w.errorf(d, "%s: field 'date' is missing", what)
			}
			continue
		}
		date := w.date(dm["date"], what, "date")
		if date == audit.NoDate {
			continue
		}
		if line, dup := first[date]; dup {
			w.errorf(dm["date"], "%s: %s is listed twice (first on line %d): keep one", what, date, line)
			continue
		}
		first[date] = dm["date"].Line
		if wd := date.Weekday(); wd == time.Saturday || wd == time.Sunday {
			w.errorf(dm["date"], "%s: %s is a %s, never an arbetsdag anyway: correct the date, or remove the line", what, date, swedishWeekday[wd])
			continue
		}
		name := w.str(dm["name"], what, "name")
		if name == "" {
			name = "stängd dag"
		}
		out = append(out, audit.Holiday{Date: date, Name: name})
	}
	return out
}

var swedishWeekday = map[time.Weekday]string{time.Saturday: "lördag", time.Sunday: "söndag"}
