package canonical

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
)

// templateFile returns a canonical file of cases whose rows mostly follow one another,
// as exports list them, with what a template must not take for a row of its case
// sprinkled in: CRLF, empty lines, registration dates empty, valid and not, unknown and
// padded event codes, quoted fields (with "" and line breaks) before and after the
// three columns, details that change, lone CRs, rows a field short or long, invalid
// UTF-8 (when bad is set), and a case that stops and comes back.
func templateFile(r *rand.Rand, header string, cases int, bad bool) string {
	var sb strings.Builder
	sb.WriteString(header)
	events := []string{"beslut", "bestallning_mottagen", "insats_paborjad", "uppfoljning", "avslut"}
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	for ci := 0; ci < cases; ci++ {
		id := fmt.Sprintf("C%d", r.IntN(cases*2/3+1)) // some ids come back later
		if r.IntN(9) == 0 {
			id = `"` + id + `, x"`
		}
		person := pick("P1", "P-2", "", `"P ""3"""`)
		utf := pick("Hemtjänst Öst", `"Omsorg, Älvsjö AB"`, "", "Nordic Care Örby")
		if r.IntN(8) == 0 {
			utf = `"Omsorg` + "\n" + `Åkersberga"`
		}
		tail := fmt.Sprintf("%s;%s;%s;%s", pick("varje_manad", "", "varje_vecka"), pick("", "ny_kund"), pick("M", "K", "", "M"), pick("19680506-T949", ""))
		for row, n := 0, 1+r.IntN(14); row < n; row++ {
			ev := events[r.IntN(len(events))]
			switch r.IntN(40) {
			case 0:
				ev = "okand_handelse"
			case 1:
				ev = " " + ev
			case 2:
				ev = `"` + ev + `"`
			case 3:
				ev = ""
			}
			date := fmt.Sprintf("2026-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
			switch r.IntN(40) {
			case 0:
				date = "2026-13-01"
			case 1:
				date += " "
			case 2:
				date = "2026-1-01"
			}
			reg := pick("", "", date, "2027-06-01")
			if r.IntN(20) == 0 {
				reg = pick("2026-02-30", "2026-01-0", " 2026-01-01", "2026-01-011")
			}
			details := ""
			switch r.IntN(24) {
			case 0:
				details = "omrade=N"
			case 1:
				details = `"vistelseort=Danderyds sjukhus, avd 63"`
			case 2:
				details = "x\r"
			}
			switch r.IntN(30) {
			case 0:
				tail = fmt.Sprintf("%s;;%s;", pick("varje_manad", ""), pick("M", "K")) // a value changes mid-case
			case 1:
				tail = "varje_manad;;x;" // a gender fastRow does not know: rejected
			}
			line := fmt.Sprintf("%s;%s;hemtjanst;%s;Enhet Söder;Solna;%s;%s;%s;%s;%s", id, person, utf, ev, date, reg, tail, details)
			switch r.IntN(60) {
			case 0:
				line += ";extra" // a field too many
			case 1:
				line = strings.Replace(line, ";Solna", "", 1) // a field short
			case 2:
				if bad {
					line = strings.Replace(line, "Söder", "S\xf6der", 1) // Windows-1252 in UTF-8
				}
			}
			sb.WriteString(line)
			switch r.IntN(10) {
			case 0:
				sb.WriteString("\r\n")
			case 1:
				sb.WriteString("\n\n") // an empty line
			default:
				sb.WriteString("\n")
			}
		}
	}
	out := sb.String()
	if r.IntN(2) == 0 {
		out = strings.TrimSuffix(out, "\n") // the last row without a line ending
	}
	return out
}

// TestTemplateRowsMatchReadFile: reading rows by the template of the row before gives
// exactly what ReadFile gives, rows, cases, sources, rejections and errors, for
// random grouped files, block sizes and workers; and the template does read most rows.
func TestTemplateRowsMatchReadFile(t *testing.T) {
	var read atomic.Int64
	templateRead = func(n int) { read.Add(int64(n)) }
	defer func(p int) { templateRead, tplPause = nil, p }(tplPause)
	tplPause = 0 // templates in every block, however few rows they read
	const header = "case_id;person;insats;utforare;enhet;kommun;event;date;registered;frequency;flags;gender;ivo_code;details\n"
	r := rand.New(rand.NewPCG(7, 11))
	rows := 0
	for i := 0; i < 60; i++ {
		in := templateFile(r, header, 20+r.IntN(200), i%10 == 9)
		rows += strings.Count(in, "\n")
		checkReadFile(t, in, []int{16, 100, 700, 4096, 1 << 20}[i%5])
	}
	// Most rows are made to fail a template or to follow one that failed, and blocks
	// of 16 and 100 bytes hold a row or two; thousands must still go through it.
	if got := read.Load(); got < int64(rows)/10 {
		t.Fatalf("templates read %d of %d rows: the test does not exercise them", got, rows)
	}
}

// TestTemplateNeedsTheColumnsInOrder: templates are used only where event, date and
// registered are adjacent in that order; elsewhere the result is the same.
func TestTemplateNeedsTheColumnsInOrder(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"case_id;event;date;registered\n", true},
		{"case_id;event;date;registered;details\n", true},
		{"event;date;registered;case_id\n", true},
		{"case_id;date;event;registered\n", false},
		{"case_id;event;date\n", false},
		{"case_id;event;x;date;registered\n", false},
	}
	for _, tc := range tests {
		hdr := strings.Split(strings.TrimSuffix(tc.header, "\n"), ";")
		ix := newRowIndex(hdr)
		if got := templated(&ix); got != tc.want {
			t.Errorf("%q: templated %v, want %v", tc.header, got, tc.want)
		}
		var sb strings.Builder
		sb.WriteString(tc.header)
		for i := 0; i < 50; i++ {
			vals := map[string]string{"case_id": fmt.Sprintf("A%d", i/7), "event": []string{"beslut", "avslut"}[i%2], "date": fmt.Sprintf("2026-01-%02d", 1+i%28), "registered": "", "details": "", "x": "y"}
			var f []string
			for _, h := range hdr {
				f = append(f, vals[h])
			}
			sb.WriteString(strings.Join(f, ";") + "\n")
		}
		checkReadFile(t, sb.String(), 64)
	}
}

// TestTemplateRows: the rows after a template row are read by it only while they are
// rows of its case with its values; the first row that is not goes to the Reader.
func TestTemplateRows(t *testing.T) {
	const header = "case_id;person;event;date;registered;gender;details\n"
	tests := []struct {
		name string
		rows string
		want int // rows read by the template
	}{
		{"same case", "A;P;beslut;2026-01-01;;M;\nA;P;beslut;2026-01-02;2026-01-03;M;\nA;P;beslut;2026-01-04;;M;\n", 2},
		{"CRLF", "A;P;beslut;2026-01-01;;M;\r\nA;P;beslut;2026-01-02;;M;\r\nA;P;beslut;2026-01-02;;M;\n", 2},
		{"other case", "A;P;beslut;2026-01-01;;M;\nB;P;beslut;2026-01-02;;M;\n", 0},
		{"other tail", "A;P;beslut;2026-01-01;;M;\nA;P;beslut;2026-01-02;;K;\n", 0},
		{"details kept", "A;P;beslut;2026-01-01;;M;x=1\nA;P;beslut;2026-01-02;;M;x=1\n", 1},
		{"unknown code", "A;P;beslut;2026-01-01;;M;\nA;P;nej;2026-01-02;;M;\nA;P;beslut;2026-01-03;;M;\n", 0},
		{"code not seen yet", "A;P;beslut;2026-01-01;;M;\nA;P;avslut;2026-01-02;;M;\nA;P;beslut;2026-01-03;;M;\nA;P;avslut;2026-01-04;;M;\n", 2},
		{"bad date", "A;P;beslut;2026-01-01;;M;\nA;P;beslut;2026-02-30;;M;\nA;P;beslut;2026-01-03;;M;\n", 0},
		{"bad registered", "A;P;beslut;2026-01-01;;M;\nA;P;beslut;2026-01-02;2026-1-03;M;\n", 0},
		{"date run on", "A;P;beslut;2026-01-01;;M;\nA;P;beslut;2026-01-02X2026-01-03;M;\n", 0},
		{"padded registered", "A;P;beslut;2026-01-01;;M;\nA;P;beslut;2026-01-02; 2026-01-03;M;\n", 0},
		{"lone CR", "A;P;beslut;2026-01-01;;M;\nA;P;beslut;2026-01-02;;M;\rx\n", 0},
		{"no line ending", "A;P;beslut;2026-01-01;;M;\nA;P;beslut;2026-01-02;;M;", 0},
		{"quoted before", "\"A;1\";P;beslut;2026-01-01;;M;\n\"A;1\";P;beslut;2026-01-02;;M;\n", 1},
		{"quoted code", "A;P;\"beslut\";2026-01-01;;M;\nA;P;beslut;2026-01-02;;M;\nA;P;beslut;2026-01-03;;M;\n", 1},
		{"line break before", "\"A\n1\";P;beslut;2026-01-01;;M;\n\"A\n1\";P;beslut;2026-01-02;;M;\n", 0},
		{"CR CR LF", "A;P;beslut;2026-01-01;;M;x\r\r\nA;P;beslut;2026-01-02;;M;x\r\nA;P;beslut;2026-01-03;;M;x\r\n", 1},
		{"empty line", "A;P;beslut;2026-01-01;;M;\n\nA;P;beslut;2026-01-02;;M;\nA;P;beslut;2026-01-03;;M;\n", 1},
	}
	defer func() { templateRead = nil }()
	for _, tc := range tests {
		n := 0
		templateRead = func(rows int) { n += rows }
		in := header + tc.rows
		checkReadFile(t, in, 1<<20) // one block, one worker for this size
		if n != tc.want {
			t.Errorf("%s: %d rows read by the template, want %d", tc.name, n, tc.want)
		}
	}
}

// TestTemplateOddVocabularyCodes: a vocabulary may hold codes the CSV reader would not
// read as one unquoted field (a quote, a line break, a space): rows holding them are
// read as ReadFile reads them, never by a template.
func TestTemplateOddVocabularyCodes(t *testing.T) {
	defer func(p int) { tplPause = p }(tplPause)
	tplPause = 0
	for _, tc := range []struct{ code, in string }{
		{`a"b`, "case_id;event;date;registered\nA;\"a\"\"b\";2026-01-01;\nA;beslut;2026-01-02;\nA;a\"b;2026-01-03;\nA;beslut;2026-01-04;\n"},
		{"a\nb", "case_id;event;date;registered\nA;\"a\nb\";2026-01-01;\nA;beslut;2026-01-02;\nA;a\nb;2026-01-03;\nA;beslut;2026-01-04;\n"},
		{" c", "case_id;event;date;registered\nA;\" c\";2026-01-01;\nA;beslut;2026-01-02;\nA; c;2026-01-03;\nA;beslut;2026-01-04;\n"},
	} {
		vocab := func() *audit.Vocabulary {
			v := audit.NewVocabulary()
			v.Add(audit.EventType{Code: tc.code})
			return v
		}
		seq := NewBuilder(vocab())
		err := seq.ReadFile("f.csv", strings.NewReader(tc.in))
		par := NewBuilder(vocab())
		perr := par.ReadFileAt("f.csv", strings.NewReader(tc.in), int64(len(tc.in)), 1)
		if (err == nil) != (perr == nil) || err != nil && err.Error() != perr.Error() {
			t.Errorf("code %q: ReadFile %v, ReadFileAt %v", tc.code, err, perr)
			continue
		}
		if err == nil && (!reflect.DeepEqual(seq.Dataset(), par.Dataset()) || !reflect.DeepEqual(seq.Stats, par.Stats) || !reflect.DeepEqual(seq.Rejected, par.Rejected)) {
			t.Errorf("code %q: ReadFileAt differs from ReadFile", tc.code)
		}
	}
	var tab codeTable
	for _, name := range []string{`a"b`, "a\nb", " c", "d ", "e\tf", "ö"} {
		tab.add(name, 1)
		if _, ok := tab.lookup([]byte(name)); ok {
			t.Errorf("%q is in the code table", name)
		}
	}
}
