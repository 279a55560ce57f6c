package audit

import (
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
