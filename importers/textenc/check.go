package textenc

import (
	"fmt"
	"io"
)

// checker validates a stream of raw input bytes incrementally. scan and finish
// return nil or the first problem found; after an error the checker is not
// used again.
type checker interface {
	// scan checks the next chunk of input.
	scan(p []byte) *DecodeError
	// finish is called at the end of input.
	finish() *DecodeError
	// safe returns the input offset up to which the bytes scanned so far are
	// known to be fine. Bytes after it belong to a sequence that is not yet
	// complete (such as the first byte of a multi-byte character, or an "Ã"
	// that may start mojibake) and must be held back.
	safe() int64
}

// readSize is the size of the reads checkReader makes.
const readSize = 32 << 10

// checkReader passes the bytes of r through unchanged while feeding them to a
// checker. On a problem it delivers exactly the bytes before the offending
// sequence and then returns the *DecodeError from every further Read.
type checkReader struct {
	r     io.Reader
	c     checker
	store []byte // backing array for buf
	buf   []byte // bytes read from r and not yet returned
	off   int64  // input offset of buf[0]
	ready int    // buf[:ready] are checked and may be returned
	err   error  // returned once buf[:ready] is drained
}

// newCheckReader returns a checkReader for r, whose first byte is at input
// offset base.
func newCheckReader(r io.Reader, c checker, base int64) *checkReader {
	return &checkReader{r: r, c: c, off: base}
}

// Read implements io.Reader.
func (cr *checkReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for cr.ready == 0 && cr.err == nil {
		cr.fill()
	}
	if cr.ready == 0 {
		return 0, cr.err
	}
	n := copy(p, cr.buf[:cr.ready])
	cr.buf = cr.buf[n:]
	cr.off += int64(n)
	cr.ready -= n
	return n, nil
}

// fill reads and checks the next chunk of input and sets ready and err.
func (cr *checkReader) fill() {
	held := len(cr.buf)
	cr.store = append(cr.store[:0], cr.buf...) // move held bytes to the front
	if cap(cr.store) < held+readSize {
		cr.store = append(make([]byte, 0, held+readSize), cr.store...)
	}
	n, err := cr.r.Read(cr.store[held : held+readSize])
	cr.buf = cr.store[:held+n]

	derr := cr.c.scan(cr.buf[held:])
	if derr == nil && err == io.EOF {
		derr = cr.c.finish()
	}
	switch {
	case derr != nil:
		cr.ready, cr.err = cr.upTo(derr.Offset), derr
		cr.buf = cr.buf[:cr.ready]
	case err == io.EOF:
		cr.ready, cr.err = len(cr.buf), io.EOF
	case err != nil:
		cr.ready, cr.err = cr.upTo(cr.c.safe()), fmt.Errorf("textenc: read input: %w", err)
		cr.buf = cr.buf[:cr.ready]
	default:
		cr.ready = cr.upTo(cr.c.safe())
	}
}

// upTo returns how many bytes of buf lie before input offset off.
func (cr *checkReader) upTo(off int64) int {
	return int(max(0, min(int64(len(cr.buf)), off-cr.off)))
}

// mojibake maps the second character of a double-decoded Swedish letter to the
// letter: UTF-8 "å" is C3 A5, which read as Windows-1252 is "Ã¥"; encoding
// that as UTF-8 again gives "Ã¥" in the file. The C1 controls are the same
// mistake made with ISO-8859-1 instead of Windows-1252. "é" and "ü" are
// included because they are common in Swedish names.
var mojibake = map[rune]rune{
	'¥': 'å', '¤': 'ä', '¶': 'ö',
	'…': 'Å', '„': 'Ä', '–': 'Ö',
	'\u0085': 'Å', '\u0084': 'Ä', '\u0096': 'Ö',
	'©': 'é', '¼': 'ü',
}

// mojibakeDetector finds "Ã" followed by one of the mojibake characters in a
// stream of decoded runes.
type mojibakeDetector struct {
	prevA     bool  // the previous rune was 'Ã'
	prevStart int64 // input offset of that 'Ã'
}

// next takes the next rune and the input offset where it starts. It returns
// the letter that was double-decoded and the offset of the 'Ã', or ok=false.
func (d *mojibakeDetector) next(r rune, start int64) (letter rune, at int64, ok bool) {
	if d.prevA {
		if letter, ok := mojibake[r]; ok {
			return letter, d.prevStart, true
		}
	}
	d.prevA, d.prevStart = r == 'Ã', start
	return 0, 0, false
}

// check feeds the complete rune r at offset start and returns the error for a
// mojibake pair it completes, or nil. line is the current line, starting at
// input offset lineStart; hint tells the user what to do.
func (d *mojibakeDetector) check(r rune, start int64, line int, lineStart int64, enc Encoding, hint string) *DecodeError {
	letter, at, ok := d.next(r, start)
	if !ok {
		return nil
	}
	return &DecodeError{
		Offset:   at,
		Line:     line,
		Column:   column(at, lineStart),
		Encoding: enc,
		Err:      ErrMojibake,
		Detail:   fmt.Sprintf("found %q where %q was meant", "Ã"+string(r), string(letter)),
		Hint:     hint,
	}
}

// safe returns the earlier of s and the offset of a pending 'Ã'.
func (d *mojibakeDetector) safe(s int64) int64 {
	if d.prevA {
		return min(s, d.prevStart)
	}
	return s
}

// column returns the 1-based column of input offset off on the line that
// starts at offset lineStart.
func column(off, lineStart int64) int {
	return int(off-lineStart) + 1
}
