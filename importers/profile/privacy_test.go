package profile

import (
	"strings"
	"testing"
)

// No personnummer reaches the Dataset, a rejection, a duplicate, an error or a check
// report, whatever column it turns up in. run() checks every output of every test
// for anything shaped like a personnummer; these cases put numbers where they do
// not belong.
func TestPersonnummerNeverInOutputs(t *testing.T) {
	long := mustParse(t, longProfile)
	pseudo := mustParse(t, strings.Replace(longProfile, "person: Personnummer", "person_pseudonym: Personnummer", 1))
	header := "Ärende;Personnummer;Insats;Utförare;Händelse;Datum;Kommentar\n"
	tests := []struct {
		name     string
		p        *Profile
		rows     string
		rejected int
		reason   string // of the first rejection
		redacted int
	}{
		{"invalid check digit", long, "A-1;19121212-1213;Hemtjänst;;Beslut;2026-01-05;\n", 1, "the personnummer is not valid (check digit)", 0},
		{"invalid date", long, "A-1;19121232-1212;Hemtjänst;;Beslut;2026-01-05;\n", 1, "the personnummer is not valid (date of birth)", 0},
		{"ten digits, invalid", long, "A-1;1212121213;Hemtjänst;;Beslut;2026-01-05;\n", 1, "the personnummer is not valid", 0},
		{"garbage", long, "A-1;19121212-12X2;Hemtjänst;;Beslut;2026-01-05;\n", 1, "the personnummer is not valid (format)", 0},
		{"case id is the personnummer", long, "19121212-1212;19121212-1212;Hemtjänst;;Beslut;2026-01-05;\n", 1, "Ärende (the case id) is a personnummer", 0},
		{"case id is a personnummer, no person column", pseudo, "191212121212;P-1;Hemtjänst;;Beslut;2026-01-05;\n", 1, "Ärende (the case id) is a personnummer", 0},
		{"pseudonym column holds a personnummer", pseudo, "A-1;19121212-1212;Hemtjänst;;Beslut;2026-01-05;\n", 1, "Personnummer holds a personnummer, not a pseudonym", 0},
		{"in a date column", long, "A-1;19121212-1212;Hemtjänst;;Beslut;19121212-1212;\n", 1, `Datum "[personnummer dolt]": not a date`, 0},
		{"in an event column", long, "A-1;19121212-1212;Hemtjänst;;19121212-1212;2026-01-05;\n", 1, `Händelse "[personnummer dolt]" is not in the profile's list`, 0},
		{"in free text", long, "A-1;19121212-1212;Hemtjänst;Hemtjänst 19121212-1212 Öst;Beslut;2026-01-05;ring 121212-1212 före\n", 0, "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRun(t, tt.p, BytesInput("p.csv", []byte(header+tt.rows)))
			if len(res.Rejected) != tt.rejected {
				t.Fatalf("%d rejected, want %d: %v", len(res.Rejected), tt.rejected, res.Rejected)
			}
			if tt.rejected > 0 {
				r := res.Rejected[0]
				if !strings.Contains(r.Reason, tt.reason) {
					t.Errorf("reason %q, want …%s…", r.Reason, tt.reason)
				}
			}
			if got := res.Files[0].Redacted; got != tt.redacted {
				t.Errorf("redacted %d, want %d", got, tt.redacted)
			}
			if tt.redacted > 0 {
				c := res.Dataset.Cases[0]
				if c.Utforare.String() != "Hemtjänst [personnummer dolt] Öst" || c.DetailsOf(&c.Events[0]) != "kommentar=ring [personnummer dolt] före" {
					t.Errorf("case %+v", c)
				}
			}
		})
	}
}

// header_row pointing at a data row: the "headers" in the error are data; the number
// in them is hidden.
func TestPersonnummerNotInMismatchError(t *testing.T) {
	data := "Ärende;Personnummer;Insats;Händelse;Datum\nA-1;19121212-1212;Hemtjänst;Beslut;2026-01-05\nA-1;19121212-1212;Hemtjänst;Påbörjad;2026-01-07\n"
	p := mustParse(t, strings.Replace(longProfile, "shape: long", "shape: long\nheader_row: 2", 1))
	_, err := run(t, p, BytesInput("m.csv", []byte(data)))
	if err == nil || !strings.Contains(err.Error(), `"[personnummer dolt]"`) {
		t.Fatalf("got %v", err)
	}
	rep := Check(p, BytesInput("m.csv", []byte(data)), CheckOptions{Today: testToday})
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	assertNoPersonnummer(t, "check report", b.String())
}

func TestRedact(t *testing.T) {
	for _, tt := range []struct {
		in     string
		strict bool
		want   string
	}{
		{"19121212-1212", true, hiddenNumber},
		{"191212121212", true, hiddenNumber},
		{"121212-1212", true, hiddenNumber},
		{"121212+1212", true, hiddenNumber},
		{"1212121212", true, hiddenNumber},
		{"x 19121212-1212, 19121212-1246.", true, "x " + hiddenNumber + ", " + hiddenNumber + "."},
		{"19121212-1213", true, "19121212-1213"}, // wrong check digit: kept in data…
		{"19121212-1213", false, hiddenNumber},   // …hidden in messages
		{"2026-01-05", false, "2026-01-05"},
		{"B-2026-0101", false, "B-2026-0101"},
		{"1234567890123", false, "1234567890123"},
		{"20260105 1530", false, "20260105 1530"},
		{"0701234567", false, hiddenNumber}, // a phone number with a possible date: hidden in messages
		{"0731234567", false, "0731234567"}, // day 31 in month 73? no date
		{"19121272-1219", true, hiddenNumber},
	} {
		if got := redact(tt.in, tt.strict, testToday); got != tt.want {
			t.Errorf("redact(%q, %v) = %q, want %q", tt.in, tt.strict, got, tt.want)
		}
	}
}
