package routinefile

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
)

const validRoutine = `routine: test
title: "Test"
source: doc.txt
rules:
  - id: T-01
    title: "Bekräftelse"
    responsible: utförare
    from: bestallning_registrerad
    to: bestallning_bekraftad
    deadline: "3 vardagar"
    source: {document: doc.txt, quote: "inom tre vardagar"}
`

func TestLoadValid(t *testing.T) {
	rts, err := Load([]File{{"ok.yaml", []byte(validRoutine)}}, audit.NewVocabulary(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := rts[0].Rules[0]
	if r.ID != "T-01" || r.Kind != audit.KindDuration || r.Deadline.String() != "3 vardagar" || !r.RollForward || r.Routine != rts[0] {
		t.Errorf("rule = %+v", r)
	}
}

// TestLoadErrors: every kind of mistake is reported with file:line:column, all at once,
// with a suggestion where a name is misspelt.
func TestLoadErrors(t *testing.T) {
	broken := `routine: test
title: "Test"
source: doc.txt
rules:
  - id: T-01
    title: "Bekräftelse"
    from: bestalning_mottagen
    to: bestallning_bekraftad
    deadline: "3 vardar"
    roll_foward: true
    source: {document: doc.txt, quote: "x"}
  - id: T-01
    title: "Dubblett"
    from: beslut
    to: uppfoljning
    deadline: "1 månad"
  - id: T-03
    title: "Fel sort"
    kind: recurrent
    from: beslut
    to: uppfoljning
    deadline: "minst en gång per år"
    source: {document: doc.txt, quote: "y"}
`
	_, err := Load([]File{{"broken.yaml", []byte(broken)}}, audit.NewVocabulary(), Options{})
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v is not Problems", err)
	}
	want := []string{
		`broken.yaml:7:11: rule "T-01": field 'from': unknown event 'bestalning_mottagen'; did you mean 'bestallning_mottagen'?`,
		`broken.yaml:9:15: rule "T-01": field 'deadline': bad deadline expression "3 vardar": at "vardar": expected a unit: dagar, vardagar, arbetsdagar, veckor or månader (did you mean vardagar?)`,
		`broken.yaml:10:5: rule "T-01": unknown field 'roll_foward'; did you mean 'roll_forward'?`,
		`broken.yaml:12:9: rule "T-01": duplicate rule id (first defined at broken.yaml:5:9)`,
		`broken.yaml:12:5: rule "T-01": field 'source' is missing: every rule must cite its source document and quote the sentence it comes from`,
		`broken.yaml:19:11: rule "T-03": field 'kind': unknown kind 'recurrent'; did you mean 'recurring'?`,
	}
	got := map[string]bool{}
	for _, p := range ps {
		got[p.String()] = true
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("missing problem:\n  %s\ngot:\n  %s", w, strings.Join(strings.Split(err.Error(), "\n"), "\n  "))
		}
	}
}

// TestOwnInsatsCodes: an insats code of one's own, not close to a known one, is fine.
func TestOwnInsatsCodes(t *testing.T) {
	y := "routine: a\ntitle: t\nsource: s\ninsats: [hemtjanst, personlig_assistans, avlastning_2]\nrules:\n  - {id: A-1, title: t, from: beslut, to: uppfoljning, deadline: \"3 dagar\", when: {insats: [personlig_assistans]}, source: {document: d, quote: q}}\n"
	if _, err := Load([]File{{"x.yaml", []byte(y)}}, audit.NewVocabulary(), Options{}); err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{"Hemtjänst": "hemtjanst", " Vård- och  omsorgsboende ": "vard_och_omsorgsboende", "matdistribution": "matdistribution", "Boende-stöd": "boende_stod"} {
		if got := audit.InsatsCode(in); got != want {
			t.Errorf("InsatsCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLoadStructuralErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"NotYAML", "routine: [", "x.yaml:1:1: not valid YAML"},
		{"Empty", "", "x.yaml: the file is empty"},
		{"NoRules", "routine: a\ntitle: t\nsource: s\n", "no rules"},
		{"RecurringNeedsPeriod", "routine: a\ntitle: t\nsource: s\nrules:\n  - {id: A-1, title: t, kind: recurring, from: beslut, to: uppfoljning, deadline: \"3 dagar\", source: {document: d, quote: q}}\n", `a recurring rule needs "minst en gång per`},
		{"PrecedenceNoDeadline", "routine: a\ntitle: t\nsource: s\nrules:\n  - {id: A-1, title: t, kind: precedence, from: beslut, to: uppfoljning, deadline: \"3 dagar\", source: {document: d, quote: q}}\n", "field 'deadline' has no meaning for a precedence rule"},
		{"EscalationNeedsUnless", "routine: a\ntitle: t\nsource: s\nrules:\n  - {id: A-1, title: t, kind: escalation, from: beslut, to: uppfoljning, deadline: \"3 dagar\", source: {document: d, quote: q}}\n", "a escalation rule needs field 'unless'"},
		{"BadFrequency", "routine: a\ntitle: t\nsource: s\nrules:\n  - {id: A-1, title: t, from: beslut, to: uppfoljning, deadline: \"3 dagar\", when: {frequency: [dagligen]}, source: {document: d, quote: q}}\n", "unknown frequency 'dagligen'"},
		{"InsatsNotACode", "routine: a\ntitle: t\nsource: s\ninsats: [hemtjanst, Matdistribution]\nrules:\n  - {id: A-1, title: t, from: beslut, to: uppfoljning, deadline: \"3 dagar\", source: {document: d, quote: q}}\n", `x.yaml:4:21: routine file: field 'insats': insats "Matdistribution" is not written as an insats code; write "matdistribution"`},
		{"InsatsWhenSwedish", "routine: a\ntitle: t\nsource: s\nrules:\n  - {id: A-1, title: t, from: beslut, to: uppfoljning, deadline: \"3 dagar\", when: {insats: [Vård- och omsorgsboende]}, source: {document: d, quote: q}}\n", `write "vard_och_omsorgsboende"`},
		{"InsatsTypo", "routine: a\ntitle: t\nsource: s\ninsats: [matdistrubution]\nrules:\n  - {id: A-1, title: t, from: beslut, to: uppfoljning, deadline: \"3 dagar\", source: {document: d, quote: q}}\n", `unknown insats code "matdistrubution"; did you mean 'matdistribution'?`},
		{"TestFile", "routines: [paraply]\ntests:\n  - name: x\n", "x.yaml:2:1: this is a routine test file, not a routine file (it has 'tests:' and no 'rules:'); run it with: rutinkoll routines test x.yaml"},
		{"BadClosedDay", "routine: a\ntitle: t\nsource: s\ncalendar: {closed_days: [{date: 2026-02-30}]}\nrules:\n  - {id: A-1, title: t, from: beslut, to: uppfoljning, deadline: \"3 dagar\", source: {document: d, quote: q}}\n", `day out of range`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load([]File{{"x.yaml", []byte(tc.yaml)}}, audit.NewVocabulary(), Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestCustomEventsAndCalendar(t *testing.T) {
	y := `routine: egen
title: "Egen rutin"
source: egen.docx
events:
  ledig_lagenhet: "ledig lägenhet anmäld"
calendar:
  closed_days:
    - {date: 2026-05-15, name: "klämdag"}
rules:
  - id: EGEN-01
    title: "Ledig lägenhet erbjuds"
    from: ledig_lagenhet
    to: erbjudande
    deadline: "2 arbetsdagar"
    source: {document: egen.docx, quote: "erbjuds inom två arbetsdagar"}
`
	vocab := audit.NewVocabulary()
	rts, err := Load([]File{{"egen.yaml", []byte(y)}}, vocab, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := vocab.Lookup("ledig_lagenhet"); !ok {
		t.Fatal("custom event not added to the vocabulary")
	}
	r := rts[0].Rules[0]
	due := r.Deadline.Due(audit.MustDate("2026-05-13"), rts[0].Calendars, r.RollForward)
	// 2026-05-13 + 2 arbetsdagar: (14 Kristi himmelfärd, 15 klämdag, 16, 17), 18, 19
	if due != audit.MustDate("2026-05-19") {
		t.Errorf("due %s, want 2026-05-19", due)
	}
	// The routine's own closed day is marked as its own; the municipality's is not, nor
	// is a day both close.
	kommun := audit.Holiday{Date: audit.MustDate("2026-12-23"), Name: "kommunens klämdag"}
	rts, err = Load([]File{{"egen.yaml", []byte(y)}}, audit.NewVocabulary(), Options{ClosedDays: []audit.Holiday{kommun}})
	if err != nil {
		t.Fatal(err)
	}
	cals := rts[0].Calendars
	if !slices.Equal(cals.Own, []audit.Date{audit.MustDate("2026-05-15")}) || cals.Arbetsdag.IsVardag(kommun.Date) {
		t.Errorf("own closed days %v; kommun's day a vardag: %v", cals.Own, cals.Arbetsdag.IsVardag(kommun.Date))
	}
	both := audit.Holiday{Date: audit.MustDate("2026-05-15"), Name: "klämdag"}
	if rts, err = Load([]File{{"egen.yaml", []byte(y)}}, audit.NewVocabulary(), Options{ClosedDays: []audit.Holiday{both}}); err != nil {
		t.Fatal(err)
	}
	if own := rts[0].Calendars.Own; len(own) != 0 {
		t.Errorf("a day the calendar file also closes counted as the routine's own: %v", own)
	}
}

func TestApplyPolicy(t *testing.T) {
	y := strings.Replace(validRoutine, `deadline: "3 vardagar"`, `deadline: "omgående"`, 1)
	rts, err := Load([]File{{"ok.yaml", []byte(y)}}, audit.NewVocabulary(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ApplyPolicy(File{"policy.yaml", []byte("rules:\n  T-01: {deadline: \"2 vardagar\", note: \"nämndbeslut\"}\n")}, rts); err != nil {
		t.Fatal(err)
	}
	if d, local := rts[0].Rules[0].EffectiveDeadline(); !local || d.String() != "2 vardagar" {
		t.Errorf("policy not applied: %s %v", d, local)
	}
	err = ApplyPolicy(File{"policy.yaml", []byte("rules:\n  T-02: {deadline: \"2 vardagar\"}\n")}, rts)
	if err == nil || !strings.Contains(err.Error(), "policy.yaml:2:") || !strings.Contains(err.Error(), "did you mean 'T-01'") {
		t.Errorf("unknown rule in policy: %v", err)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(validRoutine))
	f.Add([]byte("routine: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rts, err := Load([]File{{"f.yaml", data}}, audit.NewVocabulary(), Options{})
		if err == nil && len(rts) != 1 {
			t.Fatalf("no error but %d routines", len(rts))
		}
	})
}

// TestParseCalendarOfRoutineFile: a routine file given as a calendar file gives its
// calendar: block; one without that block says what a calendar file is.
func TestParseCalendarOfRoutineFile(t *testing.T) {
	with := "routine: a\ntitle: t\nsource: s\ncalendar:\n  closed_days:\n    - {date: 2026-05-15, name: klämdag}\nrules: []\n"
	days, err := ParseCalendar(File{"r.yaml", []byte(with)})
	if err != nil || len(days) != 1 || days[0].Date != audit.MustDate("2026-05-15") || days[0].Name != "klämdag" {
		t.Fatalf("got %v, %v", days, err)
	}
	bad := "routine: a\ntitle: t\nsource: s\ncalendar:\n  closed_days:\n    - {date: 2026-02-30}\nrules: []\n"
	if _, err := ParseCalendar(File{"r.yaml", []byte(bad)}); err == nil || !strings.Contains(err.Error(), "r.yaml:6:") {
		t.Errorf("bad day in a routine's calendar: %v", err)
	}
	without := "routine: a\ntitle: t\nsource: s\nrules: []\n"
	if _, err := ParseCalendar(File{"r.yaml", []byte(without)}); err == nil || !strings.Contains(err.Error(), "routine file without a calendar: block") {
		t.Errorf("routine file without calendar: %v", err)
	}
}

// TestCalendarMistakes: the mistakes a calendar file is written with are named at their
// line: a bare date, a date twice, a weekend day, a missing date; a good file reads.
func TestCalendarMistakes(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Good", "closed_days:\n  - {date: 2026-05-15, name: klämdag}\n  - {date: 2026-06-05}\n", ""},
		{"BareDate", "closed_days:\n  - 2026-05-15\n", "cal.yaml:2:5: calendar file: closed day: write it with its name, as in - {date: 2026-05-15, name: klämdag}"},
		{"Twice", "closed_days:\n  - {date: 2026-05-15, name: a}\n  - {date: 2026-05-15, name: b}\n", "cal.yaml:3:12: calendar file: closed day: 2026-05-15 is listed twice (first on line 2): keep one"},
		{"Saturday", "closed_days:\n  - {date: 2026-05-16, name: lördag}\n", "cal.yaml:2:12: calendar file: closed day: 2026-05-16 is a lördag, never an arbetsdag anyway: correct the date, or remove the line"},
		{"NoDate", "closed_days:\n  - {name: klämdag}\n", "cal.yaml:2:5: calendar file: closed day: field 'date' is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			days, err := ParseCalendar(File{"cal.yaml", []byte(tt.in)})
			if tt.want == "" {
				if err != nil || len(days) != 2 || days[1].Name != "stängd dag" {
					t.Fatalf("%v %v", days, err)
				}
				return
			}
			if err == nil || err.Error() != tt.want {
				t.Errorf("error\n%v\nwant\n%s", err, tt.want)
			}
		})
	}
}

// TestTargetBeforeStart: the field takes datafel, i_tid or ignore; anything else is
// named with the three.
func TestTargetBeforeStart(t *testing.T) {
	with := func(v string) string {
		return strings.Replace(validRoutine, "    deadline:", "    target_before_start: "+v+"\n    deadline:", 1)
	}
	for v, want := range map[string]audit.BeforeStart{"datafel": audit.BeforeStartDatafel, "i_tid": audit.BeforeStartInTime, "ignore": audit.BeforeStartIgnore} {
		rts, err := Load([]File{{"ok.yaml", []byte(with(v))}}, audit.NewVocabulary(), Options{})
		if err != nil || rts[0].Rules[0].BeforeStart != want {
			t.Errorf("%s: %v %v", v, err, err == nil && rts[0].Rules[0].BeforeStart != want)
		}
	}
	_, err := Load([]File{{"bad.yaml", []byte(with("itid"))}}, audit.NewVocabulary(), Options{})
	if err == nil || !strings.Contains(err.Error(), `bad.yaml:10:26: rule "T-01": field 'target_before_start': unknown value "itid"; expected datafel (the default), i_tid`) {
		t.Errorf("got %v", err)
	}
}

// TestTooManyEventCodes: an event holds its code in one byte, so the routines can add
// codes only up to audit.MaxEventCodes; one more is a problem in the file, not a crash.
func TestTooManyEventCodes(t *testing.T) {
	var y strings.Builder
	y.WriteString("routine: manga\ntitle: \"Många\"\nsource: doc.txt\nevents:\n")
	room := audit.MaxEventCodes - len(audit.BuiltinEvents)
	for i := range room + 1 {
		fmt.Fprintf(&y, "  egen_%03d: \"egen händelse %d\"\n", i, i)
	}
	y.WriteString(strings.TrimPrefix(validRoutine, "routine: test\ntitle: \"Test\"\nsource: doc.txt\n"))
	vocab := audit.NewVocabulary()
	_, err := Load([]File{{"manga.yaml", []byte(y.String())}}, vocab, Options{})
	if err == nil || !strings.Contains(err.Error(), "manga.yaml:220:3: events: code 'egen_215'") || !strings.Contains(err.Error(), "is one too many: the routines together can use at most 255 event codes") {
		t.Fatalf("error = %v, want one naming the events of manga.yaml and the limit", err)
	}
	if vocab.Len() != audit.MaxEventCodes || !vocab.Full() {
		t.Errorf("vocabulary holds %d codes (full %v), want %d", vocab.Len(), vocab.Full(), audit.MaxEventCodes)
	}
}
