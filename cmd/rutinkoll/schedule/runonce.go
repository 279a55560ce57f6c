package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"
)

// RunFunc produces a job's reports. It writes every file into req.OutDir, a fresh
// empty directory, and returns what it counted and wrote. Its error is logged: it must
// not contain personal data (no personnummer, no names), nor may the files' names.
type RunFunc func(ctx context.Context, req Request) (Result, error)

// Request is what a RunFunc is asked to do.
type Request struct {
	// Job is the job being run.
	Job *Job
	// Period is the resolved period, with its brytdatum.
	Period Period
	// Inputs are the export files to read, chosen by the job's input section.
	Inputs []string
	// OutDir is a fresh temporary directory to write into. It becomes FinalDir when
	// the run succeeds and is removed when it fails.
	OutDir string
	// FinalDir is where the report will be once the run succeeds.
	FinalDir string
	// Logger is the scheduler's logger with the job and period attached.
	Logger *slog.Logger
}

// Result is what a successful RunFunc reports.
type Result struct {
	// Counts are figures for the log, such as {"cases": 812, "deviations": 37}.
	Counts map[string]int
	// Files are the files written, relative to Request.OutDir (absolute paths inside
	// OutDir are accepted and made relative). Each must exist when RunFunc returns.
	Files []string
}

// RunOptions configure RunOnce. The zero value uses the jobs file's state file and
// logs nothing.
type RunOptions struct {
	// StatePath overrides the jobs file's state_file.
	StatePath string
	// Logger receives the run's start, finish or failure; nil discards.
	Logger *slog.Logger
	// Trigger says why the run happens, for the log: "schedule", "catch-up",
	// "manual". Default "manual".
	Trigger string
}

// Outcome describes a finished run.
type Outcome struct {
	Job      string         // the job's name
	Trigger  string         // why it ran
	Period   Period         // the period reported on
	Inputs   []string       // the input files given to the RunFunc
	OutDir   string         // the final report directory
	Files    []string       // the files written, as paths under OutDir
	Latest   string         // the latest symlink or LATEST file updated; "" when a newer period had been made
	Counts   map[string]int // the RunFunc's counts
	Started  time.Time      // when the run started (by the system clock)
	Duration time.Duration  // how long it took
}

// PanicError is returned (wrapped) by RunOnce when the RunFunc panicked. The panic is
// recovered and the run treated as failed.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the goroutine's stack at the panic
}

// Error returns "run panicked: <value>".
func (e *PanicError) Error() string { return fmt.Sprintf("run panicked: %v", e.Value) }

// RunOnce runs job once for the period it reports on at now:
//
//  1. takes the job's lock (wrapping ErrLocked when another run holds it);
//  2. resolves the period in the job's time zone, renders the output directory and
//     selects the input files;
//  3. removes what an interrupted earlier run left behind, and creates a fresh
//     temporary directory beside the output directory (same file system);
//  4. calls run with it, recovering a panic as a failure;
//  5. on success moves the directory into place (see replaceDir: atomic on Linux,
//     a window of two renames elsewhere), points "latest" in the output directory's
//     parent at it (or writes "LATEST" where symlinks are not possible), and records
//     the period in the state file (written atomically);
//  6. on failure removes the temporary directory and leaves the previous report and
//     "latest" untouched.
//
// It logs start, finish (duration, counts, output paths) or failure through
// opts.Logger; nothing it logs comes from the case data.
func RunOnce(ctx context.Context, job *Job, now time.Time, run RunFunc, opts RunOptions) (*Outcome, error) {
	if job == nil || job.sched == nil || job.out == nil || job.Location == nil {
		return nil, errors.New("run job: the job was not made by ParseJobs")
	}
	if run == nil {
		return nil, fmt.Errorf("run job %q: no RunFunc", job.Name)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	trigger := cmpOr(opts.Trigger, "manual")
	statePath := opts.StatePath
	if statePath == "" && job.file != nil {
		statePath = job.file.StateFile
	}
	if statePath == "" {
		return nil, fmt.Errorf("run job %q: no state file", job.Name)
	}
	log = log.With("job", job.Name)
	// fail reports a failure at stage; field is the job's field to look at, whose place
	// in the jobs file the message and the log give ("" = none).
	fail := func(stage, field string, err error) (*Outcome, error) {
		if errors.Is(err, ErrLocked) {
			log.Warn("run skipped: the job is running elsewhere", "trigger", trigger, "error", err)
			return nil, fmt.Errorf("run job %q: %s: %w", job.Name, stage, err)
		}
		at := ""
		if field != "" {
			at = job.Where(field)
		}
		if at == "" {
			log.Error("run failed", "trigger", trigger, "stage", stage, "error", err)
		} else {
			log.Error("run failed", "trigger", trigger, "stage", stage, "at", at, "error", err)
		}
		return nil, placed(at, fmt.Errorf("run job %q: %s: %w", job.Name, stage, err))
	}

	if err := os.MkdirAll(filepath.Dir(statePath), 0o777); err != nil {
		return fail("lock", "", stateDirError(statePath, err))
	}
	unlock, err := tryLock(jobLockPath(statePath, job.Name))
	if err != nil {
		if !errors.Is(err, ErrLocked) {
			err = stateDirError(statePath, err)
		}
		return fail("lock", "", err)
	}
	defer unlock()

	period, err := job.Resolve(now)
	if err != nil {
		return fail("period", "period", err)
	}
	log = log.With("period", period.Name)
	final, err := job.OutDir(period)
	if err != nil {
		return fail("output directory", "out", err)
	}
	// The newest period made so far, read once: the lock keeps other runs of the job
	// from changing it until this one is done.
	newer, hasNewer := newerRun(statePath, job.Name, period)
	if hasNewer && samePath(newer.OutDir, final) {
		return fail("output directory", "out", fmt.Errorf("%w: %s holds the report of %s, a later period than %s, and the job's out %q has no {{.Period}}; "+
			"put {{.Period}} in the job's out to keep a report per period", ErrWouldReplaceNewer, final, newer.Period, period.Name, job.Out))
	}
	inputs, err := job.Input.Select(period, job.Location)
	if err != nil {
		return fail("input", "input", err)
	}
	if err := cleanStale(final); err != nil {
		log.Warn("could not clean up after an earlier run", "error", err)
	}
	tmp, err := makeTempDir(final)
	if err != nil {
		return fail("output directory", "out", err)
	}
	started := time.Now()
	log.Info("run started", "trigger", trigger, "asof", period.Asof.String(),
		"period_start", period.Start.String(), "period_end", period.End.String(),
		"inputs", inputs, "out", final)

	res, err := callRun(ctx, run, Request{
		Job: job, Period: period, Inputs: inputs, OutDir: tmp, FinalDir: final, Logger: log,
	})
	var files []string
	if err == nil {
		files, err = checkFiles(tmp, res.Files)
	}
	if err != nil {
		if rerr := os.RemoveAll(tmp); rerr != nil {
			log.Warn("could not remove the failed run's temporary directory", "dir", tmp, "error", rerr)
		}
		var pe *PanicError
		if errors.As(err, &pe) {
			log.Error("run panicked", "trigger", trigger, "panic", fmt.Sprint(pe.Value), "stack", string(pe.Stack))
		}
		// What failed inside the run (a routine, the profile, the data) is in err; the
		// place given is the field's that names the file, or else the job's.
		field := ""
		if fe := (*FieldError)(nil); errors.As(err, &fe) {
			field = fe.Field
		}
		at := job.Where(field)
		log.Error("run failed; the previous report is left in place", "trigger", trigger,
			"stage", "run", "at", at, "duration", time.Since(started).Round(time.Millisecond).String(), "error", err)
		return nil, placed(at, fmt.Errorf("run job %q period %s: %w", job.Name, period.Name, err))
	}
	if err := replaceDir(tmp, final); err != nil {
		os.RemoveAll(tmp)
		return fail("publish", "out", err)
	}
	out := &Outcome{
		Job: job.Name, Trigger: trigger, Period: period, Inputs: inputs, OutDir: final,
		Counts: res.Counts, Started: started,
	}
	for _, f := range files {
		out.Files = append(out.Files, filepath.Join(final, f))
	}
	var errs []error
	if hasNewer {
		// A run for an earlier period (run --asof, a re-run): "latest" and the state
		// file stay with the newest period made.
		log.Info("an earlier period than the newest one made: latest left at that one", "newest", newer.Period)
	} else if out.Latest, err = updateLatest(filepath.Dir(final), filepath.Base(final)); err != nil {
		errs = append(errs, err)
	}
	err = recordSuccess(context.WithoutCancel(ctx), statePath, job.Name, JobState{
		Period: period.Name, Start: period.Start.String(), End: period.End.String(),
		Asof: period.Asof.String(), OutDir: final, FinishedAt: time.Now().UTC().Truncate(time.Second),
	})
	if err != nil {
		errs = append(errs, err)
	}
	out.Duration = time.Since(started)
	attrs := []any{"trigger", trigger, "duration", out.Duration.Round(time.Millisecond).String(),
		"out", final, "files", out.Files, "latest", out.Latest}
	for _, k := range sortedKeys(res.Counts) {
		attrs = append(attrs, slog.Int("count_"+k, res.Counts[k]))
	}
	if err := errors.Join(errs...); err != nil {
		log.Error("run finished, but bookkeeping failed", append(attrs, "error", err)...)
		return out, fmt.Errorf("run job %q period %s: report written to %s: %w", job.Name, period.Name, final, err)
	}
	log.Info("run finished", attrs...)
	return out, nil
}

// callRun calls run, turning a panic into a *PanicError.
func callRun(ctx context.Context, run RunFunc, req Request) (res Result, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	return run(ctx, req)
}

// checkFiles makes the result's file names relative to dir and checks they exist.
func checkFiles(dir string, files []string) ([]string, error) {
	out := make([]string, 0, len(files))
	for _, f := range files {
		rel := f
		if filepath.IsAbs(f) {
			r, err := filepath.Rel(dir, f)
			if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
				return nil, fmt.Errorf("result lists %s, which is outside the output directory", f)
			}
			rel = r
		}
		rel = filepath.Clean(rel)
		if !filepath.IsLocal(rel) {
			return nil, fmt.Errorf("result lists %s, which is outside the output directory", f)
		}
		if _, err := os.Stat(filepath.Join(dir, rel)); err != nil {
			return nil, fmt.Errorf("result lists %s, which was not written: %w", rel, err)
		}
		out = append(out, rel)
	}
	return out, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// placed puts at, a place in the jobs file ("jobs.yaml:5:15"), before err's text, as
// file:line:column messages go; err as it is when at is "".
func placed(at string, err error) error {
	if at == "" {
		return err
	}
	return fmt.Errorf("%s: %w", at, err)
}
