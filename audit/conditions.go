package audit

import "slices"

// conditionHolds reports whether the case meets the rule's conditions, and if not, why
// (in Swedish, for the report).
// Texts that name a value come from rc (nil: built each time).
func conditionHolds(c *Case, r *Rule, asof Date, rc *reasonCache) (string, bool) {
	w := &r.When
	if len(w.Insats) > 0 && !slices.Contains(w.Insats, c.Insats.String()) {
		return rc.cat("gäller inte insatsen ", c.Insats.String(), ""), false
	}
	if w.NyKund != nil && (c.Flags&FlagNyKund != 0) != *w.NyKund {
		if *w.NyKund {
			return "gäller endast ny kund", false
		}
		return "gäller inte ny kund", false
	}
	if w.ExternUtforare != nil && (c.Flags&FlagExternUtforare != 0) != *w.ExternUtforare {
		if *w.ExternUtforare {
			return "gäller endast utförare utan regionens verksamhetssystem", false
		}
		return "gäller inte utförare utan regionens verksamhetssystem", false
	}
	if len(w.Frequency) > 0 {
		if !slices.Contains(w.Frequency, c.Frequency) {
			if c.Frequency == FreqUnknown {
				return "insatsens frekvens okänd", false
			}
			return rc.cat("gäller inte frekvensen ", c.Frequency.String(), ""), false
		}
	}
	if w.FranvaroLongerThan > 0 {
		start := EventFranvaroStart
		long := false
		for i := range c.Events {
			if c.Events[i].Date > asof {
				break
			}
			if c.Events[i].Code == start && franvaroLength(c, i, asof) > w.FranvaroLongerThan {
				long = true
				break
			}
		}
		if !long {
			return "ingen frånvaro längre än villkoret", false
		}
	}
	return "", true
}

// franvaroLength returns the length in days of the frånvaro starting at event i: to the
// next franvaro_slut, or to the brytdatum while it lasts.
func franvaroLength(c *Case, i int, asof Date) int {
	start := c.Events[i].Date
	slut := EventFranvaroSlut
	for j := i + 1; j < len(c.Events); j++ {
		e := &c.Events[j]
		if e.Date > asof {
			break
		}
		if e.Code == slut {
			return int(e.Date - start)
		}
	}
	// Still away on the brytdatum: the brytdatum is a day of absence too.
	return int(asof-start) + 1
}

// franvaroDays counts the days in (from, to] on which the case was absent.
func franvaroDays(c *Case, startCode EventCode, from, to, asof Date, cal *Calendar) int {
	n := 0
	for i := range c.Events {
		e := &c.Events[i]
		if e.Date > asof {
			break
		}
		if e.Code != startCode {
			continue
		}
		// Absent from the start day up to the day before franvaro_slut (the day the
		// person is back), or through the brytdatum while the absence lasts.
		s := e.Date
		last := s + Date(franvaroLength(c, i, asof)) - 1
		if last < s {
			last = s
		}
		lo, hi := max(s, from+1), min(last, to)
		for d := lo; d <= hi; d++ {
			if cal == nil || cal.IsVardag(d) {
				n++
			}
		}
	}
	return n
}

// pauseFranvaro moves a deadline later by the frånvaro days between start and the
// deadline, counting in the deadline's own unit, until no further absence falls inside.
func pauseFranvaro(c *Case, r *Rule, dl Deadline, start, due Date, cals Calendars, asof Date) Date {
	code := EventFranvaroStart
	var cal *Calendar
	if dl.CountsWorkdays() {
		cal = cals.Vardag
		if dl.UsesArbetsdagar() {
			cal = cals.Arbetsdag
		}
	}
	counted := 0
	for iter := 0; iter < 32; iter++ {
		n := franvaroDays(c, code, start, due, asof, cal)
		if n == counted {
			break
		}
		extra := n - counted
		counted = n
		if cal != nil {
			due = cal.AddVardagar(due, extra)
		} else {
			due += Date(extra)
		}
	}
	return due
}

// reasonCache holds reason texts built from parts, so that millions of verdicts with
// the same reason do not build it again each time. A few recent texts sit in front of
// the map: most verdicts of a case repeat one reason (its insats, rule by rule), and
// parts that are the same strings compare without reading their bytes.
type reasonCache struct {
	index  map[[3]string]string
	recent [16]recentReason
}

type recentReason struct {
	parts [3]string
	text  string
}

// newReasonCache returns an empty cache.
func newReasonCache() *reasonCache { return &reasonCache{index: map[[3]string]string{}} }

// cat returns a + b + c; rc may be nil (built each time).
func (rc *reasonCache) cat(a, b, c string) string {
	if rc == nil {
		return a + b + c
	}
	k := [3]string{a, b, c}
	slot := &rc.recent[(len(a)+3*len(b)+7*len(c))%len(rc.recent)]
	if slot.text != "" && slot.parts == k {
		return slot.text
	}
	s, ok := rc.index[k]
	if !ok {
		s = a + b + c
		rc.index[k] = s
	}
	*slot = recentReason{k, s}
	return s
}
