package schedule

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// syncBuffer is a bytes.Buffer safe for the scheduler's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// messages returns the "msg" of each JSON log line, with the job when there is one.
func (s *syncBuffer) messages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(s.b.String()), "\n") {
		var rec struct{ Msg, Job string }
		if json.Unmarshal([]byte(line), &rec) == nil {
			out = append(out, rec.Msg)
		}
	}
	return out
}

func count(xs []string, x string) int {
	n := 0
	for _, y := range xs {
		if y == x {
			n++
		}
	}
	return n
}

// harness runs a Scheduler on a FakeClock in the background.
type harness struct {
	t      *testing.T
	s      *Scheduler
	clock  *FakeClock
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error

	mu   sync.Mutex
	runs []string // "2006-01-02 15:04 MST period trigger" per RunFunc call
}

// startScheduler starts a scheduler for file at start. run may be nil: then each run
// writes nothing and succeeds.
func startScheduler(t *testing.T, file *JobsFile, start time.Time, run RunFunc, grace time.Duration) *harness {
	t.Helper()
	h := &harness{t: t, clock: NewFakeClock(start), logs: &syncBuffer{}, done: make(chan error, 1)}
	logger, _ := NewLogger(h.logs, LogJSON, nil)
	record := func(ctx context.Context, req Request) (Result, error) {
		h.mu.Lock()
		h.runs = append(h.runs, h.clock.Now().In(req.Job.Location).Format("2006-01-02 15:04 MST")+" "+req.Period.Name)
		h.mu.Unlock()
		if run != nil {
			return run(ctx, req)
		}
		return Result{}, nil
	}
	s, err := New(file, record, Options{Clock: h.clock, Logger: logger, Grace: grace})
	if err != nil {
		t.Fatal(err)
	}
	h.s = s
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-h.done:
		case <-time.After(5 * time.Second):
			t.Error("scheduler did not stop")
		}
	})
	return h
}

func (h *harness) runList() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.runs...)
}

// until waits (yielding, and sleeping at most microseconds at a time) for cond.
func (h *harness) until(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for i := 0; !cond(); i++ {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s; logs: %v", what, h.logs.messages())
		}
		if i < 100 {
			runtime.Gosched()
		} else {
			time.Sleep(20 * time.Microsecond)
		}
	}
}

// idle waits until the scheduler waits on the clock and no run is going.
func (h *harness) idle() {
	h.t.Helper()
	h.until("the scheduler to be idle", func() bool {
		return h.clock.Waiters() >= 1 && len(h.s.runningJobs()) == 0
	})
}

// advanceTo steps the clock from one scheduler wake-up to the next until end, letting
// each run finish before moving on.
func (h *harness) advanceTo(end time.Time) {
	h.t.Helper()
	for {
		h.idle()
		next, ok := h.clock.NextWaiter()
		if !ok || next.After(end) {
			h.clock.Set(end)
			h.idle()
			return
		}
		h.clock.Set(next)
	}
}

// withInput creates the input file the test jobs read.
func withInput(t *testing.T, dir string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "in", "export.csv"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSchedulerDST(t *testing.T) {
	tests := []struct {
		name       string
		from, to   string
		wantRuns   []string
		wantPeriod string
	}{
		{"SpringForward", "2026-03-28 00:00", "2026-03-30 12:00", []string{
			"2026-03-28 02:30 CET 2026-02",
			"2026-03-29 03:00 CEST 2026-02",
			"2026-03-30 02:30 CEST 2026-02",
		}, ""},
		{"FallBack", "2026-10-24 00:00", "2026-10-26 12:00", []string{
			"2026-10-24 02:30 CEST 2026-09",
			"2026-10-25 02:30 CEST 2026-09",
			"2026-10-26 02:30 CET 2026-09",
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			f := testFile(t, dir, map[string][]string{"nightly": {`cron: "30 2 * * *"`}})
			withInput(t, dir)
			h := startScheduler(t, f, at(tt.from), nil, 0)
			h.advanceTo(at(tt.to))
			if diff := cmp.Diff(tt.wantRuns, h.runList()); diff != "" {
				t.Errorf("runs (-want +got):\n%s", diff)
			}
			msgs := h.logs.messages()
			if n := count(msgs, "run finished"); n != len(tt.wantRuns) {
				t.Errorf("%d runs finished, want %d; logs %v", n, len(tt.wantRuns), msgs)
			}
		})
	}
}

// blocker is a RunFunc that blocks until released, reporting each start.
type blocker struct {
	entered chan struct{}
	release chan struct{}
	sawDone chan struct{} // closed if the run's context was cancelled
}

func newBlocker() *blocker {
	return &blocker{entered: make(chan struct{}, 10), release: make(chan struct{}), sawDone: make(chan struct{})}
}

func (b *blocker) run(ctx context.Context, req Request) (Result, error) {
	b.entered <- struct{}{}
	select {
	case <-b.release:
		return Result{}, nil
	case <-ctx.Done():
		close(b.sawDone)
		return Result{}, ctx.Err()
	}
}

func (b *blocker) waitEntered(t *testing.T) {
	t.Helper()
	select {
	case <-b.entered:
	case <-time.After(5 * time.Second):
		t.Fatal("run did not start")
	}
}

func TestSchedulerSkipsOverlappingRun(t *testing.T) {
	dir := t.TempDir()
	f := testFile(t, dir, map[string][]string{"minutely": {`cron: "* * * * *"`}})
	withInput(t, dir)
	b := newBlocker()
	h := startScheduler(t, f, at("2026-05-04 10:00").Add(30*time.Second), b.run, 0)

	h.until("first wait", func() bool { return h.clock.Waiters() == 1 })
	h.clock.Set(at("2026-05-04 10:01"))
	b.waitEntered(t)

	// The 10:02 tick comes while the 10:01 run is still going: skipped and logged.
	h.until("second wait", func() bool { return h.clock.Waiters() == 1 })
	h.clock.Set(at("2026-05-04 10:02"))
	h.until("the skip to be logged", func() bool {
		return count(h.logs.messages(), "run skipped: the previous run is still going") == 1
	})
	close(b.release)
	h.advanceTo(at("2026-05-04 10:03"))
	b.waitEntered(t) // the 10:03 run (not blocked any more)

	want := []string{"2026-05-04 10:01 CEST 2026-04", "2026-05-04 10:03 CEST 2026-04"}
	if diff := cmp.Diff(want, h.runList()); diff != "" {
		t.Errorf("runs (-want +got):\n%s", diff)
	}
}

func TestSchedulerGracefulStop(t *testing.T) {
	dir := t.TempDir()
	f := testFile(t, dir, map[string][]string{"minutely": {`cron: "* * * * *"`}})
	withInput(t, dir)
	b := newBlocker()
	h := startScheduler(t, f, at("2026-05-04 10:00"), b.run, 10*time.Minute)

	h.until("first wait", func() bool { return h.clock.Waiters() == 1 })
	h.clock.Set(at("2026-05-04 10:01"))
	b.waitEntered(t)
	h.until("second wait", func() bool { return h.clock.Waiters() == 1 })

	h.cancel()
	// Run now waits for the running job: a grace timer joins the stale loop timer.
	h.until("the grace timer", func() bool { return h.clock.Waiters() == 2 })
	// Time passes beyond later fire times, but within the grace period: no new run.
	h.clock.Set(at("2026-05-04 10:05"))
	select {
	case err := <-h.done:
		t.Fatalf("Run returned %v while a job was running within the grace period", err)
	default:
	}
	close(b.release)
	select {
	case err := <-h.done:
		if err != nil {
			t.Fatalf("Run = %v, want nil", err)
		}
		h.done <- nil // for the cleanup
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after the job finished")
	}
	if got := h.runList(); len(got) != 1 {
		t.Errorf("runs = %v, want the one before the stop", got)
	}
	msgs := h.logs.messages()
	for _, m := range []string{"scheduler stopping: no new runs", "run finished", "scheduler stopped"} {
		if count(msgs, m) != 1 {
			t.Errorf("log %q missing: %v", m, msgs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "reports", "minutely", "2026-04")); err != nil {
		t.Errorf("the run that finished within grace published nothing: %v", err)
	}
}

func TestSchedulerGraceExpires(t *testing.T) {
	dir := t.TempDir()
	f := testFile(t, dir, map[string][]string{"minutely": {`cron: "* * * * *"`}})
	withInput(t, dir)
	b := newBlocker()
	h := startScheduler(t, f, at("2026-05-04 10:00"), b.run, time.Minute)
	h.until("first wait", func() bool { return h.clock.Waiters() == 1 })
	h.clock.Set(at("2026-05-04 10:01"))
	b.waitEntered(t)
	h.until("second wait", func() bool { return h.clock.Waiters() == 1 })
	h.cancel()
	h.until("the grace timer", func() bool { return h.clock.Waiters() == 2 })
	h.clock.Advance(time.Minute)
	select {
	case err := <-h.done:
		if err == nil || !strings.Contains(err.Error(), "jobs still running: [minutely]") {
			t.Errorf("Run = %v", err)
		}
		h.done <- nil
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return when the grace period ended")
	}
	select {
	case <-b.sawDone:
	case <-time.After(5 * time.Second):
		t.Fatal("the run's context was not cancelled")
	}
}

func TestSchedulerCatchUp(t *testing.T) {
	type rec struct{ period, start, end, asof string }
	tests := []struct {
		name    string
		fields  []string
		state   *rec
		now     string
		wantRun []string
	}{
		{"DownOverMonthEnd", []string{`cron: "0 6 6 * *"`}, &rec{"2026-09", "2026-09-01", "2026-09-30", "2026-10-05"},
			"2026-11-10 09:00", []string{"2026-11-10 09:00 CET 2026-10"}},
		{"EarlyManualRunBeforeBrytdatum", []string{`cron: "0 6 6 * *"`}, &rec{"2026-10", "2026-10-01", "2026-10-31", "2026-11-02"},
			"2026-11-10 09:00", []string{"2026-11-10 09:00 CET 2026-10"}},
		{"UpToDate", []string{`cron: "0 6 6 * *"`}, &rec{"2026-10", "2026-10-01", "2026-10-31", "2026-11-05"},
			"2026-11-10 09:00", nil},
		{"EarlyInMonthAfterLongOutage", []string{`cron: "0 6 6 * *"`}, &rec{"2026-03", "2026-03-01", "2026-03-31", "2026-04-05"},
			"2026-12-04 09:00", []string{"2026-12-04 09:00 CET 2026-10"}},
		{"BeforeThisMonthsFireTime", []string{`cron: "0 6 6 * *"`}, &rec{"2026-09", "2026-09-01", "2026-09-30", "2026-10-05"},
			"2026-11-03 09:00", nil},
		{"CatchUpOff", []string{`cron: "0 6 6 * *"`, "catch_up: false"}, &rec{"2026-09", "2026-09-01", "2026-09-30", "2026-10-05"},
			"2026-11-10 09:00", nil},
		{"NoState", []string{`cron: "0 6 6 * *"`}, nil, "2026-11-10 09:00", nil},
		{"QuarterAcrossYearEnd", []string{`cron: "0 6 6 1,4,7,10 *"`, "period: previous-quarter"}, &rec{"2026Q3", "2026-07-01", "2026-09-30", "2026-10-05"},
			"2027-01-20 09:00", []string{"2027-01-20 09:00 CET 2026Q4"}},
		{"NightlyMissedLastNight", []string{`cron: "30 2 * * *"`, "period: current-month"}, &rec{"2026-11", "2026-11-01", "2026-11-30", "2026-11-09"},
			"2026-11-11 09:00", []string{"2026-11-11 09:00 CET 2026-11"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			f := testFile(t, dir, map[string][]string{"j": tt.fields})
			withInput(t, dir)
			if tt.state != nil {
				err := recordSuccess(context.Background(), f.StateFile, "j", JobState{
					Period: tt.state.period, Start: tt.state.start, End: tt.state.end, Asof: tt.state.asof})
				if err != nil {
					t.Fatal(err)
				}
			}
			h := startScheduler(t, f, at(tt.now), nil, 0)
			h.idle()
			if diff := cmp.Diff(tt.wantRun, h.runList()); diff != "" {
				t.Errorf("runs (-want +got):\n%s\nlogs: %v", diff, h.logs.messages())
			}
			if tt.wantRun != nil {
				fields := strings.Fields(tt.wantRun[0])
				st, _ := ReadState(f.StateFile)
				if got, want := st.Jobs["j"].Period, fields[len(fields)-1]; got != want {
					t.Errorf("state period %q after the catch-up, want %q", got, want)
				}
			}
		})
	}
}

// TestTwoSchedulersShareLock: two scheduler processes on one machine (here two
// schedulers in one process, which flock also keeps apart) never run a job at once.
func TestTwoSchedulersShareLock(t *testing.T) {
	dir := t.TempDir()
	f := testFile(t, dir, map[string][]string{"j": {`cron: "0 * * * *"`}})
	withInput(t, dir)
	b := newBlocker()
	h1 := startScheduler(t, f, at("2026-05-04 09:30"), b.run, 0)
	h2 := startScheduler(t, f, at("2026-05-04 09:30"), nil, 0)

	h1.until("first wait", func() bool { return h1.clock.Waiters() == 1 })
	h1.clock.Set(at("2026-05-04 10:00"))
	b.waitEntered(t)
	h2.advanceTo(at("2026-05-04 10:00"))
	if got := h2.runList(); len(got) != 0 {
		t.Errorf("second scheduler ran %v while the first held the job", got)
	}
	if count(h2.logs.messages(), "run skipped: the job is running elsewhere") != 1 {
		t.Errorf("skip not logged: %v", h2.logs.messages())
	}
	close(b.release)
	h1.idle()
}

func TestNewErrors(t *testing.T) {
	f := testFile(t, "", map[string][]string{"j": {`cron: "@daily"`}})
	run := func(context.Context, Request) (Result, error) { return Result{}, nil }
	for name, call := range map[string]func() error{
		"NilFile": func() error { _, err := New(nil, run, Options{}); return err },
		"NilRun":  func() error { _, err := New(f, nil, Options{}); return err },
		"BadJob": func() error {
			_, err := New(&JobsFile{StateFile: "s", Jobs: []*Job{{Name: "x"}}}, run, Options{})
			return err
		},
	} {
		if err := call(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	s, err := New(f, run, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Run(ctx); err != nil {
		t.Errorf("Run with a cancelled context = %v", err)
	}
	if err := s.Run(ctx); err == nil || errors.Is(err, context.Canceled) {
		t.Errorf("second Run = %v, want an error", err)
	}
}

// stepClock is a Clock whose waits end when the test says so, whatever their
// duration, like a real clock whose wall time is stepped while the scheduler sleeps.
type stepClock struct {
	mu     sync.Mutex
	now    time.Time
	afters chan chan time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.afters <- ch
	return ch
}

// step waits for the scheduler to wait, sets the wall time to t and wakes it.
func (c *stepClock) step(t *testing.T, to time.Time) {
	t.Helper()
	select {
	case ch := <-c.afters:
		c.mu.Lock()
		c.now = to
		c.mu.Unlock()
		ch <- to
	case <-time.After(5 * time.Second):
		t.Fatal("the scheduler did not wait")
	}
}

func TestSchedulerClockSteps(t *testing.T) {
	dir := t.TempDir()
	f := testFile(t, dir, map[string][]string{"hourly": {`cron: "0 * * * *"`}})
	withInput(t, dir)
	clock := &stepClock{now: at("2026-05-04 10:00").Add(30 * time.Second), afters: make(chan chan time.Time)}
	logs := &syncBuffer{}
	logger, _ := NewLogger(logs, LogJSON, nil)
	runs := make(chan string, 10)
	run := func(ctx context.Context, req Request) (Result, error) {
		runs <- clock.Now().In(stockholm).Format("2006-01-02 15:04") + " " + req.Period.Name
		return Result{}, nil
	}
	s, err := New(f, run, Options{Clock: clock, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	expectRun := func(want string) {
		t.Helper()
		select {
		case got := <-runs:
			if got != want {
				t.Errorf("run at %s, want %s", got, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no run; want %s; logs %v", want, logs.messages())
		}
		for deadline := time.Now().Add(5 * time.Second); len(s.runningJobs()) > 0; {
			if time.Now().After(deadline) {
				t.Fatal("run did not finish")
			}
			time.Sleep(20 * time.Microsecond)
		}
	}

	clock.step(t, at("2027-05-04 10:00").Add(30*time.Second)) // a year ahead: one run, not 8,760
	expectRun("2027-05-04 10:00 2027-04")
	clock.step(t, at("2026-05-04 10:05")) // set back
	clock.step(t, at("2026-05-04 11:00")) // the next hour runs, not a year from now
	expectRun("2026-05-04 11:00 2026-04")

	cancel()
	go func() { // unblock a wait begun after the last step
		for ch := range clock.afters {
			ch <- time.Time{}
		}
	}()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	msgs := logs.messages()
	for _, m := range []string{"the clock jumped past several fire times; running once, for the latest", "the system clock went backwards; rescheduling"} {
		if count(msgs, m) != 1 {
			t.Errorf("log %q missing: %v", m, msgs)
		}
	}
	select {
	case extra := <-runs:
		t.Errorf("unexpected run %s", extra)
	default:
	}
}
