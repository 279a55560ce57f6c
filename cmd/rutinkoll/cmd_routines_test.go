package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRoutinesTestResolvesRoutines: a test file's routines: entries are an absolute
// path, a path relative to the test file, or an embedded routine's name, in that order.
func TestRoutinesTestResolvesRoutines(t *testing.T) {
	read := func(p string) string {
		t.Helper()
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	minRutin := read(filepath.Join("..", "..", "docs", "examples", "min-rutin.yaml"))
	// The example's tests without its routines: line.
	minTests := regexp.MustCompile(`(?m)^routines:.*\n`).ReplaceAllString(read(filepath.Join("..", "..", "docs", "examples", "min-rutin_test.yaml")), "")
	paraplyTests := read(filepath.Join("..", "..", "audit", "routines", "testdata", "paraply_test.yaml"))

	dir := t.TempDir()
	sub := filepath.Join(dir, "tests")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	minAbs := writeFile(t, dir, "min-rutin.yaml", minRutin)
	writeFile(t, sub, "min-rutin-here.yaml", minRutin)
	writeFile(t, sub, "paraply.yaml", minRutin) // a file next to the test wins over the embedded routine

	for _, tc := range []struct {
		name     string
		routines string // the test file's routines: line
		tests    string
		code     int
		stdout   []string
		stderr   []string
	}{
		{"absolute path", "routines: [" + minAbs + "]", minTests, exitOK,
			[]string{"ok    ", "SUCCESS: 1 tests, 3 expectations"}, nil},
		{"relative to the test file", "routines: [min-rutin-here.yaml]", minTests, exitOK,
			[]string{"SUCCESS: 1 tests, 3 expectations"}, nil},
		{"relative path going up", "routines: [../min-rutin.yaml]", minTests, exitOK,
			[]string{"SUCCESS: 1 tests, 3 expectations"}, nil},
		{"embedded name", "routines: [paraply]", paraplyTests, exitOK,
			[]string{"SUCCESS: 9 tests, 24 expectations"}, nil},
		{"embedded name with .yaml", "routines: [vob-kvalitetsfabriken.yaml, paraply]", paraplyTests, exitOK,
			[]string{"SUCCESS: 9 tests, 24 expectations"}, nil},
		{"file next to the test before the embedded routine", "routines: [paraply.yaml]", minTests, exitOK,
			[]string{"SUCCESS: 1 tests, 3 expectations"}, nil},
		{"unknown name", "routines:\n  - paraply\n  - nosuch", paraplyTests, exitFailure, nil,
			[]string{
				`x_test.yaml:3:5: routines: "nosuch" is neither a file (looked for ` + filepath.Join(sub, "nosuch") + `, relative to the test file's folder) nor an embedded routine`,
				"one of the embedded routines: gotland-sol, paraply, solna-boendestod, vob-kvalitetsfabriken",
			}},
		{"absolute path missing", "routines: [" + filepath.Join(dir, "gone.yaml") + "]", minTests, exitFailure, nil,
			[]string{"x_test.yaml:1:12: routines: cannot read " + filepath.Join(dir, "gone.yaml") + ": ", "an absolute path is used as is"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, sub, "x_test.yaml", tc.routines+"\n"+tc.tests)
			checkRun(t, []string{"routines", "test", p}, tc.code, tc.stdout, tc.stderr)
		})
	}
}

// TestRoutinesTestWrongFiles: a routine file given as a test file, and test files that
// test nothing, are reported in one clear message each.
func TestRoutinesTestWrongFiles(t *testing.T) {
	dir := t.TempDir()
	routine := filepath.Join("..", "..", "audit", "routines", "paraply.yaml")
	policy := writeFile(t, dir, "policy.yaml", "rules:\n  SOL-BS-10: {deadline: \"5 vardagar\"}\n")
	for _, tc := range []struct {
		name   string
		file   string
		code   int
		stdout []string
		stderr []string
		never  []string // in neither stdout nor stderr
	}{
		{"routine file", routine, exitFailure, nil,
			[]string{routine + " is a routine file, not a routine test (it has 'routine:' at line 2 and no 'tests:'); " +
				"a test file lists routines: (optional: the routine files to test) and tests: (cases and the verdicts you expect) " +
				"— see docs/writing-a-routine.md. To check the routine file itself, run: rutinkoll routines check " + routine},
			[]string{"unknown field", "expectations"}},
		{"routine file without routine:", writeFile(t, dir, "rules.yaml", "title: t\nrules:\n  - id: X-01\n"), exitFailure, nil,
			[]string{"rules.yaml is a routine file, not a routine test (it has 'rules:' at line 2 and no 'tests:')"},
			[]string{"unknown field"}},
		{"policy file is no routine file", policy, exitFindings,
			[]string{"policy.yaml:1:1: test file: unknown field 'rules'", "FAILED: 1 of 1 test files invalid (see above)"}, nil,
			[]string{"is a routine file", "of 0 expectations"}},
		{"no tests", writeFile(t, dir, "empty_test.yaml", "tests: []\n"), exitFindings,
			[]string{"empty_test.yaml:1:1: test file: no tests (field 'tests' is missing or empty)", "FAILED: 1 of 1 test files invalid (see above)"}, nil,
			[]string{"of 0 expectations"}},
		{"no expectations", writeFile(t, dir, "noexp_test.yaml", "tests:\n  - name: x\n    asof: 2026-03-01\n    cases:\n      - {id: A, insats: hemtjanst}\n"), exitFindings,
			[]string{`noexp_test.yaml:2:5: test "x": no expectations (field 'expect' is missing or empty)`, "FAILED: 1 of 1 test files invalid (see above)"}, nil,
			[]string{"of 0 expectations", "SUCCESS"}},
		{"misspelt rule id", writeFile(t, dir, "typo_test.yaml", "routines: [paraply]\ntests:\n  - name: x\n    asof: 2026-03-31\n    cases:\n      - {id: A, insats: hemtjanst}\n    expect:\n      - {case: A, rule: PAR-5, verdict: ej_tillamplig}\n"), exitFindings,
			[]string{"typo_test.yaml:8", "no rule with id PAR-5 is loaded; did you mean PAR-05?"}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs := checkRun(t, []string{"routines", "test", tc.file}, tc.code, tc.stdout, tc.stderr)
			for _, w := range tc.never {
				if strings.Contains(out+errs, w) {
					t.Errorf("output has %q:\n%s\n%s", w, out, errs)
				}
			}
		})
	}
}

// TestRoutinesTestSummary: invalid test files and failed expectations are counted apart.
func TestRoutinesTestSummary(t *testing.T) {
	dir := t.TempDir()
	failing := writeFile(t, dir, "fail_test.yaml", "tests:\n  - name: fel\n    asof: 2026-03-31\n    cases:\n      - id: A\n        insats: hemtjanst\n        events:\n          - {event: bestallning_registrerad, date: 2026-03-02}\n    expect:\n      - {case: A, rule: PAR-01, verdict: i_tid}\n")
	empty := writeFile(t, dir, "empty_test.yaml", "tests: []\n")
	passing := filepath.Join("..", "..", "audit", "routines", "testdata", "paraply_test.yaml")
	for _, tc := range []struct {
		name  string
		files []string
		code  int
		want  string
	}{
		{"all pass", []string{passing}, exitOK, "SUCCESS: 9 tests, 24 expectations"},
		{"expectations fail", []string{passing, failing}, exitFindings, "FAILED: 1 of 25 expectations\n"},
		{"file invalid", []string{passing, empty}, exitFindings, "FAILED: 1 of 2 test files invalid (see above)\n"},
		{"both", []string{failing, empty, passing}, exitFindings, "FAILED: 1 of 25 expectations; 1 of 3 test files invalid (see above)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(t, append([]string{"routines", "test", "--routines", "paraply"}, tc.files...)...)
			if code != tc.code || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d (want %d), want %q in:\n%s\n%s", code, tc.code, tc.want, out, errs)
			}
		})
	}
}

// checkRun runs the command line args and fails t unless it exits with code and its
// stdout and stderr contain each of the given texts; it returns both outputs.
func checkRun(t *testing.T, args []string, code int, stdout, stderr []string) (string, string) {
	t.Helper()
	got, out, errs := run(t, args...)
	if got != code {
		t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", got, code, out, errs)
	}
	for _, w := range stdout {
		if !strings.Contains(out, w) {
			t.Errorf("stdout lacks %q:\n%s", w, out)
		}
	}
	for _, w := range stderr {
		if !strings.Contains(errs, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errs)
		}
	}
	return out, errs
}

// TestRoutinesShow: a shipped routine and its test file are printed as embedded, so that
// a copy checks and tests like the original; an unknown name gets the nearest.
func TestRoutinesShow(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := run(t, "routines", "show", "paraply")
	if code != 0 || !strings.Contains(out, "routine: paraply") || !strings.Contains(out, "PAR-05") {
		t.Fatalf("show paraply: %d\n%s", code, out)
	}
	copyPath := writeFile(t, dir, "min-paraply.yaml", out)
	if code, out, errs := run(t, "routines", "check", copyPath); code != 0 || !strings.Contains(out, "SUCCESS") {
		t.Errorf("check of the copy: %d %s %s", code, out, errs)
	}
	code, test, _ := run(t, "routines", "show", "paraply_test.yaml")
	if code != 0 || !strings.Contains(test, "tests:") {
		t.Fatalf("show paraply_test: %d\n%s", code, test)
	}
	testPath := writeFile(t, dir, "min-paraply_test.yaml", "routines: [min-paraply.yaml]\n"+test)
	if code, out, errs := run(t, "routines", "test", testPath); code != 0 || !strings.Contains(out, "SUCCESS") || !strings.Contains(out, "against paraply ("+filepath.Join(dir, "min-paraply.yaml")+")") {
		t.Errorf("test of the copy: %d %s %s", code, out, errs)
	}
	checkRun(t, []string{"routines", "show", "parapl"}, exitFailure, nil, []string{`no shipped routine or routine test "parapl"; did you mean "paraply"?`})
}

// TestRoutinesCheckNotesNoUtforareRule: a routine none of whose rules names the utförare
// as responsible is valid, but check says it will be missing from the LOV figures; the
// shipped copy, which has such rules, gets no note.
func TestRoutinesCheckNotesNoUtforareRule(t *testing.T) {
	dir := t.TempDir()
	_, shipped, _ := run(t, "routines", "show", "paraply")
	for _, tt := range []struct {
		name, text string
		note       bool
	}{
		{"as shipped", shipped, false},
		{"only handläggare", strings.ReplaceAll(shipped, "responsible: utförare", "responsible: handläggare"), true},
	} {
		path := writeFile(t, dir, "r.yaml", tt.text)
		code, out, errs := run(t, "routines", "check", path)
		if code != 0 || !strings.Contains(out, "SUCCESS") {
			t.Fatalf("%s: check: %d %s %s", tt.name, code, out, errs)
		}
		if got := strings.Contains(out, "note: no rule of routine paraply ("+path+") has a responsible that names utförare or enhetschef"); got != tt.note {
			t.Errorf("%s: note %v, want %v:\n%s", tt.name, got, tt.note, out)
		}
	}
}
