package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// DefaultGrace is how long Run waits for running jobs after its context ends, when
// Options.Grace is zero.
const DefaultGrace = time.Minute

// maxWait bounds one wait on the clock, so that a machine resumed from suspension or a
// stepped system clock is noticed within a minute.
const maxWait = time.Minute

// Options configure a Scheduler. The zero value is usable.
type Options struct {
	// Clock tells the time and waits; nil means SystemClock.
	Clock Clock
	// Logger receives what the scheduler and each run do; nil discards.
	Logger *slog.Logger
	// Grace is how long Run waits for running jobs once its context ends: zero means
	// DefaultGrace, a negative value not to wait.
	Grace time.Duration
	// StatePath overrides the jobs file's state_file.
	StatePath string
}

// Scheduler runs the jobs of a jobs file on their schedules, in the foreground.
type Scheduler struct {
	file      *JobsFile
	run       RunFunc
	clock     Clock
	log       *slog.Logger
	grace     time.Duration
	statePath string

	mu      sync.Mutex
	started bool
	slots   []*slot
	wg      sync.WaitGroup

	afterRun func(job string, err error) // test hook, called when a run ends
}

// slot is the scheduler's bookkeeping for one job.
type slot struct {
	job       *Job
	next      time.Time // next fire time; zero when the schedule never fires again
	lastFired time.Time // last fire time acted on, to never act on one twice
	running   bool
	since     time.Time
}

// New returns a Scheduler for the jobs in file, producing reports with run.
func New(file *JobsFile, run RunFunc, opts Options) (*Scheduler, error) {
	if file == nil || len(file.Jobs) == 0 {
		return nil, errors.New("new scheduler: no jobs")
	}
	if run == nil {
		return nil, errors.New("new scheduler: no RunFunc")
	}
	s := &Scheduler{
		file:      file,
		run:       run,
		clock:     opts.Clock,
		log:       opts.Logger,
		grace:     opts.Grace,
		statePath: cmpOr(opts.StatePath, file.StateFile),
	}
	if s.clock == nil {
		s.clock = SystemClock{}
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.grace == 0 {
		s.grace = DefaultGrace
	}
	if s.statePath == "" {
		return nil, errors.New("new scheduler: no state file")
	}
	for _, j := range file.Jobs {
		if j.sched == nil || j.out == nil {
			return nil, fmt.Errorf("new scheduler: job %q was not made by ParseJobs", j.Name)
		}
		s.slots = append(s.slots, &slot{job: j})
	}
	return s, nil
}

// Run runs the jobs until ctx ends, then stops taking new runs, waits up to the grace
// period for running ones and returns nil. If runs are still going when the grace
// period ends, it cancels their contexts and returns an error naming them. Run may be
// called once.
//
// Each job fires on its cron schedule in its own time zone (see the package
// documentation for daylight-saving changes). A job never runs twice at once: a fire
// time that comes while the previous run is still going is skipped and logged, and a
// run held by another process's lock is skipped too. At start, a job with catch_up
// whose recorded last successful period is older than the one its latest fire time
// should have produced runs once at once.
func (s *Scheduler) Run(ctx context.Context) error {
	s.mu.Lock()
	if s.started {
		s.mu.Unlock()
		return errors.New("scheduler: Run called twice")
	}
	s.started = true
	s.mu.Unlock()

	// Runs outlive ctx by the grace period: they get their own context, cancelled
	// only when the grace period is over.
	runCtx, cancelRuns := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRuns()

	now := s.clock.Now()
	s.log.Info("scheduler started", "jobs", len(s.slots), "state_file", s.statePath)
	for _, sl := range s.slots {
		sl.next = sl.job.Next(now)
		s.log.Info("job scheduled", "job", sl.job.Name, "cron", sl.job.Cron,
			"timezone", sl.job.Timezone, "next", fmtTime(sl.next))
	}
	if ctx.Err() == nil {
		s.catchUp(runCtx, now)
	}

	for {
		wait := maxWait
		for _, sl := range s.slots {
			if !sl.next.IsZero() {
				wait = min(wait, sl.next.Sub(now))
			}
		}
		if wait > 0 {
			select {
			case <-ctx.Done():
				return s.stop(cancelRuns)
			case <-s.clock.After(wait):
			}
		}
		if ctx.Err() != nil {
			return s.stop(cancelRuns)
		}
		prev := now
		now = s.clock.Now()
		if now.Before(prev) {
			// The system clock was set back: fire times computed from the later time
			// could be far away. Recompute from now. A fire time that already ran
			// may run again, which is harmless (a run replaces its report), whereas
			// keeping lastFired could block a job until the clock caught up again.
			s.log.Warn("the system clock went backwards; rescheduling", "from", fmtTime(prev), "to", fmtTime(now))
			for _, sl := range s.slots {
				sl.next = sl.job.Next(now)
				sl.lastFired = time.Time{}
			}
		}
		for _, sl := range s.slots {
			if sl.next.IsZero() || sl.next.After(now) {
				continue
			}
			due := sl.next
			sl.next = sl.job.Next(now)
			if missed := sl.job.Next(due); !missed.IsZero() && !missed.After(now) {
				s.log.Warn("the clock jumped past several fire times; running once, for the latest",
					"job", sl.job.Name, "first_missed", fmtTime(due), "now", fmtTime(now))
				if last := lastFire(sl.job, now); !last.IsZero() {
					due = last
				}
			}
			if !sl.lastFired.IsZero() && !due.After(sl.lastFired) {
				continue
			}
			sl.lastFired = due
			s.log.Debug("job due", "job", sl.job.Name, "fire_time", fmtTime(due), "next", fmtTime(sl.next))
			s.start(runCtx, sl, "schedule", due)
		}
	}
}

// catchUp starts, once, every catch_up job whose last success is older than what its
// latest fire time should have produced.
func (s *Scheduler) catchUp(ctx context.Context, now time.Time) {
	var st *State
	for _, sl := range s.slots {
		j := sl.job
		if !j.CatchUp {
			continue
		}
		if st == nil {
			var err error
			if st, err = ReadState(s.statePath); err != nil {
				s.log.Error("catch-up skipped: cannot read the state file", "error", err)
				return
			}
		}
		log := s.log.With("job", j.Name)
		rec, ok := st.Jobs[j.Name]
		if !ok {
			log.Info("no successful run recorded; waiting for the schedule")
			continue
		}
		last := lastFire(j, now)
		if last.IsZero() {
			continue
		}
		want, err := j.Resolve(last)
		if err != nil {
			log.Error("catch-up skipped", "error", err)
			continue
		}
		got, err := rec.AsPeriod()
		if err != nil {
			log.Error("catch-up skipped: bad state record", "error", err)
			continue
		}
		if !got.Before(want) {
			continue
		}
		log.Info("catching up: the last successful period is older than due",
			"last_period", got.Name, "last_asof", got.Asof.String(),
			"due_period", want.Name, "due_asof", want.Asof.String(), "due_since", fmtTime(last))
		sl.lastFired = last
		s.start(ctx, sl, "catch-up", last) // the period of the missed fire time, not of now
	}
}

// start runs sl's job for the fire time due in a goroutine unless it is already
// running. The period is resolved from due: a run caught up on the 4th of a month for
// a fire time on the 6th of the month before makes that fire time's report.
func (s *Scheduler) start(ctx context.Context, sl *slot, trigger string, due time.Time) {
	s.mu.Lock()
	if sl.running {
		since := sl.since
		s.mu.Unlock()
		s.log.Warn("run skipped: the previous run is still going", "job", sl.job.Name,
			"trigger", trigger, "fire_time", fmtTime(due), "running_since", fmtTime(since))
		return
	}
	sl.running, sl.since = true, s.clock.Now()
	s.wg.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		_, err := RunOnce(ctx, sl.job, due, s.run, RunOptions{
			StatePath: s.statePath, Logger: s.log, Trigger: trigger,
		}) // RunOnce logs the outcome
		s.mu.Lock()
		sl.running = false
		hook := s.afterRun
		s.mu.Unlock()
		if hook != nil {
			hook(sl.job.Name, err)
		}
	}()
}

// stop waits up to the grace period for running jobs.
func (s *Scheduler) stop(cancelRuns context.CancelFunc) error {
	running := s.runningJobs()
	s.log.Info("scheduler stopping: no new runs", "running", len(running), "jobs", running, "grace", s.grace.String())
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	var timeout <-chan time.Time
	if s.grace > 0 {
		timeout = s.clock.After(s.grace)
	} else {
		ch := make(chan time.Time, 1)
		ch <- time.Time{}
		timeout = ch
	}
	select {
	case <-done:
		s.log.Info("scheduler stopped")
		return nil
	case <-timeout:
	}
	if running = s.runningJobs(); len(running) == 0 {
		<-done // the last run is returning
		s.log.Info("scheduler stopped")
		return nil
	}
	cancelRuns()
	s.log.Error("scheduler stopped with runs still going; they were cancelled and their output discarded", "running", running)
	return fmt.Errorf("scheduler: grace period %s over with jobs still running: %v", s.grace, running)
}

func (s *Scheduler) runningJobs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for _, sl := range s.slots {
		if sl.running {
			names = append(names, sl.job.Name)
		}
	}
	slices.Sort(names)
	return names
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Format(time.RFC3339)
}
