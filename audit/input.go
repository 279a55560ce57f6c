package audit

import "fmt"

// RejectKind is what is wrong with a rejected row, in a word, so that a report can say
// it in its own language; Rejection.Reason says it in full, in English.
type RejectKind uint8

// The kinds of rejection.
const (
	RejectOther         RejectKind = iota // anything else
	RejectFieldCount                      // the row's fields do not fit the header (shifted columns)
	RejectNoCaseID                        // the case id is empty
	RejectPersonnummer                    // a personnummer that is invalid or missing, or one where none may be
	RejectUnknownValue                    // a case-level text the import does not know: insats, frequency, flag, gender, ja/nej
	RejectConflict                        // the row contradicts the case's earlier rows
	RejectUnknownEvent                    // the event is empty or not known
	RejectNoDate                          // the event's date is empty
	RejectBadDate                         // the event's date is not a date
	RejectBadRegistered                   // the registration date is not a date
)

// FieldCountReason is the reason of a row rejected with RejectFieldCount: it has got
// fields where the header has want, so its columns are shifted and none of its values
// can be trusted. Every importer gives the same words.
func FieldCountReason(got, want int) string {
	return fmt.Sprintf("the row has %d fields but the header has %d: a text in it probably contains the delimiter or a line break without quotes, so the columns are shifted; correct the export (or the quoting) and import again", got, want)
}

// TooLongReason is the reason of a row rejected because its column holds n bytes, more
// than a case keeps of its id or pseudonym (MaxCaseText). Every importer gives the same
// words.
func TooLongReason(column string, n int) string {
	return fmt.Sprintf("%s is %d bytes long, more than the %d rutinkoll keeps; check that the column holds what its name says", column, n, MaxCaseText)
}

// Shorten returns s, or its first 40 characters and "…" when it is longer: a rejected
// value that long is shown shortened.
func Shorten(s string) string {
	n := 0
	for i := range s {
		if n == 40 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// ShiftedRowEvent returns the event of a row with got fields where the header has want
// (see FieldCountReason), or NoEvent where it cannot be told: the one event code among
// the fields the event column (field eventAt; the case id's, caseAt, aside) can have
// shifted to — its own, and up to got − want places further or want − got nearer.
// code(j) reads field j as an event code. With none, or two different ones, it cannot
// be told. Every importer ties such a row to its step by this rule.
func ShiftedRowEvent(got, want, eventAt, caseAt int, code func(j int) (EventCode, bool)) EventCode {
	found := NoEvent
	for k := min(0, got-want); k <= max(0, got-want); k++ {
		j := eventAt + k
		if j < 0 || j >= got || j == caseAt {
			continue
		}
		c, ok := code(j)
		switch {
		case !ok || c == found:
		case found != NoEvent:
			return NoEvent // two different events: which is the row's?
		default:
			found = c
		}
	}
	return found
}

var rejectCodes = [...]string{"other", "field_count", "missing_case_id", "personnummer", "unknown_value", "conflict", "unknown_event", "missing_date", "bad_date", "bad_registered"}

// Code returns k's stable name, as rejected.csv writes it: "bad_date", "unknown_event", ….
func (k RejectKind) Code() string {
	if int(k) < len(rejectCodes) {
		return rejectCodes[k]
	}
	return rejectCodes[RejectOther]
}

// RejectKinds lists every kind, in order.
func RejectKinds() []RejectKind {
	ks := make([]RejectKind, len(rejectCodes))
	for i := range ks {
		ks[i] = RejectKind(i)
	}
	return ks
}

// Rejection is an input row that was not imported, with where and why. Every input
// row is either imported, a duplicate, or rejected.
type Rejection struct {
	File   string
	Line   int
	Column int    // 1-based column (field number) of the bad value; 0 if the whole row
	Field  string // the column's header
	Value  string // the bad value, as read (never a personnummer: importers redact it)
	Reason string // plain English: what is wrong and what to do
	Kind   RejectKind
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
