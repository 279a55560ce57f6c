package synth

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/rutinkoll/rutinkoll/audit"
)

// event is one event of a case as the export holds it.
type event struct {
	code audit.EventCode
	date audit.Date // when it happened; may lie after the brytdatum (then the audit ignores it)
	reg  audit.Date // registration date; NoDate writes an empty cell
}

// badKind is how an event is spoilt so that the import rejects it.
type badKind int

const (
	badDate       badKind = iota // a date that does not exist
	badRegistered                // a valid date but a registration date that does not exist
	badEventText                 // an event text the profile does not know
)

// badEvent is an event written so that the import rejects it. The truth treats it as
// absent, which is what a rejected event is.
type badEvent struct {
	code audit.EventCode
	kind badKind
	date audit.Date // the date it would have had
}

// absence is a frånvaro: from start to the day before end (the day the person is back).
type absence struct {
	start, end audit.Date
}

// intent is what the rule owning an event's placement meant to produce.
type intent struct {
	status audit.Status
	note   string
}

// kase is one generated case.
type kase struct {
	id        string
	person    persona
	insats    string
	freq      audit.Frequency
	flags     audit.Flags
	utforare  string
	enhet     string
	omrade    string
	kommentar string

	ev      map[audit.EventCode]*event
	bad     []badEvent
	dups    []audit.EventCode // events written twice (long shape): counted as duplicates
	absence *absence

	holidayMode bool
	intents     map[*audit.Rule]intent
	truth       []Truth

	junk junkKind // for junk rows: what is wrong with them
}

// visible returns the case's event code if it is dated on or before the brytdatum.
func (k *kase) visible(code audit.EventCode, asof audit.Date) *event {
	if e := k.ev[code]; e != nil && e.date <= asof {
		return e
	}
	return nil
}

// rank orders events as a case's life goes: beslut before beställning before
// påbörjad insats before genomförandeplan before uppföljning.
var rank = map[string]int{
	"ansokan": 0, "beslut": 10, "beslut_registrerat_boendemodul": 12, "utforare_vald": 14, "ickeval_tilldelad": 14,
	"erbjudande": 20, "svar_ja": 22, "svar_nej": 22, "lagenhet_inflyttningsklar": 24,
	"bestallning_registrerad": 30, "bestallning_mottagen": 32, "bestallning_bekraftad": 34,
	"matdistribution_bestalld": 36, "larm_bestallt": 36, "larm_installerat": 38,
	"insats_paborjad": 40, "handlaggare_kontaktad": 42, "kartlaggning_klar": 44,
	"genomforandeplan_paborjad": 50, "genomforandeplan_klar": 52, "genomforandeplan_inkommen": 54,
	"genomforandeplan_bekraftad": 56, "genomforandeplan_uppfoljd": 58, "uppfoljning": 60,
	"journal_sammanfattad": 62, "avslut": 90, "avslut_meddelat": 92,
}

func (g *gen) rankOf(code audit.EventCode) int {
	if r, ok := rank[g.vocab.Name(code)]; ok {
		return r
	}
	return 100 + int(code)
}

// rootLag is the usual number of days from the case's previous step to an event no
// rule times (min, max).
var rootLag = map[string][2]int{
	"beslut": {0, 0}, "erbjudande": {5, 60}, "bestallning_registrerad": {0, 4},
	"bestallning_mottagen": {0, 2}, "bestallning_bekraftad": {0, 3}, "insats_paborjad": {1, 20},
	"genomforandeplan_paborjad": {5, 20}, "genomforandeplan_klar": {10, 40}, "genomforandeplan_inkommen": {10, 40},
	"uppfoljning": {20, 90},
}

var (
	utforareHemma  = []string{"Attendo Hemtjänst Åkersberga", "Hemtjänst Öst (egen regi)", "Hemtjänst Väst (egen regi)", "Omsorgshuset Älvsjö AB", "Vardaga Hemtjänst", "Nordic Care Örby"}
	utforareBoende = []string{"Brunnsgårdens vård- och omsorgsboende", "Ekängens äldreboende", "Solrosens vård- och omsorgsboende"}
	utforareBS     = []string{"Boendestöd Solna (egen regi)", "Stöd & Omsorg i Solna AB", "Mälardalens Boendestöd"}
	enheter        = []string{"Biståndsenheten Norr", "Biståndsenheten Söder", "Mottagningsgruppen", "Myndighetsavdelningen"}
	omraden        = []string{"Visby", "Slite", "Hemse", "Norr", "Söder"}
	kommentarer    = []string{"Önskar morgonbesök", "Ring först, nyckel i tub", "Tolk behövs", "Anhörig \"Kalle\" är kontakt", "Hund i hemmet"}
)

var insatsWeight = map[string]int{
	"hemtjanst": 40, "boendestod": 22, "vard_och_omsorgsboende": 22, "matdistribution": 5, "trygghetslarm": 5,
}

// errRetry asks makeCase to try the case again with fresh random choices.
var errRetry = errors.New("synth: retry")

// makeCase builds case number i, retrying until a holiday case touches a holiday.
func (g *gen) makeCase(i int) (*kase, error) {
	attrs := g.rng(1, uint64(i))
	holidayMode := attrs.Float64() < 0.25
	p := g.newPerson(attrs)
	const attempts = 80
	var last *kase
	for a := 0; a < attempts; a++ {
		k := &kase{id: fmt.Sprintf("S-%05d", i+1), person: p, holidayMode: holidayMode}
		err := g.build(g.rng(2, uint64(i)<<12|uint64(a)), k)
		if err == errRetry {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("synth: case %s: %w", k.id, err)
		}
		last = k
		if !k.holidayMode || g.touchesHoliday(k) {
			return k, nil
		}
	}
	if last == nil {
		return nil, fmt.Errorf("synth: case %d: no consistent case could be built in %d attempts (last: %s)", i+1, attempts, g.lastConflict)
	}
	return last, nil
}

// build fills in k: attributes, events, truth.
func (g *gen) build(r *rand.Rand, k *kase) error {
	k.ev = map[audit.EventCode]*event{}
	k.intents = map[*audit.Rule]intent{}
	if err := g.attributes(r, k); err != nil {
		return err
	}
	probe := &audit.Case{Insats: audit.MakeName(k.insats)}
	var scope, active []*audit.Rule
	for _, rule := range g.rules {
		if rule.Routine != nil && !rule.Routine.Applies(probe) {
			continue
		}
		scope = append(scope, rule)
		if g.conditionFails(k, rule) == "" {
			active = append(active, rule)
		}
	}
	if k.holidayMode && !g.holidaySensitive(k, active) {
		k.holidayMode = false
	}
	order, preds, err := g.graph(k, active)
	if err != nil {
		return err
	}
	b := &builder{g: g, r: r, k: k, active: active, preds: preds, decided: map[*audit.Rule]bool{}, order: order}
	if err := b.place(); err != nil {
		return err
	}
	b.registrations()
	b.decorate()
	for _, rule := range scope {
		t := g.verdict(k, rule)
		if in, ok := k.intents[rule]; ok {
			if in.status != t.Status {
				// Two rules' placements got in each other's way; try other choices.
				b.g.conflicts++
				b.g.lastConflict = fmt.Sprintf("rule %s was placed to be %s but the case gives %s (%s)", rule.ID, in.status.Code(), t.Status.Code(), in.note)
				return errRetry
			}
			t.Note = in.note + t.Note
		} else if t.Status != audit.EjTillamplig {
			t.Note = "follows from the events placed for other rules" + t.Note
		}
		k.truth = append(k.truth, t)
	}
	return nil
}

// attributes chooses the insats, frequency, flags and texts of a case.
func (g *gen) attributes(r *rand.Rand, k *kase) error {
	// Insatser weighted by how common they are and by how many rules judge them.
	var choices []string
	var weights []int
	total := 0
	for _, in := range g.c.insats {
		probe := &audit.Case{Insats: audit.MakeName(in)}
		n := 0
		for _, rule := range g.rules {
			if (rule.Routine == nil || rule.Routine.Applies(probe)) && (len(rule.When.Insats) == 0 || contains(rule.When.Insats, in)) {
				n++
			}
		}
		if n > 0 {
			choices = append(choices, in)
			weights = append(weights, weight(in)*(1+n))
			total += weights[len(weights)-1]
		}
	}
	if len(choices) == 0 {
		return fmt.Errorf("no insats the export can hold is in the scope of the supported rules")
	}
	x := r.IntN(total)
	for i, in := range choices {
		if x -= weights[i]; x < 0 {
			k.insats = in
			break
		}
	}
	boende := k.insats == "vard_och_omsorgsboende" || k.insats == "korttidsboende"
	if len(g.c.freqs) > 0 && !boende && r.Float64() >= 0.12 {
		w := map[audit.Frequency]int{audit.FreqDaglig: 50, audit.FreqVarjeVecka: 25, audit.FreqVarannanVecka: 12, audit.FreqVarjeManad: 13}
		sum := 0
		for _, f := range g.c.freqs {
			sum += w[f] + 1
		}
		x := r.IntN(sum)
		for _, f := range g.c.freqs {
			if x -= w[f] + 1; x < 0 {
				k.freq = f
				break
			}
		}
	}
	if g.c.flags&audit.FlagNyKund != 0 && r.Float64() < 0.4 {
		k.flags |= audit.FlagNyKund
	}
	if g.c.flags&audit.FlagExternUtforare != 0 && r.Float64() < 0.1 {
		k.flags |= audit.FlagExternUtforare
	}
	switch k.insats {
	case "vard_och_omsorgsboende", "korttidsboende":
		k.utforare = pick(r, utforareBoende)
	case "boendestod":
		k.utforare = pick(r, utforareBS)
	default:
		k.utforare = pick(r, utforareHemma)
	}
	k.enhet = pick(r, enheter)
	if r.Float64() < 0.5 {
		k.omrade = pick(r, omraden)
	}
	if r.Float64() < 0.15 {
		k.kommentar = pick(r, kommentarer)
	}
	return nil
}

func weight(insats string) int {
	if w, ok := insatsWeight[insats]; ok {
		return w
	}
	return 3
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// conditionFails returns why r's condition does not hold for k (Swedish, as the audit
// says it), or "".
func (g *gen) conditionFails(k *kase, r *audit.Rule) string {
	w := &r.When
	if len(w.Insats) > 0 && !contains(w.Insats, k.insats) {
		return "gäller inte insatsen " + k.insats
	}
	if w.NyKund != nil && (k.flags&audit.FlagNyKund != 0) != *w.NyKund {
		return "ny kund-villkoret uppfylls inte"
	}
	if w.ExternUtforare != nil && (k.flags&audit.FlagExternUtforare != 0) != *w.ExternUtforare {
		return "villkoret om extern utförare uppfylls inte"
	}
	if len(w.Frequency) > 0 {
		ok := false
		for _, f := range w.Frequency {
			ok = ok || f == k.freq
		}
		if !ok {
			if k.freq == audit.FreqUnknown {
				return "frekvensen okänd"
			}
			return "gäller inte frekvensen " + k.freq.String()
		}
	}
	return ""
}

// holidaySensitive reports whether some active rule counts vardagar or arbetsdagar, so
// that a case placed around a holiday shows it.
func (g *gen) holidaySensitive(k *kase, active []*audit.Rule) bool {
	for _, r := range active {
		if dl, ok := g.deadlineFor(k, r); ok && dl.CountsWorkdays() {
			return true
		}
	}
	return false
}

// graph orders the events the active rules connect: every start before its targets,
// otherwise in the order of a case's life. preds lists, per event, the start events of
// the active rules that end at it.
func (g *gen) graph(k *kase, active []*audit.Rule) ([]audit.EventCode, map[audit.EventCode][]audit.EventCode, error) {
	nodes := map[audit.EventCode]bool{}
	preds := map[audit.EventCode][]audit.EventCode{}
	for _, r := range active {
		for _, f := range fromCodes(r) {
			if g.c.carries(f) {
				nodes[f] = true
			}
		}
		if r.To == r.From || r.Kind != audit.KindDuration {
			continue
		}
		for _, t := range toCodes(r) {
			if !g.c.carries(t) {
				continue
			}
			nodes[t] = true
			for _, f := range fromCodes(r) {
				if g.c.carries(f) && f != t && !containsCode(preds[t], f) {
					preds[t] = append(preds[t], f)
				}
			}
		}
	}
	if code, ok := g.vocab.Lookup("beslut"); ok && g.c.carries(code) {
		nodes[code] = true
	}
	// Kahn's algorithm, lowest rank first.
	indeg := map[audit.EventCode]int{}
	succ := map[audit.EventCode][]audit.EventCode{}
	for t, ps := range preds {
		for _, p := range ps {
			indeg[t]++
			succ[p] = append(succ[p], t)
		}
	}
	var ready, order []audit.EventCode
	for n := range nodes {
		if indeg[n] == 0 {
			ready = append(ready, n)
		}
	}
	for len(ready) > 0 {
		sort.Slice(ready, func(i, j int) bool {
			ri, rj := g.rankOf(ready[i]), g.rankOf(ready[j])
			if ri != rj {
				return ri < rj
			}
			return ready[i] < ready[j]
		})
		n := ready[0]
		ready = ready[1:]
		order = append(order, n)
		for _, s := range succ[n] {
			if indeg[s]--; indeg[s] == 0 {
				ready = append(ready, s)
			}
		}
	}
	if len(order) != len(nodes) {
		return nil, nil, fmt.Errorf("the rules form a cycle of events; cannot order them")
	}
	return order, preds, nil
}

func containsCode(s []audit.EventCode, x audit.EventCode) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// builder places the events of one case.
type builder struct {
	g       *gen
	r       *rand.Rand
	k       *kase
	active  []*audit.Rule
	preds   map[audit.EventCode][]audit.EventCode
	order   []audit.EventCode
	decided map[*audit.Rule]bool
	visited map[audit.EventCode]bool

	anchor     audit.Date
	pauseOwned bool // a rule that pauses for frånvaro has placed its target
}

func (b *builder) asof() audit.Date { return b.g.asof }

// place visits the events in order and places each.
func (b *builder) place() error {
	b.visited = map[audit.EventCode]bool{}
	b.anchor = b.chooseAnchor()
	for i, x := range b.order {
		if b.k.ev[x] != nil || b.visited[x] {
			b.visited[x] = true
			continue
		}
		if len(b.preds[x]) == 0 {
			b.placeRoot(x, i == 0)
		} else if err := b.placeTarget(x); err != nil {
			return err
		}
		b.visited[x] = true
	}
	if len(b.k.ev) == 0 {
		return errRetry // a case must have an event to exist
	}
	return nil
}

// chooseAnchor picks the date of the case's first event.
func (b *builder) chooseAnchor() audit.Date {
	r, asof := b.r, b.asof()
	if b.k.holidayMode {
		var hs []audit.Date
		for _, h := range b.g.weekHol {
			if h >= asof-330 && h <= asof-8 {
				hs = append(hs, h)
			}
		}
		if len(hs) > 0 {
			h := pick(r, hs)
			if len(b.order) > 0 && b.sensitive(b.order[0]) {
				return h - audit.Date(1+r.IntN(3))
			}
			return h - audit.Date(2+r.IntN(30))
		}
	}
	switch x := r.Float64(); {
	case x < 0.62:
		return asof - audit.Date(60+r.IntN(270))
	case x < 0.88:
		return asof - audit.Date(12+r.IntN(48))
	default:
		return asof - audit.Date(r.IntN(12))
	}
}

// sensitive reports whether x starts an active rule counted in vardagar or arbetsdagar.
func (b *builder) sensitive(x audit.EventCode) bool {
	for _, r := range b.active {
		if r.Kind != audit.KindDuration || !containsCode(fromCodes(r), x) {
			continue
		}
		if dl, ok := b.g.deadlineFor(b.k, r); ok && dl.CountsWorkdays() {
			return true
		}
	}
	return false
}

// canPlace reports whether code can be written for the case: in the wide shape, each
// event column holds one event.
func (b *builder) canPlace(code audit.EventCode) bool {
	s := b.g.c.slots[code]
	if s == nil {
		return false
	}
	if s.wide < 0 {
		return true
	}
	for c := range b.k.ev {
		if c != code && b.g.c.slots[c].wide == s.wide {
			return false
		}
	}
	for _, bad := range b.k.bad {
		if b.g.c.slots[bad.code].wide == s.wide {
			return false
		}
	}
	return true
}

func (b *builder) set(code audit.EventCode, date audit.Date) {
	b.k.ev[code] = &event{code: code, date: date, reg: audit.NoDate}
}

// spoil records code as an event the import rejects, if the export can say so.
func (b *builder) spoil(code audit.EventCode, date audit.Date) bool {
	if b.g.opt.BadRows < 0 || !b.canPlace(code) || b.k.ev[code] != nil {
		return false
	}
	s := b.g.c.slots[code]
	kinds := []badKind{badDate}
	if s.reg {
		kinds = append(kinds, badRegistered)
	}
	if len(s.texts) > 0 && (s.wide < 0 && b.g.c.p.Columns.Event.Values != nil || s.wide >= 0) {
		kinds = append(kinds, badEventText)
	}
	if date == audit.NoDate || !date.Valid() {
		date = b.asof() - audit.Date(b.r.IntN(20))
	}
	b.k.bad = append(b.k.bad, badEvent{code: code, kind: pick(b.r, kinds), date: date})
	return true
}

// placeRoot places an event that no active rule times: the first event of the case at
// the anchor, the others a usual number of days after the case's earlier steps.
func (b *builder) placeRoot(x audit.EventCode, first bool) {
	r := b.r
	if !b.canPlace(x) {
		return
	}
	if first {
		b.set(x, b.anchor)
		return
	}
	name := b.g.vocab.Name(x)
	if name != "beslut" && r.Float64() < 0.06 {
		// A step that never happened: the rules starting at it do not apply.
		if r.Float64() < 0.15 {
			b.spoil(x, b.anchor+audit.Date(3+r.IntN(10)))
		}
		return
	}
	base := b.anchor
	for c, e := range b.k.ev {
		if b.g.rankOf(c) < b.g.rankOf(x) && e.date > base {
			base = e.date
		}
	}
	lag := [2]int{0, 5}
	if l, ok := rootLag[name]; ok {
		lag = l
	}
	lo, hi := base+audit.Date(lag[0]), base+audit.Date(lag[1])
	b.set(x, b.pickDate(lo, hi, b.sensitive(x)))
}

// pickDate picks a date in [lo, hi], early dates more often. In a holiday case, for an
// event that starts a vardag rule, it prefers a date just before a weekday holiday.
func (b *builder) pickDate(lo, hi audit.Date, sensitive bool) audit.Date {
	if hi <= lo {
		return lo
	}
	if b.k.holidayMode && sensitive {
		var cands []audit.Date
		for d := lo; d <= hi; d++ {
			if b.g.holidayWithin(d, 4) {
				cands = append(cands, d)
			}
		}
		if len(cands) > 0 {
			return pick(b.r, cands)
		}
	}
	u := math.Pow(b.r.Float64(), 1.6)
	return lo + audit.Date(u*float64(hi-lo+1))
}

// holidayWithin reports whether a weekday holiday falls in (d, d+n].
func (g *gen) holidayWithin(d audit.Date, n int) bool {
	i := sort.Search(len(g.weekHol), func(i int) bool { return g.weekHol[i] > d })
	return i < len(g.weekHol) && g.weekHol[i] <= d+audit.Date(n)
}

// start returns the date the rule's clock starts for the case as placed so far, or
// NoDate when no start event is dated on or before the brytdatum.
func (b *builder) start(r *audit.Rule) audit.Date {
	start := audit.NoDate
	for _, f := range fromCodes(r) {
		if e := b.k.visible(f, b.asof()); e != nil {
			switch {
			case start == audit.NoDate:
				start = e.date
			case r.StartLatest && e.date > start, !r.StartLatest && e.date < start:
				start = e.date
			}
		}
	}
	return start
}

// placeTarget places an event that active rules time: the rule with the latest start
// owns it, chooses an outcome and places the event accordingly.
func (b *builder) placeTarget(x audit.EventCode) error {
	g, r, k, asof := b.g, b.r, b.k, b.asof()
	lb := audit.NoDate // the latest start event placed, seen by the audit or not
	for _, p := range b.preds[x] {
		if e := k.ev[p]; e != nil && (lb == audit.NoDate || e.date > lb) {
			lb = e.date
		}
	}
	var owner *audit.Rule
	ownerStart := audit.NoDate
	anyDecided := false
	for _, rule := range b.active {
		if rule.Kind != audit.KindDuration || rule.To == rule.From || !containsCode(toCodes(rule), x) {
			continue
		}
		if b.decided[rule] {
			anyDecided = true
			continue
		}
		if s := b.start(rule); s != audit.NoDate && (owner == nil || s > ownerStart) {
			owner, ownerStart = rule, s
		}
	}
	if owner == nil {
		// No rule can time it: its start events are missing or after the brytdatum (or
		// a rule chose another of its targets, as VOB-03 chooses svar_ja or svar_nej).
		if !anyDecided && lb != audit.NoDate && b.canPlace(x) && r.Float64() < 0.4 {
			b.set(x, lb+audit.Date(1+r.IntN(15)))
		}
		return nil
	}
	b.decided[owner] = true
	code := b.chooseCode(owner, x)
	dl, _ := g.deadlineFor(k, owner)
	if owner.PauseFranvaro && !b.pauseOwned {
		b.maybeAbsence(owner, dl, ownerStart)
	}
	if owner.PauseFranvaro {
		b.pauseOwned = true
	}
	cals := calendars(owner)
	due := g.due(k, owner, dl, ownerStart)
	in := intent{}
	switch {
	case code == audit.NoEvent || !b.canPlace(code):
		// The export has no room for it: the event is absent.
		in.status = absentStatus(due, asof)
		in.note = in.status.Code() + ": the export cannot hold the event"
	case lb > asof:
		in.status = absentStatus(due, asof)
		in.note = in.status.Code() + ": a start event is dated after the brytdatum"
		if r.Float64() < 0.5 {
			b.set(code, lb+audit.Date(r.IntN(10)))
		}
	default:
		lo := max(ownerStart, lb) // every start event placed comes before the target
		in.status, in.note = b.put(code, b.outcome(due, true), lo, ownerStart, due, dl, cals, b.sensitive(code))
	}
	k.intents[owner] = in
	return nil
}

// chooseCode picks which of the owner's target events to place (VOB-03: svar_ja or
// svar_nej), or NoEvent when none can be written.
func (b *builder) chooseCode(owner *audit.Rule, x audit.EventCode) audit.EventCode {
	var others []audit.EventCode
	for _, t := range toCodes(owner) {
		if t == x || !b.g.c.carries(t) || b.k.ev[t] != nil || !b.canPlace(t) {
			continue
		}
		ok := true
		for _, p := range b.preds[t] {
			ok = ok && b.visited[p]
		}
		if ok {
			others = append(others, t)
		}
	}
	if len(others) > 0 && b.r.Float64() < 0.2 {
		return pick(b.r, others)
	}
	if b.canPlace(x) {
		return x
	}
	if len(others) > 0 {
		return others[0]
	}
	return audit.NoEvent
}

// absentStatus is the verdict for an event that is not there: pågående while the
// brytdatum is on or before the deadline, then saknas.
func absentStatus(due, asof audit.Date) audit.Status {
	if asof <= due {
		return audit.Pagaende
	}
	return audit.Saknas
}

// outcome chooses an intended verdict that can be placed: i tid, sen, saknas or datafel
// once the deadline has passed by the brytdatum; i tid or pågående before.
func (b *builder) outcome(due audit.Date, allowDatafel bool) audit.Status {
	x := b.r.Float64()
	if due < b.asof() {
		switch {
		case x < 0.60:
			return audit.ITid
		case x < 0.81:
			return audit.Sen
		case x < 0.96 || !allowDatafel:
			return audit.Saknas
		}
		return audit.Datafel
	}
	if x < 0.5 {
		return audit.ITid
	}
	return audit.Pagaende
}

// put places code for the intended status st of a rule starting at start with deadline
// due, no earlier than lo (but for datafel), and returns the status placed (st, unless
// i tid cannot be placed after lo) and how.
func (b *builder) put(code audit.EventCode, st audit.Status, lo, start, due audit.Date, dl audit.Deadline, cals audit.Calendars, sensitive bool) (audit.Status, string) {
	r, asof := b.r, b.asof()
	hi := min(due, asof)
	if st == audit.ITid && lo > hi {
		st = absentStatus(due, asof)
		if due < asof && lo <= asof {
			st = audit.Sen
		}
	}
	switch st {
	case audit.ITid:
		if due <= asof && r.Float64() < 0.3 {
			b.set(code, due)
			return st, "i_tid: on the deadline day"
		}
		d := b.pickDate(lo, hi, sensitive)
		b.set(code, d)
		return st, fmt.Sprintf("i_tid: %d day(s) after the start", d-start)
	case audit.Sen:
		d := max(b.lateDate(due, dl, cals), lo)
		b.set(code, d)
		return st, "sen: placed after the deadline" + b.g.crossed(due, d)
	case audit.Datafel:
		b.set(code, start-audit.Date(1+r.IntN(4)))
		return st, "datafel: the target event is dated before the start event"
	}
	// Saknas or pågående: not there, dated after the brytdatum, or rejected by the import.
	switch x := r.Float64(); {
	case x < 0.22:
		b.set(code, asof+audit.Date(1+r.IntN(25)))
		return st, st.Code() + ": the event is dated after the brytdatum (ignored)"
	case x < 0.36 && b.spoil(code, max(start+1, min(due+2, asof))):
		if b.g.writtenAsUnknownEvent(&b.k.bad[len(b.k.bad)-1]) {
			return st, st.Code() + ": the event's row is rejected at import for its unknown event text"
		}
		// The rejected row still names the case and the event: the audit cannot tell
		// when the step happened.
		return audit.Datafel, "datafel: the event's row is rejected at import for its date"
	}
	return st, st.Code() + ": no event"
}

// lateDate returns a date after due, on or before the brytdatum (due < brytdatum).
func (b *builder) lateDate(due audit.Date, dl audit.Deadline, cals audit.Calendars) audit.Date {
	r, asof := b.r, b.asof()
	cal := cals.Vardag
	if dl.UsesArbetsdagar() {
		cal = cals.Arbetsdag
	}
	var d audit.Date
	switch {
	case b.k.holidayMode && dl.CountsWorkdays():
		// Late across a holiday: the holiday does not count as a day late.
		d = due + 1
		for _, h := range b.g.weekHol {
			if h > due && h <= due+12 {
				d = cal.AddVardagar(h, r.IntN(2))
				if d == h {
					d = h + 1
				}
				break
			}
		}
	case dl.CountsWorkdays() && r.Float64() < 0.15:
		d = due + 1 // maybe a weekend day: late, but by no vardag
	case dl.CountsWorkdays():
		d = cal.AddVardagar(due, 1+r.IntN(5))
	default:
		n := 3
		for _, s := range dl.Steps {
			if s.Unit == audit.UnitDays || s.Unit == audit.UnitWeeks || s.Unit == audit.UnitMonths {
				n = max(n, int(dl.Due(0, cals, false))/3)
			}
		}
		d = due + audit.Date(1+r.IntN(min(n, 40)))
	}
	return min(d, asof)
}

// holidayNames names the weekday holidays in (from, to].
func (g *gen) holidayNames(from, to audit.Date) []string {
	var names []string
	for d := from + 1; d <= to; d++ {
		if n, ok := g.holidays[d]; ok {
			if wd := d.Weekday(); wd >= 1 && wd <= 5 {
				names = append(names, n)
			}
		}
	}
	return names
}

// crossed names the weekday holidays in (from, to], for notes.
func (g *gen) crossed(from, to audit.Date) string {
	names := g.holidayNames(from, to)
	if len(names) == 0 {
		return ""
	}
	s := " across " + names[0]
	for _, n := range names[1:] {
		s += ", " + n
	}
	return s
}

// maybeAbsence sometimes places a frånvaro wholly inside the rule's window (start,
// deadline], which then pauses the clock by its length.
func (b *builder) maybeAbsence(owner *audit.Rule, dl audit.Deadline, start audit.Date) {
	g, r, k := b.g, b.r, b.k
	startCode, ok1 := g.vocab.Lookup("franvaro_start")
	endCode, ok2 := g.vocab.Lookup("franvaro_slut")
	if !ok1 || !ok2 || !g.c.carries(startCode) || !g.c.carries(endCode) || g.used[startCode] || g.used[endCode] ||
		!b.canPlace(startCode) || !b.canPlace(endCode) || k.absence != nil || r.Float64() >= 0.3 {
		return
	}
	due0 := dl.Due(start, calendars(owner), owner.RollForward)
	if due0-start < 2 {
		return
	}
	s := start + 1 + audit.Date(r.IntN(int(due0-start-1)))
	end := s + 1 + audit.Date(r.IntN(int(due0+1-s)))
	if end > b.asof() {
		return
	}
	k.absence = &absence{start: s, end: end}
	b.set(startCode, s)
	b.set(endCode, end)
}

// registrations decides the registration dates: for the rules judging an event's
// registration date (registration lag, precedence) an intended outcome; otherwise a
// usual one.
func (b *builder) registrations() {
	g, r, k, asof := b.g, b.r, b.k, b.asof()
	codes := make([]audit.EventCode, 0, len(k.ev))
	for c := range k.ev {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool { return codes[i] < codes[j] })
	for _, c := range codes {
		e := k.ev[c]
		if !g.c.carriesReg(c) {
			continue
		}
		var lag, prec *audit.Rule
		for _, rule := range b.active {
			if rule.From != c {
				continue
			}
			if isRegLag(rule) && lag == nil {
				lag = rule
			}
			if rule.Kind == audit.KindPrecedence && prec == nil {
				prec = rule
			}
		}
		switch {
		case lag != nil && e.date <= asof:
			dl, _ := g.deadlineFor(k, lag)
			due := g.due(k, lag, dl, e.date)
			in := intent{status: b.regOutcome(due)}
			switch in.status {
			case audit.ITid:
				if due <= asof && r.Float64() < 0.3 {
					e.reg, in.note = due, "i_tid: registered on the deadline day"
				} else {
					e.reg = e.date + audit.Date(math.Pow(r.Float64(), 1.6)*float64(min(due, asof)-e.date+1))
					in.note = fmt.Sprintf("i_tid: registered %d day(s) after the event", e.reg-e.date)
				}
			case audit.Sen:
				e.reg = b.lateDate(due, dl, calendars(lag))
				in.note = "sen: registered after the deadline" + g.crossed(due, e.reg)
			case audit.Datafel:
				e.reg, in.note = audit.NoDate, "datafel: the registration date is empty"
			default:
				e.reg = asof + audit.Date(1+r.IntN(30))
				in.note = in.status.Code() + ": registered after the brytdatum (not yet known)"
			}
			k.intents[lag] = in
		case prec != nil && e.date <= asof:
			in := intent{}
			switch x := r.Float64(); {
			case x < 0.06:
				e.reg, in.status, in.note = audit.NoDate, audit.Datafel, "datafel: the registration date is empty"
			case x < 0.22 && e.date < asof:
				e.reg = min(e.date+audit.Date(1+r.IntN(6)), asof)
				in.status, in.note = audit.Sen, fmt.Sprintf("sen: dated %d day(s) before it was registered", e.reg-e.date)
			case x < 0.40:
				e.reg = e.date - audit.Date(1+r.IntN(3))
				in.status, in.note = audit.ITid, "i_tid: registered before the date it states"
			default:
				e.reg, in.status, in.note = e.date, audit.ITid, "i_tid: registered the same day"
			}
			if prec.FromField == audit.FieldDate {
				// "the registration must not be earlier than the date": the mirror image.
				if e.reg != audit.NoDate {
					e.reg = e.date - (e.reg - e.date)
				}
			}
			k.intents[prec] = in
		default:
			switch x := r.Float64(); {
			case x < 0.55:
				e.reg = e.date
			case x < 0.85:
				e.reg = e.date + audit.Date(1+r.IntN(3))
			}
		}
	}
}

// regOutcome chooses the intended verdict of a registration-lag rule.
func (b *builder) regOutcome(due audit.Date) audit.Status {
	x := b.r.Float64()
	if due < b.asof() {
		switch {
		case x < 0.64:
			return audit.ITid
		case x < 0.82:
			return audit.Sen
		case x < 0.92:
			return audit.Saknas
		}
		return audit.Datafel
	}
	switch {
	case x < 0.45:
		return audit.ITid
	case x < 0.9:
		return audit.Pagaende
	}
	return audit.Datafel
}

// decorate adds events no supported rule uses (ansökan, avslut, avbrott) and, in the
// long shape, sometimes a duplicate row.
func (b *builder) decorate() {
	g, r, k, asof := b.g, b.r, b.k, b.asof()
	free := func(name string) (audit.EventCode, bool) {
		c, ok := g.vocab.Lookup(name)
		if !ok || !g.c.carries(c) || g.used[c] || k.ev[c] != nil || !b.canPlace(c) {
			return 0, false
		}
		return c, true
	}
	first, last := audit.NoDate, audit.NoDate
	for _, e := range k.ev {
		if first == audit.NoDate || e.date < first {
			first = e.date
		}
		if e.date <= asof && e.date > last {
			last = e.date
		}
	}
	if c, ok := free("ansokan"); ok && r.Float64() < 0.3 {
		b.set(c, first-audit.Date(5+r.IntN(30)))
	}
	if c, ok := free("avslut"); ok && last != audit.NoDate && r.Float64() < 0.07 {
		b.set(c, last+audit.Date(20+r.IntN(120)))
	}
	if c, ok := free("avbrott"); ok && last != audit.NoDate && r.Float64() < 0.05 {
		b.set(c, last+audit.Date(3+r.IntN(30)))
		if c2, ok := free("avbrott_slut"); ok && r.Float64() < 0.7 {
			b.set(c2, k.ev[c].date+audit.Date(5+r.IntN(30)))
		}
	}
	if g.c.long && g.opt.BadRows >= 0 && r.Float64() < 0.04 {
		var vis []audit.EventCode
		for c, e := range k.ev {
			if e.date <= asof {
				vis = append(vis, c)
			}
		}
		sort.Slice(vis, func(i, j int) bool { return vis[i] < vis[j] })
		if len(vis) > 0 {
			k.dups = append(k.dups, pick(r, vis))
		}
	}
}

// touchesHoliday reports whether some verdict of the case counts a vardag deadline past
// a weekday holiday, or is late across one.
func (g *gen) touchesHoliday(k *kase) bool {
	for _, t := range k.truth {
		if len(t.holidays) > 0 {
			return true
		}
	}
	return false
}
