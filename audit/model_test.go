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
	type key struct {
		code EventCode
		src  Source
		date Date
	}
	keys := []key{
		{beslut, Source{0, 2}, 20},
		{avslut, Source{0, 2}, 10},     // same row, another code
		{beslut, Source{0, 2}, 30},     // same row and code, another date
		{beslut, Source{1, 2}, 20},     // another file: kept in the case
		{beslut, Source{0, 3}, 20},     // another line
		{beslut, Source{0, 40000}, 20}, // far down the file: kept in the case
	}
	c := Case{Source: Source{0, 2}}
	for _, k := range keys {
		e := Event{Code: k.code, Date: k.date}
		c.SetEventSource(&e, k.src)
		c.Events = append(c.Events, e)
	}
	for i := range c.Events {
		c.SetDetails(&c.Events[i], string(rune('a'+i))+"=1")
	}
	c.SetDetails(&c.Events[2], "c=2")
	c.SetDetails(&c.Events[4], "")
	c.SortEvents()
	want := map[key]string{keys[0]: "a=1", keys[1]: "b=1", keys[2]: "c=2", keys[3]: "d=1", keys[4]: "", keys[5]: "f=1"}
	for i := range c.Events {
		e := &c.Events[i]
		k := key{e.Code, c.EventSource(e), e.Date}
		w, ok := want[k]
		if got := c.DetailsOf(e); !ok || got != w {
			t.Errorf("event %+v: details %q, want %q", k, got, w)
		}
		delete(want, k)
	}
	if len(want) > 0 {
		t.Errorf("events lost their rows: %v", want)
	}
	if len(c.more.details) != 5 {
		t.Errorf("%d details kept, want 5 (one cleared)", len(c.more.details))
	}
	if v, ok := c.Detail(&c.Events[5], "c"); !ok || v != "2" { // sorted by date: the event on day 30 is last
		t.Errorf("Detail(c) = %q, %v", v, ok)
	}
	for i := range c.Events {
		c.SetDetails(&c.Events[i], "")
	}
	if c.HasDetails() {
		t.Errorf("details %v left after clearing every event's, want none", c.more.details)
	}
}

// TestEventSource: an event's row is kept in it when it is within rowNear lines after
// its case's first row in the same file, and in the case otherwise, up to MaxFarRows;
// it survives sorting and AppendEvents, whatever the other part's first row.
func TestEventSource(t *testing.T) {
	c := Case{Source: Source{File: 2, Line: 100}}
	srcs := []Source{
		{2, 100}, {2, 101}, {2, 100 + rowNear}, // near, the last at the edge
		{2, 101 + rowNear}, {2, 99}, {1, 100}, {3, 150}, {2, 1 << 30}, // far
		{}, // none
	}
	for i, s := range srcs {
		e := Event{Code: EventCode(i + 1), Date: Date(100 - i)}
		if !c.SetEventSource(&e, s) {
			t.Fatalf("SetEventSource(%v) = false", s)
		}
		if near := e.row >= 1 && e.row < rowFar; near != (i < 3) {
			t.Errorf("%v: kept in the event %v, want %v", s, near, i < 3)
		}
		c.Events = append(c.Events, e)
	}
	c.SortEvents()
	for i := range c.Events {
		e := &c.Events[i]
		if got, want := c.EventSource(e), srcs[e.Code-1]; got != want {
			t.Errorf("event %d: row %v, want %v", e.Code, got, want)
		}
	}
	// Appended to a case that begins elsewhere, every event keeps its row.
	d := Case{Source: Source{File: 2, Line: 50}}
	d.Events = append(d.Events, Event{Code: 99})
	d.SetEventSource(&d.Events[0], Source{2, 50})
	d.SetDetails(&d.Events[0], "x=1")
	c.SetDetails(&c.Events[0], "y=2")
	if lost := d.AppendEvents(&c); lost != 0 {
		t.Errorf("AppendEvents lost %d rows", lost)
	}
	for i := range d.Events {
		e := &d.Events[i]
		want := Source{2, 50}
		if e.Code != 99 {
			want = srcs[e.Code-1]
		}
		if got := d.EventSource(e); got != want {
			t.Errorf("after AppendEvents, event %d: row %v, want %v", e.Code, got, want)
		}
	}
	if x, y := d.DetailsOf(&d.Events[0]), d.DetailsOf(&d.Events[1]); x != "x=1" || y != "y=2" {
		t.Errorf("after AppendEvents, details %q and %q", x, y)
	}
	// Past MaxFarRows an event keeps no row, and says so.
	var f Case
	for i := 0; i <= MaxFarRows; i++ {
		e := Event{Code: 1}
		ok := f.SetEventSource(&e, Source{File: 1, Line: int32(i + 1)})
		if ok != (i < MaxFarRows) {
			t.Fatalf("far row %d: SetEventSource = %v", i, ok)
		}
		if got := f.EventSource(&e); ok && got != (Source{1, int32(i + 1)}) || !ok && got != (Source{}) {
			t.Fatalf("far row %d: EventSource = %v", i, got)
		}
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
				c := Case{Events: []Event{{Code: 1, Date: d}, {Code: 1, Date: d}}}
				c.SetEventSource(&c.Events[0], Source{Line: 2})
				c.SetEventSource(&c.Events[1], Source{Line: 3})
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
				if got := c.Registered(e); got != NoDate || c.HasDetails() {
					t.Errorf("after clearing, Registered = %v and details %v, want none", got, c.more)
				}
				// Near again after far, and far again after near.
				c.SetRegistered(e, tc.reg)
				c.SetRegistered(e, d+2)
				if got := c.Registered(e); got != d+2 || c.HasDetails() {
					t.Errorf("set near after %v: Registered = %v, details %v", tc.reg, got, c.more)
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
