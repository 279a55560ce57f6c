package routinefile

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/rutinkoll/rutinkoll/audit"
)

// eventKey identifies an event's details within a case: see audit.EventDetails.
type eventKey struct {
	code audit.EventCode
	line int32
	date audit.Date
}

// TestFile is a routine test file: small hand-made cases and the verdicts the rules
// must give them, the way `promtool test rules` tests alerting rules.
type TestFile struct {
	Name     string
	Routines []string // routine files or embedded routine names to load instead of all embedded routines
	Tests    []Test
}

// Test is one named test: a brytdatum, cases and expected verdicts.
type Test struct {
	Name    string
	Line    int
	Asof    audit.Date
	Dataset audit.Dataset
	Expect  []Expectation
}

// Expectation is the verdict expected for one (case, rule).
type Expectation struct {
	Line     int
	Case     string
	Rule     string
	Status   audit.Status
	DaysLate *int
	DaysLeft *int
	Deadline audit.Date // NoDate: not checked
}

var (
	testFileFields = []string{"routines", "tests"}
	testFields     = []string{"name", "asof", "cases", "expect"}
	caseFields     = []string{"id", "person", "insats", "utforare", "enhet", "flags", "frequency", "gender", "events"}
	eventFields    = []string{"event", "date", "registered", "details"}
	expectFields   = []string{"case", "rule", "verdict", "days_late", "days_left", "deadline"}
)

// ParseTestFile parses a routine test file. Event codes are looked up in vocab, which
// must already hold the codes of the routines under test.
func ParseTestFile(f File, vocab *audit.Vocabulary) (*TestFile, error) {
	w := &walker{file: f.Name}
	root := w.document(f.Data)
	if root == nil {
		return nil, w.problems
	}
	top := w.mapping(root, "test file", testFileFields...)
	tf := &TestFile{Name: f.Name, Routines: w.strings(top["routines"], "test file", "routines")}
	for _, tn := range w.list(top["tests"], "test file", "tests") {
		tf.Tests = append(tf.Tests, w.test(tn, vocab, f.Name))
	}
	if len(tf.Tests) == 0 {
		w.errorf(root, "test file: no tests (field 'tests' is missing or empty)")
	}
	if len(w.problems) > 0 {
		return nil, w.problems.Sorted()
	}
	return tf, nil
}

func (w *walker) test(n *yaml.Node, vocab *audit.Vocabulary, file string) Test {
	m := w.mapping(n, "test", testFields...)
	t := Test{Line: n.Line, Name: w.str(m["name"], "test", "name")}
	where := fmt.Sprintf("test %q", t.Name)
	t.Asof = w.requiredDate(n, m["asof"], where, "asof", "field 'asof' (the brytdatum)", "it")
	t.Dataset.Files = []string{file}
	ids := map[string]bool{}
	for _, cn := range w.list(m["cases"], where, "cases") {
		cm := w.mapping(cn, where+": case", caseFields...)
		c := audit.Case{
			Insats:   audit.MakeName(w.str(cm["insats"], where, "case.insats")),
			Utforare: audit.MakeName(w.str(cm["utforare"], where, "case.utforare")),
			Enhet:    audit.MakeName(w.str(cm["enhet"], where, "case.enhet")),
			Source:   audit.Source{Line: int32(cn.Line)},
		}
		id, person := w.str(cm["id"], where, "case.id"), w.str(cm["person"], where, "case.person")
		for _, f := range []struct {
			name string
			v    *string
		}{{"id", &id}, {"person", &person}} {
			if len(*f.v) > audit.MaxCaseText {
				w.errorf(cm[f.name], "%s: case: field '%s' (%q) is %d bytes long; a case keeps at most %d", where, f.name, audit.Shorten(*f.v), len(*f.v), audit.MaxCaseText)
				*f.v = audit.Shorten(*f.v) // the messages after this one show it so
			}
		}
		c.SetTexts(id, person, "")
		if c.ID() == "" {
			w.errorf(cn, "%s: case: field 'id' is missing", where)
		}
		ids[c.ID()] = true
		for _, fn := range w.list(cm["flags"], where, "case.flags") {
			name := w.str(fn, where, "case.flags")
			f, ok := audit.ParseFlag(name)
			if !ok {
				w.errorf(fn, "%s: case %q: unknown flag '%s'; expected one of %v", where, c.ID(), name, audit.FlagNames())
			}
			c.Flags |= f
		}
		if fr := w.str(cm["frequency"], where, "case.frequency"); fr != "" {
			f, ok := audit.ParseFrequency(fr)
			if !ok {
				w.errorf(cm["frequency"], "%s: case %q: unknown frequency '%s'; expected one of %v", where, c.ID(), fr, audit.FrequencyNames())
			}
			c.Frequency = f
		}
		onLine := map[eventKey]int{}
		for _, en := range w.list(cm["events"], where, "case.events") {
			em := w.mapping(en, where+": event", eventFields...)
			e := audit.Event{
				Code: w.event(em["event"], where, "event", vocab),
				Date: w.requiredDate(en, em["date"], where, "date", "event: field 'date'", "the event's date"),
				Line: int32(en.Line),
			}
			// An event's details are keyed by its code, row and date; two such
			// events on one line of YAML would share them.
			k := eventKey{e.Code, e.Line, e.Date}
			if col, dup := onLine[k]; dup && e.Date != audit.NoDate {
				w.errorf(en, "%s: case %q: two '%s' events dated %s on line %d (columns %d and %d); put each event on its own line",
					where, c.ID(), w.str(em["event"], where, "event"), e.Date, en.Line, col, en.Column)
			}
			onLine[k] = en.Column
			c.SetDetails(&e, w.str(em["details"], where, "details"))
			c.SetRegistered(&e, w.date(em["registered"], where, "registered"))
			c.Events = append(c.Events, e)
		}
		c.SortEvents()
		t.Dataset.Cases = append(t.Dataset.Cases, c)
	}
	for _, xn := range w.list(m["expect"], where, "expect") {
		xm := w.mapping(xn, where+": expect", expectFields...)
		x := Expectation{Line: xn.Line, Case: w.str(xm["case"], where, "expect.case"), Rule: w.str(xm["rule"], where, "expect.rule"), Deadline: audit.NoDate}
		if !ids[x.Case] {
			w.errorf(xn, "%s: expect: no case with id %q in this test", where, x.Case)
		}
		vs := w.str(xm["verdict"], where, "expect.verdict")
		st, ok := audit.ParseStatus(vs)
		if !ok {
			w.errorf(xm["verdict"], "%s: expect: unknown verdict %q; expected i_tid, sen, saknas, pagaende, ej_tillamplig or datafel", where, vs)
		}
		x.Status = st
		if xm["days_late"] != nil {
			d := w.integer(xm["days_late"], where, "expect.days_late")
			x.DaysLate = &d
		}
		if xm["days_left"] != nil {
			d := w.integer(xm["days_left"], where, "expect.days_left")
			x.DaysLeft = &d
		}
		if xm["deadline"] != nil {
			x.Deadline = w.date(xm["deadline"], where, "expect.deadline")
		}
		t.Expect = append(t.Expect, x)
	}
	if len(t.Expect) == 0 {
		w.errorf(n, "%s: no expectations (field 'expect' is missing or empty); add the verdicts you expect, e.g. - {case: A1, rule: PAR-01, verdict: i_tid}", where)
	}
	return t
}

// RoutineRef is one entry of a test file's 'routines' list, with its position.
type RoutineRef struct {
	Name   string
	Line   int
	Column int
}

// PeekRoutines returns the entries of a test file's 'routines' list, with their
// positions, without parsing its tests.
func PeekRoutines(f File) ([]RoutineRef, error) {
	w := &walker{file: f.Name}
	root := w.document(f.Data)
	if root == nil {
		return nil, w.problems
	}
	var out []RoutineRef
	if root.Kind != yaml.MappingNode {
		return nil, nil // ParseTestFile reports it
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "routines" {
			continue
		}
		out = nil
		for _, e := range w.list(root.Content[i+1], "test file", "routines") {
			if s := w.str(e, "test file", "routines"); s != "" {
				out = append(out, RoutineRef{Name: s, Line: e.Line, Column: e.Column})
			}
		}
	}
	if len(w.problems) > 0 {
		return nil, w.problems
	}
	return out, nil
}

// RoutineFileKey reports whether f is a routine file rather than a routine test: its
// top level has no 'tests' but has 'routine' or a list of 'rules' (a local policy file's
// 'rules' is a mapping). It returns the first such key's position. A file that is not
// valid YAML is not a routine file here; ParseTestFile reports it.
func RoutineFileKey(f File) (key string, line, column int, ok bool) {
	w := &walker{file: f.Name}
	root := w.document(f.Data)
	if root == nil || root.Kind != yaml.MappingNode {
		return "", 0, 0, false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "tests" {
			return "", 0, 0, false
		}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value == "routine" || k.Value == "rules" && v.Kind == yaml.SequenceNode {
			return k.Value, k.Line, k.Column, true
		}
	}
	return "", 0, 0, false
}
