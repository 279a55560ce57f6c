package schedule

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var stockholm = mustLoc("Europe/Stockholm")

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at returns a wall-clock time in Stockholm: at("2026-03-29 03:00").
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, stockholm)
	if err != nil {
		panic(err)
	}
	return t
}

// testJob parses a jobs file with one job "j" whose fields are given as YAML lines,
// with input.dir and out defaulting to directories under dir.
func testJob(tb testing.TB, dir string, fields ...string) *Job {
	tb.Helper()
	f := testFile(tb, dir, map[string][]string{"j": fields})
	return f.Job("j")
}

// testFile writes and parses a jobs file in dir; jobs maps names to field lines.
func testFile(tb testing.TB, dir string, jobs map[string][]string) *JobsFile {
	tb.Helper()
	var b strings.Builder
	b.WriteString("jobs:\n")
	for name, fields := range jobs {
		fmt.Fprintf(&b, "  %s:\n", name)
		have := strings.Join(fields, "\n")
		if !strings.Contains(have, "input:") {
			fields = append(fields, "input: {dir: in}")
		}
		if !strings.Contains(have, "out:") {
			fields = append(fields, `out: "reports/`+name+`/{{.Period}}"`)
		}
		for _, l := range fields {
			fmt.Fprintf(&b, "    %s\n", l)
		}
	}
	if dir == "" {
		dir = tb.TempDir()
	}
	if err := os.MkdirAll(filepath.Join(dir, "in"), 0o755); err != nil {
		tb.Fatal(err)
	}
	f, err := ParseJobs(filepath.Join(dir, "jobs.yaml"), []byte(b.String()))
	if err != nil {
		tb.Fatalf("ParseJobs:\n%s\n%v", b.String(), err)
	}
	return f
}

func fmtTimes(ts []time.Time) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Format("2006-01-02 15:04 MST")
	}
	return out
}
