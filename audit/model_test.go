package audit

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestEventDetails: an event's details are found by its code, row and date, so that
// events of one row (a profile's row may hold several) keep their own, the details of
// one event are replaced or cleared without touching the others', and sorting the
// events does not move details to another event.
func TestEventDetails(t *testing.T) {
	beslut, avslut := EventCode(1), EventCode(2)
	c := Case{Events: []Event{
		{Code: beslut, File: 0, Line: 2, Date: 20},
		{Code: avslut, File: 0, Line: 2, Date: 10}, // same row, another code
		{Code: beslut, File: 0, Line: 2, Date: 30}, // same row and code, another date
		{Code: beslut, File: 1, Line: 2, Date: 20}, // another file
		{Code: beslut, File: 0, Line: 3, Date: 20}, // another line
	}}
	for i := range c.Events {
		c.SetDetails(&c.Events[i], string(rune('a'+i))+"=1")
	}
	c.SetDetails(&c.Events[2], "c=2")
	c.SetDetails(&c.Events[4], "")
	c.SortEvents()
	want := map[Event]string{
		{Code: beslut, File: 0, Line: 2, Date: 20}: "a=1",
		{Code: avslut, File: 0, Line: 2, Date: 10}: "b=1",
		{Code: beslut, File: 0, Line: 2, Date: 30}: "c=2",
		{Code: beslut, File: 1, Line: 2, Date: 20}: "d=1",
		{Code: beslut, File: 0, Line: 3, Date: 20}: "",
	}
	for i := range c.Events {
		e := &c.Events[i]
		if got := c.DetailsOf(e); got != want[*e] {
			t.Errorf("event %+v: details %q, want %q", *e, got, want[*e])
		}
	}
	if len(*c.Details) != 4 {
		t.Errorf("%d details kept, want 4 (one cleared)", len(*c.Details))
	}
	if v, ok := c.Detail(&c.Events[4], "c"); !ok || v != "2" { // sorted by date: the event on day 30 is last
		t.Errorf("Detail(c) = %q, %v", v, ok)
	}
	for i := range c.Events {
		c.SetDetails(&c.Events[i], "")
	}
	if c.Details != nil {
		t.Errorf("details %v left after clearing every event's, want nil", *c.Details)
	}
}

// TestEventRegistered: a registration date near the event's date is kept in the event,
// one further in the case's details, and either is found, replaced and cleared alike,
// with or without details text on the same event.
func TestEventRegistered(t *testing.T) {
	d := MustDate("2026-03-10")
	for _, tc := range []struct {
		name string
		reg  Date
		far  bool
	}{
		{"none", NoDate, false},
		{"same day", d, false},
		{"a month later", d + 31, false},
		{"last day kept in the event", d + regMax, false},
		{"first day kept in the case", d + regMax + 1, true},
		{"earliest in the event", d + regMin, false},
		{"before that", d + regMin - 1, true},
		{"decades later", d + 40*365, true},
		{"far before", MustDate("1901-01-01"), true},
	} {
		for _, text := range []string{"", "omrade=Norr"} {
			t.Run(tc.name+"/"+text, func(t *testing.T) {
				c := Case{Events: []Event{{Code: 1, Date: d, Line: 2}, {Code: 1, Date: d, Line: 3}}}
				e, other := &c.Events[0], &c.Events[1]
				c.SetDetails(e, text)
				c.SetRegistered(e, tc.reg)
				c.SetRegistered(other, d+1)
				if got := c.Registered(e); got != tc.reg {
					t.Errorf("Registered = %v, want %v", got, tc.reg)
				}
				if got := c.Registered(other); got != d+1 {
					t.Errorf("the other event's Registered = %v, want %v", got, d+1)
				}
				if got := c.DetailsOf(e); got != text {
					t.Errorf("details %q, want %q", got, text)
				}
				if inCase := e.reg == regFar; inCase != tc.far {
					t.Errorf("kept in the case: %v, want %v", inCase, tc.far)
				}
				// Cleared, the details stay; details cleared, the date stays.
				c.SetDetails(e, "")
				if got := c.Registered(e); got != tc.reg {
					t.Errorf("after clearing the details, Registered = %v, want %v", got, tc.reg)
				}
				c.SetRegistered(e, NoDate)
				if got := c.Registered(e); got != NoDate || c.Details != nil {
					t.Errorf("after clearing, Registered = %v and details %v, want none", got, c.Details)
				}
				// Near again after far, and far again after near.
				c.SetRegistered(e, tc.reg)
				c.SetRegistered(e, d+2)
				if got := c.Registered(e); got != d+2 || c.Details != nil {
					t.Errorf("set near after %v: Registered = %v, details %v", tc.reg, got, c.Details)
				}
			})
		}
	}
	// The zero Event has no registration date.
	var c Case
	if got := c.Registered(&Event{Date: d}); got != NoDate {
		t.Errorf("zero Event: Registered = %v, want none", got)
	}
}

// TestCaseTexts: a case's id, pseudonym and IVO code share one string; each setter
// keeps the other two, and the limits hold at their edges.
func TestCaseTexts(t *testing.T) {
	texts := func(c *Case) [3]string { return [3]string{c.ID(), c.Person(), c.IVOCode()} }
	var c Case
	if got := texts(&c); got != [3]string{} {
		t.Errorf("zero case: %q", got)
	}
	steps := []struct {
		name string
		set  func(c *Case)
		want [3]string
	}{
		{"SetTexts", func(c *Case) { c.SetTexts("A-1", "P-1", "19400101-T123") }, [3]string{"A-1", "P-1", "19400101-T123"}},
		{"SetPerson", func(c *Case) { c.SetPerson("P-åäö") }, [3]string{"A-1", "P-åäö", "19400101-T123"}},
		{"SetIVOCode", func(c *Case) { c.SetIVOCode("") }, [3]string{"A-1", "P-åäö", ""}},
		{"SetID", func(c *Case) { c.SetID("ÄR-22") }, [3]string{"ÄR-22", "P-åäö", ""}},
		{"SetPerson empty", func(c *Case) { c.SetPerson("") }, [3]string{"ÄR-22", "", ""}},
		{"SetIVOCode alone", func(c *Case) { c.SetIVOCode("19500101-T456") }, [3]string{"ÄR-22", "", "19500101-T456"}},
		{"FillTexts fills the pseudonym only", func(c *Case) { c.FillTexts("P-9", "19990101-T999") }, [3]string{"ÄR-22", "P-9", "19500101-T456"}},
		{"FillTexts keeps what is there", func(c *Case) { c.FillTexts("P-10", "") }, [3]string{"ÄR-22", "P-9", "19500101-T456"}},
		{"FillTextsIn with nothing to fill joins nothing", func(c *Case) {
			c.FillTextsIn("P-11", "19000101-T000", func(a, b, c string) string { panic("joined") })
		}, [3]string{"ÄR-22", "P-9", "19500101-T456"}},
		{"FillTextsIn joins by its func", func(c *Case) {
			c.SetTexts("ÄR-23", "", "")
			c.FillTextsIn("P-12", "", func(a, b, c string) string { return strings.Join([]string{a, b, c}, "") })
		}, [3]string{"ÄR-23", "P-12", ""}},
		{"WithTexts", func(c *Case) { *c = c.WithTexts("B", "Q", "R") }, [3]string{"B", "Q", "R"}},
		{"KeepTexts", func(c *Case) { c.KeepTexts(func(s string) string { return strings.Clone(s) }) }, [3]string{"B", "Q", "R"}},
		{"SetJoinedTexts", func(c *Case) { c.SetJoinedTexts("idpersonivo", 2, 6) }, [3]string{"id", "person", "ivo"}},
		{"at the limit", func(c *Case) { c.SetTexts(strings.Repeat("i", MaxCaseText), strings.Repeat("p", MaxCaseText), "v") },
			[3]string{strings.Repeat("i", MaxCaseText), strings.Repeat("p", MaxCaseText), "v"}},
	}
	for _, st := range steps {
		st.set(&c)
		if got := texts(&c); got != st.want {
			t.Errorf("after %s: %.20q, want %.20q", st.name, got, st.want)
		}
	}
	for _, tc := range []struct {
		name string
		set  func(c *Case)
	}{
		{"id too long", func(c *Case) { c.SetTexts(strings.Repeat("i", MaxCaseText+1), "", "") }},
		{"person too long", func(c *Case) { c.SetTexts("A", strings.Repeat("p", MaxCaseText+1), "") }},
		{"joined too short", func(c *Case) { c.SetJoinedTexts("abc", 2, 2) }},
		{"negative", func(c *Case) { c.SetJoinedTexts("abc", -1, 2) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("no panic")
				}
			}()
			var c Case
			tc.set(&c)
		})
	}
}

// TestDetailsRandom: details set, replaced and cleared in any order of rows, codes and
// dates are found again as a map of them says, and the case keeps them sorted; so
// does AppendDetails, whatever the order of the two parts.
func TestDetailsRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	type key struct {
		file uint16
		line int32
		code EventCode
		date Date
	}
	for round := range 50 {
		var c Case
		want := map[key]string{}
		var evs []Event
		for range 200 {
			e := Event{Code: EventCode(1 + rng.IntN(3)), Date: Date(rng.IntN(5)), File: uint16(rng.IntN(2)), Line: int32(1 + rng.IntN(40))}
			text := ""
			if rng.IntN(4) > 0 {
				text = fmt.Sprintf("n=%d", rng.IntN(1000))
			}
			c.SetDetails(&e, text)
			k := key{e.File, e.Line, e.Code, e.Date}
			if text == "" {
				delete(want, k)
			} else {
				want[k] = text
			}
			evs = append(evs, e)
		}
		for i := range evs {
			e := &evs[i]
			if got, w := c.DetailsOf(e), want[key{e.File, e.Line, e.Code, e.Date}]; got != w {
				t.Fatalf("round %d: details of %+v = %q, want %q", round, *e, got, w)
			}
		}
		if n := detailsLen(&c); n != len(want) {
			t.Fatalf("round %d: %d details kept, want %d", round, n, len(want))
		}
		checkSorted(t, &c)
		// Split at a random row into two parts and joined again, in either order.
		var a, b Case
		cut := int32(rng.IntN(40))
		for i := range evs {
			e := &evs[i]
			part := &a
			if e.File == 1 || e.Line > cut {
				part = &b
			}
			part.SetDetails(e, c.DetailsOf(e))
		}
		if round%2 == 1 {
			a, b = b, a
		}
		a.AppendDetails(&b)
		checkSorted(t, &a)
		for i := range evs {
			if got, w := a.DetailsOf(&evs[i]), c.DetailsOf(&evs[i]); got != w {
				t.Fatalf("round %d: after AppendDetails, details of %+v = %q, want %q", round, evs[i], got, w)
			}
		}
	}
}

func detailsLen(c *Case) int {
	if c.Details == nil {
		return 0
	}
	return len(*c.Details)
}

func checkSorted(t *testing.T, c *Case) {
	t.Helper()
	if c.Details == nil {
		return
	}
	ds := *c.Details
	for i := 1; i < len(ds); i++ {
		if ds[i-1].key().compare(ds[i].key()) >= 0 {
			t.Fatalf("details %d and %d out of order: %+v, %+v", i-1, i, ds[i-1], ds[i])
		}
	}
}

// BenchmarkRegisteredFarBigCase: one case with many events whose registration dates
// are kept in the case (far from their dates), set in the order of reading and in
// reverse: each is found by a binary search, not a scan of the ones before.
func BenchmarkRegisteredFarBigCase(b *testing.B) {
	const n = 40000
	for _, order := range []string{"rows in order", "rows reversed"} {
		b.Run(order, func(b *testing.B) {
			for b.Loop() {
				var c Case
				c.Events = make([]Event, n)
				for i := range c.Events {
					line := int32(i + 2)
					if order == "rows reversed" {
						line = int32(n + 1 - i)
					}
					e := &c.Events[i]
					e.Code, e.Date, e.Line = 1, Date(i), line
					c.SetRegistered(e, e.Date+400)
				}
				if got := c.Registered(&c.Events[n/2]); got != Date(n/2)+400 {
					b.Fatalf("Registered = %v", got)
				}
			}
		})
	}
}
