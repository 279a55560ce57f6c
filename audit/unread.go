package audit

import (
	"cmp"
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

// AddUnread ties the rejected rows that name a case and an event (Rejection.CaseID and
// Rejection.Event) to the data set's cases: fileStart[f] is the index in rejected of the
// first rejection of file ds.Files[f] (rejections come file by file, in file order), and
// caseIndex returns the index of the case with an id. A rejection whose case has no
// imported row is left out: the case is not audited at all, and the rejection lists the
// row. ds.Unread ends up sorted by case, then row.
func (ds *Dataset) AddUnread(rejected []Rejection, fileStart []int, caseIndex func(id string) (int32, bool)) {
	n := len(ds.Unread)
	for f, from := range fileStart {
		to := len(rejected)
		if f+1 < len(fileStart) {
			to = fileStart[f+1]
		}
		for i := from; i < to; i++ {
			r := &rejected[i]
			if r.CaseID == "" || r.Event == NoEvent {
				continue
			}
			if ci, ok := caseIndex(r.CaseID); ok {
				ds.Unread = append(ds.Unread, Unread{Case: ci, Code: r.Event, Source: Source{File: int32(f), Line: int32(r.Line)}})
			}
		}
	}
	if len(ds.Unread) == n {
		return
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

// unreadVerdict turns v into datafel when it depends on an unread event of the case (the
// rejected row may hold the step, at an unknown date). For a duration, escalation or
// recurring rule whose verdict would be saknas, pågående or sen, that is:
//   - a target event of the rule (not for a registration-lag rule, whose target is its
//     own start event: another row of it does not change the verdict);
//   - a start event, when the clock starts at the latest start (VOB-04): a later start
//     moves the deadline;
//   - the event that makes an escalation unnecessary (Unless);
//   - avslut, for a recurring rule: the case may have ended.
//
// A rule that did not start is datafel when one of its start events is unread. Other
// verdicts stand: i tid cannot turn worse by a step that may have happened, and for an
// each-rule that did start, a rejected further start is not judged.
func unreadVerdict(v verdict, r *Rule, unread []Unread) verdict {
	switch r.Kind {
	case KindDuration, KindEscalation, KindRecurring:
	default:
		return v
	}
	open := v.Status == Saknas || v.Status == Pagaende || v.Status == Sen
	for _, u := range unread {
		hinges := v.notStarted && r.IsFrom(u.Code)
		if open {
			hinges = hinges || r.IsTo(u.Code) && r.To != r.From ||
				r.StartLatest && r.IsFrom(u.Code) ||
				r.Kind == KindEscalation && r.Unless != NoEvent && u.Code == r.Unless ||
				r.Kind == KindRecurring && u.Code == EventAvslut
		}
		if !hinges {
			continue
		}
		return verdict{Status: Datafel, Reason: UnreadReason(eventName(r, u.Code)), Start: v.Start, Deadline: v.Deadline,
			EventDate: NoDate, LeadDays: -1, Source: u.Source}
	}
	return v
}
