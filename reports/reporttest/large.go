package reporttest

import (
	"fmt"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/routinefile"
	"github.com/rutinkoll/rutinkoll/audit/routines"
	"github.com/rutinkoll/rutinkoll/reports"
)

// Large returns a report with exactly deviations verdicts that are sen or saknas, for
// benchmarks of big workbooks. Its verdicts are built directly, not evaluated, so that
// a million rows take seconds: two per case, one sen and one saknas, on the embedded
// routines' rules. No case is skyddad and Identity is nil.
func Large(tb testing.TB, deviations int) *reports.Report {
	tb.Helper()
	vocab := audit.NewVocabulary()
	rts, err := routines.Load(vocab, routinefile.Options{})
	if err != nil {
		tb.Fatalf("reporttest: load embedded routines: %v", err)
	}
	res := &audit.Result{Asof: Asof}
	for _, rt := range rts {
		res.Rules = append(res.Rules, rt.Rules...)
	}
	if len(res.Rules) == 0 {
		tb.Fatal("reporttest: no embedded rules")
	}
	ds := &audit.Dataset{Files: append([]string(nil), Files...)}
	nCases := (deviations + 1) / 2
	ds.Cases = make([]audit.Case, nCases)
	res.Verdicts = make([]audit.Verdict, 0, deviations)
	for i := range ds.Cases {
		c := &ds.Cases[i]
		c.SetTexts(fmt.Sprintf("ÄR-%07d", i+1), pseudonym(i), "")
		c.Insats = audit.MakeName(insatser[i%len(insatser)])
		c.Utforare = audit.MakeName(utforare[i%len(utforare)].name)
		c.Enhet = audit.MakeName(enheter[i%len(enheter)])
		c.Source = audit.Source{File: 0, Line: int32(i + 2)}
		start := Asof - 30 - audit.Date(i%300)
		for k := 0; k < 2 && len(res.Verdicts) < deviations; k++ {
			v := audit.Verdict{
				Case: int32(i), Rule: uint16((i + k) % len(res.Rules)), Start: start, Deadline: start + 3,
				EventDate: audit.NoDate, Source: audit.Source{File: 1, Line: int32(2*i + k + 2)},
			}
			if k == 0 {
				v.Status, v.EventDate = audit.Sen, start+3+audit.Date(1+i%40)
				v.Days, v.HasLead = int32(1+i%40), true // lead: 3 + 1 + i%40 days
			} else {
				v.Status, v.Days = audit.Saknas, int32(Asof-start-3)
			}
			res.Verdicts = append(res.Verdicts, v)
		}
	}
	r := assemble(ds, rts, vocab, res, deviations, nCases)
	r.Identity = nil
	return r
}
