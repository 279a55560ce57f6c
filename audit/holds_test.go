package audit

import (
	"strings"
	"testing"
)

// TestHoldsMakesUnseeableStepsDatafel: when the input cannot hold a rule's target
// event, what would be saknas or pågående is datafel with the reason; verdicts that do
// not hinge on the event, and rules whose other target events the input holds, are as
// without Options.Holds.
func TestHoldsMakesUnseeableStepsDatafel(t *testing.T) {
	dur := durationRule("bestallning_registrerad", "bestallning_bekraftad", "3 vardagar")
	alt := durationRule("bestallning_registrerad", "bestallning_bekraftad", "3 vardagar")
	alt.ToAlso = []EventCode{code("insats_paborjad")}
	rec := &Rule{ID: "T", Kind: KindRecurring, From: code("genomforandeplan_klar"), To: code("genomforandeplan_uppfoljd"), Deadline: dl("minst en gång per år")}
	prec := &Rule{ID: "T", Kind: KindPrecedence, From: code("insats_paborjad"), To: code("insats_paborjad"), FromField: FieldDate, ToField: FieldRegistered}
	notConfirmed := func(c EventCode) bool {
		return c != code("bestallning_bekraftad") && c != code("genomforandeplan_uppfoljd")
	}
	tests := []struct {
		name   string
		rule   *Rule
		events []Event
		asof   string
		holds  func(EventCode) bool
		want   Status
	}{
		{"SaknasBecomesDatafel", dur, []Event{ev("bestallning_registrerad", "2026-03-02")}, "2026-03-31", notConfirmed, Datafel},
		{"PagaendeBecomesDatafel", dur, []Event{ev("bestallning_registrerad", "2026-03-02")}, "2026-03-03", notConfirmed, Datafel},
		{"SaknasWithoutHolds", dur, []Event{ev("bestallning_registrerad", "2026-03-02")}, "2026-03-31", nil, Saknas},
		{"SaknasWhenHeld", dur, []Event{ev("bestallning_registrerad", "2026-03-02")}, "2026-03-31", func(EventCode) bool { return true }, Saknas},
		{"NoTriggerStaysEjTillamplig", dur, []Event{ev("beslut", "2026-03-02")}, "2026-03-31", notConfirmed, EjTillamplig},
		{"OtherTargetHeld", alt, []Event{ev("bestallning_registrerad", "2026-03-02")}, "2026-03-31", notConfirmed, Saknas},
		{"RecurringSaknasBecomesDatafel", rec, []Event{ev("genomforandeplan_klar", "2025-01-10")}, "2026-03-01", notConfirmed, Datafel},
		{"PrecedenceUntouched", prec, []Event{ev("insats_paborjad", "2026-03-10", "2026-03-09")}, "2026-03-31", func(EventCode) bool { return false }, Sen},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rt := testRoutine("t", tc.rule)
			res := Evaluate(oneCase(tc.events...), []*Routine{rt}, Options{Asof: MustDate(tc.asof), Holds: tc.holds})
			if len(res.Verdicts) != 1 {
				t.Fatalf("%d verdicts", len(res.Verdicts))
			}
			v := &res.Verdicts[0]
			if v.Status != tc.want {
				t.Fatalf("got %s (%s), want %s", v.Status.Code(), res.Reason(v), tc.want.Code())
			}
			if tc.want == Datafel {
				if why := res.Reason(v); !strings.Contains(why, "kan inte visa händelsen") || v.Days != 0 || v.Start == NoDate {
					t.Errorf("datafel %q, days %d, start %s: want the reason, no days, the start kept", why, v.Days, v.Start)
				}
			}
		})
	}
}

// TestReasonCacheJoinsParts checks that cached reasons are the parts joined, also for
// parts of the same lengths (one slot of the recent texts) and for a nil cache.
func TestReasonCacheJoinsParts(t *testing.T) {
	rc := newReasonCache()
	parts := [][3]string{
		{"gäller inte insatsen ", "hemtjanst", ""},
		{"gäller inte insatsen ", "trygghets", ""}, // same lengths: the same slot
		{"ingen ", "beslut", " (regeln startar inte)"},
		{"gäller inte insatsen ", "hemtjanst", ""},
		{"ingen ", "bslut", "x (regeln startar inte)"},
		{"ingen ", "beslut", " (regeln startar inte)"},
	}
	for round := 0; round < 2; round++ {
		for _, p := range parts {
			want := p[0] + p[1] + p[2]
			if got := rc.cat(p[0], p[1], p[2]); got != want {
				t.Errorf("round %d: cat(%q, %q, %q) = %q, want %q", round, p[0], p[1], p[2], got, want)
			}
			var none *reasonCache
			if got := none.cat(p[0], p[1], p[2]); got != want {
				t.Errorf("nil cache: cat(%q, %q, %q) = %q, want %q", p[0], p[1], p[2], got, want)
			}
		}
	}
}
