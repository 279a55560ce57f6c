package profile

import (
	"fmt"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
)

// unit is one countable thing of a row: the row itself (long) or one filled-in event
// date (wide).
type unit struct {
	w    int   // index into plan.wide; -1 for the long shape
	date field // the date column used
	text string
}

// pending is a unit whose cells are valid, waiting for its case.
type pending struct {
	u       unit
	code    audit.EventCode
	date    audit.Date
	reg     audit.Date
	details string
}

// caseRow is the case-level content of a row.
type caseRow struct {
	id, pseudonym, ivo, insats, utforare, enhet, kommun string
	gender                                              byte
	freq                                                audit.Frequency
	flags                                               audit.Flags
	details                                             string
}

// row imports one record.
func (im *importer) row(fs *fileState, rec []string, line int) {
	pl := fs.plan
	if allBlank(rec) {
		fs.blankRows++
		return
	}
	units := im.units[:0]
	if len(pl.wide) == 0 {
		units = append(units, unit{w: -1, date: pl.date, text: pl.date.cell(rec)})
	} else {
		for i := range pl.wide {
			for _, d := range pl.wide[i].dates {
				if t := d.cell(rec); t != "" {
					units = append(units, unit{w: i, date: d, text: t})
					break
				}
			}
		}
	}
	im.units = units
	if len(units) == 0 {
		fs.st.Read++
		im.reject(fs, line, audit.RejectNoDate, field{idx: -1}, "", fmt.Sprintf("the row has no date in any of the event date columns (%s), so there is nothing to import; fill in the dates or remove the row from the export", im.dateHeaders(pl)))
		return
	}
	fs.st.Read += len(units)

	cr, prob := im.caseCells(fs, rec)
	if prob != nil {
		im.protectIfSkyddad(&cr)
		if prob.kind == audit.RejectFieldCount {
			im.rejectShifted(fs, rec, line, units, prob)
			return
		}
		im.rejectRow(fs, line, units, prob)
		return
	}

	pend := im.pending[:0]
	for _, u := range units {
		if p, ok := im.event(fs, rec, line, u, &cr); ok {
			pend = append(pend, p)
		}
	}
	im.pending = pend
	if len(pend) == 0 {
		return
	}
	im.addEvents(fs, line, pl, &cr, pend)
}

// rejectRow rejects every unit of a row for one case-level problem.
func (im *importer) rejectRow(fs *fileState, line int, units []unit, prob *cellProblem) {
	pl := fs.plan
	for _, u := range units {
		r := prob.why
		if u.w >= 0 {
			r += fmt.Sprintf(" [so event %s (%s) is not imported]", pl.wide[u.w].label, u.date.header)
		}
		im.reject(fs, line, prob.kind, prob.f, prob.value, r)
	}
}

// rejectShifted rejects a row with more or fewer fields than the header. In the long
// shape the row is tied to its case and event when both can still be told, as the
// canonical reader does: the case id is the cell in its column (where the columns
// shifted before it, some other value, which most likely names no case with imported
// rows, so that Dataset.AddUnread ties nothing); the event is audit.ShiftedRowEvent's,
// read through the profile's event values. A step the row may hold is then datafel
// rather than saknas. Its person cannot be checked against the case's (that cell may
// have shifted too), so the tie does not depend on it: where the row may hold the step,
// rutinkoll says it cannot tell rather than that the step is missing. A wide row's
// events are told by their columns, which have shifted: not tied.
func (im *importer) rejectShifted(fs *fileState, rec []string, line int, units []unit, prob *cellProblem) {
	pl := fs.plan
	id := pl.caseID.cell(rec)
	if len(pl.wide) > 0 || len(units) != 1 || id == "" || pl.event.idx < 0 || redact(id, false, im.today) != id {
		// An id that holds anything like a personnummer is not kept, even as a key:
		// also a case number that merely looks like one, whose shifted rows then
		// count as missing steps rather than datafel.
		im.rejectRow(fs, line, units, prob)
		return
	}
	code := audit.ShiftedRowEvent(len(rec), fs.nHeader, pl.event.idx, pl.caseID.idx, func(j int) (audit.EventCode, bool) {
		c, why := im.eventCode(trim(rec[j]), pl.event, pl.eventMap, "columns.event")
		return c, why == ""
	})
	if code == audit.NoEvent {
		im.rejectRow(fs, line, units, prob)
		return
	}
	im.rejectEvent(fs, line, prob.kind, prob.f, prob.value, prob.why, &caseRow{id: id}, code)
}

// event reads one unit's event cells; a problem rejects the unit (tied to the case
// and event when the event is known).
func (im *importer) event(fs *fileState, rec []string, line int, u unit, cr *caseRow) (pending, bool) {
	pl := fs.plan
	p := pending{u: u}
	ef, mp, where, reg := pl.event, pl.eventMap, "columns.event", pl.registered
	var dets []detailField
	if u.w >= 0 {
		w := &pl.wide[u.w]
		p.code, ef, mp, reg, dets = w.code, w.eventCol, w.eventMap, w.registered, w.details
		where = fmt.Sprintf("events[%d].event", u.w+1)
	}
	if p.code == audit.NoEvent {
		raw := ef.cell(rec)
		code, why := im.eventCode(raw, ef, mp, where)
		if why != "" {
			im.reject(fs, line, audit.RejectUnknownEvent, ef, raw, why)
			return p, false
		}
		p.code = code
	}
	if u.text == "" {
		im.rejectEvent(fs, line, audit.RejectNoDate, u.date, "", fmt.Sprintf("%s (the event's date) is empty; every event needs its date", u.date.header), cr, p.code)
		return p, false
	}
	var why string
	if p.date, why = fs.dates.parse(u.text); why != "" {
		im.rejectEvent(fs, line, audit.RejectBadDate, u.date, u.text, fmt.Sprintf("%s %q: %s; %s", u.date.header, u.text, why, dateAdvice(why)), cr, p.code)
		return p, false
	}
	p.reg = audit.NoDate
	if t := reg.cell(rec); t != "" {
		if p.reg, why = fs.dates.parse(t); why != "" {
			im.rejectEvent(fs, line, audit.RejectBadRegistered, reg, t, fmt.Sprintf("%s %q (registration date): %s; %s", reg.header, t, why, dateAdvice(why)), cr, p.code)
			return p, false
		}
	}
	p.details = im.details(fs, rec, dets, cr.details)
	return p, true
}

// dateAdvice says what to do about a date the profile cannot read: a text in a form
// the profile does not list may need its format added; a text in a listed form is a
// date that does not exist, to correct in the export.
func dateAdvice(why string) string {
	if strings.HasPrefix(why, errNotAForm) {
		return "correct the date, or list its format under date_formats in the profile"
	}
	return "correct the date in the export"
}

// eventCode resolves an event text through the column's value map, or as a code.
func (im *importer) eventCode(raw string, f field, mp *mapper, where string) (audit.EventCode, string) {
	if raw == "" {
		return audit.NoEvent, fmt.Sprintf("%s (the event) is empty; every row needs to say which event it is", f.header)
	}
	if mp != nil {
		if to, ok := mp.lookup(raw); ok {
			code, _ := im.vocab.Lookup(to) // checked by Validate
			return code, ""
		}
	}
	// An event code itself is always understood, with or without a values map.
	if code, ok := im.vocab.Lookup(raw); ok {
		return code, ""
	}
	if mp != nil {
		return audit.NoEvent, unknownValue(f.header, raw, mp.vm, where)
	}
	if code, ok := im.vocab.Lookup(normalize(raw)); ok {
		return code, ""
	}
	msg := fmt.Sprintf("%s %q is not an event code", f.header, raw)
	if s := audit.Nearest(raw, im.vocab.Names()); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return audit.NoEvent, msg + fmt.Sprintf("; write an event code (docs/events.md), or add a values map under %s in the profile", where)
}

// addEvents attaches a row's valid events to its case.
func (im *importer) addEvents(fs *fileState, line int, pl *plan, cr *caseRow, pend []pending) {
	src := audit.Source{File: fs.idx, Line: int32(line)}
	ci, exists := im.lookupCase(cr.id)
	if exists && cr.pseudonym != "" && im.extra[ci].pseudonym != "" && im.extra[ci].pseudonym != cr.pseudonym {
		units := make([]unit, len(pend))
		for i, p := range pend {
			units[i] = p.u
		}
		im.rejectRow(fs, line, units, &cellProblem{audit.RejectConflict, pl.caseID, cr.id, im.personConflict(&im.ds.Cases[ci], im.extra[ci].first)})
		return
	}
	if !exists {
		ci = im.caseFor(cr.id, src)
	}
	c, ex := &im.ds.Cases[ci], &im.extra[ci]
	if ex.pseudonym == "" && cr.pseudonym != "" {
		ex.pseudonym = strings.Clone(cr.pseudonym)
	}
	if cr.flags&audit.FlagSkyddad != 0 {
		im.protectCase(c)
	}
	c.Flags |= cr.flags
	if c.Flags&audit.FlagSkyddad == 0 {
		c.FillTexts(ex.pseudonym, cr.ivo)
	}
	nameIfEmpty(&c.Kommun, cr.kommun)
	if c.Insats != 0 && cr.insats != "" && cr.insats != c.Insats.String() && ex.changed&2 == 0 {
		ex.changed |= 2
		im.changes = append(im.changes, audit.AttributeChange{Case: ci, Field: audit.FieldInsats, Other: strings.Clone(cr.insats), Source: src})
	}
	if c.Utforare != 0 && cr.utforare != "" && cr.utforare != c.Utforare.String() && ex.changed&1 == 0 {
		ex.changed |= 1
		im.changes = append(im.changes, audit.AttributeChange{Case: ci, Field: audit.FieldUtforare, Other: strings.Clone(cr.utforare), Source: src})
	}
	nameIfEmpty(&c.Insats, cr.insats)
	nameIfEmpty(&c.Utforare, cr.utforare)
	nameIfEmpty(&c.Enhet, cr.enhet)
	if c.Gender == 0 {
		c.Gender = cr.gender
	}
	if c.Frequency == audit.FreqUnknown {
		c.Frequency = cr.freq
	}
	if c.Events == nil {
		c.Events = make([]audit.Event, 0, 8)
	}
	for _, p := range pend {
		if first, dup := im.duplicate(ci, p.code, p.date); dup {
			fs.st.Duplicates++
			im.res.Duplicates = append(im.res.Duplicates, audit.Rejection{
				File: fs.name, Line: line, Column: p.u.date.column(), Field: p.u.date.header, Value: p.u.text,
				Reason: fmt.Sprintf("duplicate: case %q already has event %s on %s (from %s); counted once", c.ID(), im.vocab.Name(p.code), p.date, im.where(first)),
			})
			continue
		}
		ev := audit.Event{Code: p.code, Date: p.date}
		ev.SetSource(src)
		c.SetRegistered(&ev, p.reg)
		c.SetDetails(&ev, p.details)
		c.Events = append(c.Events, ev)
		im.noteEvent(ci)
		fs.st.Imported++
	}
}

// nameIfEmpty sets *dst to the Name of v unless it names something already.
func nameIfEmpty(dst *audit.Name, v string) {
	if *dst == 0 && v != "" {
		*dst = audit.MakeName(v)
	}
}

// dateHeaders lists the wide shape's date columns for messages.
func (im *importer) dateHeaders(pl *plan) string {
	var hs []string
	for _, w := range pl.wide {
		for _, d := range w.dates {
			hs = append(hs, d.header)
		}
	}
	return strings.Join(hs, ", ")
}
