package schedule

import (
	"errors"
	"fmt"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
)

// ErrUnknownPeriod is wrapped by Resolve for a period kind it does not know.
var ErrUnknownPeriod = errors.New("unknown period kind")

// Period is the stretch of calendar a run reports on.
type Period struct {
	// Kind is CurrentMonth, PreviousMonth or PreviousQuarter.
	Kind string
	// Name is "2026-10" for a month and "2026Q3" for a quarter; it is what the 'out'
	// template sees as {{.Period}}.
	Name string
	// Start and End are the period's first and last day.
	Start, End audit.Date
	// Asof is the brytdatum: the day whose registrations the report still counts.
	Asof audit.Date
}

// String formats the period as "2026-10 (2026-10-01–2026-10-31, brytdatum 2026-11-05)".
func (p Period) String() string {
	return fmt.Sprintf("%s (%s–%s, brytdatum %s)", p.Name, p.Start, p.End, p.Asof)
}

// Contains reports whether d lies in the period, both ends included.
func (p Period) Contains(d audit.Date) bool { return d >= p.Start && d <= p.End }

// Before reports whether p is an earlier report than q: an earlier start, or the same
// start with an earlier brytdatum.
func (p Period) Before(q Period) bool {
	if p.Start != q.Start {
		return p.Start < q.Start
	}
	return p.Asof < q.Asof
}

// Resolve returns the period of kind reported on by a run at now. The calendar date is
// now's date in now's location: convert now to the job's zone first (Job.Resolve does).
//
//   - current-month: the month of now; Asof is now's date.
//   - previous-month: the month before now's month; Asof is the month's last day plus
//     daysAfter days, but not after now's date.
//   - previous-quarter: the calendar quarter before now's quarter (named "2026Q3");
//     Asof as for previous-month.
//
// January's previous month is December of the year before, and the first quarter's
// previous quarter is the fourth of the year before.
func Resolve(kind string, now time.Time, daysAfter int) (Period, error) {
	if daysAfter < 0 {
		return Period{}, fmt.Errorf("resolve period %s: days after period end is %d; expected 0 or more", kind, daysAfter)
	}
	today := audit.DateFromTime(now)
	p := Period{Kind: kind}
	switch kind {
	case CurrentMonth:
		p.Start = today.FirstOfMonth()
		p.End = today.LastOfMonth()
		p.Name = p.Start.Period()
		p.Asof = today
		return p, nil
	case PreviousMonth:
		p.Start = today.FirstOfMonth().AddMonths(-1)
		p.End = p.Start.LastOfMonth()
		p.Name = p.Start.Period()
	case PreviousQuarter:
		y, m, _ := today.Civil()
		thisQuarter := audit.DateOf(y, time.Month((int(m)-1)/3*3+1), 1)
		p.Start = thisQuarter.AddMonths(-3)
		p.End = thisQuarter.AddDays(-1)
		p.Name = fmt.Sprintf("%04dQ%d", p.Start.Year(), (int(p.Start.Month())-1)/3+1)
	default:
		return Period{}, fmt.Errorf("%w %q; expected %s", ErrUnknownPeriod, kind, orList(periodKinds))
	}
	p.Asof = min(p.End.AddDays(daysAfter), today)
	return p, nil
}
