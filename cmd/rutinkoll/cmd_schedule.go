package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/cmd/rutinkoll/schedule"
	"github.com/rutinkoll/rutinkoll/importers/person"
	"github.com/rutinkoll/rutinkoll/importers/profile"
	"github.com/rutinkoll/rutinkoll/reports/ivo"
)

// runSchedule runs every job of a jobs file on its cron schedule, in the foreground,
// until SIGINT/SIGTERM; running jobs then get a grace period to finish.
func runSchedule(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("schedule", "schedule --jobs FILE [--grace DURATION] [--log-format text|json]", stderr)
	jobsPath := fs.String("jobs", "", "jobs `FILE` (YAML)")
	grace := fs.Duration("grace", schedule.DefaultGrace, "how long a running job may finish after SIGINT/SIGTERM")
	logFormat := fs.String("log-format", "", "log format: text or json (default: the jobs file's log_format, else text)")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if err := noArguments(fs); err != nil {
		return err
	}
	if *jobsPath == "" {
		return usagef("--jobs FILE is required")
	}
	jf, err := schedule.ReadJobsFile(*jobsPath)
	if err != nil {
		return err
	}
	format := *logFormat
	if format == "" {
		format = jf.LogFormat
	}
	log, err := schedule.NewLogger(stderr, format, nil)
	if err != nil {
		return usagef("%v", err)
	}
	s, err := schedule.New(jf, jobRunner(stderr, format), schedule.Options{Logger: log, Grace: *grace, StatePath: jf.StateFile})
	if err != nil {
		return err
	}
	return s.Run(ctx)
}

// runJobNow runs one job of a jobs file now: for catch-up and for testing a jobs file.
func runJobNow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run", "run --jobs FILE [--asof YYYY-MM-DD] [--log-format text|json] JOB", stderr)
	jobsPath := fs.String("jobs", "jobs.yaml", "jobs `FILE` (YAML)")
	asof := fs.String("asof", "", "run as if today were `YYYY-MM-DD`: the report of the job's latest fire time by the end of that day; default: today")
	logFormat := fs.String("log-format", "", "log format: text or json (default: the jobs file's log_format, else text)")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("expected one job name")
	}
	jf, err := schedule.ReadJobsFile(*jobsPath)
	if err != nil {
		return err
	}
	job := jf.Job(fs.Arg(0))
	if job == nil {
		var names []string
		for _, j := range jf.Jobs {
			names = append(names, j.Name)
		}
		msg := fmt.Sprintf("no job %q in %s", fs.Arg(0), *jobsPath)
		if s := audit.Nearest(fs.Arg(0), names); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return usagef("%s", msg)
	}
	now := time.Now().In(job.Location)
	fire := ""
	if last := job.LastFire(now); *asof == "" && !last.IsZero() {
		// The report of the latest fire time, as the scheduler's catch-up makes it: on
		// 4 December a monthly job due on the 6th reports October, not a premature
		// November.
		now, fire = last, " for the fire time "+last.Format("2006-01-02 15:04 MST")
	}
	if *asof != "" {
		d, err := audit.ParseDate(*asof)
		if err != nil {
			return usagef("--asof: %v", err)
		}
		// A run writes into the job's reports and moves latest and the state file: a
		// report as of a day still to come would stand as the newest, and catch-up
		// would take its period as done.
		if today := audit.DateFromTime(now); d > today {
			return usagef("--asof %s is after today (%s): a run reports on what has happened by its brytdatum; give today or an earlier day (to try a future date without writing reports, use rutinkoll audit --asof)", d, today)
		}
		y, m, day := d.Civil()
		now, fire = time.Date(y, m, day, 23, 59, 59, 0, job.Location), ""
		if last := job.LastFire(now); !last.IsZero() {
			// As the scheduler would have run it by then: the report of the day's
			// latest fire time, never a period cut off before its brytdatum.
			now, fire = last, " for the fire time "+last.Format("2006-01-02 15:04 MST")
		}
	}
	format := cmp.Or(*logFormat, jf.LogFormat)
	log, err := schedule.NewLogger(stderr, format, nil)
	if err != nil {
		return usagef("%v", err)
	}
	out, err := schedule.RunOnce(ctx, job, now, jobRunner(stderr, format), schedule.RunOptions{StatePath: jf.StateFile, Logger: log, Trigger: "manual"})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Job %s, period %s (brytdatum %s%s): wrote %s\n", job.Name, out.Period.Name, out.Period.Asof, fire, out.OutDir)
	if n := out.Counts["rejected_rows"]; n > 0 {
		// As audit does: the report is written, and the rejected rows need a look.
		fmt.Fprintf(stdout, "%d input rows were rejected: see %s\n", n, filepath.Join(out.OutDir, "rejected.csv"))
		return &exitError{exitFindings}
	}
	return nil
}

// runJobs checks a jobs file and prints each job's next five run times.
func runJobs(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(stderr, "Usage: rutinkoll jobs check FILE   (validate a jobs file and print each job's next run times)")
		return nil
	}
	if len(args) == 0 || args[0] != "check" {
		return usagef("expected: rutinkoll jobs check FILE")
	}
	fs := newFlagSet("jobs check", "jobs check FILE", stderr)
	if ok, err := parseFlags(fs, args[1:]); !ok {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("expected one jobs file")
	}
	fmt.Fprintf(stdout, "Checking %s\n", fs.Arg(0))
	jf, err := schedule.ReadJobsFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stdout, "FAILED:")
		fmt.Fprintln(stdout, err)
		return &exitError{exitFindings}
	}
	now := time.Now()
	var problems []string
	for _, j := range jf.Jobs {
		fmt.Fprintf(stdout, "\njob %s: cron %q (%s), period %s, kinds %s, out %s\n", j.Name, j.Cron, j.Timezone, j.Period, strings.Join(j.Kinds, ","), j.Out)
		var capped, preliminary bool
		var first *plannedRun
		for _, t := range schedule.NextRuns(j, now, 5) {
			r := describeRun(j, t)
			fmt.Fprintf(stdout, "  next: %s\n", r.text)
			capped = capped || r.capped
			preliminary = preliminary || r.preliminary
			if first == nil {
				first = &r
			}
		}
		if first != nil && first.resolved {
			// What the next run would read if it ran now: a wrong pick shows here.
			if files, err := j.Input.Select(first.period, j.Location); err == nil {
				fmt.Fprintf(stdout, "  input now: %s\n", strings.Join(files, ", "))
			}
		}
		if capped {
			fmt.Fprintf(stdout, "  note: brytdatum_days_after_period_end is %d, but some runs come sooner after the period's end; they use their own date as brytdatum. To get the full %d days, run the job later (cron) or lower the number.\n", j.BrytdatumDays, j.BrytdatumDays)
		}
		if !strings.Contains(j.Out, ".Period") {
			fmt.Fprintf(stdout, "  note: out %q has no {{.Period}}: each run replaces the report before it, and a run for an earlier period (run --asof) is refused once a later one is there. Put {{.Period}} in out to keep a report per period.\n", j.Out)
		}
		if preliminary {
			fmt.Fprintf(stdout, "  note: a run before its quarter has ended writes the IVO list of the quarter so far, marked Preliminär; the first run after the quarter's end writes the final list. period: previous-quarter gives one final list a quarter.\n")
		}
		problems = append(problems, jobProblems(j)...)
		if n, err := j.Input.Matching(); err == nil && n == 0 {
			fmt.Fprintf(stdout, "  note: no file in %s matches %q now; a run fails unless an export arrives there first\n", absPath(j.Input.Dir), j.Input.Glob)
		}
	}
	if err := schedule.CheckStateDir(jf.StateFile); err != nil {
		problems = append(problems, "state_file: "+err.Error())
	}
	if len(problems) > 0 {
		fmt.Fprintf(stdout, "\nFAILED: the file is valid, but these jobs would fail when they run:\n")
		for _, p := range problems {
			fmt.Fprintf(stdout, "  %s\n", p)
		}
		return &exitError{exitFindings}
	}
	fmt.Fprintf(stdout, "\nSUCCESS: %d jobs\n", len(jf.Jobs))
	return nil
}

// plannedRun is what jobs check says of one coming run of a job.
type plannedRun struct {
	text        string // "2026-12-06 06:00 CET (Sun): period 2026-11, brytdatum 2026-12-05"
	capped      bool   // the brytdatum is the run's date, sooner than the job's days after the period
	preliminary bool   // the run writes an IVO list before its quarter has ended
	period      schedule.Period
	resolved    bool // period is set (the job's period kind is known)
}

// describeRun says which period and brytdatum the run of j at t reports on, as the
// scheduler will resolve them, and which IVO quarter it writes.
func describeRun(j *schedule.Job, t time.Time) plannedRun {
	local := t.In(j.Location)
	r := plannedRun{text: local.Format("2006-01-02 15:04 MST (Mon)")}
	p, err := j.Resolve(t)
	if err != nil {
		return r // an unknown period is reported by the parser
	}
	r.period, r.resolved = p, true
	r.text += fmt.Sprintf(": period %s, brytdatum %s", p.Name, p.Asof)
	if p.Kind != schedule.CurrentMonth && p.Asof < p.End.AddDays(j.BrytdatumDays) {
		r.capped = true
		r.text += " (the run's date)"
	}
	if slices.Contains(j.Kinds, schedule.KindIVO) {
		q := ivo.QuarterOf(p.End)
		r.text += ", IVO " + q.String()
		if ivo.PreliminaryAt(q, t) {
			r.preliminary = true
			r.text += " (preliminär)"
		}
	}
	return r
}

// absPath is p as an absolute path, for messages (relative paths in a jobs file are
// read from its directory, which may not be the current one); p itself if that fails.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// jobProblems returns what would make job j fail when it runs, as far as can be seen
// now: its input directory, calendar, policy and key files missing, routines or the
// profile unknown or broken, a profile that needs a pseudonym key without one.
func jobProblems(j *schedule.Job) []string {
	var out []string
	add := func(format string, args ...any) {
		out = append(out, fmt.Sprintf("job %s: ", j.Name)+fmt.Sprintf(format, args...))
	}
	if fi, err := os.Stat(j.Input.Dir); err != nil {
		add("input dir %s: %v; create it or correct input.dir", absPath(j.Input.Dir), errUnwrapPath(err))
	} else if !fi.IsDir() {
		add("input dir %s is not a directory; correct input.dir", absPath(j.Input.Dir))
	}
	ro := jobRoutines(j)
	keyFile := j.KeyFile
	// A missing file is said once, here: the loads below skip it.
	for _, f := range []struct {
		field, path string
		skip        *string
	}{{"calendar", j.Calendar, &ro.calendar}, {"policy", j.Policy, &ro.policy}, {"key_file", j.KeyFile, &keyFile}} {
		if f.path == "" {
			continue
		}
		if _, err := os.Stat(f.path); err != nil {
			add("%s %s: %v; correct the job's %s", f.field, absPath(f.path), errUnwrapPath(err), f.field)
			*f.skip = ""
		}
	}
	vocab := audit.NewVocabulary()
	if _, err := ro.load(vocab); err != nil {
		add("%v", err) // names the file: a routine, the calendar or the policy
	}
	if j.Profile != "" {
		p, err := profile.LoadWith(j.Profile, vocab)
		if err == nil {
			err = p.Validate(vocab)
		}
		if err != nil {
			add("profile %s: %v", j.Profile, err)
		}
		_, err = person.LoadKey(keyFile, person.DefaultKeyEnv)
		switch {
		case keyFile == "" && j.KeyFile != "":
			// The key file is missing: said above.
		case errors.Is(err, person.ErrNoKey):
			if p != nil && p.NeedsKey() {
				add("profile %s reads personnummer and needs the pseudonym key: set key_file, or the environment variable %s where the scheduler runs", j.Profile, person.DefaultKeyEnv)
			}
		case err != nil && j.KeyFile != "":
			add("key_file %s: %v; correct the job's key_file", absPath(j.KeyFile), err)
		case err != nil:
			add("pseudonym key from the environment variable %s: %v", person.DefaultKeyEnv, err)
		}
	}
	return out
}

// jobRunner returns the function the scheduler calls for one run: an audit of the
// job's inputs for its period, written into the run's temporary directory.
func jobRunner(stderr io.Writer, logFormat string) schedule.RunFunc {
	return func(ctx context.Context, req schedule.Request) (schedule.Result, error) {
		imp := importOptions{profile: req.Job.Profile, keyFile: req.Job.KeyFile}
		res := schedule.Result{Counts: map[string]int{}}
		if slices.Contains(req.Job.Kinds, schedule.KindIVO) {
			if err := jobIVO(ctx, req, imp, &res); err != nil {
				return schedule.Result{}, inJobField(err)
			}
		}
		if slices.Contains(req.Job.Kinds, schedule.KindTrend) {
			if err := jobTrend(ctx, req, imp, logFormat, stderr); err != nil {
				return schedule.Result{}, inJobField(err)
			}
			res.Files = append(res.Files, "trend.xlsx", "trend.pdf")
		}
		if !slices.Contains(req.Job.Kinds, schedule.KindAudit) {
			return res, nil
		}
		c := commonAuditFlags{ro: jobRoutines(req.Job), asof: req.Period.Asof.String(),
			out: req.OutDir, lang: "sv", logFormat: logFormat, imp: imp, muni: req.Job.Municipality}
		args := []string{"run", req.Job.Name, "--period", req.Period.Name}
		j, err := c.job(stderr, args)
		if err != nil {
			return schedule.Result{}, inJobField(err)
		}
		j.log, j.finalDir = req.Logger, req.FinalDir
		for _, p := range req.Inputs {
			if _, err := os.Stat(p); err != nil {
				return schedule.Result{}, fmt.Errorf("input %s: %w", p, err)
			}
			j.inputs = append(j.inputs, fileInput(p))
		}
		p := req.Period
		j.inPeriod = p.Contains
		j.period = p.Name
		o, err := j.run()
		if err != nil {
			return schedule.Result{}, err
		}
		res.Counts["verdicts"] = o.report.Summary.Total.Total
		res.Counts["cases"] = len(o.report.Dataset.Cases)
		res.Counts["rejected_rows"] = len(o.report.Rejected)
		for _, f := range o.files {
			res.Files = append(res.Files, filepath.Base(f))
		}
		return res, nil
	}
}

// inJobField ties err to the job's field it comes from (routines, calendar, policy)
// when it is a failure to read what that field names, so that the scheduler says where
// in the jobs file the fix goes, whatever kind of report the job was writing.
func inJobField(err error) error {
	if oe := (*optionError)(nil); errors.As(err, &oe) {
		return &schedule.FieldError{Field: oe.option, Err: err}
	}
	return err
}

// jobRunKey is the context key of a jobRun: the trend part of a job is run through the
// trend command, which then logs as part of the job.
type jobRunKey struct{}

// jobRun is what a command run as part of a job logs with.
type jobRun struct {
	log      *slog.Logger // the job's logger, with job and period
	finalDir string       // where the temporary output directory goes on success
}

// paths returns files (in the temporary output directory) as they will be named once
// the run succeeds.
func (jr jobRun) paths(files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = filepath.Join(jr.finalDir, filepath.Base(f))
	}
	return out
}

// jobIVO writes the IVO report of the quarter the job's period ends in.
func jobIVO(ctx context.Context, req schedule.Request, imp importOptions, res *schedule.Result) error {
	var inputs []namedInput
	for _, p := range req.Inputs {
		inputs = append(inputs, fileInput(p))
	}
	in, err := readInputs(inputs, audit.NewVocabulary(), req.Logger, imp)
	if err != nil {
		return err
	}
	q := ivo.QuarterOf(req.Period.End)
	rep := ivo.Compute(in.dataset, q, ivo.Options{GeneratedAt: time.Now().UTC().Truncate(time.Second), Lang: "sv", Municipality: req.Job.Municipality,
		CommandLine: "rutinkoll run " + req.Job.Name, Inputs: in.stats})
	files, err := writeAtomically(req.OutDir, []outputFile{
		{"ivo.xlsx", func(w io.Writer) error { return ivo.WriteXLSX(w, rep) }},
		{"ivo.pdf", func(w io.Writer) error { return ivo.WritePDF(w, rep) }},
	})
	if err != nil {
		return err
	}
	res.Counts["ivo_new"], res.Counts["ivo_ongoing"], res.Counts["ivo_closed"] = rep.Stats.New, rep.Stats.Ongoing, rep.Stats.Closed
	res.Counts["ivo_beslut_cases"] = rep.BeslutCases
	if rep.BeslutCases == 0 {
		req.Logger.Warn("the input has no beslut event up to the quarter's end: the IVO lists are empty for want of data; check the export and the import profile",
			"quarter", q.String())
	}
	for _, f := range files {
		res.Files = append(res.Files, filepath.Base(f))
	}
	return nil
}

// jobRoutines is the routine options of a job: its routines, calendar and policy.
func jobRoutines(j *schedule.Job) routineOptions {
	return routineOptions{files: listFlag(j.Routines), calendar: j.Calendar, policy: j.Policy}
}

// jobTrend writes the LOV trend report of the twelve months ending with the job's
// period, as `rutinkoll trend` would.
func jobTrend(ctx context.Context, req schedule.Request, imp importOptions, logFormat string, stderr io.Writer) error {
	to := req.Period.End.FirstOfMonth()
	args := []string{"--from", to.AddMonths(-11).Period(), "--to", to.Period(), "--asof", req.Period.Asof.String(), "--out", req.OutDir}
	if logFormat != "" {
		args = append(args, "--log-format", logFormat) // the scheduler's, so that its log stays one format
	}
	if imp.profile != "" {
		args = append(args, "--profile", imp.profile)
	}
	if imp.keyFile != "" {
		args = append(args, "--key-file", imp.keyFile)
	}
	for _, r := range req.Job.Routines {
		args = append(args, "--routines", r)
	}
	if req.Job.Calendar != "" {
		args = append(args, "--calendar", req.Job.Calendar)
	}
	if req.Job.Policy != "" {
		args = append(args, "--policy", req.Job.Policy)
	}
	if req.Job.Municipality != "" {
		args = append(args, "--municipality", req.Job.Municipality)
	}
	for _, p := range req.Inputs {
		args = append(args, "--input", p)
	}
	err := runTrend(context.WithValue(ctx, jobRunKey{}, jobRun{log: req.Logger, finalDir: req.FinalDir}), args, io.Discard, stderr)
	var ee *exitError
	if errors.As(err, &ee) && ee.code == exitFindings {
		return nil // rejected input rows: the audit output lists them
	}
	return err
}
