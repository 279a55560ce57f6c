package audit

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit/hugepage"
	"github.com/rutinkoll/rutinkoll/audit/workgroup"
)

// Options control an evaluation. The zero value of every field but Asof is sensible.
type Options struct {
	// Asof is the brytdatum: verdicts are computed as the data stood on this day.
	// Events dated after it are ignored.
	Asof Date
	// Workers is the number of goroutines; 0 means runtime.GOMAXPROCS(0). The result
	// is the same whatever the number.
	Workers int
	// Holds, when not nil, tells which events the input can hold at all: an export
	// read through an import profile holds only the events the profile maps. A rule
	// whose target events the input cannot hold cannot be assessed: where it would be
	// saknas or pågående, it is datafel, with the reason (see NotHeldReason).
	Holds func(EventCode) bool

	// Select, when not nil, leaves out every verdict it rejects (one outside the
	// report's period, say): Each does not see it, the Result does not hold it and
	// Result.All does not give it. It is called from several goroutines.
	Select func(v *Verdict) bool
	// Each, when not nil, is called with every selected verdict by the goroutine that
	// judged it: worker (0 ≤ worker < Workers, or GOMAXPROCS(0) when Workers is 0)
	// names that goroutine, and vs are the verdicts of a run of whole cases, in case
	// then rule order (runs come in no particular order). vs is reused after the call,
	// and its Note fields are not yet the Result's: Result.All gives reasons.
	Each func(worker int, vs []Verdict)
	// Keep, when not nil, makes the Result hold only the selected verdicts it accepts,
	// so that an audit of millions of cases need not keep every verdict in memory;
	// Result.All judges the cases again to give all of them.
	Keep func(v *Verdict) bool
}

// streams reports whether the options ask for the verdicts to be handed on while they
// are judged (Select, Each or Keep) rather than all kept in place.
func (o *Options) streams() bool { return o.Select != nil || o.Each != nil || o.Keep != nil }

// WorkerCount returns the number of goroutines that judge: Workers, or
// runtime.GOMAXPROCS(0) when that is 0.
func (o *Options) WorkerCount() int {
	if o.Workers <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return o.Workers
}

// NotHeldReason returns why rule r cannot be assessed on input that holds only the
// events holds accepts, or "" when it can: a duration, escalation or recurring rule
// none of whose target events the input can hold.
func NotHeldReason(r *Rule, holds func(EventCode) bool) string {
	if holds == nil {
		return ""
	}
	switch r.Kind {
	case KindDuration, KindEscalation, KindRecurring:
	default:
		return ""
	}
	if holds(r.To) || slices.ContainsFunc(r.ToAlso, holds) {
		return ""
	}
	return "underlaget kan inte visa händelsen " + eventName(r, r.To) + " (importprofilen läser den inte och ingen rad har den): regeln kan inte bedömas"
}

// eventName is the name of event c in the vocabulary of r's routine, for reasons.
func eventName(r *Rule, c EventCode) string {
	if r.Routine != nil && r.Routine.Vocabulary != nil {
		return r.Routine.Vocabulary.Name(c)
	}
	return fmt.Sprint(c)
}

// Result holds the verdicts of an evaluation, ordered by case then rule: every verdict,
// or those Options.Keep accepted (All then gives every one).
type Result struct {
	Asof     Date
	Rules    []*Rule // Verdict.Rule indexes this
	Verdicts []Verdict
	Notes    []string // Verdict.Note indexes this (1-based)

	replay *replay // how to judge again when Verdicts holds only the kept verdicts
}

// Reason returns why v got its verdict, or "".
func (r *Result) Reason(v *Verdict) string {
	if v.Note == 0 || int(v.Note) > len(r.Notes) {
		return ""
	}
	return r.Notes[v.Note-1]
}

// Evaluate judges every case of ds against every rule of the routines in whose scope
// the case's insats falls, as of opt.Asof. It is deterministic: the same dataset,
// routines and brytdatum give the same verdicts in the same order.
func Evaluate(ds *Dataset, routines []*Routine, opt Options) *Result {
	res := &Result{Asof: opt.Asof}
	for _, rt := range routines {
		for _, r := range rt.Rules {
			if r.Routine != rt {
				panic("audit: rule " + r.ID + " does not point at its routine " + rt.ID)
			}
		}
		res.Rules = append(res.Rules, rt.Rules...)
	}
	if len(res.Rules) > math.MaxUint16 {
		panic(fmt.Sprintf("audit: %d rules; at most %d can be evaluated together", len(res.Rules), math.MaxUint16))
	}
	var notHeld []string // per rule: why it cannot be assessed on this input, or ""
	if opt.Holds != nil {
		notHeld = make([]string, len(res.Rules))
		for i, r := range res.Rules {
			notHeld[i] = NotHeldReason(r, opt.Holds)
		}
	}
	workers := opt.WorkerCount()
	if opt.streams() {
		res.stream(ds, opt, workers, notHeld)
		return res
	}
	// Rotations (GOT-01) are judged across cases, on a goroutine of their own while the
	// workers judge everything else; each worker fills in its cases' rotation verdicts
	// once they are known.
	var rotations rotationVerdicts
	var rotated workgroup.Group
	rotationsDone := make(chan struct{})
	rotated.Go(func() {
		defer close(rotationsDone)
		rotations = evaluateRotations(ds, res.Rules, opt.Asof)
	})
	// How many verdicts each case gets is known before judging it (one per rule of
	// every routine that applies), so the result is allocated once and every worker
	// writes its chunk of cases straight into place: no copying, same order whatever
	// the number of workers.
	nChunks := chunks(len(ds.Cases))
	offsets := make([]int, nChunks+1)
	for ci := 0; ci < nChunks; ci++ {
		n := 0
		from, to := chunkOf(ci, len(ds.Cases))
		for i := from; i < to; i++ {
			n += applicableRules(&ds.Cases[i], routines)
		}
		offsets[ci+1] = offsets[ci] + n
	}
	res.Verdicts = hugepage.Make[Verdict](offsets[nChunks])[:offsets[nChunks]]
	var wg workgroup.Group
	workerOf := make([]int, nChunks) // which worker judged each chunk
	workerNotes := make([]*notes, workers)
	next := chunkQueue(nChunks)
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			ev := evaluator{asof: opt.Asof, reasons: newReasonCache(), notHeld: notHeld, deferRotations: true}
			defer func() { workerNotes[w] = &ev.notes }()
			done := 0 // ev.pending before this are positions in res.Verdicts
			for ci := range next {
				workerOf[ci] = w
				ev.evalChunk(res.Verdicts[offsets[ci]:offsets[ci]:offsets[ci+1]], ds, ci, res.Rules)
				for ; done < len(ev.pending); done++ {
					ev.pending[done].at += offsets[ci]
				}
			}
			<-rotationsDone
			ev.rotations = rotations
			ev.fillRotations(res.Verdicts, ev.pending, ds, res.Rules)
		})
	}
	wg.Wait()
	rotated.Wait()
	res.renumberNotes(workerNotes, workerOf, offsets)
	return res
}

// renumberNotes merges the workers' reason texts into Result.Notes, sorted so that
// the result is the same whatever worker judged what, and rewrites each verdict's Note.
func (res *Result) renumberNotes(ws []*notes, workerOf []int, offsets []int) {
	seen := map[string]bool{}
	for _, n := range ws {
		if n == nil {
			continue
		}
		for _, t := range n.texts {
			if !seen[t] {
				seen[t] = true
				res.Notes = append(res.Notes, t)
			}
		}
	}
	sort.Strings(res.Notes)
	global := map[string]uint32{}
	for i, t := range res.Notes {
		global[t] = uint32(i + 1)
	}
	maps := make([][]uint32, len(ws))
	for w, n := range ws {
		if n == nil {
			continue
		}
		maps[w] = make([]uint32, len(n.texts)+1)
		for i, t := range n.texts {
			maps[w][i+1] = global[t]
		}
	}
	for ci := range workerOf {
		m := maps[workerOf[ci]]
		vs := res.Verdicts[offsets[ci]:offsets[ci+1]]
		for i := range vs {
			vs[i].Note = m[vs[i].Note]
		}
	}
}

// chunk is how many cases a worker judges at a time: its verdicts (36 bytes each, about
// 13 per case against the 41 shipped rules) are written, then read again to be counted
// and kept, so they should stay in the core's cache (1024 cases: about 0.5 MB). Judging
// took 147.8 ns per row with 1024, 152.8 with 4096 (medians of 10 interleaved runs of
// BenchmarkImportAndJudge, one worker).
const chunk = 1024

// chunks returns how many chunks n cases make.
func chunks(n int) int { return (n + chunk - 1) / chunk }

// chunkOf returns the cases [from, to) of chunk ci of n cases.
func chunkOf(ci, n int) (from, to int) { return ci * chunk, min((ci+1)*chunk, n) }

// chunkQueue returns a closed channel holding the chunk indexes 0 to n-1, for workers
// to take from.
func chunkQueue(n int) <-chan int {
	q := make(chan int, n)
	for ci := 0; ci < n; ci++ {
		q <- ci
	}
	close(q)
	return q
}

// evalChunk appends the verdicts of chunk ci's cases to out.
func (ev *evaluator) evalChunk(out []Verdict, ds *Dataset, ci int, rules []*Rule) []Verdict {
	from, to := chunkOf(ci, len(ds.Cases))
	for i := from; i < to; i++ {
		out = ev.evalCase(out, ds, int32(i), rules)
	}
	return out
}

// fillRotations puts the rotation verdicts evalCase left places for (pending, whose
// positions are in vs) into vs, once ev.rotations are known.
func (ev *evaluator) fillRotations(vs []Verdict, pending []pendingRotation, ds *Dataset, rules []*Rule) {
	for _, p := range pending {
		vs[p.at] = ev.rotationVerdict(ds, p.cas, p.rule, rules[p.rule])
	}
}

// applicableRules returns the number of rules that judge the case.
func applicableRules(c *Case, routines []*Routine) int {
	n := 0
	for _, rt := range routines {
		if rt.Applies(c) {
			n += len(rt.Rules)
		}
	}
	return n
}

// EvaluateCase judges one case against rules; for routine tests and explanations.
func EvaluateCase(ds *Dataset, ci int, rules []*Rule, asof Date) *Result {
	ev := evaluator{asof: asof, rotations: evaluateRotations(ds, rules, asof), reasons: newReasonCache()}
	vs := ev.evalCase(nil, ds, int32(ci), rules)
	return &Result{Asof: asof, Rules: rules, Verdicts: vs, Notes: ev.notes.texts}
}

// rotationVerdicts are the verdicts of the rotation rules' assignments, sorted by rule,
// then case.
type rotationVerdicts []rotationVerdict

type rotationVerdict struct {
	rule, cas int32
	v         verdict
}

// get returns the verdict of rule ri on case ci, if that case had an assignment.
func (rs rotationVerdicts) get(ri, ci int32) (verdict, bool) {
	i, ok := slices.BinarySearchFunc(rs, rotationVerdict{rule: ri, cas: ci}, func(a, b rotationVerdict) int {
		if c := cmp.Compare(a.rule, b.rule); c != 0 {
			return c
		}
		return cmp.Compare(a.cas, b.cas)
	})
	if !ok {
		return verdict{}, false
	}
	return rs[i].v, true
}

type evaluator struct {
	asof      Date
	notHeld   []string // per rule index: why the input cannot show it, or ""; nil = none
	rotations rotationVerdicts
	notes     notes // this worker's reason texts
	reasons   *reasonCache
	// deferRotations: rotation verdicts are not known yet; evalCase leaves a place for
	// each and notes it in pending.
	deferRotations bool
	pending        []pendingRotation
}

// pendingRotation is a rotation verdict left to fill in: its place in the verdicts
// (first within the chunk being judged, then in the whole result), its case and rule.
type pendingRotation struct {
	at   int
	cas  int32
	rule int32
}

func (ev *evaluator) evalCase(out []Verdict, ds *Dataset, ci int32, rules []*Rule) []Verdict {
	c := &ds.Cases[ci]
	unread := ds.UnreadOf(ci)
	var routine *Routine // the routine of the rules before, whose scope was checked
	applies := true
	for ri, r := range rules {
		if r.Routine != routine {
			// Rules come routine by routine: check each routine's scope once.
			routine, applies = r.Routine, r.Routine == nil || r.Routine.Applies(c)
		}
		if !applies {
			continue
		}
		if r.Kind == KindRotation {
			if ev.deferRotations {
				// Judged across cases, and maybe not yet: the worker fills it in.
				ev.pending = append(ev.pending, pendingRotation{at: len(out), cas: ci, rule: int32(ri)})
				out = append(out, Verdict{Case: ci, Rule: uint16(ri)})
				continue
			}
			out = append(out, ev.rotationVerdict(ds, ci, int32(ri), r))
			continue
		}
		out = append(out, ev.finish(ci, int32(ri), r, ev.evalRule(c, r), unread))
	}
	return out
}

// rotationVerdict is the verdict of rotation rule r (index ri) on case ci, from the
// rotations judged across cases.
func (ev *evaluator) rotationVerdict(ds *Dataset, ci, ri int32, r *Rule) Verdict {
	v, ok := ev.rotations.get(ri, ci)
	if !ok {
		if reason, holds := conditionHolds(&ds.Cases[ci], r, ev.asof, ev.reasons); !holds {
			v = none(EjTillamplig, reason)
		} else {
			v = none(EjTillamplig, "ingen ickeval-tilldelning")
		}
	}
	return ev.finish(ci, ri, r, v, ds.UnreadOf(ci))
}

// finish turns v, the verdict of rule r (index ri) on case ci, into a Verdict: datafel
// where the input cannot show the event looked for, or where one of the case's rejected
// rows (unread) may hold it.
func (ev *evaluator) finish(ci, ri int32, r *Rule, v verdict, unread []Unread) Verdict {
	if int(ri) < len(ev.notHeld) && ev.notHeld[ri] != "" && (v.Status == Saknas || v.Status == Pagaende) {
		// The input can never show the event that was looked for.
		v = verdict{Status: Datafel, Reason: ev.notHeld[ri], Start: v.Start, Deadline: v.Deadline,
			EventDate: NoDate, LeadDays: -1, Source: v.Source}
	}
	if len(unread) > 0 {
		// A rejected row of the case may hold the step.
		v = unreadVerdict(v, r, unread)
	}
	if v.LeadDays >= 0 && v.LeadDays != int32(v.EventDate-v.Start) {
		panic(fmt.Sprintf("audit: rule %s: lead time %d is not EventDate − Start", r.ID, v.LeadDays))
	}
	// Evaluate checks that rule indexes fit a uint16.
	return Verdict{Case: ci, Rule: uint16(ri), Status: v.Status, HasLead: v.LeadDays >= 0, Start: v.Start, Deadline: v.Deadline,
		EventDate: v.EventDate, Days: v.Days, Note: ev.notes.id(v.Reason), Source: v.Source}
}

// notStarted is the verdict of a rule that did not start.
func notStarted(reason string) verdict {
	v := none(EjTillamplig, reason)
	v.notStarted = true
	return v
}

func none(s Status, reason string) verdict {
	return verdict{Status: s, Reason: reason, Start: NoDate, Deadline: NoDate, EventDate: NoDate, LeadDays: -1}
}

func (ev *evaluator) evalRule(c *Case, r *Rule) verdict {
	if reason, ok := conditionHolds(c, r, ev.asof, ev.reasons); !ok {
		return none(EjTillamplig, reason)
	}
	switch r.Kind {
	case KindRecurring:
		return ev.recurring(c, r)
	case KindPrecedence:
		return ev.precedence(c, r)
	case KindCompleteness:
		return ev.completeness(c, r)
	}
	dl := r.Deadline
	if len(r.ByFrequency) > 0 {
		if c.Frequency == FreqUnknown {
			return none(Datafel, "insatsens frekvens saknas")
		}
		d, ok := r.ByFrequency[c.Frequency]
		if !ok {
			return none(EjTillamplig, "gäller inte frekvensen "+c.Frequency.String())
		}
		dl = d
	}
	policy := false
	if dl.LeadTime && r.Policy != nil && r.Policy.Deadline.IsDated() {
		dl, policy = r.Policy.Deadline, true
	}
	if r.StartLatest && !happened(c, r.From, ev.asof) {
		// The first start event is the one the clock needs; the others only move its
		// start later when they come after it (VOB-04: the ja, then the flat ready).
		// Without it, a flat made ready for a nej starts nothing.
		return notStarted(ev.reasons.cat("ingen ", eventName(r, r.From), " (regeln startar inte)"))
	}
	if !r.Each {
		t := ev.trigger(c, r, 0)
		if t < 0 {
			return notStarted(ev.reasons.cat("ingen ", ruleFromName(r), " (regeln startar inte)"))
		}
		v := ev.judge(c, r, dl, t)
		if policy {
			v.Reason = joinReason(v.Reason, "frist enligt lokal policy")
		}
		return v
	}
	var worst verdict
	found := false
	for from := 0; ; {
		t := ev.trigger(c, r, from)
		if t < 0 {
			break
		}
		v := ev.judge(c, r, dl, t)
		if !found || worse(v, worst) {
			worst = v
		}
		found = true
		from = t + 1
	}
	if !found {
		return notStarted(ev.reasons.cat("ingen ", ruleFromName(r), " (regeln startar inte)"))
	}
	if policy {
		worst.Reason = joinReason(worst.Reason, "frist enligt lokal policy")
	}
	return worst
}

func ruleFromName(r *Rule) string {
	if r.Routine != nil && r.Routine.Vocabulary != nil {
		return r.Routine.Vocabulary.Name(r.From)
	}
	return "starthändelse"
}

func joinReason(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

var severity = [...]int{0, 1, 3, 4, 2, 0, 5} // index by Status: ITid 1, Pagaende 2, Sen 3, Saknas 4, Datafel 5

func worse(a, b verdict) bool {
	if severity[a.Status] != severity[b.Status] {
		return severity[a.Status] > severity[b.Status]
	}
	return a.Days > b.Days
}

// trigger returns the index of the first From event at or after index from that is
// known as of the brytdatum and qualifies, or -1.
func (ev *evaluator) trigger(c *Case, r *Rule, from int) int {
	for i := from; i < len(c.Events); i++ {
		e := &c.Events[i]
		if e.Date > ev.asof {
			return -1
		}
		if !r.IsFrom(e.Code) {
			continue
		}
		if r.When.FranvaroLongerThan > 0 && r.From == EventFranvaroStart {
			if franvaroLength(c, i, ev.asof) <= r.When.FranvaroLongerThan {
				continue
			}
		}
		return i
	}
	return -1
}

// happened reports whether case c has an event with code on or before asof.
func happened(c *Case, code EventCode, asof Date) bool {
	for i := range c.Events {
		if c.Events[i].Date > asof {
			return false
		}
		if c.Events[i].Code == code {
			return true
		}
	}
	return false
}

// eventDate returns the date of e, an event of c, that f names.
func eventDate(c *Case, e *Event, f Field) Date {
	if f == FieldRegistered {
		return c.Registered(e)
	}
	return e.Date
}

// judge evaluates a duration (or escalation) rule from the trigger event at index t.
func (ev *evaluator) judge(c *Case, r *Rule, dl Deadline, t int) verdict {
	trig := &c.Events[t]
	start := eventDate(c, trig, r.FromField)
	if r.StartLatest {
		// The clock starts when the last of the start events has happened.
		for i := t + 1; i < len(c.Events); i++ {
			e := &c.Events[i]
			if e.Date > ev.asof {
				break
			}
			if r.IsFrom(e.Code) && e.Code != trig.Code {
				if d := eventDate(c, e, r.FromField); d != NoDate && d > start {
					start, trig = d, e
				}
			}
		}
	}
	v := verdict{Start: start, Deadline: NoDate, EventDate: NoDate, LeadDays: -1, Source: trig.Source()}
	if start == NoDate {
		v.Status, v.Reason = Datafel, "registreringsdatum saknas för starthändelsen"
		return v
	}
	cals := r.calendars()

	// The target event: the trigger itself (registration lag), or the first To event
	// on or after the start (any date for a "dagen före" deadline).
	var target *Event
	if r.To == r.From {
		target = trig
	} else {
		var early *Event
		for i := range c.Events {
			e := &c.Events[i]
			if e.Date > ev.asof {
				break
			}
			if !r.IsTo(e.Code) {
				continue
			}
			if e.Date >= start || dl.Before() {
				target = e
				break
			}
			if early == nil {
				early = e
			}
		}
		switch {
		case early == nil || dl.Before():
		case r.BeforeStart == BeforeStartIgnore:
			early = nil // another round's, or another rule's: this one is still open
		case r.BeforeStart == BeforeStartInTime:
			// Taken ahead, whatever follows the start: the latest target before the start
			// that follows the start event before this one (an earlier round's notice
			// does not count).
			prev := NoDate
			for i := 0; i < len(c.Events) && c.Events[i].Date < start; i++ {
				if e := &c.Events[i]; r.IsFrom(e.Code) && e != trig {
					prev = e.Date
				}
			}
			for i := range c.Events {
				e := &c.Events[i]
				if e.Date >= start {
					break
				}
				if r.IsTo(e.Code) && e.Date > prev {
					target = e
				}
			}
			early = nil
		case target != nil:
			early = nil
		}
		if target == nil && early != nil && !dl.Before() {
			v.Status = Datafel
			v.EventDate = early.Date
			v.Source = early.Source()
			v.Reason = "målhändelsen är daterad före starthändelsen (" + early.Date.String() + " före " + start.String() + ")"
			return v
		}
	}
	judged := NoDate
	if target != nil {
		judged = eventDate(c, target, r.ToField)
		if judged == NoDate && r.ToField == FieldRegistered {
			v.Status, v.Reason, v.Source = Datafel, "registreringsdatum saknas", target.Source()
			return v
		}
		if judged > ev.asof {
			judged = NoDate // not yet known as of the brytdatum
		}
	}
	if judged != NoDate {
		v.EventDate = judged
		v.LeadDays = -1
		if judged >= start {
			v.LeadDays = int32(judged - start)
		}
		v.Source = target.Source()
	}
	if dl.LeadTime {
		v.Status = EjTillamplig
		v.Reason = "endast ledtid: rutinen anger ingen frist"
		return v
	}
	due := dl.Due(start, cals, r.RollForward)
	if r.PauseFranvaro {
		due = pauseFranvaro(c, r, dl, start, due, cals, ev.asof)
	}
	v.Deadline = due
	if r.Kind == KindEscalation && r.Unless != NoEvent {
		for i := range c.Events {
			e := &c.Events[i]
			if e.Date > ev.asof || e.Date > due {
				break
			}
			if e.Code == r.Unless && e.Date >= start {
				v.Status, v.Reason = EjTillamplig, "steget skedde i tid; eskalering behövs inte"
				v.Deadline, v.EventDate, v.LeadDays = NoDate, NoDate, -1
				return v
			}
		}
	}
	switch {
	case judged != NoDate && judged <= due:
		v.Status = ITid
	case judged != NoDate:
		v.Status = Sen
		v.Days = int32(dl.Late(due, judged, cals))
	case ev.asof <= due:
		v.Status = Pagaende
		v.Days = int32(dl.Diff(ev.asof, due, cals))
	default:
		v.Status = Saknas
		v.Days = int32(dl.Late(due, ev.asof, cals))
	}
	return v
}

func (ev *evaluator) recurring(c *Case, r *Rule) verdict {
	t := ev.trigger(c, r, 0)
	if t < 0 {
		return notStarted("ingen starthändelse (regeln startar inte)")
	}
	anchor := c.Events[t].Date
	end := ev.asof
	ended := false
	avslut := EventAvslut
	for i := t; i < len(c.Events); i++ {
		e := &c.Events[i]
		if e.Date > ev.asof {
			break
		}
		if e.Code == avslut {
			end, ended = e.Date, true
			break
		}
	}
	p := r.Deadline.Recurring
	v := verdict{Start: anchor, EventDate: NoDate, LeadDays: -1, Source: c.Events[t].Source()}
	due := p.Next(anchor)
	var maxLate int32
	var late verdict // the latest occurrence after its deadline: what a sen verdict shows
	occurrences := 0
	for i := t; i < len(c.Events); i++ {
		e := &c.Events[i]
		if e.Date > end {
			break
		}
		if !r.IsTo(e.Code) || (i == t && r.To == r.From) {
			continue
		}
		occurrences++
		if e.Date > due && int32(e.Date-due) > maxLate {
			maxLate = int32(e.Date - due)
			late.Deadline, late.EventDate, late.Source = due, e.Date, e.Source()
		}
		v.EventDate, v.Source = e.Date, e.Source()
		due = p.Next(e.Date)
	}
	v.Deadline = due
	switch {
	case due < end:
		// The next occurrence was due before the brytdatum or the case's end.
		if ended {
			v.Status, v.Days = Saknas, int32(end-due)
			v.Reason = "ärendet avslutades utan uppföljning i tid"
		} else {
			v.Status, v.Days = Saknas, int32(end-due)
		}
	case maxLate > 0:
		// The occurrence that was late, with its deadline; the next one is in the reason.
		v.Status, v.Days = Sen, maxLate
		if !ended {
			v.Reason = "nästa tillfälle senast " + due.String()
		}
		v.Deadline, v.EventDate, v.Source = late.Deadline, late.EventDate, late.Source
	case occurrences > 0:
		v.Status = ITid
	case ended:
		v.Status, v.Reason, v.Deadline = EjTillamplig, "ärendet avslutades före första tillfället", NoDate
	default:
		v.Status, v.Days = Pagaende, int32(due-end)
	}
	return v
}

func (ev *evaluator) precedence(c *Case, r *Rule) verdict {
	var from, to *Event
	for i := range c.Events {
		e := &c.Events[i]
		if e.Date > ev.asof {
			break
		}
		if from == nil && e.Code == r.From {
			from = e
		}
		if to == nil && e.Code == r.To {
			to = e
		}
	}
	if from == nil || to == nil {
		return none(EjTillamplig, "händelsen finns inte")
	}
	a, b := eventDate(c, from, r.FromField), eventDate(c, to, r.ToField)
	if a > ev.asof || b > ev.asof {
		// Registered after the brytdatum: not known as of it.
		return none(EjTillamplig, "registrerad efter brytdatum")
	}
	v := verdict{Start: a, Deadline: a, EventDate: b, LeadDays: -1, Source: to.Source()}
	if a == NoDate || b == NoDate {
		v.Status, v.Reason = Datafel, "datum saknas för jämförelsen"
		return v
	}
	v.LeadDays = int32(b - a)
	if b < a {
		v.Status, v.Days = Sen, int32(a-b)
		v.Reason = "daterad före " + r.FromField.swedish()
		return v
	}
	v.Status = ITid
	return v
}

func (f Field) swedish() string {
	if f == FieldRegistered {
		return "registreringsdatum"
	}
	return "händelsedatum"
}

func (ev *evaluator) completeness(c *Case, r *Rule) verdict {
	for i := range c.Events {
		e := &c.Events[i]
		if e.Date > ev.asof {
			break
		}
		if e.Code != r.From {
			continue
		}
		v := verdict{Start: e.Date, Deadline: NoDate, EventDate: e.Date, LeadDays: -1, Source: e.Source()}
		var missing []string
		for _, k := range r.Required {
			if _, ok := c.Detail(e, k); !ok {
				missing = append(missing, k)
			}
		}
		if len(missing) == 0 {
			v.Status = ITid
			return v
		}
		v.Status, v.Days = Saknas, int32(len(missing))
		v.Reason = "uppgifter saknas: " + strings.Join(missing, ", ")
		return v
	}
	return none(EjTillamplig, "händelsen finns inte")
}

// Filter returns a Result holding only the verdicts keep accepts, such as those of one
// period.
func (r *Result) Filter(keep func(v *Verdict) bool) *Result {
	out := &Result{Asof: r.Asof, Rules: r.Rules, Notes: r.Notes}
	for i := range r.Verdicts {
		if keep(&r.Verdicts[i]) {
			out.Verdicts = append(out.Verdicts, r.Verdicts[i])
		}
	}
	return out
}
