package audit

import (
	"fmt"
	"strconv"
	"strings"
)

// Unit is the unit of one step of a deadline expression.
type Unit uint8

// The units of the deadline language.
const (
	UnitDays          Unit = iota + 1 // N dagar (calendar days)
	UnitDayAfter                      // senast dagen efter
	UnitVardagar                      // N vardagar
	UnitArbetsdagar                   // N arbetsdagar
	UnitNextVardag                    // senast nästkommande vardag
	UnitNextArbetsdag                 // senast nästkommande arbetsdag
	UnitWeeks                         // N veckor
	UnitMonths                        // N månader
	UnitNextMonthDay                  // senast den N:e nästkommande månad
	UnitDayBefore                     // dagen före
)

// Period is the period of a recurring obligation ("minst en gång per år").
type Period uint8

// The periods of recurring obligations.
const (
	PeriodNone Period = iota
	PeriodWeek
	PeriodMonth
	PeriodQuarter
	PeriodHalfYear
	PeriodYear
)

var periodWords = []struct {
	p    Period
	word string
}{{PeriodWeek, "vecka"}, {PeriodMonth, "månad"}, {PeriodQuarter, "kvartal"}, {PeriodHalfYear, "halvår"}, {PeriodYear, "år"}}

// String returns the Swedish word of the period.
func (p Period) String() string {
	for _, w := range periodWords {
		if w.p == p {
			return w.word
		}
	}
	return ""
}

// Next returns the last day by which the next occurrence is due after d.
func (p Period) Next(d Date) Date {
	switch p {
	case PeriodWeek:
		return d + 7
	case PeriodMonth:
		return d.AddMonths(1)
	case PeriodQuarter:
		return d.AddMonths(3)
	case PeriodHalfYear:
		return d.AddMonths(6)
	case PeriodYear:
		return d.AddMonths(12)
	}
	return d
}

// Step is one term of a deadline expression: N units.
type Step struct {
	N    int
	Unit Unit
}

// Deadline is a parsed deadline expression. Exactly one of Steps, Recurring or LeadTime
// describes it. The zero value is not a valid deadline.
type Deadline struct {
	Steps     []Step // applied in order from the start date
	Recurring Period // "minst en gång per …"
	LeadTime  bool   // "omgående": no number, lead time only
}

// ErrDeadline is wrapped by every deadline parse error.
var ErrDeadline = fmt.Errorf("bad deadline expression")

// DeadlineError reports a deadline expression that could not be parsed.
type DeadlineError struct {
	Expr     string // the whole expression
	Part     string // the part that failed
	Expected string // what was expected there
}

func (e *DeadlineError) Error() string {
	if e.Part != "" && e.Part != e.Expr {
		return fmt.Sprintf("bad deadline expression %q: at %q: expected %s", e.Expr, e.Part, e.Expected)
	}
	return fmt.Sprintf("bad deadline expression %q: expected %s", e.Expr, e.Expected)
}

// Unwrap makes errors.Is(err, ErrDeadline) true.
func (e *DeadlineError) Unwrap() error { return ErrDeadline }

const expectedDeadline = `"N dagar", "N vardagar", "N arbetsdagar", "N veckor", "N månader", ` +
	`"senast dagen efter", "senast nästkommande vardag", "senast den 5:e nästkommande månad", ` +
	`"dagen före", "minst en gång per år|halvår|kvartal|månad|vecka" or "omgående"`

var numberWords = map[string]int{
	"en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
	"åtta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "fjorton": 14, "femton": 15,
	"tjugo": 20, "trettio": 30,
}

var leadTimeWords = []string{"omgående", "snarast", "skyndsamt", "så snart som möjligt", "snarast möjligt"}

// ParseDeadline parses a deadline expression as written in a routine file.
func ParseDeadline(expr string) (Deadline, error) {
	norm := strings.Join(strings.Fields(strings.ToLower(expr)), " ")
	if norm == "" {
		return Deadline{}, &DeadlineError{Expr: expr, Expected: expectedDeadline}
	}
	for _, w := range leadTimeWords {
		if norm == w {
			return Deadline{LeadTime: true}, nil
		}
	}
	if rest, ok := strings.CutPrefix(norm, "minst en gång per "); ok {
		for _, w := range periodWords {
			if rest == w.word {
				return Deadline{Recurring: w.p}, nil
			}
		}
		return Deadline{}, &DeadlineError{Expr: expr, Part: rest, Expected: "år, halvår, kvartal, månad or vecka"}
	}
	var d Deadline
	for _, part := range strings.Split(norm, "+") {
		part = strings.TrimSpace(part)
		s, err := parseStep(part)
		if err != nil {
			err.Expr = expr
			return Deadline{}, err
		}
		d.Steps = append(d.Steps, s)
	}
	return d, nil
}

func parseStep(p string) (Step, *DeadlineError) {
	switch p {
	case "senast dagen efter", "dagen efter":
		return Step{1, UnitDayAfter}, nil
	case "senast nästkommande vardag", "nästkommande vardag":
		return Step{1, UnitNextVardag}, nil
	case "senast nästkommande arbetsdag", "nästkommande arbetsdag":
		return Step{1, UnitNextArbetsdag}, nil
	case "dagen före":
		return Step{1, UnitDayBefore}, nil
	}
	q := strings.TrimPrefix(p, "senast ")
	if rest, ok := strings.CutPrefix(q, "den "); ok {
		// "den 5:e nästkommande månad", "den 5:e i nästkommande månad"
		f := strings.Fields(rest)
		if len(f) >= 3 {
			num := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(f[0], ":e"), ":a"), ".")
			n, err := strconv.Atoi(num)
			tail := strings.Join(f[1:], " ")
			if err == nil && n >= 1 && n <= 31 && (tail == "nästkommande månad" || tail == "i nästkommande månad") {
				return Step{n, UnitNextMonthDay}, nil
			}
		}
		return Step{}, &DeadlineError{Part: p, Expected: `"den N:e nästkommande månad" with N from 1 to 31`}
	}
	q = strings.TrimPrefix(q, "inom ")
	q = strings.TrimSuffix(q, " efter")
	f := strings.Fields(q)
	if len(f) != 2 {
		return Step{}, &DeadlineError{Part: p, Expected: expectedDeadline}
	}
	n, err := strconv.Atoi(f[0])
	if err != nil {
		w, ok := numberWords[f[0]]
		if !ok {
			return Step{}, &DeadlineError{Part: f[0], Expected: "a number (digits or a Swedish number word)"}
		}
		n = w
	}
	if n < 0 || n > 10000 {
		return Step{}, &DeadlineError{Part: f[0], Expected: "a number from 0 to 10000"}
	}
	var u Unit
	switch f[1] {
	case "dag", "dagar":
		u = UnitDays
	case "vardag", "vardagar":
		u = UnitVardagar
	case "arbetsdag", "arbetsdagar":
		u = UnitArbetsdagar
	case "vecka", "veckor":
		u = UnitWeeks
	case "månad", "månader":
		u = UnitMonths
	default:
		exp := "a unit: dagar, vardagar, arbetsdagar, veckor or månader"
		if s := Nearest(f[1], []string{"dagar", "vardagar", "arbetsdagar", "veckor", "månader"}); s != "" {
			exp += " (did you mean " + s + "?)"
		}
		return Step{}, &DeadlineError{Part: f[1], Expected: exp}
	}
	return Step{n, u}, nil
}

// String returns the canonical form of the deadline, which ParseDeadline parses back
// to the same Deadline.
func (d Deadline) String() string {
	switch {
	case d.LeadTime:
		return "omgående"
	case d.Recurring != PeriodNone:
		return "minst en gång per " + d.Recurring.String()
	}
	parts := make([]string, len(d.Steps))
	for i, s := range d.Steps {
		parts[i] = s.String()
	}
	return strings.Join(parts, " + ")
}

// String returns the canonical form of one step.
func (s Step) String() string {
	plural := func(one, many string) string {
		if s.N == 1 {
			return fmt.Sprintf("%d %s", s.N, one)
		}
		return fmt.Sprintf("%d %s", s.N, many)
	}
	switch s.Unit {
	case UnitDays:
		return plural("dag", "dagar")
	case UnitDayAfter:
		return "senast dagen efter"
	case UnitVardagar:
		return plural("vardag", "vardagar")
	case UnitArbetsdagar:
		return plural("arbetsdag", "arbetsdagar")
	case UnitNextVardag:
		return "senast nästkommande vardag"
	case UnitNextArbetsdag:
		return "senast nästkommande arbetsdag"
	case UnitWeeks:
		return plural("vecka", "veckor")
	case UnitMonths:
		return plural("månad", "månader")
	case UnitNextMonthDay:
		return fmt.Sprintf("senast den %d:e nästkommande månad", s.N)
	case UnitDayBefore:
		return "dagen före"
	}
	return "?"
}

// IsZero reports whether d is the zero Deadline (no expression).
func (d Deadline) IsZero() bool { return len(d.Steps) == 0 && d.Recurring == PeriodNone && !d.LeadTime }

// CountsWorkdays reports whether any step counts vardagar or arbetsdagar; such deadlines
// roll forward by default and report days late in vardagar.
func (d Deadline) CountsWorkdays() bool {
	for _, s := range d.Steps {
		switch s.Unit {
		case UnitVardagar, UnitArbetsdagar, UnitNextVardag, UnitNextArbetsdag:
			return true
		}
	}
	return false
}

// UsesArbetsdagar reports whether any step counts arbetsdagar (the routine's calendar).
func (d Deadline) UsesArbetsdagar() bool {
	for _, s := range d.Steps {
		if s.Unit == UnitArbetsdagar || s.Unit == UnitNextArbetsdag {
			return true
		}
	}
	return false
}

// Before reports whether the deadline lies before its anchor ("dagen före").
func (d Deadline) Before() bool {
	return len(d.Steps) == 1 && d.Steps[0].Unit == UnitDayBefore
}

// Calendars are the two calendars a deadline may count on.
type Calendars struct {
	Vardag    *Calendar // Swedish vardagar
	Arbetsdag *Calendar // vardagar minus the routine's or municipality's closed days
	// Own are the closed days of Arbetsdag that the routine gives itself (its routine
	// file's calendar block) rather than the municipality's calendar file, by date.
	Own []Date
}

// DefaultCalendars returns the Swedish vardag calendar for both.
func DefaultCalendars() Calendars { v := Vardagar(); return Calendars{Vardag: v, Arbetsdag: v} }

// Skip records a day passed over while counting, and why.
type Skip struct {
	Date   Date
	Reason string
}

// Explanation tells how a deadline was counted: the days skipped and any roll-forward.
type Explanation struct {
	Start       Date
	Unrolled    Date // the deadline before roll-forward
	Deadline    Date
	Skipped     []Skip
	RolledFrom  Date // NoDate unless the deadline was moved to the next vardag
	RolledWhy   string
	Description string // one line in English: "3 vardagar from 2026-06-17"
}

// Due returns the deadline date from start, rolling a deadline that falls on a
// non-vardag forward to the next vardag when roll is true. It panics for recurring and
// lead-time deadlines, which have no single date; check IsDated first.
func (d Deadline) Due(start Date, cals Calendars, roll bool) Date {
	due := start
	for _, s := range d.Steps {
		due = s.apply(due, cals, nil)
	}
	if roll {
		cal := cals.Vardag
		if d.UsesArbetsdagar() {
			cal = cals.Arbetsdag
		}
		due = cal.NextVardag(due)
	}
	return due
}

// IsDated reports whether the deadline yields a date (not recurring, not lead time).
func (d Deadline) IsDated() bool { return len(d.Steps) > 0 }

// Explain computes the deadline like Due and records every day skipped and why.
func (d Deadline) Explain(start Date, cals Calendars, roll bool) Explanation {
	ex := Explanation{Start: start, RolledFrom: NoDate}
	due := start
	for _, s := range d.Steps {
		due = s.apply(due, cals, &ex.Skipped)
	}
	ex.Unrolled = due
	if roll {
		cal := cals.Vardag
		if d.UsesArbetsdagar() {
			cal = cals.Arbetsdag
		}
		if !cal.IsVardag(due) {
			ex.RolledFrom, ex.RolledWhy = due, cal.Why(due)
			due = cal.NextVardag(due)
		}
	}
	ex.Deadline = due
	ex.Description = fmt.Sprintf("%s from %s", d, start)
	return ex
}

func (s Step) apply(d Date, cals Calendars, skipped *[]Skip) Date {
	switch s.Unit {
	case UnitDays:
		return d + Date(s.N)
	case UnitDayAfter:
		return d + 1
	case UnitDayBefore:
		return d - 1
	case UnitWeeks:
		return d + Date(7*s.N)
	case UnitMonths:
		return d.AddMonths(s.N)
	case UnitNextMonthDay:
		first := d.LastOfMonth() + 1
		y, m, _ := first.Civil()
		day := s.N
		if last := DaysIn(y, m); day > last {
			day = last
		}
		return DateOf(y, m, day)
	case UnitVardagar, UnitNextVardag:
		return countVardagar(d, s.N, cals.Vardag, skipped)
	case UnitArbetsdagar, UnitNextArbetsdag:
		return countVardagar(d, s.N, cals.Arbetsdag, skipped)
	}
	return d
}

func countVardagar(d Date, n int, cal *Calendar, skipped *[]Skip) Date {
	if skipped == nil {
		return cal.AddVardagar(d, n)
	}
	for n > 0 {
		d++
		if cal.IsVardag(d) {
			n--
		} else {
			*skipped = append(*skipped, Skip{d, cal.Why(d)})
		}
	}
	return d
}

// Diff returns to − from in the deadline's unit: vardagar (on the calendar the deadline
// counts on) for vardag/arbetsdag deadlines, calendar days otherwise.
func (d Deadline) Diff(from, to Date, cals Calendars) int {
	if !d.CountsWorkdays() {
		return int(to - from)
	}
	cal := cals.Vardag
	if d.UsesArbetsdagar() {
		cal = cals.Arbetsdag
	}
	return cal.VardagarBetween(from, to)
}

// Late returns how late when is for a deadline due on due (when after due), in the
// deadline's unit, and at least 1: a step done on a Saturday after a Friday deadline
// counts no vardag between them, yet it is late, by less than one vardag.
func (d Deadline) Late(due, when Date, cals Calendars) int {
	return max(1, d.Diff(due, when, cals))
}

// UnitName returns "vardagar", "arbetsdagar" or "dagar": the unit days late and left
// are reported in.
func (d Deadline) UnitName() string {
	switch {
	case d.UsesArbetsdagar():
		return "arbetsdagar"
	case d.CountsWorkdays():
		return "vardagar"
	}
	return "dagar"
}
