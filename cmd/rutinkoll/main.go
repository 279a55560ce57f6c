// Command rutinkoll checks social-care cases against the deadlines of their written
// routines and writes compliance reports. Run `rutinkoll help` for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the zone database travels in the binary (Europe/Stockholm on any server)

	"github.com/rutinkoll/rutinkoll/audit/hugepage"
)

// Exit codes.
const (
	exitOK       = 0 // success
	exitFindings = 1 // the run completed but input rows were rejected, or routine tests failed
	exitFailure  = 2 // usage or fatal error
)

func main() {
	if len(os.Args) < 2 || os.Args[1] != "schedule" {
		// A command run once ends with its work, so its large arrays may ask for huge
		// pages; the scheduler runs for months on a heap it reuses (package hugepage).
		hugepage.Enable()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// usageError is a mistake in the command line; Run prints usage help with it.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// exitError carries a specific exit code with an error already reported.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

type command struct {
	name  string
	usage string
	run   func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"demo", "run the audit on the embedded sample data and write a report", runDemo},
		{"audit", "audit cases in canonical event CSV files against routines", runAuditCmd},
		{"import", "read exports through an import profile into the canonical events CSV", runImport},
		{"profiles", "list, show or check import profiles", runProfiles},
		{"generate", "write a synthetic export in a profile's format with the verdicts its audit must give", runGenerate},
		{"frist", "compute a deadline and show how it was counted", runFrist},
		{"routines", "list, check, test or explain routine files", runRoutines},
		{"ivo", "quarterly IVO report of ej verkställda beslut", runIVO},
		{"trend", "LOV follow-up: compliance per utförare over months", runTrend},
		{"schedule", "run the jobs of a jobs file on their cron schedules (foreground)", runSchedule},
		{"run", "run one job of a jobs file now", runJobNow},
		{"jobs", "check a jobs file and show the next run times", runJobs},
		{"bench", "time rutinkoll against the read floor and encoding/csv on generated files", runBench},
	}
}

// Run runs the command line args and returns the exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printHelp(stderr)
		return exitFailure
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printHelp(stdout)
		return exitOK
	}
	if args[0] == "bench-stage" { // hidden: one timed stage of `bench`, in a child process
		if err := runBenchStage(ctx, args[1:], stdout, stderr); err != nil {
			fmt.Fprintf(stderr, "rutinkoll bench-stage: %v\n", err)
			return exitFailure
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		var ue *usageError
		var ee *exitError
		switch {
		case err == nil:
			return exitOK
		case errors.As(err, &ee):
			return ee.code
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "rutinkoll %s: %v\nRun 'rutinkoll %s -h' for help.\n", c.name, err, c.name)
			return exitFailure
		default:
			fmt.Fprintf(stderr, "rutinkoll %s: %v\n", c.name, err)
			return exitFailure
		}
	}
	fmt.Fprintf(stderr, "rutinkoll: unknown command %q\n", args[0])
	printHelp(stderr)
	return exitFailure
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "rutinkoll checks social-care cases against the deadlines of their routines.")
	fmt.Fprintln(w, "\nUsage: rutinkoll COMMAND [options]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.usage)
	}
	fmt.Fprintln(w, "\nRun 'rutinkoll COMMAND -h' for a command's options.")
}
