package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rutinkoll/rutinkoll/cmd/rutinkoll/schedule"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestDemoWritesReportAndIsDeterministic(t *testing.T) {
	dir1, dir2 := t.TempDir(), t.TempDir()
	for _, d := range []string{dir1, dir2} {
		code, out, errs := run(t, "demo", "--out", d, "--generated-at", "2026-11-05T06:00:00Z")
		if code != exitOK {
			t.Fatalf("demo exit %d\n%s\n%s", code, out, errs)
		}
		if !strings.Contains(out, "rows read") || !strings.Contains(out, "compliance") {
			t.Errorf("summary not printed: %s", out)
		}
	}
	for _, name := range []string{"verdicts.csv", "summary.json", "rejected.csv", "rapport.xlsx", "rapport.pdf"} {
		if fi, err := os.Stat(filepath.Join(dir1, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written: %v", name, err)
		}
	}
	for _, name := range []string{"verdicts.csv", "summary.json", "rejected.csv"} {
		a, err1 := os.ReadFile(filepath.Join(dir1, name))
		b, err2 := os.ReadFile(filepath.Join(dir2, name))
		if err1 != nil || err2 != nil {
			t.Fatalf("%s missing: %v %v", name, err1, err2)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	v, _ := os.ReadFile(filepath.Join(dir1, "verdicts.csv"))
	for _, want := range []string{",i_tid,", ",sen,", ",saknas,", ",pagaende,", ",ej_tillamplig,", ",datafel,"} {
		if !bytes.Contains(v, []byte(want)) {
			t.Errorf("demo verdicts lack %s", want)
		}
	}
	// Every shipped rule appears in the demo.
	code, list, _ := run(t, "routines", "list")
	if code != 0 {
		t.Fatal("routines list failed")
	}
	for _, line := range strings.Split(list, "\n")[1:] {
		f := strings.Fields(line)
		if len(f) < 2 || f[1] == "privacy" || !strings.Contains(f[0], "-") {
			continue
		}
		if !bytes.Contains(v, []byte(","+f[0]+",")) {
			t.Errorf("demo has no verdict for %s", f[0])
		}
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAuditExitCodesAndNoPartialOutput(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.csv", "case_id;insats;event;date;registered\nA1;hemtjanst;bestallning_registrerad;2026-03-02;2026-03-02\nA1;hemtjanst;bestallning_bekraftad;2026-03-06;\n")
	bad := writeFile(t, dir, "bad.csv", "case_id;insats;event;date\nA1;hemtjanst;bestallning_registrerad;2026-03-32\n")
	wrong := writeFile(t, dir, "wrong.csv", "Ärende;Datum\nA1;2026-03-02\n")

	out := filepath.Join(dir, "out")
	if code, o, e := run(t, "audit", "--routines", "paraply", "--input", good, "--asof", "2026-03-31", "--out", out); code != exitOK {
		t.Fatalf("good input: exit %d\n%s%s", code, o, e)
	}
	v, _ := os.ReadFile(filepath.Join(out, "verdicts.csv"))
	if !strings.Contains(string(v), "A1,,PAR-01,sen,2026-03-02,2026-03-05,2026-03-06,1,,vardagar,4,") {
		t.Errorf("verdicts.csv:\n%s", v)
	}

	out2 := filepath.Join(dir, "out2")
	code, _, _ := run(t, "audit", "--input", bad, "--asof", "2026-03-31", "--out", out2)
	if code != exitFindings {
		t.Errorf("rejected rows: exit %d, want %d", code, exitFindings)
	}
	rj, _ := os.ReadFile(filepath.Join(out2, "rejected.csv"))
	if !strings.HasPrefix(string(rj), "file,line,column,field,value,reason,kind\n") || !strings.Contains(string(rj), "bad.csv,2,4,date,2026-03-32,") || !strings.Contains(string(rj), ",bad_date\n") {
		t.Errorf("rejected.csv:\n%s", rj)
	}

	out3 := filepath.Join(dir, "out3")
	code, _, errs := run(t, "audit", "--input", good+","+wrong, "--asof", "2026-03-31", "--out", out3)
	if code != exitFailure || !strings.Contains(errs, "wrong.csv:1: not a canonical event file: missing column(s) case_id, event") {
		t.Errorf("wrong header: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(out3); !os.IsNotExist(err) {
		t.Error("output directory created although the input was unusable")
	}

	code, _, errs = run(t, "audit", "--input", filepath.Join(dir, "nope.csv"), "--asof", "2026-03-31", "--out", out3)
	if code != exitFailure || !strings.Contains(errs, "nope.csv") || !strings.Contains(errs, "no such file") {
		t.Errorf("missing file: exit %d, %s", code, errs)
	}
	if code, _, errs = run(t, "audit", "--input", good, "--out", out3); code != exitFailure || !strings.Contains(errs, "--asof") {
		t.Errorf("missing --asof: exit %d, %s", code, errs)
	}
}

// TestAuditWindows1252Input: a canonical file saved by Swedish Excel as "CSV
// (semikolonavgränsad)", which is Windows-1252, is decoded: the reports hold the
// names as UTF-8. A file that starts as UTF-8 and turns Windows-1252 further on
// fails before anything is written, naming the place.
func TestAuditWindows1252Input(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "excel.csv", "case_id;insats;utforare;enhet;event;date;registered\r\n"+
		"A1;hemtjanst;Larmtj\xe4nst \xd6st;S\xf6der;bestallning_registrerad;2026-03-02;2026-03-02\r\n"+
		"A1;hemtjanst;Larmtj\xe4nst \xd6st;S\xf6der;bestallning_bekraftad;2026-03-06;\r\n")
	out := filepath.Join(dir, "out")
	if code, o, e := run(t, "audit", "--routines", "paraply", "--input", in, "--asof", "2026-03-31", "--out", out); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, o, e)
	}
	v, _ := os.ReadFile(filepath.Join(out, "verdicts.csv"))
	if !utf8.Valid(v) || !strings.Contains(string(v), "A1,,PAR-01,sen,2026-03-02,2026-03-05,2026-03-06,1,,vardagar,4,Larmtjänst Öst,Söder,,") {
		t.Errorf("verdicts.csv:\n%q", v)
	}
	x, _ := os.ReadFile(filepath.Join(out, "rapport.xlsx"))
	if xml := unzipText(t, x); !utf8.Valid(xml) || !bytes.Contains(xml, []byte("Larmtjänst Öst")) {
		t.Error("rapport.xlsx does not show Larmtjänst Öst")
	}

	var mixed strings.Builder
	mixed.WriteString("case_id;insats;utforare;event;date\n")
	for i := range 3000 {
		u := "Larmtjänst Öst"
		if i == 2998 {
			u = "Larmtj\xe4nst \xd6st"
		}
		fmt.Fprintf(&mixed, "A%04d;hemtjanst;%s;bestallning_registrerad;2026-03-02\n", i, u)
	}
	bad := writeFile(t, dir, "mixed.csv", mixed.String())
	out2 := filepath.Join(dir, "out2")
	code, _, errs := run(t, "audit", "--input", bad, "--asof", "2026-03-31", "--out", out2)
	if code != exitFailure || !strings.Contains(errs, "mixed.csv:3000:23: ") || !strings.Contains(errs, "byte 0xE4") || !strings.Contains(errs, "CSV UTF-8") {
		t.Errorf("mixed encodings: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(out2); !os.IsNotExist(err) {
		t.Error("output directory created although the input was unusable")
	}
}

func TestPeriodsAddUp(t *testing.T) {
	dir := t.TempDir()
	run(t, "demo", "--out", filepath.Join(dir, "all"))
	all, _ := os.ReadFile(filepath.Join(dir, "all", "verdicts.csv"))
	total := 0
	for m := 0; m < 36; m++ {
		p := []string{"2025", "2026", "2027"}[m/12] + "-" + []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"}[m%12]
		d := filepath.Join(dir, p)
		if code, o, e := run(t, "demo", "--out", d, "--period", p); code != 0 {
			t.Fatalf("period %s: %d %s %s", p, code, o, e)
		}
		v, _ := os.ReadFile(filepath.Join(d, "verdicts.csv"))
		total += bytes.Count(v, []byte("\n")) - 1
	}
	if want := bytes.Count(all, []byte("\n")) - 1; total != want {
		t.Errorf("months add up to %d verdicts, the whole span has %d", total, want)
	}
}

func TestFrist(t *testing.T) {
	code, out, _ := run(t, "frist", "2026-12-22", "3 vardagar")
	if code != 0 || !strings.Contains(out, "Deadline: 2026-12-29 (tisdag)") || !strings.Contains(out, "2026-12-24 (torsdag) julafton") {
		t.Errorf("frist: %d\n%s", code, out)
	}
	code, out, _ = run(t, "frist", "--roll-forward", "yes", "2026-03-03", "4 dagar")
	if code != 0 || !strings.Contains(out, "Deadline: 2026-03-09") || !strings.Contains(out, "2026-03-07 is lördag") {
		t.Errorf("frist roll: %d\n%s", code, out)
	}
	code, _, errs := run(t, "frist", "2026-03-03", "4 dgr")
	if code != exitFailure || !strings.Contains(errs, `bad deadline expression "4 dgr"`) {
		t.Errorf("bad expression: %d %s", code, errs)
	}
}

func TestRoutinesCheckAndTest(t *testing.T) {
	dir := t.TempDir()
	broken := writeFile(t, dir, "broken.yaml", "routine: x\ntitle: t\nsource: s\nrules:\n  - id: X-1\n    title: t\n    from: bestalning_mottagen\n    to: insats_paborjad\n    deadline: \"3 vardar\"\n")
	code, out, _ := run(t, "routines", "check", broken)
	if code != exitFindings || !strings.Contains(out, "FAILED") ||
		!strings.Contains(out, "broken.yaml:7:11:") || !strings.Contains(out, "did you mean 'bestallning_mottagen'?") ||
		!strings.Contains(out, "broken.yaml:9:15:") || !strings.Contains(out, "field 'source' is missing") {
		t.Errorf("check broken: %d\n%s", code, out)
	}
	code, out, _ = run(t, "routines", "test")
	if code != 0 || !strings.Contains(out, "SUCCESS") || !strings.Contains(out, "against gotland-sol, paraply, solna-boendestod, vob-kvalitetsfabriken (shipped: the test names no routines: [FILE]") {
		t.Errorf("shipped routine tests: %d\n%s", code, out)
	}
	failing := writeFile(t, dir, "fail_test.yaml", "tests:\n  - name: fel\n    asof: 2026-03-31\n    cases:\n      - id: A\n        insats: hemtjanst\n        events:\n          - {event: bestallning_registrerad, date: 2026-03-02}\n    expect:\n      - {case: A, rule: PAR-01, verdict: i_tid}\n")
	code, out, _ = run(t, "routines", "test", "--routines", "paraply", failing)
	if code != exitFindings || !strings.Contains(out, "fail_test.yaml:10: test \"fel\"") || !strings.Contains(out, "exp: case A rule PAR-01: i_tid") || !strings.Contains(out, "got: case A rule PAR-01: saknas") {
		t.Errorf("failing routine test: %d\n%s", code, out)
	}
}

// TestWritingARoutineExample runs the commands of docs/writing-a-routine.md.
func TestWritingARoutineExample(t *testing.T) {
	ex := filepath.Join("..", "..", "docs", "examples")
	if code, out, _ := run(t, "routines", "check", filepath.Join(ex, "min-rutin.yaml")); code != 0 || !strings.Contains(out, "SUCCESS: 2 rules found") {
		t.Errorf("check: %d %s", code, out)
	}
	if code, out, _ := run(t, "routines", "test", filepath.Join(ex, "min-rutin_test.yaml")); code != 0 || !strings.Contains(out, "SUCCESS: 1 tests, 3 expectations") {
		t.Errorf("test: %d %s", code, out)
	}
	code, out, _ := run(t, "audit", "--routines", filepath.Join(ex, "min-rutin.yaml"), "--input", filepath.Join(ex, "min-rutin-events.csv"), "--asof", "2026-05-29", "--out", t.TempDir())
	if code != 0 || !strings.Contains(out, "2 i tid, 1 sen, 1 saknas, 0 pågående, 0 ej tillämplig, 0 datafel; compliance 50.0 %") {
		t.Errorf("audit: %d %s", code, out)
	}
	policy := writeFile(t, t.TempDir(), "policy.yaml", "rules:\n  SOL-BS-10: {deadline: \"5 vardagar\", note: \"Socialnämnden 2026-02-12 § 14\"}\n")
	if code, out, _ := run(t, "routines", "explain", "--policy", policy, "SOL-BS-10"); code != 0 || !strings.Contains(out, "Lokal policy: 5 vardagar") {
		t.Errorf("explain with policy: %d %s", code, out)
	}
}

// TestTrendJobLogsAsTheJob: the trend part of a job logs with the job and period, and
// names the files where they end up, not the temporary directory.
func TestTrendJobLogsAsTheJob(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "exports"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "exports"), "e.csv", string(demoEvents))
	jobs := writeFile(t, dir, "jobs.yaml", "log_format: json\njobs:\n  lov:\n    cron: \"0 6 6 * *\"\n    input: {dir: exports}\n    kinds: [trend]\n    out: \"r/{{.Period}}\"\n")
	code, out, errs := run(t, "run", "--jobs", jobs, "--asof", "2026-11-10", "lov")
	if code != 0 || !strings.Contains(out, "period 2026-10") {
		t.Fatalf("run: %d\n%s\n%s", code, out, errs)
	}
	var done string
	for _, line := range strings.Split(errs, "\n") {
		if strings.Contains(line, `"msg":"trend done"`) {
			done = line
		}
	}
	if !strings.Contains(done, `"job":"lov"`) || !strings.Contains(done, `"period":"2026-10"`) || strings.Contains(done, ".tmp-") || !strings.Contains(done, filepath.Join(dir, "r", "2026-10", "trend.xlsx")) {
		t.Errorf("trend log line: %s\nall:\n%s", done, errs)
	}
}

func TestJobsCheckAndRun(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "exports"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "exports"), "2026-11-05.csv", string(demoEvents))
	jobs := writeFile(t, dir, "jobs.yaml", "jobs:\n  monthly:\n    cron: \"0 6 6 * *\"\n    input: {dir: exports, glob: \"*.csv\"}\n    period: previous-month\n    out: \"reports/{{.Period}}\"\n")
	code, out, _ := run(t, "jobs", "check", jobs)
	if code != 0 || strings.Count(out, "  next: ") != 5 || !strings.Contains(out, "06:00 CE") || !strings.Contains(out, "  input now: "+filepath.Join(dir, "exports", "2026-11-05.csv")+"\n") {
		t.Errorf("jobs check: %d\n%s", code, out)
	}
	code, out, errs := run(t, "run", "--jobs", jobs, "--asof", "2026-11-10", "--log-format", "json", "monthly")
	if code != exitFindings || !strings.Contains(out, "period 2026-10 (brytdatum 2026-11-05 for the fire time 2026-11-06 06:00 CET)") || !strings.Contains(out, "8 input rows were rejected") {
		t.Fatalf("run: %d\n%s\n%s", code, out, errs)
	}
	// A day before the job's fire time gives the period of the fire time before, never
	// one cut off before its brytdatum (and an earlier period leaves latest alone).
	if code, out, errs := run(t, "run", "--jobs", jobs, "--asof", "2026-11-03", "monthly"); code != exitFindings || !strings.Contains(out, "period 2026-09 (brytdatum 2026-10-05 for the fire time 2026-10-06 06:00 CEST)") {
		t.Fatalf("run before the fire time: %d\n%s\n%s", code, out, errs)
	}
	if target, err := os.Readlink(filepath.Join(dir, "reports", "latest")); err != nil || target != "2026-10" {
		t.Errorf("latest -> %q (%v), want 2026-10", target, err)
	}
	// Without {{.Period}} in out, an earlier period is refused, not written over the newer.
	flat := writeFile(t, dir, "flat.yaml", "jobs:\n  nightly:\n    cron: \"0 6 6 * *\"\n    input: {dir: exports}\n    out: \"flat/nightly\"\n")
	if code, out, _ := run(t, "jobs", "check", flat); code != 0 || !strings.Contains(out, `note: out "flat/nightly" has no {{.Period}}`) {
		t.Errorf("jobs check of an out without period: %d\n%s", code, out)
	}
	if code, out, errs := run(t, "run", "--jobs", flat, "--asof", "2026-11-10", "nightly"); code != exitFindings {
		t.Fatalf("run into flat/nightly: %d\n%s\n%s", code, out, errs)
	}
	if code, out, errs := run(t, "run", "--jobs", flat, "--asof", "2026-10-10", "nightly"); code != exitFailure || !strings.Contains(errs, "holds the report of 2026-10, a later period than 2026-09") {
		t.Errorf("earlier period into flat/nightly: %d\n%s\n%s", code, out, errs)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "flat", "nightly", "summary.json")); err != nil || !strings.Contains(string(b), "2026-10") {
		t.Errorf("flat/nightly/summary.json after the refused run: %v\n%.300s", err, b)
	}
	// A day still to come is refused: its report would stand as the newest.
	stockholm, err := time.LoadLocation("Europe/Stockholm") // the job's zone, which "today" is in
	if err != nil {
		t.Fatal(err)
	}
	tomorrow := time.Now().In(stockholm).AddDate(0, 0, 1).Format("2006-01-02")
	if code, out, errs := run(t, "run", "--jobs", jobs, "--asof", tomorrow, "monthly"); code != exitFailure || !strings.Contains(errs, "--asof "+tomorrow+" is after today") {
		t.Errorf("run --asof tomorrow: %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(errs, `"msg":"run finished"`) || !strings.Contains(errs, `"msg":"audit done"`) || strings.Contains(errs, ".tmp-") {
		t.Errorf("run --log-format json logged:\n%s", errs)
	}
	// Without --asof, the report of the latest fire time (as catch-up makes it), not of today.
	jf, err := schedule.ReadJobsFile(jobs)
	if err != nil {
		t.Fatal(err)
	}
	want, err := jf.Job("monthly").Resolve(jf.Job("monthly").LastFire(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if code, out, errs := run(t, "run", "--jobs", jobs, "monthly"); code != exitFindings || !strings.Contains(out, "period "+want.Name+" (brytdatum "+want.Asof.String()+" for the fire time ") {
		t.Errorf("run without --asof: %d, want period %s\n%s\n%s", code, want.Name, out, errs)
	}
	for _, f := range []string{"reports/2026-10/verdicts.csv", "reports/latest/summary.json", "rutinkoll-state.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	// Valid files whose jobs would fail at run time.
	t.Setenv("RUTINKOLL_PSEUDONYM_KEY", "")
	for _, tc := range []struct{ job, want string }{
		{"input: {dir: saknas}", "job x: input dir " + filepath.Join(dir, "saknas") + ": no such file or directory; create it or correct input.dir"},
		{"input: {dir: exports}\n    calendar: kalender.yaml", "job x: calendar " + filepath.Join(dir, "kalender.yaml") + ": no such file or directory; correct the job's calendar"},
		{"input: {dir: exports}\n    routines: [paraplyy]", "job x: cannot read paraplyy: no such file or directory; did you mean the shipped routine paraply?"},
		{"input: {dir: exports}\n    routines: [gotland]", "did you mean the shipped routine gotland-sol?"},
		{"input: {dir: exports}\n    profile: magnacura", "job x: profile magnacura reads personnummer and needs the pseudonym key: set key_file, or the environment variable RUTINKOLL_PSEUDONYM_KEY"},
	} {
		f := writeFile(t, dir, "fails.yaml", "jobs:\n  x:\n    cron: \"0 6 6 * *\"\n    "+tc.job+"\n    out: r\n")
		if code, out, _ := run(t, "jobs", "check", f); code != exitFindings || !strings.Contains(out, "FAILED: the file is valid, but these jobs would fail") || !strings.Contains(out, tc.want) {
			t.Errorf("%s: exit %d\n%s\nwant %q", tc.job, code, out, tc.want)
		}
	}
	// The job's calendar reaches the audit (a broken one stops the run).
	writeFile(t, dir, "trasig.yaml", "stängda_dagar: [\n")
	cal := writeFile(t, dir, "caljobs.yaml", "jobs:\n  monthly:\n    cron: \"0 6 6 * *\"\n    input: {dir: exports}\n    calendar: trasig.yaml\n    out: \"cal/{{.Period}}\"\n")
	if code, _, errs := run(t, "run", "--jobs", cal, "--asof", "2026-11-10", "monthly"); code == 0 || !strings.Contains(errs, "trasig.yaml") {
		t.Errorf("run with a broken calendar: exit %d\n%s", code, errs)
	}
	key := writeFile(t, dir, "key", "0123456789abcdef0123")
	ok := writeFile(t, dir, "ok.yaml", "jobs:\n  x:\n    cron: \"0 6 6 * *\"\n    input: {dir: exports}\n    profile: magnacura\n    key_file: "+key+"\n    out: r\n")
	code, out, _ = run(t, "jobs", "check", ok)
	if code != 0 || !strings.Contains(out, "SUCCESS: 1 jobs") {
		t.Errorf("profile job with a key file: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "note: no file") {
		t.Errorf("exports has files, yet:\n%s", out)
	}
	// A routine file beside the jobs file is found from wherever the scheduler runs.
	_, shipped, _ := run(t, "routines", "show", "paraply")
	writeFile(t, dir, "min-rutin.yaml", strings.Replace(shipped, "routine: paraply", "routine: min-rutin", 1))
	local := writeFile(t, dir, "local.yaml", "jobs:\n  x:\n    cron: \"0 6 6 * *\"\n    input: {dir: exports}\n    routines: [min-rutin.yaml]\n    out: \"loc/{{.Period}}\"\n")
	if code, out, errs := run(t, "jobs", "check", local); code != 0 || !strings.Contains(out, "SUCCESS") {
		t.Errorf("routine file beside the jobs file: exit %d\n%s\n%s", code, out, errs)
	}
	// A folder named like a shipped routine (a job's out "paraply/…") leaves the name a name.
	if err := os.MkdirAll(filepath.Join(dir, "paraply"), 0o755); err != nil {
		t.Fatal(err)
	}
	shippedJob := writeFile(t, dir, "shipped.yaml", "jobs:\n  x:\n    cron: \"0 6 6 * *\"\n    input: {dir: exports}\n    routines: [paraply]\n    out: \"paraply/{{.Period}}\"\n")
	if code, out, errs := run(t, "jobs", "check", shippedJob); code != 0 || !strings.Contains(out, "SUCCESS") {
		t.Errorf("a folder named paraply beside the jobs file: exit %d\n%s\n%s", code, out, errs)
	}
	// A pattern that matches no export now is a note, not a failure (one may arrive).
	glob := writeFile(t, dir, "glob.yaml", "jobs:\n  x:\n    cron: \"0 6 6 * *\"\n    input: {dir: exports, glob: \"*.xlsx\"}\n    out: r\n")
	if code, out, _ := run(t, "jobs", "check", glob); code != 0 || !strings.Contains(out, "note: no file in "+filepath.Join(dir, "exports")+` matches "*.xlsx" now`) {
		t.Errorf("glob without a match: exit %d\n%s", code, out)
	}
	bad := writeFile(t, dir, "bad.yaml", "jobs:\n  x:\n    cron: \"61 * * * *\"\n    input: {dir: exports}\n    out: r\n")
	if code, out, _ := run(t, "jobs", "check", bad); code != exitFindings || !strings.Contains(out, "bad.yaml:3:11") {
		t.Errorf("bad jobs file: %d\n%s", code, out)
	}
}

func TestImportAndAuditWithProfile(t *testing.T) {
	dir := t.TempDir()
	key := writeFile(t, dir, "key.txt", "test-key-0123456789abcdef\n")
	export := filepath.Join("..", "..", "testdata", "exports", "paraply-bestallningar.csv")
	t.Setenv("RUTINKOLL_PSEUDONYM_KEY", "")
	code, _, errs := run(t, "import", "--profile", "paraply", "--input", export, "--out", filepath.Join(dir, "nokey"))
	if code != exitFailure || !strings.Contains(errs, "--key-file") {
		t.Errorf("import without key: %d %s", code, errs)
	}
	out := filepath.Join(dir, "imp")
	code, stdout, errs := run(t, "import", "--profile", "paraply", "--key-file", key, "--input", export, "--out", out)
	if code == exitFailure || !strings.Contains(stdout, "imported") {
		t.Fatalf("import: %d %s %s", code, stdout, errs)
	}
	ev, _ := os.ReadFile(filepath.Join(out, "events.csv"))
	if pn := regexpPersonnummer.Find(ev); pn != nil {
		t.Errorf("events.csv holds a personnummer-like %q", pn)
	}
	// The events.csv the import wrote is valid audit input, and auditing the export
	// through the profile gives the same verdicts, except where a rejected row names
	// its case and event: the export's audit says datafel there, while events.csv
	// has no such row and the step is missing or the rule does not start.
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	run(t, "audit", "--input", filepath.Join(out, "events.csv"), "--asof", "2026-04-30", "--out", a, "--routines", "paraply")
	run(t, "audit", "--profile", "paraply", "--key-file", key, "--input", export, "--asof", "2026-04-30", "--out", b, "--routines", "paraply")
	va, _ := os.ReadFile(filepath.Join(a, "verdicts.csv"))
	vb, _ := os.ReadFile(filepath.Join(b, "verdicts.csv"))
	la, lb := bytes.Split(stripSource(va), []byte("\n")), bytes.Split(stripSource(vb), []byte("\n"))
	unread := 0
	for i := range la {
		switch {
		case len(la) != len(lb) || len(va) < 200:
			t.Fatalf("audit of events.csv and of the export differ:\n%s\n---\n%s", va, vb)
		case bytes.Equal(la[i], lb[i]):
		case bytes.Contains(lb[i], []byte("avvisades vid importen")) && bytes.Contains(lb[i], []byte(",datafel,")) &&
			regexp.MustCompile(`,(saknas|pagaende|sen|ej_tillamplig),`).Match(la[i]) &&
			slices.EqualFunc(bytes.SplitN(la[i], []byte(","), 4)[:3], bytes.SplitN(lb[i], []byte(","), 4)[:3], bytes.Equal):
			unread++
		default:
			t.Errorf("line %d: audit of events.csv and of the export differ:\n%s\n%s", i+1, la[i], lb[i])
		}
	}
	if unread == 0 {
		t.Errorf("no verdict of the export is datafel for a rejected row:\n%s", vb)
	}
	for _, f := range []string{"verdicts.csv", "summary.json", "rejected.csv"} {
		data, _ := os.ReadFile(filepath.Join(b, f))
		if pn := regexpPersonnummer.Find(data); pn != nil {
			t.Errorf("%s holds a personnummer-like %q", f, pn)
		}
	}
	if code, out, _ := run(t, "profiles", "check", "--profile", "magnacura", export); code != exitFindings || !strings.Contains(out, "MISSING") {
		t.Errorf("profiles check with the wrong profile: %d\n%s", code, out)
	}

	// A Magna Cura listutdrag cannot hold a genomförandeplan or the boendemodul's
	// registration: those steps are datafel with the reason, never saknas, and the log
	// names the rules.
	mc := filepath.Join(dir, "mc")
	_, _, errs = run(t, "audit", "--profile", "magnacura", "--key-file", key, "--input", filepath.Join("..", "..", "testdata", "exports", "magnacura-listutdrag.csv"), "--asof", "2026-04-01", "--out", mc)
	vmc, err := os.ReadFile(filepath.Join(mc, "verdicts.csv"))
	if err != nil {
		t.Fatalf("%v\n%s", err, errs)
	}
	datafel := 0
	for _, line := range strings.Split(string(vmc), "\n") {
		f := strings.Split(line, ",")
		if len(f) < 4 || (f[2] != "VOB-01" && f[2] != "GOT-10") {
			continue
		}
		if f[3] == "saknas" || f[3] == "pågående" {
			t.Errorf("a step the export cannot hold judged %s: %s", f[3], line)
		}
		if f[3] == "datafel" && strings.Contains(line, "underlaget kan inte visa händelsen") {
			datafel++
		}
	}
	if datafel == 0 || !strings.Contains(errs, "the input cannot show these rules' target events") || !strings.Contains(errs, "VOB-01") {
		t.Errorf("%d datafel verdicts for steps the export cannot hold; log:\n%s", datafel, errs)
	}
}

var regexpPersonnummer = regexp.MustCompile(`\b(19|20)\d{6}[-+]?\d{4}\b`)

// stripSource drops the last column (file:line), which names different files.
func stripSource(b []byte) []byte {
	var out []byte
	for _, line := range bytes.Split(b, []byte("\n")) {
		if i := bytes.LastIndexByte(line, ','); i >= 0 {
			line = line[:i]
		}
		out = append(append(out, line...), '\n')
	}
	return out
}

func TestIdentitiesOnlyInXLSX(t *testing.T) {
	dir := t.TempDir()
	key := writeFile(t, dir, "key.txt", "test-key-0123456789abcdef\n")
	export := filepath.Join("..", "..", "testdata", "exports", "magnacura-listutdrag.csv")
	if code, _, errs := run(t, "audit", "--identities", "--input", export, "--asof", "2026-04-30", "--out", dir); code != exitFailure || !strings.Contains(errs, "--identities needs --profile") {
		t.Errorf("identities without profile: %d %s", code, errs)
	}
	out := filepath.Join(dir, "out")
	if code, o, e := run(t, "audit", "--profile", "magnacura", "--key-file", key, "--identities", "--input", export, "--asof", "2026-04-30", "--out", out); code == exitFailure {
		t.Fatalf("audit --identities: %d %s %s", code, o, e)
	}
	x, _ := os.ReadFile(filepath.Join(out, "rapport.xlsx"))
	if len(x) == 0 {
		t.Fatal("no rapport.xlsx")
	}
	for _, f := range []string{"verdicts.csv", "summary.json", "rejected.csv"} {
		data, _ := os.ReadFile(filepath.Join(out, f))
		if pn := regexpPersonnummer.Find(data); pn != nil {
			t.Errorf("%s holds a personnummer-like %q although only the xlsx may", f, pn)
		}
	}
	if !regexpPersonnummer.Match(unzipText(t, x)) {
		t.Error("rapport.xlsx shows no personnummer although --identities was given")
	}
	txt, err := exec.Command("pdftotext", filepath.Join(out, "rapport.pdf"), "-").Output()
	if err != nil {
		t.Skipf("pdftotext not available (%v): PDF text not checked here (reports/pdf tests it)", err)
	}
	if pn := regexpPersonnummer.Find(txt); pn != nil {
		t.Errorf("rapport.pdf shows a personnummer-like %q", pn)
	}
}

// unzipText concatenates every file of a zip (an xlsx), in the order of their names
// (excelize writes them in no fixed order), for grepping and comparing.
func unzipText(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := slices.SortedFunc(slices.Values(zr.File), func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	var all []byte
	for _, f := range files {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

// TestProfilesCheckEventCodes: checking a profile file on its own reports event codes
// that no routine knows, together with its other problems; codes a routine file adds
// count when that file is given with --routines.
func TestProfilesCheckEventCodes(t *testing.T) {
	dir := t.TempDir()
	_, shown, _ := run(t, "profiles", "show", "magnacura")
	if !strings.Contains(shown, "Nej: svar_nej") || !strings.Contains(shown, "  - event: erbjudande\n") {
		t.Fatalf("the magnacura profile changed; adjust this test:\n%s", shown)
	}
	own := strings.NewReplacer("name: magnacura", "name: egen", "Nej: svar_nej", "Nej: ledig_lagenhet").Replace(shown)
	prof := writeFile(t, dir, "egen.yaml", own)
	routine := writeFile(t, dir, "egen-rutin.yaml", `routine: egen
title: "Egen rutin"
version: "2026-12-01"
source: egen.txt
events:
  ledig_lagenhet: "ledig lägenhet anmäld"
rules:
  - id: EGEN-01
    title: "Erbjudande inom 5 dagar efter ledig lägenhet"
    responsible: handläggare
    from: ledig_lagenhet
    to: erbjudande
    deadline: "5 dagar"
    source: {document: egen.txt, quote: "Erbjudande lämnas inom fem dagar."}
`)
	code, out, _ := run(t, "profiles", "check", prof)
	if code != exitFindings || !strings.Contains(out, `unknown event code "ledig_lagenhet"`) || !strings.Contains(out, "--routines") {
		t.Errorf("a code only a routine file adds, without it: exit %d\n%s", code, out)
	}
	if code, out, _ := run(t, "profiles", "check", "--routines", routine, prof); code != exitOK || !strings.Contains(out, "SUCCESS") {
		t.Errorf("with the routine file: exit %d\n%s", code, out)
	}
	// The ways of naming the profile: --profile without an export checks the profile
	// alone; the profile first without --profile, with or without exports.
	for _, args := range [][]string{{"--profile", prof}, {prof}, {"magnacura"}} {
		if code, out, errs := run(t, append([]string{"profiles", "check", "--routines", routine}, args...)...); code != exitOK || !strings.Contains(out, "is a valid profile") {
			t.Errorf("profiles check %q: exit %d\n%s%s", args, code, out, errs)
		}
	}
	t.Setenv("RUTINKOLL_PSEUDONYM_KEY", "")
	if code, out, _ := run(t, "profiles", "check", "--routines", routine, prof, filepath.Join("..", "..", "testdata", "exports", "magnacura-listutdrag.csv")); !strings.Contains(out, "Checking") || code == exitFailure ||
		!strings.Contains(out, `Note: profile "egen" reads personnummer, so import and audit need the municipality's pseudonym key`) {
		t.Errorf("profile first, then an export: exit %d\n%s", code, out)
	}
	if code, _, errs := run(t, "profiles", "check", "export.csv"); code != exitFailure || !strings.Contains(errs, "--profile P is required") {
		t.Errorf("an export without a profile: exit %d\n%s", code, errs)
	}
	// import takes --routines for the same reason.
	key := writeFile(t, dir, "key.txt", "test-key-0123456789abcdef\n")
	export := filepath.Join("..", "..", "testdata", "exports", "magnacura-listutdrag.csv")
	imp := []string{"import", "--profile", prof, "--key-file", key, "--input", export, "--out", filepath.Join(dir, "imp")}
	if code, _, errs := run(t, imp...); code != exitFailure || !strings.Contains(errs, `unknown event code "ledig_lagenhet"`) {
		t.Errorf("import without the routine file: exit %d\n%s", code, errs)
	}
	if code, _, errs := run(t, append(imp, "--routines", routine)...); code == exitFailure {
		t.Errorf("import with the routine file: exit %d\n%s", code, errs)
	} else if _, err := os.Stat(filepath.Join(dir, "imp", "events.csv")); err != nil {
		t.Errorf("import with the routine file wrote no events.csv: %v", err)
	}

	// A misspelt code and a wrong shape: both at once, each with its position.
	bad := strings.NewReplacer("shape: wide", "shape: widee", "  - event: erbjudande\n", "  - event: erbjudandet\n").Replace(own)
	badPath := writeFile(t, dir, "bad.yaml", bad)
	code, out, _ = run(t, "profiles", "check", "--routines", routine, badPath)
	if code != exitFindings || !strings.Contains(out, `shape: "widee" is not a shape`) || !regexp.MustCompile(`bad\.yaml:\d+:\d+: events\[2\]\.event: unknown event code "erbjudandet"; did you mean 'erbjudande'\?`).MatchString(out) {
		t.Errorf("two problems at once: exit %d\n%s", code, out)
	}
}

// TestExportWithoutProfile: an export given to audit without --profile, CSV or Excel,
// gets an error that points at --profile.
func TestExportWithoutProfile(t *testing.T) {
	dir := t.TempDir()
	for _, export := range []string{"magnacura-listutdrag.csv", "generic-wide.xlsx"} {
		code, _, errs := run(t, "audit", "--input", filepath.Join("..", "..", "testdata", "exports", export), "--asof", "2026-04-01", "--out", filepath.Join(dir, export))
		if code != exitFailure || !strings.Contains(errs, "add --profile NAME (rutinkoll profiles list") {
			t.Errorf("%s: exit %d\n%s", export, code, errs)
		}
	}
}

// TestRunNamesTheJobField: a job whose routine file does not load fails with the place
// of its 'routines' field in the jobs file, where the fix goes.
func TestRunNamesTheJobField(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "exports"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "exports"), "e.csv", string(demoEvents))
	writeFile(t, dir, "lokal.yaml", "routine: lokal\nrules:\n  - id: A\n")
	for _, kinds := range []string{"[audit]", "[trend]", "[ivo, trend]"} {
		jobs := writeFile(t, dir, "jobs.yaml", "jobs:\n  monthly:\n    cron: \"0 6 6 * *\"\n    input: {dir: exports}\n    routines: [lokal.yaml]\n    out: \"r/{{.Period}}\"\n    kinds: "+kinds+"\n")
		code, out, errs := run(t, "run", "--jobs", jobs, "--asof", "2026-11-10", "monthly")
		if want := jobs + `:5:15: run job "monthly" period 2026-10: routine files invalid`; code != exitFailure || !strings.Contains(errs, want) {
			t.Errorf("kinds %s: run: %d, want stderr with %q\n%s\n%s", kinds, code, want, out, errs)
		}
	}
}

// TestSubcommandHelp: -h and --help on a command with subcommands print its usage and
// succeed, instead of calling -h an unknown subcommand.
func TestSubcommandHelp(t *testing.T) {
	for _, cmd := range []string{"routines", "profiles", "jobs"} {
		for _, h := range []string{"-h", "--help"} {
			code, _, errs := run(t, cmd, h)
			if code != 0 || !strings.HasPrefix(errs, "Usage: rutinkoll "+cmd+" ") || strings.Contains(errs, "unknown subcommand") {
				t.Errorf("%s %s: exit %d\n%s", cmd, h, code, errs)
			}
		}
	}
}

// TestImportWithoutKeySaysOnce: a profile that reads personnummer, without a key, fails
// with one message naming both ways to give the key.
func TestImportWithoutKeySaysOnce(t *testing.T) {
	t.Setenv("RUTINKOLL_PSEUDONYM_KEY", "")
	code, _, errs := run(t, "import", "--profile", "magnacura", "--input", filepath.Join("..", "..", "testdata", "exports", "magnacura-listutdrag.csv"), "--out", t.TempDir())
	if code != exitFailure || strings.Count(errs, "RUTINKOLL_PSEUDONYM_KEY") != 1 || strings.Count(errs, "--key-file FILE") != 1 || strings.Count(errs, "\n") != 1 {
		t.Errorf("exit %d\n%s", code, errs)
	}
}
