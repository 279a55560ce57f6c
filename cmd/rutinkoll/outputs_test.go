package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rutinkoll/rutinkoll/reports"
)

// TestWriteOutputsAllOrNothing: when one output fails, none of the new outputs is put
// in place (the previous ones stay) and no temporary file is left; when all succeed,
// all are in place.
func TestWriteOutputsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.csv", "b.xlsx"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("previous"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := func(s string) func(io.Writer, *reports.Report) error {
		return func(w io.Writer, _ *reports.Report) error { _, err := io.WriteString(w, s); return err }
	}
	boom := errors.New("disk full")
	outs := []output{{"a.csv", text("new")}, {"b.xlsx", func(io.Writer, *reports.Report) error { return boom }}, {"c.pdf", text("new")}}
	if _, err := writeOutputs(dir, outs, &reports.Report{}); !errors.Is(err, boom) {
		t.Fatalf("error %v, want the writer's", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Fatalf("%d files after a failed write, want the 2 previous ones", len(entries))
	}
	for _, e := range entries {
		if b, _ := os.ReadFile(filepath.Join(dir, e.Name())); string(b) != "previous" {
			t.Errorf("%s changed to %q", e.Name(), b)
		}
	}
	outs[1].write = text("new")
	files, err := writeOutputs(dir, outs, &reports.Report{})
	if err != nil || len(files) != 3 {
		t.Fatalf("files %v, error %v", files, err)
	}
	for _, f := range files {
		if b, _ := os.ReadFile(f); string(b) != "new" {
			t.Errorf("%s is %q", f, b)
		}
	}
}

// TestAuditOutputBlockedLeavesPrevious: an audit whose PDF cannot be put in place (a
// directory has its name) fails and leaves every previous report as it was.
func TestAuditOutputBlockedLeavesPrevious(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if code, _, errs := run(t, "demo", "--out", out); code != 0 {
		t.Fatalf("demo: %d %s", code, errs)
	}
	before := map[string]string{}
	for _, name := range []string{"verdicts.csv", "summary.json", "rapport.xlsx"} {
		b, _ := os.ReadFile(filepath.Join(out, name))
		before[name] = string(b)
	}
	if err := os.Mkdir(filepath.Join(out, "x.pdf"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, "demo", "--out", out, "--routines", "paraply", "--pdf-name", "x.pdf")
	if code != exitFailure || !strings.Contains(errs, "x.pdf") {
		t.Fatalf("blocked output: exit %d, %s", code, errs)
	}
	for name, want := range before {
		if b, _ := os.ReadFile(filepath.Join(out, name)); string(b) != want {
			t.Errorf("%s was replaced by a failed run", name)
		}
	}
}

// TestSummaryNamesRoutines: the summary names the routines that judged the cases, and
// says so when every embedded routine did only because no --routines was given.
func TestSummaryNamesRoutines(t *testing.T) {
	dir := t.TempDir()
	key := writeFile(t, dir, "key.txt", "test-key-0123456789abcdef\n")
	export := filepath.Join("..", "..", "testdata", "exports", "paraply-bestallningar.csv")
	args := []string{"audit", "--profile", "paraply", "--key-file", key, "--input", export, "--asof", "2026-04-30", "--out", filepath.Join(dir, "o")}
	_, out, _ := run(t, args...)
	if !strings.Contains(out, "Routines: gotland-sol, paraply, solna-boendestod, vob-kvalitetsfabriken\n") || !strings.Contains(out, "Note: every embedded routine judged") {
		t.Errorf("without --routines:\n%s", out)
	}
	_, out, _ = run(t, append(args, "--routines", "paraply")...)
	if !strings.Contains(out, "Routines: paraply\n") || strings.Contains(out, "Note: every embedded") {
		t.Errorf("with --routines paraply:\n%s", out)
	}

	// Some cases name their kommun: the note counts those that do not.
	mixed := writeFile(t, dir, "mixed.csv", "case_id;kommun;insats;event;date\nA;Solna;boendestod;beslut;2026-01-01\nB;;boendestod;beslut;2026-01-02\nC;;hemtjanst;beslut;2026-01-03\n")
	_, out, _ = run(t, "audit", "--input", mixed, "--asof", "2026-04-30", "--out", filepath.Join(dir, "m"))
	if !strings.Contains(out, "Note: 2 of 3 cases name no kommun, so every embedded routine judged them") || !strings.Contains(out, "--routines NAME or FILE") {
		t.Errorf("some cases without kommun:\n%s", out)
	}
	// A chosen routine that judges no case says so, with what it asks and what the
	// cases have; cases outside every routine are counted.
	mat := writeFile(t, dir, "mat.yaml", "routine: mat\ntitle: Mat\nsource: s.txt\nmunicipality: Exempelkommunen\ninsats: [matdistribution]\nrules:\n  - {id: MAT-01, title: t, responsible: utförare, from: bestallning_registrerad, to: bestallning_bekraftad, deadline: \"3 vardagar\", source: {document: s.txt, quote: q}}\n")
	_, out, _ = run(t, "audit", "--input", mixed, "--routines", mat+",paraply", "--asof", "2026-04-30", "--out", filepath.Join(dir, "mat"))
	if !strings.Contains(out, `Note: routine mat judged no case: it applies to insats matdistribution and municipality Exempelkommunen; the cases have insats "boendestod", "hemtjanst" and kommun (none), "Solna"`) ||
		!strings.Contains(out, "Note: 1 of 3 cases are outside every routine's scope") {
		t.Errorf("idle routine:\n%s", out)
	}
	_, out, _ = run(t, "audit", "--input", mixed, "--routines", mat, "--asof", "2026-04-30", "--out", filepath.Join(dir, "mat2"))
	if !strings.Contains(out, "Note: 3 of 3 cases are outside every routine's scope") {
		t.Errorf("cases outside every routine:\n%s", out)
	}
	named := writeFile(t, dir, "named.csv", "case_id;kommun;insats;event;date\nA;Solna stad;boendestod;beslut;2026-01-01\nB;Region Gotland;hemtjanst;beslut;2026-01-02\n")
	_, out, _ = run(t, "audit", "--input", named, "--asof", "2026-04-30", "--out", filepath.Join(dir, "n"))
	if strings.Contains(out, "Note:") {
		t.Errorf("every case names its kommun, yet a note:\n%s", out)
	}
	// A case whose rows name another utförare later counts under the first; said.
	byt := writeFile(t, dir, "byte.csv", "case_id;insats;utforare;event;date\nB1;hemtjanst;Alfa AB;beslut;2026-03-02\nB1;hemtjanst;Beta AB;byte_begart;2026-03-04\n")
	_, out, _ = run(t, "audit", "--input", byt, "--routines", "gotland-sol", "--asof", "2026-04-30", "--out", filepath.Join(dir, "byte"))
	if !strings.Contains(out, "Note: 1 cases name another utförare on later rows than on their first; each counts under its first value") {
		t.Errorf("utförare change:\n%s", out)
	}
	// A brytdatum after today (a typo in the year, say) is pointed out.
	_, out, _ = run(t, "audit", "--input", named, "--asof", "2099-01-01", "--out", filepath.Join(dir, "future"))
	if !strings.Contains(out, "Note: the brytdatum 2099-01-01 is after today") {
		t.Errorf("future brytdatum:\n%s", out)
	}
}

// TestWriteAtomicallyAllOrNone: the ivo and trend writers put their files in place all
// or none, as audit does.
func TestWriteAtomicallyAllOrNone(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ivo.xlsx"), []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "ivo.pdf"), 0o755); err != nil {
		t.Fatal(err)
	}
	text := func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }
	if _, err := writeAtomically(dir, []outputFile{{"ivo.xlsx", text}, {"ivo.pdf", text}}); err == nil {
		t.Fatal("no error although ivo.pdf is a directory")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "ivo.xlsx")); string(b) != "previous" {
		t.Errorf("ivo.xlsx replaced by a failed run: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("%d entries left, want the 2 previous ones", len(entries))
	}
}
