package profile

import (
	"errors"
	"strings"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/textenc"
)

func TestParseFull(t *testing.T) {
	p := mustParse(t, `
name: kommun-x
description: test
system: Lifecare
format: csv
delimiter: tab
encoding: iso-8859-1
header_row: 2
date_formats: ["2006-01-02", "DD.MM.YYYY"]
shape: wide
columns:
  case_id: {header: Ärende, aliases: [Ärende-ID, "  ÄRENDE nr "]}
  person_pseudonym: Pseudonym
  insats: {header: Insats, values: {Hemtjänst: hemtjanst}}
  kommun: Kommun
  gender: {header: Kön, values: {Kvinna: K, Man: m}}
  frequency: {header: Frekvens, values: {Dagligen: daglig}}
  flags: {header: Flaggor, values: {Ny: ny_kund, Ingen: "-"}}
  skyddad: {header: Skyddad, values: {Sekretess: ja, Öppen: nej}, optional: true}
  details: {omrade: Område}
events:
  - {event: beslut, date: Beslutsdatum}
  - event: {header: Svar, values: {Ja: svar_ja, Nej: svar_nej}}
    date: Svarsdatum
  - event: insats_paborjad
    date: [Inflyttning, {header: Verkställd, optional: true}]
    registered: Registrerad
    details: {kalla: Källa}
`)
	if p.Format != FormatCSV || p.Delimiter != '\t' || p.Encoding != textenc.ISO88591 || p.HeaderRow != 2 || p.Shape != ShapeWide {
		t.Errorf("header fields: %+v", p)
	}
	if got := strings.Join(p.DateFormats, ","); got != "2006-01-02,02.01.2006" {
		t.Errorf("date formats %s", got)
	}
	if to, ok := p.Columns.Gender.Values.Lookup(" man "); !ok || to != "M" {
		t.Errorf("gender map: %q %v", to, ok)
	}
	if to, ok := p.Columns.Skyddad.Values.Lookup("ÖPPEN"); !ok || to != "nej" {
		t.Errorf("skyddad map: %q %v", to, ok)
	}
	if len(p.Events) != 3 || len(p.Events[2].Dates) != 2 || !p.Events[2].Dates[1].Optional || p.Events[1].EventColumn == nil {
		t.Errorf("events: %+v", p.Events)
	}
	roles := p.roles()
	var names []string
	for _, r := range roles {
		names = append(names, r.name)
	}
	want := "case_id person_pseudonym insats kommun gender frequency flags skyddad details.omrade " +
		"events[1] (beslut).date events[2] (event from Svar).event events[2] (event from Svar).date " +
		"events[3] (insats_paborjad).date[1] events[3] (insats_paborjad).date[2] events[3] (insats_paborjad).registered events[3] (insats_paborjad).details.kalla"
	if strings.Join(names, " ") != want {
		t.Errorf("roles:\n%s\nwant\n%s", strings.Join(names, " "), want)
	}
}

// Every problem is reported with its line and column, all at once.
func TestParseProblems(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string // "line:col: text" fragments, in order
	}{
		{"not yaml", "name: [x\n", []string{"test.yaml:1:7: not valid YAML: the [ opened here is not closed"}},
		{"day-first slash", "name: x\nshape: long\ndate_formats: [DD/MM/YYYY]\ncolumns: {case_id: A, event: B, date: C}\n", []string{
			`D/M/YYYY is day first; for a day-first date with '/' write "D/M/YYYY", which also reads 05/03/2026 (5 March)`}},
		{"empty header", "name: x\nshape: wide\ncolumns: {case_id: {header: }}\nevents:\n  - {event: beslut, date: {header}}\n  - {event: avslut, date: {header: \"  \", aliases: [Avslut]}}\n", []string{
			"3:21: columns.case_id.header: the header name is empty",
			"5:28: events[1].date.header: the header name is empty",
			"6:28: events[2].date.header: the header name is empty"}},
		{"empty", "", []string{"test.yaml: the profile is empty"}},
		{"missing basics", "description: x\n", []string{
			"1:1: profile: field 'name' is missing",
			"1:1: profile: field 'shape' is missing",
			"1:1: profile: field 'columns' is missing"}},
		{"unknown field", "name: x\nshap: long\ncolumns: {case_id: A, event: B, date: C}\n", []string{
			"1:1: profile: field 'shape' is missing",
			"2:1: profile: unknown field 'shap'; did you mean 'shape'?"}},
		{"bad values", `name: X Y
format: pdf
delimiter: ":"
encoding: ebcdic
header_row: 0
date_formats: ["01/02/2006", "2006-01-02", "2006-01-02"]
shape: diagonal
columns:
  case_id: [A, B]
  insats: {header: Insats, values: {Hemtjänst: Hemtjänst, hemtjänst: x}}
  frequency: {header: F, values: {Dagl: dagligen}}
  flags: {header: G, values: {S: skyddat}}
  gender: {header: K, values: {X: annan}}
  utforare: {header: U, values: {a: b}}
  enhet: {aliases: [E]}
  person: P
  person_pseudonym: Q
`, []string{
			`1:7: name: "X Y" must be lower-case`,
			`2:9: format: "pdf" is not a format`,
			`3:12: delimiter: ":" is not supported`,
			`4:11: encoding: "ebcdic" is not supported`,
			`5:13: header_row: expected the line or row number`,
			`6:16: date_formats: "01/02/2006" is not a supported date format; supported: YYYY-MM-DD (2006-01-02), YYYYMMDD (20060102), YYYY-MM-DD hh:mm (2006-01-02 15:04), YYYY-MM-DD hh:mm:ss (2006-01-02 15:04:05), DD.MM.YYYY (02.01.2006), D/M/YYYY (2/1/2006); D/M/YYYY is day first (month/day order is not supported`,
			`6:44: date_formats: "2006-01-02" is listed twice`,
			`7:8: shape: "diagonal" is not a shape`,
			`9:12: columns.case_id: expected a header name or {header: …, aliases: […]}, found a list`,
			`10:48: columns.insats.values: "Hemtjänst" is not a code`,
			`10:59: columns.insats.values: "hemtjänst" is given twice`,
			`11:41: columns.frequency.values: "dagligen" is not a frequency`,
			`12:34: columns.flags.values: "skyddat" is not a flag; write one of ny_kund, skyddad, extern_utforare, or - for none (did you mean 'skyddad'?)`,
			`13:35: columns.gender.values: "annan" is not a gender`,
			`14:25: columns.utforare: 'values' is not used for this column`,
			`15:10: columns.enhet: field 'header' is missing`,
			`17:3: columns: give either person`,
		}},
		{"long needs event and date", "name: x\nshape: long\ncolumns:\n  case_id: A\nevents: [{event: beslut, date: B}]\n", []string{
			"4:3: columns: 'event' is missing",
			"4:3: columns: 'date' is missing",
			"5:1: events: a long profile reads events from columns.event",
		}},
		{"wide needs events", "name: x\nshape: wide\ncolumns:\n  case_id: A\n  date: D\n", []string{
			"1:1: profile: a wide profile needs 'events'",
			"5:9: columns: event, date and registered are for shape: long",
		}},
		{"wide event problems", `name: x
shape: wide
columns: {case_id: A}
events:
  - {date: B}
  - {event: Beslut!, date: C}
  - {event: {header: Svar}, date: D}
  - {event: beslut, date: [], registered: {header: R, optional: maybe}}
  - {event: beslut, date: X, details: {"Område": O}}
`, []string{
			"5:5: events[1]: field 'event' is missing",
			`6:13: events[2].event: "Beslut!" is not an event code`,
			"7:13: events[3].event: a 'values' map is needed",
			"8:27: events[4].date: the list is empty",
			"8:65: events[4].registered.optional: expected true or false",
			`9:40: events[5].details: key "Område" must be lower-case`,
		}},
		{"xlsx with csv options", "name: x\nformat: xlsx\ndelimiter: \";\"\nencoding: utf-8\nshape: long\ncolumns: {case_id: A, event: B, date: C}\n", []string{
			"3:1: delimiter: only CSV files have a delimiter",
			"4:1: encoding: Excel files carry their own encoding",
		}},
		{"csv with sheet", "name: x\nformat: csv\nsheet: 0\nshape: long\ncolumns: {case_id: A, event: B, date: C}\n", []string{
			"3:8: sheet: sheet numbers start at 1",
			"3:8: sheet: only Excel files have sheets",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("test.yaml", []byte(tt.yaml))
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("want Problems, got %v", err)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Errorf("%d problems, want %d:\n%v", len(lines), len(tt.want), err)
			}
			for i, w := range tt.want {
				if i >= len(lines) || !strings.Contains(lines[i], w) {
					got := ""
					if i < len(lines) {
						got = lines[i]
					}
					t.Errorf("problem %d:\n got %s\nwant …%s…", i+1, got, w)
				}
			}
		})
	}
}

func TestValidateAgainstVocabulary(t *testing.T) {
	p := mustParse(t, `name: x
shape: wide
columns: {case_id: A}
events:
  - {event: beslutt, date: B}
  - event: {header: Svar, values: {Ja: svar_ja, Nej: svar_nejj}}
    date: C
  - {event: min_egen_handelse, date: D}
`)
	vocab := audit.NewVocabulary()
	err := p.Validate(vocab)
	want := []string{
		"test.yaml:5:13: events[1].event: unknown event code \"beslutt\"; did you mean 'beslut'?",
		"test.yaml:6:54: events[2].event.values: unknown event code \"svar_nejj\"; did you mean 'svar_nej'?",
		"test.yaml:8:13: events[3].event: unknown event code \"min_egen_handelse\"; see docs/events.md for the event codes (a code that a routine file of yours adds counts when that file is given with --routines)",
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Fatalf("got:\n%v\nwant:\n%s", err, strings.Join(want, "\n"))
	}
	// A routine file may add codes; then the profile is valid.
	vocab.Add(audit.EventType{Code: "min_egen_handelse"})
	vocab.Add(audit.EventType{Code: "beslutt"})
	vocab.Add(audit.EventType{Code: "svar_nejj"})
	if err := p.Validate(vocab); err != nil {
		t.Fatal(err)
	}
	// Import refuses a profile that does not fit the vocabulary, before reading.
	_, err = Import(t.Context(), []Input{BytesInput("x.csv", nil)}, p, audit.NewVocabulary(), testOptions(t))
	if err == nil || !strings.Contains(err.Error(), "does not fit the loaded event codes") {
		t.Fatalf("got %v", err)
	}
}

// TestParseWithReportsEventCodes: with a vocabulary, unknown event codes come with the
// profile's other problems in one sorted list; without one, Parse leaves them to
// Validate.
func TestParseWithReportsEventCodes(t *testing.T) {
	src := `name: x
shape: widee
columns: {case_id: A}
events:
  - {event: beslutt, date: B}
`
	_, err := ParseWith("test.yaml", []byte(src), audit.NewVocabulary())
	want := "test.yaml:2:8: shape: \"widee\" is not a shape; write long (one row per event) or wide (one row per case, one date column per event)\n" +
		"test.yaml:5:13: events[1].event: unknown event code \"beslutt\"; did you mean 'beslut'?"
	if err == nil || err.Error() != want {
		t.Fatalf("got:\n%v\nwant:\n%s", err, want)
	}
	if _, err := Parse("test.yaml", []byte(src)); err == nil || strings.Contains(err.Error(), "beslutt") {
		t.Fatalf("Parse: %v", err)
	}
	if _, err := ParseWith("test.yaml", []byte(strings.Replace(src, "widee", "wide", 1)), audit.NewVocabulary()); err == nil || strings.Contains(err.Error(), "shape") || !strings.Contains(err.Error(), "beslutt") {
		t.Fatalf("only the code: %v", err)
	}
}

func TestDateFormats(t *testing.T) {
	iso := dateParser{layouts: mustParse(t, longProfile).layouts}
	all := dateParser{serial: true}
	for _, f := range DateFormats() {
		l, _ := lookupLayout(f)
		all.layouts = append(all.layouts, l)
	}
	for _, tt := range []struct {
		p          *dateParser
		in, want   string
		wantReason string
	}{
		{&iso, "2026-01-31", "2026-01-31", ""},
		{&iso, "2026-02-29", "", "the day does not exist in that month"},
		{&iso, "2024-02-29", "2024-02-29", ""},
		{&iso, "2026-13-01", "", "the month is not 01–12"},
		{&iso, "1899-12-31", "", "the year is outside 1900–2100"},
		{&iso, "20260131", "", "not a date in the form YYYY-MM-DD"},
		{&iso, "45292", "", "not a date in the form YYYY-MM-DD"},
		{&all, "20260131", "2026-01-31", ""},
		{&all, "2026-01-31 23:59", "2026-01-31", ""},
		{&all, "2026-01-31 24:00", "", "the time of day is out of range"},
		{&all, "2026-01-31 08:15:00", "2026-01-31", ""},
		{&all, "31.01.2026", "2026-01-31", ""},
		{&all, "3/1/2026", "2026-01-03", ""}, // day/month: never month/day
		{&all, "13/1/2026", "2026-01-13", ""},
		{&all, "1/13/2026", "", "the month is not 01–12"},
		{&all, "45292", "2024-01-01", ""},
		{&all, "45292.999", "2024-01-01", ""},
		{&all, "mars 2026", "", "not a date in the form YYYY-MM-DD, YYYYMMDD, YYYY-MM-DD hh:mm, YYYY-MM-DD hh:mm:ss, DD.MM.YYYY, D/M/YYYY or an Excel date cell (the profile's date_formats)"},
	} {
		d, why := tt.p.parse(tt.in)
		got := ""
		if why == "" {
			got = d.String()
		}
		if got != tt.want || why != tt.wantReason {
			t.Errorf("parse(%q) = %q, %q; want %q, %q", tt.in, got, why, tt.want, tt.wantReason)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Beslutsdatum":              "beslutsdatum",
		"  Beslut\u00a0 datum ":     "beslut datum",
		"\ufeffÄrende":              "ärende",
		"A\u030arende":              "årende", // decomposed å (macOS)
		"UTFÖRARE":                  "utförare",
		"beslutsdatum":              "beslutsdatum",
		"Beställning\tregistrerad ": "beställning registrerad",
	} {
		if got := normalize(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
