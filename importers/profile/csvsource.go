package profile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/rutinkoll/rutinkoll/importers/fastcsv"
	"github.com/rutinkoll/rutinkoll/importers/textenc"
)

// csvSource reads delimited text in any encoding textenc reads, as UTF-8.
type csvSource struct {
	name   string
	closer io.Closer
	cr     recordReader
	enc    textenc.Encoding
	comma  rune
	p      *Profile
}

// openCSV decodes r (with the profile's encoding, or detected), detects the delimiter if
// the profile says auto, and returns a source at the start of the file.
func openCSV(name string, r io.Reader, closer io.Closer, p *Profile) (*csvSource, error) {
	dec, enc, err := textenc.NewReader(r, p.Encoding)
	if err != nil {
		closer.Close()
		return nil, decodeError(name, err, p)
	}
	br := bufio.NewReaderSize(dec, 256<<10)
	comma := p.Delimiter
	if comma == 0 {
		sample, err := br.Peek(64 << 10)
		if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
			closer.Close()
			return nil, decodeError(name, err, p)
		}
		if comma, err = detectDelimiter(sample, p.HeaderRow); err != nil {
			closer.Close()
			return nil, fmt.Errorf("%s:%d: %w", name, p.HeaderRow, err)
		}
	}
	return &csvSource{name: name, closer: closer, cr: newRecordReader(br, comma), enc: enc, comma: comma, p: p}, nil
}

// recordReader is what csvSource needs of a CSV reader: encoding/csv's Reader, or
// fastcsv's, which gives the same records, positions and errors faster.
type recordReader interface {
	Read() ([]string, error)
	FieldPos(field int) (line, column int)
}

// newRecordReader returns a reader of records separated by comma: fastcsv's for an
// ASCII delimiter, else encoding/csv's. Either reuses the record's slice.
func newRecordReader(r io.Reader, comma rune) recordReader {
	if comma < utf8.RuneSelf && comma != '"' && comma != '\r' && comma != '\n' {
		fr := fastcsv.NewReader(r, byte(comma))
		fr.ReuseRecord = true
		return fr
	}
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return cr
}

func (s *csvSource) next() ([]string, int, error) {
	rec, err := s.cr.Read()
	if err == io.EOF {
		return nil, 0, io.EOF
	}
	if err != nil {
		var de *textenc.DecodeError
		var pe *csv.ParseError
		switch {
		case errors.As(err, &de):
			return nil, 0, decodeError(s.name, err, s.p)
		case errors.As(err, &pe):
			// A broken quote makes the rest of the file unreliable: stop.
			return nil, 0, fmt.Errorf("%s:%d:%d: %v; check the quoting of this row (a text containing %s, a line break or \" must be in quotes, with \" doubled)",
				s.name, pe.Line, pe.Column, pe.Err, delimiterName(s.comma))
		}
		return nil, 0, fmt.Errorf("%s: reading: %w", s.name, err)
	}
	line, _ := s.cr.FieldPos(0)
	return rec, line, nil
}

func (s *csvSource) strict() bool { return true }

func (s *csvSource) close() error { return s.closer.Close() }

func (s *csvSource) describe() FileInfo {
	return FileInfo{Format: FormatCSV, Encoding: s.enc.String(), Delimiter: delimiterName(s.comma)}
}

// decodeError explains a file that is not text in the expected encoding.
func decodeError(name string, err error, p *Profile) error {
	var de *textenc.DecodeError
	if !errors.As(err, &de) {
		return fmt.Errorf("%s: reading: %w", name, err)
	}
	what := "is not valid " + de.Encoding.String() + " text"
	switch {
	case errors.Is(de.Err, textenc.ErrMojibake) && p != nil && (p.Encoding == textenc.Windows1252 || p.Encoding == textenc.ISO88591):
		what = fmt.Sprintf("looks like UTF-8 text, not %s as profile %q says", p.Encoding, p.Name)
	case errors.Is(de.Err, textenc.ErrMojibake):
		what = "contains wrongly converted characters (such as Ã¥ for å): it was saved from text read in the wrong encoding"
	case errors.Is(de.Err, textenc.ErrUnsupported):
		what = "is not a text file rutinkoll can read"
	}
	msg := fmt.Sprintf("%s:%d: the file %s (%s)", name, de.Line, what, de.Detail)
	if de.Hint != "" {
		msg += "; " + de.Hint
	}
	if p != nil && p.Encoding != textenc.Auto {
		msg += fmt.Sprintf("; profile %q says encoding: %s — if the export is in another encoding, change it or write auto", p.Name, p.Encoding)
	}
	return &wrapped{msg: msg, err: de}
}

// wrapped is an error with its own message that still unwraps to the cause.
type wrapped struct {
	msg string
	err error
}

// Error returns the message.
func (w *wrapped) Error() string { return w.msg }

// Unwrap returns the cause.
func (w *wrapped) Unwrap() error { return w.err }

var delimiterCandidates = []rune{';', ',', '\t', '|'}

// detectDelimiter chooses the delimiter that splits the header line into the most
// fields while giving the next lines the same number of fields.
func detectDelimiter(sample []byte, headerRow int) (rune, error) {
	// Start at the header line; drop a last line that the sample may have cut.
	for i := 1; i < headerRow; i++ {
		j := bytes.IndexByte(sample, '\n')
		if j < 0 {
			return 0, errors.New("the file has fewer lines than header_row; check header_row in the profile")
		}
		sample = sample[j+1:]
	}
	if j := bytes.LastIndexByte(sample, '\n'); j > 0 && j < len(sample)-1 {
		sample = sample[:j+1]
	}
	// Prefer delimiters under which most rows have as many fields as the header; a
	// few broken rows must not hide the delimiter (they are rejected later, with reasons).
	best, bestScore, fallback, fallbackScore := rune(0), 0, rune(0), 0
	for _, c := range delimiterCandidates {
		cr := csv.NewReader(bytes.NewReader(sample))
		cr.Comma = c
		cr.FieldsPerRecord = -1
		cr.LazyQuotes = true
		head, err := cr.Read()
		if err != nil || len(head) < 2 {
			continue
		}
		rows, same := 0, 0
		for rows < 50 {
			rec, err := cr.Read()
			if err != nil {
				break
			}
			rows++
			if len(rec) == len(head) {
				same++
			}
		}
		if 2*same >= rows && len(head) > bestScore {
			best, bestScore = c, len(head)
		}
		if len(head) > fallbackScore {
			fallback, fallbackScore = c, len(head)
		}
	}
	if best == 0 {
		best = fallback
	}
	if best == 0 {
		return 0, errors.New("cannot tell the delimiter: the header line does not split into columns on ; , tab or |; set delimiter in the profile, or check that this is a CSV export")
	}
	return best, nil
}

func delimiterName(c rune) string {
	switch c {
	case '\t':
		return "tab"
	case 0:
		return "auto"
	}
	return strings.Trim(fmt.Sprintf("%q", c), "'")
}
