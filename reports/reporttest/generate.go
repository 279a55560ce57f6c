package reporttest

import (
	"fmt"
	"math/rand/v2"

	"github.com/rutinkoll/rutinkoll/audit"
)

// utforare are the fixture's utförare with their weights: some large, some small enough
// to be marked uncertain, one a formula.
var utforare = []struct {
	name   string
	weight int
}{
	{"Omsorg Åkersberga AB", 9},
	{"Hemtjänst Öst", 8},
	{"Hemtjänst Väst (egen regi)", 7},
	{"Solängens vård- och omsorgsboende", 5},
	{"Boendestöd Söderort", 4},
	{"Ängby Omsorg AB", 2},
	{"Lilla Hjälpen ekonomisk förening", 1},
	{InjectionUtforare, 1},
}

var enheter = []string{"Biståndsenheten Norr", "Biståndsenheten Syd", "Boendesamordningen", InjectionEnhet}

var insatser = []string{"hemtjanst", "boendestod", "vard_och_omsorgsboende"}

// scenario is what the fixture makes happen for one rule of one case.
type scenario uint8

const (
	onTime scenario = iota
	late
	veryLate
	missing
	pending
	dataError
	skip
)

// mix is the cycle of scenarios: mostly on time, some late, a few of everything else.
var mix = [...]scenario{
	onTime, late, onTime, onTime, missing, onTime, veryLate, onTime, pending, onTime,
	late, onTime, dataError, onTime, late, onTime, skip, onTime, missing, late,
}

// generator makes synthetic cases. line is the last event row of the events file;
// taken are its rows that were rejected, which no event may claim.
type generator struct {
	asof   audit.Date
	line   int32
	taken  map[int32]bool
	events int
}

// caseBuilder holds one case being generated.
type caseBuilder struct {
	g     *generator
	c     audit.Case
	rng   *rand.Rand
	start audit.Date
	rules []*audit.Rule // the rules in scope of the case
}

func (g *generator) makeCase(i int, rts []*audit.Routine) audit.Case {
	rng := rand.New(rand.NewPCG(20261031, uint64(i)))
	b := &caseBuilder{g: g, rng: rng}
	c := &b.c
	id := fmt.Sprintf("ÄR-2026-%05d", i+1)
	if i == 7 {
		id = InjectionCaseID
	}
	c.SetTexts(id, pseudonym(i), "")
	c.Insats = audit.MakeName(insatser[(i+rng.IntN(2))%len(insatser)])
	c.Utforare = audit.MakeName(pickUtforare(rng))
	c.Enhet = audit.MakeName(enheter[rng.IntN(len(enheter)-1)])
	if i%37 == 11 {
		c.Enhet = audit.MakeName(InjectionEnhet)
	}
	c.Gender = "KM"[i%2]
	c.Frequency = audit.Frequency(rng.IntN(5))
	if rng.IntN(2) == 0 {
		c.Flags |= audit.FlagNyKund
	}
	if i%23 == 5 {
		c.Flags |= audit.FlagSkyddad
	}
	if c.Utforare.String() == "Lilla Hjälpen ekonomisk förening" {
		c.Flags |= audit.FlagExternUtforare
	}
	c.Source = audit.Source{File: 0, Line: int32(i + 2)}
	b.start = g.asof - 25 - audit.Date(rng.IntN(170))
	if i%5 == 0 {
		fs := b.start + 10 + audit.Date(rng.IntN(30))
		b.add(audit.EventFranvaroStart, fs)
		if end := fs + 5 + audit.Date(rng.IntN(50)); end <= g.asof {
			b.add(audit.EventFranvaroSlut, end)
		}
	}
	for _, rt := range rts {
		if rt.InScope(c.Insats.String()) {
			b.rules = append(b.rules, rt.Rules...)
		}
	}
	for k, r := range b.rules {
		b.rule(r, mix[(i*7+k*3)%len(mix)])
	}
	c.SortEvents()
	return *c
}

func pickUtforare(rng *rand.Rand) string {
	total := 0
	for _, u := range utforare {
		total += u.weight
	}
	n := rng.IntN(total)
	for _, u := range utforare {
		if n < u.weight {
			return u.name
		}
		n -= u.weight
	}
	return utforare[0].name
}

// pseudonym returns a stable pseudonym in the importers' style: "P-" and ten Crockford
// base32 characters, the first always a letter so it can never read as a number.
func pseudonym(i int) string {
	const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	h := uint64(hash(fmt.Sprint("person", i)))<<32 | uint64(hash(fmt.Sprint(i, "person")))
	b := []byte("P-")
	b = append(b, crockford[10+h%22])
	for j := 0; j < 9; j++ {
		h /= 32
		b = append(b, crockford[h%32])
	}
	return string(b)
}

// find returns the case's first event of code, or nil.
func (b *caseBuilder) find(code audit.EventCode) *audit.Event {
	for i := range b.c.Events {
		if b.c.Events[i].Code == code {
			return &b.c.Events[i]
		}
	}
	return nil
}

// add appends an event registered zero to two days after it happened.
func (b *caseBuilder) add(code audit.EventCode, d audit.Date) *audit.Event {
	b.g.line++
	for b.g.taken[b.g.line] {
		b.g.line++
	}
	b.g.events++
	b.c.Events = append(b.c.Events, audit.Event{Code: code, Date: d, File: 1, Line: b.g.line})
	e := &b.c.Events[len(b.c.Events)-1]
	b.c.SetRegistered(e, d+audit.Date(b.rng.IntN(3)))
	return e
}

// ensure returns the first event of code, adding one near d when there is none.
func (b *caseBuilder) ensure(code audit.EventCode, d audit.Date) *audit.Event {
	if e := b.find(code); e != nil {
		return e
	}
	return b.add(code, b.place(code, d))
}

// place moves d so that a new event of code keeps the events other rules placed in
// order: not before the start event of a rule it ends, not after the end event of a
// rule it starts. Only the fixture's data errors put events out of order.
func (b *caseBuilder) place(code audit.EventCode, d audit.Date) audit.Date {
	for _, r := range b.rules {
		if f := b.find(r.From); r.To == code && r.From != code && f != nil && d < f.Date {
			d = f.Date
		}
	}
	for _, r := range b.rules {
		if t := b.find(r.To); r.From == code && r.To != code && t != nil && d > t.Date {
			d = t.Date
		}
	}
	return d
}

// fromDate is where a rule's start event goes when the case has none yet.
func (b *caseBuilder) fromDate(s scenario) audit.Date {
	if s == pending {
		return b.g.asof - audit.Date(b.rng.IntN(2))
	}
	return b.start + audit.Date(b.rng.IntN(15))
}

// rule adds the events that make rule r come out as scenario s, as far as the events
// other rules already placed allow.
func (b *caseBuilder) rule(r *audit.Rule, s scenario) {
	if s == skip && b.find(r.From) == nil {
		return
	}
	switch r.Kind {
	case audit.KindDuration, audit.KindEscalation:
		b.duration(r, s)
	case audit.KindRecurring:
		b.recurring(r, s)
	case audit.KindPrecedence:
		b.precedence(r, s)
	case audit.KindCompleteness:
		b.completeness(r, s)
	case audit.KindRotation:
		e := b.ensure(r.From, b.fromDate(s))
		if r.AreaDetail != "" && b.c.DetailsOf(e) == "" {
			b.c.SetDetails(e, r.AreaDetail+"="+b.c.Enhet.String())
		}
	}
}

func (b *caseBuilder) duration(r *audit.Rule, s scenario) {
	dl := r.Deadline
	if len(r.ByFrequency) > 0 {
		d, ok := r.ByFrequency[b.c.Frequency]
		if !ok {
			return
		}
		dl = d
	}
	if eff, local := r.EffectiveDeadline(); local {
		dl = eff
	}
	from := b.ensure(r.From, b.fromDate(s))
	start := b.fieldDate(from, r.FromField)
	if start == audit.NoDate {
		return
	}
	due := start + audit.Date(b.rng.IntN(5))
	if dl.IsDated() {
		cals := audit.DefaultCalendars()
		if r.Routine != nil && r.Routine.Calendars.Vardag != nil {
			cals = r.Routine.Calendars
		}
		due = dl.Due(start, cals, r.RollForward)
	}
	var t audit.Date
	switch s {
	case onTime:
		t = due - audit.Date(b.rng.IntN(int(max(due-start, 0))+1))
	case late:
		t = due + 1 + audit.Date(b.rng.IntN(10))
	case veryLate:
		t = due + 20 + audit.Date(b.rng.IntN(60))
	case dataError:
		if r.To == r.From && r.ToField == audit.FieldRegistered {
			b.c.SetRegistered(from, audit.NoDate)
			return
		}
		t = start - 1 - audit.Date(b.rng.IntN(5))
	default:
		return
	}
	if r.To == r.From {
		if r.ToField == audit.FieldRegistered {
			b.c.SetRegistered(from, t)
		}
		return
	}
	if b.find(r.To) != nil {
		return
	}
	e := b.add(r.To, t)
	if r.ToField == audit.FieldRegistered {
		e.Date = t - audit.Date(b.rng.IntN(3))
		b.c.SetRegistered(e, t)
	}
}

func (b *caseBuilder) recurring(r *audit.Rule, s scenario) {
	p := r.Deadline.Recurring
	anchor := b.ensure(r.From, b.start).Date
	if r.To == r.From || s == missing || s == pending || s == dataError {
		return
	}
	d := anchor
	for i := 0; i < 40; i++ {
		next := p.Next(d) - audit.Date(b.rng.IntN(5))
		if i == 0 && (s == late || s == veryLate) {
			next = p.Next(d) + 3 + audit.Date(b.rng.IntN(20))
		}
		if next > b.g.asof {
			return
		}
		b.add(r.To, next)
		d = next
	}
}

func (b *caseBuilder) precedence(r *audit.Rule, s scenario) {
	d := b.ensure(r.From, b.fromDate(s)).Date
	to := b.ensure(r.To, d)
	from := b.find(r.From) // ensure may have moved the events
	if b.c.Registered(from) == audit.NoDate {
		b.c.SetRegistered(from, from.Date)
	}
	// diff is the wanted to − from: not negative when in order. Move a registration
	// date rather than an event date, which other rules count from.
	diff := audit.Date(b.rng.IntN(2))
	switch s {
	case late, veryLate:
		diff = -1 - audit.Date(b.rng.IntN(5))
	case dataError:
		if r.FromField == audit.FieldRegistered {
			b.c.SetRegistered(from, audit.NoDate)
		} else if r.ToField == audit.FieldRegistered {
			b.c.SetRegistered(to, audit.NoDate)
		}
		return
	}
	switch {
	case r.FromField == audit.FieldRegistered:
		b.c.SetRegistered(from, b.fieldDate(to, r.ToField)-diff)
	case r.ToField == audit.FieldRegistered:
		b.c.SetRegistered(to, from.Date+diff)
	case to != from:
		// Details and registration dates are kept by the event's date: they are
		// set again after it moves.
		d, reg := b.c.DetailsOf(to), b.c.Registered(to)
		b.c.SetDetails(to, "")
		b.c.SetRegistered(to, audit.NoDate)
		to.Date = from.Date + diff
		b.c.SetRegistered(to, reg)
		b.c.SetDetails(to, d)
	}
}

func (b *caseBuilder) completeness(r *audit.Rule, s scenario) {
	e := b.ensure(r.From, b.fromDate(s))
	if b.c.DetailsOf(e) != "" {
		return
	}
	var d string
	for i, k := range r.Required {
		if (s == late || s == missing) && i == len(r.Required)-1 {
			continue
		}
		if d != "" {
			d += "|"
		}
		d += k + "=registrerad"
	}
	b.c.SetDetails(e, d)
}

func (b *caseBuilder) fieldDate(e *audit.Event, f audit.Field) audit.Date {
	if f == audit.FieldRegistered {
		return b.c.Registered(e)
	}
	return e.Date
}
