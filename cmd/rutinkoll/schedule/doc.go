// Package schedule runs rutinkoll's report jobs on a timetable: it parses and
// validates the jobs file (ParseJobs, ReadJobsFile), resolves the period a run reports
// on and its brytdatum (Resolve), runs one job with atomic output (RunOnce), and runs
// all jobs on their cron schedules in the foreground (New, Scheduler.Run). The CLI
// wires it: `rutinkoll jobs check` prints NextRuns, `rutinkoll jobs run` calls
// RunOnce, `rutinkoll schedule` calls Scheduler.Run with a context cancelled on
// SIGINT/SIGTERM.
//
// # Schedules and daylight-saving time
//
// Each job's cron spec is read on the wall clock of the job's time zone (default
// Europe/Stockholm). Every wall-clock time the spec names fires at most once, and a
// day's run is never lost to a clock change:
//
//   - Spring forward (last Sunday of March, 02:00 → 03:00): a fire time inside the
//     skipped hour (02:00–02:59, e.g. "30 2 * * *") runs once at 03:00 CEST, the first
//     instant after the gap. Several fire times in the gap (e.g. "*/15 2 * * *") still
//     give one run; a spec that also names 03:00 runs once at 03:00.
//   - Fall back (last Sunday of October, 03:00 → 02:00): the hour 02:00–02:59 happens
//     twice; a fire time in it runs at its first occurrence (CEST) only, never again
//     at the second (CET). An hourly job therefore runs at 02:00 CEST and next at
//     03:00 CET, two hours later.
//
// So a daily job at 02:30 runs exactly once on each night of 2026: at 03:00 on
// 2026-03-29 and at 02:30 CEST on 2026-10-25. robfig/cron on its own would skip the
// first night and run twice on the second; this package computes fire times itself
// (from cron's parsed schedule) and waits on an injected Clock. @every is not
// accepted, and neither is a time zone inside the spec (use 'timezone').
//
// # Output
//
// A run writes into a fresh temporary directory beside its output directory. Only
// when the run succeeds is the directory moved into place, replacing the previous
// report of the same period: on Linux by an atomic exchange of the two directories;
// elsewhere by two renames, between which (for microseconds) the directory does not
// exist. Then the link "latest" in the output directory's parent is pointed at it
// (atomically), or, where symbolic links cannot be made (Windows without the
// privilege, some network shares), the file "LATEST" there is rewritten to hold its
// name. A failed or panicking run leaves the previous report and "latest" as they
// were and removes its temporary directory. On Windows a report that someone has open
// (in Excel, say) cannot be moved: the run then fails with that reason and the open
// report stays in place.
//
// # State, catch-up and locks
//
// After each success the job's period and brytdatum are recorded in the state file
// (JSON, replaced atomically). When the scheduler starts, a job with catch_up (the
// default) runs once at once if its recorded report is older — an earlier period, or
// the same period with an earlier brytdatum — than the one its latest fire time should
// have produced; for example after the server was down over a month's end. A job with
// no recorded success waits for its schedule.
//
// A job never runs twice at once: the scheduler skips, and logs, a fire time that
// comes while the job's previous run is still going, and every run takes a lock file
// beside the state file so that a second scheduler process, or a manual run, on the
// same machine skips the job instead of running it concurrently (see ErrLocked for the
// platforms).
//
// # Logs
//
// The scheduler logs start, each job's next fire time, skips, catch-ups, and for each
// run its start, finish (duration, counts, output paths) or failure. Nothing logged
// comes from case data; a RunFunc's error messages are logged and must keep to that.
package schedule
