package audit

import "fmt"

// Rejection is an input row that was not imported, with where and why. Every input
// row is either imported, a duplicate, or rejected.
type Rejection struct {
	File   string
	Line   int
	Column int    // 1-based column (field number) of the bad value; 0 if the whole row
	Field  string // the column's header
	Value  string // the bad value, as read (never a personnummer: importers redact it)
	Reason string // plain English: what is wrong and what to do
	// CaseID and Event are the row's case id and event when both could be read (the
	// problem is elsewhere, such as the date), else "" and NoEvent. Dataset.AddUnread
	// ties such rows to their case, so that the audit does not call the step saknas.
	CaseID string
	Event  EventCode
}

// String formats r as file:line:column: reason.
func (r Rejection) String() string {
	if r.Column > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", r.File, r.Line, r.Column, r.Reason)
	}
	return fmt.Sprintf("%s:%d: %s", r.File, r.Line, r.Reason)
}

// InputStats accounts for the rows of one input file: Read = Imported + Rejected +
// Duplicates.
type InputStats struct {
	File       string
	Read       int
	Imported   int
	Rejected   int
	Duplicates int
}

// Balanced reports whether every row read is accounted for.
func (s InputStats) Balanced() bool { return s.Read == s.Imported+s.Rejected+s.Duplicates }
