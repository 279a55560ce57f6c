package schedule

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one thing wrong in a jobs file, with the position of the YAML node at
// fault. Its Error method reads
//
//	jobs.yaml:4:11: job "nightly": field 'cron': "30 2 * *" has 4 fields; expected 5 fields …
type Problem struct {
	File     string // the jobs file's name as given to ParseJobs
	Line     int    // 1-based; 0 when unknown
	Column   int    // 1-based; 0 when unknown
	Job      string // the job's name; "" for top-level fields
	Field    string // dotted field path such as "cron" or "input.pick"; "" for the job or file as a whole
	Message  string // what is wrong, echoing the value
	Expected string // what would be right; may be ""
}

// Error formats the problem as path:line:column: job "name": field 'f': message; expected ….
func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	switch {
	case p.Line > 0 && p.Column > 0:
		fmt.Fprintf(&b, ":%d:%d", p.Line, p.Column)
	case p.Line > 0:
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Job != "" {
		fmt.Fprintf(&b, "job %q: ", p.Job)
	}
	if p.Field != "" {
		fmt.Fprintf(&b, "field '%s': ", p.Field)
	}
	b.WriteString(p.Message)
	if p.Expected != "" {
		b.WriteString("; expected ")
		b.WriteString(p.Expected)
	}
	return b.String()
}

// JobsError lists every problem found in a jobs file, sorted by position. ParseJobs
// returns it (as *JobsError) whenever the file is not valid; errors.As reaches it
// through the wrapping of ReadJobsFile.
type JobsError struct {
	// Problems are the problems found, sorted by line and column.
	Problems []*Problem
}

// Error returns one problem per line.
func (e *JobsError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, so errors.As finds a *Problem.
func (e *JobsError) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}

func sortProblems(ps []*Problem) {
	slices.SortStableFunc(ps, func(a, b *Problem) int {
		if c := cmp.Compare(a.Line, b.Line); c != 0 {
			return c
		}
		return cmp.Compare(a.Column, b.Column)
	})
}

// suggest returns ` (did you mean 'x'?)` when name is within two edits of a known name.
func suggest(name string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(strings.ToLower(name), k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean '%s'?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
