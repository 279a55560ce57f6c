package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestListFlag checks that --input and --routines split on commas, except for a value
// that names an existing file with a comma in its name.
func TestListFlag(t *testing.T) {
	dir := t.TempDir()
	withComma := filepath.Join(dir, "Export, oktober.csv")
	if err := os.WriteFile(withComma, []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		values []string
		want   []string
	}{
		{[]string{"a.csv,b.csv"}, []string{"a.csv", "b.csv"}},
		{[]string{"a.csv, b.csv ,", "c.csv"}, []string{"a.csv", "b.csv", "c.csv"}},
		{[]string{withComma}, []string{withComma}},
		{[]string{" " + withComma + "  "}, []string{withComma}}, // pasted with spaces
		{[]string{withComma, "a.csv,b.csv"}, []string{withComma, "a.csv", "b.csv"}},
		{[]string{filepath.Join(dir, "Export, november.csv")}, []string{filepath.Join(dir, "Export"), "november.csv"}}, // no such file: split as before
	}
	for _, tt := range tests {
		var l listFlag
		for _, v := range tt.values {
			if err := l.Set(v); err != nil {
				t.Fatal(err)
			}
		}
		if !slices.Equal(l, tt.want) {
			t.Errorf("Set(%q) = %q, want %q", tt.values, l, tt.want)
		}
	}
}

// TestParseFlagsInterspersed checks that options may follow other arguments, that "--"
// ends the options, and that -h is not an error.
func TestParseFlagsInterspersed(t *testing.T) {
	tests := []struct {
		args     []string
		wantOut  string
		wantArgs []string
	}{
		{[]string{"--out", "o", "a", "b"}, "o", []string{"a", "b"}},
		{[]string{"a", "--out", "o", "b"}, "o", []string{"a", "b"}},
		{[]string{"a", "b", "--out=o"}, "o", []string{"a", "b"}},
		{[]string{"a", "--", "--out", "o"}, "", []string{"a", "--out", "o"}},
		{[]string{"--", "a"}, "", []string{"a"}},
		{[]string{"2026-03-02", "-2 dagar"}, "", []string{"2026-03-02", "-2 dagar"}},
		{[]string{"--out", "o", "-2 dagar", "b", "--out=p", "-1"}, "p", []string{"-2 dagar", "b", "-1"}},
		{[]string{"-2", "--", "--out", "-3"}, "", []string{"-2", "--out", "-3"}},
		{[]string{"--out", "-1", "a"}, "-1", []string{"a"}},
		{[]string{"-2 dagar", "-out", "-5", "--v", "-3"}, "-5", []string{"-2 dagar", "-3"}},
		{nil, "", nil},
	}
	for _, tt := range tests {
		fs := newFlagSet("x", "x", io.Discard)
		out := fs.String("out", "", "")
		fs.Bool("v", false, "")
		ok, err := parseFlags(fs, tt.args)
		if !ok || err != nil {
			t.Fatalf("%q: %v %v", tt.args, ok, err)
		}
		if *out != tt.wantOut || !slices.Equal(fs.Args(), tt.wantArgs) {
			t.Errorf("%q: --out %q, args %q; want %q, %q", tt.args, *out, fs.Args(), tt.wantOut, tt.wantArgs)
		}
	}
	var usage bytes.Buffer
	fs := newFlagSet("x", "x --out DIR", &usage)
	fs.String("out", "", "")
	if ok, err := parseFlags(fs, []string{"a", "-h"}); ok || err != nil || !strings.Contains(usage.String(), "Usage: rutinkoll x --out DIR") {
		t.Errorf("-h: %v %v, usage %q", ok, err, usage.String())
	}
}

// TestCommandLineMistakes checks the messages for mistakes a user makes on the command
// line: one line saying what is wrong, nothing written, exit 2.
func TestCommandLineMistakes(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"audit", "--asoff", "2026-01-01"}, "unknown option --asoff; did you mean --asof?"},
		{[]string{"audit", "--kaka"}, "unknown option --kaka\n"},
		{[]string{"demo", "extra"}, `unexpected argument "extra": this command takes options only`},
		{[]string{"trend", "--input", "a.csv", "--verdicts", "v.csv", "b.csv"}, `unexpected argument "b.csv": give files with --input or --verdicts`},
		{nil, "Usage: rutinkoll COMMAND"},
	}
	for _, tt := range tests {
		code, out, errs := run(t, tt.args...)
		if code != exitFailure || !strings.Contains(errs, tt.want) || strings.Contains(errs, "Options:") || out != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.args, code, out, errs, exitFailure, tt.want)
		}
	}
}

// TestInputsAfterInput: --input a.csv b.csv, what a shell makes of --input exports/*.csv,
// audits both files, also with the other options after them.
func TestInputsAfterInput(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.csv", "case_id;insats;event;date;registered\nA1;hemtjanst;bestallning_registrerad;2026-03-02;2026-03-02\n")
	b := writeFile(t, dir, "b.csv", "case_id;insats;event;date;registered\nB1;hemtjanst;bestallning_registrerad;2026-03-02;2026-03-02\n")
	out := filepath.Join(dir, "out")
	code, o, e := run(t, "audit", "--routines", "paraply", "--input", a, b, "--asof", "2026-03-31", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, o, e)
	}
	v, err := os.ReadFile(filepath.Join(out, "verdicts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"\nA1,", "\nB1,"} {
		if !strings.Contains(string(v), id) {
			t.Errorf("case %s missing from verdicts.csv:\n%s", strings.TrimSpace(id), v)
		}
	}
	code, _, e = run(t, "audit", "--routines", "paraply", "--input", a, filepath.Join(dir, "nope.csv"), "--asof", "2026-03-31", "--out", filepath.Join(dir, "out2"))
	if code != exitFailure || !strings.Contains(e, "nope.csv") {
		t.Errorf("a missing second file: exit %d, %s", code, e)
	}
}
