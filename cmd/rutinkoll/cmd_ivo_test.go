package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// runSub runs one subcommand's function and maps its error to an exit code the way
// Run does, so that commands not yet listed in commands() can be tested.
func runSub(t *testing.T, fn func(context.Context, []string, io.Writer, io.Writer) error, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := fn(context.Background(), args, &out, &errb)
	var ee *exitError
	var ue *usageError
	switch {
	case err == nil:
		return exitOK, out.String(), errb.String()
	case errors.As(err, &ee):
		return ee.code, out.String(), errb.String()
	case errors.As(err, &ue):
		return exitFailure, out.String(), errb.String() + err.Error()
	}
	return exitFailure, out.String(), errb.String() + err.Error()
}

const ivoEvents = `case_id;person;insats;utforare;event;date;gender;ivo_code;flags;details
V1;P-V1;vard_och_omsorgsboende;Ekängens äldreboende;beslut;2026-03-02;K;19380404-T402;;skal=resursbrist
V1;;;;erbjudande;2026-05-04;;;;
V1;;;;svar_nej;2026-05-05;;;;
V2;P-V2;hemtjanst;Hemtjänst Öst;beslut;2026-02-10;M;19410101-T111;;skal=resursbrist
V2;;;;insats_paborjad;2026-08-03;;;;
S1;P-S1;vard_och_omsorgsboende;Brunnsgården;beslut;2026-03-01;K;19270707-T702;skyddad;skal=resursbrist
`

func TestIVOCommand(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "events.csv", ivoEvents)
	out := filepath.Join(dir, "out")
	args := []string{"--quarter", "2026Q3", "--input", in, "--out", out, "--municipality", "Exempelkommunen",
		"--namnd", "Socialnämnden", "--generated-at", "2026-10-05T06:00:00Z"}
	code, stdout, stderr := runSub(t, runIVO, args...)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "IVO 2026Q3 (2026-07-01 – 2026-09-30): 0 new, 2 still not verkställda, 1 verkställda or avslutade; 1 with skyddade personuppgifter") {
		t.Errorf("summary:\n%s", stdout)
	}
	first := map[string][]byte{}
	for _, name := range []string{"ivo.xlsx", "ivo.pdf"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil || len(b) == 0 {
			t.Fatalf("%s not written: %v", name, err)
		}
		first[name] = b
	}
	// The same input and --generated-at give the same bytes.
	if code, _, _ := runSub(t, runIVO, args...); code != exitOK {
		t.Fatal("second run failed")
	}
	for name, b := range first {
		again, _ := os.ReadFile(filepath.Join(out, name))
		if !bytes.Equal(b, again) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestIVOCommandFindingsAndErrors(t *testing.T) {
	dir := t.TempDir()
	noCode := writeFile(t, dir, "nocode.csv", "case_id;insats;event;date\nX1;hemtjanst;beslut;2026-01-05\n")
	out := filepath.Join(dir, "out")
	code, stdout, _ := runSub(t, runIVO, "--quarter", "2026Q2", "--input", noCode, "--out", out)
	if code != exitFindings || !strings.Contains(stdout, "1 cases without a valid IVO code") {
		t.Errorf("missing IVO code: exit %d\n%s", code, stdout)
	}
	// An input without any beslut is not a quarter without ej verkställda beslut.
	noBeslut := writeFile(t, dir, "nobeslut.csv", "case_id;insats;event;date\nB1;hemtjanst;bestallning_registrerad;2026-04-05\n")
	code, stdout, _ = runSub(t, runIVO, "--quarter", "2026Q2", "--input", noBeslut, "--out", filepath.Join(dir, "out2"))
	if code != exitFindings || !strings.Contains(stdout, "WARNING: the input has no beslut event") {
		t.Errorf("input without beslut: exit %d\n%s", code, stdout)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		text, err := exec.Command("pdftotext", filepath.Join(dir, "out2", "ivo.pdf"), "-").Output()
		if err != nil || !strings.Contains(strings.Join(strings.Fields(string(text)), " "), "Underlaget har inga beslut") {
			t.Errorf("ivo.pdf does not warn of the missing beslut (%v):\n%s", err, text)
		}
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"NoQuarter", []string{"--input", noCode, "--out", out}, "--quarter YYYYQn"},
		{"BadQuarter", []string{"--quarter", "2026Q5", "--input", noCode, "--out", out}, "quarter must be 1, 2, 3 or 4"},
		{"NoInput", []string{"--quarter", "2026Q2", "--out", out}, "--input FILE is required"},
		{"MissingInput", []string{"--quarter", "2026Q2", "--input", filepath.Join(dir, "nope.csv"), "--out", out}, "no such file"},
		{"BadLang", []string{"--quarter", "2026Q2", "--input", noCode, "--out", out, "--lang", "de"}, `--lang "de"`},
		{"BadConfig", []string{"--quarter", "2026Q2", "--input", noCode, "--out", out, "--ivo-config", writeFile(t, dir, "c.yaml", "law: {}\n")}, "law.reference: missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runSub(t, runIVO, tt.args...)
			if code != exitFailure || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, errs, tt.want)
			}
		})
	}
}

// TestIVOOnDemoData runs the report on the demo data set, whose vård- och
// omsorgsboende cases are sometimes never verkställda, and checks the PDF holds no
// personnummer pattern.
func TestIVOOnDemoData(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "demo.csv", string(demoEvents))
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runSub(t, runIVO, "--quarter", "2026Q3", "--input", in, "--out", out, "--generated-at", "2026-10-05T06:00:00Z")
	// The demo data has rejected rows and no IVO codes: findings, but a report.
	if code != exitFindings {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if regexp.MustCompile(`: 0 new, 0 still`).MatchString(stdout) {
		t.Errorf("the demo data gives an empty IVO report:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(out, "ivo.pdf")); err != nil {
		t.Fatal(err)
	}
}
