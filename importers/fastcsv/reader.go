// Package fastcsv is a fast, byte-level CSV record reader that returns
// exactly the records that encoding/csv returns for the same input when
// encoding/csv is configured with
//
//	LazyQuotes       = false
//	TrimLeadingSpace = false
//	FieldsPerRecord  = -1
//	Comment          = 0
//
// and Comma set to the same single-byte delimiter (typically ',', ';' or
// '\t').
//
// The behaviour copied from encoding/csv includes:
//
//   - \r\n is normalised to \n, also inside quoted fields;
//   - a lone \r directly before end of input is dropped;
//   - empty lines are skipped;
//   - quoted fields may contain the delimiter, "" (an escaped quote) and
//     newlines;
//   - a bare " in an unquoted field is an error ([csv.ErrBareQuote]), and a
//     quoted field that is not closed properly is an error ([csv.ErrQuote]);
//   - the final record does not need a trailing newline;
//   - after a parse error, reading continues with the line following the
//     line on which the error was detected.
//
// Parse errors are returned as *[csv.ParseError] values whose StartLine,
// Line, Column and Err are the ones encoding/csv reports.
//
// A leading UTF-8 byte order mark (EF BB BF) is NOT stripped, exactly as in
// encoding/csv: it becomes part of the first field of the first record.
// Callers that accept BOM-prefixed files (as exported by Excel) should strip
// it before handing the input to [NewReader], for example by peeking at the
// first three bytes of a bufio.Reader and discarding them when they are a BOM.
//
// The Reader satisfies the interface expected by
// github.com/jszwec/csvutil.NewDecoder (Read() ([]string, error)) and also
// provides FieldPos, which csvutil uses to report line and column numbers in
// decode errors.
//
// Speed comes from reading through a large buffer, finding line ends and
// quotes with bytes.IndexByte, splitting quote-free lines eight bytes at a
// time, and building all fields of a record as substrings of a single
// string, so a record costs one allocation for its data (plus one for the
// []string unless [Reader.ReuseRecord] is set). Field strings of a record
// share that string's memory, as with encoding/csv.
//
// [BlockSplitter] cuts a large input into record-aligned blocks that can be
// parsed in parallel, each in place with [NewBytesReader] and [Reader.ReadBytes].
package fastcsv

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strings"
	"unicode/utf8"
)

// DefaultBufferSize is the size of the read buffer used by [NewReader].
// The buffer grows when a single record does not fit into it.
const DefaultBufferSize = 512 << 10

// minBufferSize is the smallest buffer [NewReaderSize] accepts.
const minBufferSize = 16

// ErrInvalidDelim is returned (wrapped) by [Reader.Read] when the delimiter
// is not usable: it must be an ASCII byte other than NUL, '"', '\r' and '\n'.
var ErrInvalidDelim = errors.New("fastcsv: invalid delimiter")

// maxConsecutiveEmptyReads bounds how often the underlying reader may return
// no data and no error before Read gives up with io.ErrNoProgress.
const maxConsecutiveEmptyReads = 100

// position is the 1-based line and byte column of a field start.
type position struct {
	line, col int
}

// Reader reads CSV records from an io.Reader. It is not safe for concurrent
// use.
type Reader struct {
	// ReuseRecord controls whether calls to Read may return a slice sharing
	// the backing array of the previous call's returned slice. The strings
	// in the slice are never reused. By default, each call to Read returns
	// a newly allocated slice.
	ReuseRecord bool

	src      io.Reader
	delim    byte
	delimErr error

	buf     []byte
	r, w    int   // unconsumed input is buf[r:w]
	base    int64 // input offset of buf[0]
	eof     bool  // src reported io.EOF
	readErr error // sticky, already wrapped error from src

	line    int // number of input lines consumed so far
	recLine int // line on which the most recent record started

	// Scan state for the record that starts at buf[r]: buf[r:scanPos] has
	// been scanned, scanOdd is the parity of the quotes in it and
	// scanQuote reports whether it contains any quote at all, scanMulti
	// whether it spans more than one line.
	scanPos   int
	scanOdd   bool
	scanQuote bool
	scanMulti bool

	// Quote cache: buf[qpos] is the first quote at or after the position
	// the last search started from, or qpos == qend when buf[from:qend]
	// has no quote. qpos < 0 means unknown. Most lines hold no quote, so
	// one search usually covers many lines. quoteDense is set while lines
	// with quotes follow each other; they are then counted directly.
	qpos, qend int
	quoteDense bool

	lastRecord []string   // record cache, used when ReuseRecord is set
	byteFields [][]byte   // record cache of ReadBytes
	positions  []position // field positions of the most recent record
	// lazyLine, when not nil, is the line of the most recent record, read by
	// ReadBytes without quotes, whose positions are not computed yet:
	// linePositions scans it for delimiters on the first FieldPos call, or
	// before fill may move or overwrite it, and then sets lazyLine to nil.
	lazyLine []byte
	// prevLine, when not nil, is the line of the record ReadBytes returned last,
	// still in the buffer, when that record lay on one line: the fields of the
	// next line that it begins with are taken from it unsplit (consecutive rows
	// of one case repeat its first columns). Anything else that reads a record
	// or moves the buffer clears it.
	prevLine []byte
	// prevQuoted is set when prevLine is the raw line of a quoted record, for which
	// byteFields holds unquoted fields: a quoted record after it may share fields,
	// found by comparing raw lines, a record without quotes may not.
	prevQuoted bool
	// prefix is the number of bytes the last quoted record's line shares with
	// prevLine, when parseQuoted compared them, or -1.
	prefix   int
	shared   int    // leading fields of the last ReadBytes record shared with prevLine
	unshared int    // bytes of its line after them (set with shared)
	rawTail  []byte // that record's input from its first field not shared (RawTail)
	spans    []span // fields of a quoted record
	extra    []byte // unescaped field data of a quoted record
}

// NewReader returns a Reader that reads records separated by delim from src
// using a buffer of [DefaultBufferSize] bytes.
func NewReader(src io.Reader, delim byte) *Reader {
	return NewReaderSize(src, delim, DefaultBufferSize)
}

// NewReaderSize is like [NewReader] but uses an initial buffer of size bytes
// (at least 16). The buffer grows when a record is larger than the buffer;
// as with encoding/csv, a quoted field that is never closed therefore makes
// the Reader buffer the rest of the input before it reports csv.ErrQuote.
func NewReaderSize(src io.Reader, delim byte, size int) *Reader {
	size = max(size, minBufferSize)
	r := &Reader{
		src:   src,
		delim: delim,
		buf:   make([]byte, size),
		qpos:  -1,
	}
	if !validDelim(delim) {
		r.delimErr = fmt.Errorf("%w %q: want an ASCII byte other than NUL, '\"', '\\r' and '\\n'", ErrInvalidDelim, delim)
	}
	return r
}

// NewBytesReader returns a Reader over data, which it reads in place: nothing is
// copied, so data must not change while the Reader is in use. linesBefore is the
// number of lines before data in its file, so that FieldPos, Line and parse errors
// give the file's line numbers (InputOffset counts from the start of data).
func NewBytesReader(data []byte, delim byte, linesBefore int) *Reader {
	r := NewReaderSize(bytes.NewReader(nil), delim, minBufferSize)
	// Clipped, so that the word-at-a-time delimiter scan never reads past data.
	r.buf, r.w, r.eof, r.line = data[:len(data):len(data)], len(data), true, linesBefore
	return r
}

// NewBytesReaderErr is [NewBytesReader] for data after which the input could not be
// read: err comes where the end of input would, exactly as from a [Reader] whose
// source returns data and then err. Records that data holds completely are returned;
// then, instead of a last record that data holds only in part (one not ended by a
// newline, or in a quoted field), Read and ReadBytes return err, wrapped as errors
// from the source are, and keep returning it.
func NewBytesReaderErr(data []byte, delim byte, linesBefore int, err error) *Reader {
	r := NewBytesReader(data, delim, linesBefore)
	r.eof = false
	r.readErr = fmt.Errorf("fastcsv: reading input at offset %d: %w", len(data), err)
	return r
}

// validDelim reports whether d can be used as a field delimiter.
func validDelim(d byte) bool {
	return d != 0 && d != '"' && d != '\r' && d != '\n' && d < utf8.RuneSelf
}

// Read reads one record (a slice of fields). If there is no data left, Read
// returns nil, io.EOF.
//
// If the record contains a field that cannot be parsed, Read returns the
// fields parsed before the error together with a *[csv.ParseError], just like
// encoding/csv; the next call continues with the line after the one on which
// the error was detected. Errors from the underlying reader are wrapped and
// returned after all complete records before them; they are sticky.
func (r *Reader) Read() ([]string, error) {
	r.prevLine, r.shared, r.rawTail = nil, 0, nil
	end, c, err := r.next()
	if err != nil {
		return nil, err
	}
	if c == nil {
		p, rawEnd, lineEnd, lineNo, err := r.parseQuoted(end, nil)
		record := r.quotedStrings(p, rawEnd)
		r.consume(lineEnd, lineNo)
		return record, err
	}
	record := r.splitLine(c, r.line+1)
	r.recLine = r.line + 1
	r.consume(end, r.line+1)
	return record, nil
}

// ReadBytes is Read without allocation: the fields are slices of the Reader's
// input buffer, or, for quoted fields that had to be unescaped ("" or \r\n inside),
// of a scratch buffer. All are valid only until the next call to Read or ReadBytes,
// which overwrites the scratch buffer; copy what must outlive it. The returned slice
// itself is reused, and read by the next call: a line that begins with the fields of
// the line before keeps those (see [Reader.SharedFields]), found by their lengths.
// So change neither the slice's elements nor the bytes they hold; take subslices of
// them (bytes.TrimSpace, say) in variables of your own. Records, errors,
// FieldPos, Line and InputOffset are exactly those of Read.
func (r *Reader) ReadBytes() ([][]byte, error) {
	end, c, err := r.next()
	if err != nil {
		r.shared, r.rawTail = 0, nil
		return nil, err
	}
	if c == nil {
		prev := r.prevLine
		r.prevLine, r.shared, r.rawTail = nil, 0, nil
		var same []byte
		if r.prevQuoted {
			same = prev
		}
		p, _, lineEnd, lineNo, err := r.parseQuoted(end, same)
		from := p
		if err == nil && lineNo == r.recLine {
			// A record on one line: it shares the fields its raw line begins
			// with, delimiter included, with the line before (the same bytes
			// parse to the same fields), and is the line before for the next.
			line := TrimEOL(r.buf[p:lineEnd])
			if prev != nil {
				n := r.prefix
				if n < 0 {
					n = commonPrefix(line, prev)
				}
				r.shared = sharedFields(n, r.positions)
				if r.shared > 0 {
					from = p + r.positions[r.shared].col - 1
				}
			}
			r.prevLine, r.prevQuoted = line, true
		}
		r.rawTail = r.buf[from:lineEnd:lineEnd]
		fields := r.byteRecord(len(r.spans))
		for i, sp := range r.spans {
			if sp.extra {
				fields[i] = r.extra[sp.start:sp.end:sp.end]
			} else {
				fields[i] = r.buf[p+sp.start : p+sp.end : p+sp.end]
			}
		}
		r.consume(lineEnd, lineNo)
		return fields, err
	}
	line := r.line + 1
	if r.prevQuoted {
		// splitBytes finds the shared fields by their lengths, which are not
		// those of their raw input when they were quoted.
		r.prevLine, r.prevQuoted = nil, false
	}
	fields := r.splitBytes(c)
	r.prevLine = c
	if r.shared > 0 {
		r.rawTail = c[len(c)-r.unshared:]
	} else {
		r.rawTail = c
	}
	r.recLine = line
	r.lazyLine = c
	r.consume(end, line)
	return fields, nil
}

// next finds the next record, skipping empty lines. For a record without quotes it
// returns its only line c (without the line ending), which ends the input at end;
// for a record with quotes c is nil and the record is buf[r:end].
func (r *Reader) next() (end int, c []byte, err error) {
	if r.delimErr != nil {
		return 0, nil, r.delimErr
	}
	for {
		if r.r == r.w && r.eof {
			return 0, nil, io.EOF
		}
		end, ok := r.scanRecord()
		if !ok {
			if r.readErr != nil {
				return 0, nil, r.readErr
			}
			if r.lazyLine != nil {
				// fill may move or overwrite the last record's line: find its
				// positions first, for FieldPos after an EOF or error.
				r.linePositions(r.lazyLine, r.recLine)
			}
			r.fill()
			continue
		}
		if r.scanQuote {
			return end, nil, nil
		}
		// Fast path: the record is the single line buf[r:end] without quotes.
		c := TrimEOL(r.buf[r.r:end])
		if len(c) == 0 {
			r.consume(end, r.line+1) // skip empty line
			continue
		}
		return end, c, nil
	}
}

// byteRecord returns the reused slice for a record of n fields.
func (r *Reader) byteRecord(n int) [][]byte {
	if cap(r.byteFields) < n {
		r.byteFields = make([][]byte, n)
	}
	r.byteFields = r.byteFields[:n]
	return r.byteFields
}

// SharedFields returns how many leading fields of the record [Reader.ReadBytes]
// returned last are byte for byte those of the record it returned before: the
// line began with them, delimiters included. It is 0 after [Reader.Read], for a
// record on more than one line or without quotes after a quoted one, for a record
// with an error and the one after it, or when the buffer moved in between, whatever
// the fields held.
func (r *Reader) SharedFields() int { return r.shared }

// RawTail returns the input of the record [Reader.ReadBytes] returned last from the
// start of its first field that is not shared with the record before (see
// [Reader.SharedFields]) to its end: the whole record when none is shared. A
// line without quotes comes without its line ending. It is a slice of the input
// buffer, valid until the next call to Read or ReadBytes. The input that was read
// and is in no RawTail is the shared fields, line endings and empty lines: bytes
// a caller has seen before, or ASCII.
func (r *Reader) RawTail() []byte { return r.rawTail }

// FieldPos returns the line and column of the start of the field with the
// given index in the record most recently returned by [Reader.Read] or
// [Reader.ReadBytes]. Lines and columns are 1-based; columns count bytes. For
// a quoted field the position is that of the opening quote. After ReadBytes
// has returned a record without quotes, the first FieldPos call finds the
// positions by scanning the record's line for delimiters once more; it does
// not modify the fields returned. As in encoding/csv, FieldPos panics when
// field is out of range.
func (r *Reader) FieldPos(field int) (line, column int) {
	if r.lazyLine != nil {
		r.linePositions(r.lazyLine, r.recLine)
	}
	if field < 0 || field >= len(r.positions) {
		panic(fmt.Sprintf("fastcsv: FieldPos index %d out of range [0,%d)", field, len(r.positions)))
	}
	p := r.positions[field]
	return p.line, p.col
}

// InputOffset returns the input byte offset of the current reader position:
// the end of the most recently read record (including its line ending) and
// the beginning of the next one.
func (r *Reader) InputOffset() int64 {
	return r.base + int64(r.r)
}

// Line returns the 1-based line on which the most recently read record
// started (also when Read returned a parse error for it). It is 0 before the
// first call to Read.
func (r *Reader) Line() int {
	return r.recLine
}

// Skip passes over the next n bytes of input, which the caller has read itself as
// lines records, as if Read had read them: the next record starts after them, and
// Line and FieldPos count their lines. The bytes must begin where a record begins and
// end with the '\n' that ends one, holding lines line endings outside quotes; a
// Reader cannot check that, and reads wrongly after a Skip that breaks it. The last
// skipped line is then the most recent record, without fields: call FieldPos only for
// a record read after Skip. The record read after it shares no fields with one before
// (SharedFields is 0). The bytes must be buffered (a Reader from [NewBytesReader]
// holds all its input). Skip(0, 0) does nothing; Skip panics for a negative n, for n
// bytes more than are buffered, and for lines < 1 with n > 0 or lines ≠ 0 with n = 0.
func (r *Reader) Skip(n, lines int) {
	if n < 0 || n > r.w-r.r || (n == 0) != (lines == 0) || lines < 0 {
		panic(fmt.Sprintf("fastcsv: Skip %d bytes of %d lines with %d buffered", n, lines, r.w-r.r))
	}
	if n == 0 {
		return
	}
	r.consume(r.r+n, r.line+lines)
	r.recLine = r.line
	r.prevLine, r.prevQuoted, r.shared, r.rawTail, r.lazyLine = nil, false, 0, nil, nil
	r.positions = r.positions[:0]
}

// consume marks buf[:end] as read, with line being the number of input lines
// consumed so far, and resets the scan state for the next record.
func (r *Reader) consume(end, line int) {
	if end < r.scanPos {
		// After a parse error the next record starts inside the
		// scanned range, possibly before the cached quote search.
		r.qpos = -1
	}
	r.r = end
	r.line = line
	r.scanPos = end
	r.scanOdd = false
	r.scanQuote = false
	r.scanMulti = false
}

// scanRecord finds the end of the record starting at buf[r]: the position
// just after the first '\n' preceded by an even number of quotes (counted
// from the record start), or the end of input. With LazyQuotes disabled,
// encoding/csv never reads past that newline when parsing the record, so
// the whole record is buffered once scanRecord reports ok. The scan resumes
// where it stopped, so a record split over many buffer fills is scanned once.
func (r *Reader) scanRecord() (end int, ok bool) {
	for {
		p := r.scanPos
		i := bytes.IndexByte(r.buf[p:r.w], '\n')
		if i < 0 {
			r.countQuotes(p, r.w)
			r.scanPos = r.w
			return r.w, r.eof
		}
		r.countQuotes(p, p+i)
		r.scanPos = p + i + 1
		if !r.scanOdd {
			return r.scanPos, true
		}
		r.scanMulti = true
	}
}

// countQuotes adds the quotes in buf[from:to] to the scan state.
func (r *Reader) countQuotes(from, to int) {
	var n int
	switch {
	case r.qpos >= from && (r.qpos < r.qend || r.qend >= to):
		// The cached search result covers buf[from:to].
		if r.qpos >= to {
			return
		}
		n = bytes.Count(r.buf[r.qpos:to], []byte{'"'})
	case r.quoteDense:
		// The previous line had quotes too: a search would most
		// likely stop in this line, so count directly.
		n = bytes.Count(r.buf[from:to], []byte{'"'})
	default:
		r.qend = r.w
		r.qpos = r.w
		if i := bytes.IndexByte(r.buf[from:r.w], '"'); i >= 0 {
			r.qpos = from + i
		}
		if r.qpos >= to {
			return
		}
		n = bytes.Count(r.buf[r.qpos:to], []byte{'"'})
	}
	r.quoteDense = n > 0
	if n > 0 {
		r.scanQuote = true
		r.scanOdd = r.scanOdd != (n&1 == 1)
	}
}

// fill reads more input into the buffer, first moving unread data to the
// front and growing the buffer when it is full.
func (r *Reader) fill() {
	r.prevLine = nil // the move below may overwrite it
	if r.r > 0 {
		n := copy(r.buf, r.buf[r.r:r.w])
		r.base += int64(r.r)
		r.scanPos -= r.r
		r.qpos -= r.r // may become negative: unknown
		r.qend -= r.r
		r.w = n
		r.r = 0
	}
	if r.w == len(r.buf) {
		nb := make([]byte, 2*len(r.buf))
		copy(nb, r.buf[:r.w])
		r.buf = nb
	}
	for range maxConsecutiveEmptyReads {
		n, err := r.src.Read(r.buf[r.w:])
		if n < 0 || n > len(r.buf)-r.w {
			r.readErr = fmt.Errorf("fastcsv: reading input: invalid Read count %d", n)
			return
		}
		r.w += n
		if err == io.EOF {
			r.eof = true
			return
		}
		if err != nil {
			r.readErr = fmt.Errorf("fastcsv: reading input at offset %d: %w", r.base+int64(r.w), err)
			return
		}
		if n > 0 {
			return
		}
	}
	r.readErr = fmt.Errorf("fastcsv: reading input: %w", io.ErrNoProgress)
}

// TrimEOL removes the line ending of a raw line as the Reader does: a trailing
// '\n' and then one '\r' before it, or a lone '\r' at end of input (which
// encoding/csv drops as well).
func TrimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// record returns the slice to hold a record of n fields.
func (r *Reader) record(n int) []string {
	if !r.ReuseRecord {
		if n == 0 {
			return nil
		}
		return make([]string, n)
	}
	if cap(r.lastRecord) < n {
		r.lastRecord = make([]string, n)
	}
	r.lastRecord = r.lastRecord[:n]
	return r.lastRecord
}

// splitLine splits a non-empty line without quotes into fields, converting
// the line to a string once and slicing the fields out of it.
func (r *Reader) splitLine(c []byte, line int) []string {
	pos := r.linePositions(c, line)
	record := r.record(len(pos))
	s := string(c)
	for k := range pos {
		start, e := pos[k].col-1, len(s)
		if k+1 < len(pos) {
			e = pos[k+1].col - 2
		}
		record[k] = s[start:e]
	}
	return record
}

// linePositions sets r.positions to the start positions of the fields of c, a
// non-empty line without quotes that is line number line of the input, and
// returns them (a field ends one byte before the next one starts). It only writes r.positions,
// never r.byteFields, so the record ReadBytes returned stays as the caller
// left it. It clears lazyLine, which no longer needs to be kept.
func (r *Reader) linePositions(c []byte, line int) []position {
	r.lazyLine = nil
	pos := append(r.positions[:0], position{line, 1})
	pattern := lsb * uint64(r.delim)
	i := 0
	for ; i+8 <= len(c); i += 8 {
		for m := zeroBytes(binary.LittleEndian.Uint64(c[i:]) ^ pattern); m != 0; m &= m - 1 {
			pos = append(pos, position{line, i + bits.TrailingZeros64(m)>>3 + 2})
		}
	}
	if i < len(c) {
		for m := tailWord(c, i, r.delim, pattern); m != 0; m &= m - 1 {
			pos = append(pos, position{line, i + bits.TrailingZeros64(m)>>3 + 2})
		}
	}
	r.positions = pos
	return pos
}

// splitBytes splits a non-empty line without quotes into fields that are slices of
// it, stored in r.byteFields.
func (r *Reader) splitBytes(c []byte) [][]byte {
	fields := r.byteFields[:0]
	start := 0
	r.shared = 0
	if r.prevLine != nil {
		// The fields the line shares with the line before, delimiter included,
		// are that line's: keep them as they are and split the rest.
		n := commonPrefix(c, r.prevLine)
		prev := r.byteFields
		k := 0
		for ; k < len(prev)-1; k++ {
			end := start + len(prev[k])
			if end >= n {
				break
			}
			start = end + 1
		}
		fields = prev[:k]
		r.shared, r.unshared = k, len(c)-start
	}
	pattern := lsb * uint64(r.delim)
	// Delimiters are found eight bytes at a time (SWAR), which beats one
	// bytes.IndexByte call per field on the short fields typical of CSV.
	i := start
	for ; i+8 <= len(c); i += 8 {
		for m := zeroBytes(binary.LittleEndian.Uint64(c[i:]) ^ pattern); m != 0; m &= m - 1 {
			e := i + bits.TrailingZeros64(m)>>3
			fields = append(fields, c[start:e:e])
			start = e + 1
		}
	}
	if i < len(c) {
		for m := tailWord(c, i, r.delim, pattern); m != 0; m &= m - 1 {
			e := i + bits.TrailingZeros64(m)>>3
			fields = append(fields, c[start:e:e])
			start = e + 1
		}
	}
	fields = append(fields, c[start:len(c):len(c)])
	r.byteFields = fields
	return fields
}

// sharedFields returns how many leading fields of a quoted record on one line, whose
// fields start at the columns in positions, lie with the delimiter after them in the
// first n bytes of the line, those it shares with the line before.
func sharedFields(n int, positions []position) int {
	k := 0
	for k+1 < len(positions) && positions[k+1].col-1 <= n {
		k++
	}
	return k
}

// commonPrefix returns the number of bytes a and b begin with alike.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for ; i+8 <= n; i += 8 {
		if x := binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:]); x != 0 {
			return i + bits.TrailingZeros64(x)>>3
		}
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// tailWord returns a mask with the high bit of byte j set when c[i+j] is the
// delimiter d, for the last 1 to 7 bytes c[i:] of a line; pattern is d
// repeated in every byte. When c's capacity holds them (the line ending and
// the next line, in the Reader's own buffer) it reads eight bytes and masks
// off those past len(c).
func tailWord(c []byte, i int, d byte, pattern uint64) uint64 {
	n := uint(len(c) - i)
	if i+8 <= cap(c) {
		return zeroBytes(binary.LittleEndian.Uint64(c[i:i+8])^pattern) & (1<<(8*n) - 1)
	}
	var m uint64
	for j, b := range c[i:] {
		if b == d {
			m |= 0x80 << (8 * j)
		}
	}
	return m
}

const (
	lsb = 0x0101010101010101
	low = 0x7F7F7F7F7F7F7F7F
)

// zeroBytes returns t with the high bit set in exactly the bytes of t that
// are zero, and all other bits clear.
func zeroBytes(t uint64) uint64 {
	return ^((t&low + low) | t | low)
}

// span locates a field of a quoted record: bytes [start, end) of the raw
// record, or of r.extra when extra is set.
type span struct {
	start, end int
	extra      bool
}

// parseQuoted parses the record buf[r:end], which contains at least one
// quote, with the semantics of encoding/csv's readRecord, into r.spans and
// r.positions. A field whose content appears verbatim in the input (an
// unquoted field, or a quoted one without "" escapes and \r\n line endings)
// is located in the raw bytes from p up to rawEnd; other fields are unescaped
// into r.extra. The caller consumes the record up to lineEnd, ending on line
// lineNo.
//
// prev, when not nil, is the raw line of the record parsed last, a quoted record on
// one line whose spans and positions r still holds: the fields the record's first
// line shares with it, delimiter included, are parsed as they were there (the same
// bytes from the start of a record parse alike), and only the rest is parsed.
// Consecutive rows of a case repeat its first columns, quoted ones too.
func (r *Reader) parseQuoted(end int, prev []byte) (p, rawEnd, lineEnd, lineNo int, err error) {
	buf := r.buf[:end]
	d := r.delim
	p = r.r
	recLine := r.line + 1
	r.recLine = recLine
	r.lazyLine = nil

	lineNo = recLine
	lineStart := p
	var contentEnd int
	var hasNL bool
	if r.scanMulti {
		lineEnd, contentEnd, hasNL = lineBounds(buf, p)
	} else {
		// The record is the single line buf[p:end].
		lineEnd, contentEnd = end, p+len(TrimEOL(buf[p:end]))
		hasNL = end > p && buf[end-1] == '\n'
	}
	rawEnd = p // raw bytes up to rawEnd are part of the record string
	x := p     // parse position
	nq := -1   // next quote in the line at or after x, when nq >= x
	k := 0     // fields taken from prev
	r.prefix = -1
	if prev != nil {
		n := commonPrefix(buf[p:contentEnd], prev)
		r.prefix = n
		for k+1 < len(r.positions) && r.positions[k+1].col-1 <= n && !r.spans[k].extra {
			k++
		}
		for i := range r.positions[:k] {
			r.positions[i].line = recLine
		}
		if k > 0 {
			x = p + r.positions[k].col - 1
			rawEnd = p + r.spans[k-1].end
		}
	}
	r.spans = r.spans[:k]
	r.extra = r.extra[:0] // the fields taken are none of those in it
	r.positions = r.positions[:k]
parseField:
	for {
		if x == contentEnd || buf[x] != '"' {
			// Unquoted field.
			if nq < x {
				nq = contentEnd
				if i := bytes.IndexByte(buf[x:contentEnd], '"'); i >= 0 {
					nq = x + i
				}
			}
			if nq == contentEnd {
				// No quote in the rest of the line: its fields are all unquoted.
				r.splitRest(buf[x:contentEnd], x-p, x-lineStart+1, lineNo)
				rawEnd = contentEnd
				break parseField
			}
			fe := contentEnd
			if i := bytes.IndexByte(buf[x:contentEnd], d); i >= 0 {
				fe = x + i
			}
			if nq < fe {
				err = parseError(recLine, lineNo, nq-lineStart+1, csv.ErrBareQuote)
				break parseField
			}
			r.spans = append(r.spans, span{x - p, fe - p, false})
			r.positions = append(r.positions, position{lineNo, x - lineStart + 1})
			rawEnd = fe
			if fe == contentEnd {
				break parseField
			}
			x = fe + 1
			continue
		}

		// Quoted field: its content starts after the quote at x.
		fieldPos := position{lineNo, x - lineStart + 1}
		start := x + 1
		x = start
		unescape := false
		for {
			i := bytes.IndexByte(buf[x:contentEnd], '"')
			if i < 0 {
				// The line ends inside the quoted field.
				col := contentEnd - lineStart + 1
				if !hasNL {
					err = parseError(recLine, lineNo, col, csv.ErrQuote)
					break parseField
				}
				col++ // the line ending counts as one byte
				if lineEnd-contentEnd == 2 {
					unescape = true // \r\n becomes \n
				}
				nextEnd, nextContentEnd, nextHasNL := lineBounds(buf, lineEnd)
				if nextContentEnd == lineEnd && !nextHasNL {
					// End of input, possibly after a lone '\r'; like
					// encoding/csv, report the position on this line.
					lineEnd = nextEnd
					err = parseError(recLine, lineNo, col, csv.ErrQuote)
					break parseField
				}
				lineNo++
				lineStart, x = lineEnd, lineEnd
				lineEnd, contentEnd, hasNL = nextEnd, nextContentEnd, nextHasNL
				nq = -1
				continue
			}
			q := x + i
			switch {
			case q+1 < contentEnd && buf[q+1] == '"':
				// "" is an escaped quote.
				unescape = true
				x = q + 2
				continue
			case q+1 < contentEnd && buf[q+1] != d:
				err = parseError(recLine, lineNo, q-lineStart+1, csv.ErrQuote)
				break parseField
			}
			// The quote ends the field.
			if unescape {
				e := len(r.extra)
				r.extra = appendUnescaped(r.extra, buf[start:q])
				r.spans = append(r.spans, span{e, len(r.extra), true})
			} else {
				r.spans = append(r.spans, span{start - p, q - p, false})
				rawEnd = q
			}
			r.positions = append(r.positions, fieldPos)
			if q+1 == contentEnd {
				break parseField
			}
			x = q + 2 // skip the quote and the delimiter
			continue parseField
		}
	}

	return p, rawEnd, lineEnd, lineNo, err
}

// splitRest adds the fields of c, the rest of a quoted record's line from the start of
// a field, holding no quote, to r.spans and r.positions: c begins at byte off of the
// record and at column col of line lineNo. As in splitBytes, the delimiters are found
// eight bytes at a time (one bytes.IndexByte call per field was most of the time of
// a quoted record, after the fields it shares with the one before).
func (r *Reader) splitRest(c []byte, off, col, lineNo int) {
	pattern := lsb * uint64(r.delim)
	start := 0
	i := 0
	for ; i+8 <= len(c); i += 8 {
		for m := zeroBytes(binary.LittleEndian.Uint64(c[i:]) ^ pattern); m != 0; m &= m - 1 {
			e := i + bits.TrailingZeros64(m)>>3
			r.spans = append(r.spans, span{off + start, off + e, false})
			r.positions = append(r.positions, position{lineNo, col + start})
			start = e + 1
		}
	}
	if i < len(c) {
		for m := tailWord(c, i, r.delim, pattern); m != 0; m &= m - 1 {
			e := i + bits.TrailingZeros64(m)>>3
			r.spans = append(r.spans, span{off + start, off + e, false})
			r.positions = append(r.positions, position{lineNo, col + start})
			start = e + 1
		}
	}
	r.spans = append(r.spans, span{off + start, off + len(c), false})
	r.positions = append(r.positions, position{lineNo, col + start})
}

// quotedStrings returns the record parseQuoted found: one string holding the
// raw bytes buf[p:rawEnd] followed by r.extra, built with one allocation, and
// the fields sliced out of it.
func (r *Reader) quotedStrings(p, rawEnd int) []string {
	var sb strings.Builder
	sb.Grow(rawEnd - p + len(r.extra))
	sb.Write(r.buf[p:rawEnd])
	sb.Write(r.extra)
	s := sb.String()
	record := r.record(len(r.spans))
	for i, sp := range r.spans {
		if sp.extra {
			record[i] = s[rawEnd-p+sp.start : rawEnd-p+sp.end]
		} else {
			record[i] = s[sp.start:sp.end]
		}
	}
	return record
}

// lineBounds returns, for the raw line starting at buf[p], the end of the
// line (just after its '\n', or len(buf)), the end of its content (without
// the line ending, see TrimEOL) and whether it ends with '\n'.
func lineBounds(buf []byte, p int) (lineEnd, contentEnd int, hasNL bool) {
	lineEnd = len(buf)
	if i := bytes.IndexByte(buf[p:], '\n'); i >= 0 {
		lineEnd = p + i + 1
		hasNL = true
	}
	return lineEnd, p + len(TrimEOL(buf[p:lineEnd])), hasNL
}

// appendUnescaped appends the content of a quoted field to dst, turning
// "" into " and \r\n into \n.
func appendUnescaped(dst, raw []byte) []byte {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '"':
			i++ // skip the second quote of ""
		case c == '\r' && i+1 < len(raw) && raw[i+1] == '\n':
			c = '\n'
			i++
		}
		dst = append(dst, c)
	}
	return dst
}

// parseError builds the error encoding/csv reports for the same input.
func parseError(startLine, line, col int, err error) error {
	return &csv.ParseError{StartLine: startLine, Line: line, Column: col, Err: err}
}
