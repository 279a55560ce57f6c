package profile

import (
	"reflect"
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
