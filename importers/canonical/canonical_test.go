package canonical

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/textenc"
)

func read(t *testing.T, files ...string) (*Builder, error) {
	t.Helper()
	b := NewBuilder(audit.NewVocabulary())
	for i, f := range files {
		if err := b.ReadFile("f"+string(rune('1'+i))+".csv", strings.NewReader(f)); err != nil {
			return b, err
		}
	}
	return b, nil
}

// readWith reads in into b as the file name, in blocks on two workers (ReadFileAt) or
// sequentially (ReadFile).
func readWith(t *testing.T, b *Builder, parallel bool, name, in string) {
	t.Helper()
	var err error
	if parallel {
		err = b.ReadFileAt(name, strings.NewReader(in), int64(len(in)), 2)
	} else {
		err = b.ReadFile(name, strings.NewReader(in))
	}
	if err != nil {
		t.Fatal(err)
	}
}

func TestReadGood(t *testing.T) {
	in := "\ufeffCase_ID ; person;insats;utforare;enhet;event;date;registered;frequency;flags\n" +
		"A1;P-1;hemtjanst;\"Omsorg Åkersberga; AB\";Norr;bestallning_registrerad;2026-03-02;2026-03-02;daglig;ny_kund|skyddad\n" +
		"A1;;;;;bestallning_bekraftad;2026-03-05;;;\n" +
		"A2;P-2;boendestod;Ö;Söder;beslut;2026-03-01;;;\n" +
		"A1;;;;;bestallning_registrerad;2026-03-02;;;\n"
	b, err := read(t, in)
	if err != nil {
		t.Fatal(err)
	}
	ds := b.Dataset()
	if len(ds.Cases) != 2 {
		t.Fatalf("%d cases", len(ds.Cases))
	}
	c := ds.Cases[0]
	if c.ID() != "A1" || c.Utforare.String() != "Omsorg Åkersberga; AB" || c.Frequency != audit.FreqDaglig || c.Flags != audit.FlagNyKund|audit.FlagSkyddad || len(c.Events) != 2 {
		t.Errorf("case A1 = %+v", c)
	}
	if c.Registered(&c.Events[0]) != audit.MustDate("2026-03-02") || c.Registered(&c.Events[1]) != audit.NoDate {
		t.Errorf("registration dates %v", c.Events)
	}
	if c.Events[1].Line != 3 {
		t.Errorf("source line %d, want 3", c.Events[1].Line)
	}
	st := b.Stats[0]
	if st.Read != 4 || st.Imported != 3 || st.Duplicates != 1 || st.Rejected != 0 || !st.Balanced() {
		t.Errorf("stats %+v", st)
	}
}

func TestReadRejects(t *testing.T) {
	in := "case_id,event,date,registered,frequency\n" +
		"A1,beslut,2026-02-30,,\n" +
		"A1,bestalning_mottagen,2026-03-01,,\n" +
		",beslut,2026-03-01,,\n" +
		"A1,beslut,2026-03-01,5/3/2026,\n" +
		"A1,beslut,2026-03-01,,dagligen\n" +
		"A1,beslut,2026-03-01,,\n"
	b, err := read(t, in)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`f1.csv:2:3: bad date: invalid date "2026-02-30": day out of range`,
		`f1.csv:3:2: unknown event "bestalning_mottagen"; did you mean "bestallning_mottagen"?`,
		`f1.csv:4:1: case_id is empty; every row needs the case id`,
		`f1.csv:5:4: bad registration date: invalid date "5/3/2026": expected YYYY-MM-DD`,
		`f1.csv:6:5: unknown frequency "dagligen"; expected one of daglig, varje_vecka, varannan_vecka, varje_manad`,
	}
	if len(b.Rejected) != len(want) {
		t.Fatalf("%d rejections: %v", len(b.Rejected), b.Rejected)
	}
	for i, w := range want {
		if got := b.Rejected[i].String(); got != w {
			t.Errorf("rejection %d:\n got %s\nwant %s", i, got, w)
		}
	}
	if st := b.Stats[0]; st.Read != 6 || st.Imported != 1 || st.Rejected != 5 || !st.Balanced() {
		t.Errorf("stats %+v", st)
	}
}

// TestTooLongTextsRejected: a case keeps its id and pseudonym in at most
// audit.MaxCaseText bytes each, so a row with a longer one is rejected with the reason
// and a shortened value, by both readers, and the rows around it are read; one just
// within the limit is kept whole.
func TestTooLongTextsRejected(t *testing.T) {
	longID, longPerson, maxID := strings.Repeat("x", audit.MaxCaseText+1), strings.Repeat("p", audit.MaxCaseText+1), strings.Repeat("y", audit.MaxCaseText)
	in := "case_id;person;ivo_code;event;date\n" +
		"A1;P-1;19400101-T123;beslut;2026-03-01\n" +
		longID + ";P-2;;beslut;2026-03-01\n" +
		"A2; " + longPerson + " ;;beslut;2026-03-01\n" +
		maxID + ";" + maxID + ";19500101-T456;beslut;2026-03-01\n"
	want := []string{
		`f.csv:3:1: case_id is 65536 bytes long, more than the 65535 rutinkoll keeps; check that the column holds what its name says`,
		`f.csv:4:2: person is 65536 bytes long, more than the 65535 rutinkoll keeps; check that the column holds what its name says`,
	}
	check := func(name string, b *Builder) {
		t.Helper()
		var got []string
		for _, r := range b.Rejected {
			got = append(got, r.String())
			if len(r.Value) > 50 {
				t.Errorf("%s: rejected value of %d bytes, want it shortened", name, len(r.Value))
			}
			if r.Kind != audit.RejectOther {
				t.Errorf("%s: %s: kind %v, want other (the value is there, only too long)", name, r, r.Kind)
			}
		}
		// The row with the long pseudonym is tied to its case and step; the one with the
		// long id has no case to be tied to.
		if r := b.Rejected; len(r) == 2 && (r[0].CaseID != "" || r[1].CaseID != "A2" || r[1].Event == audit.NoEvent) {
			t.Errorf("%s: rejections tied to %q/%v and %q/%v, want none and A2/beslut", name, r[0].CaseID, r[0].Event, r[1].CaseID, r[1].Event)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: rejections\n%q\nwant\n%q", name, got, want)
		}
		ds := b.Dataset()
		if len(ds.Cases) != 2 {
			t.Fatalf("%s: %d cases, want 2", name, len(ds.Cases))
		}
		if c := ds.Cases[0]; c.ID() != "A1" || c.Person() != "P-1" || c.IVOCode() != "19400101-T123" {
			t.Errorf("%s: case %q %q %q", name, c.ID(), c.Person(), c.IVOCode())
		}
		if c := ds.Cases[1]; c.ID() != maxID || c.Person() != maxID || c.IVOCode() != "19500101-T456" {
			t.Errorf("%s: the case at the limit lost its texts: %d, %d bytes, %q", name, len(c.ID()), len(c.Person()), c.IVOCode())
		}
	}
	seq := NewBuilder(audit.NewVocabulary())
	if err := seq.ReadFile("f.csv", strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	check("ReadFile", seq)
	par := NewBuilder(audit.NewVocabulary())
	if err := par.ReadFileAt("f.csv", strings.NewReader(in), int64(len(in)), 2); err != nil {
		t.Fatal(err)
	}
	check("ReadFileAt", par)
}

// TestFieldCountRejected: a row with more or fewer fields than the header is rejected
// with the reason, and the rows after it are read, by both readers.
func TestFieldCountRejected(t *testing.T) {
	in := "case_id;event;date\n" +
		"A1;beslut;2026-01-01\n" +
		"B1;beslut\n" +
		"C1;beslut;2026-01-02;\n" +
		"D1;beslut;2026-01-03\n"
	for _, parallel := range []bool{false, true} {
		b := NewBuilder(audit.NewVocabulary())
		readWith(t, b, parallel, "f.csv", in)
		want := []string{
			"f.csv:3: the row has 2 fields but the header has 3: a text in it probably contains the delimiter or a line break without quotes, so the columns are shifted; correct the export (or the quoting) and import again",
			"f.csv:4: the row has 4 fields but the header has 3: a text in it probably contains the delimiter or a line break without quotes, so the columns are shifted; correct the export (or the quoting) and import again",
		}
		var got []string
		for _, r := range b.Rejected {
			got = append(got, r.String())
			if r.Kind != audit.RejectFieldCount {
				t.Errorf("parallel=%v: kind %v", parallel, r.Kind)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("parallel=%v: rejections\n%s\nwant\n%s", parallel, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if st := b.Stats[0]; st.Read != 4 || st.Imported != 2 || st.Rejected != 2 || !st.Balanced() {
			t.Errorf("parallel=%v: stats %+v", parallel, st)
		}
		if n := len(b.Dataset().Cases); n != 2 {
			t.Errorf("parallel=%v: %d cases, want A1 and D1", parallel, n)
		}
	}
}

// TestRejectedRowsTiedToCase: a rejected row whose case id and event were read is tied
// to its case (audit.Dataset.Unread), by the sequential and the block reader alike; a
// row without a known event or case id, or whose case has no imported row, is not.
func TestRejectedRowsTiedToCase(t *testing.T) {
	in := "case_id;event;date;registered;gender\n" +
		"A1;bestallning_registrerad;2026-03-02;;\n" +
		"A1;bestallning_bekraftad;2026-03-32;;\n" + // bad date: tied
		"A2;beslut;2026-03-01;;\n" +
		"A2;insats_paborjad;2026-03-05;2026-13-01;\n" + // bad registration date: tied
		"A1;bestalning_bekraftad;2026-03-04;;\n" + // unknown event: not tied
		";beslut;2026-03-01;;\n" + // no case id: not tied
		"A3;beslut;2026-03-40;;\n" + // A3 has no imported row: not tied
		"A2;beslut;2026-03-01;;X\n" + // bad gender: tied
		// Rows whose field count is off (a delimiter in a text): tied when the
		// case id and one event can still be told.
		"A1;avslut;2026-03-09;;;\n" + // one field too many, at the end: tied
		"A2;Väst;bestallning_bekraftad;2026-03-07;;\n" + // one too many, before the event: tied
		"A1;beslut\n" + // three too few: tied
		"A1;beslut;avslut;2026-03-01;;\n" + // two events the row may hold: not tied
		"A3;beslut;2026-03-01;;;\n" // A3 has no imported row: not tied
	vocab := audit.NewVocabulary()
	code := func(s string) audit.EventCode { c, _ := vocab.Lookup(s); return c }
	want := []audit.Unread{
		{Case: 0, Code: code("bestallning_bekraftad"), Source: audit.Source{File: 0, Line: 3}},
		{Case: 0, Code: code("avslut"), Source: audit.Source{File: 0, Line: 10}},
		{Case: 0, Code: code("beslut"), Source: audit.Source{File: 0, Line: 12}},
		{Case: 1, Code: code("insats_paborjad"), Source: audit.Source{File: 0, Line: 5}},
		{Case: 1, Code: code("beslut"), Source: audit.Source{File: 0, Line: 9}},
		{Case: 1, Code: code("bestallning_bekraftad"), Source: audit.Source{File: 0, Line: 11}},
	}
	for _, parallel := range []bool{false, true} {
		b := NewBuilder(vocab)
		readWith(t, b, parallel, "f.csv", in)
		ds := b.Dataset()
		if len(b.Rejected) != 11 || len(ds.Cases) != 2 {
			t.Fatalf("parallel %v: %d rejections, %d cases", parallel, len(b.Rejected), len(ds.Cases))
		}
		if !reflect.DeepEqual(ds.Unread, want) {
			t.Errorf("parallel %v: unread\n got %+v\nwant %+v", parallel, ds.Unread, want)
		}
	}
}

// TestRejectedRowsOfSameNamedFiles: two inputs of the same name keep their own file
// index in the tied rows, read sequentially or in blocks.
func TestRejectedRowsOfSameNamedFiles(t *testing.T) {
	a := "case_id;event;date\nA1;beslut;2026-03-01\nA1;insats_paborjad;2026-03-32\n"
	b := "case_id;event;date\nA1;avslut;2026-04-01\nA1;insats_paborjad;2026-04-31\n"
	for _, parallel := range []bool{false, true} {
		bl := NewBuilder(audit.NewVocabulary())
		for _, in := range []string{a, b} {
			readWith(t, bl, parallel, "same.csv", in)
		}
		u := bl.Dataset().Unread
		if len(u) != 2 || u[0].Source != (audit.Source{File: 0, Line: 3}) || u[1].Source != (audit.Source{File: 1, Line: 3}) {
			t.Errorf("parallel %v: unread %+v", parallel, u)
		}
	}
}

// TestRejectedRowProtects: a rejected row whose flags say skyddad protects its case,
// although no imported row says so: the person never appears identifiable.
func TestRejectedRowProtects(t *testing.T) {
	in := "case_id;event;date;flags\n" +
		"A1;beslut;2026-03-01;\n" +
		"A1;insats_paborjad;2026-03-32;skyddad\n" + // bad date, flags fine
		"A2;beslut;2026-03-01;\n" +
		"A2;insats_paborjad;2026-03-05;Skyddad|okand\n" + // bad flags that name skyddad
		"A3;beslut;2026-03-01;\n" +
		"A3;insats_paborjad;2026-03-33;ny_kund\n" // not protected
	for _, parallel := range []bool{false, true} {
		b := NewBuilder(audit.NewVocabulary())
		readWith(t, b, parallel, "f.csv", in)
		ds := b.Dataset()
		for i, want := range []bool{true, true, false} {
			if got := ds.Cases[i].Flags&audit.FlagSkyddad != 0; got != want {
				t.Errorf("parallel %v: case %s protected %v, want %v", parallel, ds.Cases[i].ID(), got, want)
			}
		}
	}
}

func TestReadFatal(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Empty", "", "the file is empty"},
		{"HeaderOnly", "case_id;event;date\n", "a header but no rows"},
		{"WrongHeader", "Ärende;Händelse;Datum\nA;b;c\n", "missing column(s) case_id, event, date"},
		{"Misspelt", "case_id;evnt;date\nA1;beslut;2026-01-01\n", "'evnt' may be meant as 'event'"},
		{"BrokenQuote", "case_id;event;date\nA1;\"beslut;2026-01-01\n", "f1.csv:2:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := read(t, tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			if tc.name == "Empty" && !errors.Is(err, ErrEmpty) {
				t.Error("not ErrEmpty")
			}
			if len(b.Dataset().Cases) != 0 && tc.name != "BrokenQuote" {
				t.Error("cases imported from a fatal file")
			}
		})
	}
}

func TestMergeFiles(t *testing.T) {
	b, err := read(t, "case_id;insats;event;date\nA1;hemtjanst;beslut;2026-01-01\n", "case_id;utforare;event;date\nA1;Ö AB;insats_paborjad;2026-01-05\nA1;;beslut;2026-01-01\n")
	if err != nil {
		t.Fatal(err)
	}
	ds := b.Dataset()
	if len(ds.Cases) != 1 || ds.Cases[0].Insats.String() != "hemtjanst" || ds.Cases[0].Utforare.String() != "Ö AB" || len(ds.Cases[0].Events) != 2 {
		t.Fatalf("merged %+v", ds.Cases)
	}
	if b.Stats[1].Duplicates != 1 || ds.Where(ds.Cases[0].Events[1].Source()) != "f2.csv:2" {
		t.Errorf("stats %+v, where %s", b.Stats[1], ds.Where(ds.Cases[0].Events[1].Source()))
	}
}

// FuzzReadFile: any input either fails as a whole or accounts for every row it read,
// and ReadFileAt gives the same result or error as ReadFile — also for input that is
// not UTF-8, and for input whose bytes past the first 64 KiB, from which the encoding
// is detected, are not.
func FuzzReadFile(f *testing.F) {
	f.Add("case_id;event;date\nA1;beslut;2026-01-01\n")
	f.Add("case_id,event,date,registered\n\"A,1\",beslut,2026-01-01,2026-01-02\r\nA2,x,y,z\n")
	f.Add("\ufeffcase_id\tevent\tdate\nA1\tbeslut\t2026-13-01\n")
	f.Add("case_id;event;date;flags;gender\nA1;beslut;2026-01-01;ny_kund;k\n\"A\n2\";avslut;2026-01-02;;M\nA1;beslut;2026-01-01;;\n")
	f.Add("case_id;event;date\n\"A\"\"1\";beslut;2026-01-01\n\"B\"\"2\";beslut;2026-01-02\n")
	f.Add("case_id;utforare;event;date\nA1;Larmtj\xe4nst \xd6st;beslut;2026-01-01\n")                                                                                                                                                                              // Windows-1252
	f.Add("case_id;utforare;event;date\nA1;Åsa Öst;beslut;2026-01-01\nA2;\xe4;beslut;2026-01-01\n")                                                                                                                                                                // damaged UTF-8
	f.Add("case_id;utforare;event;date\nA1;Å\"x;beslut;2026-01-01\nA2;Öst\xff;beslut;2026-01-01\n")                                                                                                                                                                // quote error first
	f.Add("case_id;utforare;event;date\nA1;PÃ¥l;beslut;2026-01-01\n")                                                                                                                                                                                              // mojibake
	f.Add("case_id;insats;utforare;event;date\nA;hemtjanst;X;beslut;2026-01-01\nB;;Y;beslut;2026-01-01\nA;Hemtjänst;;avslut;2026-01-02\nA;boendestod;Z;uppfoljning;2026-01-03\nA;;X;avslut;2026-01-04\n")                                                          // changes
	f.Add("case_id;utforare;event;date\n\"A,1\";\"X, Y\";beslut;2026-01-01\n\"A,1\";\"X, Y\";avslut;2026-01-02\n\"A,1\";\"X, Z\";uppfoljning;2026-01-03\nA,1;X;beslut;2026-01-04\n")                                                                               // quoted rows of one case
	f.Add("case_id;event;date;registered;details\nA;beslut;2026-01-01;2027-06-01;\nA;beslut;2026-01-02;2025-01-01;omrade=N\nA;avslut;2026-02-01;2026-02-03;\nA;beslut;2026-01-02;2026-01-03;\n")                                                                   // registered far from the date
	f.Add("\xff\xfec\x00;\x00e\x00v\x00e\x00n\x00t\x00;\x00d\x00a\x00t\x00e\x00\n\x00")                                                                                                                                                                            // UTF-16
	f.Add("case_id;insats;event;date;registered;gender;details\nA;hemtjanst;beslut;2026-01-01;;M;\nA;hemtjanst;beslut;2026-01-02;2026-01-03;M;\r\nA;hemtjanst;beslut;2026-01-04;;M;x\nA;hemtjanst;beslut;2026-01-05;;M;x\n\nA;hemtjanst;beslut;2026-01-06;;M;x\n") // rows read by a template
	f.Fuzz(func(t *testing.T, in string) {
		defer func(p int) { tplPause = p }(tplPause)
		tplPause = 0 // templates wherever they apply, not paused after a block they did not pay in
		checkReadFile(t, in, 16+len(in)%64)
		if i := strings.IndexByte(in, '\n'); i >= 0 {
			// Blank lines, which both readers skip, push the rest past the sample.
			checkReadFile(t, in[:i+1]+strings.Repeat("\n", textenc.SniffLen)+in[i+1:], 4096+len(in)%64)
		}
	})
}

// checkReadFile reads in with ReadFile and ReadFileAt (blocks of blockBytes) and fails
// t unless both give the same result or error, and a result accounts for every row.
func checkReadFile(t *testing.T, in string, blockBytes int) {
	b := NewBuilder(audit.NewVocabulary())
	err := b.ReadFile("fuzz.csv", strings.NewReader(in))
	// The block reader gives the same result, whatever the block size.
	defer func(n int) { blockSize = n }(blockSize)
	blockSize = blockBytes
	par := NewBuilder(audit.NewVocabulary())
	perr := par.ReadFileAt("fuzz.csv", strings.NewReader(in), int64(len(in)), 1+len(in)%3)
	if (err == nil) != (perr == nil) || (err != nil && err.Error() != perr.Error()) {
		t.Fatalf("ReadFile: %v\nReadFileAt: %v", err, perr)
	}
	if err != nil {
		return
	}
	if !reflect.DeepEqual(b.Dataset(), par.Dataset()) || !reflect.DeepEqual(b.Stats, par.Stats) || !reflect.DeepEqual(b.Rejected, par.Rejected) {
		t.Fatalf("ReadFileAt differs from ReadFile")
	}
	st := b.Stats[0]
	if !st.Balanced() || st.Rejected != len(b.Rejected) {
		t.Fatalf("unbalanced: %+v, %d rejections", st, len(b.Rejected))
	}
	n := 0
	for _, c := range b.Dataset().Cases {
		n += len(c.Events)
		for _, e := range c.Events {
			if !e.Date.Valid() {
				t.Fatalf("invalid date imported: %v", e)
			}
			if !utf8.ValidString(c.DetailsOf(&e)) {
				t.Fatalf("invalid UTF-8 imported: %q", c.DetailsOf(&e))
			}
		}
		for _, s := range []string{c.ID(), c.Person(), c.Insats.String(), c.Utforare.String(), c.Enhet.String(), c.Kommun.String(), c.IVOCode()} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 imported: %q", s)
			}
		}
	}
	for _, r := range b.Rejected {
		if !utf8.ValidString(r.Value) || !utf8.ValidString(r.Reason) {
			t.Fatalf("invalid UTF-8 in a rejection: %+v", r)
		}
	}
	if n != st.Imported {
		t.Fatalf("%d events for %d imported rows", n, st.Imported)
	}
	// Every tied rejected row is a rejection of a case that was imported.
	ds := b.Dataset()
	for _, u := range ds.Unread {
		i := slices.IndexFunc(b.Rejected, func(r audit.Rejection) bool { return r.Line == int(u.Source.Line) })
		if i < 0 || u.Case < 0 || int(u.Case) >= len(ds.Cases) || b.Rejected[i].CaseID != ds.Cases[u.Case].ID() || b.Rejected[i].Event != u.Code {
			t.Fatalf("unread %+v does not match a rejection of its case", u)
		}
	}
}

func TestPrefaultKeepsCasesZero(t *testing.T) {
	for _, n := range []int{0, 1, 23, 5000} {
		cs := make([]audit.Case, n)
		prefault(cs)
		for i := range cs {
			if !reflect.DeepEqual(cs[i], audit.Case{}) {
				t.Fatalf("n=%d: case %d changed: %+v", n, i, cs[i])
			}
		}
	}
}

// TestInsatsReadAsCode: an insats written as text is read as its code, by both readers,
// so that routine scopes (written as codes) match it; and a case and a routine whose
// kommun differ only in case still meet.
func TestInsatsReadAsCode(t *testing.T) {
	in := "case_id;insats;kommun;event;date\nH1;Hemtjänst;EXEMPELKOMMUNEN;beslut;2026-03-02\nH2; Vård- och omsorgsboende ;x;beslut;2026-03-02\nH3;hemtjanst;;beslut;2026-03-02\nH3;Boendestöd;;avslut;2026-03-03\n"
	want := map[string]string{"H1": "hemtjanst", "H2": "vard_och_omsorgsboende", "H3": "hemtjanst"}
	seq := NewBuilder(audit.NewVocabulary())
	if err := seq.ReadFile("f.csv", strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	par := NewBuilder(audit.NewVocabulary())
	if err := par.ReadFileAt("f.csv", strings.NewReader(in), int64(len(in)), 2); err != nil {
		t.Fatal(err)
	}
	for _, b := range []*Builder{seq, par} {
		ds := b.Dataset()
		for _, c := range ds.Cases {
			if c.Insats.String() != want[c.ID()] {
				t.Errorf("%s: insats %q, want %q", c.ID(), c.Insats, want[c.ID()])
			}
		}
		rt := &audit.Routine{Municipality: "Exempelkommunen", Insats: []string{"hemtjanst"}}
		if !rt.Applies(&ds.Cases[0]) {
			t.Errorf("routine of Exempelkommunen does not apply to a case of %q", ds.Cases[0].Kommun)
		}
	}
}

// TestAttributeChanges: rows of a case that name another utförare or insats than the
// first are reported once per case and field, at the first such row, by both readers
// and for any block size; the case keeps the first value.
func TestAttributeChanges(t *testing.T) {
	in := "case_id;insats;utforare;event;date\n" +
		"A;hemtjanst;Alfa AB;beslut;2026-01-01\n" +
		"A;Hemtjänst;;bestallning_registrerad;2026-01-02\n" + // the same insats, written otherwise
		"B;boendestod;Beta AB;beslut;2026-01-01\n" +
		"A;hemtjanst;Beta AB;byte_begart;2026-02-01\n" + // line 5: a new utförare
		"A;hemtjanst;Gamma AB;byte_genomfort;2026-02-05\n" +
		"B;boendestod;Beta AB;avslut;2026-03-01\n" +
		"A;matdistribution;Beta AB;avslut;2026-04-01\n" // line 8: another insats
	want := []audit.AttributeChange{
		{Case: 0, Field: "insats", Kept: "hemtjanst", Other: "matdistribution", Source: audit.Source{Line: 8}},
		{Case: 0, Field: "utforare", Kept: "Alfa AB", Other: "Beta AB", Source: audit.Source{Line: 5}},
	}
	seq := NewBuilder(audit.NewVocabulary())
	if err := seq.ReadFile("f.csv", strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	if got := seq.Dataset().Changes; !reflect.DeepEqual(got, want) {
		t.Errorf("ReadFile: %+v, want %+v", got, want)
	}
	defer func(n int) { blockSize = n }(blockSize)
	for _, bs := range []int{16, 50, 100, 1 << 20} {
		blockSize = bs
		par := NewBuilder(audit.NewVocabulary())
		if err := par.ReadFileAt("f.csv", strings.NewReader(in), int64(len(in)), 2); err != nil {
			t.Fatal(err)
		}
		if got := par.Dataset().Changes; !reflect.DeepEqual(got, want) {
			t.Errorf("blocks of %d: %+v, want %+v", bs, got, want)
		}
	}
}

// TestReadFileAtKeepsLaterText: a case's pseudonym and IVO code first given on a row in
// a later block are kept, whole, after the blocks' scratch buffers are reused for the
// blocks after it; and the data set is ReadFile's.
func TestReadFileAtKeepsLaterText(t *testing.T) {
	var in strings.Builder
	in.WriteString("case_id;person;ivo_code;insats;event;date\n")
	in.WriteString("A;;;hemtjanst;beslut;2026-01-01\n")
	for i := range 40 {
		fmt.Fprintf(&in, "B%02d;P-%08d;19400101-T%03d;hemtjanst;beslut;2026-01-01\n", i, i, 2*i%1000)
	}
	in.WriteString("A;P-LATER;19300505-T121;hemtjanst;bestallning_registrerad;2026-01-02\n")
	for i := range 40 {
		fmt.Fprintf(&in, "C%02d;P-%08d;19500101-T%03d;hemtjanst;beslut;2026-01-01\n", i, 100+i, 2*i%1000)
	}
	data := in.String()
	seq := NewBuilder(audit.NewVocabulary())
	if err := seq.ReadFile("f.csv", strings.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	want := seq.Dataset()
	defer func(n int) { blockSize = n }(blockSize)
	for _, bs := range []int{64, 200, 1 << 20} {
		for _, workers := range []int{1, 2} {
			blockSize = bs
			par := NewBuilder(audit.NewVocabulary())
			if err := par.ReadFileAt("f.csv", strings.NewReader(data), int64(len(data)), workers); err != nil {
				t.Fatal(err)
			}
			got := par.Dataset()
			if c := got.Cases[0]; c.ID() != "A" || c.Person() != "P-LATER" || c.IVOCode() != "19300505-T121" {
				t.Errorf("blocks of %d, %d workers: case %q person %q IVO code %q", bs, workers, c.ID(), c.Person(), c.IVOCode())
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("blocks of %d, %d workers: data set differs from ReadFile's", bs, workers)
			}
		}
	}
}

// TestTooManyFiles: an event keeps its file's index in 16 bits, so a file past
// audit.MaxFiles is refused with a message, by both readers, and the last file's
// events keep their file.
func TestTooManyFiles(t *testing.T) {
	const in = "case_id;event;date\nA1;beslut;2026-01-01\n"
	for _, parallel := range []bool{false, true} {
		b := NewBuilder(audit.NewVocabulary())
		b.ds.Files = make([]string, audit.MaxFiles-1)
		b.fileRejected = make([]int, audit.MaxFiles-1)
		readWith(t, b, parallel, "last.csv", in)
		if got := b.ds.Cases[0].Events[0].Source(); got.File != audit.MaxFiles-1 || got.Line != 2 {
			t.Errorf("parallel %v: event source %+v, want file %d line 2", parallel, got, audit.MaxFiles-1)
		}
		var err error
		if parallel {
			err = b.ReadFileAt("more.csv", strings.NewReader(in), int64(len(in)), 2)
		} else {
			err = b.ReadFile("more.csv", strings.NewReader(in))
		}
		if err == nil || !strings.Contains(err.Error(), "more.csv: too many input files") {
			t.Errorf("parallel %v: error %v, want too many input files", parallel, err)
		}
	}
}

// TestRegisteredFar: registration dates far from the event's date are kept in the case
// and survive both readers, blocks that split a case, sorting and details on the same
// event.
func TestRegisteredFar(t *testing.T) {
	in := "case_id;event;date;registered;details\n" +
		"A;beslut;2026-01-01;2027-06-01;\n" +
		"B;beslut;2026-01-05;2026-01-06;\n" +
		"A;ickeval_tilldelad;2026-01-02;2020-01-01;omrade=Norr\n" +
		"A;avslut;2026-02-01;2026-02-03;\n" +
		"B;avslut;2026-03-01;;\n"
	want := map[string]string{
		"A beslut 2026-01-01":            "2027-06-01",
		"A ickeval_tilldelad 2026-01-02": "2020-01-01",
		"A avslut 2026-02-01":            "2026-02-03",
		"B beslut 2026-01-05":            "2026-01-06",
		"B avslut 2026-03-01":            "",
	}
	defer func(n int) { blockSize = n }(blockSize)
	for _, block := range []int{1 << 20, 40} {
		for _, parallel := range []bool{false, true} {
			vocab := audit.NewVocabulary()
			b := NewBuilder(vocab)
			var err error
			if parallel {
				blockSize = block
				err = b.ReadFileAt("reg.csv", strings.NewReader(in), int64(len(in)), 2)
			} else {
				err = b.ReadFile("reg.csv", strings.NewReader(in))
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, c := range b.Dataset().Cases {
				for i := range c.Events {
					e := &c.Events[i]
					reg := ""
					if d := c.Registered(e); d != audit.NoDate {
						reg = d.String()
					}
					got[c.ID()+" "+vocab.Name(e.Code)+" "+e.Date.String()] = reg
				}
				if c.ID() == "A" {
					if v, _ := c.Detail(&c.Events[1], "omrade"); v != "Norr" {
						t.Errorf("block %d, parallel %v: details of A's second event %q", block, parallel, v)
					}
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("block %d, parallel %v: registration dates\n%v\nwant\n%v", block, parallel, got, want)
			}
		}
	}
}
