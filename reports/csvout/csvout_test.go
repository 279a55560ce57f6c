package csvout_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/csvout"
	"github.com/rutinkoll/rutinkoll/reports/reporttest"
)

func TestSafe(t *testing.T) {
	tests := map[string]string{
		`=HYPERLINK("x")`: `'=HYPERLINK("x")`, "+1": "'+1", "-5": "'-5", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "Hemtjänst Öst": "Hemtjänst Öst", "": "",
	}
	for in, want := range tests {
		if got := csvout.Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}

// verdictRows writes r's verdicts.csv and returns its records, the header first.
func verdictRows(t *testing.T, r *reports.Report) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := csvout.WriteVerdicts(&buf, r); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestVerdicts: one row per verdict, protected persons without case id, pseudonym,
// utförare or enhet, input text never a formula.
func TestVerdicts(t *testing.T) {
	r := reporttest.Fixture(t, 120)
	recs := verdictRows(t, r)
	if len(recs)-1 != len(r.Result.Verdicts) {
		t.Fatalf("%d rows for %d verdicts", len(recs)-1, len(r.Result.Verdicts))
	}
	protected := 0
	for i, rec := range recs[1:] {
		v := r.Result.Verdicts[i]
		c := r.Dataset.Cases[v.Case]
		if rec[3] != v.Status.Code() || rec[2] != r.Result.Rules[v.Rule].ID {
			t.Fatalf("row %d: %v for verdict %+v", i, rec, v)
		}
		if c.Flags&audit.FlagSkyddad != 0 {
			protected++
			if rec[0] != "SKYDDAD" || rec[1] != "" || rec[11] != "" || rec[12] != "" || rec[14] != "" {
				t.Fatalf("protected case shown: %v", rec)
			}
		}
		for _, f := range rec {
			if f != "" && strings.ContainsRune("=+-@", rune(f[0])) {
				t.Fatalf("row %d: cell %q could run as a formula", i, f)
			}
		}
	}
	if protected == 0 {
		t.Fatal("fixture has no protected case")
	}
}

// TestVerdictsUnitByFrequency: the unit column is the unit of the deadline the case was
// judged by, its frequency's where the rule has one per frequency (as in the xlsx), not
// the rule's general deadline's. GOT-03's deadlines are counted in dagar; here they are
// made vardagar, so that the two differ.
func TestVerdictsUnitByFrequency(t *testing.T) {
	r := reporttest.Fixture(t, 120)
	var byFreq *audit.Rule
	for _, rule := range r.Result.Rules {
		if len(rule.ByFrequency) > 0 {
			byFreq = rule
		}
	}
	if byFreq == nil {
		t.Fatal("fixture has no rule with a deadline per frequency")
	}
	vardagar, err := audit.ParseDeadline("10 vardagar")
	if err != nil {
		t.Fatal(err)
	}
	for f := range byFreq.ByFrequency {
		byFreq.ByFrequency[f] = vardagar
	}
	recs := verdictRows(t, r)
	judgedByFrequency := 0
	for i, rec := range recs[1:] {
		v := r.Result.Verdicts[i]
		rule, c := r.Result.Rules[v.Rule], &r.Dataset.Cases[v.Case]
		want := reports.UnitName(rule, c)
		if rec[9] != want {
			t.Fatalf("row %d (%s, frequency %q): unit %q, want %q", i+1, rule.ID, c.Frequency, rec[9], want)
		}
		if _, ok := rule.ByFrequency[c.Frequency]; ok && rule == byFreq {
			judgedByFrequency++
			if rec[9] != "vardagar" {
				t.Fatalf("row %d: %s judged by its frequency's deadline in vardagar, unit %q", i+1, rule.ID, rec[9])
			}
		}
	}
	if judgedByFrequency == 0 {
		t.Fatalf("no verdict of %s on a case with a frequency it names", byFreq.ID)
	}
}

func TestSummaryAddsUp(t *testing.T) {
	r := reporttest.Fixture(t, 120)
	var buf bytes.Buffer
	if err := csvout.WriteSummary(&buf, r); err != nil {
		t.Fatal(err)
	}
	var s csvout.Summary
	if err := json.Unmarshal(buf.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	if s.Rows.Read != s.Rows.Imported+s.Rows.Rejected+s.Rows.Duplicates {
		t.Errorf("rows do not add up: %+v", s.Rows)
	}
	sum := 0
	for _, rc := range s.Rules {
		sum += rc.ITid + rc.Sen + rc.Saknas + rc.Pagaende + rc.EjTillamplig + rc.Datafel
	}
	if sum != len(r.Result.Verdicts) {
		t.Errorf("rule counts add to %d, want %d verdicts", sum, len(r.Result.Verdicts))
	}
	if s.Total.Rate != nil {
		want := float64(s.Total.ITid) / float64(s.Total.ITid+s.Total.Sen+s.Total.Saknas)
		if d := *s.Total.Rate - want; d > 0.0001 || d < -0.0001 {
			t.Errorf("rate %.4f, want %.4f", *s.Total.Rate, want)
		}
	}
}
