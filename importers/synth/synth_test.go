package synth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/routinefile"
	"github.com/rutinkoll/rutinkoll/audit/routines"
	"github.com/rutinkoll/rutinkoll/importers/person"
	"github.com/rutinkoll/rutinkoll/importers/profile"
)

// testKey is the fixed pseudonym key of the tests; the personnummer are synthetic.
const testKey = "synth-test-key-0123456789"

// testToday is "today" for personnummer checks, fixed so the tests do not depend on
// the clock.
var testToday = time.Date(2026, time.November, 24, 0, 0, 0, 0, time.UTC)

// loaded returns the embedded routines in a fresh vocabulary.
func loaded(t testing.TB) ([]*audit.Routine, *audit.Vocabulary) {
	t.Helper()
	vocab := audit.NewVocabulary()
	rts, err := routines.Load(vocab, routinefile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rts, vocab
}

// audited imports res's export with its profile and evaluates it with the embedded
// routines as of the truth's brytdatum, returning the import and the verdicts by
// (case id, rule id).
func audited(t testing.TB, p *profile.Profile, res *Result) (*profile.Result, map[[2]string]Truth) {
	t.Helper()
	rts, vocab := loaded(t)
	ps, err := person.NewPseudonymizer([]byte(testKey))
	if err != nil {
		t.Fatal(err)
	}
	imp, err := profile.Import(context.Background(), []profile.Input{profile.BytesInput(res.FileName, res.Export)}, p, vocab,
		profile.Options{Pseudonymizer: ps, Today: testToday})
	if err != nil {
		t.Fatalf("import of the generated %s export failed: %v", p.Name, err)
	}
	out := audit.Evaluate(imp.Dataset, rts, audit.Options{Asof: res.Asof})
	got := map[[2]string]Truth{}
	for _, v := range out.Verdicts {
		c := &imp.Dataset.Cases[v.Case]
		got[[2]string{c.ID(), out.Rules[v.Rule].ID}] = Truth{Status: v.Status, Days: int(v.Days), Start: v.Start, Deadline: v.Deadline, EventDate: v.EventDate}
	}
	return imp, got
}

type variant struct {
	name   string
	format profile.Format
	p      *profile.Profile
}

// variants are the built-in profiles, the auto-format ones also as Excel, and a
// profile that reads only Excel.
func variants(t testing.TB) []variant {
	var out []variant
	for _, p := range profile.BuiltIn() {
		out = append(out, variant{p.Name, profile.FormatAuto, p})
		if p.Format == profile.FormatAuto {
			out = append(out, variant{p.Name + "-xlsx", profile.FormatXLSX, p})
		}
	}
	gw, err := profile.Lookup("generic-wide")
	if err != nil {
		t.Fatal(err)
	}
	y := strings.Replace(string(gw.YAML), "format: auto", "format: xlsx\nsheet: Ärenden", 1)
	y = strings.Replace(y, "name: generic-wide", "name: excel-wide", 1)
	y = strings.Replace(y, "header_row: 1", "header_row: 3", 1)
	y = strings.Replace(y, `date_formats: ["2006-01-02"]`, `date_formats: ["02.01.2006", "YYYY-MM-DD hh:mm"]`, 1)
	xp, err := profile.Parse("excel-wide.yaml", []byte(y))
	if err != nil {
		t.Fatalf("test profile: %v", err)
	}
	out = append(out, variant{"excel-wide", profile.FormatAuto, xp})
	gl, _ := profile.Lookup("generic-long")
	y = strings.Replace(string(gl.YAML), "encoding: auto", "encoding: iso-8859-1", 1)
	y = strings.Replace(y, "delimiter: auto", "delimiter: tab", 1)
	y = strings.Replace(y, "name: generic-long", "name: latin1-long", 1)
	y = strings.Replace(y, `date_formats: ["2006-01-02"]`, `date_formats: ["D/M/YYYY", "2006-01-02 15:04:05"]`, 1)
	lp, err := profile.Parse("latin1-long.yaml", []byte(y))
	if err != nil {
		t.Fatalf("test profile: %v", err)
	}
	out = append(out, variant{"latin1-long", profile.FormatAuto, lp})
	y = strings.Replace(string(gl.YAML), "format: auto", "format: xlsx\nsheet: 2", 1)
	y = strings.Replace(y, "name: generic-long", "name: excel-long", 1)
	y = strings.Replace(y, "header_row: 1", "header_row: 2", 1)
	y = strings.Replace(y, "delimiter: auto\n", "", 1)
	y = strings.Replace(y, "encoding: auto\n", "", 1)
	xl, err := profile.Parse("excel-long.yaml", []byte(y))
	if err != nil {
		t.Fatalf("test profile: %v", err)
	}
	out = append(out, variant{"excel-long", profile.FormatAuto, xl})
	return out
}

// TestTruthMatchesAudit is the point of the package: for every built-in profile, the
// audit of a generated export gives exactly the verdicts of the truth.
func TestTruthMatchesAudit(t *testing.T) {
	for _, v := range variants(t) {
		t.Run(v.name, func(t *testing.T) {
			rts, vocab := loaded(t)
			res, err := Generate(Options{Profile: v.p, Routines: rts, Vocabulary: vocab, Cases: 300, Seed: 42, Format: v.format})
			if err != nil {
				t.Fatal(err)
			}
			imp, got := audited(t, v.p, res)
			if diffs := Compare(res.Truth, got); len(diffs) > 0 {
				t.Errorf("%d of %d truth rows differ from the audit:\n%s", len(diffs), len(res.Truth), strings.Join(head(diffs, 40), "\n"))
			}
			checkImport(t, v.p, res, imp)
			t.Logf("%s: %d cases, %d truth rows; rules: %s", v.name, res.Cases, len(res.Truth), coverageLine(res))
		})
	}
}

func head(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], fmt.Sprintf("… and %d more", len(s)-n))
	}
	return s
}

func coverageLine(res *Result) string {
	var parts []string
	for _, c := range res.Coverage {
		if c.Supported {
			parts = append(parts, fmt.Sprintf("%s[%s h%d]", c.Rule, strings.Join(c.Statuses, " "), c.Holiday))
		}
	}
	return strings.Join(parts, " ")
}

// checkImport compares the import's accounting and rejections with the expected ones.
func checkImport(t *testing.T, p *profile.Profile, res *Result, imp *profile.Result) {
	t.Helper()
	if len(imp.Stats) != 1 {
		t.Fatalf("stats for %d files", len(imp.Stats))
	}
	if st := imp.Stats[0]; st != res.Expected {
		t.Errorf("import accounting %+v, want %+v", st, res.Expected)
	}
	// The kind of each rejection, and the case it is tied to: an event rejected for its
	// date or registration date names its case, so that the audit does not call the
	// step saknas, and so does a long-shape row with a field too many (the junk row's
	// text is its last field, after the case id and the event); no other rejection is
	// tied.
	kinds := map[string]audit.RejectKind{
		"missing_case_id": audit.RejectNoCaseID, "invalid_personnummer": audit.RejectPersonnummer,
		"unknown_insats": audit.RejectUnknownValue, "unknown_frequency": audit.RejectUnknownValue,
		"unknown_gender": audit.RejectUnknownValue, "field_count": audit.RejectFieldCount, "no_dates": audit.RejectNoDate,
		"unknown_event": audit.RejectUnknownEvent, "bad_date": audit.RejectBadDate, "bad_registered": audit.RejectBadRegistered,
	}
	type key struct {
		line, col    int
		field, value string
		kind         audit.RejectKind
		tied         string
	}
	want := map[key]int{}
	for _, r := range res.Rejections {
		kind, ok := kinds[r.Kind]
		if !ok {
			t.Fatalf("synth kind %q has no RejectKind", r.Kind)
		}
		tied := ""
		if kind == audit.RejectBadDate || kind == audit.RejectBadRegistered || kind == audit.RejectFieldCount && p.Shape == profile.ShapeLong {
			tied = r.CaseID
		}
		want[key{r.Line, r.Column, r.Field, r.Value, kind, tied}]++
	}
	var extra []string
	for _, r := range imp.Rejected {
		if (r.CaseID == "") != (r.Event == audit.NoEvent) {
			t.Errorf("line %d: tied to case %q and event %d: one without the other", r.Line, r.CaseID, r.Event)
		}
		k := key{r.Line, r.Column, r.Field, r.Value, r.Kind, r.CaseID}
		if want[k] > 0 {
			want[k]--
			continue
		}
		extra = append(extra, fmt.Sprintf("line %d col %d %q %q %s tied to %q: %s", r.Line, r.Column, r.Field, r.Value, r.Kind.Code(), r.CaseID, r.Reason))
	}
	var missing []string
	for k, n := range want {
		for range n {
			missing = append(missing, fmt.Sprintf("line %d col %d %q %q %s tied to %q", k.line, k.col, k.field, k.value, k.kind.Code(), k.tied))
		}
	}
	sort.Strings(missing)
	if len(extra) > 0 || len(missing) > 0 {
		t.Errorf("rejections differ:\nunexpected:\n  %s\nmissing:\n  %s", strings.Join(head(extra, 20), "\n  "), strings.Join(head(missing, 20), "\n  "))
	}
}

// TestTruthMatchesAuditManySeeds runs the round trip for more seeds and brytdatum
// values — a brytdatum on julafton, långfredagen, Kristi himmelfärd, midsommarafton,
// trettondedag jul and a leap day — where rarer layouts show up.
func TestTruthMatchesAuditManySeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	asofs := []string{"2026-11-05", "2026-06-19", "2025-12-24", "2026-04-03", "2027-01-06", "2026-05-14", "2024-02-29"}
	for _, v := range variants(t) {
		for seed := uint64(1); seed <= 6; seed++ {
			rts, vocab := loaded(t)
			asof := audit.MustDate(asofs[seed%uint64(len(asofs))])
			res, err := Generate(Options{Profile: v.p, Routines: rts, Vocabulary: vocab, Cases: 250, Seed: seed * 7919, Asof: asof, Format: v.format})
			if err != nil {
				t.Fatalf("%s seed %d: %v", v.name, seed, err)
			}
			imp, got := audited(t, v.p, res)
			if diffs := Compare(res.Truth, got); len(diffs) > 0 {
				t.Errorf("%s seed %d brytdatum %s: %d of %d truth rows differ:\n%s", v.name, seed, asof, len(diffs), len(res.Truth), strings.Join(head(diffs, 10), "\n"))
			}
			checkImport(t, v.p, res, imp)
		}
	}
}

// TestSupportedRules pins which rules each built-in profile can express.
func TestSupportedRules(t *testing.T) {
	want := map[string]string{
		"paraply":   "PAR-01 PAR-02 PAR-03",
		"magnacura": "GOT-08 VOB-03 VOB-04 VOB-05",
		"generic-long": "GOT-02 GOT-03 GOT-08 GOT-10 GOT-11 GOT-15 PAR-01 PAR-02 PAR-03 " +
			"SOL-BS-02 SOL-BS-03 SOL-BS-04 SOL-BS-05 SOL-BS-08 VOB-03 VOB-04 VOB-05",
		"generic-wide": "GOT-02 GOT-03 GOT-08 GOT-11 GOT-15 PAR-01 SOL-BS-02 SOL-BS-03 VOB-05",
	}
	rts, vocab := loaded(t)
	for _, p := range profile.BuiltIn() {
		var got []string
		for _, rs := range Supported(p, rts, vocab) {
			if rs.Supported {
				got = append(got, rs.Rule.ID)
			} else if rs.Why == "" {
				t.Errorf("%s: %s unsupported without a reason", p.Name, rs.Rule.ID)
			}
		}
		if s := strings.Join(got, " "); s != want[p.Name] {
			t.Errorf("%s supports %s\nwant %s", p.Name, s, want[p.Name])
		}
	}
}

// TestTruthCoverage: the truth holds every verdict, for every rule several, and cases
// placed around the holidays the brief names.
func TestTruthCoverage(t *testing.T) {
	for _, p := range profile.BuiltIn() {
		rts, vocab := loaded(t)
		res, err := Generate(Options{Profile: p, Routines: rts, Vocabulary: vocab, Cases: 300, Seed: 42})
		if err != nil {
			t.Fatal(err)
		}
		var all [7]int
		for _, c := range res.Coverage {
			if !c.Supported {
				continue
			}
			for s, n := range c.Counts {
				all[s] += n
			}
			if c.Counts[audit.ITid] == 0 || len(c.Statuses) < 3 {
				t.Errorf("%s %s: truth has only %v", p.Name, c.Rule, c.Statuses)
			}
			if c.Counts[audit.Sen] == 0 && c.Rule != "SOL-BS-05" {
				t.Errorf("%s %s: no sen in the truth (%v)", p.Name, c.Rule, c.Statuses)
			}
		}
		for _, s := range audit.Statuses {
			if all[s] == 0 && !(p.Name == "paraply" && s == audit.EjTillamplig && all[s] > 0) {
				t.Errorf("%s: no %s verdict in the truth", p.Name, s.Code())
			}
		}
		for _, h := range []string{"midsommarafton", "julafton", "långfredagen", "Kristi himmelsfärdsdag"} {
			if res.Holidays[h] == 0 {
				t.Errorf("%s: no truth row counts a deadline past %s (%v)", p.Name, h, res.Holidays)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, v := range variants(t) {
		rts, vocab := loaded(t)
		opt := Options{Profile: v.p, Routines: rts, Vocabulary: vocab, Cases: 60, Seed: 9, Format: v.format}
		a, err1 := Generate(opt)
		b, err2 := Generate(opt)
		opt.Seed = 10
		c, err3 := Generate(opt)
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatal(err1, err2, err3)
		}
		if !bytes.Equal(a.Export, b.Export) || fmt.Sprint(a.Truth) != fmt.Sprint(b.Truth) || fmt.Sprint(a.Rejections) != fmt.Sprint(b.Rejections) {
			t.Errorf("%s: the same seed gave different output", v.name)
		}
		if bytes.Equal(a.Export, c.Export) {
			t.Errorf("%s: another seed gave the same export", v.name)
		}
	}
}

// TestExportIsInTheProfilesFormat checks headers, encoding and file type.
func TestExportIsInTheProfilesFormat(t *testing.T) {
	rts, vocab := loaded(t)
	for _, v := range variants(t) {
		res, err := Generate(Options{Profile: v.p, Routines: rts, Vocabulary: vocab, Cases: 20, Seed: 1, Format: v.format})
		if err != nil {
			t.Fatal(err)
		}
		isXLSX := bytes.HasPrefix(res.Export, []byte("PK\x03\x04"))
		if isXLSX != (res.Format == profile.FormatXLSX) || !strings.HasSuffix(res.FileName, "."+res.Format.String()) {
			t.Errorf("%s: format %s, file %s, zip %v", v.name, res.Format, res.FileName, isXLSX)
		}
		if v.p.Name == "magnacura" {
			// Windows-1252: "Handläggare" has ä as the single byte E4.
			if !bytes.Contains(res.Export, []byte("Handl\xe4ggare;")) {
				t.Errorf("magnacura export is not Windows-1252 with ';': %q", res.Export[:120])
			}
		}
		if v.p.Name == "paraply" && res.Format == profile.FormatCSV && !bytes.HasPrefix(res.Export, []byte("Beställnings-ID;Personnummer;Insats;")) {
			t.Errorf("paraply header: %q", res.Export[:80])
		}
	}
}

func TestNoBadRows(t *testing.T) {
	rts, vocab := loaded(t)
	for _, p := range profile.BuiltIn() {
		res, err := Generate(Options{Profile: p, Routines: rts, Vocabulary: vocab, Cases: 200, Seed: 3, BadRows: -1})
		if err != nil {
			t.Fatal(err)
		}
		if e := res.Expected; len(res.Rejections) != 0 || e.Rejected != 0 || e.Duplicates != 0 || e.Read != e.Imported {
			t.Errorf("%s: BadRows -1 still gives %+v, %d rejections", p.Name, e, len(res.Rejections))
		}
		imp, got := audited(t, p, res)
		if len(imp.Rejected) != 0 {
			t.Errorf("%s: the import rejected %d rows", p.Name, len(imp.Rejected))
		}
		if diffs := Compare(res.Truth, got); len(diffs) > 0 {
			t.Errorf("%s: %s", p.Name, strings.Join(head(diffs, 5), "\n"))
		}
	}
}

func TestPersonnummer(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		female := i%2 == 0
		s := personnummer(r, 1925, 2005, female, false)
		n, err := person.Parse(s, testToday)
		if err != nil {
			t.Fatalf("%d: generated number does not parse: %v", i, err)
		}
		if (n.Gender() == person.Female) != female {
			t.Fatalf("%d: gender %v, want female=%v", i, n.Gender(), female)
		}
		if _, err := person.Parse(personnummer(r, 1925, 2005, female, true), testToday); !errors.Is(err, person.ErrChecksum) {
			t.Fatalf("%d: a broken number gives %v, want a check digit error", i, err)
		}
	}
}

func TestTruthFileRoundTrip(t *testing.T) {
	rts, vocab := loaded(t)
	p, _ := profile.Lookup("generic-long")
	res, err := Generate(Options{Profile: p, Routines: rts, Vocabulary: vocab, Cases: 80, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteTruth(&buf, res.Truth); err != nil {
		t.Fatal(err)
	}
	back, err := ReadTruth(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(res.Truth) {
		t.Fatalf("%d rows back, wrote %d", len(back), len(res.Truth))
	}
	for i := range back {
		w := res.Truth[i]
		w.holidays = nil
		if fmt.Sprint(back[i]) != fmt.Sprint(w) {
			t.Fatalf("row %d: read %+v, wrote %+v", i, back[i], w)
		}
	}
	if _, err := ReadTruth(strings.NewReader("case,rule\n")); err == nil {
		t.Error("a file with another header was read")
	}
}

func TestCompareReportsDifferences(t *testing.T) {
	d := audit.MustDate
	truth := []Truth{
		{CaseID: "S-1", Rule: "PAR-01", Status: audit.Sen, Days: 2, Start: d("2026-06-17"), Deadline: d("2026-06-23"), EventDate: d("2026-06-25"), Note: "sen"},
		{CaseID: "S-2", Rule: "PAR-01", Status: audit.ITid, Start: d("2026-06-17"), Deadline: d("2026-06-23"), EventDate: d("2026-06-23")},
		{CaseID: "S-3", Rule: "PAR-01", Status: audit.EjTillamplig, Start: audit.NoDate, Deadline: audit.NoDate, EventDate: audit.NoDate},
	}
	got := map[[2]string]Truth{}
	for _, tr := range truth {
		got[[2]string{tr.CaseID, tr.Rule}] = tr
	}
	if diffs := Compare(truth, got); len(diffs) != 0 {
		t.Fatalf("equal verdicts differ: %v", diffs)
	}
	s1 := truth[0]
	s1.Days = 3
	got[[2]string{"S-1", "PAR-01"}] = s1
	s2 := truth[1]
	s2.Deadline++
	got[[2]string{"S-2", "PAR-01"}] = s2
	delete(got, [2]string{"S-3", "PAR-01"})
	diffs := Compare(truth, got)
	want := []string{"S-1 PAR-01: got sen 3", "S-2 PAR-01: got i_tid start=2026-06-17 deadline=2026-06-24", "S-3 PAR-01: no verdict"}
	if len(diffs) != len(want) {
		t.Fatalf("diffs %v", diffs)
	}
	for i := range want {
		if !strings.HasPrefix(diffs[i], want[i]) {
			t.Errorf("diff %q, want it to start with %q", diffs[i], want[i])
		}
	}
}

func TestOptionErrors(t *testing.T) {
	rts, vocab := loaded(t)
	mc, _ := profile.Lookup("magnacura")
	par, _ := profile.Lookup("paraply")
	var vob []*audit.Routine
	for _, rt := range rts {
		if rt.ID == "vob-kvalitetsfabriken" {
			vob = append(vob, rt)
		}
	}
	for _, tc := range []struct {
		opt  Options
		want string
	}{
		{Options{Routines: rts, Vocabulary: vocab, Cases: 1}, "no profile"},
		{Options{Profile: mc, Routines: rts, Vocabulary: vocab}, "at least 1"},
		{Options{Profile: mc, Vocabulary: vocab, Cases: 1}, "no routines"},
		{Options{Profile: mc, Routines: rts, Vocabulary: vocab, Cases: 1, Format: profile.FormatXLSX}, "reads csv files only"},
		{Options{Profile: par, Routines: vob, Vocabulary: vocab, Cases: 1}, "can express none of the rules"},
		{Options{Profile: mc, Routines: rts, Vocabulary: vocab, Cases: 1, Asof: audit.MustDate("2100-06-01")}, "outside the years"},
	} {
		if _, err := Generate(tc.opt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want an error with %q", err, tc.want)
		}
	}
}

// TestNoPlacementConflicts: for the shipped routines, every rule that placed an event
// gets the verdict it placed it for at the first attempt; the retry in makeCase is only
// a safety net for routine files whose rules overlap in other ways.
func TestNoPlacementConflicts(t *testing.T) {
	for _, v := range variants(t) {
		rts, vocab := loaded(t)
		g := newGen(Options{Profile: v.p, Routines: rts, Vocabulary: vocab, Cases: 300, Seed: 4, Asof: DefaultAsof, Format: v.format})
		for i := 0; i < 300; i++ {
			if _, err := g.makeCase(i); err != nil {
				t.Fatal(err)
			}
		}
		if g.conflicts > 0 {
			t.Errorf("%s: %d attempts retried; last: %s", v.name, g.conflicts, g.lastConflict)
		}
	}
}
