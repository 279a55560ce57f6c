package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/routinefile"
)

func runFrist(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("frist", `frist [options] DATE "EXPRESSION"`, stderr)
	roll := fs.String("roll-forward", "default", "move a deadline on a non-vardag to the next vardag: yes, no or default (yes for vardagar/arbetsdagar)")
	calendar := fs.String("calendar", "", "calendar `FILE` with extra closed days for arbetsdagar, or a routine file with a calendar: block")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() != 2 {
		return usagef(`expected a date and an expression, e.g. rutinkoll frist 2026-06-17 "3 vardagar"`)
	}
	start, err := audit.ParseDate(fs.Arg(0))
	if err != nil {
		return usagef("%v", err)
	}
	dl, err := audit.ParseDeadline(fs.Arg(1))
	if err != nil {
		return usagef("%v", err)
	}
	cals := audit.DefaultCalendars()
	if *calendar != "" {
		f, err := readFile(*calendar)
		if err != nil {
			return err
		}
		closed, err := routinefile.ParseCalendar(f)
		if err != nil {
			return fmt.Errorf("calendar file invalid:\n%w", err)
		}
		cals.Arbetsdag = audit.NewCalendar("arbetsdagar", closed)
	}
	rf := dl.CountsWorkdays()
	if *roll != "default" {
		if rf, err = strconv.ParseBool(map[string]string{"yes": "true", "ja": "true", "no": "false", "nej": "false"}[*roll]); err != nil {
			return usagef("--roll-forward %q: expected yes, no or default", *roll)
		}
	}
	switch {
	case dl.LeadTime:
		fmt.Fprintf(stdout, "%q has no number: rutinkoll measures the lead time only, unless a local policy file sets a deadline.\n", fs.Arg(1))
		return nil
	case dl.Recurring != audit.PeriodNone:
		fmt.Fprintf(stdout, "%s: recurring. From %s the first occurrence is due by %s, then at most one %s between occurrences.\n",
			dl, start, dl.Recurring.Next(start), dl.Recurring)
		return nil
	}
	ex := dl.Explain(start, cals, rf)
	fmt.Fprintf(stdout, "Deadline: %s (%s)\n", ex.Deadline, weekdaySv(ex.Deadline))
	fmt.Fprintf(stdout, "Counted:  %s from %s (%s), the start day is day 0\n", dl, start, weekdaySv(start))
	for _, s := range ex.Skipped {
		fmt.Fprintf(stdout, "Skipped:  %s (%s) %s\n", s.Date, weekdaySv(s.Date), s.Reason)
	}
	if ex.RolledFrom != audit.NoDate {
		fmt.Fprintf(stdout, "Rolled:   %s is %s, moved to the next vardag %s\n", ex.RolledFrom, ex.RolledWhy, ex.Deadline)
	} else if !rf && !cals.Vardag.IsVardag(ex.Deadline) {
		fmt.Fprintf(stdout, "Note:     %s is %s; not moved (roll-forward off)\n", ex.Deadline, cals.Vardag.Why(ex.Deadline))
	}
	return nil
}

var weekdays = [...]string{"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"}

func weekdaySv(d audit.Date) string { return weekdays[d.Weekday()] }
