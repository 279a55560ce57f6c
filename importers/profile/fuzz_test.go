package profile

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/person"
)

// FuzzImportCSV feeds arbitrary bytes to the CSV reader with a long and a wide
// profile. Whatever the input: no panic; either an error or a result whose every unit
// is accounted for; output in valid UTF-8; and no personnummer the importer read from
// the person column appears in the output or the error.
func FuzzImportCSV(f *testing.F) {
	f.Add([]byte(sampleLong), false)
	f.Add(append([]byte("\ufeff"), sampleLong...), false)
	f.Add(utf16LE(sampleLong), false)
	f.Add([]byte("Ärende;Personnummer;Insats;Händelse;Datum\n\"A\n1\";19121212-1212;Hemtjänst;Beslut;2026-01-05\n"), false)
	f.Add([]byte("Ärende,Personnummer,Insats,Händelse,Datum\nA,19121212-1212,Hemtjänst,Beslut,2026-02-30\n"), false)
	for _, name := range []string{"generic-long.csv", "generic-wide.csv", "paraply-bestallningar.csv"} {
		data, err := os.ReadFile(filepath.Join(exportsDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, name == "generic-wide.csv")
	}
	long := mustParse(f, longProfile)
	wide, err := Lookup("generic-wide")
	if err != nil {
		f.Fatal(err)
	}
	ps := testPseudonymizer(f)
	f.Fuzz(func(t *testing.T, data []byte, isWide bool) {
		p := long
		if isWide {
			p = wide
		}
		vocab := audit.NewVocabulary()
		im := newImporter(p, vocab, Options{Pseudonymizer: ps, Today: testToday})
		err := im.file(context.Background(), BytesInput("f.csv", data))
		seen := im.persons.cache // every person cell read, as written
		if err != nil {
			checkNoNumbers(t, "error", err.Error(), seen)
			if !strings.HasPrefix(err.Error(), "f.csv") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		res := im.finish()
		checkAccounting(t, res)
		out := render(t, res, vocab)
		if !utf8.ValidString(out) {
			t.Errorf("output is not UTF-8")
		}
		checkNoNumbers(t, "output", out, seen)
	})
}

// checkNoNumbers fails if s holds a valid personnummer that was read from a person
// cell, in the form written or as 12 digits.
func checkNoNumbers(t *testing.T, what, s string, seen map[string]personInfo) {
	t.Helper()
	for raw, pi := range seen {
		if pi.reason != "" {
			continue
		}
		n, err := person.Parse(raw, testToday)
		if err != nil {
			t.Fatalf("cached as valid but does not parse: %v", err)
		}
		if strings.Contains(s, strings.TrimSpace(raw)) || strings.Contains(s, n.Canonical()) {
			t.Errorf("%s contains a personnummer read from the person column", what)
		}
	}
}

// FuzzParseProfile: any YAML either parses into a usable profile or gives Problems
// with positions; never a panic.
func FuzzParseProfile(f *testing.F) {
	f.Add([]byte(longProfile))
	for _, name := range BuiltInNames() {
		p, err := Lookup(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(p.YAML)
	}
	f.Add([]byte("name: x\nshape: wide\ncolumns: {case_id: A}\nevents:\n  - {event: beslut, date: [B, {header: C}]}\n"))
	f.Add([]byte("name: &a x\nshape: *a\n"))
	f.Add([]byte("- a\n- b\n"))
	vocab := audit.NewVocabulary()
	f.Fuzz(func(t *testing.T, data []byte) {
		// With a vocabulary, the same problems and unknown codes besides (checked on a
		// profile that may be incomplete).
		_, werr := ParseWith("f.yaml", data, vocab)
		p, err := Parse("f.yaml", data)
		if got, want := withoutCodes(werr), withoutCodes(err); got != want {
			t.Fatalf("ParseWith's problems but those of event codes:\n%s\nParse's:\n%s", got, want)
		}
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is not Problems: %v", err)
			}
			for _, pr := range ps {
				if pr.Line < 0 || pr.Column < 0 || pr.Msg == "" || pr.File != "f.yaml" {
					t.Fatalf("bad problem %+v", pr)
				}
			}
			return
		}
		if p.Name == "" || p.Shape == 0 || p.Columns.CaseID == nil || len(p.layouts) == 0 || p.HeaderRow < 1 {
			t.Fatalf("accepted an incomplete profile: %+v", p)
		}
		if p.Shape == ShapeLong && (p.Columns.Event == nil || p.Columns.Date == nil) {
			t.Fatalf("long profile without event/date")
		}
		if p.Shape == ShapeWide && len(p.Events) == 0 {
			t.Fatalf("wide profile without events")
		}
		_ = p.Validate(vocab)
		for _, r := range p.roles() {
			if r.col == nil || r.col.Header == "" && len(r.col.Aliases) == 0 {
				// A mapping with an empty header is reported, so it cannot get here.
				t.Fatalf("role %s has no names", r.name)
			}
		}
	})
}

// withoutCodes lists the problems of err (a Problems) but those about unknown event
// codes, one per line.
func withoutCodes(err error) string {
	var ps Problems
	if !errors.As(err, &ps) {
		return ""
	}
	var lines []string
	for _, p := range ps {
		if !strings.Contains(p.Msg, "unknown event code") {
			lines = append(lines, fmt.Sprintf("%d:%d: %s", p.Line, p.Column, p.Msg))
		}
	}
	return strings.Join(lines, "\n")
}

// FuzzDates: the date reader never panics; an accepted date is valid, and an ISO date
// reads back as itself.
func FuzzDates(f *testing.F) {
	for _, s := range []string{"2026-01-31", "2026-02-30", "31.01.2026", "3/1/2026", "20260131", "2026-01-31 23:59", "45292.5", "0", "-1e9", "9/99/9999"} {
		f.Add(s)
	}
	all := dateParser{serial: true}
	for _, l := range DateFormats() {
		dl, _ := lookupLayout(l)
		all.layouts = append(all.layouts, dl)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, why := all.parse(s)
		if why != "" {
			if d != audit.NoDate {
				t.Fatalf("a rejected date has a value")
			}
			return
		}
		if !d.Valid() {
			t.Fatalf("%q gave an invalid date %v", s, d)
		}
		if len(s) == 10 && s[4] == '-' && d.String() != s {
			t.Fatalf("%q read as %s", s, d)
		}
	})
}
