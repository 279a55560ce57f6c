package audit

import "testing"

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
