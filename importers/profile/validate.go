package profile

import (
	"fmt"

	"github.com/rutinkoll/rutinkoll/audit"
)

// Validate checks the profile's event codes against vocab (the built-in events plus
// those routine files add). Problems carry the profile's positions.
func (p *Profile) Validate(vocab *audit.Vocabulary) error {
	w := &walker{file: p.Source}
	p.checkEvents(w, vocab)
	if len(w.problems) > 0 {
		return w.problems.Sorted()
	}
	return nil
}

// checkEvents adds a problem to w for each event code of p that vocab does not know.
func (p *Profile) checkEvents(w *walker, vocab *audit.Vocabulary) {
	check := func(code string, pos Pos, where string) {
		if _, ok := vocab.Lookup(code); ok {
			return
		}
		msg := fmt.Sprintf("%s: unknown event code %q", where, code)
		if s := audit.Nearest(code, vocab.Names()); s != "" {
			msg += fmt.Sprintf("; did you mean '%s'?", s)
		} else {
			msg += "; see docs/events.md for the event codes (a code that a routine file of yours adds counts when that file is given with --routines)"
		}
		w.errorAt(pos, "%s", msg)
	}
	checkMap := func(c *Column, where string) {
		if c == nil || c.Values == nil {
			return
		}
		for i, to := range c.Values.To {
			check(to, c.Values.positions[i], where)
		}
	}
	checkMap(p.Columns.Event, "columns.event.values")
	for i := range p.Events {
		e := &p.Events[i]
		where := fmt.Sprintf("events[%d].event", i+1)
		if e.Code != "" {
			check(e.Code, e.Pos, where)
		}
		checkMap(e.EventColumn, where+".values")
	}
}
