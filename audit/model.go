package audit

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Flags are yes/no facts about a case that rule conditions test.
type Flags uint8

// The case flags.
const (
	FlagNyKund         Flags = 1 << iota // ny kund: the person is new to the utförare
	FlagSkyddad                          // skyddade personuppgifter
	FlagExternUtforare                   // the utförare works outside the region's system (GOT-13)
)

var flagNames = []struct {
	f    Flags
	name string
}{{FlagNyKund, "ny_kund"}, {FlagSkyddad, "skyddad"}, {FlagExternUtforare, "extern_utforare"}}

// ParseFlag returns the flag named name ("ny_kund", "skyddad", "extern_utforare").
func ParseFlag(name string) (Flags, bool) {
	for _, f := range flagNames {
		if f.name == name {
			return f.f, true
		}
	}
	return 0, false
}

// FlagNames returns the valid flag names.
func FlagNames() []string {
	out := make([]string, len(flagNames))
	for i, f := range flagNames {
		out[i] = f.name
	}
	return out
}

// String lists the set flags separated by '|'.
func (f Flags) String() string {
	var parts []string
	for _, n := range flagNames {
		if f&n.f != 0 {
			parts = append(parts, n.name)
		}
	}
	return strings.Join(parts, "|")
}

// Frequency is how often an insats is given, as its beslut states (GOT-02, GOT-03).
type Frequency uint8

// The insats frequencies.
const (
	FreqUnknown Frequency = iota
	FreqDaglig
	FreqVarjeVecka
	FreqVarannanVecka
	FreqVarjeManad
)

var freqNames = []string{"", "daglig", "varje_vecka", "varannan_vecka", "varje_manad"}

// ParseFrequency returns the frequency named name; "" is FreqUnknown.
func ParseFrequency(name string) (Frequency, bool) {
	for i, n := range freqNames {
		if n == name {
			return Frequency(i), true
		}
	}
	return FreqUnknown, false
}

// FrequencyNames returns the valid frequency names.
func FrequencyNames() []string { return append([]string(nil), freqNames[1:]...) }

// String returns the frequency's name.
func (f Frequency) String() string {
	if int(f) < len(freqNames) {
		return freqNames[f]
	}
	return ""
}

// Source points at the input row an event or case came from.
type Source struct {
	File int32 // index into Dataset.Files
	Line int32 // 1-based line (row) number
}

// MaxFiles is the most input files one data set can hold: an event keeps its file's
// index in 16 bits.
const MaxFiles = 1 << 16

// Event is one dated step of a case. It holds no pointers (its details live in the
// case, see Case.DetailsOf), so millions of events cost the garbage collector nothing
// to scan. Its row is kept as File and Line rather than a Source, its details are found
// by its row rather than by an index, and its registration date is kept as days after
// its date in one byte (Case.Registered), so that it takes 12 bytes rather than 24: at
// ten million events that is 120 MB less memory to write (see docs/benchmarks.md).
type Event struct {
	Date Date      // when it happened
	Line int32     // 1-based line (row) number in its file
	File uint16    // index into Dataset.Files (see MaxFiles)
	Code EventCode //
	// reg is the registration date: regNone (the zero Event has none), regFar (kept
	// in the case's EventDetails), or regBias plus its days after Date.
	reg uint8
}

// The values of Event.reg. Registration dates from 64 days before the event's date to
// 189 after it are kept in the event: registration mostly follows the event by days.
const (
	regNone = 0
	regFar  = 1
	regBias = 66
	regMin  = 2 - regBias
	regMax  = math.MaxUint8 - regBias
)

// EventDetails are what one event of a case has besides its Event, which they name by
// its code, row and date: one row holds one event of a code on a date (two are
// duplicates). Few events have any. A case keeps them sorted by row, code and date, so
// that a case with many is not searched from the start for each.
type EventDetails struct {
	Code EventCode
	File uint16
	Line int32
	Date Date
	Text string // key=value pairs separated by '|'
	// Registered is the event's registration date when it is too far from its date
	// to be kept in the Event (see Case.SetRegistered); NoDate otherwise.
	Registered Date
}

// detailsKey is what EventDetails are found and ordered by: their event's row, code
// and date.
type detailsKey struct {
	file uint16
	line int32
	code EventCode
	date Date
}

func keyOf(e *Event) detailsKey         { return detailsKey{e.File, e.Line, e.Code, e.Date} }
func (d *EventDetails) key() detailsKey { return detailsKey{d.File, d.Line, d.Code, d.Date} }

func (k detailsKey) compare(o detailsKey) int {
	return cmp.Or(cmp.Compare(k.file, o.file), cmp.Compare(k.line, o.line), cmp.Compare(k.code, o.code), cmp.Compare(k.date, o.date))
}

// findDetails returns where e's details are, or would be, in c's sorted list.
func (c *Case) findDetails(e *Event) (int, bool) {
	ds, k := *c.Details, keyOf(e)
	if n := len(ds); n > 0 && ds[n-1].key().compare(k) < 0 {
		return n, false // after the last: the usual order of reading
	}
	return slices.BinarySearchFunc(ds, k, func(d EventDetails, k detailsKey) int { return d.key().compare(k) })
}

// Source returns the input row e came from.
func (e Event) Source() Source { return Source{File: int32(e.File), Line: e.Line} }

// SetSource makes s the input row e came from. s.File must be below MaxFiles.
func (e *Event) SetSource(s Source) { e.File, e.Line = uint16(s.File), s.Line }

// details returns the EventDetails of e, an event of c, or nil.
func (c *Case) details(e *Event) *EventDetails {
	if c.Details == nil {
		return nil
	}
	if i, ok := c.findDetails(e); ok {
		return &(*c.Details)[i]
	}
	return nil
}

// setDetails sets one part of e's entry in c's details — its text when setText,
// else its far registration date — keeping the other, in one search of the list: the
// entry is made when it gains a part and dropped when it has none left.
func (c *Case) setDetails(e *Event, setText bool, text string, far Date) {
	i := 0
	if c.Details != nil {
		var found bool
		if i, found = c.findDetails(e); found {
			ds := *c.Details
			if setText {
				ds[i].Text = text
			} else {
				ds[i].Registered = far
			}
			if ds[i].Text != "" || ds[i].Registered != NoDate {
				return
			}
			if ds = slices.Delete(ds, i, i+1); len(ds) == 0 {
				c.Details = nil
			} else {
				*c.Details = ds
			}
			return
		}
	}
	if !setText {
		text = ""
	} else {
		far = NoDate
	}
	if text == "" && far == NoDate {
		return
	}
	d := EventDetails{Code: e.Code, File: e.File, Line: e.Line, Date: e.Date, Text: text, Registered: far}
	if c.Details == nil {
		c.Details = &[]EventDetails{d}
		return
	}
	*c.Details = slices.Insert(*c.Details, i, d)
}

// AppendDetails adds the event details of from, another part of the same case (read
// from another block of a file, say), to c's, keeping them sorted. from's list may
// become c's: from is not to be used after.
func (c *Case) AppendDetails(from *Case) {
	switch {
	case from.Details == nil || len(*from.Details) == 0:
	case c.Details == nil || len(*c.Details) == 0:
		c.Details = from.Details
	default:
		ds := append(*c.Details, *from.Details...)
		if n := len(*c.Details); ds[n-1].key().compare(ds[n].key()) >= 0 {
			// from's rows are not all after c's: sorted again (keys are unique).
			slices.SortFunc(ds, func(a, b EventDetails) int { return a.key().compare(b.key()) })
		}
		*c.Details = ds
	}
}

// DetailsOf returns the details of e, an event of c: key=value pairs separated by
// '|', or "". They are found by e's code, row and date, so an event whose date is
// changed after SetDetails has none until they are set again.
func (c *Case) DetailsOf(e *Event) string {
	if d := c.details(e); d != nil {
		return d.Text
	}
	return ""
}

// SetDetails gives e, an event of c, the details s (key=value pairs separated by
// '|'); "" clears them.
func (c *Case) SetDetails(e *Event, s string) {
	if c.Details == nil && s == "" {
		return
	}
	c.setDetails(e, true, s, NoDate)
}

// Registered returns when e, an event of c, was entered in the system; NoDate if
// unknown.
func (c *Case) Registered(e *Event) Date {
	if e.reg > regFar {
		return e.Date + Date(e.reg) - regBias
	}
	return c.registeredElse(e)
}

// registeredElse is Registered for a date kept in the case, or none. Not inlined, so
// that Registered is.
//
//go:noinline
func (c *Case) registeredElse(e *Event) Date {
	if e.reg == regFar {
		if d := c.details(e); d != nil {
			return d.Registered
		}
	}
	return NoDate
}

// SetRegistered sets when e, an event of c, was entered in the system (NoDate:
// unknown). It is kept relative to e's date: set the date first, and set it again after
// changing the date.
func (c *Case) SetRegistered(e *Event, d Date) {
	// The usual case, inlined. With NoDate as one of the dates and a real date as the
	// other the difference wraps far out of the range; with NoDate as both it is 0,
	// and Registered returns NoDate.
	if delta := d - e.Date; e.reg != regFar && uint32(delta-regMin) <= regMax-regMin {
		e.reg = uint8(delta + regBias)
		return
	}
	c.setRegistered(e, d)
}

// setRegistered is SetRegistered's way for dates kept in the case, and for none. Not
// inlined, so that SetRegistered is.
//
//go:noinline
func (c *Case) setRegistered(e *Event, d Date) {
	wasFar, far := e.reg == regFar, NoDate
	switch delta := int64(d) - int64(e.Date); {
	case d == NoDate:
		e.reg = regNone
	case delta >= regMin && delta <= regMax:
		e.reg = uint8(delta + regBias)
	default:
		e.reg, far = regFar, d
	}
	if wasFar || far != NoDate {
		c.setDetails(e, false, "", far) // the entry's key is e's row, not its reg
	}
}

// Detail returns the value of key in e's details, trimmed, and whether it is set and
// not empty.
func (c *Case) Detail(e *Event, key string) (string, bool) {
	s := c.DetailsOf(e)
	for s != "" {
		var kv string
		kv, s, _ = strings.Cut(s, "|")
		k, v, _ := strings.Cut(kv, "=")
		if strings.TrimSpace(k) == key {
			v = strings.TrimSpace(v)
			return v, v != ""
		}
	}
	return "", false
}

// Case (ärende) is one person's insats with its dated events.
//
// The texts many cases share are Names, 4 bytes each instead of a string's 16. The
// case's own texts, its id, pseudonym and IVO code, are one string (see ID, Person,
// IVOCode and SetTexts): one string header instead of three, so that a case takes 80
// bytes rather than 112.
type Case struct {
	texts     string          // ID, Person and IVOCode one after another
	Events    []Event         // sorted by date, then input order
	Details   *[]EventDetails // the events' details (see DetailsOf), sorted by row, code and date: set through SetDetails and AppendDetails; nil when none (few cases have any, and a pointer is 16 bytes less in every case)
	Source    Source          // first row of the case
	Insats    Name            // insats code, e.g. "hemtjanst"
	Utforare  Name            // the utförare
	Enhet     Name            // enhet or handläggare
	Kommun    Name            // the municipality, when one data set holds several; "" = any
	idLen     uint16          // texts[:idLen] is the ID
	personLen uint16          // then the pseudonym, then the IVO code
	Gender    byte            // 'K' kvinna, 'M' man, 0 unknown (IVO statistics)
	Frequency Frequency
	Flags     Flags
}

// MaxCaseText is the longest case id and the longest pseudonym a Case holds, in bytes;
// importers refuse a row with a longer one.
const MaxCaseText = math.MaxUint16

// ID returns the case's id in the verksamhetssystem.
func (c *Case) ID() string { return c.texts[:c.idLen] }

// Person returns the case's pseudonym for the person; never a personnummer or name.
func (c *Case) Person() string { return c.texts[c.idLen : int(c.idLen)+int(c.personLen)] }

// IVOCode returns IVO's pseudonym for the person, ÅÅÅÅMMDD-Txxx, derived by the
// importer; never a personnummer.
func (c *Case) IVOCode() string { return c.texts[int(c.idLen)+int(c.personLen):] }

// SetTexts sets the case's id, pseudonym and IVO code: one string holds them, id itself
// when the other two are empty, else a new one. It panics if id or person is longer
// than MaxCaseText.
func (c *Case) SetTexts(id, person, ivo string) {
	if len(person) == 0 && len(ivo) == 0 {
		c.SetJoinedTexts(id, len(id), 0) // no copy
		return
	}
	c.SetJoinedTexts(id+person+ivo, len(id), len(person))
}

// WithTexts returns a copy of c with the id, pseudonym and IVO code given (see
// SetTexts), for making a case in one expression.
func (c Case) WithTexts(id, person, ivo string) Case {
	c.SetTexts(id, person, ivo)
	return c
}

// FillTexts gives c the pseudonym and the IVO code it lacks, where person and ivo are
// not empty (the first value given wins); its texts are then copied into one new
// string.
func (c *Case) FillTexts(person, ivo string) { c.FillTextsIn(person, ivo, nil) }

// FillTextsIn is FillTexts with the new string made by join from the id, pseudonym
// and IVO code (nil: joined on the heap), for importers that keep strings in an arena
// of their own. person and ivo need not outlive the call unless join keeps them.
func (c *Case) FillTextsIn(person, ivo string, join func(id, person, ivo string) string) {
	p, v := c.Person(), c.IVOCode()
	if (p != "" || person == "") && (v != "" || ivo == "") {
		return
	}
	if p == "" {
		p = person
	}
	if v == "" {
		v = ivo
	}
	if join == nil {
		c.SetTexts(c.ID(), p, v)
		return
	}
	id := c.ID()
	c.SetJoinedTexts(join(id, p, v), len(id), len(p))
}

// SetID sets the case's id, keeping its pseudonym and IVO code.
func (c *Case) SetID(id string) { c.SetTexts(id, c.Person(), c.IVOCode()) }

// SetPerson sets the case's pseudonym, keeping its id and IVO code.
func (c *Case) SetPerson(person string) { c.SetTexts(c.ID(), person, c.IVOCode()) }

// SetIVOCode sets the case's IVO code, keeping its id and pseudonym.
func (c *Case) SetIVOCode(ivo string) { c.SetTexts(c.ID(), c.Person(), ivo) }

// SetJoinedTexts sets the case's texts from joined, its id (the first idLen bytes), its
// pseudonym (the next personLen) and its IVO code (the rest) one after another, for
// importers that make their strings in an arena of their own. It panics if idLen or
// personLen is longer than MaxCaseText or joined is too short for them.
func (c *Case) SetJoinedTexts(joined string, idLen, personLen int) {
	if idLen < 0 || personLen < 0 || idLen > MaxCaseText || personLen > MaxCaseText || idLen+personLen > len(joined) {
		panic(fmt.Sprintf("audit: case texts of %d bytes cannot hold an id of %d bytes and a pseudonym of %d (at most %d each)", len(joined), idLen, personLen, MaxCaseText))
	}
	c.texts, c.idLen, c.personLen = joined, uint16(idLen), uint16(personLen)
}

// KeepTexts replaces the string that holds the case's texts by keep's copy of it: for
// importers that make cases in a scratch buffer and keep those they add in an arena.
func (c *Case) KeepTexts(keep func(joined string) string) { c.texts = keep(c.texts) }

// SortEvents sorts c.Events by date, keeping input order for equal dates.
func (c *Case) SortEvents() {
	evs := c.Events
	if len(evs) > 32 {
		slices.SortStableFunc(evs, func(a, b Event) int { return cmp.Compare(a.Date, b.Date) })
		return
	}
	// Insertion sort: stable, and fastest for the handful of events a case has.
	for i := 1; i < len(evs); i++ {
		e := evs[i]
		j := i
		for ; j > 0 && evs[j-1].Date > e.Date; j-- {
			evs[j] = evs[j-1]
		}
		evs[j] = e
	}
}

// Dataset is the canonical input of an audit: cases and the files they came from.
type Dataset struct {
	Files []string // Source.File indexes this
	Cases []Case
	// Unread are events of rejected rows whose case and event could be read, sorted by
	// case (see AddUnread): a rule that depends on one is datafel, not saknas.
	Unread []Unread
	// Changes are the cases whose rows name another utförare or insats than the row
	// that set the case's: the case keeps the first (see SetChanges).
	Changes []AttributeChange
}

// The case attributes an AttributeChange names, as the canonical columns do.
const (
	FieldUtforare = "utforare"
	FieldInsats   = "insats"
)

// AttributeChange is a case whose rows disagree on a case attribute: the case counts
// under Kept, the first value read; Other is the first other value, on row Source.
type AttributeChange struct {
	Case        int32  // index into Dataset.Cases
	Field       string // FieldUtforare or FieldInsats
	Kept, Other string
	Source      Source
}

// SetChanges keeps, of the candidate changes found while reading, the first in input
// order (file, then line) for each case and field whose Other differs from the value
// the case kept, sorted by case and field. Importers that read in parallel may offer
// candidates against a value read earlier in their part of the file; the first in
// input order is the one a sequential read finds.
func (ds *Dataset) SetChanges(cands []AttributeChange) {
	slices.SortStableFunc(cands, func(a, b AttributeChange) int {
		return cmp.Or(cmp.Compare(a.Case, b.Case), cmp.Compare(a.Field, b.Field),
			cmp.Compare(a.Source.File, b.Source.File), cmp.Compare(a.Source.Line, b.Source.Line))
	})
	out := cands[:0]
	for _, ch := range cands {
		c := &ds.Cases[ch.Case]
		kept := c.Utforare.String()
		if ch.Field == FieldInsats {
			kept = c.Insats.String()
		}
		if ch.Other == kept || len(out) > 0 && out[len(out)-1].Case == ch.Case && out[len(out)-1].Field == ch.Field {
			continue
		}
		ch.Kept = kept
		out = append(out, ch)
	}
	ds.Changes = slices.Clip(out)
	if len(ds.Changes) == 0 {
		ds.Changes = nil
	}
}

// Where formats s as file:line.
func (ds *Dataset) Where(s Source) string {
	if int(s.File) < len(ds.Files) && s.File >= 0 {
		return fmt.Sprintf("%s:%d", ds.Files[s.File], s.Line)
	}
	return fmt.Sprintf("line %d", s.Line)
}
