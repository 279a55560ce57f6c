// Package canonical reads rutinkoll's canonical event CSV: one row per event, with the
// columns case_id, person, insats, utforare, enhet, event, date, registered (and the
// optional frequency, flags, gender, details). It is what `rutinkoll import` writes and
// what `rutinkoll audit --input` reads. Delimiter ';' or ',' (detected from the header).
// The encoding is detected as textenc.NewReader detects it: UTF-8 with or without BOM,
// UTF-16, or Windows-1252 (what Swedish Excel writes for "CSV
// (semikolonavgränsad)"); text that is not valid in the detected encoding, such as a
// Windows-1252 byte further on in a file that starts as UTF-8, is an *EncodingError.
//
// Every row is accounted for: imported, a duplicate (same case, event and date), or
// rejected with file, line, column, value and reason. A missing or empty file or a
// header without the required columns is an error and nothing is imported.
package canonical

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"unsafe"

	"github.com/jszwec/csvutil"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/hugepage"
	"github.com/rutinkoll/rutinkoll/audit/workgroup"
	"github.com/rutinkoll/rutinkoll/importers/fastcsv"
	"github.com/rutinkoll/rutinkoll/importers/textenc"
)

// Columns are the canonical columns in the order rutinkoll writes them.
var Columns = []string{"case_id", "person", "insats", "utforare", "enhet", "kommun", "event", "date", "registered", "frequency", "flags", "gender", "ivo_code", "details"}

// Required are the columns a canonical file must have.
var Required = []string{"case_id", "event", "date"}

// Row is one canonical CSV row.
type Row struct {
	CaseID     string `csv:"case_id"`
	Person     string `csv:"person"`
	Insats     string `csv:"insats"`
	Utforare   string `csv:"utforare"`
	Enhet      string `csv:"enhet"`
	Kommun     string `csv:"kommun"`
	Event      string `csv:"event"`
	Date       string `csv:"date"`
	Registered string `csv:"registered"`
	Frequency  string `csv:"frequency"`
	Flags      string `csv:"flags"`
	Gender     string `csv:"gender"`
	IVOCode    string `csv:"ivo_code"`
	Details    string `csv:"details"`
}

// HeaderError reports a file whose header lacks required columns.
type HeaderError struct {
	File    string
	Missing []string
	Found   []string
}

func (e *HeaderError) Error() string {
	msg := fmt.Sprintf("%s:1: not a canonical event file: missing column(s) %s; found %s",
		e.File, strings.Join(e.Missing, ", "), strings.Join(e.Found, ", "))
	for _, m := range e.Missing {
		if s := audit.Nearest(m, e.Found); s != "" {
			msg += fmt.Sprintf(" ('%s' may be meant as '%s')", s, m)
		}
	}
	return msg + ". The header must name at least " + strings.Join(Required, ", ") + "; see README (Canonical event CSV). An export from a verksamhetssystem is read through an import profile: add --profile NAME (rutinkoll profiles list)"
}

// EncodingError reports a file that is not text in its encoding, which is detected from
// the start of the file: bytes that are not UTF-8 in a file read as UTF-8 (such as a
// Windows-1252 "ä" further on in a file that starts as UTF-8), bytes that do not occur
// in Windows-1252 text, text that was decoded wrongly before it was saved ("Ã¥" for
// "å"), or a file that is not text at all. Nothing of the file is imported. It unwraps
// to the *textenc.DecodeError, which unwraps to one of textenc's sentinel errors.
type EncodingError struct {
	File   string               // the file's name
	Line   int                  // 1-based line of the problem
	Column int                  // 1-based byte position of the problem in its line
	Err    *textenc.DecodeError // the problem
}

// Error names the place and the offending bytes (never the text around them, which
// may be personal data) and says what to do.
func (e *EncodingError) Error() string {
	d := e.Err
	what := "is not valid " + d.Encoding.String() + " text"
	hint := d.Hint
	switch {
	case errors.Is(d.Err, textenc.ErrInvalidUTF8):
		hint = fmt.Sprintf("the file starts as UTF-8 but is not UTF-8 further on (from line %d it may be Windows-1252); save it as \"CSV UTF-8\" or export it again", e.Line)
	case errors.Is(d.Err, textenc.ErrMojibake):
		what = "contains wrongly converted characters (such as Ã¥ for å): it was saved from text read in the wrong encoding"
	case errors.Is(d.Err, textenc.ErrUnsupported):
		what = "is not a text file rutinkoll can read"
	}
	msg := fmt.Sprintf("%s:%d:%d: the file %s (%s)", e.File, e.Line, e.Column, what, d.Detail)
	if hint != "" {
		msg += "; " + hint
	}
	return msg
}

// Unwrap returns the *textenc.DecodeError.
func (e *EncodingError) Unwrap() error { return e.Err }

// encodingError returns an *EncodingError for a *textenc.DecodeError in err's chain,
// whose line and column are the file's, or nil.
func encodingError(name string, err error) error {
	var de *textenc.DecodeError
	if !errors.As(err, &de) {
		return nil
	}
	return &EncodingError{File: name, Line: de.Line, Column: de.Column, Err: de}
}

// ErrEmpty is returned for an empty file.
var ErrEmpty = errors.New("the file is empty")

// Builder collects rows from one or more files into one Dataset, merging cases by id.
// Call Dataset once every file is read: it sorts each case's events and removes
// duplicates (same case, event and date), counting them in Stats. After a read error
// the Builder holds part of the file and should be discarded.
type Builder struct {
	vocab    *audit.Vocabulary
	ds       audit.Dataset
	index    caseIndex
	Rejected []audit.Rejection
	Stats    []audit.InputStats
	finished bool // Dataset was called
	// fileRejected holds, per file, the index in Rejected of its first rejection.
	fileRejected []int
	// protect lists the case ids of rejected rows that mark the person as having
	// skyddade personuppgifter: the case is protected even if no imported row says so.
	protect []string
	// changes are candidate rows that name another utförare or insats than their
	// case's (audit.Dataset.SetChanges keeps the first of each); changed marks the
	// cases ReadFile has found one for (bit 1 utförare, 2 insats).
	changes []audit.AttributeChange
	changed map[int32]uint8
	global  []int32     // mergeBlock's, reused
	strs    stringArena // the cases' ids, pseudonyms and IVO codes read in blocks
	rooms   eventRooms  // mergeBlock's room for the events of cases read in several blocks (see appendEvents)
}

// noteChange records a row of case ci whose field differs from the case's value,
// once per case and field on the sequential path.
func (b *Builder) noteChange(ci int32, field string, bit uint8, other string, src audit.Source) {
	if b.changed == nil {
		b.changed = map[int32]uint8{}
	}
	if b.changed[ci]&bit != 0 {
		return
	}
	b.changed[ci] |= bit
	b.changes = append(b.changes, audit.AttributeChange{Case: ci, Field: field, Other: strings.Clone(other), Source: src})
}

// startFile adds a file to the data set and returns its index, or an error when the
// data set holds audit.MaxFiles files already.
func (b *Builder) startFile(name string) (int32, error) {
	if len(b.ds.Files) >= audit.MaxFiles {
		return 0, fmt.Errorf("%s: too many input files: one audit reads at most %d; combine the exports into fewer files", name, audit.MaxFiles)
	}
	b.ds.Files = append(b.ds.Files, name)
	b.fileRejected = append(b.fileRejected, len(b.Rejected))
	return int32(len(b.ds.Files) - 1), nil
}

// dropFile removes the file at index f (the last) after an error.
func (b *Builder) dropFile(f int32) {
	b.ds.Files = b.ds.Files[:f]
	b.fileRejected = b.fileRejected[:f]
}

// ErrFinished is returned by ReadFile and ReadFileAt once Dataset has been called: the
// id index is gone by then, so a later file's cases could not be joined with the
// earlier ones and would come twice.
var ErrFinished = errors.New("canonical: no file can be read after the data set is finished")

// NewBuilder returns a Builder that checks event codes against vocab.
func NewBuilder(vocab *audit.Vocabulary) *Builder {
	return &Builder{vocab: vocab, index: newCaseIndex()}
}

func (b *Builder) caseAt(i int32) *audit.Case { return &b.ds.Cases[i] }

func (b *Builder) newCase(id string, h uint32, src audit.Source) int32 {
	ci := int32(len(b.ds.Cases))
	b.index.add(h, ci)
	b.ds.Cases = append(b.ds.Cases, audit.Case{Source: src})
	b.ds.Cases[ci].SetTexts(id, "", "")
	return ci
}

// reserve makes room for n more cases without copying the ones read so far again, and
// sizes the id index for share of them: an estimate that may be high (share > 1) has
// only that part backed in advance (backInAdvance) and indexed, since both cost memory
// as soon as they are; the rest of the cases' room is backed as it fills (or as the
// collector first reads it, see prefault). (A file sorted by date, its first blocks all
// new cases, reserved 5.6 million cases for its 923,000 and prefaulted 450 MB of them:
// 0.56 CPU-seconds and the memory.)
func (b *Builder) reserve(n, share int) {
	if n <= cap(b.ds.Cases)-len(b.ds.Cases) {
		return
	}
	share = max(share, 1)
	grown := hugepage.Make[audit.Case](len(b.ds.Cases) + n)[:len(b.ds.Cases)]
	copy(grown, b.ds.Cases)
	b.ds.Cases = grown
	backInAdvance(b.ds.Cases[len(b.ds.Cases) : len(b.ds.Cases)+n/share])
	b.index.grow((len(b.ds.Cases) + n) / share)
}

// Dataset returns the cases read, in order of first appearance, each with its events
// sorted by date and without duplicates, and the events of rejected rows of those cases
// whose case and event could be read (audit.Dataset.Unread). A case one of whose
// rejected rows says skyddad is protected. Cases are finished on every core. Dataset
// ends the Builder's work: reading a file after it fails with ErrFinished, and calling
// it again returns the same data set.
func (b *Builder) Dataset() *audit.Dataset {
	if b.finished {
		return &b.ds
	}
	b.finished = true
	find := func(id string) (int32, bool) { return b.index.find(b.ds.Cases, id, hashID(b.index.seed, id)) }
	b.ds.AddUnread(b.Rejected, b.fileRejected, find)
	for _, id := range b.protect {
		if ci, ok := find(id); ok {
			b.ds.Cases[ci].Flags |= audit.FlagSkyddad
		}
	}
	b.ds.SetChanges(b.changes)
	b.changes, b.changed = nil, nil
	// Not needed any more: let them go before the audit (the data set is the
	// Builder's, which lives as long as it does).
	b.index = caseIndex{seed: b.index.seed}
	b.rooms, b.global = eventRooms{}, nil
	cases := b.ds.Cases
	workers := min(runtime.GOMAXPROCS(0), len(cases)/4096+1)
	dups := make([][]int, workers)
	var wg workgroup.Group
	for w := range workers {
		dups[w] = make([]int, len(b.Stats))
		wg.Go(func() {
			for i := w * len(cases) / workers; i < (w+1)*len(cases)/workers; i++ {
				c := &cases[i]
				c.SortEvents()
				c.Events = dedupe(c.Events, dups[w])
			}
		})
	}
	wg.Wait()
	for _, d := range dups {
		for f, n := range d {
			b.Stats[f].Imported -= n
			b.Stats[f].Duplicates += n
		}
	}
	return &b.ds
}

// dedupe removes events with the same code and date as an earlier one (events are
// sorted by date, input order kept within a day), counting them in dups by the file
// they were read from.
func dedupe(evs []audit.Event, dups []int) []audit.Event {
	out := evs[:0]
	dayStart := 0
	for i := range evs {
		e := evs[i]
		if len(out) > 0 && out[len(out)-1].Date != e.Date {
			dayStart = len(out)
		}
		dup := false
		for j := dayStart; j < len(out); j++ {
			if out[j].Code == e.Code {
				dup = true
				break
			}
		}
		if dup {
			dups[e.File]++
			continue
		}
		out = append(out, e)
	}
	return out
}

// ReadFile reads one canonical CSV from r, named name in messages. The encoding is
// detected from the first 64 KiB, as textenc.NewReader detects it, and the text is
// decoded to UTF-8; text that is not valid in that encoding fails the read with an
// *EncodingError.
func (b *Builder) ReadFile(name string, r io.Reader) error {
	if b.finished {
		return fmt.Errorf("%s: %w", name, ErrFinished)
	}
	dr, _, err := textenc.NewReader(r, textenc.Auto)
	if err != nil {
		if eerr := encodingError(name, err); eerr != nil {
			return eerr
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	h, err := openFile(name, bufio.NewReaderSize(dr, 1<<20))
	if err != nil {
		return err
	}
	dec, cr, col := h.dec, h.reader, h.col
	fileIdx, err := b.startFile(name)
	if err != nil {
		return err
	}
	st := audit.InputStats{File: name}
	if err := b.readRecords(name, fileIdx, dec, cr, col, &st); err != nil {
		b.dropFile(fileIdx)
		return err
	}
	return b.finishFile(name, fileIdx, st)
}

// header is an opened canonical file whose header has been read and checked.
type header struct {
	reader *fastcsv.Reader
	dec    *csvutil.Decoder
	names  []string       // normalised column names
	col    map[string]int // name → 1-based column
	comma  byte
}

// openFile detects the delimiter, and reads and checks the header, from br, which
// yields the file's text decoded by textenc (without byte order mark). fastcsv returns
// exactly the records encoding/csv would, faster; csvutil decodes them into Row.
func openFile(name string, br *bufio.Reader) (*header, error) {
	h := &header{}
	first, err := br.Peek(4096)
	if len(first) == 0 {
		if eerr := encodingError(name, err); eerr != nil {
			return nil, eerr
		}
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return nil, fmt.Errorf("%s: %w", name, ErrEmpty)
	}
	h.comma = byte(detectComma(first))
	h.reader = fastcsv.NewReader(br, h.comma)
	h.reader.ReuseRecord = true
	if h.dec, err = csvutil.NewDecoder(h.reader); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: %w", name, ErrEmpty)
		}
		if eerr := encodingError(name, err); eerr != nil {
			return nil, eerr
		}
		return nil, fmt.Errorf("%s: reading the header: %w", name, err)
	}
	if h.names, h.col, err = checkHeader(name, h.dec); err != nil {
		return nil, err
	}
	return h, nil
}

// checkHeader normalises the header, checks the required columns and maps each column
// name to its 1-based position.
func checkHeader(name string, dec *csvutil.Decoder) ([]string, map[string]int, error) {
	if err := dec.NormalizeHeader(normalizeHeader); err != nil {
		return nil, nil, fmt.Errorf("%s: header: %w", name, err)
	}
	hdr := dec.Header()
	var missing []string
	for _, req := range Required {
		if !slices.Contains(hdr, req) {
			missing = append(missing, req)
		}
	}
	if len(missing) > 0 {
		return nil, nil, &HeaderError{File: name, Missing: missing, Found: hdr}
	}
	col := map[string]int{}
	for i, h := range hdr {
		col[h] = i + 1
	}
	return hdr, col, nil
}

func normalizeHeader(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// readRecords decodes every record of dec into the builder.
func (b *Builder) readRecords(name string, fileIdx int32, dec *csvutil.Decoder, cr *fastcsv.Reader, col map[string]int, st *audit.InputStats) error {
	var row Row
	for {
		row = Row{}
		err := dec.Decode(&row)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if errors.Is(err, csvutil.ErrFieldCount) {
				// The row's columns are shifted: rejected, and the read goes on.
				st.Read++
				st.Rejected++
				rec := dec.Record()
				b.Rejected = append(b.Rejected, fieldCountRejection(name, int32(cr.Line()), len(rec), len(dec.Header()), col, b.vocab,
					func(i int) string { return rec[i] }))
				continue
			}
			return readError(name, err)
		}
		st.Read++
		line, _ := cr.FieldPos(0)
		switch b.add(&row, fileIdx, int32(line), col, name) {
		case added:
			st.Imported++
		case rejected:
			st.Rejected++
		}
	}
}

// readError is the error for a record that cannot be read. A broken quote makes the rest
// of the file unreliable, so the read stops there, naming the place; so does text that
// is not in the file's encoding.
func readError(name string, err error) error {
	if eerr := encodingError(name, err); eerr != nil {
		return eerr
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d:%d: %v; check the quoting of this row", name, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

func (b *Builder) finishFile(name string, fileIdx int32, st audit.InputStats) error {
	if st.Read == 0 {
		b.dropFile(fileIdx)
		return fmt.Errorf("%s: %w (a header but no rows)", name, ErrEmpty)
	}
	b.Stats = append(b.Stats, st)
	return nil
}

func detectComma(sample []byte) rune {
	line := sample
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	best, bestN := ';', -1
	for _, c := range []rune{';', ',', '\t'} {
		if n := bytes.Count(line, []byte(string(c))); n > bestN {
			best, bestN = c, n
		}
	}
	return best
}

type outcome int

const (
	added outcome = iota
	rejected
)

func (b *Builder) reject(name string, line int32, col map[string]int, id string, code audit.EventCode, prob *problem) outcome {
	b.Rejected = append(b.Rejected, prob.rejection(name, line, col, id, code))
	return rejected
}

// rejection is the Rejection of a row with this problem, tied to its case and event
// when both were read.
func (prob *problem) rejection(name string, line int32, col map[string]int, id string, code audit.EventCode) audit.Rejection {
	if id == "" || code == audit.NoEvent {
		id, code = "", audit.NoEvent
	}
	kind := problemKinds[prob.field]
	if prob.other {
		kind = audit.RejectOther
	}
	if kind == audit.RejectBadDate && strings.TrimSpace(prob.value) == "" {
		kind = audit.RejectNoDate
	}
	return audit.Rejection{File: name, Line: int(line), Column: col[prob.field], Field: prob.field, Value: prob.value, Reason: prob.reason,
		Kind: kind, CaseID: strings.Clone(id), Event: code}
}

// fieldCountRejection is the rejection of a row with got fields where the header has
// want (see audit.FieldCountReason); at(i) is the row's field i. The row is tied to its
// case and event (see shiftedRowStep) when both can still be told, so that a step it may
// hold is datafel rather than saknas.
func fieldCountRejection(name string, line int32, got, want int, col map[string]int, vocab *audit.Vocabulary, at func(i int) string) audit.Rejection {
	id, code := shiftedRowStep(got, want, col, vocab, at)
	return audit.Rejection{File: name, Line: int(line), Kind: audit.RejectFieldCount, Reason: audit.FieldCountReason(got, want),
		CaseID: id, Event: code}
}

// shiftedRowStep returns the case id and the event of a row with got fields where the
// header has want, or "" and audit.NoEvent when either cannot be told. The case id is the
// field in its column: where the columns shifted before it, that is some other value,
// which names no case (audit.Dataset.AddUnread ties a rejection only to a case that has
// imported rows). The event is audit.ShiftedRowEvent's.
func shiftedRowStep(got, want int, col map[string]int, vocab *audit.Vocabulary, at func(i int) string) (string, audit.EventCode) {
	ci, ei := col["case_id"]-1, col["event"]-1
	if ci < 0 || ei < 0 || ci >= got {
		return "", audit.NoEvent
	}
	id := strings.TrimSpace(at(ci))
	if id == "" {
		return "", audit.NoEvent
	}
	code := audit.ShiftedRowEvent(got, want, ei, ci, func(j int) (audit.EventCode, bool) {
		return vocab.Lookup(strings.TrimSpace(at(j)))
	})
	if code == audit.NoEvent {
		return "", audit.NoEvent
	}
	return strings.Clone(id), code
}

// problemKinds is the kind of rejection a problem in each column is.
var problemKinds = map[string]audit.RejectKind{
	"case_id": audit.RejectNoCaseID, "event": audit.RejectUnknownEvent, "date": audit.RejectBadDate,
	"registered": audit.RejectBadRegistered, "frequency": audit.RejectUnknownValue, "flags": audit.RejectUnknownValue,
	"gender": audit.RejectUnknownValue,
}

// protects reports whether a rejected row of the case id says that the person has
// skyddade personuppgifter: its flags name skyddad, whatever else is wrong with them.
func protects(id string, row *Row) bool {
	return id != "" && strings.Contains(strings.ToLower(row.Flags), "skyddad")
}

// parsed is a row's validated values.
type parsed struct {
	code   audit.EventCode
	date   audit.Date
	reg    audit.Date
	freq   audit.Frequency
	flags  audit.Flags
	gender byte
}

// problem is why a row is rejected.
type problem struct {
	field, value, reason string
	other                bool // of kind audit.RejectOther, whatever its column (problemKinds)
}

// parseRow validates row and returns its case id and values, or why it is rejected.
// A rejected row's id and event code are returned as far as they could be read: "" and
// audit.NoEvent otherwise.
func parseRow(vocab *audit.Vocabulary, row *Row) (string, parsed, *problem) {
	var p parsed
	id := strings.TrimSpace(row.CaseID)
	if id == "" {
		return "", p, &problem{"case_id", "", "case_id is empty; every row needs the case id", false}
	}
	if len(id) > audit.MaxCaseText {
		return "", p, &problem{"case_id", audit.Shorten(id), audit.TooLongReason("case_id", len(id)), true}
	}
	var ok bool
	if p.code, ok = vocab.Lookup(strings.TrimSpace(row.Event)); !ok {
		reason := fmt.Sprintf("unknown event %q", row.Event)
		if s := audit.Nearest(row.Event, vocab.Names()); s != "" {
			reason += fmt.Sprintf("; did you mean %q?", s)
		} else {
			reason += "; see docs/events.md for the event codes"
		}
		return id, p, &problem{"event", row.Event, reason, false}
	}
	var err error
	if p.date, err = audit.ParseDate(strings.TrimSpace(row.Date)); err != nil {
		return id, p, &problem{"date", row.Date, fmt.Sprintf("bad date: %v", err), false}
	}
	p.reg = audit.NoDate
	if s := strings.TrimSpace(row.Registered); s != "" {
		if p.reg, err = audit.ParseDate(s); err != nil {
			return id, p, &problem{"registered", row.Registered, fmt.Sprintf("bad registration date: %v", err), false}
		}
	}
	if p.freq, ok = audit.ParseFrequency(strings.TrimSpace(row.Frequency)); !ok {
		return id, p, &problem{"frequency", row.Frequency, fmt.Sprintf("unknown frequency %q; expected one of %s", row.Frequency, strings.Join(audit.FrequencyNames(), ", ")), false}
	}
	for _, f := range strings.FieldsFunc(row.Flags, func(r rune) bool { return r == '|' || r == ',' || r == ' ' }) {
		fl, ok := audit.ParseFlag(f)
		if !ok {
			return id, p, &problem{"flags", row.Flags, fmt.Sprintf("unknown flag %q; expected %s", f, strings.Join(audit.FlagNames(), ", ")), false}
		}
		p.flags |= fl
	}
	switch strings.ToUpper(strings.TrimSpace(row.Gender)) {
	case "":
	case "K", "KVINNA", "F":
		p.gender = 'K'
	case "M", "MAN":
		p.gender = 'M'
	default:
		return id, p, &problem{"gender", row.Gender, "unknown gender; expected K or M", false}
	}
	// Checked last, so that the row, its event read, is tied to its case (Unread).
	if person := strings.TrimSpace(row.Person); len(person) > audit.MaxCaseText {
		return id, p, &problem{"person", audit.Shorten(person), audit.TooLongReason("person", len(person)), true}
	}
	return id, p, nil
}

func (b *Builder) add(row *Row, file, line int32, col map[string]int, name string) outcome {
	id, p, prob := parseRow(b.vocab, row)
	if prob != nil {
		if protects(id, row) {
			b.protect = append(b.protect, strings.Clone(id))
		}
		return b.reject(name, line, col, id, p.code, prob)
	}
	h := hashID(b.index.seed, id)
	ci, ok := b.index.find(b.ds.Cases, id, h)
	if !ok {
		ci = b.newCase(id, h, audit.Source{File: file, Line: line})
	}
	c := b.caseAt(ci)
	src := audit.Source{File: file, Line: line}
	var insats audit.Name
	if c.Insats == 0 {
		insats = audit.MakeName(audit.InsatsCode(row.Insats)) // "Hemtjänst" is hemtjanst, as in routine files
	} else if v := audit.InsatsCode(row.Insats); v != "" && v != c.Insats.String() {
		b.noteChange(ci, audit.FieldInsats, 2, v, src)
	}
	if v := strings.TrimSpace(row.Utforare); v != "" && c.Utforare != 0 && v != c.Utforare.String() {
		b.noteChange(ci, audit.FieldUtforare, 1, v, src)
	}
	// Named only where the case lacks them: naming takes the table's lock.
	nameIfEmpty(&c.Utforare, row.Utforare)
	nameIfEmpty(&c.Enhet, row.Enhet)
	nameIfEmpty(&c.Kommun, row.Kommun)
	c.FillTexts(strings.TrimSpace(row.Person), strings.TrimSpace(row.IVOCode))
	nameIfNone(&c.Insats, insats)
	p.setCase(c)
	e := audit.Event{Code: p.code, File: uint16(file), Date: p.date, Line: line}
	c.SetRegistered(&e, p.reg)
	if d := strings.TrimSpace(row.Details); d != "" {
		c.SetDetails(&e, d)
	}
	c.Events = append(c.Events, e)
	return added
}

// setCase gives c the row's frequency and gender unless it has them, and its flags.
func (p *parsed) setCase(c *audit.Case) {
	if c.Frequency == audit.FreqUnknown {
		c.Frequency = p.freq
	}
	if c.Gender == 0 {
		c.Gender = p.gender
	}
	c.Flags |= p.flags
}

// fillCase gives c what it lacks of from: insats, utförare, enhet and kommun (the
// first non-empty value wins), frequency and gender; and adds from's flags. Its texts
// are Case.FillTexts's.
func fillCase(c, from *audit.Case) {
	nameIfNone(&c.Insats, from.Insats)
	nameIfNone(&c.Utforare, from.Utforare)
	nameIfNone(&c.Enhet, from.Enhet)
	nameIfNone(&c.Kommun, from.Kommun)
	p := parsed{freq: from.Frequency, gender: from.Gender, flags: from.Flags}
	p.setCase(c)
}

// nameIfNone sets *dst to n unless it names something already.
func nameIfNone(dst *audit.Name, n audit.Name) {
	if *dst == 0 {
		*dst = n
	}
}

// nameIfEmpty sets *dst to the Name of v, trimmed, unless it names something already.
func nameIfEmpty(dst *audit.Name, v string) {
	if *dst == 0 {
		*dst = audit.MakeName(strings.TrimSpace(v))
	}
}

// backInAdvance has the operating system back the fresh room s before it is written:
// on its own goroutine where the kernel can without a write (hugepage.Populate), so
// that the merge that reserved it goes on (at 10M rows, 80 MB of cases and their index
// held up the merge, and the workers waiting on it, for 14–94 ms at the start); else by
// prefault.
func backInAdvance[T any](s []T) {
	if len(s) == 0 {
		return
	}
	if hugepage.CanPopulate() {
		go hugepage.Populate(s)
		return
	}
	prefault(s)
}

// prefault writes a zero byte on every page of s, fresh zeroed room, so that the
// operating system maps it now, on the cheap path of a first write. Left untouched, the
// room is read before it is written: the garbage collector scans the whole array,
// capacity included, and a page first read is mapped to the shared zero page, so the
// merge's later write to it copies the page and flushes the other core's TLB (an
// interrupt, costly in a virtual machine). At 10M events this took the import from
// 3.5–4.1 s to 2.7–3.4 s and its system time from 1.9–2.4 to 0.6–1.1 s (docs/benchmarks.md).
// The bytes written are zero on zero, so no pointer the collector sees changes.
func prefault[T any](s []T) {
	if len(s) == 0 {
		return
	}
	p := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), uintptr(len(s))*unsafe.Sizeof(s[0]))
	for i := 0; i < len(p); i += 4096 {
		p[i] = 0
	}
}
