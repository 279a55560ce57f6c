package schedule

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/robfig/cron/v3"
)

// Period kinds a job may name in its 'period' field.
const (
	CurrentMonth    = "current-month"    // the month of the run; brytdatum is the run's date
	PreviousMonth   = "previous-month"   // the month before the run's month
	PreviousQuarter = "previous-quarter" // the calendar quarter before the run's quarter
)

// Report kinds a job may list in its 'kinds' field.
const (
	KindAudit = "audit" // the monthly routine audit (Excel and PDF)
	KindIVO   = "ivo"   // the IVO report of ej verkställda beslut
	KindTrend = "trend" // trends over months per utförare
)

// Input picks a job may name in its 'input.pick' field.
const (
	PickNewest = "newest" // the matching file with the latest modification time
	PickPeriod = "period" // every matching file whose date falls in the period
)

// Log formats a jobs file may name in its 'log_format' field.
const (
	LogText = "text" // slog's key=value text format (the default)
	LogJSON = "json" // one JSON object per line
)

// Defaults applied to fields a jobs file leaves out.
const (
	DefaultTimezone      = "Europe/Stockholm"     // field 'timezone'
	DefaultBrytdatumDays = 5                      // GOT-08: dates are registered by the 5th of the next month
	DefaultStateFile     = "rutinkoll-state.json" // beside the jobs file
	DefaultGlob          = "*"                    // field 'input.glob'
)

// JobsFile is a parsed and validated jobs file. Relative paths in it (input.dir, out,
// state_file) are resolved against the directory of the file, so a service started
// from any working directory reads and writes the same places.
type JobsFile struct {
	// Name is the file name given to ParseJobs, used in messages.
	Name string
	// Dir is the directory relative paths are resolved against: filepath.Dir(Name).
	Dir string
	// StateFile is the path of the JSON state file (field 'state_file', default
	// rutinkoll-state.json beside the jobs file). Per-job lock files live beside it.
	StateFile string
	// LogFormat is LogText or LogJSON (field 'log_format', default text).
	LogFormat string
	// Jobs are the jobs in file order.
	Jobs []*Job
}

// Job returns the job called name, or nil.
func (f *JobsFile) Job(name string) *Job {
	for _, j := range f.Jobs {
		if j.Name == name {
			return j
		}
	}
	return nil
}

// Job is one named, scheduled report run.
type Job struct {
	// Name is the job's key under 'jobs'.
	Name string
	// Cron is the schedule as written: five fields or a descriptor such as @daily.
	Cron string
	// Timezone is the IANA zone the schedule and the period are read in.
	Timezone string
	// Location is Timezone loaded from the embedded zone database.
	Location *time.Location
	// Input says which export files the run reads.
	Input Input
	// Profile names the import profile (field 'profile'); "" when not set.
	Profile string
	// KeyFile is the file holding the pseudonym key (field 'key_file'), resolved
	// against the jobs file's directory; "" = the environment variable.
	KeyFile string
	// Routines are the routine files or ids to audit against (field 'routines').
	Routines []string
	// Calendar is the municipality's calendar file of extra closed days (field
	// 'calendar'), resolved against the jobs file's directory; "" = none.
	Calendar string
	// Policy is the local policy file giving numbers to "omgående" rules (field
	// 'policy'), resolved against the jobs file's directory; "" = none.
	Policy string
	// Municipality is the name printed on the reports (field 'municipality').
	Municipality string
	// Period is CurrentMonth, PreviousMonth or PreviousQuarter.
	Period string
	// BrytdatumDays is field 'brytdatum_days_after_period_end': for the previous-*
	// periods the brytdatum is the period's end plus this many days, but never after
	// the run's date.
	BrytdatumDays int
	// Out is the output directory template as written, e.g. "reports/{{.Period}}/".
	Out string
	// Kinds are the report kinds to produce (KindAudit, KindIVO, KindTrend).
	Kinds []string
	// CatchUp tells the scheduler to run the job once at start when its last
	// successful period is older than the one it should have produced by now.
	CatchUp bool

	file  *JobsFile
	sched *cron.SpecSchedule
	out   *template.Template
	at    map[string]position // where each field set is written; "" = the job's name
}

// FieldError is a run's failure that a field of the job names the cause of, such as a
// routine file in 'routines' that does not read: RunOnce gives that field's place in
// the jobs file. Its text is Err's.
type FieldError struct {
	Field string // the job's field, as in the jobs file: "routines", "calendar", …
	Err   error
}

// Error returns Err's text.
func (e *FieldError) Error() string { return e.Err.Error() }

// Unwrap returns Err.
func (e *FieldError) Unwrap() error { return e.Err }

// position is a line and column (1-based) in the jobs file.
type position struct{ line, col int }

// Where returns where field (such as "input" or "out") of the job is written in its
// jobs file, as "file:line:column", or where the job itself starts when the field is
// not set; "" for a job not read from a file. Run-time failures name it, so that the
// one who reads the log knows which line to look at.
func (j *Job) Where(field string) string {
	if j.file == nil {
		return ""
	}
	pos, ok := j.at[field]
	if !ok {
		pos, ok = j.at[""]
	}
	if !ok {
		return j.file.Name
	}
	return fmt.Sprintf("%s:%d:%d", j.file.Name, pos.line, pos.col)
}

// Input selects the export files a job reads.
type Input struct {
	// Dir is the directory searched, resolved against the jobs file's directory.
	Dir string
	// Glob is a file-name pattern (filepath.Match syntax) inside Dir; default "*".
	Glob string
	// Pick is PickNewest (default) or PickPeriod.
	Pick string
}

// OutData is what the 'out' template sees.
type OutData struct {
	Period string // the period's name: "2026-10" or "2026Q3"
	Job    string // the job's name
}

// ReadJobsFile reads and parses the jobs file at path.
func ReadJobsFile(path string) (*JobsFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read jobs file: %w", err)
	}
	return ParseJobs(path, data)
}

// Resolve returns the period the job produces when run at now (read in the job's
// time zone).
func (j *Job) Resolve(now time.Time) (Period, error) {
	p, err := Resolve(j.Period, now.In(j.Location), j.BrytdatumDays)
	if err != nil {
		return Period{}, fmt.Errorf("job %q: %w", j.Name, err)
	}
	return p, nil
}

// OutDir renders the job's output directory for period p, resolved against the jobs
// file's directory and cleaned.
func (j *Job) OutDir(p Period) (string, error) {
	dir, err := j.renderOut(p.Name)
	if err != nil {
		return "", fmt.Errorf("job %q: field 'out': %w", j.Name, err)
	}
	return dir, nil
}

func (j *Job) renderOut(period string) (string, error) {
	var b bytes.Buffer
	if err := j.out.Execute(&b, OutData{Period: period, Job: j.Name}); err != nil {
		return "", fmt.Errorf("%q: %s", j.Out, templateMessage(err))
	}
	s := strings.TrimSpace(b.String())
	if s == "" {
		return "", fmt.Errorf("template %q renders to an empty path", j.Out)
	}
	if !filepath.IsAbs(s) && j.file != nil {
		s = filepath.Join(j.file.Dir, s)
	}
	s = filepath.Clean(s)
	base := filepath.Base(s)
	switch {
	case base == "." || base == string(filepath.Separator) || base == "..":
		return "", fmt.Errorf("template %q renders to %q, which is not a directory of its own", j.Out, s)
	case strings.EqualFold(base, latestName):
		return "", fmt.Errorf("template %q renders to %q, whose name is reserved for the link to the newest report", j.Out, s)
	case strings.HasPrefix(base, "."):
		return "", fmt.Errorf("template %q renders to %q; names starting with '.' are reserved for temporary directories", j.Out, s)
	}
	return s, nil
}

// Next returns the first time after t at which the job fires, in the job's time zone,
// following the rules for daylight-saving changes in the package documentation. It
// returns the zero time when the schedule never fires within five years.
func (j *Job) Next(t time.Time) time.Time {
	return nextFire(j.sched, j.Location, t)
}

// NextRuns returns the next n times after from at which job fires (see Job.Next):
// DST-correct and without duplicates. For `rutinkoll jobs check`.
func NextRuns(job *Job, from time.Time, n int) []time.Time {
	var out []time.Time
	t := from
	for len(out) < n {
		t = job.Next(t)
		if t.IsZero() {
			break
		}
		out = append(out, t)
	}
	return out
}
