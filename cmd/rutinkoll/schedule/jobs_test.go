package schedule

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseJobsValid(t *testing.T) {
	src := `state_file: /var/lib/rutinkoll/state.json
log_format: json
jobs:
  monthly-audit:
    cron: "0 6 6 * *"
    input: {dir: exports, glob: "*.csv", pick: newest}
    profile: lifecare
    key_file: /etc/rutinkoll/key
    routines: [paraply, got]
    calendar: kalender.yaml
    policy: lokal/policy.yaml
    municipality: Exempelkommunen
    period: previous-month
    brytdatum_days_after_period_end: 7
    out: "reports/{{.Job}}/{{.Period}}/"
    kinds: [audit, ivo]
    catch_up: false
  quarterly:
    cron: "@monthly"
    timezone: UTC
    input:
      dir: /srv/exports
      pick: period
    period: previous-quarter
    out: /srv/reports/{{.Job}}/{{.Period}}
  defaults:
    cron: "30 2 * * *"
    input: {dir: in}
    out: "out/{{.Period}}"
`
	f, err := ParseJobs(filepath.Join("etc", "jobs.yaml"), []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	type view struct {
		Name, Cron, Timezone, Profile, Period string
		Input                                 Input
		Routines, Kinds                       []string
		Days                                  int
		CatchUp                               bool
		OutDir                                string
		Files                                 [3]string // key_file, calendar, policy
		Municipality                          string
	}
	var got []view
	for _, j := range f.Jobs {
		p, err := j.Resolve(sampleWhen)
		if err != nil {
			t.Fatal(err)
		}
		out, err := j.OutDir(p)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, view{j.Name, j.Cron, j.Location.String(), j.Profile, j.Period, j.Input,
			j.Routines, j.Kinds, j.BrytdatumDays, j.CatchUp, filepath.ToSlash(out),
			[3]string{filepath.ToSlash(j.KeyFile), filepath.ToSlash(j.Calendar), filepath.ToSlash(j.Policy)}, j.Municipality})
	}
	want := []view{
		{"monthly-audit", "0 6 6 * *", "Europe/Stockholm", "lifecare", PreviousMonth,
			Input{Dir: filepath.Join("etc", "exports"), Glob: "*.csv", Pick: PickNewest},
			[]string{"paraply", "got"}, []string{KindAudit, KindIVO}, 7, false, "etc/reports/monthly-audit/2026-10",
			[3]string{"/etc/rutinkoll/key", "etc/kalender.yaml", "etc/lokal/policy.yaml"}, "Exempelkommunen"},
		{"quarterly", "@monthly", "UTC", "", PreviousQuarter,
			Input{Dir: filepath.FromSlash("/srv/exports"), Glob: "*", Pick: PickPeriod},
			nil, []string{KindAudit}, 5, true, "/srv/reports/quarterly/2026Q3", [3]string{}, ""},
		{"defaults", "30 2 * * *", "Europe/Stockholm", "", PreviousMonth,
			Input{Dir: filepath.Join("etc", "in"), Glob: "*", Pick: PickNewest},
			nil, []string{KindAudit}, 5, true, "etc/out/2026-10", [3]string{}, ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("jobs (-want +got):\n%s", diff)
	}
	if f.StateFile != filepath.FromSlash("/var/lib/rutinkoll/state.json") || f.LogFormat != LogJSON {
		t.Errorf("state_file %q log_format %q", f.StateFile, f.LogFormat)
	}
	if f.Job("defaults") == nil || f.Job("nope") != nil {
		t.Error("JobsFile.Job lookup")
	}
}

func TestParseJobsDefaultStateFile(t *testing.T) {
	f, err := ParseJobs("conf/jobs.yaml", []byte("jobs:\n  a:\n    cron: '@daily'\n    input: {dir: in}\n    out: r/{{.Period}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join("conf", DefaultStateFile); f.StateFile != want || f.LogFormat != LogText {
		t.Errorf("StateFile = %q, LogFormat = %q; want %q, text", f.StateFile, f.LogFormat, want)
	}
}

// job is a valid job body, indented for use under "jobs:\n  nightly:\n".
const job = `    cron: "30 2 * * *"
    input: {dir: in}
    out: "reports/{{.Period}}"
`

func TestParseJobsErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // the error's lines
	}{
		{"Empty", "", []string{
			`jobs.yaml:1:1: the file is empty; expected a mapping with the field 'jobs'`}},
		{"SyntaxTab", "jobs:\n\tnightly: {}\n", []string{
			`jobs.yaml:2:1: YAML syntax: a tab here, where YAML expects a space: replace it with spaces`}},
		{"SyntaxMisaligned", "jobs:\n  nightly:\n    schedule: \"0 2 * * *\"\n    out: rap\n   profile: magnacura\n", []string{
			`jobs.yaml:5:4: YAML syntax: this line starts in column 4, which lines up with no block above it: start it in column 5, like 'out' on line 4, or in column 3, like 'nightly' on line 2, whichever block it belongs to`}},
		{"NotAMapping", "- a\n", []string{
			`jobs.yaml:1:1: the file is not a mapping; expected a mapping with the field 'jobs'`}},
		{"SecondDocument", "jobs:\n  nightly:\n" + job + "---\njobs: {}\n", []string{
			`jobs.yaml:6:1: a second YAML document ('---') follows the first; expected one document`}},
		{"JobsMissing", "state_file: s.json\n", []string{
			`jobs.yaml:1:1: the field 'jobs' is missing; expected a mapping from job names to jobs`}},
		{"JobsEmpty", "jobs: {}\n", []string{
			`jobs.yaml:1:7: field 'jobs': is a mapping; expected a mapping from job names to jobs`}},
		{"JobsList", "jobs:\n  - nightly\n", []string{
			`jobs.yaml:2:3: field 'jobs': is a list; expected a mapping from job names to jobs`}},
		{"UnknownTopField", "jobz: 1\njobs:\n  nightly:\n" + job, []string{
			`jobs.yaml:1:1: field 'jobz': unknown field (did you mean 'jobs'?); expected one of jobs, state_file, log_format`}},
		{"BadLogFormat", "log_format: xml\njobs:\n  nightly:\n" + job, []string{
			`jobs.yaml:1:13: field 'log_format': unknown value "xml"; expected text or json`}},
		{"JobNotMapping", "jobs:\n  nightly: daily\n", []string{
			`jobs.yaml:2:12: job "nightly": is the value "daily"; expected a mapping of job fields (cron, timezone, input, profile, key_file, routines, calendar, policy, municipality, period, brytdatum_days_after_period_end, out, kinds, catch_up)`}},
		{"DuplicateJob", "jobs:\n  nightly:\n" + job + "  nightly:\n" + job, []string{
			`jobs.yaml:6:3: job "nightly": is defined twice (first at line 2); expected unique job names`}},
		{"BadJobName", "jobs:\n  nattlig körning:\n" + job, []string{
			`jobs.yaml:2:3: job "nattlig körning": the name is not usable in file names; expected 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit`}},
		{"UnknownJobField", "jobs:\n  nightly:\n" + job + "    crom: x\n", []string{
			`jobs.yaml:6:5: job "nightly": field 'crom': unknown field (did you mean 'cron'?); expected one of cron, timezone, input, profile, key_file, routines, calendar, policy, municipality, period, brytdatum_days_after_period_end, out, kinds, catch_up`}},
		{"DuplicateField", "jobs:\n  nightly:\n" + job + "    out: x/{{.Period}}\n", []string{
			`jobs.yaml:6:5: job "nightly": field 'out': is set twice (first at line 5); expected each field once`}},
		{"MissingRequired", "jobs:\n  nightly:\n    profile: x\n", []string{
			`jobs.yaml:3:5: job "nightly": field 'cron': is missing; expected 5 fields "minute hour day-of-month month day-of-week" such as "30 2 * * *", or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly`,
			`jobs.yaml:3:5: job "nightly": field 'input': is missing; expected a mapping {dir, glob, pick}`,
			`jobs.yaml:3:5: job "nightly": field 'out': is missing; expected a path template using {{.Period}} and {{.Job}}, such as "reports/{{.Period}}/"`}},
		{"CronFieldCount", jobWith(`cron: "30 2 * *"`), []string{
			`jobs.yaml:3:11: job "nightly": field 'cron': "30 2 * *" has 4 fields; expected 5 fields "minute hour day-of-month month day-of-week" such as "30 2 * * *", or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly`}},
		{"CronRange", jobWith(`cron: "30 25 * * *"`), []string{
			`jobs.yaml:3:11: job "nightly": field 'cron': "30 25 * * *": hour field "25": hours run from 0 to 23 (write a value, *, a list such as 1,15, a range such as 1-5, or a step such as */2); expected 5 fields "minute hour day-of-month month day-of-week" such as "30 2 * * *", or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly`}},
		{"CronBadName", jobWith(`cron: "0 6 6 okt *"`), []string{
			`jobs.yaml:3:11: job "nightly": field 'cron': "0 6 6 okt *": month field "okt": months run from 1 to 12, or jan to dec (write a value, *, a list such as 1,15, a range such as 1-5, or a step such as */2); expected 5 fields "minute hour day-of-month month day-of-week" such as "30 2 * * *", or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly`}},
		{"CronDescriptor", jobWith(`cron: "@dayly"`), []string{
			`jobs.yaml:3:11: job "nightly": field 'cron': unknown descriptor "@dayly" (did you mean '@daily'?); expected 5 fields "minute hour day-of-month month day-of-week" such as "30 2 * * *", or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly`}},
		{"CronEvery", jobWith(`cron: "@every 1h"`), []string{
			`jobs.yaml:3:11: job "nightly": field 'cron': "@every 1h": @every is not supported (intervals drift from the calendar and ignore daylight-saving rules); expected 5 fields "minute hour day-of-month month day-of-week" such as "30 2 * * *", or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly`}},
		{"CronTZ", jobWith(`cron: "CRON_TZ=UTC 30 2 * * *"`), []string{
			`jobs.yaml:3:11: job "nightly": field 'cron': "CRON_TZ=UTC 30 2 * * *" sets a time zone inside the spec; set it in the field 'timezone' instead; expected 5 fields "minute hour day-of-month month day-of-week" such as "30 2 * * *", or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly`}},
		{"CronNeverFires", jobWith(`cron: "0 0 30 2 *"`), []string{
			`jobs.yaml:3:11: job "nightly": field 'cron': "0 0 30 2 *" never fires (no such date); expected 5 fields "minute hour day-of-month month day-of-week" such as "30 2 * * *", or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly`}},
		{"UnknownTimezone", jobWith("timezone: Europe/Stokholm"), []string{
			`jobs.yaml:6:15: job "nightly": field 'timezone': unknown time zone "Europe/Stokholm"; expected an IANA time zone name such as "Europe/Stockholm" or "UTC"`}},
		{"LocalTimezone", jobWith("timezone: Local"), []string{
			`jobs.yaml:6:15: job "nightly": field 'timezone': "Local" is not a fixed time zone; expected an IANA time zone name such as "Europe/Stockholm" or "UTC"`}},
		{"UnknownPeriod", jobWith("period: last-month"), []string{
			`jobs.yaml:6:13: job "nightly": field 'period': unknown value "last-month"; expected current-month, previous-month or previous-quarter`}},
		{"BadDays", jobWith("brytdatum_days_after_period_end: five"), []string{
			`jobs.yaml:6:38: job "nightly": field 'brytdatum_days_after_period_end': "five" is not a whole number; expected a number of days from 0 to 366`}},
		{"NegativeDays", jobWith("brytdatum_days_after_period_end: -1"), []string{
			`jobs.yaml:6:38: job "nightly": field 'brytdatum_days_after_period_end': -1 is out of range; expected a number of days from 0 to 366`}},
		{"DaysWithCurrentMonth", jobWith("period: current-month", "brytdatum_days_after_period_end: 5"), []string{
			`jobs.yaml:7:38: job "nightly": field 'brytdatum_days_after_period_end': has no effect with period current-month (the brytdatum is the run's date); expected period previous-month or previous-quarter, or no such field`}},
		{"TemplateSyntax", jobWithOut(`"reports/{{.Period"`), []string{
			`jobs.yaml:5:10: job "nightly": field 'out': "reports/{{.Period": unclosed action; expected a path template using {{.Period}} and {{.Job}}, such as "reports/{{.Period}}/"`}},
		{"TemplateField", jobWithOut(`"reports/{{.Perod}}"`), []string{
			`jobs.yaml:5:10: job "nightly": field 'out': "reports/{{.Perod}}": unknown field {{.Perod}}; expected a path template using {{.Period}} and {{.Job}}, such as "reports/{{.Period}}/"`}},
		{"TemplateLoop", jobWithOut(`"r/{{range 100000000000}}{{end}}"`), []string{
			`jobs.yaml:5:10: job "nightly": field 'out': "r/{{range 100000000000}}{{end}}": {{range 100000000000}}{{end}} is not allowed: only {{.Period}} and {{.Job}}; expected a path template using {{.Period}} and {{.Job}}, such as "reports/{{.Period}}/"`}},
		{"TemplateEmpty", jobWithOut(`"  "`), []string{
			`jobs.yaml:5:10: job "nightly": field 'out': is empty; expected a non-empty string`}},
		{"TemplateDot", jobWithOut(`"."`), []string{
			`jobs.yaml:5:10: job "nightly": field 'out': template "." renders to ".", which is not a directory of its own; expected a path template using {{.Period}} and {{.Job}}, such as "reports/{{.Period}}/"`}},
		{"TemplateLatest", jobWithOut(`"reports/latest"`), []string{
			`jobs.yaml:5:10: job "nightly": field 'out': template "reports/latest" renders to "reports/latest", whose name is reserved for the link to the newest report; expected a path template using {{.Period}} and {{.Job}}, such as "reports/{{.Period}}/"`}},
		{"InputNotMapping", jobWithInput("in"), []string{
			`jobs.yaml:4:12: job "nightly": field 'input': is the value "in"; expected a mapping {dir, glob, pick}`}},
		{"InputFields", jobWithInput(`{glob: "[", pick: oldest, dirr: x}`), []string{
			`jobs.yaml:4:12: job "nightly": field 'input.dir': is missing; expected the directory the exports land in`,
			`jobs.yaml:4:19: job "nightly": field 'input.glob': "[": syntax error in pattern; expected a file-name pattern such as "*.csv" or "utdrag-*.xlsx"`,
			`jobs.yaml:4:30: job "nightly": field 'input.pick': unknown value "oldest"; expected newest or period`,
			`jobs.yaml:4:38: job "nightly": field 'input.dirr': unknown field (did you mean 'dir'?); expected one of dir, glob, pick`}},
		{"InputGlobPath", jobWithInput(`{dir: in, glob: "a/*.csv"}`), []string{
			`jobs.yaml:4:28: job "nightly": field 'input.glob': "a/*.csv" contains a path separator; expected a pattern for file names inside input.dir`}},
		{"Kinds", jobWith("kinds: [audit, pdf, audit]"), []string{
			`jobs.yaml:6:20: job "nightly": field 'kinds': unknown kind "pdf"; expected audit, ivo or trend`,
			`jobs.yaml:6:25: job "nightly": field 'kinds': kind "audit" is listed twice; expected each kind once`}},
		{"KindsEmpty", jobWith("kinds: []"), []string{
			`jobs.yaml:6:12: job "nightly": field 'kinds': is empty; expected a list of audit, ivo or trend`}},
		{"RoutinesScalar", jobWith("routines: got"), []string{
			`jobs.yaml:6:15: job "nightly": field 'routines': is the value "got"; expected a list of strings, such as [a, b]`}},
		{"RoutinesNull", jobWith("routines: [got, ~]"), []string{
			`jobs.yaml:6:21: job "nightly": field 'routines': is empty; expected a string`}},
		{"CatchUp", jobWith("catch_up: maybe"), []string{
			`jobs.yaml:6:15: job "nightly": field 'catch_up': "maybe" is not a boolean; expected true or false`}},
		{"SameOutDir", "jobs:\n  a:\n" + job + "  b:\n" + job, []string{
			`jobs.yaml:9:10: job "b": field 'out': renders to "reports/2026-10", the same directory as job "a"; expected a directory of its own, e.g. with {{.Job}} in the path`}},
		{"SharedParent", "jobs:\n  a:\n" + job + "  b:\n" + strings.Replace(job, "{{.Period}}", "{{.Job}}-{{.Period}}", 1), []string{
			`jobs.yaml:9:10: job "b": field 'out': renders into "reports" like job "a", so both would update latest there; expected a parent directory per job, such as "reports/{{.Job}}/{{.Period}}/"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseJobs("jobs.yaml", []byte(tt.src))
			if err == nil {
				t.Fatalf("ParseJobs succeeded with %d jobs; want errors:\n%s", len(f.Jobs), strings.Join(tt.want, "\n"))
			}
			var je *JobsError
			if !errors.As(err, &je) {
				t.Fatalf("error %T is not a *JobsError: %v", err, err)
			}
			var p *Problem
			if !errors.As(err, &p) || p.File != "jobs.yaml" {
				t.Errorf("errors.As(*Problem) = %v", p)
			}
			got := strings.Split(err.Error(), "\n")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("source:\n%s\nerrors (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

func jobWith(extra ...string) string {
	s := "jobs:\n  nightly:\n" + job
	for _, e := range extra {
		if strings.HasPrefix(e, "cron:") {
			s = strings.Replace(s, `cron: "30 2 * * *"`, e, 1)
			continue
		}
		s += "    " + e + "\n"
	}
	return s
}

func jobWithOut(out string) string {
	return strings.Replace(jobWith(), `out: "reports/{{.Period}}"`, "out: "+out, 1)
}

func jobWithInput(in string) string {
	return strings.Replace(jobWith(), "input: {dir: in}", "input: "+in, 1)
}

// TestParseJobsAllProblems checks that one file with many mistakes reports each.
func TestParseJobsAllProblems(t *testing.T) {
	src := "log_format: xml\njobs:\n  a:\n    cron: bad\n    input: {}\n    out: r/{{.X}}\n  b:\n    cron: '@daily'\n    timezone: Mars/Olympus\n    input: {dir: in}\n    out: s/{{.Period}}\n"
	_, err := ParseJobs("jobs.yaml", []byte(src))
	var je *JobsError
	if !errors.As(err, &je) {
		t.Fatalf("err = %v", err)
	}
	var pos []string
	for _, p := range je.Problems {
		pos = append(pos, p.Job+":"+p.Field)
	}
	want := []string{":log_format", "a:cron", "a:input.dir", "a:out", "b:timezone"}
	if diff := cmp.Diff(want, pos); diff != "" {
		t.Errorf("problems (-want +got):\n%s\n%v", diff, err)
	}
}

func TestReadJobsFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "jobs.yaml")
	if err := os.WriteFile(path, []byte("jobs:\n  nightly:\n"+job), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := ReadJobsFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if f.Jobs[0].Input.Dir != filepath.Join(dir, "in") {
		t.Errorf("input dir %q not resolved against %q", f.Jobs[0].Input.Dir, dir)
	}
	if _, err := ReadJobsFile(filepath.Join(dir, "missing.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func FuzzParseJobs(f *testing.F) {
	f.Add([]byte("jobs:\n  nightly:\n" + job))
	f.Add([]byte("jobs:\n  a: &x {cron: '@daily', input: {dir: in}, out: o/{{.Period}}}\n  b: *x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		jf, err := ParseJobs("fuzz.yaml", data)
		if err != nil {
			if err.Error() == "" {
				t.Error("empty error")
			}
			return
		}
		for _, j := range jf.Jobs {
			NextRuns(j, sampleWhen, 3)
		}
	})
}
