package audit

import (
	"errors"
	"strings"
	"testing"
)

func TestDeadlinePhrases(t *testing.T) {
	tests := []struct {
		name      string
		expr      string
		start     string
		roll      bool
		want      string
		canonical string
	}{
		{"SenastDagenEfter", "senast dagen efter", "2026-03-06", false, "2026-03-07", "senast dagen efter"},
		{"SenastDagenEfterRolled", "senast dagen efter", "2026-03-06", true, "2026-03-09", "senast dagen efter"},
		{"TreDagar", "3 dagar", "2026-03-02", false, "2026-03-05", "3 dagar"},
		{"InomTreDagarWord", "inom tre dagar", "2026-03-02", false, "2026-03-05", "3 dagar"},
		{"SenastNDagarEfter", "senast 14 dagar efter", "2026-03-02", false, "2026-03-16", "14 dagar"},
		{"DagarOnSaturdayNoRoll", "4 dagar", "2026-03-03", false, "2026-03-07", "4 dagar"},
		{"DagarOnSaturdayRoll", "4 dagar", "2026-03-03", true, "2026-03-09", "4 dagar"},
		{"TreVardagar", "3 vardagar", "2026-06-17", true, "2026-06-23", "3 vardagar"},
		{"FemtonArbetsdagar", "15 arbetsdagar", "2026-05-07", true, "2026-05-29", "15 arbetsdagar"},
		{"NastkommandeVardag", "senast nästkommande vardag", "2026-12-23", true, "2026-12-28", "senast nästkommande vardag"},
		{"NastkommandeArbetsdag", "senast nästkommande arbetsdag", "2026-04-02", true, "2026-04-07", "senast nästkommande arbetsdag"},
		{"TreVeckor", "3 veckor", "2026-03-02", false, "2026-03-23", "3 veckor"},
		{"EnVecka", "1 vecka", "2026-12-28", false, "2027-01-04", "1 vecka"},
		{"TvaManader", "2 månader", "2026-03-15", false, "2026-05-15", "2 månader"},
		{"MonthEndClampLeap", "1 månad", "2024-01-31", false, "2024-02-29", "1 månad"},
		{"MonthEndClamp", "1 månad", "2026-01-31", false, "2026-02-28", "1 månad"},
		{"Day31PlusOneMonth", "1 månad", "2026-03-31", false, "2026-04-30", "1 månad"},
		{"TreManaderOverYear", "3 månader", "2026-11-30", false, "2027-02-28", "3 månader"},
		{"FemteNastkommande", "senast den 5:e nästkommande månad", "2026-03-31", false, "2026-04-05", "senast den 5:e nästkommande månad"},
		{"FemteNastkommandeFirst", "senast den 5:e i nästkommande månad", "2026-03-01", false, "2026-04-05", "senast den 5:e nästkommande månad"},
		{"FemteNastkommandeDecember", "senast den 5:e nästkommande månad", "2026-12-31", false, "2027-01-05", "senast den 5:e nästkommande månad"},
		{"FemteOnSundayRolled", "senast den 5:e nästkommande månad", "2026-03-10", true, "2026-04-07", "senast den 5:e nästkommande månad"},
		{"DagenFore", "dagen före", "2026-03-02", false, "2026-03-01", "dagen före"},
		{"Composite", "14 dagar + 3 vardagar", "2026-06-05", true, "2026-06-24", "14 dagar + 3 vardagar"},
	}
	cals := DefaultCalendars()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ParseDeadline(tc.expr)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Due(MustDate(tc.start), cals, tc.roll); got != MustDate(tc.want) {
				t.Errorf("%q from %s (roll %v) = %s, want %s", tc.expr, tc.start, tc.roll, got, tc.want)
			}
			if ex := d.Explain(MustDate(tc.start), cals, tc.roll); ex.Deadline != MustDate(tc.want) {
				t.Errorf("Explain gives %s, Due gives %s", ex.Deadline, tc.want)
			}
			if d.String() != tc.canonical {
				t.Errorf("canonical form %q, want %q", d.String(), tc.canonical)
			}
			again, err := ParseDeadline(d.String())
			if err != nil || again.String() != d.String() {
				t.Errorf("canonical form %q does not parse back: %v", d.String(), err)
			}
		})
	}
}

func TestDeadlineKinds(t *testing.T) {
	if d, _ := ParseDeadline("minst en gång per år"); d.Recurring != PeriodYear || d.IsDated() {
		t.Errorf("per år: %+v", d)
	}
	if d, _ := ParseDeadline("minst en gång per halvår"); d.Recurring.Next(MustDate("2026-01-31")) != MustDate("2026-07-31") {
		t.Errorf("halvår from 2026-01-31: %s", d.Recurring.Next(MustDate("2026-01-31")))
	}
	for _, s := range []string{"omgående", "snarast", "Skyndsamt", "så snart som möjligt"} {
		if d, err := ParseDeadline(s); err != nil || !d.LeadTime || d.String() != "omgående" {
			t.Errorf("%q: %+v %v", s, d, err)
		}
	}
}

func TestExplainSkips(t *testing.T) {
	d, _ := ParseDeadline("3 vardagar")
	ex := d.Explain(MustDate("2026-06-17"), DefaultCalendars(), true)
	var why []string
	for _, s := range ex.Skipped {
		why = append(why, s.Date.String()+" "+s.Reason)
	}
	want := "2026-06-19 midsommarafton|2026-06-20 midsommardagen|2026-06-21 söndag"
	if strings.Join(why, "|") != want {
		t.Errorf("skipped %v, want %s", why, want)
	}
	d, _ = ParseDeadline("4 dagar")
	ex = d.Explain(MustDate("2026-03-03"), DefaultCalendars(), true)
	if ex.RolledFrom != MustDate("2026-03-07") || ex.RolledWhy != "lördag" {
		t.Errorf("roll: %+v", ex)
	}
}

func TestDeadlineErrors(t *testing.T) {
	tests := []struct{ expr, part string }{
		{"3 vardar", "vardar"},
		{"", ""},
		{"tretton dagar", "tretton"},
		{"minst en gång per decennium", "decennium"},
		{"senast den 40:e nästkommande månad", "senast den 40:e nästkommande månad"},
		{"3 dagar + ", ""},
		{"inom", "inom"},
	}
	for _, tc := range tests {
		_, err := ParseDeadline(tc.expr)
		var de *DeadlineError
		if !errors.As(err, &de) || !errors.Is(err, ErrDeadline) {
			t.Errorf("%q: error %v is not a DeadlineError", tc.expr, err)
			continue
		}
		if !strings.Contains(err.Error(), "expected") || !strings.Contains(err.Error(), tc.expr) {
			t.Errorf("%q: message %q must name the expression and what was expected", tc.expr, err)
		}
		if tc.part != "" && de.Part != tc.part {
			t.Errorf("%q: part %q, want %q", tc.expr, de.Part, tc.part)
		}
	}
}

// FuzzParseDeadline: any input either fails with a DeadlineError or parses to a
// deadline whose canonical form parses back to itself and computes a date.
func FuzzParseDeadline(f *testing.F) {
	for _, s := range []string{"3 vardagar", "senast dagen efter", "14 dagar + 3 vardagar", "minst en gång per år", "senast den 5:e nästkommande månad", "omgående", "2 månader", "dagen före", "tre veckor"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDeadline(s)
		if err != nil {
			if !errors.Is(err, ErrDeadline) {
				t.Fatalf("%q: error %v does not wrap ErrDeadline", s, err)
			}
			return
		}
		again, err := ParseDeadline(d.String())
		if err != nil || again.String() != d.String() {
			t.Fatalf("%q: canonical %q does not round-trip: %v", s, d.String(), err)
		}
		if d.IsDated() {
			start := MustDate("2026-06-17")
			due := d.Due(start, DefaultCalendars(), true)
			if !d.Before() && due < start {
				t.Fatalf("%q: deadline %s before start", s, due)
			}
		}
	})
}
