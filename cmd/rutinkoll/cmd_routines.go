package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/routinefile"
	"github.com/rutinkoll/rutinkoll/audit/routines"
	"github.com/rutinkoll/rutinkoll/audit/routinetest"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

func runRoutines(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stderr, "Usage: rutinkoll routines list [--routines FILES]\n       rutinkoll routines check FILES\n       rutinkoll routines test [--routines FILES] [TESTFILES]\n       rutinkoll routines explain [--routines FILES] ID\n       rutinkoll routines show NAME   (a shipped routine or NAME_test, to copy and change)")
		if len(args) == 0 {
			return usagef("expected a subcommand: list, check, test, explain or show")
		}
		return nil
	}
	switch args[0] {
	case "list":
		return routinesList(args[1:], stdout, stderr)
	case "check":
		return routinesCheck(args[1:], stdout, stderr)
	case "test":
		return routinesTest(args[1:], stdout, stderr)
	case "explain":
		return routinesExplain(args[1:], stdout, stderr)
	case "show":
		return routinesShow(args[1:], stdout, stderr)
	}
	return usagef("unknown subcommand %q: expected list, check, test, explain or show", args[0])
}

// routinesShow prints a shipped routine file, or its routine test file (NAME_test), as
// it is embedded: the start of a municipality's own copy.
func routinesShow(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("routines show", "routines show NAME  (e.g. routines show paraply > min-rutin.yaml)", stderr)
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("expected one name: %s (or NAME_test for its routine test)", strings.Join(embeddedRoutineNames(), ", "))
	}
	name := strings.TrimSuffix(fs.Arg(0), ".yaml")
	var names []string
	for _, f := range append(routines.Files(), routines.TestFiles()...) {
		n := strings.TrimSuffix(filepath.Base(strings.TrimPrefix(f.Name, "embedded:")), ".yaml")
		if n == name {
			if strings.HasSuffix(n, "_test") {
				// A copied test file must name the copied routine, or it tests the shipped one.
				fmt.Fprintf(stdout, "# A copy of the shipped test %s. To test your copy of the routine, name it here:\n# routines: [min-%s.yaml]\n", n, strings.TrimSuffix(n, "_test"))
			}
			_, err := stdout.Write(f.Data)
			return err
		}
		names = append(names, n)
	}
	msg := fmt.Sprintf("no shipped routine or routine test %q", fs.Arg(0))
	if near := audit.Nearest(name, names); near != "" {
		msg += fmt.Sprintf("; did you mean %q?", near)
	}
	return usagef("%s; shipped: %s", msg, strings.Join(names, ", "))
}

func routinesList(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("routines list", "routines list [--routines FILES]", stderr)
	var ro routineOptions
	ro.register(fs)
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	rts, err := ro.load(audit.NewVocabulary())
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tRESPONSIBLE\tDEADLINE\tTITLE\tSOURCE")
	n := 0
	for _, rt := range rts {
		for _, r := range rt.Rules {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Kind, r.Responsible, r.DeadlineText(), r.Title, r.Source.Document)
			n++
		}
		if p := rt.Privacy; p.ID != "" {
			fmt.Fprintf(tw, "%s\tprivacy\t\t%s\t%s\t%s\n", p.ID, "(ingen frist)", p.Title, p.Source.Document)
			n++
		}
	}
	tw.Flush()
	fmt.Fprintf(stdout, "%d rule ids in %d routines\n", n, len(rts))
	return nil
}

func routinesCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("routines check", "routines check FILES", stderr)
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("expected routine files to check")
	}
	var files []routinefile.File
	for _, p := range fs.Args() {
		fmt.Fprintf(stdout, "Checking %s\n", p)
		f, err := readFile(p)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	rts, err := routinefile.Load(files, audit.NewVocabulary(), routinefile.Options{})
	if err != nil {
		fmt.Fprintln(stdout, "FAILED:")
		fmt.Fprintln(stdout, err)
		return &exitError{exitFindings}
	}
	n := 0
	for _, rt := range rts {
		n += len(rt.Rules)
		if len(rt.Rules) > 0 && !slices.ContainsFunc(rt.Rules, func(r *audit.Rule) bool { return stats.ResponsibleIs(r.Responsible, stats.UtforareRoles) }) {
			fmt.Fprintf(stdout, "note: no rule of routine %s (%s) has a responsible that names %s, so the per-utförare (LOV) figures will not count it; "+
				"its rules count in the totals and per enhet. If the utförare does some of these steps, write 'responsible: utförare' on those rules.\n",
				rt.ID, rt.File, strings.Join(stats.UtforareRoles, " or "))
		}
	}
	fmt.Fprintf(stdout, "SUCCESS: %d rules found\n", n)
	return nil
}

func routinesTest(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("routines test", "routines test [--routines FILES] [TESTFILES]  (no files: the shipped tests)", stderr)
	var ro routineOptions
	ro.register(fs)
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	var files []routinefile.File
	if fs.NArg() == 0 {
		files = routines.TestFiles()
	}
	for _, p := range fs.Args() {
		f, err := readFile(p)
		if err != nil {
			return err
		}
		if key, line, _, ok := routinefile.RoutineFileKey(f); ok {
			return fmt.Errorf("%s is a routine file, not a routine test (it has '%s:' at line %d and no 'tests:'); "+
				"a test file lists routines: (optional: the routine files to test) and tests: (cases and the verdicts you expect) "+
				"— see docs/writing-a-routine.md. To check the routine file itself, run: rutinkoll routines check %s",
				f.Name, key, line, f.Name)
		}
		files = append(files, f)
	}
	invalid, failed, tests, exps := 0, 0, 0, 0
	for _, f := range files {
		vocab := audit.NewVocabulary()
		var rts []*audit.Routine
		// A test file may name its routines; --routines overrides them.
		refs, err := routinefile.PeekRoutines(f)
		if err != nil {
			fmt.Fprintf(stdout, "FAILED: %s\n%v\n", f.Name, err)
			invalid++
			continue
		}
		if len(ro.files) == 0 && len(refs) > 0 {
			var rfs []routinefile.File
			for _, ref := range refs {
				rf, err := testRoutine(f.Name, ref)
				if err != nil {
					return err
				}
				rfs = append(rfs, rf)
			}
			rts, err = ro.loadFiles(rfs, vocab)
		} else {
			rts, err = ro.load(vocab)
		}
		if err != nil {
			return err
		}
		tf, err := routinefile.ParseTestFile(f, vocab)
		if err != nil {
			fmt.Fprintf(stdout, "FAILED: %s\n%v\n", f.Name, err)
			invalid++
			continue
		}
		rep := routinetest.Run(tf, rts)
		tests += rep.Tests
		exps += rep.Expectations
		var tested []string
		for _, rt := range rts {
			if strings.HasPrefix(rt.File, "embedded:") {
				tested = append(tested, rt.ID)
			} else {
				tested = append(tested, rt.ID+" ("+rt.File+")")
			}
		}
		against := "against " + strings.Join(tested, ", ")
		if len(ro.files) == 0 && len(refs) == 0 {
			against += " (shipped: the test names no routines: [FILE] and no --routines was given)"
		}
		if len(rep.Failures) == 0 {
			fmt.Fprintf(stdout, "ok    %s (%d tests, %d expectations) %s\n", f.Name, rep.Tests, rep.Expectations, against)
			continue
		}
		fmt.Fprintf(stdout, "FAIL  %s %s\n", f.Name, against)
		for _, fl := range rep.Failures {
			fmt.Fprintln(stdout, fl.String())
		}
		failed += len(rep.Failures)
	}
	switch {
	case invalid > 0 && failed > 0:
		fmt.Fprintf(stdout, "FAILED: %d of %d expectations; %d of %d test files invalid (see above)\n", failed, exps, invalid, len(files))
	case invalid > 0:
		fmt.Fprintf(stdout, "FAILED: %d of %d test files invalid (see above)\n", invalid, len(files))
	case failed > 0:
		fmt.Fprintf(stdout, "FAILED: %d of %d expectations\n", failed, exps)
	default:
		fmt.Fprintf(stdout, "SUCCESS: %d tests, %d expectations\n", tests, exps)
		return nil
	}
	return &exitError{exitFindings}
}

// testRoutine resolves one entry of a test file's routines: list. An absolute path is
// used as is; a relative path is looked up next to the test file; otherwise the entry
// may name an embedded routine ("paraply" or "paraply.yaml").
func testRoutine(testFile string, ref routinefile.RoutineRef) (routinefile.File, error) {
	where := fmt.Sprintf("%s:%d:%d: routines", testFile, ref.Line, ref.Column)
	embedded := strings.Join(embeddedRoutineNames(), ", ")
	if filepath.IsAbs(ref.Name) {
		f, err := readFile(ref.Name)
		if err != nil {
			return f, fmt.Errorf("%s: %w; an absolute path is used as is: correct it, or give a path relative to the test file or an embedded routine's name (%s)", where, err, embedded)
		}
		return f, nil
	}
	p := filepath.Join(filepath.Dir(testFile), ref.Name)
	if _, err := os.Stat(p); err == nil {
		return readFile(p)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return routinefile.File{}, fmt.Errorf("%s: cannot read %s: %w", where, p, errUnwrapPath(err))
	}
	if f, ok := embeddedRoutineNamed(ref.Name); ok {
		return f, nil
	}
	return routinefile.File{}, fmt.Errorf("%s: %q is neither a file (looked for %s, relative to the test file's folder) nor an embedded routine; "+
		"give the routine file's path relative to the test file, an absolute path, or one of the embedded routines: %s", where, ref.Name, p, embedded)
}

func routinesExplain(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("routines explain", "routines explain [--routines FILES] ID", stderr)
	var ro routineOptions
	ro.register(fs)
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("expected one rule id, e.g. rutinkoll routines explain PAR-01")
	}
	vocab := audit.NewVocabulary()
	rts, err := ro.load(vocab)
	if err != nil {
		return err
	}
	var ids []string
	for _, rt := range rts {
		for _, r := range rt.Rules {
			ids = append(ids, r.ID)
			if !strings.EqualFold(r.ID, fs.Arg(0)) {
				continue
			}
			explainRule(stdout, rt, r, vocab)
			return nil
		}
		if p := rt.Privacy; p.ID != "" && strings.EqualFold(p.ID, fs.Arg(0)) {
			fmt.Fprintf(stdout, "%s — %s\nRutin:       %s (%s)\nTyp:         integritetsregel, ingen frist\n", p.ID, p.Title, rt.Title, rt.File)
			fmt.Fprintf(stdout, "Verkan:      personer med skyddade personuppgifter visas aldrig i rapporter, loggar eller CSV; de räknas endast som antal.\n")
			fmt.Fprintf(stdout, "Källa:       %s\nCitat:       ”%s”\n", p.Source.Document, p.Source.Quote)
			return nil
		}
	}
	msg := fmt.Sprintf("no rule %q", fs.Arg(0))
	if s := audit.Nearest(fs.Arg(0), ids); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return usagef("%s", msg)
}

func explainRule(w io.Writer, rt *audit.Routine, r *audit.Rule, vocab *audit.Vocabulary) {
	fmt.Fprintf(w, "%s — %s\n", r.ID, r.Title)
	fmt.Fprintf(w, "Rutin:       %s (%s)\n", rt.Title, rt.File)
	fmt.Fprintf(w, "Ansvarig:    %s\n", r.Responsible)
	fmt.Fprintf(w, "Typ:         %s\n", r.Kind)
	ev := func(c audit.EventCode, f audit.Field) string {
		s := vocab.Name(c) + " (" + vocab.Type(c).Meaning + ")"
		if f == audit.FieldRegistered {
			s += ", registreringsdatum"
		}
		return s
	}
	if r.From != audit.NoEvent {
		fmt.Fprintf(w, "Från:        %s\n", ev(r.From, r.FromField))
	}
	if r.To != audit.NoEvent {
		fmt.Fprintf(w, "Till:        %s\n", ev(r.To, r.ToField))
	}
	if r.Unless != audit.NoEvent {
		fmt.Fprintf(w, "Gäller bara om detta inte skett i tid: %s\n", ev(r.Unless, audit.FieldDate))
	}
	fmt.Fprintf(w, "Frist:       %s\n", r.DeadlineText())
	if r.Kind == audit.KindDuration || r.Kind == audit.KindEscalation {
		yn := map[bool]string{true: "ja", false: "nej"}
		fmt.Fprintf(w, "Flyttas till nästa vardag om fristen infaller en helgdag: %s\n", yn[r.RollForward])
		fmt.Fprintf(w, "Klockan stannar under frånvaro: %s\n", yn[r.PauseFranvaro])
	}
	if len(r.Required) > 0 {
		fmt.Fprintf(w, "Krävs:       %s\n", strings.Join(r.Required, ", "))
	}
	if c := describeCondition(&r.When); c != "" {
		fmt.Fprintf(w, "Villkor:     %s\n", c)
	}
	fmt.Fprintf(w, "Källa:       %s\n", r.Source.Document)
	fmt.Fprintf(w, "Citat:       ”%s”\n", r.Source.Quote)
	if r.Interpretation != "" {
		fmt.Fprintf(w, "Tolkning:    %s\n", r.Interpretation)
	}
	if r.Policy != nil {
		fmt.Fprintf(w, "Lokal policy: %s (%s) — kommunens egen siffra, inte rutinens. %s\n", r.Policy.Deadline, r.Policy.Source, r.Policy.Note)
	}
}

func describeCondition(c *audit.Condition) string {
	var parts []string
	if len(c.Insats) > 0 {
		parts = append(parts, "insats "+strings.Join(c.Insats, "/"))
	}
	if c.NyKund != nil {
		parts = append(parts, map[bool]string{true: "endast ny kund", false: "inte ny kund"}[*c.NyKund])
	}
	if c.ExternUtforare != nil {
		parts = append(parts, map[bool]string{true: "endast utförare utan regionens system", false: "utförare med regionens system"}[*c.ExternUtforare])
	}
	if len(c.Frequency) > 0 {
		var fs []string
		for _, f := range c.Frequency {
			fs = append(fs, f.String())
		}
		parts = append(parts, "frekvens "+strings.Join(fs, "/"))
	}
	if c.FranvaroLongerThan > 0 {
		parts = append(parts, fmt.Sprintf("frånvaro längre än %d dagar", c.FranvaroLongerThan))
	}
	return strings.Join(parts, "; ")
}
