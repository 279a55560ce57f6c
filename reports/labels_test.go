package reports

import (
	"strings"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

// TestLabelsComplete: every label has a Swedish and an English text, and the two
// tables hold the same keys.
func TestLabelsComplete(t *testing.T) {
	sv, en := LabelsFor("sv"), LabelsFor("en")
	if len(sv) != len(en) {
		t.Fatalf("%d Swedish labels, %d English", len(sv), len(en))
	}
	for k, v := range sv {
		if v == "" || en[k] == "" {
			t.Errorf("label %q lacks a text (sv %q, en %q)", k, v, en[k])
		}
	}
	for _, s := range audit.Statuses {
		if sv.Status(s) != s.String() {
			t.Errorf("Swedish label of %s is %q, the engine says %q", s.Code(), sv.Status(s), s.String())
		}
	}
	for _, k := range audit.RejectKinds() {
		if _, ok := rejectLabels[k]; !ok || sv.Rejected(k) == en.Rejected(k) || !strings.HasPrefix(sv.Rejected(k), "avvisad rad: ") {
			t.Errorf("rejection kind %s: %q / %q", k.Code(), sv.Rejected(k), en.Rejected(k))
		}
	}
	if got := LabelsFor("de").Get("title"); got != sv.Get("title") {
		t.Errorf("an unknown language must fall back to Swedish, got %q", got)
	}
	if got := en.Get("no_such_label"); got != "no_such_label" {
		t.Errorf("a missing label must show its key, got %q", got)
	}
}

func TestCaseLabelHidesProtected(t *testing.T) {
	c := &audit.Case{Flags: audit.FlagSkyddad}
	c.SetTexts("A1", "P-1", "")
	if id, p := CaseLabel(c); id != "SKYDDAD" || p != "" {
		t.Errorf("protected case shown as %q %q", id, p)
	}
	c.Flags = 0
	if id, p := CaseLabel(c); id != "A1" || p != "P-1" {
		t.Errorf("case shown as %q %q", id, p)
	}
}

func TestLabelTableProblems(t *testing.T) {
	for _, p := range labelTable.Problems() {
		t.Error(p)
	}
	bad := LabelTable{"a": {"100 %% klart", "done"}, "b": {"%d av 5 %", "%d of 5"}, "c": {"", "x"}}
	if got := len(bad.Problems()); got != 3 {
		t.Errorf("%d problems in a table with three, %v", got, bad.Problems())
	}
	if LabelTable(nil).Get(English, "x") != "x" || (LabelTable{"k": {"sv", "en"}}).Format(English, "k") != "en" {
		t.Error("Get/Format")
	}
}

// TestRows checks the row count note, singular for one row, in both languages.
func TestRows(t *testing.T) {
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{{"sv", 0, "0 rader."}, {"sv", 1, "1 rad."}, {"sv", 2, "2 rader."}, {"en", 1, "1 row."}, {"en", 3, "3 rows."}} {
		if got := LabelsFor(tc.lang).Rows(tc.n); got != tc.want {
			t.Errorf("%s Rows(%d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}

// TestUtforareRulesNote: the note names the rules counted per utförare, or says that
// none is, rather than listing nothing.
func TestUtforareRulesNote(t *testing.T) {
	sv := LabelsFor("sv")
	if got := UtforareRulesNote(sv, &stats.Summary{UtforareRules: []string{"PAR-01", "PAR-03"}}); !strings.Contains(got, ": PAR-01, PAR-03)") {
		t.Errorf("note %q", got)
	}
	if got := UtforareRulesNote(sv, &stats.Summary{}); !strings.HasPrefix(got, "Ingen regel") {
		t.Errorf("note without rules %q", got)
	}
}

func TestYearSpan(t *testing.T) {
	for _, tc := range []struct {
		lo, hi int
		want   string
	}{{2026, 2026, "2026"}, {2025, 2026, "2025–2026"}, {2024, 2027, "2024–2027"}} {
		if got := YearSpan(tc.lo, tc.hi); got != tc.want {
			t.Errorf("YearSpan(%d, %d) = %q, want %q", tc.lo, tc.hi, got, tc.want)
		}
	}
}

// TestInsatsNames: every known insats code has a name, and an unknown code is shown as
// it is.
func TestInsatsNames(t *testing.T) {
	for _, code := range audit.KnownInsats {
		if n := InsatsName(code); n == code || n == "" {
			t.Errorf("insats %s has no name", code)
		}
	}
	if got := InsatsName("vard_och_omsorgsboende"); got != "Vård- och omsorgsboende" {
		t.Errorf("vard_och_omsorgsboende → %q", got)
	}
	if got := InsatsName("egen_insats"); got != "egen_insats" {
		t.Errorf("unknown code → %q", got)
	}
}

func TestUnitFor(t *testing.T) {
	for _, tc := range []struct {
		n          int
		unit, want string
	}{{1, "vardagar", "vardag"}, {2, "vardagar", "vardagar"}, {1, "arbetsdagar", "arbetsdag"}, {0, "dagar", "dagar"}, {1, "dagar", "dag"}, {21, "arbetsdagar", "arbetsdagar"}} {
		if got := UnitFor(tc.n, tc.unit); got != tc.want {
			t.Errorf("UnitFor(%d, %q) = %q, want %q", tc.n, tc.unit, got, tc.want)
		}
	}
}
