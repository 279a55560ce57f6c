package profile

import (
	"cmp"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/person"
)

// CheckOptions control Check. The zero value checks 200 rows against the built-in
// event vocabulary.
type CheckOptions struct {
	Vocabulary    *audit.Vocabulary // event codes (nil: the built-in vocabulary)
	Rows          int               // data rows to examine (default 200; negative: all)
	MaxXLSXBytes  int64
	MaxUnzipBytes int64
	Today         time.Time // for personnummer checks; zero means now
}

// Report is what Check found: whether a profile fits a real export.
type Report struct {
	Profile  string
	System   string
	Shape    Shape
	File     string
	Info     FileInfo // format, encoding, delimiter or sheet, header line
	Headers  []string
	Found    []FoundColumn
	Missing  []MissingColumn // required columns the file lacks: an import would fail
	Optional []MissingColumn // optional columns the file lacks: read as empty
	Unused   []string        // the file's headers the profile does not map
	Rows     int             // data rows examined
	Dates    []DateCheck
	Values   []ValueCheck
	Person   *PersonCheck // nil when the profile maps no personnummer column
	Problems []string     // the file could not be read, or the profile does not fit the vocabulary
	// Trial is what an import of the rows examined gives (nil when the file cannot be
	// imported at all); TrialRejected are its first rejections.
	Trial         *audit.InputStats
	TrialRejected []audit.Rejection
	// DateFormats are the forms dates are read in (the profile's date_formats, and Excel
	// date cells for a workbook).
	DateFormats []string
	CheckedAll  bool // every row of the file was examined
}

// FoundColumn is a profile column found in the file.
type FoundColumn struct {
	Role   string // "case_id", "events[1] (beslut).date", …
	Header string // as the file writes it
	Column int    // 1-based
}

// DateCheck tells how a date column's cells parse with the profile's date_formats.
type DateCheck struct {
	Role     string
	Header   string
	Column   int
	Filled   int // non-empty cells examined
	Parsed   int // of which read as dates
	Failures []CellProblem
}

// ValueCheck lists texts of a column that the profile cannot translate (an unknown
// insats, event text, gender, frequency, flag or yes/no).
type ValueCheck struct {
	Role    string
	Header  string
	Column  int
	Filled  int
	Unknown []ValueCount
}

// ValueCount is one unknown text, how often it occurred and where first.
type ValueCount struct {
	Text      string
	Count     int
	FirstLine int
}

// PersonCheck tells how many personnummer are valid; it never shows a number.
type PersonCheck struct {
	Header   string
	Column   int
	Filled   int
	Valid    int
	Failures []CellProblem // Value is always "[personnummer dolt]"
}

// CellProblem is one cell that would be rejected.
type CellProblem struct {
	Line   int
	Value  string
	Reason string
}

const maxExamples = 5

// OK reports whether an import with this profile would read the file without
// rejecting any of the rows examined.
func (r *Report) OK() bool {
	if len(r.Problems) > 0 || len(r.Missing) > 0 || (r.Trial != nil && r.Trial.Rejected > 0) {
		return false
	}
	for _, d := range r.Dates {
		if d.Parsed != d.Filled {
			return false
		}
	}
	for _, v := range r.Values {
		if len(v.Unknown) > 0 {
			return false
		}
	}
	return r.Person == nil || r.Person.Valid == r.Person.Filled
}

// Check reads the header and the first rows of in and reports which of p's columns
// were found, which are missing (with the closest header), which headers are unused,
// whether dates parse with the profile's date_formats, whether texts are in its value
// maps, and whether personnummer are valid. It is `rutinkoll profiles check`. Nothing
// is imported and no key is needed.
func Check(p *Profile, in Input, opt CheckOptions) *Report {
	r := &Report{Profile: p.Name, System: p.System, Shape: p.Shape, File: in.Name}
	vocab := opt.Vocabulary
	if vocab == nil {
		vocab = audit.NewVocabulary()
	}
	if err := p.Validate(vocab); err != nil {
		r.Problems = append(r.Problems, err.Error())
		return r
	}
	limit := opt.Rows
	if limit == 0 {
		limit = 200
	}
	src, header, hline, err := openSource(in, p, Options{MaxXLSXBytes: opt.MaxXLSXBytes, MaxUnzipBytes: opt.MaxUnzipBytes})
	if err != nil {
		r.Problems = append(r.Problems, err.Error())
		return r
	}
	defer src.close()
	r.Info = src.describe()
	r.Info.Name, r.Info.HeaderLine, r.Headers = in.Name, hline, header
	b, err := bind(p.roles(), header)
	if err != nil {
		r.Problems = append(r.Problems, fmt.Sprintf("%s:%d: %v", in.Name, hline, err))
	}
	r.Missing, r.Optional, r.Unused = b.missing, b.optional, b.unused
	if len(b.missing) > 0 {
		if h := cmp.Or(delimiterHint(header, src, p), headerRowHint(in, p, Options{MaxXLSXBytes: opt.MaxXLSXBytes, MaxUnzipBytes: opt.MaxUnzipBytes}, p.roles(), hline)); h != "" {
			r.Problems = append(r.Problems, h)
		}
	}
	r.Info.Unused, r.Info.MissingOptional = b.unused, b.optional
	im := newImporter(p, vocab, Options{Today: opt.Today})
	pl := im.compile(b, header)
	c := &checker{r: r, im: im, pl: pl, dates: dateParser{layouts: p.layouts}}
	if xs, ok := src.(*xlsxSource); ok {
		c.dates.serial, c.dates.date1904 = true, xs.date1904()
	}
	c.setup(b, header)
	for _, l := range p.layouts {
		r.DateFormats = append(r.DateFormats, l.human)
	}
	if c.dates.serial {
		r.DateFormats = append(r.DateFormats, "Excel date cells")
	}
	for limit < 0 || r.Rows < limit {
		rec, line, err := src.next()
		if err == io.EOF {
			r.CheckedAll = true
			break
		}
		if err != nil {
			r.Problems = append(r.Problems, err.Error())
			break
		}
		if allBlank(rec) {
			r.Info.BlankRows++
			continue
		}
		r.Rows++
		c.row(rec, line)
	}
	if len(r.Problems) == 0 && len(r.Missing) == 0 {
		r.trial(p, in, vocab, opt, limit)
	}
	return r
}

// trial imports the rows examined with a throwaway key, to show what an import gives.
func (r *Report) trial(p *Profile, in Input, vocab *audit.Vocabulary, opt CheckOptions, limit int) {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	ps, err := person.NewPseudonymizer(key)
	if err != nil {
		return
	}
	im := newImporter(p, vocab, Options{Pseudonymizer: ps, MaxXLSXBytes: opt.MaxXLSXBytes, MaxUnzipBytes: opt.MaxUnzipBytes, Today: opt.Today})
	if limit > 0 {
		// Blank rows are not counted by Check; allow for a few.
		im.maxRows = limit + r.Info.BlankRows
	}
	if err := im.file(context.Background(), in); err != nil {
		r.Problems = append(r.Problems, err.Error())
		return
	}
	st := im.res.Stats[0]
	r.Trial = &st
	r.TrialRejected = im.res.Rejected[:min(len(im.res.Rejected), 10)]
}

// checker examines rows for Check.
type checker struct {
	r      *Report
	im     *importer
	pl     *plan
	dates  dateParser
	checks []cellCheck
}

// cellCheck is one present column and how to judge its cells.
type cellCheck struct {
	idx   int
	date  *DateCheck
	value *ValueCheck
	judge func(string) bool
}

func (c *checker) setup(b *binding, header []string) {
	// Capacity for every role, so the pointers into the slices stay valid.
	c.r.Dates = make([]DateCheck, 0, len(c.im.roles))
	c.r.Values = make([]ValueCheck, 0, len(c.im.roles))
	for i, ro := range c.im.roles {
		idx := b.index[i]
		if idx < 0 {
			continue
		}
		h := trim(header[idx])
		c.r.Found = append(c.r.Found, FoundColumn{Role: ro.name, Header: h, Column: idx + 1})
		switch ro.kind {
		case roleDate:
			c.r.Dates = append(c.r.Dates, DateCheck{Role: ro.name, Header: h, Column: idx + 1})
			c.checks = append(c.checks, cellCheck{idx: idx, date: &c.r.Dates[len(c.r.Dates)-1]})
		case rolePerson:
			c.r.Person = &PersonCheck{Header: h, Column: idx + 1}
			c.checks = append(c.checks, cellCheck{idx: idx})
		default:
			if judge := c.judge(ro); judge != nil {
				c.r.Values = append(c.r.Values, ValueCheck{Role: ro.name, Header: h, Column: idx + 1})
				c.checks = append(c.checks, cellCheck{idx: idx, value: &c.r.Values[len(c.r.Values)-1], judge: judge})
			}
		}
	}
}

// judge returns how to tell whether a text of a value column is understood, or nil
// for free text.
func (c *checker) judge(ro role) func(string) bool {
	m := newMapper(ro.col)
	inMap := func(s string) bool {
		if m == nil {
			return false
		}
		_, ok := m.lookup(s)
		return ok
	}
	switch {
	case ro.kind == roleEventText:
		return func(s string) bool { _, ok := c.im.vocab.Lookup(s); return inMap(s) || ok }
	case ro.col == c.im.p.Columns.Insats && m != nil:
		return inMap
	case ro.col == c.im.p.Columns.Gender:
		return func(s string) bool { _, ok := parseGender(s); return inMap(s) || ok }
	case ro.col == c.im.p.Columns.Frequency:
		return func(s string) bool { _, ok := audit.ParseFrequency(s); return inMap(s) || ok }
	case ro.col == c.im.p.Columns.Skyddad:
		return func(s string) bool { _, ok := parseYesNo(s); return inMap(s) || ok }
	case ro.col == c.im.p.Columns.Flags:
		return func(s string) bool { _, why := parseFlags(c.pl, s); return why == "" }
	}
	return nil
}

func (c *checker) row(rec []string, line int) {
	for _, ck := range c.checks {
		if ck.idx >= len(rec) {
			continue
		}
		s := trim(rec[ck.idx])
		if s == "" {
			continue
		}
		switch {
		case ck.date != nil:
			ck.date.Filled++
			if _, why := c.dates.parse(s); why != "" {
				if len(ck.date.Failures) < maxExamples {
					ck.date.Failures = append(ck.date.Failures, CellProblem{Line: line, Value: redact(s, false, c.im.today), Reason: why})
				}
			} else {
				ck.date.Parsed++
			}
		case ck.value != nil:
			ck.value.Filled++
			if !ck.judge(s) {
				addUnknown(ck.value, redact(s, false, c.im.today), line)
			}
		default: // personnummer
			pc := c.r.Person
			pc.Filled++
			if _, err := person.Parse(s, c.im.today); err != nil {
				if len(pc.Failures) < maxExamples {
					pc.Failures = append(pc.Failures, CellProblem{Line: line, Value: hiddenNumber, Reason: personReason(err)})
				}
			} else {
				pc.Valid++
			}
		}
	}
}

func addUnknown(v *ValueCheck, text string, line int) {
	for i := range v.Unknown {
		if v.Unknown[i].Text == text {
			v.Unknown[i].Count++
			return
		}
	}
	if len(v.Unknown) < 20 {
		v.Unknown = append(v.Unknown, ValueCount{Text: text, Count: 1, FirstLine: line})
	}
}
