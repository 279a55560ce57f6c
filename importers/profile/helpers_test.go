package profile

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/person"
)

var update = flag.Bool("update", false, "rewrite golden files and the generated sample workbook")

// testToday fixes "today" so that personnummer checks do not depend on the clock.
var testToday = time.Date(2026, time.November, 24, 0, 0, 0, 0, time.UTC)

const exportsDir = "../../testdata/exports"

func testPseudonymizer(t testing.TB) *person.Pseudonymizer {
	t.Helper()
	ps, err := person.NewPseudonymizer([]byte("test-key-rutinkoll-0123456789"))
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func testOptions(t testing.TB) Options {
	return Options{Pseudonymizer: testPseudonymizer(t), Today: testToday}
}

// mustParse parses a profile written in a test.
func mustParse(t testing.TB, yaml string) *Profile {
	t.Helper()
	p, err := Parse("test.yaml", []byte(yaml))
	if err != nil {
		t.Fatalf("profile does not parse:\n%v", err)
	}
	return p
}

// run imports inputs and checks the invariants every import must keep.
func run(t testing.TB, p *Profile, inputs ...Input) (*Result, error) {
	t.Helper()
	vocab := audit.NewVocabulary()
	res, err := Import(context.Background(), inputs, p, vocab, testOptions(t))
	assertNoPersonnummer(t, "error", fmt.Sprint(err))
	if err != nil {
		return nil, err
	}
	checkInvariants(t, res, vocab)
	return res, nil
}

// mustRun is run that fails the test on error.
func mustRun(t testing.TB, p *Profile, inputs ...Input) *Result {
	t.Helper()
	res, err := run(t, p, inputs...)
	if err != nil {
		t.Fatalf("import failed: %v", err)
	}
	return res
}

// checkInvariants: every unit accounted for, per file; rejections and duplicates
// listed one per unit; events in the Dataset = units imported; no personnummer anywhere.
func checkInvariants(t testing.TB, res *Result, vocab *audit.Vocabulary) {
	t.Helper()
	checkAccounting(t, res)
	assertNoPersonnummer(t, "output", render(t, res, vocab))
	checkUnread(t, res)
}

// checkUnread checks that every tied rejected event is a rejection of its case's row,
// in order, and that every protected case has no lasting pseudonym or IVO code.
func checkUnread(t testing.TB, res *Result) {
	t.Helper()
	ds := res.Dataset
	for i, u := range ds.Unread {
		if i > 0 && ds.Unread[i-1].Case > u.Case {
			t.Fatalf("unread not sorted by case: %+v", ds.Unread)
		}
		if u.Case < 0 || int(u.Case) >= len(ds.Cases) || u.Source.File < 0 || int(u.Source.File) >= len(ds.Files) {
			t.Fatalf("unread %+v points outside the data set", u)
		}
		found := false
		for _, r := range res.Rejected {
			if r.Line == int(u.Source.Line) && r.File == ds.Files[u.Source.File] && r.CaseID == ds.Cases[u.Case].ID() && r.Event == u.Code {
				found = true
				break
			}
		}
		if !found {
			t.Fatalf("unread %+v matches no rejection of its case", u)
		}
	}
	for _, c := range ds.Cases {
		if c.Flags&audit.FlagSkyddad != 0 && (c.IVOCode() != "" || (c.Person() != "" && !strings.HasPrefix(c.Person(), "SKYDDAD-"))) {
			t.Fatalf("protected case %s keeps person %q, IVO code %q", c.ID(), c.Person(), c.IVOCode())
		}
	}
}

// checkAccounting checks the figures of an import.
func checkAccounting(t testing.TB, res *Result) {
	t.Helper()
	events := 0
	for _, c := range res.Dataset.Cases {
		events += len(c.Events)
	}
	imported := 0
	for _, st := range res.Stats {
		if !st.Balanced() {
			t.Errorf("%s: read %d != imported %d + rejected %d + duplicates %d", st.File, st.Read, st.Imported, st.Rejected, st.Duplicates)
		}
		imported += st.Imported
		rej, dup := 0, 0
		for _, r := range res.Rejected {
			if r.File == st.File {
				rej++
			}
		}
		for _, d := range res.Duplicates {
			if d.File == st.File {
				dup++
			}
		}
		if rej != st.Rejected || dup != st.Duplicates {
			t.Errorf("%s: %d rejections and %d duplicates listed, stats say %d and %d", st.File, rej, dup, st.Rejected, st.Duplicates)
		}
	}
	if imported != events {
		t.Errorf("stats say %d imported, the Dataset holds %d events", imported, events)
	}
	for _, r := range append(append([]audit.Rejection(nil), res.Rejected...), res.Duplicates...) {
		if r.Line < 1 || r.Reason == "" {
			t.Errorf("rejection without line or reason: %+v", r)
		}
	}
}

// pnrPattern matches anything shaped like a personnummer: 10 or 12 digits with or
// without a separator.
var pnrPattern = regexp.MustCompile(`\d{6}[-+]?\d{4}`)

func assertNoPersonnummer(t testing.TB, what, s string) {
	t.Helper()
	if m := pnrPattern.FindString(s); m != "" {
		t.Errorf("%s contains a personnummer-like %q:\n%s", what, m, s)
	}
}

// render writes everything an import produced as text: canonical events, stats,
// rejections, duplicates and file info. Protected pseudonyms (random per run) are
// masked so that the text is stable.
func render(t testing.TB, res *Result, vocab *audit.Vocabulary) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteEvents(&b, res.Dataset, vocab); err != nil {
		t.Fatal(err)
	}
	b.WriteString("\n# stats\n")
	for _, st := range res.Stats {
		fmt.Fprintf(&b, "%s read=%d imported=%d rejected=%d duplicates=%d\n", filepath.Base(st.File), st.Read, st.Imported, st.Rejected, st.Duplicates)
	}
	b.WriteString("\n# rejected\n")
	for _, r := range res.Rejected {
		fmt.Fprintf(&b, "%s:%d:%d [%s] %q: %s\n", filepath.Base(r.File), r.Line, r.Column, r.Field, r.Value, r.Reason)
	}
	b.WriteString("\n# duplicates\n")
	for _, r := range res.Duplicates {
		fmt.Fprintf(&b, "%s:%d:%d [%s] %q: %s\n", filepath.Base(r.File), r.Line, r.Column, r.Field, r.Value, r.Reason)
	}
	b.WriteString("\n# files\n")
	for _, f := range res.Files {
		fmt.Fprintf(&b, "%s %s enc=%s delim=%s sheet=%s header=%d unused=%q blank=%d redacted=%d\n",
			filepath.Base(f.Name), f.Format, f.Encoding, f.Delimiter, f.Sheet, f.HeaderLine, f.Unused, f.BlankRows, f.Redacted)
		for _, m := range f.MissingOptional {
			fmt.Fprintf(&b, "  optional missing: %s\n", m)
		}
	}
	return maskProtected(b.String())
}

var protectedPattern = regexp.MustCompile(`SKYDDAD-[0-9A-Z]{10}`)

func maskProtected(s string) string {
	return protectedPattern.ReplaceAllString(s, "SKYDDAD-**********")
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	// The paths in messages differ by checkout; compare from the file name on.
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run go test -update and review the diff):\n%s", name, diffLines(string(want), got))
	}
}

// diffLines shows the first differing lines.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < max(len(w), len(g)) && n < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %s\n  got  %s\n", i+1, wl, gl)
			n++
		}
	}
	return b.String()
}

// stats returns the stats of the only file of res.
func stats(t testing.TB, res *Result) audit.InputStats {
	t.Helper()
	if len(res.Stats) != 1 {
		t.Fatalf("want stats for one file, got %d", len(res.Stats))
	}
	return res.Stats[0]
}

// caseByID returns the case with id.
func caseByID(t testing.TB, ds *audit.Dataset, id string) *audit.Case {
	t.Helper()
	for i := range ds.Cases {
		if ds.Cases[i].ID() == id {
			return &ds.Cases[i]
		}
	}
	t.Fatalf("no case %q", id)
	return nil
}

// eventList renders a case's events as "code@date" (with "/registered").
func eventList(vocab *audit.Vocabulary, c *audit.Case) string {
	var parts []string
	for i := range c.Events {
		e := &c.Events[i]
		s := vocab.Name(e.Code) + "@" + e.Date.String()
		if reg := c.Registered(e); reg != audit.NoDate {
			s += "/" + reg.String()
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// longCSV is a small long-shape profile and its header, for tests of the readers.
const longProfile = `
name: test-long
format: csv
shape: long
date_formats: ["2006-01-02"]
columns:
  case_id: Ärende
  person: Personnummer
  insats: {header: Insats, values: {Hemtjänst: hemtjanst, Boendestöd: boendestod}}
  utforare: {header: Utförare, optional: true}
  event: {header: Händelse, values: {Beslut: beslut, Påbörjad: insats_paborjad}}
  date: Datum
  details:
    kommentar: {header: Kommentar, optional: true}
`
