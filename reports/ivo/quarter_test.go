package ivo

import (
	"errors"
	"strings"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
)

func TestParseQuarter(t *testing.T) {
	tests := []struct {
		in         string
		want       Quarter
		start, end string
		err        string
	}{
		{in: "2026Q3", want: Quarter{2026, 3}, start: "2026-07-01", end: "2026-09-30"},
		{in: "2026q1", want: Quarter{2026, 1}, start: "2026-01-01", end: "2026-03-31"},
		{in: "2026-Q4", want: Quarter{2026, 4}, start: "2026-10-01", end: "2026-12-31"},
		{in: "2024Q1", want: Quarter{2024, 1}, start: "2024-01-01", end: "2024-03-31"},
		{in: "2026Q5", err: "quarter must be 1, 2, 3 or 4"},
		{in: "26Q3", err: "not of the form"},
		{in: "2026-07", err: "not of the form"},
		{in: "", err: "not of the form"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := ParseQuarter(tt.in)
			if tt.err != "" {
				var qe *QuarterError
				if !errors.As(err, &qe) || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), "2026Q3") {
					t.Fatalf("error %v, want a QuarterError with %q and an example", err, tt.err)
				}
				return
			}
			if err != nil || q != tt.want {
				t.Fatalf("got %v, %v; want %v", q, err, tt.want)
			}
			if q.Start().String() != tt.start || q.End().String() != tt.end {
				t.Errorf("%s: %s–%s, want %s–%s", q, q.Start(), q.End(), tt.start, tt.end)
			}
		})
	}
}

func TestQuarterNavigation(t *testing.T) {
	q := Quarter{2026, 4}
	if n := q.Next(); n != (Quarter{2027, 1}) || n.Prev() != q {
		t.Errorf("2026Q4 next %v prev-of-next %v", n, n.Prev())
	}
	if QuarterOf(audit.MustDate("2027-03-31")) != (Quarter{2027, 1}) || QuarterOf(audit.MustDate("2026-10-01")) != q {
		t.Error("QuarterOf")
	}
	if q.String() != "2026Q4" || !q.Contains(audit.MustDate("2026-12-31")) || q.Contains(audit.MustDate("2027-01-01")) {
		t.Error("String/Contains")
	}
}

func TestDefaultConfig(t *testing.T) {
	c := DefaultConfig()
	if c.Law.Reference != "SoL (2001:453) 16 kap. 6 f §" || !strings.Contains(c.Law.Note.SV, "2025:400") {
		t.Errorf("law %+v", c.Law)
	}
	from, to, ok := c.Window(Quarter{2026, 4})
	if !ok || from.String() != "2027-01-01" || to.String() != "2027-01-31" {
		t.Errorf("Q4 window %s–%s %v", from, to, ok)
	}
	if k, ok := c.InriktningOf("vard_och_omsorgsboende"); !ok || k != "aldreomsorg" {
		t.Errorf("vård- och omsorgsboende → %q", k)
	}
	if c.ReasonLabel("okänd kod", "sv") != "okänd kod" || c.InsatsLabel("boendestod", "en") != "Home support" {
		t.Error("labels")
	}
}

func TestParseConfigErrors(t *testing.T) {
	bad := `law: {reference: "", note: {sv: x}, trigger: {sv: y}}
windows:
  - {quarter: 5, from: "13-01", to: "01-31"}
inriktningar: {aldreomsorg: {sv: Äldreomsorg}}
insatser: {hemtjanst: {sv: Hemtjänst, inriktning: aldre}}
reasons: {}
protected_note: {sv: z}
`
	_, err := ParseConfig(strings.NewReader(bad), "egen.yaml")
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"egen.yaml", "law.reference: missing", "windows[0].quarter: 5", `windows[0].from: "13-01"`,
		"no window for quarter 1", `insatser.hemtjanst.inriktning: unknown inriktning "aldre"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	_, err = ParseConfig(strings.NewReader("law: {referens: x}\n"), "egen.yaml")
	if err == nil || !strings.Contains(err.Error(), "referens") {
		t.Errorf("unknown key: %v", err)
	}
}
