package ivo

import (
	"cmp"
	"slices"

	"github.com/rutinkoll/rutinkoll/audit"
)

// codes are the event codes the IVO report reads.
type codes struct {
	beslut, paborjad, avbrott, avbrottSlut, avslut, erbjudande, svarJa, svarNej audit.EventCode
}

// builtinCodes looks the codes up in the built-in vocabulary; built-in events have the
// same code in every Vocabulary, since NewVocabulary adds them first and in order.
func builtinCodes() codes {
	v := audit.NewVocabulary()
	get := func(name string) audit.EventCode {
		c, ok := v.Lookup(name)
		if !ok {
			panic("ivo: no built-in event " + name) // caught by the package tests
		}
		return c
	}
	return codes{
		beslut: get("beslut"), paborjad: get("insats_paborjad"), avbrott: get("avbrott"),
		avbrottSlut: get("avbrott_slut"), avslut: get("avslut"), erbjudande: get("erbjudande"),
		svarJa: get("svar_ja"), svarNej: get("svar_nej"),
	}
}

// has reports whether c is one of the events the report is built from.
func (k codes) has(c audit.EventCode) bool {
	switch c {
	case k.beslut, k.paborjad, k.avbrott, k.avbrottSlut, k.avslut, k.erbjudande, k.svarJa, k.svarNej:
		return true
	}
	return false
}

// episode is a stretch of time during which a beslut is not verkställt: from the beslut
// until the insats starts, or from an avbrott until it resumes; either ends early when
// the case is avslutat.
type episode struct {
	start    audit.Date
	avbrott  bool         // started by an avbrott, not by the beslut
	reasonEv *audit.Event // the event whose skal=… gives the reason
	end      audit.Date   // NoDate while open
	how      Closure
	endNote  string
	offers   []Offer
}

// trigger returns the first day the episode is reportable: "minst tre månader + 1 dag"
// after its start (beslut 2026-01-15 → 2026-04-16).
func (e *episode) trigger() audit.Date { return e.start.AddMonths(3) + 1 }

// caseEpisodes reads a case's events up to and including last (the quarter's end) into
// episodes. beslut is the case's (first) beslut event, nil if it has none.
func caseEpisodes(c *audit.Case, k codes, last audit.Date) (eps []episode, beslut *audit.Event, issues []IssueKind) {
	cur := -1 // index of the open episode
	started := false
	var first *audit.Event
	closeCur := func(d audit.Date, how Closure) {
		eps[cur].end, eps[cur].how = d, how
		cur = -1
	}
	noteIssue := func(k IssueKind) {
		for _, x := range issues {
			if x == k {
				return
			}
		}
		issues = append(issues, k)
	}
	// A later beslut, made after the first was verkställd: the list follows the first
	// only, so one left without verkställighet for three months is pointed out.
	var later *audit.Event
	laterStarted := false
	ended := audit.NoDate // the avslut, if the case ended by last
	order := beslutFirstOfDay(c.Events, k.beslut)
events:
	for j := range c.Events {
		i := j
		if order != nil {
			i = order[j]
		}
		e := &c.Events[i]
		if e.Date > last {
			break // Events are sorted by date
		}
		if e.Code == k.beslut {
			if first != nil {
				noteIssue(IssueSeveralBeslut)
				if started && later == nil && e.Date > first.Date {
					later = e
				}
				continue
			}
			first = e
			eps = append(eps, episode{start: e.Date, reasonEv: e, end: audit.NoDate})
			cur = 0
			continue
		}
		if first == nil {
			continue // events before the beslut do not concern it
		}
		switch e.Code {
		case k.paborjad:
			if later != nil {
				laterStarted = true
			}
			if cur >= 0 {
				how := Verkstalld
				if eps[cur].avbrott {
					how = Aterupptagen
				}
				closeCur(e.Date, how)
			}
			started = true
		case k.avbrott:
			if cur >= 0 || !started {
				noteIssue(IssueAvbrottUnpaired)
				continue
			}
			eps = append(eps, episode{start: e.Date, avbrott: true, reasonEv: e, end: audit.NoDate})
			cur = len(eps) - 1
		case k.avbrottSlut:
			if cur < 0 || !eps[cur].avbrott {
				noteIssue(IssueAvbrottUnpaired)
				continue
			}
			closeCur(e.Date, Aterupptagen)
		case k.avslut:
			ended = e.Date
			if cur >= 0 {
				eps[cur].endNote, _ = c.Detail(e, "orsak")
				closeCur(e.Date, Avslutad)
			}
			break events
		case k.erbjudande:
			if cur >= 0 {
				eps[cur].offers = append(eps[cur].offers, Offer{Date: e.Date, Declined: audit.NoDate, Accepted: audit.NoDate})
			}
		case k.svarNej, k.svarJa:
			if cur < 0 || len(eps[cur].offers) == 0 {
				continue
			}
			o := &eps[cur].offers[len(eps[cur].offers)-1]
			if o.Declined != audit.NoDate || o.Accepted != audit.NoDate {
				continue // already answered
			}
			if e.Code == k.svarNej {
				o.Declined = e.Date
			} else {
				o.Accepted = e.Date
			}
		}
	}
	if first == nil {
		return nil, nil, nil
	}
	if later != nil && !laterStarted {
		// Reportable three months and a day after it, unless the case ended before.
		if t := later.Date.AddMonths(3) + 1; t <= last && (ended == audit.NoDate || t <= ended) {
			noteIssue(IssueLaterBeslutOpen)
		}
	}
	return eps, first, issues
}

// beslutFirstOfDay returns the order to read evs in so that every beslut comes before
// the other events of its day (events of a day keep their input order, and a row of
// insats_paborjad may come before the beslut it verkställer), or nil when they already do.
func beslutFirstOfDay(evs []audit.Event, beslut audit.EventCode) []int {
	needed := false
	for i := 1; i < len(evs) && !needed; i++ {
		needed = evs[i].Code == beslut && evs[i-1].Code != beslut && evs[i-1].Date == evs[i].Date
	}
	if !needed {
		return nil
	}
	order := make([]int, len(evs))
	for i := range order {
		order[i] = i
	}
	// Events are sorted by date: within a day, beslut first, else as they came.
	notBeslut := func(i int) int {
		if evs[i].Code == beslut {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(evs[a].Date, evs[b].Date); c != 0 {
			return c
		}
		return cmp.Compare(notBeslut(a), notBeslut(b))
	})
	return order
}

// classify places an episode in one of the quarter's lists, or reports that it does
// not belong to the quarter's report (not yet reportable, verkställd within three
// months, or closed before the quarter).
func classify(e *episode, q Quarter) (l List, firstReport, ok bool) {
	qs, qe := q.Start(), q.End()
	trig := e.trigger()
	switch {
	case trig > qe:
		return 0, false, false
	case e.end == audit.NoDate && trig >= qs:
		return New, true, true
	case e.end == audit.NoDate:
		return Ongoing, false, true
	case e.end < trig || e.end < qs:
		// Verkställd within three months (the day before the trigger at the latest), or
		// closed in an earlier quarter.
		return 0, false, false
	}
	return Closed, trig >= qs, true
}
