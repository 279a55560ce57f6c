package profile

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/person"
)

// Options control an import.
type Options struct {
	// Pseudonymizer turns personnummer into pseudonyms (keyed with the municipality's
	// key) and gives persons with skyddade personuppgifter a per-run protected
	// pseudonym. Required when the profile maps person, skyddad or flags.
	Pseudonymizer *person.Pseudonymizer
	// MaxXLSXBytes refuses larger .xlsx files unread (default 256 MiB).
	MaxXLSXBytes int64
	// MaxUnzipBytes refuses workbooks whose parts unpack to more (default 2 GiB).
	MaxUnzipBytes int64
	// Identities, when not nil, receives pseudonym → personnummer for an internal review
	// report (--identities). The map lives in memory only; reports use it in the xlsx,
	// never in the PDF, and never for skyddade personuppgifter (they get no pseudonym
	// from a personnummer).
	Identities map[string]string
	// Today is the date personnummer are judged against (century of 10-digit numbers,
	// birth dates in the future); zero means now.
	Today time.Time
}

// FileInfo is what an import found out about one file, for the log.
type FileInfo struct {
	Name       string
	Format     Format
	Encoding   string // CSV: the encoding read (detected or from the profile)
	Delimiter  string // CSV: ";", ",", "tab" or "|"
	Sheet      string // XLSX: the sheet read
	HeaderLine int    // the header's line (CSV) or row (XLSX)
	// Unused are the file's headers the profile does not map: ignored, listed once.
	Unused []string
	// MissingOptional are optional columns of the profile absent from the file (read as
	// empty).
	MissingOptional []MissingColumn
	// BlankRows counts rows with no text at all (skipped; not data rows, not in Stats).
	BlankRows int
	// Redacted counts cells in which text that looked like a personnummer was replaced
	// by "[personnummer dolt]" (utforare, enhet, details).
	Redacted int
}

// Result is what Import read.
type Result struct {
	Dataset *audit.Dataset
	// Stats accounts for every unit of each file: Read = Imported + Rejected +
	// Duplicates. A unit is a row in the long shape and an event (a filled-in date
	// cell) in the wide shape; see Import.
	Stats []audit.InputStats
	// Rejected lists every unit not imported, one entry per unit (so Stats.Rejected of a
	// file equals its entries here), with file, line, column, header, value and reason.
	Rejected []audit.Rejection
	// Duplicates lists every unit counted as a duplicate: same case, event and date as
	// an earlier one (whose file:line the reason names).
	Duplicates []audit.Rejection
	// Files describes each file: encoding, delimiter or sheet, unused headers, ….
	Files []FileInfo
}

// Unused returns, per file, the headers the profile does not map.
func (r *Result) Unused() map[string][]string {
	out := make(map[string][]string, len(r.Files))
	for _, f := range r.Files {
		out[f.Name] = f.Unused
	}
	return out
}

// ErrNoPseudonymizer is returned when the profile maps personnummer or skyddade
// personuppgifter but Options.Pseudonymizer is nil.
var ErrNoPseudonymizer = errors.New("a pseudonym key is needed")

// Import reads files with profile p into one Dataset, merging cases by case id across
// rows and files. Event codes are checked against vocab.
//
// Accounting. A unit is what a file is counted in: a row for the long shape, and an
// event — a filled-in event date — for the wide shape (a wide row with four dates is
// four units; a wide row with no date at all is one unit, rejected). Every unit read is
// imported, a duplicate (the same case, event and date as an earlier unit, in any
// file; counted once and listed in Result.Duplicates) or rejected (listed in
// Result.Rejected). A bad event-level cell (date, registration date, event text)
// rejects that event; a bad case-level cell (missing case id, invalid personnummer,
// unknown insats, frequency, flag, gender or yes/no text, a row with the wrong number
// of fields) rejects every unit of the row, one entry each. Rows with no text at all
// are skipped and counted in FileInfo.BlankRows.
//
// Privacy. A personnummer is validated (person.Parse) and replaced by its keyed
// pseudonym (Case.Person) and IVO's code ÅÅÅÅMMDD-Tnnn (Case.IVOCode, for the quarterly
// report on ej verkställda beslut); Case.Gender is taken from a gender column or else
// from the number. A
// person with skyddade personuppgifter (the skyddad column, or a flag mapped to
// skyddad) gets person.ProtectedPseudonym, audit.FlagSkyddad and no IVO code (that
// holds the birth date). No personnummer is
// stored in the Dataset, rejections, duplicates or errors: a case id or pseudonym that
// is a personnummer rejects the row; text that looks like one in utforare, enhet and
// details is replaced by "[personnummer dolt]".
//
// Errors stop the import and nothing is returned: a file that cannot be opened or
// decoded (wrong encoding, mojibake, broken quoting), an XLSX over the size limit or
// not a workbook, a header lacking required columns (*MismatchError), a file without
// data rows, an invalid profile, or ctx cancelled.
func Import(ctx context.Context, files []Input, p *Profile, vocab *audit.Vocabulary, opt Options) (*Result, error) {
	if p == nil {
		return nil, errors.New("import: no profile given")
	}
	if len(files) == 0 {
		return nil, errors.New("import: no input files given")
	}
	if err := p.Validate(vocab); err != nil {
		return nil, fmt.Errorf("profile %q does not fit the loaded event codes:\n%w", p.Name, err)
	}
	if opt.Pseudonymizer == nil && p.needsPseudonymizer() {
		return nil, fmt.Errorf("profile %q reads personnummer or skyddade personuppgifter (%s): %w to turn them into pseudonyms",
			p.Name, p.personColumns(), ErrNoPseudonymizer)
	}
	im := newImporter(p, vocab, opt)
	for _, in := range files {
		if err := im.file(ctx, in); err != nil {
			return nil, err
		}
	}
	return im.finish(), nil
}

// NeedsKey reports whether importing through the profile needs the municipality's
// pseudonym key: whether it maps personnummer, skyddade personuppgifter or flags.
func (p *Profile) NeedsKey() bool { return p.needsPseudonymizer() }

// needsPseudonymizer reports whether the profile maps anything that needs one.
func (p *Profile) needsPseudonymizer() bool {
	return p.Columns.Person != nil || p.Columns.Skyddad != nil || p.Columns.Flags != nil
}

func (p *Profile) personColumns() string {
	var names []string
	for _, c := range []*Column{p.Columns.Person, p.Columns.Skyddad, p.Columns.Flags} {
		if c != nil {
			names = append(names, fmt.Sprintf("%q", c.Header))
		}
	}
	return joinAnd(names)
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	out := s[0]
	for _, x := range s[1 : len(s)-1] {
		out += ", " + x
	}
	return out + " and " + s[len(s)-1]
}

// file reads one input into the importer.
func (im *importer) file(ctx context.Context, in Input) error {
	src, header, hline, err := openSource(in, im.p, im.opt)
	if err != nil {
		return err
	}
	defer src.close()
	b, err := bind(im.roles, header)
	if err != nil {
		return fmt.Errorf("%s:%d: %w", in.Name, hline, err)
	}
	if len(b.missing) > 0 {
		return &MismatchError{File: in.Name, Line: hline, Profile: im.p.Name, Arg: im.p.Arg(), System: im.p.System,
			Missing: b.missing, Required: b.required, Headers: header, Hint: cmp.Or(delimiterHint(header, src, im.p), headerRowHint(in, im.p, im.opt, im.roles, hline))}
	}
	if len(im.ds.Files) >= audit.MaxFiles {
		return fmt.Errorf("%s: too many input files: one import reads at most %d; combine the exports into fewer files", in.Name, audit.MaxFiles)
	}
	fs := &fileState{
		name:     in.Name,
		idx:      int32(len(im.ds.Files)),
		strict:   src.strict(),
		nHeader:  len(header),
		trailing: -1,
		plan:     im.compile(b, header),
		dates:    dateParser{layouts: im.p.layouts},
	}
	if xs, ok := src.(*xlsxSource); ok {
		fs.dates.serial, fs.dates.date1904 = true, xs.date1904()
	}
	fs.st.File = in.Name
	info := src.describe()
	info.Name, info.HeaderLine, info.Unused, info.MissingOptional = in.Name, hline, b.unused, b.optional
	im.ds.Files = append(im.ds.Files, in.Name)
	im.fileRejected = append(im.fileRejected, len(im.res.Rejected))
	for n := 0; im.maxRows == 0 || n < im.maxRows; n++ {
		if n&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("%s: import stopped: %w", in.Name, err)
			}
		}
		rec, line, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		im.row(fs, rec, line)
	}
	if fs.st.Read == 0 {
		return fmt.Errorf("%s: %w (a header on line %d but no data rows)", in.Name, ErrEmpty, hline)
	}
	info.BlankRows, info.Redacted = fs.blankRows, fs.redacted
	im.res.Stats = append(im.res.Stats, fs.st)
	im.res.Files = append(im.res.Files, info)
	return nil
}

// finish sorts each case's events and returns the result.
func (im *importer) finish() *Result {
	for i := range im.ds.Cases {
		im.ds.Cases[i].SortEvents()
	}
	im.ds.SetChanges(im.changes)
	for _, id := range im.protect {
		if ci, ok := im.lookupCase(id); ok {
			im.protectCase(&im.ds.Cases[ci])
		}
	}
	for _, t := range im.tied {
		r := &im.res.Rejected[t.rej]
		ci, ok := im.lookupCase(r.CaseID)
		if ok && t.pseudonym != "" && im.extra[ci].pseudonym != "" && t.pseudonym != im.extra[ci].pseudonym {
			// The row names another person: the step is not this case's.
			r.CaseID, r.Event = "", audit.NoEvent
		}
	}
	im.ds.AddUnread(im.res.Rejected, im.fileRejected, im.lookupCase)
	im.res.Dataset = &im.ds
	return im.res
}
