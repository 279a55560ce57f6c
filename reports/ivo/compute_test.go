package ivo

import (
	"strings"
	"testing"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/canonical"
)

// events is the test data set: one case per scenario, in the canonical event CSV.
const events = `case_id;person;insats;utforare;event;date;gender;ivo_code;flags;details
EXAKT;P-EXAKT;hemtjanst;Hemtjänst Öst;beslut;2026-03-30;K;19400101-T002;;skal=resursbrist
ELDRE;P-ELDRE;hemtjanst;Hemtjänst Öst;beslut;2026-03-29;M;19400101-T013;;skal=resursbrist
AVBR;P-AVBR;boendestod;Mälardalens Boendestöd;beslut;2025-10-01;K;19500505-T104;;skal=resursbrist
AVBR;;;;insats_paborjad;2025-10-20;;;;
AVBR;;;;avbrott;2026-03-15;;;;skal=annat
DAGEN;P-DAGEN;hemtjanst;Vardaga Hemtjänst;beslut;2026-01-10;K;19300202-T206;;skal=resursbrist
DAGEN;;;;insats_paborjad;2026-07-01;;;;
SEPT;P-SEPT;vard_och_omsorgsboende;Ekängens äldreboende;beslut;2026-09-15;M;19350303-T301;;skal=resursbrist
OKT;P-OKT;vard_och_omsorgsboende;Ekängens äldreboende;beslut;2026-10-20;K;19350303-T402;;skal=onskat_boende
NEJ;P-NEJ;vard_och_omsorgsboende;;beslut;2026-01-05;K;19280808-T508;;skal=tackat_nej
NEJ;;;;erbjudande;2026-02-01;;;;
NEJ;;;;svar_nej;2026-02-02;;;;
SKYDD;P-SKYDD;vard_och_omsorgsboende;Brunnsgården;beslut;2026-01-20;K;19290909-T610;skyddad;skal=resursbrist
INOM;P-INOM;hemtjanst;;beslut;2026-01-10;M;19400101-T711;;skal=resursbrist
INOM;;;;insats_paborjad;2026-04-10;;;;
TRIG;P-TRIG;hemtjanst;;beslut;2026-01-10;M;19400101-T811;;skal=resursbrist
TRIG;;;;insats_paborjad;2026-04-11;;;;
AVSL;P-AVSL;vard_och_omsorgsboende;;beslut;2025-12-01;K;19260606-T912;;skal=resursbrist
AVSL;;;;avslut;2026-05-05;;;;orsak=avliden
UTANKOD;P-UTANKOD;hemtjanst;;beslut;2026-02-01;K;;;
PNR;P-PNR;hemtjanst;;beslut;2026-02-01;;19450312-1236;;skal=resursbrist
`

// dataset reads canonical CSV text into a dataset.
func dataset(tb testing.TB, csv string) *audit.Dataset {
	tb.Helper()
	b := canonical.NewBuilder(audit.NewVocabulary())
	if err := b.ReadFile("test.csv", strings.NewReader(csv)); err != nil {
		tb.Fatal(err)
	}
	if len(b.Rejected) > 0 {
		tb.Fatalf("rejected rows: %v", b.Rejected)
	}
	return b.Dataset()
}

func quarter(tb testing.TB, s string) Quarter {
	tb.Helper()
	q, err := ParseQuarter(s)
	if err != nil {
		tb.Fatal(err)
	}
	return q
}

// find returns the list and row of case id in r, or ok false.
func find(r *Report, id string) (List, *Row, bool) {
	for _, l := range Lists {
		for i := range r.Rows[l] {
			if r.Rows[l][i].CaseID == id {
				return l, &r.Rows[l][i], true
			}
		}
	}
	return 0, nil, false
}

const none List = 99

func TestCompute(t *testing.T) {
	ds := dataset(t, events)
	d := audit.MustDate
	tests := []struct {
		name    string
		caseID  string
		quarter string
		want    List // none: not in the report
		check   func(t *testing.T, r *Row)
	}{
		{"ExactlyThreeMonthsOnLastDayNotYet", "EXAKT", "2026Q2", none, nil},
		{"ExactlyThreeMonthsReportableNextQuarter", "EXAKT", "2026Q3", New, func(t *testing.T, r *Row) {
			if r.Trigger != d("2026-07-01") {
				t.Errorf("trigger %s, want 2026-07-01", r.Trigger)
			}
		}},
		{"OneDayOlderIsReportable", "ELDRE", "2026Q2", New, func(t *testing.T, r *Row) {
			if r.Trigger != d("2026-06-30") || r.DaysWaited != 93 {
				t.Errorf("trigger %s days %d, want 2026-06-30 and 93", r.Trigger, r.DaysWaited)
			}
		}},
		{"Avbrott", "AVBR", "2026Q2", New, func(t *testing.T, r *Row) {
			if r.Avbrott != d("2026-03-15") || r.Trigger != d("2026-06-16") || r.Reason != "annat" {
				t.Errorf("avbrott %s trigger %s reason %q", r.Avbrott, r.Trigger, r.Reason)
			}
			if r.Inriktning != "funktionsnedsattning" || r.DaysWaited != int(d("2026-06-30")-d("2026-03-15")) {
				t.Errorf("inriktning %q days %d", r.Inriktning, r.DaysWaited)
			}
		}},
		{"AvbrottNotYetInQ1", "AVBR", "2026Q1", none, nil},
		{"NewWhileVerkstalldAfterQuarter", "DAGEN", "2026Q2", New, func(t *testing.T, r *Row) {
			if r.Ended != audit.NoDate || r.Closure != Open {
				t.Errorf("a verkställighet after the quarter leaked in: %s %v", r.Ended, r.Closure)
			}
		}},
		{"VerkstalldDayAfterReportingClosesNextQuarter", "DAGEN", "2026Q3", Closed, func(t *testing.T, r *Row) {
			if r.Ended != d("2026-07-01") || r.Closure != Verkstalld || r.FirstReport {
				t.Errorf("ended %s closure %v first %v", r.Ended, r.Closure, r.FirstReport)
			}
			if r.DaysWaited != int(d("2026-07-01")-d("2026-01-10")) {
				t.Errorf("days %d", r.DaysWaited)
			}
		}},
		{"ClosedOnceOnly", "DAGEN", "2026Q4", none, nil},
		{"YearChangeNewInQ4", "SEPT", "2026Q4", New, func(t *testing.T, r *Row) {
			if r.Trigger != d("2026-12-16") {
				t.Errorf("trigger %s", r.Trigger)
			}
		}},
		{"YearChangeOngoingInQ1", "SEPT", "2027Q1", Ongoing, func(t *testing.T, r *Row) {
			if r.DaysWaited != int(d("2027-03-31")-d("2026-09-15")) {
				t.Errorf("days %d", r.DaysWaited)
			}
		}},
		{"YearChangeNotYetInQ4", "OKT", "2026Q4", none, nil},
		{"YearChangeNewInQ1", "OKT", "2027Q1", New, func(t *testing.T, r *Row) {
			if r.Trigger != d("2027-01-21") {
				t.Errorf("trigger %s", r.Trigger)
			}
		}},
		{"DeclinedOfferKeepsOpen", "NEJ", "2026Q2", New, func(t *testing.T, r *Row) {
			if len(r.Offers) != 1 || r.Offers[0].Date != d("2026-02-01") || r.Offers[0].Declined != d("2026-02-02") {
				t.Errorf("offers %+v", r.Offers)
			}
			if r.Reason != "tackat_nej" || r.Closure != Open {
				t.Errorf("reason %q closure %v", r.Reason, r.Closure)
			}
		}},
		{"DeclinedOfferStillOngoing", "NEJ", "2026Q3", Ongoing, nil},
		{"SkyddadNeverListed", "SKYDD", "2026Q2", none, nil},
		{"VerkstalldWithinThreeMonths", "INOM", "2026Q2", none, nil},
		{"VerkstalldOnTriggerDay", "TRIG", "2026Q2", Closed, func(t *testing.T, r *Row) {
			if !r.FirstReport || r.Ended != d("2026-04-11") {
				t.Errorf("first %v ended %s", r.FirstReport, r.Ended)
			}
		}},
		{"AvslutCloses", "AVSL", "2026Q2", Closed, func(t *testing.T, r *Row) {
			if r.Closure != Avslutad || r.EndNote != "avliden" || r.FirstReport {
				t.Errorf("closure %v note %q first %v", r.Closure, r.EndNote, r.FirstReport)
			}
		}},
		{"AvslutNewInQ1", "AVSL", "2026Q1", New, nil},
		{"MissingIVOCodeIsEmpty", "UTANKOD", "2026Q2", New, func(t *testing.T, r *Row) {
			if r.IVOCode != "" || r.Gender != 'K' || r.Reason != "" {
				t.Errorf("code %q gender %c reason %q", r.IVOCode, r.Gender, r.Reason)
			}
		}},
		{"PersonnummerIsNeverAnIVOCode", "PNR", "2026Q2", New, func(t *testing.T, r *Row) {
			if r.IVOCode != "" || r.Gender != 0 {
				t.Errorf("code %q gender %c", r.IVOCode, r.Gender)
			}
		}},
		{"GenderFromIVOCodeParity", "ELDRE", "2026Q2", New, func(t *testing.T, r *Row) {
			if r.Gender != 'M' || r.IVOCode != "19400101-T013" {
				t.Errorf("gender %c code %q", r.Gender, r.IVOCode)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compute(ds, quarter(t, tt.quarter), Options{})
			l, row, ok := find(r, tt.caseID)
			switch {
			case tt.want == none && ok:
				t.Fatalf("%s is in list %d of %s, want not reported", tt.caseID, l, tt.quarter)
			case tt.want == none:
				return
			case !ok:
				t.Fatalf("%s not in the report of %s, want list %d", tt.caseID, tt.quarter, tt.want)
			case l != tt.want:
				t.Fatalf("%s in list %d, want %d", tt.caseID, l, tt.want)
			}
			if tt.check != nil {
				tt.check(t, row)
			}
		})
	}
}

func TestProtectedOnlyCounted(t *testing.T) {
	ds := dataset(t, events)
	r := Compute(ds, quarter(t, "2026Q2"), Options{})
	if r.Protected[New] != 1 {
		t.Errorf("protected new = %d, want 1", r.Protected[New])
	}
	listed := len(r.Rows[New]) + len(r.Rows[Ongoing]) + len(r.Rows[Closed])
	if got := r.Stats.New + r.Stats.Ongoing + r.Stats.Closed; got != listed+1 {
		t.Errorf("statistics count %d rows, want the %d listed plus the protected one", got, listed)
	}
	for _, is := range r.Issues {
		if is.CaseID == "SKYDD" {
			t.Errorf("a protected case id in the data-quality notes: %+v", is)
		}
	}
}

func TestIssues(t *testing.T) {
	ds := dataset(t, events)
	r := Compute(ds, quarter(t, "2026Q2"), Options{})
	want := map[IssueKind][]string{
		IssueIVOCodeMissing: {"UTANKOD"},
		IssueIVOCodeInvalid: {"PNR"},
		IssueGenderUnknown:  {"PNR"},
		IssueReasonMissing:  {"UTANKOD"},
	}
	for k, ids := range want {
		var got []string
		for _, is := range r.Issues {
			if is.Kind == k {
				got = append(got, is.CaseID)
			}
		}
		if strings.Join(got, ",") != strings.Join(ids, ",") {
			t.Errorf("issue %d: cases %v, want %v", k, got, ids)
		}
	}
}

// TestRejectedRowIssue: a case in the report whose verkställighet (or another row the
// report is built from) was rejected on import is noted, with the row, so that it is
// checked before the report is sent; a protected person's note carries neither case id
// nor row.
func TestRejectedRowIssue(t *testing.T) {
	in := events +
		"REJ;P-REJ;hemtjanst;;beslut;2026-01-12;K;19400101-T022;;skal=resursbrist\n" +
		"REJ;;;;insats_paborjad;2026-02-31;;;;\n" +
		"SKYDD;;;;insats_paborjad;2026-02-31;;;;\n" +
		"REJ;;;;genomforandeplan_klar;2026-02-31;;;;\n" + // not an event the report uses
		"INOM;;;;avslut;2026-13-01;;;;\n" // INOM is not in the 2026Q2 lists
	b := canonical.NewBuilder(audit.NewVocabulary())
	if err := b.ReadFile("test.csv", strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	if len(b.Rejected) != 4 {
		t.Fatalf("rejected %v", b.Rejected)
	}
	r := Compute(b.Dataset(), quarter(t, "2026Q2"), Options{})
	var got []string
	for _, is := range r.Issues {
		if is.Kind == IssueRowRejected {
			got = append(got, is.CaseID+"@"+is.Detail)
		}
	}
	if want := "@,REJ@test.csv:24"; strings.Join(got, ",") != want {
		t.Errorf("issues %v, want %s", got, want)
	}
	if _, _, ok := find(r, "REJ"); !ok {
		t.Error("REJ is not listed: the rejected row must not hide the case")
	}
}

func TestStatistics(t *testing.T) {
	ds := dataset(t, events)
	r := Compute(ds, quarter(t, "2026Q2"), Options{})
	s := &r.Stats
	// New in Q2: ELDRE (M), AVBR (K), DAGEN (K), NEJ (K), SKYDD (K), UTANKOD (K), PNR (?).
	// Ongoing: AVSL was new in Q1 but closed in Q2. Closed: TRIG, AVSL.
	if s.New != 7 || s.Ongoing != 0 || s.Closed != 2 {
		t.Fatalf("lists %d/%d/%d, want 7/0/2", s.New, s.Ongoing, s.Closed)
	}
	if s.Total.Open != [3]int{5, 1, 1} || s.Total.Closed != [3]int{1, 1, 0} {
		t.Errorf("by kön open %v closed %v", s.Total.Open, s.Total.Closed)
	}
	if s.ByInsats[0].Key != "hemtjanst" || s.ByInsats[0].OpenTotal() != 4 {
		t.Errorf("by insats %+v", s.ByInsats)
	}
	if s.OpenWait.N != 7 || s.OpenWait.Max != int(audit.MustDate("2026-06-30")-audit.MustDate("2026-01-05")) {
		t.Errorf("open wait %+v", s.OpenWait)
	}
}

func TestPreliminary(t *testing.T) {
	ds := dataset(t, events)
	q := quarter(t, "2026Q2")
	if r := Compute(ds, q, Options{GeneratedAt: time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)}); !r.Preliminary {
		t.Error("a report made on the quarter's last day is not marked preliminary")
	}
	if r := Compute(ds, q, Options{GeneratedAt: time.Date(2026, 7, 2, 6, 0, 0, 0, time.UTC)}); r.Preliminary {
		t.Error("a report made after the quarter is marked preliminary")
	}
}

// TestBeslutCases: the report counts the cases with a beslut by the quarter's end, so
// that an input without any (an export of beställningar) is told from a quarter
// without ej verkställda beslut.
func TestBeslutCases(t *testing.T) {
	tests := []struct {
		name, csv, quarter string
		want               int
	}{
		{"every beslut by 2026Q4", events, "2026Q4", 13},
		{"beslut dated later left out", events, "2025Q4", 2},
		{"no beslut at all", "case_id;insats;event;date\nB1;hemtjanst;bestallning_registrerad;2026-01-05\nB1;hemtjanst;insats_paborjad;2026-01-09\n", "2026Q1", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compute(dataset(t, tt.csv), quarter(t, tt.quarter), Options{})
			if r.BeslutCases != tt.want {
				t.Errorf("BeslutCases = %d, want %d", r.BeslutCases, tt.want)
			}
		})
	}
}

// TestSameDayAndLaterBeslut: an insats_paborjad on the beslut's day counts as its
// verkställighet whatever the order of the rows; a later beslut, made after the first was
// verkställd and not verkställd itself for three months, is pointed out though the list
// follows the first beslut only.
func TestSameDayAndLaterBeslut(t *testing.T) {
	const csv = `case_id;person;insats;event;date;gender;ivo_code;details
SAME;P-SAME;hemtjanst;insats_paborjad;2026-01-10;K;19400101-T002;
SAME;;;beslut;2026-01-10;;;skal=resursbrist
LATER;P-LATER;hemtjanst;beslut;2025-10-01;M;19400101-T013;skal=resursbrist
LATER;;;insats_paborjad;2025-10-05;;;
LATER;;;beslut;2026-01-10;;;skal=resursbrist
LATERV;P-LATERV;hemtjanst;beslut;2025-10-01;M;19400101-T023;skal=resursbrist
LATERV;;;insats_paborjad;2025-10-05;;;
LATERV;;;beslut;2026-01-10;;;skal=resursbrist
LATERV;;;insats_paborjad;2026-02-01;;;
LATERD;P-LATERD;hemtjanst;beslut;2025-10-01;M;19400101-T033;skal=resursbrist
LATERD;;;insats_paborjad;2025-10-05;;;
LATERD;;;insats_paborjad;2026-01-10;;;
LATERD;;;beslut;2026-01-10;;;skal=resursbrist
LATERA;P-LATERA;hemtjanst;beslut;2025-10-01;M;19400101-T043;skal=resursbrist
LATERA;;;insats_paborjad;2025-10-05;;;
LATERA;;;beslut;2026-01-10;;;skal=resursbrist
LATERA;;;avslut;2026-02-01;;;
`
	for _, q := range []string{"2026Q2", "2026Q3"} {
		r := Compute(dataset(t, csv), quarter(t, q), Options{})
		for _, id := range []string{"SAME", "LATER", "LATERV", "LATERD", "LATERA"} {
			if l, _, ok := find(r, id); ok {
				t.Errorf("%s: %s listed in list %d", q, id, l)
			}
		}
		var later []string
		for _, is := range r.Issues {
			if is.Kind == IssueLaterBeslutOpen {
				later = append(later, is.CaseID)
			}
		}
		if strings.Join(later, ",") != "LATER" {
			t.Errorf("%s: later beslut open in %v, want LATER", q, later)
		}
	}
}
