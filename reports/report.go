// Package reports holds what every report renders: the audit's result, its aggregates
// and the run's metadata, plus the label table (Swedish, English) and atomic file
// output. The renderers live in sub-packages (csvout, xlsx, pdf) and take an io.Writer.
package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

// Report is everything a renderer needs. Renderers never count on their own: figures
// come from Summary, rows from Result.
type Report struct {
	Title        string // e.g. "Rutinkoll — uppföljning av rutiner"
	Municipality string
	Period       string     // "2026-10", or "" for every verdict up to the brytdatum
	Asof         audit.Date // brytdatum
	GeneratedAt  time.Time  // settable (--generated-at) so output is reproducible
	CommandLine  string
	Lang         string // "sv" (default) or "en"
	Inputs       []audit.InputStats
	Rejected     []audit.Rejection
	Routines     []*audit.Routine
	Vocabulary   *audit.Vocabulary
	Dataset      *audit.Dataset
	Result       *audit.Result
	Summary      *stats.Summary
	// Identity, when not nil, returns a case's personnummer for internal review
	// (--identities). It is used in the xlsx only, never in the PDF, and never returns
	// anything for a person with skyddade personuppgifter.
	Identity func(c *audit.Case) string
}

// Labels returns the label table for the report's language.
func (r *Report) Labels() Labels { return LabelsFor(r.Lang) }

// CaseLabel returns how a case is shown in reports: its id and pseudonym, or, for a
// person with skyddade personuppgifter, nothing identifying.
func CaseLabel(c *audit.Case) (id, person string) {
	if c.Flags&audit.FlagSkyddad != 0 {
		return "SKYDDAD", ""
	}
	return c.ID(), c.Person()
}

// Protected reports whether the case's person has skyddade personuppgifter; such cases
// appear in reports only as counts (GOT-20).
func Protected(c *audit.Case) bool { return c.Flags&audit.FlagSkyddad != 0 }

// YearSpan writes the years lo to hi for a heading: "2026", or "2025–2026".
func YearSpan(lo, hi int) string {
	if lo == hi {
		return strconv.Itoa(lo)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

// Listed reports whether the reports list verdict v case by case (sen and saknas as
// deviations, pågående as upcoming deadlines, datafel under data quality): the verdicts
// an audit keeps in memory once they are counted. verdicts.csv, which lists every
// verdict, gets the others by judging the cases again (audit.Result.All).
func Listed(v *audit.Verdict) bool { return v.Status != audit.ITid && v.Status != audit.EjTillamplig }

// CalendarYears returns the years the method page's holiday calendar shows: from the
// earliest start to the latest deadline of the verdicts s counted, clamped to two years
// before and one after the brytdatum's year. The PDF and the workbook show the same years.
func CalendarYears(s *stats.Summary) (lo, hi int) {
	y := s.Asof.Year()
	lo, hi = y, y
	if s.FirstStart.Valid() {
		lo = min(lo, s.FirstStart.Year())
	}
	if s.LastDeadline.Valid() {
		hi = max(hi, s.LastDeadline.Year())
	}
	return max(lo, y-2), min(hi, y+1)
}

// ClosedDay is a day the routines' arbetsdagar calendars skip besides the public
// holidays, and the routines whose own calendar it comes from, when it is not a day of
// the municipality's calendar file.
type ClosedDay struct {
	audit.Holiday
	Only []string // routine ids, or nil for a day of the municipality's calendar file
}

// ClosedDays returns the closed days that the routines' arbetsdagar calendars add (the
// calendar file's and the routine files'), by date, one per date: the workbook's Metod
// sheet and the PDF's method page list them. A day of a routine file's own calendar
// (audit.Calendars.Own) names its routines, even when only one routine is loaded; a day
// of the municipality's calendar file names none.
func ClosedDays(rts []*audit.Routine) []ClosedDay {
	at := map[audit.Date]int{}
	var out []ClosedDay
	shared := map[audit.Date]bool{} // a day of the municipality's calendar file
	for _, rt := range rts {
		if rt.Calendars.Arbetsdag == nil {
			continue
		}
		for _, h := range rt.Calendars.Arbetsdag.ClosedDays() {
			i, ok := at[h.Date]
			if !ok {
				i = len(out)
				at[h.Date] = i
				out = append(out, ClosedDay{Holiday: h})
			}
			if _, own := slices.BinarySearch(rt.Calendars.Own, h.Date); !own {
				shared[h.Date] = true
			} else if !slices.Contains(out[i].Only, rt.ID) {
				out[i].Only = append(out[i].Only, rt.ID)
			}
		}
	}
	for i := range out {
		if shared[out[i].Date] {
			out[i].Only = nil
		}
	}
	slices.SortFunc(out, func(a, b ClosedDay) int { return cmp.Compare(a.Date, b.Date) })
	return out
}

// ClosedDayName is the name of closed day h as the method pages give it, with the
// routines whose own day it is.
func ClosedDayName(l Labels, h ClosedDay) string {
	if h.Only == nil {
		return h.Name
	}
	return fmt.Sprintf("%s (%s)", h.Name, fmt.Sprintf(l.Get("closed_day_only"), strings.Join(h.Only, ", ")))
}
