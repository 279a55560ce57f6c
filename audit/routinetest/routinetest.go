// Package routinetest runs routine test files: it evaluates each test's cases as of
// its brytdatum and compares the verdicts with the expected ones.
package routinetest

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/routinefile"
)

// Failure is one expectation that did not hold.
type Failure struct {
	File string
	Line int
	Test string
	Exp  string
	Got  string
}

func (f Failure) String() string {
	return fmt.Sprintf("%s:%d: test %q\n  exp: %s\n  got: %s", f.File, f.Line, f.Test, f.Exp, f.Got)
}

// Report summarises a run.
type Report struct {
	Tests        int
	Expectations int
	Failures     []Failure
	Rules        map[string]int // expectations per rule id
}

// Run runs the tests of tf against the rules of routines.
func Run(tf *routinefile.TestFile, routines []*audit.Routine) Report {
	var rules []*audit.Rule
	byID := map[string]int{}
	for _, rt := range routines {
		for _, r := range rt.Rules {
			byID[r.ID] = len(rules)
			rules = append(rules, r)
		}
	}
	rep := Report{Rules: map[string]int{}}
	for _, t := range tf.Tests {
		rep.Tests++
		caseIdx := map[string]int{}
		for i, c := range t.Dataset.Cases {
			caseIdx[c.ID()] = i
		}
		cache := map[int]*audit.Result{}
		for _, x := range t.Expect {
			rep.Expectations++
			rep.Rules[x.Rule]++
			ri, ok := byID[x.Rule]
			if !ok {
				msg := "no rule with id " + x.Rule + " is loaded"
				if near := nearestRule(x.Rule, byID); near != "" {
					msg += "; did you mean " + near + "?"
				} else {
					msg += "; 'rutinkoll routines list' lists the rule ids"
				}
				rep.Failures = append(rep.Failures, Failure{tf.Name, x.Line, t.Name, describeExp(x), msg})
				continue
			}
			ci := caseIdx[x.Case]
			res, ok := cache[ci]
			if !ok {
				res = audit.EvaluateCase(&t.Dataset, ci, rules, t.Asof)
				cache[ci] = res
			}
			var got *audit.Verdict
			for i := range res.Verdicts {
				if int(res.Verdicts[i].Rule) == ri {
					got = &res.Verdicts[i]
				}
			}
			if got == nil {
				rep.Failures = append(rep.Failures, Failure{tf.Name, x.Line, t.Name, describeExp(x), "no verdict: the case's insats is outside the routine's scope"})
				continue
			}
			if !matches(x, got) {
				rep.Failures = append(rep.Failures, Failure{tf.Name, x.Line, t.Name, describeExp(x), describeGot(x, got, res.Reason(got))})
			}
		}
	}
	return rep
}

func matches(x routinefile.Expectation, v *audit.Verdict) bool {
	if x.Status != v.Status {
		return false
	}
	if x.DaysLate != nil && (v.Status != audit.Sen && v.Status != audit.Saknas || int(v.Days) != *x.DaysLate) {
		return false
	}
	if x.DaysLeft != nil && (v.Status != audit.Pagaende || int(v.Days) != *x.DaysLeft) {
		return false
	}
	if x.Deadline != audit.NoDate && x.Deadline != v.Deadline {
		return false
	}
	return true
}

func describeExp(x routinefile.Expectation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "case %s rule %s: %s", x.Case, x.Rule, x.Status.Code())
	if x.DaysLate != nil {
		fmt.Fprintf(&b, ", days_late %d", *x.DaysLate)
	}
	if x.DaysLeft != nil {
		fmt.Fprintf(&b, ", days_left %d", *x.DaysLeft)
	}
	if x.Deadline != audit.NoDate {
		fmt.Fprintf(&b, ", deadline %s", x.Deadline)
	}
	return b.String()
}

func describeGot(x routinefile.Expectation, v *audit.Verdict, reason string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "case %s rule %s: %s", x.Case, x.Rule, v.Status.Code())
	switch v.Status {
	case audit.Sen, audit.Saknas:
		fmt.Fprintf(&b, ", days_late %d", v.Days)
	case audit.Pagaende:
		fmt.Fprintf(&b, ", days_left %d", v.Days)
	}
	if v.Deadline != audit.NoDate {
		fmt.Fprintf(&b, ", deadline %s", v.Deadline)
	}
	if reason != "" {
		fmt.Fprintf(&b, " (%s)", reason)
	}
	return b.String()
}

// lastNumber is a rule id's last number of one digit, as in "PAR-6".
var lastNumber = regexp.MustCompile(`([^0-9])([0-9])$`)

// nearestRule returns the loaded rule id id is most likely meant as: the id with its
// last number written with two digits ("PAR-6" for PAR-06), else the nearest by
// spelling, or "".
func nearestRule(id string, byID map[string]int) string {
	if padded := lastNumber.ReplaceAllString(id, "${1}0$2"); padded != id {
		if _, ok := byID[padded]; ok {
			return padded
		}
	}
	return audit.Nearest(id, slices.Sorted(maps.Keys(byID)))
}
