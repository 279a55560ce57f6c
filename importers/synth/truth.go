package synth

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
)

// Truth is the verdict the audit must give for one rule on one case.
type Truth struct {
	CaseID    string
	Rule      string
	Status    audit.Status
	Days      int    // days late (sen, saknas) or left (pågående), in Unit; 0 otherwise
	Unit      string // "dagar", "vardagar" or "arbetsdagar": the unit of Days
	Start     audit.Date
	Deadline  audit.Date
	EventDate audit.Date // the date judged (an event's date or registration date)
	Note      string     // how the case was built for this rule, for a human reading a mismatch

	holidays []string // weekday holidays between the start and the deadline or the date judged
}

// DaysLate returns Days for sen and saknas, as verdicts.csv's days_late; else "".
func (t Truth) DaysLate() string {
	if t.Status == audit.Sen || t.Status == audit.Saknas {
		return strconv.Itoa(t.Days)
	}
	return ""
}

// DaysLeft returns Days for pågående, as verdicts.csv's days_left; else "".
func (t Truth) DaysLeft() string {
	if t.Status == audit.Pagaende {
		return strconv.Itoa(t.Days)
	}
	return ""
}

// calendars returns the calendars r counts on: its routine's, or the Swedish vardagar.
func calendars(r *audit.Rule) audit.Calendars {
	if r.Routine != nil && r.Routine.Calendars.Vardag != nil {
		return r.Routine.Calendars
	}
	return audit.DefaultCalendars()
}

// deadlineFor returns the deadline r holds case k to: per frequency where the rule says
// so, or the local policy's number for an "omgående" rule. ok is false when the
// frequency has no deadline.
func (g *gen) deadlineFor(k *kase, r *audit.Rule) (audit.Deadline, bool) {
	dl := r.Deadline
	if len(r.ByFrequency) > 0 {
		d, ok := r.ByFrequency[k.freq]
		if !ok {
			return audit.Deadline{}, false
		}
		dl = d
	}
	if dl.LeadTime && r.Policy != nil && r.Policy.Deadline.IsDated() {
		dl = r.Policy.Deadline
	}
	return dl, dl.IsDated()
}

// due returns the deadline date from start: Deadline.Due on the rule's calendars, then,
// for a rule paused during frånvaro, moved later by the days of frånvaro (in the
// deadline's unit) that fall between the start and the deadline, until no more do.
func (g *gen) due(k *kase, r *audit.Rule, dl audit.Deadline, start audit.Date) audit.Date {
	cals := calendars(r)
	due := dl.Due(start, cals, r.RollForward)
	a := k.absence
	if !r.PauseFranvaro || a == nil || a.start > g.asof {
		return due
	}
	last := g.asof // still away on the brytdatum
	if a.end <= g.asof {
		last = max(a.end-1, a.start)
	}
	var cal *audit.Calendar
	if dl.CountsWorkdays() {
		cal = cals.Vardag
		if dl.UsesArbetsdagar() {
			cal = cals.Arbetsdag
		}
	}
	counted := 0
	for range 32 {
		n := 0
		for d := max(a.start, start+1); d <= min(last, due); d++ {
			if cal == nil || cal.IsVardag(d) {
				n++
			}
		}
		if n == counted {
			break
		}
		extra := n - counted
		counted = n
		if cal != nil {
			due = cal.AddVardagar(due, extra)
		} else {
			due += audit.Date(extra)
		}
	}
	return due
}

// span returns to − from in the deadline's unit: vardagar (arbetsdagar) in (from, to]
// for a deadline counted in them, else calendar days. to must not be before from.
func span(dl audit.Deadline, cals audit.Calendars, from, to audit.Date) int {
	if !dl.CountsWorkdays() {
		return int(to - from)
	}
	cal := cals.Vardag
	if dl.UsesArbetsdagar() {
		cal = cals.Arbetsdag
	}
	n := 0
	for d := from + 1; d <= to; d++ {
		if cal.IsVardag(d) {
			n++
		}
	}
	return n
}

// verdict returns the verdict rule r gives case k as placed, as of the brytdatum: it
// follows from where the events were put, the deadline arithmetic and the verdict
// definitions (met on or before the deadline day; pågående while the brytdatum is on or
// before it; events after the brytdatum unseen), and from the case's rejected events.
func (g *gen) verdict(k *kase, r *audit.Rule) Truth {
	t := g.placedVerdict(k, r)
	switch r.Kind {
	case audit.KindDuration, audit.KindEscalation, audit.KindRecurring:
	default:
		return t
	}
	// An event whose row is rejected for its date or registration date still names its
	// case and event: where the verdict hinges on it — a target (not of a registration-lag
	// rule) of a step missing, late or not yet due, a start of a rule that starts at the
	// latest start or did not start, an escalation's Unless, a recurring rule's avslut —
	// the audit cannot tell and says datafel.
	for _, b := range k.bad {
		if g.writtenAsUnknownEvent(&b) {
			continue // the row does not say which event it is
		}
		open := t.Status == audit.Saknas || t.Status == audit.Pagaende || t.Status == audit.Sen
		from := slices.Contains(fromCodes(r), b.code)
		hinges := from && t.Note == noStartNote ||
			open && slices.Contains(toCodes(r), b.code) && r.To != r.From ||
			open && from && r.StartLatest ||
			open && r.Kind == audit.KindEscalation && r.Unless != audit.NoEvent && b.code == r.Unless ||
			open && r.Kind == audit.KindRecurring && b.code == audit.EventAvslut
		if hinges {
			return Truth{CaseID: t.CaseID, Rule: t.Rule, Status: audit.Datafel, Unit: t.Unit, Start: t.Start, Deadline: t.Deadline,
				EventDate: audit.NoDate, Note: "datafel: the row of " + g.vocab.Name(b.code) + " is rejected at import for its date, so the audit cannot tell when the step happened"}
		}
	}
	return t
}

// writtenAsUnknownEvent reports whether the export names b's event with a text the
// profile does not know: a wide entry without an event column gets a bad date instead.
func (g *gen) writtenAsUnknownEvent(b *badEvent) bool {
	if b.kind != badEventText {
		return false
	}
	w := g.c.slots[b.code].wide
	return w < 0 || g.c.p.Events[w].EventColumn != nil
}

// noStartNote is the note of a rule that does not start.
const noStartNote = "ej_tillamplig: no start event on or before the brytdatum"

// placedVerdict is verdict as the events were placed, with rejected events absent.
func (g *gen) placedVerdict(k *kase, r *audit.Rule) Truth {
	asof := g.asof
	t := Truth{CaseID: k.id, Rule: r.ID, Start: audit.NoDate, Deadline: audit.NoDate, EventDate: audit.NoDate, Unit: "dagar"}
	if why := g.conditionFails(k, r); why != "" {
		t.Status, t.Note = audit.EjTillamplig, "ej_tillamplig: "+why
		return t
	}
	if r.Kind == audit.KindPrecedence {
		e := k.visible(r.From, asof)
		if e == nil {
			t.Status, t.Note = audit.EjTillamplig, "ej_tillamplig: no "+g.vocab.Name(r.From)
			return t
		}
		field := func(f audit.Field) audit.Date {
			if f == audit.FieldRegistered {
				return e.reg
			}
			return e.date
		}
		a, b := field(r.FromField), field(r.ToField)
		t.Start, t.Deadline, t.EventDate = a, a, b
		switch {
		case a == audit.NoDate || b == audit.NoDate:
			t.Status = audit.Datafel
		case b < a:
			t.Status, t.Days = audit.Sen, int(a-b)
		default:
			t.Status = audit.ITid
		}
		return t
	}
	if len(r.ByFrequency) > 0 && k.freq == audit.FreqUnknown {
		t.Status, t.Note = audit.Datafel, "datafel: the case has no frequency"
		return t
	}
	dl, ok := g.deadlineFor(k, r)
	if !ok {
		t.Status, t.Note = audit.EjTillamplig, "ej_tillamplig: no deadline for the case's frequency"
		return t
	}
	t.Unit = dl.UnitName()
	cals := calendars(r)

	var trig *event
	start := audit.NoDate
	for _, f := range fromCodes(r) {
		e := k.visible(f, asof)
		if e == nil {
			continue
		}
		if trig == nil || e.date < trig.date {
			trig = e
		}
		if start == audit.NoDate || (r.StartLatest && e.date > start) || (!r.StartLatest && e.date < start) {
			start = e.date
		}
	}
	if trig == nil {
		t.Status, t.Note = audit.EjTillamplig, noStartNote
		return t
	}
	t.Start = start
	judged := audit.NoDate
	if r.To == r.From {
		if trig.reg == audit.NoDate {
			t.Status = audit.Datafel
			return t
		}
		judged = trig.reg
	} else {
		var target, early *event
		for _, c := range toCodes(r) {
			e := k.visible(c, asof)
			switch {
			case e == nil:
			case e.date >= start:
				if target == nil || e.date < target.date {
					target = e
				}
			case early == nil || e.date < early.date:
				early = e
			}
		}
		if target == nil && early != nil {
			t.Status, t.EventDate = audit.Datafel, early.date
			return t
		}
		if target != nil {
			judged = target.date
		}
	}
	if judged > asof {
		judged = audit.NoDate // not yet known on the brytdatum
	}
	due := g.due(k, r, dl, start)
	t.Deadline, t.EventDate = due, judged
	switch {
	case judged != audit.NoDate && judged <= due:
		t.Status = audit.ITid
	case judged != audit.NoDate:
		// Late on a closed day right after the deadline: no vardag between, yet late.
		t.Status, t.Days = audit.Sen, max(1, span(dl, cals, due, judged))
	case asof <= due:
		t.Status, t.Days = audit.Pagaende, span(dl, cals, asof, due)
	default:
		t.Status, t.Days = audit.Saknas, max(1, span(dl, cals, due, asof))
	}
	if dl.CountsWorkdays() {
		end := max(due, judged)
		if t.Status == audit.Saknas {
			end = asof
		}
		t.holidays = g.holidayNames(start, end)
		if skipped := g.skippedHolidays(dl, cals, r.RollForward, start); skipped != "" {
			t.Note = "; the deadline counting skips " + skipped
		}
	}
	return t
}

// skippedHolidays names the holidays (not weekends) the deadline counting passes.
func (g *gen) skippedHolidays(dl audit.Deadline, cals audit.Calendars, roll bool, start audit.Date) string {
	ex := dl.Explain(start, cals, roll)
	var names []string
	for _, s := range ex.Skipped {
		if s.Reason != "lördag" && s.Reason != "söndag" {
			names = append(names, s.Reason)
		}
	}
	if ex.RolledFrom != audit.NoDate {
		names = append(names, ex.RolledWhy+" (rolled forward)")
	}
	return strings.Join(names, ", ")
}

// TruthColumns is the header of truth.csv.
var TruthColumns = []string{"case_id", "rule", "verdict", "days_late", "days_left", "unit", "start", "deadline", "event_date", "note"}

// WriteTruth writes the truth as CSV (comma-separated UTF-8, the layout of
// verdicts.csv's matching columns), one row per (case, rule).
func WriteTruth(w io.Writer, truth []Truth) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(TruthColumns); err != nil {
		return fmt.Errorf("writing truth: %w", err)
	}
	for _, t := range truth {
		rec := []string{t.CaseID, t.Rule, t.Status.Code(), t.DaysLate(), t.DaysLeft(), t.Unit,
			t.Start.String(), t.Deadline.String(), t.EventDate.String(), t.Note}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("writing truth: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing truth: %w", err)
	}
	return nil
}

// ReadTruth reads a truth.csv written by WriteTruth.
func ReadTruth(r io.Reader) ([]Truth, error) {
	cr := csv.NewReader(r)
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("reading truth: %w", err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(TruthColumns, ",") {
		return nil, errors.New("reading truth: the header is not " + strings.Join(TruthColumns, ","))
	}
	date := func(s string) (audit.Date, error) {
		if s == "" {
			return audit.NoDate, nil
		}
		return audit.ParseDate(s)
	}
	var out []Truth
	for i, rec := range recs[1:] {
		line := i + 2
		st, ok := audit.ParseStatus(rec[2])
		if !ok {
			return nil, fmt.Errorf("reading truth: line %d: unknown verdict %q", line, rec[2])
		}
		t := Truth{CaseID: rec[0], Rule: rec[1], Status: st, Unit: rec[5], Note: rec[9]}
		days := rec[3]
		if st == audit.Pagaende {
			days = rec[4]
		}
		if days != "" {
			if t.Days, err = strconv.Atoi(days); err != nil {
				return nil, fmt.Errorf("reading truth: line %d: days: %w", line, err)
			}
		}
		for j, p := range []*audit.Date{&t.Start, &t.Deadline, &t.EventDate} {
			if *p, err = date(rec[6+j]); err != nil {
				return nil, fmt.Errorf("reading truth: line %d: %s: %w", line, TruthColumns[6+j], err)
			}
		}
		out = append(out, t)
	}
	return out, nil
}

// Rejection is a rejection the import must report for the export.
type Rejection struct {
	Line   int    // the line (CSV) or row (Excel)
	Column int    // 1-based column; 0 for the whole row
	Field  string // the column's header; "" for the whole row
	Value  string // the value as the rejection shows it (a personnummer as "[personnummer dolt]")
	Kind   string // bad_date, bad_registered, unknown_event, unknown_insats, invalid_personnummer, …
	CaseID string // the case the row belongs to ("" when the case id is what is missing)
}

// RejectionColumns is the header of expected-rejected.csv.
var RejectionColumns = []string{"line", "column", "field", "value", "kind", "case_id"}

// WriteRejections writes the expected rejections as CSV.
func WriteRejections(w io.Writer, rej []Rejection) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(RejectionColumns); err != nil {
		return fmt.Errorf("writing expected rejections: %w", err)
	}
	for _, r := range rej {
		col := ""
		if r.Column > 0 {
			col = strconv.Itoa(r.Column)
		}
		if err := cw.Write([]string{strconv.Itoa(r.Line), col, r.Field, r.Value, r.Kind, r.CaseID}); err != nil {
			return fmt.Errorf("writing expected rejections: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing expected rejections: %w", err)
	}
	return nil
}

// Compare matches verdicts against the truth and returns one line per difference:
// a truth row with no verdict, or a verdict whose status, days, start, deadline or
// date judged differs. got is keyed by case id and rule id.
func Compare(truth []Truth, got map[[2]string]Truth) []string {
	var out []string
	for _, t := range truth {
		v, ok := got[[2]string{t.CaseID, t.Rule}]
		if !ok {
			out = append(out, fmt.Sprintf("%s %s: no verdict; want %s (%s)", t.CaseID, t.Rule, describe(t), t.Note))
			continue
		}
		if v.Status != t.Status || v.Days != t.Days || v.Start != t.Start || v.Deadline != t.Deadline || v.EventDate != t.EventDate {
			out = append(out, fmt.Sprintf("%s %s: got %s; want %s (%s)", t.CaseID, t.Rule, describe(v), describe(t), t.Note))
		}
	}
	return out
}

// describe formats the compared fields of a verdict.
func describe(t Truth) string {
	s := t.Status.Code()
	if t.Days != 0 || t.Status == audit.Sen || t.Status == audit.Saknas || t.Status == audit.Pagaende {
		s += fmt.Sprintf(" %d", t.Days)
	}
	return fmt.Sprintf("%s start=%s deadline=%s event=%s", s, t.Start, t.Deadline, t.EventDate)
}
