package audit

import (
	"fmt"
	"slices"
	"strings"
)

// Kind is the kind of check a rule makes.
type Kind uint8

// The rule kinds.
const (
	KindDuration     Kind = iota + 1 // from event A to event B within a deadline
	KindRecurring                    // at least once per period from an anchor
	KindPrecedence                   // a date must not be earlier than another
	KindCompleteness                 // an event must carry required details
	KindRotation                     // ickeval assignments follow an alphabetical turn
	KindEscalation                   // applies only when another step was late
)

var kindNames = [...]string{"", "duration", "recurring", "precedence", "completeness", "rotation", "escalation"}

// String returns the kind's name as written in routine files.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return ""
}

// ParseKind returns the kind named s.
func ParseKind(s string) (Kind, bool) {
	for i := 1; i < len(kindNames); i++ {
		if kindNames[i] == s {
			return Kind(i), true
		}
	}
	return 0, false
}

// KindNames returns every kind name.
func KindNames() []string { return append([]string(nil), kindNames[1:]...) }

// BeforeStart says what a target event dated before the rule's start means when no
// target event follows the start.
type BeforeStart uint8

// The meanings of a target event before the start.
const (
	// BeforeStartDatafel: the dates contradict each other (a step before what starts
	// it): datafel. The default.
	BeforeStartDatafel BeforeStart = iota
	// BeforeStartInTime: the step was taken ahead, as a notice given before a planned
	// absence (SOL-BS-09): i tid. Only a target after the start event before it counts.
	BeforeStartInTime
	// BeforeStartIgnore: an earlier target event belongs to something else, as a BOSAM
	// message sent for a move-in before the one for a death (VOB-02): it is not looked at.
	BeforeStartIgnore
)

// BeforeStartNames are the values of the routine file's field target_before_start.
var BeforeStartNames = map[string]BeforeStart{"datafel": BeforeStartDatafel, "i_tid": BeforeStartInTime, "ignore": BeforeStartIgnore}

// Field selects which date of an event a rule uses.
type Field uint8

// The event date fields.
const (
	FieldDate       Field = iota // when the event happened
	FieldRegistered              // when it was entered in the system
)

// String returns "date" or "registered".
func (f Field) String() string {
	if f == FieldRegistered {
		return "registered"
	}
	return "date"
}

// Condition restricts the cases a rule applies to. Every set part must hold.
type Condition struct {
	Insats             []string    // the case's insats is one of these
	NyKund             *bool       // the ny_kund flag is set (true) or not (false)
	ExternUtforare     *bool       // the extern_utforare flag is set or not
	Frequency          []Frequency // the case's frequency is one of these
	FranvaroLongerThan int         // a frånvaro lasting more than this many days exists (0: no condition)
}

// IsZero reports whether c has no conditions.
func (c *Condition) IsZero() bool {
	return len(c.Insats) == 0 && c.NyKund == nil && c.ExternUtforare == nil && len(c.Frequency) == 0 && c.FranvaroLongerThan == 0
}

// Citation names the sentence of a source routine a rule comes from.
type Citation struct {
	Document string // the source document's file name or URL
	Quote    string // a short verbatim quote
}

// LocalPolicy is a municipality's own number for a rule whose routine gives none
// ("omgående"). Reports say that the number is local policy, not the routine's.
type LocalPolicy struct {
	Deadline Deadline
	Source   string // the policy file, for the report
	Note     string
}

// Rule is one step of a routine with its deadline and its source.
type Rule struct {
	ID             string
	Title          string // Swedish
	Responsible    string // the role the routine makes responsible
	Kind           Kind
	From, To       EventCode
	FromAlso       []EventCode // further start events: the first of any starts the clock
	StartLatest    bool        // start at From, or at a FromAlso event after it (VOB-04); never without From
	BeforeStart    BeforeStart // what a target event before the start means
	ToAlso         []EventCode // further target events: the first of any meets the rule
	FromField      Field
	ToField        Field
	Unless         EventCode // escalation: the rule applies only if this did not happen by the deadline
	Deadline       Deadline
	ByFrequency    map[Frequency]Deadline // deadline per case frequency (GOT-03)
	RollForward    bool                   // move a deadline on a non-vardag to the next vardag
	PauseFranvaro  bool                   // stop the clock during frånvaro
	Each           bool                   // judge every From event; the worst result is the verdict
	Required       []string               // completeness: detail keys required on the From event
	AreaDetail     string                 // rotation: the detail key naming the area ("" = case Enhet)
	Rotation       map[string][]string    // rotation: utförare order per area (nil = alphabetical as seen)
	When           Condition
	Source         Citation
	Interpretation string // how the routine was interpreted, printed in reports
	Policy         *LocalPolicy
	Routine        *Routine // the routine the rule belongs to
}

// EffectiveDeadline returns the deadline the rule is judged by and whether it comes
// from local policy rather than from the routine.
func (r *Rule) EffectiveDeadline() (Deadline, bool) {
	if r.Deadline.LeadTime && r.Policy != nil && r.Policy.Deadline.IsDated() {
		return r.Policy.Deadline, true
	}
	return r.Deadline, false
}

// DeadlineText returns the deadline as reports print it.
func (r *Rule) DeadlineText() string {
	if len(r.ByFrequency) > 0 {
		var parts []string
		for f := FreqDaglig; f <= FreqVarjeManad; f++ {
			if d, ok := r.ByFrequency[f]; ok {
				parts = append(parts, fmt.Sprintf("%s: %s", f, d))
			}
		}
		return strings.Join(parts, "; ")
	}
	if d, local := r.EffectiveDeadline(); local {
		return fmt.Sprintf("%s (lokal policy; rutinen: %s)", d, r.Deadline)
	}
	return r.Deadline.String()
}

// Privacy is a routine's rule for persons with skyddade personuppgifter (GOT-20).
type Privacy struct {
	ID    string // the routine's id for the privacy rule, e.g. GOT-20
	Title string
	// ProtectedCountOnly: persons with skyddade personuppgifter appear only as counts.
	// rutinkoll always does this; the setting records that the routine demands it.
	ProtectedCountOnly bool
	Source             Citation
}

// Routine is one source routine document encoded as rules.
type Routine struct {
	ID           string
	Title        string
	Version      string
	Source       string // the source document
	Municipality string
	File         string   // the routine file it was loaded from
	Insats       []string // the insatser the routine applies to; empty = all
	Privacy      Privacy
	Calendars    Calendars
	Vocabulary   *Vocabulary
	Rules        []*Rule
}

// calendars returns the calendars the rule counts on: its routine's, or the Swedish
// vardag calendar.
func (r *Rule) calendars() Calendars {
	if r.Routine != nil && r.Routine.Calendars.Vardag != nil {
		return r.Routine.Calendars
	}
	return DefaultCalendars()
}

// Applies reports whether the routine applies to the case: its insats is in the
// routine's scope, and, where both the case and the routine name a municipality, they
// are the same (regardless of upper and lower case). A case with no kommun is judged by every routine loaded.
func (r *Routine) Applies(c *Case) bool {
	if c.Kommun != 0 && r.Municipality != "" {
		if k := c.Kommun.String(); k != r.Municipality && !strings.EqualFold(k, r.Municipality) {
			return false
		}
	}
	return r.InScope(c.Insats.String())
}

// InScope reports whether the routine applies to a case with insats.
func (r *Routine) InScope(insats string) bool {
	return len(r.Insats) == 0 || slices.Contains(r.Insats, insats)
}

// IsFrom reports whether c is one of the rule's start events.
func (r *Rule) IsFrom(c EventCode) bool { return c == r.From || slices.Contains(r.FromAlso, c) }

// IsTo reports whether c is one of the rule's target events.
func (r *Rule) IsTo(c EventCode) bool { return c == r.To || slices.Contains(r.ToAlso, c) }
