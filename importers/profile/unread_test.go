package profile

import (
	"reflect"
	"strings"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
)

// TestRejectedEventsTiedToCase: an event rejected for its date or registration date,
// on a row whose case cells are valid, is tied to its case (audit.Dataset.Unread), in
// the long and the wide shape; an unknown event text, a case-level problem, or a case
// without any imported event is not.
func TestRejectedEventsTiedToCase(t *testing.T) {
	const wideProfile = `
name: test-wide
format: csv
shape: wide
date_formats: ["2006-01-02"]
columns:
  case_id: Ärende
  insats: {header: Insats, values: {Hemtjänst: hemtjanst}}
events:
  - {event: beslut, date: Beslutsdatum}
  - {event: insats_paborjad, date: Verkställd, registered: Registrerad}
`
	vocab := audit.NewVocabulary()
	code := func(s string) audit.EventCode { c, _ := vocab.Lookup(s); return c }
	tests := []struct {
		name, profile, data string
		want                []audit.Unread
	}{
		{"Long", longProfile, "Ärende;Personnummer;Insats;Händelse;Datum\n" +
			"Ä-1;19121212-1212;Hemtjänst;Beslut;2026-01-05\n" +
			"Ä-1;19121212-1212;Hemtjänst;Påbörjad;2026-01-32\n" + // bad date: tied
			"Ä-1;19121212-1212;Hemtjänst;Avslutad;2026-01-09\n" + // unknown event: not tied
			"Ä-1;19121212-1213;Hemtjänst;Påbörjad;2026-01-09\n" + // bad personnummer: not tied
			"Ä-2;19121212-1212;Hemtjänst;Beslut;2026-02-30\n", // Ä-2 has no imported event
			[]audit.Unread{{Case: 0, Code: code("insats_paborjad"), Source: audit.Source{File: 0, Line: 3}}}},
		{"Wide", wideProfile, "Ärende;Insats;Beslutsdatum;Verkställd;Registrerad\n" +
			"W-1;Hemtjänst;2026-01-05;2026-01-40;\n" + // bad date: tied
			"W-2;Hemtjänst;2026-01-05;2026-01-09;9999-99-99\n" + // bad registration date: tied
			"W-3;Okänd;2026-01-05;2026-01-41;\n", // unknown insats: the whole row is rejected
			[]audit.Unread{
				{Case: 0, Code: code("insats_paborjad"), Source: audit.Source{File: 0, Line: 2}},
				{Case: 1, Code: code("insats_paborjad"), Source: audit.Source{File: 0, Line: 3}},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRun(t, mustParse(t, tt.profile), BytesInput("export.csv", []byte(tt.data)))
			if len(res.Rejected) < len(tt.want)+1 {
				t.Fatalf("%d rejections: %v", len(res.Rejected), res.Rejected)
			}
			if !reflect.DeepEqual(res.Dataset.Unread, tt.want) {
				t.Errorf("unread\n got %+v\nwant %+v\nrejected %v", res.Dataset.Unread, tt.want, res.Rejected)
			}
		})
	}
}

// TestRejectedRowOfAnotherPerson: a rejected event whose row gives another person's
// personnummer for the case id is not tied to the case (it is not that person's step),
// as an imported row would be rejected as a conflict.
func TestRejectedRowOfAnotherPerson(t *testing.T) {
	data := "Ärende;Personnummer;Insats;Händelse;Datum\n" +
		"Ä-1;19121212-1212;Hemtjänst;Beslut;2026-01-05\n" +
		"Ä-1;19460301-0002;Hemtjänst;Påbörjad;2026-01-32\n" + // another person, bad date
		"Ä-1;19121212-1212;Hemtjänst;Påbörjad;2026-01-33\n" // the same person, bad date
	res := mustRun(t, mustParse(t, longProfile), BytesInput("export.csv", []byte(data)))
	vocab := audit.NewVocabulary()
	code, _ := vocab.Lookup("insats_paborjad")
	want := []audit.Unread{{Case: 0, Code: code, Source: audit.Source{File: 0, Line: 4}}}
	if !reflect.DeepEqual(res.Dataset.Unread, want) {
		t.Errorf("unread %+v, want %+v", res.Dataset.Unread, want)
	}
}

// TestRejectedRowProtects: a rejected row that says skyddade personuppgifter protects
// its case (per-run pseudonym, no IVO code), although the imported rows do not say so.
func TestRejectedRowProtects(t *testing.T) {
	p := mustParse(t, strings.Replace(longProfile, "  date: Datum\n", "  date: Datum\n  skyddad: Skyddad\n", 1))
	data := "Ärende;Personnummer;Insats;Händelse;Datum;Skyddad\n" +
		"Ä-1;19121212-1212;Hemtjänst;Beslut;2026-01-05;Nej\n" +
		"Ä-1;19121212-1212;Hemtjänst;Påbörjad;2026-01-32;Ja\n" + // bad date
		"Ä-2;19460301-0002;Hemtjänst;Beslut;2026-01-05;Nej\n" +
		"Ä-2;19460301-0002;Okänd;Påbörjad;2026-01-09;Ja\n" + // unknown insats
		"Ä-3;19460302-0001;Hemtjänst;Beslut;2026-01-05;Nej\n"
	res := mustRun(t, p, BytesInput("export.csv", []byte(data)))
	for _, tc := range []struct {
		id        string
		protected bool
	}{{"Ä-1", true}, {"Ä-2", true}, {"Ä-3", false}} {
		c := caseByID(t, res.Dataset, tc.id)
		got := c.Flags&audit.FlagSkyddad != 0
		if got != tc.protected || (got && (c.IVOCode() != "" || !strings.HasPrefix(c.Person(), "SKY"))) {
			t.Errorf("%s: protected %v, person %q, IVO %q; want protected %v with a protected pseudonym and no IVO code", tc.id, got, c.Person(), c.IVOCode(), tc.protected)
		}
	}
}
