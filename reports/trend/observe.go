package trend

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports/csvout"
)

// FromResult turns the verdicts of one evaluation into observations, each in the month
// of its Verdict.Attribute (the deadline, else the start): the same placement as
// `rutinkoll audit --period`, so the months add up to the whole span.
func FromResult(ds *audit.Dataset, res *audit.Result) []Observation {
	out := make([]Observation, len(res.Verdicts))
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		c := &ds.Cases[v.Case]
		o := Observation{
			CaseID: c.ID(), Person: c.Person(), Utforare: c.Utforare.String(), Rule: res.Rules[v.Rule].ID, Status: v.Status,
			Month: audit.NoDate, Deadline: v.Deadline, EventDate: v.EventDate, Days: int(v.Days),
			Protected: c.Flags&audit.FlagSkyddad != 0,
		}
		if a := v.Attribute(ds); a != audit.NoDate {
			o.Month = a.FirstOfMonth()
		}
		out[i] = o
	}
	return out
}

// ReadVerdicts reads a verdicts.csv that `rutinkoll audit` wrote (name is used in
// errors). A row's month is its deadline's, else its start's; rows with neither (some
// ej tillämplig verdicts) get NoDate. Rows of persons with skyddade personuppgifter
// carry no case id, pseudonym or utförare in that file: they are read as protected
// and without utförare.
func ReadVerdicts(r io.Reader, name string) ([]Observation, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: the file is empty", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: reading the header: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	var missing []string
	for _, c := range []string{"case_id", "person", "rule", "verdict", "start", "deadline", "event_date", "days_late", "days_left", "utforare"} {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s:1: not a verdicts.csv: missing column(s) %s (expected the header %s)", name,
			strings.Join(missing, ", "), strings.Join(csvout.VerdictColumns, ","))
	}
	var out []Observation
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		o, err := observation(rec, col)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		out = append(out, o)
	}
	return out, nil
}

// observation reads one verdicts.csv row.
func observation(rec []string, col map[string]int) (Observation, error) {
	get := func(name string) string {
		if i := col[name]; i < len(rec) {
			return unsafe(rec[i])
		}
		return ""
	}
	o := Observation{CaseID: get("case_id"), Person: get("person"), Utforare: get("utforare"), Rule: get("rule")}
	var ok bool
	if o.Status, ok = audit.ParseStatus(get("verdict")); !ok {
		return o, fmt.Errorf("column verdict: unknown verdict %q", get("verdict"))
	}
	if o.CaseID == "SKYDDAD" || (o.CaseID == "" && o.Person == "") {
		o.Protected, o.CaseID, o.Person = true, "", ""
	}
	start := audit.NoDate
	for _, f := range []struct {
		name string
		dst  *audit.Date
	}{{"start", &start}, {"deadline", &o.Deadline}, {"event_date", &o.EventDate}} {
		*f.dst = audit.NoDate
		if s := get(f.name); s != "" {
			d, err := audit.ParseDate(s)
			if err != nil {
				return o, fmt.Errorf("column %s: %w", f.name, err)
			}
			*f.dst = d
		}
	}
	// The month of the verdict's Attribute: the deadline, else the start.
	o.Month = audit.NoDate
	switch {
	case o.Deadline != audit.NoDate:
		o.Month = o.Deadline.FirstOfMonth()
	case start != audit.NoDate:
		o.Month = start.FirstOfMonth()
	}
	for _, name := range []string{"days_late", "days_left"} {
		if s := get(name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				return o, fmt.Errorf("column %s: %q is not a number", name, s)
			}
			o.Days = n
		}
	}
	return o, nil
}

// unsafe undoes csvout.Safe: the apostrophe that keeps a spreadsheet from running a
// value as a formula.
func unsafe(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// Dedupe keeps one observation per (case, rule): the last one, so that verdicts.csv
// files given oldest first let the newest knowledge win. Observations without a case
// id (protected persons) cannot be matched and are all kept. It returns the number of
// observations dropped.
func Dedupe(obs []Observation) ([]Observation, int) {
	type key struct{ caseID, rule string }
	last := map[key]int{}
	for i := range obs {
		if obs[i].CaseID != "" {
			last[key{obs[i].CaseID, obs[i].Rule}] = i
		}
	}
	out := obs[:0:0]
	for i := range obs {
		if obs[i].CaseID == "" || last[key{obs[i].CaseID, obs[i].Rule}] == i {
			out = append(out, obs[i])
		}
	}
	return out, len(obs) - len(out)
}

// ParseMonth parses "YYYY-MM" and returns the month's first day.
func ParseMonth(s string) (audit.Date, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return audit.NoDate, fmt.Errorf("invalid month %q: expected YYYY-MM such as 2026-01", s)
	}
	return audit.DateOf(t.Year(), t.Month(), 1), nil
}
