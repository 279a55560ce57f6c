package profile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/rutinkoll/rutinkoll/importers/fastcsv"
	"github.com/rutinkoll/rutinkoll/importers/textenc"
)

// csvSource reads delimited text in any encoding textenc reads, as UTF-8.
type csvSource struct {
	name     string
	closer   io.Closer
	file     *readTracker // the file's bytes, before decoding
	cr       recordReader
	enc      textenc.Encoding
	comma    rune
	p        *Profile
	lastLine int // line on which the last row read starts; 0 before the first
}

// openCSV decodes r (with the profile's encoding, or detected), detects the delimiter if
// the profile says auto, and returns a source at the start of the file.
func openCSV(name string, r io.Reader, closer io.Closer, p *Profile) (*csvSource, error) {
	file := &readTracker{r: r}
	dec, enc, err := textenc.NewReader(file, p.Encoding)
	if err != nil {
		closer.Close()
		return nil, inputError(name, 0, err, file, p)
	}
	br := bufio.NewReaderSize(dec, 256<<10)
	comma := p.Delimiter
	if comma == 0 {
		sample, err := br.Peek(64 << 10)
		if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
			closer.Close()
			return nil, inputError(name, 0, err, file, p)
		}
		if comma, err = detectDelimiter(sample, p.HeaderRow); err != nil {
			closer.Close()
			// A title line above the header: the delimiter shows from the header on.
			lines := bytes.SplitN(sample, []byte{'\n'}, p.HeaderRow+12)
			for row := p.HeaderRow + 1; row <= p.HeaderRow+10 && row < len(lines); row++ {
				if len(bytes.TrimSpace(lines[row-1])) == 0 {
					continue // a blank line is no header
				}
				if _, lerr := detectDelimiter(sample, row); lerr == nil {
					return nil, fmt.Errorf("%s:%d: %w; from line %d on the lines split alike: if the header is on line %d, set header_row: %d in a copy of the profile", name, p.HeaderRow, err, row, row, row)
				}
			}
			return nil, fmt.Errorf("%s:%d: %w", name, p.HeaderRow, err)
		}
	}
	return &csvSource{name: name, closer: closer, file: file, cr: newRecordReader(br, comma), enc: enc, comma: comma, p: p}, nil
}

// readTracker passes reads of the file through and keeps the first error other than
// io.EOF. A read error reaches csvSource wrapped by the decoder and the CSV reader,
// whose messages repeat that reading failed and give byte offsets into the decoded
// text, not into the file; the error kept here is the file's own.
type readTracker struct {
	r   io.Reader
	err error
}

// Read reads from the file and keeps the first error other than io.EOF.
func (t *readTracker) Read(b []byte) (int, error) {
	n, err := t.r.Read(b)
	if err != nil && err != io.EOF && t.err == nil {
		t.err = err
	}
	return n, err
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
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// A broken quote makes the rest of the file unreliable: stop.
			return nil, 0, fmt.Errorf("%s:%d:%d: %v; check the quoting of this row (a text containing %s, a line break or \" must be in quotes, with \" doubled)",
				s.name, pe.Line, pe.Column, pe.Err, delimiterName(s.comma))
		}
		return nil, 0, inputError(s.name, s.lastLine, err, s.file, s.p)
	}
	line, _ := s.cr.FieldPos(0)
	s.lastLine = line
	return rec, line, nil
}

func (s *csvSource) strict() bool { return true }

func (s *csvSource) close() error { return s.closer.Close() }

func (s *csvSource) describe() FileInfo {
	return FileInfo{Format: FormatCSV, Encoding: s.enc.String(), Delimiter: delimiterName(s.comma)}
}

// inputError explains err, which ended reading the file called name after the row that
// starts on line lastLine (0: before the first row). Text that is not in the expected
// encoding is explained by decodeError. Otherwise the file could not be read: the
// message gives the file's own error, which file records, rather than err, whose
// wrappings repeat that reading failed and give byte offsets into the decoded text.
func inputError(name string, lastLine int, err error, file *readTracker, p *Profile) error {
	var de *textenc.DecodeError
	if errors.As(err, &de) {
		return decodeError(name, de, p)
	}
	if file.err != nil {
		err = file.err
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the message names the file already, as FileInput's does
	}
	if lastLine > 0 {
		return fmt.Errorf("%s: could not read the file after the row on line %d: %w", name, lastLine, err)
	}
	return fmt.Errorf("%s: could not read the file: %w", name, err)
}

// decodeError explains a file that is not text in the expected encoding.
func decodeError(name string, de *textenc.DecodeError, p *Profile) error {
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
