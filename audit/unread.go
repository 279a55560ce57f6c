package audit

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
)

// Unread is an event of a case whose input row was rejected although its case and event
// could be read: its date could not, say. The audit cannot tell when that step happened,
// so a rule that depends on it is datafel rather than saknas (see Dataset.Unread).
type Unread struct {
	Case   int32 // index into Dataset.Cases
	Code   EventCode
	Source Source // the rejected row
}

// AddUnread ties the rejections that name a case and an event (Rejection.CaseID and
// Rejection.Event) to the data set's cases: caseIndex returns the index of the case with
// an id. A rejection whose case has no imported row is left out: the case is not
// audited at all, and the rejection lists the row. Rejection.File is looked up in
// ds.Files (the last file of that name). ds.Unread ends up sorted by case, then row.
func (ds *Dataset) AddUnread(rejected []Rejection, caseIndex func(id string) (int32, bool)) {
	var files map[string]int32
	for i := range rejected {
		r := &rejected[i]
		if r.CaseID == "" || r.Event == NoEvent {
			continue
		}
		ci, ok := caseIndex(r.CaseID)
		if !ok {
			continue
		}
		if files == nil {
			files = make(map[string]int32, len(ds.Files))
			for fi, f := range ds.Files {
				files[f] = int32(fi)
			}
		}
		fi, ok := files[r.File]
		if !ok {
			fi = -1 // Dataset.Where prints "line N"
		}
		ds.Unread = append(ds.Unread, Unread{Case: ci, Code: r.Event, Source: Source{File: fi, Line: int32(r.Line)}})
	}
	slices.SortStableFunc(ds.Unread, func(a, b Unread) int {
		return cmp.Or(cmp.Compare(a.Case, b.Case), cmp.Compare(a.Source.File, b.Source.File), cmp.Compare(a.Source.Line, b.Source.Line))
	})
}

// UnreadOf returns the unread events of case ci (ds.Unread is sorted by case).
func (ds *Dataset) UnreadOf(ci int32) []Unread {
	u := ds.Unread
	if len(u) == 0 {
		return nil
	}
	i := sort.Search(len(u), func(i int) bool { return u[i].Case >= ci })
	j := i
	for j < len(u) && u[j].Case == ci {
		j++
	}
	return u[i:j]
}

// UnreadReason is the reason of a verdict that depends on the event code of a rejected
// row: the rule cannot be assessed until the row is corrected.
func UnreadReason(name string) string {
	return "händelsen " + name + " står på en rad som avvisades vid importen (se avvisade rader): rätta raden; regeln kan inte bedömas"
}

// unreadVerdict turns v into datafel when it depends on an unread event of the case: a
// target event of a duration, escalation or recurring rule whose verdict would be
// saknas, pågående or sen (the rejected row may hold the step, on time), or a start
// event of such a rule that did not start. Other verdicts stand.
func unreadVerdict(v verdict, r *Rule, unread []Unread) verdict {
	switch r.Kind {
	case KindDuration, KindEscalation, KindRecurring:
	default:
		return v
	}
	for _, u := range unread {
		target := r.IsTo(u.Code) && (v.Status == Saknas || v.Status == Pagaende || v.Status == Sen)
		start := r.IsFrom(u.Code) && v.notStarted
		if !target && !start {
			continue
		}
		name := fmt.Sprint(u.Code)
		if r.Routine != nil && r.Routine.Vocabulary != nil {
			name = r.Routine.Vocabulary.Name(u.Code)
		}
		return verdict{Status: Datafel, Reason: UnreadReason(name), Start: v.Start, Deadline: v.Deadline,
			EventDate: NoDate, LeadDays: -1, Source: u.Source}
	}
	return v
}
