package audit

// Status is the verdict of one rule on one case as of a brytdatum.
type Status uint8

// The verdicts. Their order is the order reports list them in.
const (
	ITid         Status = iota + 1 // the event happened on or before the deadline
	Sen                            // it happened after the deadline
	Saknas                         // the deadline has passed and the event is absent
	Pagaende                       // the deadline is not yet passed and the event is absent
	EjTillamplig                   // the rule's trigger or condition does not hold
	Datafel                        // the data cannot support a verdict
)

// Statuses lists every status in report order.
var Statuses = []Status{ITid, Sen, Saknas, Pagaende, EjTillamplig, Datafel}

var statusCodes = [...]string{"", "i_tid", "sen", "saknas", "pagaende", "ej_tillamplig", "datafel"}
var statusLabels = [...]string{"", "i tid", "sen", "saknas", "pågående", "ej tillämplig", "datafel"}

// Code returns the ASCII code of s ("i_tid", "pagaende", …) used in CSV and test files.
func (s Status) Code() string {
	if int(s) < len(statusCodes) {
		return statusCodes[s]
	}
	return ""
}

// String returns the Swedish label of s ("i tid", "pågående", …).
func (s Status) String() string {
	if int(s) < len(statusLabels) {
		return statusLabels[s]
	}
	return ""
}

// ParseStatus accepts a status code or label.
func ParseStatus(s string) (Status, bool) {
	for i := 1; i < len(statusCodes); i++ {
		if s == statusCodes[i] || s == statusLabels[i] {
			return Status(i), true
		}
	}
	return 0, false
}

// Judged reports whether s counts in the compliance rate (i tid, sen, saknas).
func (s Status) Judged() bool { return s == ITid || s == Sen || s == Saknas }

// Verdict is the result of one rule on one case. It carries everything a report needs
// to say why: the deadline, the dates compared and where the events came from.
type Verdict struct {
	Case      int32  // index into Dataset.Cases
	Rule      uint16 // index into Result.Rules
	Status    Status
	HasLead   bool   // EventDate − Start is a lead time (LeadDays)
	Start     Date   // the date the clock started (trigger event), or NoDate
	Deadline  Date   // or NoDate
	EventDate Date   // the date judged (event date or registration date), or NoDate
	Days      int32  // days late (Sen, Saknas: as of brytdatum) or left (Pagaende), in the rule's unit
	Note      uint32 // why (datafel, ej tillämplig, lead time only…): 1-based index into Result.Notes; 0 = nothing to say
	Source    Source // the row of the event judged, or of the trigger
}

// Attribute returns the date that places v in a period: its deadline, else its start,
// else the date of its case's first event (NoDate when there is none). ds is the data
// set v was judged on.
func (v *Verdict) Attribute(ds *Dataset) Date {
	switch {
	case v.Deadline != NoDate:
		return v.Deadline
	case v.Start != NoDate:
		return v.Start
	}
	if c := &ds.Cases[v.Case]; len(c.Events) > 0 {
		return c.Events[0].Date
	}
	return NoDate
}

// LeadDays returns the calendar days from Start to EventDate when the verdict measured
// a lead time, else -1. (Derived rather than stored: a verdict is 36 bytes, and an
// audit of a million cases holds more than ten million of them.)
func (v *Verdict) LeadDays() int32 {
	if !v.HasLead {
		return -1
	}
	return int32(v.EventDate - v.Start)
}

// verdict is a Verdict while it is being judged, with its reason as text; evalCase
// turns the text into a Note. Verdicts themselves hold no pointers, so millions of
// them cost the garbage collector nothing to scan.
type verdict struct {
	Case      int32
	Rule      int32
	Status    Status
	Start     Date
	Deadline  Date
	EventDate Date
	Days      int32
	LeadDays  int32
	Reason    string
	Source    Source
	// notStarted: the rule did not start (no start event as of the brytdatum).
	notStarted bool
}

// notes interns reason texts for one worker.
type notes struct {
	index map[string]uint32
	texts []string
	last  [32]noteEntry // recent texts, by length and last byte: most verdicts repeat one of a few
}

type noteEntry struct {
	text string
	id   uint32
}

func (n *notes) id(s string) uint32 {
	if s == "" {
		return 0
	}
	slot := &n.last[(len(s)*7+int(s[len(s)-1]))%len(n.last)]
	if slot.id != 0 && slot.text == s {
		return slot.id
	}
	id := n.intern(s)
	*slot = noteEntry{s, id}
	return id
}

func (n *notes) intern(s string) uint32 {
	if i, ok := n.index[s]; ok {
		return i
	}
	if n.index == nil {
		n.index = map[string]uint32{}
	}
	n.texts = append(n.texts, s)
	i := uint32(len(n.texts))
	n.index[s] = i
	return i
}
