package profile

import (
	"fmt"
	"strings"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
)

// importer holds the state of one Import across its files.
type importer struct {
	p       *Profile
	vocab   *audit.Vocabulary
	opt     Options
	today   time.Time
	roles   []role
	persons *persons

	ds       audit.Dataset
	cases    map[string]int32
	lastCase int32                     // index of the case looked up last
	extra    []caseExtra               // parallel to ds.Cases
	big      map[eventKey]audit.Source // events of cases with many events, for duplicate checks
	res      *Result

	maxRows  int               // stop each file after this many data rows (Check); 0: all
	units    []unit            // scratch, per row
	dbuf     []byte            // scratch for details
	interned map[string]string // details strings
	pending  []pending         // scratch, per row

	fileRejected []int                   // per file: the index in res.Rejected of its first rejection
	tied         []tiedRow               // rejected events that name their case (see rejectEvent)
	protect      []string                // case ids of rejected rows that say skyddade personuppgifter
	changes      []audit.AttributeChange // rows naming another utförare or insats than their case's
}

// tiedRow is a rejected event whose case id and event were read, with the row's
// pseudonym: it is tied to the case only if the case is the same person's.
type tiedRow struct {
	rej       int // index in res.Rejected
	pseudonym string
}

// caseExtra is what the importer keeps per case beyond audit.Case.
type caseExtra struct {
	pseudonym string // the person's regular pseudonym, to detect one case id used for two persons
	first     audit.Source
	changed   uint8 // a change noted: bit 1 utförare, 2 insats
}

type eventKey struct {
	cas  int32
	code audit.EventCode
	date audit.Date
}

// fileState is the state of the file being read.
type fileState struct {
	name      string
	idx       int32
	strict    bool
	nHeader   int
	trailing  int // blank fields after the header's that every row ends with; -1 until the first row
	plan      *plan
	dates     dateParser
	st        audit.InputStats
	blankRows int
	redacted  int
}

func newImporter(p *Profile, vocab *audit.Vocabulary, opt Options) *importer {
	today := opt.Today
	if today.IsZero() {
		today = time.Now()
	}
	im := &importer{
		p: p, vocab: vocab, opt: opt, today: today, roles: p.roles(),
		interned: map[string]string{}, cases: map[string]int32{}, big: map[eventKey]audit.Source{}, res: &Result{},
	}
	if opt.Pseudonymizer != nil {
		im.persons = &persons{ps: opt.Pseudonymizer, today: today, cache: map[string]personInfo{}, identities: opt.Identities}
	}
	return im
}

// reject records one rejected unit.
func (im *importer) reject(fs *fileState, line int, kind audit.RejectKind, f field, value, reason string) {
	im.rejectEvent(fs, line, kind, f, value, reason, nil, audit.NoEvent)
}

// protectIfSkyddad notes the case of a rejected row whose cells say that the person has
// skyddade personuppgifter: the case is protected even if no imported row says so.
func (im *importer) protectIfSkyddad(cr *caseRow) {
	if cr.id != "" && cr.flags&audit.FlagSkyddad != 0 {
		im.protect = append(im.protect, strings.Clone(cr.id))
	}
}

// protectCase gives the case of a person with skyddade personuppgifter a per-run
// pseudonym and no IVO code (that holds the birth date), whatever its rows said.
func (im *importer) protectCase(c *audit.Case) {
	if c.Flags&audit.FlagSkyddad != 0 {
		return
	}
	c.Flags |= audit.FlagSkyddad
	person := ""
	if im.opt.Pseudonymizer != nil {
		person = im.opt.Pseudonymizer.ProtectedPseudonym(c.ID())
	}
	c.SetTexts(c.ID(), person, "")
}

// rejectEvent records one rejected unit whose case cells cr were read and valid and
// whose event is code (the problem is in another cell, such as the date), so that the
// audit can tie it to the case; cr nil ties nothing.
func (im *importer) rejectEvent(fs *fileState, line int, kind audit.RejectKind, f field, value, reason string, cr *caseRow, code audit.EventCode) {
	fs.st.Rejected++
	caseID := ""
	if cr != nil {
		im.protectIfSkyddad(cr)
		if cr.id != "" && code != audit.NoEvent {
			caseID = cr.id
			im.tied = append(im.tied, tiedRow{rej: len(im.res.Rejected), pseudonym: strings.Clone(cr.pseudonym)})
		}
	}
	if caseID == "" {
		code = audit.NoEvent
	}
	im.res.Rejected = append(im.res.Rejected, audit.Rejection{
		File: fs.name, Line: line, Column: f.column(), Field: f.header,
		Value: redact(value, false, im.today), Reason: redact(reason, false, im.today), Kind: kind,
		CaseID: strings.Clone(caseID), Event: code,
	})
}

// where formats a source as file:line.
func (im *importer) where(s audit.Source) string { return im.ds.Where(s) }

// protected reports whether the case with id, read before, has skyddade
// personuppgifter.
func (im *importer) protected(id string) bool {
	ci, ok := im.lookupCase(id)
	return ok && im.ds.Cases[ci].Flags&audit.FlagSkyddad != 0
}

// lookupCase returns the index of the case with id. Rows of one case usually follow
// each other, so the previous case is tried first.
func (im *importer) lookupCase(id string) (int32, bool) {
	if n := len(im.ds.Cases); n > 0 && im.lastCase < int32(n) && im.ds.Cases[im.lastCase].ID() == id {
		return im.lastCase, true
	}
	ci, ok := im.cases[id]
	if ok {
		im.lastCase = ci
	}
	return ci, ok
}

// caseFor returns the index of the case with id, creating it.
func (im *importer) caseFor(id string, src audit.Source) int32 {
	if ci, ok := im.lookupCase(id); ok {
		return ci
	}
	id = strings.Clone(id)
	ci := int32(len(im.ds.Cases))
	im.lastCase = ci
	im.cases[id] = ci
	im.ds.Cases = append(im.ds.Cases, audit.Case{Source: src})
	im.ds.Cases[ci].SetTexts(id, "", "")
	im.extra = append(im.extra, caseExtra{first: src})
	return ci
}

// bigCase is the number of events from which a case's duplicate check uses a map
// instead of scanning its events.
const bigCase = 32

// duplicate reports whether case ci already has the event code on date, and where
// that event came from. Most cases have a handful of events, so scanning them is
// cheaper than a map over every event of the import.
func (im *importer) duplicate(ci int32, code audit.EventCode, date audit.Date) (audit.Source, bool) {
	evs := im.ds.Cases[ci].Events
	if len(evs) >= bigCase {
		src, ok := im.big[eventKey{ci, code, date}]
		return src, ok
	}
	for i := range evs {
		if evs[i].Code == code && evs[i].Date == date {
			return evs[i].Source(), true
		}
	}
	return audit.Source{}, false
}

// noteEvent keeps the map of a big case up to date after an event was appended.
func (im *importer) noteEvent(ci int32) {
	evs := im.ds.Cases[ci].Events
	switch {
	case len(evs) == bigCase:
		for _, e := range evs {
			im.big[eventKey{ci, e.Code, e.Date}] = e.Source()
		}
	case len(evs) > bigCase:
		e := evs[len(evs)-1]
		im.big[eventKey{ci, e.Code, e.Date}] = e.Source()
	}
}

// personConflict explains a case id used for two persons.
func (im *importer) personConflict(c *audit.Case, first audit.Source) string {
	return fmt.Sprintf("case id %q already belongs to another person (first seen at %s); the case id column must identify one person's case — check which column is mapped as case_id", c.ID(), im.where(first))
}
