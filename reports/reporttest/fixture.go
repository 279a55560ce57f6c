// Package reporttest builds realistic, deterministic reports for the renderers' tests:
// the embedded routines, synthetic cases whose events give every verdict kind, Swedish
// utförare names with å ä ö, persons with skyddade personuppgifter, an utförare whose
// name is a spreadsheet formula, rejected input rows and a fixed generation time.
package reporttest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/routinefile"
	"github.com/rutinkoll/rutinkoll/audit/routines"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

// Asof is the fixture's brytdatum: a Saturday that is also alla helgons dag.
var Asof = audit.MustDate("2026-10-31")

// GeneratedAt is the fixture's fixed generation time.
var GeneratedAt = time.Date(2026, 11, 2, 7, 30, 0, 0, time.FixedZone("CET", 3600))

// InjectionUtforare is an utförare name that a spreadsheet would run as a formula if
// it were written as one.
const InjectionUtforare = `=HYPERLINK("http://x","klick")`

// InjectionEnhet is an enhet name starting with '+', another formula trigger.
const InjectionEnhet = "+Enhet Söder (tillfällig)"

// InjectionCaseID is the id of case 8, starting with '@', a third formula trigger.
const InjectionCaseID = "@ÄR-2026-00008"

// Files are the input files the fixture's cases and events come from.
var Files = []string{"ärenden_2026-10.csv", "händelser_2026-10.csv"}

// PolicyFile is the local policy file the fixture applies to its first "omgående" rule.
const PolicyFile = "lokal-policy.yaml"

// Fixture returns a report of n synthetic cases judged by the embedded routines as of
// Asof. Case i is the same whatever n is. From n >= 60 on every verdict kind appears.
//
// Its Identity function deliberately returns a personnummer-like string for every case,
// skyddad or not, so that tests prove the renderers guard privacy themselves: the PDF
// must never show one, and the xlsx only for cases that are not skyddad.
func Fixture(tb testing.TB, n int) *reports.Report {
	tb.Helper()
	vocab := audit.NewVocabulary()
	rts, err := routines.Load(vocab, routinefile.Options{})
	if err != nil {
		tb.Fatalf("reporttest: load embedded routines: %v", err)
	}
	applyPolicy(tb, rts)
	ds := &audit.Dataset{Files: append([]string(nil), Files...)}
	g := &generator{asof: Asof, line: 1, taken: map[int32]bool{}}
	for _, rj := range Rejections() {
		if rj.File == Files[1] {
			g.taken[int32(rj.Line)] = true
		}
	}
	for i := 0; i < n; i++ {
		ds.Cases = append(ds.Cases, g.makeCase(i, rts))
	}
	res := audit.Evaluate(ds, rts, audit.Options{Asof: Asof, Workers: 1})
	return assemble(ds, rts, vocab, res, g.events, n)
}

// applyPolicy gives the first rule whose routine says "omgående" a local deadline, so
// that reports show a local policy next to lead-time-only rules.
func applyPolicy(tb testing.TB, rts []*audit.Routine) {
	tb.Helper()
	for _, rt := range rts {
		for _, r := range rt.Rules {
			if !r.Deadline.LeadTime {
				continue
			}
			yaml := fmt.Sprintf("rules:\n  %s: {deadline: \"5 vardagar\", note: \"Beslut i socialnämnden 2026-03-12 § 41: omgående betyder inom fem vardagar.\"}\n", r.ID)
			if err := routinefile.ApplyPolicy(routinefile.File{Name: PolicyFile, Data: []byte(yaml)}, rts); err != nil {
				tb.Fatalf("reporttest: apply local policy: %v", err)
			}
			return
		}
	}
}

// assemble fills the report's metadata around an evaluated dataset.
func assemble(ds *audit.Dataset, rts []*audit.Routine, vocab *audit.Vocabulary, res *audit.Result, events, n int) *reports.Report {
	rejected := Rejections()
	inputs := []audit.InputStats{
		{File: Files[0], Imported: n, Duplicates: 2},
		{File: Files[1], Imported: events, Duplicates: 5},
	}
	for _, rj := range rejected {
		for i := range inputs {
			if inputs[i].File == rj.File {
				inputs[i].Rejected++
			}
		}
	}
	for i := range inputs {
		inputs[i].Read = inputs[i].Imported + inputs[i].Rejected + inputs[i].Duplicates
	}
	return &reports.Report{
		Title:        "Rutinkoll — uppföljning av rutiner",
		Municipality: "Östra Åby kommun, socialnämnden",
		Asof:         res.Asof,
		GeneratedAt:  GeneratedAt,
		CommandLine: "rutinkoll audit --asof " + res.Asof.String() + " --generated-at 2026-11-02T07:30:00+01:00 --policy " +
			PolicyFile + " --out rapporter/2026-10 " + strings.Join(Files, " "),
		Lang:       "sv",
		Inputs:     inputs,
		Rejected:   rejected,
		Routines:   rts,
		Vocabulary: vocab,
		Dataset:    ds,
		Result:     res,
		Summary:    stats.Compute(ds, res, stats.Options{}),
		Identity:   Personnummer,
	}
}

// Personnummer returns a personnummer-like string for a case (yymmdd-nnnn, with a
// century for even case numbers). It is not a real identity number.
func Personnummer(c *audit.Case) string {
	h := hash(c.ID())
	s := fmt.Sprintf("%02d%02d%02d-%04d", 30+h%60, 1+h/7%12, 1+h/13%28, h/17%10000)
	if h%2 == 0 {
		return "19" + s
	}
	return s
}

// Rejections returns the fixture's rejected input rows: bad dates, unknown codes and
// values a spreadsheet would read as formulas.
func Rejections() []audit.Rejection {
	return []audit.Rejection{
		{File: Files[0], Line: 17, Column: 4, Field: "insats", Value: "hemtjänst?", Reason: "unknown insats code: use one of hemtjanst, boendestod, vard_och_omsorgsboende", Kind: audit.RejectUnknownValue},
		{File: Files[0], Line: 58, Column: 0, Value: "", Reason: "row has 3 fields, the header has 9: check the separator", Kind: audit.RejectFieldCount},
		{File: Files[1], Line: 103, Column: 3, Field: "datum", Value: "2026-02-30", Reason: "invalid date \"2026-02-30\": day out of range", Kind: audit.RejectBadDate},
		{File: Files[1], Line: 240, Column: 2, Field: "handelse", Value: "=1+1", Reason: "unknown event code \"=1+1\"", Kind: audit.RejectUnknownEvent},
		{File: Files[1], Line: 377, Column: 5, Field: "detaljer", Value: "@SUM(A1:A9)", Reason: "details must be key=value pairs separated by '|'"},
		{File: Files[1], Line: 412, Column: 3, Field: "datum", Value: "-5", Reason: "invalid date \"-5\": expected YYYY-MM-DD", Kind: audit.RejectBadDate},
		{File: Files[1], Line: 509, Column: 4, Field: "registrerad", Value: "\t31/10", Reason: "invalid date \"\\t31/10\": expected YYYY-MM-DD (day/month order is ambiguous)", Kind: audit.RejectBadRegistered},
		{File: Files[1], Line: 611, Column: 6, Field: "utforare", Value: "\r=2+2", Reason: "utförare starts with a line break"},
	}
}

// hash is FNV-1a: a stable, platform-independent hash for choosing fixture values.
func hash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}
