package audit

import (
	"slices"
	"strings"
	"testing"
)

// TestUnreadMakesDependentStepsDatafel: an event of a rejected row that names its case
// makes a verdict that hinges on it datafel: a missing, pending or late target, or a
// start event when the rule did not start. Verdicts that do not hinge on it stand.
func TestUnreadMakesDependentStepsDatafel(t *testing.T) {
	dur := durationRule("bestallning_registrerad", "bestallning_bekraftad", "3 vardagar")
	cond := durationRule("bestallning_registrerad", "bestallning_bekraftad", "3 vardagar")
	cond.When.Insats = []string{"boendestod"} // the case is hemtjanst: the rule does not apply
	rec := &Rule{ID: "T", Kind: KindRecurring, From: code("genomforandeplan_klar"), To: code("genomforandeplan_uppfoljd"), Deadline: dl("minst en gång per år")}
	prec := &Rule{ID: "T", Kind: KindPrecedence, From: code("insats_paborjad"), To: code("insats_paborjad"), FromField: FieldDate, ToField: FieldRegistered}
	each := durationRule("bestallning_registrerad", "bestallning_bekraftad", "3 vardagar")
	each.Each = true
	lag := durationRule("insats_paborjad", "insats_paborjad", "1 dagar")
	lag.ToField = FieldRegistered
	latest := durationRule("svar_ja", "insats_paborjad", "7 dagar")
	latest.FromAlso, latest.StartLatest = []EventCode{code("beslut")}, true
	esc := &Rule{ID: "T", Kind: KindEscalation, From: code("bestallning_mottagen"), To: code("handlaggare_kontaktad"), Unless: code("insats_paborjad"), Deadline: dl("1 månad")}
	reg, conf := ev("bestallning_registrerad", "2026-03-02"), ev("bestallning_bekraftad", "2026-03-04")
	late := ev("bestallning_bekraftad", "2026-03-20")
	tests := []struct {
		name   string
		rule   *Rule
		events []Event
		unread string // the event code of the rejected row
		asof   string
		want   Status
	}{
		{"SaknasBecomesDatafel", dur, []Event{reg}, "bestallning_bekraftad", "2026-03-31", Datafel},
		{"PagaendeBecomesDatafel", dur, []Event{reg}, "bestallning_bekraftad", "2026-03-03", Datafel},
		{"SenBecomesDatafel", dur, []Event{reg, late}, "bestallning_bekraftad", "2026-03-31", Datafel},
		{"ITidStands", dur, []Event{reg, conf}, "bestallning_bekraftad", "2026-03-31", ITid},
		{"StartUnreadBecomesDatafel", dur, []Event{ev("beslut", "2026-03-01")}, "bestallning_registrerad", "2026-03-31", Datafel},
		{"StartUnreadButStartedStands", dur, []Event{reg}, "bestallning_registrerad", "2026-03-31", Saknas},
		{"OtherEventStands", dur, []Event{reg}, "insats_paborjad", "2026-03-31", Saknas},
		{"ConditionStands", cond, []Event{reg}, "bestallning_bekraftad", "2026-03-31", EjTillamplig},
		{"RecurringSaknasBecomesDatafel", rec, []Event{ev("genomforandeplan_klar", "2025-01-10")}, "genomforandeplan_uppfoljd", "2026-03-01", Datafel},
		{"EachNotStartedBecomesDatafel", each, []Event{ev("beslut", "2026-03-01")}, "bestallning_registrerad", "2026-03-31", Datafel},
		{"RecurringNotStartedBecomesDatafel", rec, []Event{ev("beslut", "2025-01-10")}, "genomforandeplan_klar", "2026-03-01", Datafel},
		{"RecurringAvslutUnreadBecomesDatafel", rec, []Event{ev("genomforandeplan_klar", "2025-01-10")}, "avslut", "2026-03-01", Datafel},
		{"RegistrationLagOtherRowStands", lag, []Event{ev("insats_paborjad", "2026-03-02", "2026-03-09")}, "insats_paborjad", "2026-03-31", Sen},
		{"RegistrationLagNotStartedBecomesDatafel", lag, []Event{ev("beslut", "2026-03-02")}, "insats_paborjad", "2026-03-31", Datafel},
		{"StartLatestLaterStartBecomesDatafel", latest, []Event{ev("svar_ja", "2026-03-02"), ev("insats_paborjad", "2026-03-20")}, "beslut", "2026-03-31", Datafel},
		{"StartLatestITidStands", latest, []Event{ev("svar_ja", "2026-03-02"), ev("insats_paborjad", "2026-03-05")}, "beslut", "2026-03-31", ITid},
		{"StartEarliestStartedStands", dur, []Event{reg, late}, "bestallning_registrerad", "2026-03-31", Sen},
		{"EscalationUnlessUnreadBecomesDatafel", esc, []Event{ev("bestallning_mottagen", "2026-01-05")}, "insats_paborjad", "2026-03-31", Datafel},
		{"EscalationOtherStands", esc, []Event{ev("bestallning_mottagen", "2026-01-05")}, "beslut", "2026-03-31", Saknas},
		{"PrecedenceStands", prec, []Event{ev("insats_paborjad", "2026-03-10", "2026-03-09")}, "insats_paborjad", "2026-03-31", Sen},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rt := testRoutine("t", tc.rule)
			ds := oneCase(tc.events...)
			before := Evaluate(ds, []*Routine{rt}, Options{Asof: MustDate(tc.asof)})
			ds.Unread = []Unread{{Case: 0, Code: code(tc.unread), Source: Source{File: 0, Line: 7}}}
			res := Evaluate(ds, []*Routine{rt}, Options{Asof: MustDate(tc.asof)})
			v := &res.Verdicts[0]
			if v.Status != tc.want {
				t.Fatalf("got %s (%s), want %s", v.Status.Code(), res.Reason(v), tc.want.Code())
			}
			b := &before.Verdicts[0]
			if tc.want != Datafel {
				if *v != *b || res.Reason(v) != before.Reason(b) {
					t.Errorf("verdict changed without depending on the rejected row: %+v → %+v", *b, *v)
				}
				return
			}
			if b.Status == Datafel {
				t.Fatalf("the case is datafel without the rejected row: the test shows nothing")
			}
			why := res.Reason(v)
			if !strings.Contains(why, "avvisades vid importen") || !strings.Contains(why, tc.unread) {
				t.Errorf("reason %q: want it to name the event and the rejection", why)
			}
			if v.Source != (Source{File: 0, Line: 7}) || v.Days != 0 || v.HasLead || v.EventDate != NoDate {
				t.Errorf("datafel %+v: want the rejected row as source, no days, no event date", *v)
			}
			if v.Start != b.Start || v.Deadline != b.Deadline {
				t.Errorf("start %s deadline %s, want %s %s as without the row", v.Start, v.Deadline, b.Start, b.Deadline)
			}
		})
	}
}

// TestUnreadOnlyTouchesItsCase: in a data set of many cases, the rejected row changes
// the verdicts of its own case only, whatever the number of workers.
func TestUnreadOnlyTouchesItsCase(t *testing.T) {
	r := durationRule("bestallning_registrerad", "bestallning_bekraftad", "3 vardagar")
	rt := testRoutine("t", r)
	ds := &Dataset{Files: []string{"t.csv"}}
	for i := range 10000 {
		ds.Cases = append(ds.Cases, Case{Insats: MakeName("hemtjanst"), Events: []Event{ev("bestallning_registrerad", "2026-03-02")}}.WithTexts("C"+string(rune('a'+i%26)), "", ""))
	}
	tied := []int32{3, 4096, 9999}
	for _, ci := range tied {
		ds.Unread = append(ds.Unread, Unread{Case: ci, Code: code("bestallning_bekraftad"), Source: Source{Line: ci + 2}})
	}
	for _, workers := range []int{1, 2, 7} {
		res := Evaluate(ds, []*Routine{rt}, Options{Asof: MustDate("2026-03-31"), Workers: workers})
		for i, v := range res.Verdicts {
			want := Saknas
			if slices.Contains(tied, v.Case) {
				want = Datafel
				if v.Source.Line != v.Case+2 {
					t.Errorf("workers %d: case %d points at line %d", workers, v.Case, v.Source.Line)
				}
			}
			if v.Status != want {
				t.Fatalf("workers %d: verdict %d (case %d) is %s, want %s", workers, i, v.Case, v.Status.Code(), want.Code())
			}
		}
	}
}

// TestAddUnread: rejections that name a case that was imported and an event are tied
// to it, with the file they are given for (two files may have the same name), sorted by
// case and row; others are left out.
func TestAddUnread(t *testing.T) {
	ds := &Dataset{Files: []string{"same.csv", "same.csv"}, Cases: []Case{Case{}.WithTexts("A", "", ""), Case{}.WithTexts("B", "", "")}}
	conf := code("bestallning_bekraftad")
	first := []Rejection{
		{File: "same.csv", Line: 3, CaseID: "A", Event: code("beslut")},
		{File: "same.csv", Line: 4, CaseID: "X", Event: conf}, // no imported row: not audited
		{File: "same.csv", Line: 5, CaseID: "B", Event: conf},
		{File: "same.csv", Line: 6, CaseID: "A"}, // unknown event
		{File: "same.csv", Line: 7, Event: conf}, // no case id
	}
	second := []Rejection{
		{File: "same.csv", Line: 2, CaseID: "B", Event: conf},
		{File: "same.csv", Line: 8, CaseID: "A", Event: conf},
	}
	index := func(id string) (int32, bool) {
		i := slices.IndexFunc(ds.Cases, func(c Case) bool { return c.ID() == id })
		return int32(i), i >= 0
	}
	ds.AddUnread(append(first, second...), []int{0, len(first)}, index)
	ds.AddUnread(nil, nil, index)
	want := []Unread{
		{Case: 0, Code: code("beslut"), Source: Source{File: 0, Line: 3}},
		{Case: 0, Code: conf, Source: Source{File: 1, Line: 8}},
		{Case: 1, Code: conf, Source: Source{File: 0, Line: 5}},
		{Case: 1, Code: conf, Source: Source{File: 1, Line: 2}},
	}
	if !slices.Equal(ds.Unread, want) {
		t.Errorf("got %+v\nwant %+v", ds.Unread, want)
	}
	if got := ds.UnreadOf(1); len(got) != 2 || got[0].Case != 1 {
		t.Errorf("UnreadOf(1) = %+v", got)
	}
	if got := ds.UnreadOf(2); len(got) != 0 {
		t.Errorf("UnreadOf(2) = %+v, want none", got)
	}
}
