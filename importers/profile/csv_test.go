package profile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/iotest"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/textenc"
)

// sampleLong is a small long export with å ä ö in headers and values.
const sampleLong = "Ärende;Personnummer;Insats;Utförare;Händelse;Datum\n" +
	"Ä-1;19121212-1212;Hemtjänst;Hemtjänst Öst;Beslut;2026-01-05\n" +
	"Ä-1;19121212-1212;Hemtjänst;Hemtjänst Öst;Påbörjad;2026-01-09\n"

func utf16LE(s string) []byte {
	u := utf16.Encode([]rune(s))
	out := []byte{0xFF, 0xFE}
	for _, c := range u {
		out = append(out, byte(c), byte(c>>8))
	}
	return out
}

func win1252(t testing.TB, s string) []byte {
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEncodings(t *testing.T) {
	mojibake := strings.ReplaceAll(sampleLong, "Öst", "Ã–st") // "Ö" read as Windows-1252 and saved as UTF-8
	tests := []struct {
		name     string
		data     []byte
		encoding string // the profile's encoding
		wantEnc  string
		wantErr  string
	}{
		{"utf-8", []byte(sampleLong), "auto", "utf-8", ""},
		{"utf-8 with BOM", append([]byte("\ufeff"), sampleLong...), "auto", "utf-8", ""},
		{"utf-16 LE with BOM", utf16LE(sampleLong), "auto", "utf-16", ""},
		{"windows-1252 detected", win1252(t, sampleLong), "auto", "windows-1252", ""},
		{"windows-1252 declared", win1252(t, sampleLong), "windows-1252", "windows-1252", ""},
		{"BOM wins over the profile", append([]byte("\ufeff"), sampleLong...), "windows-1252", "utf-8", ""},
		{"mojibake", []byte(mojibake), "auto", "", "wrongly converted characters (such as Ã¥ for å)"},
		{"utf-8 declared, windows-1252 given", win1252(t, sampleLong), "utf-8", "", "is not valid utf-8 text"},
		{"binary", []byte("Ärende\x00\x01\x02;x\n"), "auto", "", "is not a text file rutinkoll can read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, strings.Replace(longProfile, "format: csv", "format: csv\nencoding: "+tt.encoding, 1))
			res, err := run(t, p, BytesInput("export.csv", tt.data))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("want error containing %q, got %v", tt.wantErr, err)
				}
				if !strings.HasPrefix(err.Error(), "export.csv:") {
					t.Errorf("the error must start with file:line: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Files[0].Encoding; got != tt.wantEnc {
				t.Errorf("encoding %s, want %s", got, tt.wantEnc)
			}
			c := caseByID(t, res.Dataset, "Ä-1")
			if c.Utforare.String() != "Hemtjänst Öst" || c.Insats.String() != "hemtjanst" || len(c.Events) != 2 {
				t.Errorf("case read wrongly: %+v", c)
			}
		})
	}
}

func TestMojibakeIsAnErrorNotData(t *testing.T) {
	p := mustParse(t, longProfile)
	_, err := run(t, p, BytesInput("x.csv", []byte(strings.ReplaceAll(sampleLong, "Hemtjänst Öst", "HemtjÃ¤nst"))))
	var de *textenc.DecodeError
	if !errors.As(err, &de) || !errors.Is(err, textenc.ErrMojibake) {
		t.Fatalf("want a mojibake DecodeError, got %v", err)
	}
	if !strings.HasPrefix(err.Error(), "x.csv:2:") {
		t.Errorf("want the line of the problem: %v", err)
	}
}

func TestQuotedNewlineAndDelimiterInText(t *testing.T) {
	data := "Ärende;Personnummer;Insats;Händelse;Datum;Kommentar\n" +
		"A-1;19121212-1212;Hemtjänst;Beslut;2026-01-05;\"rad ett\nrad två; med semikolon\"\n" +
		"A-1;19121212-1212;Hemtjänst;Påbörjad;2026-01-09;\"citat \"\"så här\"\"\"\n" +
		"A-2;19121212-1246;Hemtjänst;Beslut;2026-13-01;\n"
	p := mustParse(t, longProfile)
	res := mustRun(t, p, BytesInput("q.csv", []byte(data)))
	st := stats(t, res)
	if st.Read != 3 || st.Imported != 2 || st.Rejected != 1 {
		t.Fatalf("stats %+v", st)
	}
	c := caseByID(t, res.Dataset, "A-1")
	if d, _ := c.Detail(&c.Events[0], "kommentar"); d != "rad ett rad två; med semikolon" {
		t.Errorf("details %q: a line break must become a space", c.DetailsOf(&c.Events[0]))
	}
	// The record after a two-line record starts on line 4.
	if r := res.Rejected[0]; r.Line != 5 || r.Column != 5 || r.Field != "Datum" || r.Value != "2026-13-01" {
		t.Errorf("rejection %+v, want line 5 column 5", r)
	}
	if c.Events[1].Line != 4 {
		t.Errorf("second event from line %d, want 4", c.Events[1].Line)
	}
}

func TestDelimiterDetection(t *testing.T) {
	rows := [][]string{
		{"Ärende", "Personnummer", "Insats", "Händelse", "Datum"},
		{"A-1", "19121212-1212", "Hemtjänst", "Beslut", "2026-01-05"},
		{"A-2", "19121212-1246", "Hemtjänst, service", "Beslut", "2026-01-06"},
	}
	for _, tt := range []struct {
		name, delim, want string
	}{
		{"semicolon", ";", ";"},
		{"comma", ",", ","},
		{"tab", "\t", "tab"},
		{"pipe", "|", "|"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			for _, r := range rows {
				for i, f := range r {
					if i > 0 {
						b.WriteString(tt.delim)
					}
					if strings.Contains(f, tt.delim) {
						f = `"` + f + `"`
					}
					b.WriteString(f)
				}
				b.WriteString("\r\n")
			}
			p := mustParse(t, strings.Replace(longProfile, "Hemtjänst: hemtjanst", "Hemtjänst: hemtjanst, \"Hemtjänst, service\": hemtjanst", 1))
			res := mustRun(t, p, BytesInput("d.csv", []byte(b.String())))
			if got := res.Files[0].Delimiter; got != tt.want {
				t.Errorf("delimiter %q, want %q", got, tt.want)
			}
			if st := stats(t, res); st.Imported != 2 {
				t.Errorf("stats %+v", st)
			}
		})
	}
	t.Run("undetectable", func(t *testing.T) {
		p := mustParse(t, longProfile)
		_, err := run(t, p, BytesInput("one.csv", []byte("just one column\nvalue\n")))
		if err == nil || !strings.Contains(err.Error(), "cannot tell the delimiter") {
			t.Fatalf("got %v", err)
		}
	})
}

func TestFieldCountMismatchRejectsRow(t *testing.T) {
	data := "Ärende;Personnummer;Insats;Händelse;Datum\n" +
		"A-1;19121212-1212;Hemtjänst;Beslut;2026-01-05;;\n" + // trailing empty fields: fine
		"A-2;19121212-1246;Hemtjänst; service;Beslut;2026-01-06\n" + // an unquoted ';' shifts the columns
		"A-3;19121212-1261;Hemtjänst;Beslut\n" // cut short
	p := mustParse(t, longProfile)
	res := mustRun(t, p, BytesInput("f.csv", []byte(data)))
	if st := stats(t, res); st.Imported != 1 || st.Rejected != 2 {
		t.Fatalf("stats %+v", st)
	}
	for _, r := range res.Rejected {
		if !strings.Contains(r.Reason, "fields but the header has 5") || r.Column != 0 {
			t.Errorf("rejection %+v", r)
		}
	}
}

// TestShiftedRowTiedToItsCase: a row rejected for its field count still names its case
// and event when both can be told (the case id before the shift, one known event where
// the event column can have shifted to), so that the step it may hold makes the rule
// datafel rather than saknas; with two different events, or a case id that names no
// case with imported rows, nothing is tied.
func TestShiftedRowTiedToItsCase(t *testing.T) {
	data := "Ärende;Personnummer;Insats;Händelse;Datum\n" +
		"A-1;19121212-1212;Hemtjänst;Beslut;2026-01-05\n" +
		"A-1;19121212-1212;Hemtjänst; natt;Påbörjad;2026-01-09\n" + // line 3: one field too many
		"A-1;19121212-1212;Påbörjad\n" + // line 4: two too few
		"A-1;19121212-1212;Hemtjänst;Beslut;Påbörjad;2026-01-09\n" + // line 5: two events: which?
		"A-2;19121212-1246;Hemtjänst; natt;Påbörjad;2026-01-09\n" + // line 6: no such case imported
		"1212121213;Hemtjänst;Påbörjad;2026-01-09\n" // line 7: the columns shifted before the case id: a personnummer (no dash, wrong check digit) there
	p := mustParse(t, longProfile)
	res := mustRun(t, p, BytesInput("f.csv", []byte(data)))
	if st := stats(t, res); st.Imported != 1 || st.Rejected != 5 {
		t.Fatalf("stats %+v, rejected %+v", st, res.Rejected)
	}
	vocab := audit.NewVocabulary()
	paborjad, _ := vocab.Lookup("insats_paborjad")
	want := map[int]audit.EventCode{3: paborjad, 4: paborjad, 5: audit.NoEvent, 6: paborjad, 7: audit.NoEvent}
	for _, r := range res.Rejected {
		if r.Kind != audit.RejectFieldCount {
			t.Errorf("line %d: kind %v, want a field count rejection", r.Line, r.Kind)
		}
		if w := want[r.Line]; r.Event != w || (w == audit.NoEvent) != (r.CaseID == "") {
			t.Errorf("line %d: tied to case %q, event %v; want event %v", r.Line, r.CaseID, r.Event, w)
		}
	}
	ds := res.Dataset
	var lines []int32
	for _, u := range ds.Unread {
		if ds.Cases[u.Case].ID() != "A-1" || u.Code != paborjad {
			t.Errorf("unread %+v: want A-1's insats_paborjad", u)
		}
		lines = append(lines, u.Source.Line)
	}
	if !slices.Equal(lines, []int32{3, 4}) {
		t.Errorf("unread rows on lines %v, want [3 4]", lines)
	}
	checkUnread(t, res)
}

// TestShiftedRowWithBlankLastField: a blank field after the header's is the export's
// style only when the file's rows end so; in a file whose first row does not, a row with
// one is shifted (its last field happens to be empty) and rejected for its field count,
// not for the value that slid into the event column.
func TestShiftedRowWithBlankLastField(t *testing.T) {
	p := mustParse(t, longProfile)
	plain := "Ärende;Personnummer;Insats;Händelse;Datum\n" +
		"A-1;19121212-1212;Hemtjänst;Beslut;2026-01-05\n" +
		"A-2;19121212-1246;Vardaga; Hemtjänst;Beslut;\n" // an unquoted ';', and the date cut off
	res := mustRun(t, p, BytesInput("f.csv", []byte(plain)))
	if st := stats(t, res); st.Imported != 1 || st.Rejected != 1 || res.Rejected[0].Kind != audit.RejectFieldCount {
		t.Fatalf("stats %+v, rejected %+v", st, res.Rejected)
	}
	ended := "Ärende;Personnummer;Insats;Händelse;Datum\n" +
		"A-1;19121212-1212;Hemtjänst;Beslut;2026-01-05;\n" +
		"A-2;19121212-1246;Hemtjänst;Beslut;2026-01-06;\n" +
		"A-3;19121212-1261;Hemtjänst;Beslut;2026-01-07\n"
	res = mustRun(t, p, BytesInput("g.csv", []byte(ended)))
	if st := stats(t, res); st.Imported != 3 || st.Rejected != 0 {
		t.Fatalf("every row ending with ';': stats %+v, rejected %+v", st, res.Rejected)
	}
	// A bad first row teaches nothing: shifted (text after the header's fields) or short.
	for _, first := range []string{"A-0;19121212-1212;Vardaga; Hemtjänst;Beslut;2026-01-04;\n", "A-0;19121212-1212;Hemtjänst\n"} {
		res = mustRun(t, p, BytesInput("h.csv", []byte(strings.Replace(ended, "\n", "\n"+first, 1))))
		if st := stats(t, res); st.Imported != 3 || st.Rejected != 1 {
			t.Errorf("bad first row %q: stats %+v", first, st)
		}
	}
}

func TestBrokenQuoteStopsWithPosition(t *testing.T) {
	data := "Ärende;Personnummer;Insats;Händelse;Datum\nA-1;19121212-1212;\"Hemtjänst\"x;Beslut;2026-01-05\n"
	p := mustParse(t, longProfile)
	_, err := run(t, p, BytesInput("b.csv", []byte(data)))
	if err == nil || !strings.HasPrefix(err.Error(), "b.csv:2:") || !strings.Contains(err.Error(), "check the quoting") {
		t.Fatalf("got %v", err)
	}
}

func TestHeaderRowAndBlankRows(t *testing.T) {
	data := "Listutdrag beslut 2026-01-01 -- 2026-03-31\n\n" +
		"Ärende;Personnummer;Insats;Händelse;Datum\n" +
		"A-1;19121212-1212;Hemtjänst;Beslut;2026-01-05\n" +
		";;;;\n" +
		"A-2;19121212-1246;Hemtjänst;Beslut;2026-01-06\n"
	p := mustParse(t, strings.Replace(longProfile, "shape: long", "shape: long\nheader_row: 3\ndelimiter: \";\"", 1))
	res := mustRun(t, p, BytesInput("h.csv", []byte(data)))
	if st := stats(t, res); st.Read != 2 || st.Imported != 2 {
		t.Fatalf("stats %+v", st)
	}
	if f := res.Files[0]; f.HeaderLine != 3 || f.BlankRows != 1 {
		t.Errorf("file info %+v", f)
	}
	if got := res.Dataset.Cases[1].Source.Line; got != 6 {
		t.Errorf("A-2 from line %d, want 6", got)
	}

	// header_row pointing at the empty line
	p = mustParse(t, strings.Replace(longProfile, "shape: long", "shape: long\nheader_row: 2\ndelimiter: \";\"", 1))
	_, err := run(t, p, BytesInput("h.csv", []byte(data)))
	if err == nil || !strings.Contains(err.Error(), "that line is empty") {
		t.Fatalf("got %v", err)
	}
}

func TestEmptyFiles(t *testing.T) {
	p := mustParse(t, longProfile)
	for _, data := range []string{"", "Ärende;Personnummer;Insats;Händelse;Datum\n"} {
		_, err := run(t, p, BytesInput("e.csv", []byte(data)))
		if !errors.Is(err, ErrEmpty) {
			t.Errorf("%q: got %v, want ErrEmpty", data, err)
		}
	}
}

func TestXLSXGivenToCSVProfile(t *testing.T) {
	p := mustParse(t, longProfile)
	_, err := run(t, p, BytesInput("book.xlsx", []byte("PK\x03\x04rest")))
	if err == nil || !strings.Contains(err.Error(), "is an Excel workbook (.xlsx), but profile \"test-long\" reads CSV") {
		t.Fatalf("got %v", err)
	}
	_, err = run(t, p, BytesInput("old.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest")))
	if err == nil || !strings.Contains(err.Error(), "old .xls") {
		t.Fatalf("got %v", err)
	}
}

func TestCancelledContext(t *testing.T) {
	p := mustParse(t, longProfile)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Import(ctx, []Input{BytesInput("c.csv", []byte(sampleLong))}, p, audit.NewVocabulary(), testOptions(t))
	if err == nil || !strings.Contains(err.Error(), "import stopped") {
		t.Fatalf("got %v", err)
	}
}

// The profile says Windows-1252 but the file is UTF-8: an error that says so.
func TestProfileEncodingWrong(t *testing.T) {
	p, _ := Lookup("magnacura")
	_, err := run(t, p, FileInput(exportsDir+"/generic-wide.csv"))
	want := `generic-wide.csv:1: the file looks like UTF-8 text, not windows-1252 as profile "magnacura" says`
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "set the encoding to utf-8") {
		t.Fatalf("got %v\nwant …%s…", err, want)
	}
}

// TestDecodeErrorFarIntoTheFile puts an invalid byte on a line far past the first
// buffer of the reader: the error names that line, as it does near the start.
func TestDecodeErrorFarIntoTheFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("Ärende;Personnummer;Insats;Utförare;Händelse;Datum\n")
	const bad = 20000
	for i := 2; i <= 30000; i++ {
		name := "Hemtjänst Öst"
		if i == bad {
			name = "Hemtj\xe4nst Öst" // Windows-1252 ä in a UTF-8 file
		}
		fmt.Fprintf(&b, "A-%d;19121212-1212;Hemtjänst;%s;Beslut;2026-01-05\n", i, name)
	}
	p := mustParse(t, strings.Replace(longProfile, "format: csv", "format: csv\nencoding: utf-8", 1))
	_, err := run(t, p, BytesInput("export.csv", []byte(b.String())))
	want := fmt.Sprintf("export.csv:%d: the file is not valid utf-8 text", bad)
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("want an error starting %q, got %v", want, err)
	}
	var de *textenc.DecodeError
	if !errors.As(err, &de) || !errors.Is(err, textenc.ErrInvalidUTF8) {
		t.Fatalf("want an invalid UTF-8 DecodeError, got %T %v", err, err)
	}
}

// TestReadFailureMessage: when the file itself cannot be read to the end, the error
// says once that reading failed, names the file and the line of the last row read,
// and gives the file's own error, not offsets into the decoded text.
func TestReadFailureMessage(t *testing.T) {
	// More than the sample read to detect encoding and delimiter, so that the
	// failure comes while rows are read.
	var b strings.Builder
	b.WriteString("Ärende;Personnummer;Insats;Utförare;Händelse;Datum\n")
	for i := 2; i <= 2000; i++ {
		fmt.Fprintf(&b, "Ä-%d;19121212-1212;Hemtjänst;Hemtjänst Öst;Beslut;2026-01-05\n", i)
	}
	long := b.String()
	eio := &os.PathError{Op: "read", Path: "/srv/exports/r.csv", Err: syscall.EIO}
	reset := errors.New("connection reset by peer")
	tests := []struct {
		name   string
		data   []byte
		cause  error
		want   string
		wantIs error
	}{
		{"after rows", []byte(long), eio,
			"r.csv: could not read the file after the row on line 2000: input/output error", syscall.EIO},
		{"after rows, utf-16", utf16LE(long), reset,
			"r.csv: could not read the file after the row on line 2000: connection reset by peer", reset},
		{"at the start", []byte(sampleLong), eio,
			"r.csv: could not read the file: input/output error", syscall.EIO},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Name: "r.csv", Size: -1, Open: func() (io.ReadCloser, error) {
				return io.NopCloser(io.MultiReader(bytes.NewReader(tt.data), iotest.ErrReader(tt.cause))), nil
			}}
			_, err := run(t, mustParse(t, longProfile), in)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got error  %v\nwant error %s", err, tt.want)
			}
			if !errors.Is(err, tt.wantIs) {
				t.Errorf("the error does not wrap %v", tt.wantIs)
			}
		})
	}
}

// TestProfileAttributeChanges: a case whose rows name another utförare or insats is
// reported once per field, at the first such row, with the value the case keeps.
func TestProfileAttributeChanges(t *testing.T) {
	data := sampleLong +
		"Ä-1;19121212-1212;Hemtjänst;Hemtjänst Väst;Beslut;2026-02-05\n" + // line 4
		"Ä-1;19121212-1212;Boendestöd;Hemtjänst Norr;Påbörjad;2026-02-09\n" // line 5
	res := mustRun(t, mustParse(t, longProfile), BytesInput("x.csv", []byte(data)))
	want := []audit.AttributeChange{
		{Case: 0, Field: "insats", Kept: "hemtjanst", Other: "boendestod", Source: audit.Source{Line: 5}},
		{Case: 0, Field: "utforare", Kept: "Hemtjänst Öst", Other: "Hemtjänst Väst", Source: audit.Source{Line: 4}},
	}
	if got := res.Dataset.Changes; !reflect.DeepEqual(got, want) {
		t.Errorf("changes %+v, want %+v", got, want)
	}
}
