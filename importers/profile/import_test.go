package profile

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
)

// Exports given with the wrong profile: the error names what is missing, the closest
// headers, the headers found, a likely cause, and what to do.
func TestWrongProfile(t *testing.T) {
	for _, tt := range []struct {
		profile    string
		name, file string
		missing    int
		want       []string
	}{
		{"paraply", "another system", "magnacura-listutdrag.csv", 3, []string{
			`magnacura-listutdrag.csv:1: the header lacks 3 of the 6 columns profile "paraply" (Paraplysystemet) requires:`,
			`  - case_id: no column "Beställnings-ID" or "Beställningsnummer" or "Beställning" or "Uppdrags-ID"; no similar header in the file`,
			`  - event: no column "Händelse" or "Status" or "Händelsetyp"; no similar header in the file`,
			`  - date: no column "Datum" or "Händelsedatum"; closest header in the file: "Beslutsdatum"`,
			`The file's headers (line 1): "Beslutsnummer", "Personnummer", "Namn", "Skyddad identitet", "Kön", "Insats", "Beslutsdatum",`,
			`Check that --profile names the right system (rutinkoll profiles list)`,
			`To see what matches, run: rutinkoll profiles check --profile paraply ../../testdata/exports/magnacura-listutdrag.csv`,
		}},
		{"magnacura", "another delimiter", "paraply-bestallningar.csv", 6, []string{
			`paraply-bestallningar.csv:1: this file does not look like an export for profile "magnacura" (Magna Cura): 6 of its 6 required columns are missing:`,
			`  - events[1] (beslut).date: no column "Beslutsdatum"; no similar header in the file`,
			`The header is read as one single column: the file seems to use "," as delimiter, but profile "magnacura" says ";". Set delimiter: auto (or ",") in a copy of the profile, or export the file with ";".`,
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := Lookup(tt.profile)
			_, err := run(t, p, FileInput(filepath.Join(exportsDir, tt.file)))
			var me *MismatchError
			if !errors.As(err, &me) {
				t.Fatalf("want a MismatchError, got %v", err)
			}
			msg := err.Error()
			for _, want := range tt.want {
				if !strings.Contains(msg, want) {
					t.Errorf("message lacks\n%s\n--- message:\n%s", want, msg)
				}
			}
			if len(me.Missing) != tt.missing || me.Required != 6 {
				t.Errorf("missing %d of %d", len(me.Missing), me.Required)
			}
		})
	}

	// One column renamed: the closest header.
	data := strings.Replace(sampleLong, "Datum", "Datum för händelse", 1)
	_, err := run(t, mustParse(t, longProfile), BytesInput("x.csv", []byte(data)))
	if err == nil || !strings.Contains(err.Error(), `x.csv:1: the header lacks 1 of the 5 columns profile "test-long" requires:`) ||
		!strings.Contains(err.Error(), `date: no column "Datum"; closest header in the file: "Datum för händelse"`) ||
		!strings.Contains(err.Error(), `To see what matches, run: rutinkoll profiles check --profile test.yaml x.csv`) {
		t.Fatalf("got %v", err)
	}
}

func TestHeaderAliasesAndAmbiguity(t *testing.T) {
	p := mustParse(t, strings.Replace(longProfile, "case_id: Ärende", "case_id: {header: Ärende, aliases: [Ärendenummer]}", 1))
	data := strings.Replace(sampleLong, "Ärende;Personnummer;INSATS", "", 1)
	data = strings.Replace(data, "Ärende;", "  ÄRENDENUMMER ;", 1)
	data = strings.Replace(data, "Insats;", "insats;", 1)
	res := mustRun(t, p, BytesInput("a.csv", []byte(data)))
	if len(res.Dataset.Cases) != 1 {
		t.Fatalf("aliases not matched: %+v", res.Files)
	}
	dup := strings.Replace(sampleLong, "Utförare", "Ärende", 1)
	_, err := run(t, p, BytesInput("d.csv", []byte(dup)))
	if err == nil || !strings.Contains(err.Error(), `d.csv:1: the column "Ärende" appears 2 times in the header (columns 1, 4)`) {
		t.Fatalf("got %v", err)
	}
}

// The same events in two files (e.g. two overlapping monthly exports) and twice in one
// file: counted once, the others as duplicates, each named.
func TestDuplicatesAcrossFiles(t *testing.T) {
	p := mustParse(t, longProfile)
	jan := sampleLong
	feb := "Ärende;Personnummer;Insats;Utförare;Händelse;Datum\n" +
		"Ä-1;19121212-1212;Hemtjänst;Hemtjänst Öst;Påbörjad;2026-01-09\n" + // also in jan
		"Ä-1;19121212-1212;Hemtjänst;Hemtjänst Öst;Påbörjad;2026-01-10\n" + // another date: new event
		"Ä-2;19121212-1246;Hemtjänst;Hemtjänst Öst;Beslut;2026-02-01\n" +
		"Ä-2;19121212-1246;Hemtjänst;Hemtjänst Öst;Beslut;2026-02-01\n" // twice in this file
	res := mustRun(t, p, BytesInput("jan.csv", []byte(jan)), BytesInput("feb.csv", []byte(feb)))
	if len(res.Stats) != 2 {
		t.Fatalf("stats %+v", res.Stats)
	}
	if s := res.Stats[0]; s.Read != 2 || s.Imported != 2 || s.Duplicates != 0 {
		t.Errorf("jan %+v", s)
	}
	if s := res.Stats[1]; s.Read != 4 || s.Imported != 2 || s.Duplicates != 2 {
		t.Errorf("feb %+v", s)
	}
	if got := eventList(audit.NewVocabulary(), caseByID(t, res.Dataset, "Ä-1")); got != "beslut@2026-01-05 insats_paborjad@2026-01-09 insats_paborjad@2026-01-10" {
		t.Errorf("Ä-1: %s", got)
	}
	want := []string{
		`feb.csv:2:6: duplicate: case "Ä-1" already has event insats_paborjad on 2026-01-09 (from jan.csv:3); counted once`,
		`feb.csv:5:6: duplicate: case "Ä-2" already has event beslut on 2026-02-01 (from feb.csv:4); counted once`,
	}
	for i, d := range res.Duplicates {
		if d.String() != want[i] {
			t.Errorf("duplicate %d: %s\nwant %s", i, d, want[i])
		}
	}
	if res.Dataset.Files[0] != "jan.csv" || res.Dataset.Files[1] != "feb.csv" {
		t.Errorf("files %v", res.Dataset.Files)
	}
}

// A case first seen without skyddade personuppgifter and later marked: it ends up
// with the protected pseudonym, no IVO code, and the flag.
func TestSkyddadLaterRowWins(t *testing.T) {
	p := mustParse(t, strings.Replace(longProfile, "  details:", "  skyddad: {header: Skyddad, optional: true}\n  details:", 1))
	data := "Ärende;Personnummer;Insats;Händelse;Datum;Skyddad\n" +
		"S-1;19121212-1212;Hemtjänst;Beslut;2026-01-05;Nej\n" +
		"S-1;19121212-1212;Hemtjänst;Påbörjad;2026-01-09;Ja\n" +
		"S-2;19121212-1246;Hemtjänst;Beslut;2026-01-05;kanske\n"
	res := mustRun(t, p, BytesInput("s.csv", []byte(data)))
	c := caseByID(t, res.Dataset, "S-1")
	if !strings.HasPrefix(c.Person(), "SKYDDAD-") || c.IVOCode() != "" || c.Flags&audit.FlagSkyddad == 0 || c.Gender != 'M' {
		t.Errorf("case %+v", c)
	}
	if len(res.Rejected) != 1 || !strings.Contains(res.Rejected[0].Reason, `Skyddad "kanske": expected Ja or Nej`) {
		t.Errorf("rejected %v", res.Rejected)
	}
}

func TestNeedsPseudonymizer(t *testing.T) {
	p := mustParse(t, longProfile)
	_, err := Import(t.Context(), []Input{BytesInput("x.csv", []byte(sampleLong))}, p, audit.NewVocabulary(), Options{})
	if !errors.Is(err, ErrNoPseudonymizer) || !strings.Contains(err.Error(), `("Personnummer")`) {
		t.Fatalf("got %v", err)
	}
	// A profile with an already pseudonymous person column needs no key.
	p = mustParse(t, strings.Replace(longProfile, "person: Personnummer", "person_pseudonym: Personnummer", 1))
	data := strings.ReplaceAll(sampleLong, "19121212-1212", "P-ABC")
	res, err := Import(t.Context(), []Input{BytesInput("x.csv", []byte(data))}, p, audit.NewVocabulary(), Options{})
	if err != nil || res.Dataset.Cases[0].Person() != "P-ABC" {
		t.Fatalf("got %v", err)
	}
}

// Rows with problems in case-level cells reject every event of the row (one entry
// each); event-level problems reject that event only.
func TestWideRowRejections(t *testing.T) {
	p, _ := Lookup("generic-wide")
	data := "Ärende;Personnummer;Insats;Beslutsdatum;Insats påbörjad;Uppföljning\n" +
		";19121212-1212;Hemtjänst;2026-01-05;2026-01-09;\n" + // no case id: 2 units rejected
		"W-2;19121212-1246;Hemtjänst;2026-01-05;09.01.2026;2026-04-01\n" + // one bad date
		"W-3;19121212-1261;Hemtjänst;;;\n" // no dates at all: 1 unit
	res := mustRun(t, p, BytesInput("w.csv", []byte(data)))
	if st := stats(t, res); st.Read != 6 || st.Imported != 2 || st.Rejected != 4 {
		t.Fatalf("stats %+v", st)
	}
	want := []string{
		"w.csv:2:1: Ärende (the case id) is empty; every row needs its case id [so event beslut (Beslutsdatum) is not imported]",
		"w.csv:2:1: Ärende (the case id) is empty; every row needs its case id [so event insats_paborjad (Insats påbörjad) is not imported]",
		`w.csv:3:5: Insats påbörjad "09.01.2026": not a date in the form YYYY-MM-DD; correct the date, or list its format under date_formats in the profile`,
		"w.csv:4: the row has no date in any of the event date columns",
	}
	for i, r := range res.Rejected {
		if !strings.HasPrefix(r.String(), want[i]) {
			t.Errorf("rejection %d:\n got %s\nwant %s…", i, r, want[i])
		}
	}
	if missing := res.Files[0].MissingOptional; len(missing) != 12 {
		t.Errorf("%d optional columns missing, want 12: %v", len(missing), missing)
	}
}

// A case id or pseudonym longer than a case keeps (audit.MaxCaseText) rejects its row
// with a shortened value; the rows around it are imported.
func TestTooLongCaseTexts(t *testing.T) {
	p := mustParse(t, strings.Replace(longProfile, "person: Personnummer", "person_pseudonym: Personnummer", 1))
	long := strings.Repeat("Ä", audit.MaxCaseText/2+1)
	data := "Ärende;Personnummer;Insats;Händelse;Datum\n" +
		"L-1;P-1;Hemtjänst;Beslut;2026-01-05\n" +
		long + ";P-2;Hemtjänst;Beslut;2026-01-05\n" +
		"L-3;" + long + ";Hemtjänst;Beslut;2026-01-05\n" +
		"L-4;P-4;Hemtjänst;Beslut;2026-01-05\n"
	res := mustRun(t, p, BytesInput("l.csv", []byte(data)))
	if st := stats(t, res); st.Read != 4 || st.Imported != 2 || st.Rejected != 2 {
		t.Fatalf("stats %+v", st)
	}
	short := strings.Repeat("Ä", 40) + "…"
	want := []string{
		`l.csv:3:1: Ärende (the case id) is 65536 bytes long, more than the 65535 rutinkoll keeps; check that the column holds what its name says`,
		`l.csv:4:2: Personnummer (the pseudonym) is 65536 bytes long, more than the 65535 rutinkoll keeps`,
	}
	for i, r := range res.Rejected {
		if !strings.HasPrefix(r.String(), want[i]) || r.Value != short {
			t.Errorf("rejection %d:\n got %s (value %d bytes)\nwant %s… (value %q)", i, r, len(r.Value), want[i], short)
		}
	}
	if len(res.Dataset.Cases) != 2 || res.Dataset.Cases[1].ID() != "L-4" || res.Dataset.Cases[1].Person() != "P-4" {
		t.Errorf("cases %v", res.Dataset.Cases)
	}
}

// A case with many events (past the point where duplicates are found with a map
// instead of a scan) still counts every duplicate, early and late ones.
func TestDuplicatesInBigCase(t *testing.T) {
	var b strings.Builder
	b.WriteString("Ärende;Personnummer;Insats;Händelse;Datum\n")
	start := audit.MustDate("2026-01-01")
	for i := 0; i < 40; i++ {
		b.WriteString("B-1;19121212-1212;Hemtjänst;Påbörjad;" + start.AddDays(i).String() + "\n")
	}
	for _, i := range []int{0, 5, 31, 32, 39} {
		b.WriteString("B-1;19121212-1212;Hemtjänst;Påbörjad;" + start.AddDays(i).String() + "\n")
	}
	res := mustRun(t, mustParse(t, longProfile), BytesInput("big.csv", []byte(b.String())))
	if st := stats(t, res); st.Read != 45 || st.Imported != 40 || st.Duplicates != 5 {
		t.Fatalf("stats %+v", st)
	}
	if d := res.Duplicates[4]; d.Line != 46 || !strings.Contains(d.Reason, "(from big.csv:41)") {
		t.Errorf("duplicate %+v", d)
	}
}

// TestQuoteArg: the suggested command can be pasted into a shell as it is.
func TestQuoteArg(t *testing.T) {
	for in, want := range map[string]string{
		"paraply":                "paraply",
		"exports/a.csv":          "exports/a.csv",
		`C:\exports\a.csv`:       `C:\exports\a.csv`,
		"Min export 2026.csv":    `"Min export 2026.csv"`,
		`a"b$c.csv`:              `"a\"b\$c.csv"`,
		"":                       `""`,
		"lifecare (kommun).yaml": `"lifecare (kommun).yaml"`,
	} {
		if got := quoteArg(in); got != want {
			t.Errorf("quoteArg(%q) = %s, want %s", in, got, want)
		}
	}
}

// A skyddad row's pseudonym is thrown away, so its length does not matter.
func TestTooLongPseudonymOfSkyddad(t *testing.T) {
	p := mustParse(t, strings.Replace(strings.Replace(longProfile, "person: Personnummer", "person_pseudonym: Personnummer", 1),
		"  details:", "  skyddad: {header: Skyddad, optional: true}\n  details:", 1))
	long := strings.Repeat("p", audit.MaxCaseText+1)
	data := "Ärende;Personnummer;Insats;Händelse;Datum;Skyddad\n" +
		"S-1;" + long + ";Hemtjänst;Beslut;2026-01-05;Ja\n" +
		"S-1;" + long + ";Hemtjänst;Påbörjad;2026-01-09;\n" // the case is protected already
	res := mustRun(t, p, BytesInput("s.csv", []byte(data)))
	if len(res.Rejected) != 0 || len(res.Dataset.Cases) != 1 || len(res.Dataset.Cases[0].Events) != 2 || len(res.Dataset.Cases[0].Person()) > 40 || res.Dataset.Cases[0].Flags&audit.FlagSkyddad == 0 {
		t.Errorf("rejected %v, cases %d", res.Rejected, len(res.Dataset.Cases))
	}
}
