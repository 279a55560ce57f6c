package schedule

import (
	"time"

	"github.com/robfig/cron/v3"
)

// nextFire returns the first fire time of s strictly after t, read in loc, with the
// daylight-saving rules of the package documentation:
//
//   - a wall-clock time that occurs twice (the fall-back hour) fires only at its first
//     occurrence;
//   - wall-clock times that do not occur (the spring-forward gap) fire once, at the
//     first instant after the gap.
//
// It returns the zero time when s does not fire within about five years.
func nextFire(s *cron.SpecSchedule, loc *time.Location, t time.Time) time.Time {
	if s == nil || loc == nil {
		return time.Time{}
	}
	sched := *s
	sched.Location = loc
	t = t.In(loc)
	for range 8 { // each round skips one repeated hour; more than a few never happens
		c := sched.Next(t)
		if c.IsZero() {
			return c
		}
		if g := gapFire(&sched, loc, t, c); !g.IsZero() {
			return g
		}
		repeatEnd, repeated := repeatedWallClock(c, loc)
		if !repeated {
			return c
		}
		// Skip every wall-clock time of the repeated hour: they all fired (or would
		// have fired) at their first occurrence.
		t = repeatEnd.Add(-time.Second)
	}
	return time.Time{}
}

// gapFire reports the first spring-forward transition in (after, until] inside whose
// skipped wall-clock times s would have fired, as the transition instant (the first
// instant after the gap). It returns the zero time when there is none.
func gapFire(s *cron.SpecSchedule, loc *time.Location, after, until time.Time) time.Time {
	_, end := after.ZoneBounds()
	for range 16 {
		if end.IsZero() || end.After(until) {
			return time.Time{}
		}
		_, offBefore := end.Add(-time.Nanosecond).In(loc).Zone()
		_, offAfter := end.In(loc).Zone()
		if gap := time.Duration(offAfter-offBefore) * time.Second; gap > 0 {
			// Read the schedule on a clock that keeps the old offset: there the
			// skipped wall-clock times exist, as the instants [end, end+gap).
			fixed := *s
			fixed.Location = time.FixedZone("before-transition", offBefore)
			if n := fixed.Next(end.Add(-time.Second)); !n.IsZero() && n.Before(end.Add(gap)) {
				return end.In(loc)
			}
		}
		_, end = end.In(loc).ZoneBounds()
	}
	return time.Time{}
}

// repeatedWallClock reports whether c's wall-clock time already occurred earlier (c is
// in the hour repeated after a fall-back transition) and, if so, when the repeated
// stretch ends.
func repeatedWallClock(c time.Time, loc *time.Location) (time.Time, bool) {
	start, _ := c.ZoneBounds()
	if start.IsZero() {
		return time.Time{}, false
	}
	_, offBefore := start.Add(-time.Nanosecond).In(loc).Zone()
	_, offNow := c.Zone()
	back := time.Duration(offBefore-offNow) * time.Second
	if back <= 0 || !c.Before(start.Add(back)) {
		return time.Time{}, false
	}
	return start.Add(back), true
}

// LastFire returns the latest fire time of the job at or before now, or the zero time
// when there is none within about five years: the fire time a run started now by hand
// stands for.
func (j *Job) LastFire(now time.Time) time.Time { return lastFire(j, now) }

// lastFire returns the latest fire time of job at or before now, or the zero time
// when there is none within about five years.
func lastFire(job *Job, now time.Time) time.Time {
	windows := []time.Duration{time.Hour, 26 * time.Hour, 32 * 24 * time.Hour, 93 * 24 * time.Hour, 367 * 24 * time.Hour, 5 * 367 * 24 * time.Hour}
	for _, w := range windows {
		t := job.Next(now.Add(-w))
		if t.IsZero() || t.After(now) {
			continue
		}
		for {
			n := job.Next(t)
			if n.IsZero() || n.After(now) {
				return t
			}
			t = n
		}
	}
	return time.Time{}
}
