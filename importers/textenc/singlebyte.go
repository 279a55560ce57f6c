package textenc

import "fmt"

// singleByteChecker checks Windows-1252 or ISO-8859-1 input for bytes that do
// not occur in real text of that encoding and for UTF-8 text read by mistake.
type singleByteChecker struct {
	enc Encoding // Windows1252 or ISO88591

	off       int64 // offset of the next byte
	line      int   // current line, 1-based
	lineStart int64 // offset of the first byte of the current line

	prevC3   bool  // the previous byte was 0xC3
	prevOff  int64 // its offset
	detected bool  // the encoding was detected rather than declared
}

func newSingleByteChecker(enc Encoding, base int64, detected bool) *singleByteChecker {
	return &singleByteChecker{enc: enc, off: base, line: 1, lineStart: base, detected: detected}
}

// utf8Trail maps the second byte of the UTF-8 encoding of a Swedish letter
// (first byte 0xC3) to the letter.
var utf8Trail = map[byte]rune{
	0xA5: 'å', 0xA4: 'ä', 0xB6: 'ö',
	0x85: 'Å', 0x84: 'Ä', 0x96: 'Ö',
	0xA9: 'é', 0xBC: 'ü',
}

func (c *singleByteChecker) scan(p []byte) *DecodeError {
	for _, b := range p {
		off := c.off
		c.off++
		if c.prevC3 {
			if letter, ok := utf8Trail[b]; ok {
				hint := "the file seems to be UTF-8; set the encoding to utf-8"
				if c.detected {
					hint = "the file seems to mix UTF-8 and Windows-1252 text; re-export it in one encoding"
				}
				return &DecodeError{
					Offset:   c.prevOff,
					Line:     c.line,
					Column:   column(c.prevOff, c.lineStart),
					Encoding: c.enc,
					Err:      ErrMojibake,
					Detail:   fmt.Sprintf("bytes C3 %02X are the UTF-8 encoding of %q", b, string(letter)),
					Hint:     hint,
				}
			}
		}
		c.prevC3, c.prevOff = b == 0xC3, off
		if err := c.checkByte(b, off); err != nil {
			return err
		}
		if b == '\n' {
			c.line++
			c.lineStart = c.off
		}
	}
	return nil
}

// checkByte rejects bytes that never occur in text of the encoding: the five
// bytes Windows-1252 leaves undefined (x/text would decode them to U+FFFD), and
// the C1 control characters 0x80-0x9F of ISO-8859-1, which in practice mean
// the file is Windows-1252 (0x96 is '–' there, for example).
func (c *singleByteChecker) checkByte(b byte, off int64) *DecodeError {
	switch {
	case c.enc == Windows1252 && (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D):
		hint := "the file is probably in another encoding; check the export settings"
		if c.detected {
			hint = "the file is neither UTF-8 nor Windows-1252; check the export settings"
		}
		return &DecodeError{
			Offset: off, Line: c.line, Column: column(off, c.lineStart), Encoding: c.enc, Err: ErrInvalidByte,
			Detail: fmt.Sprintf("byte 0x%02X is not defined in Windows-1252", b),
			Hint:   hint,
		}
	case c.enc == ISO88591 && 0x80 <= b && b <= 0x9F:
		return &DecodeError{
			Offset: off, Line: c.line, Column: column(off, c.lineStart), Encoding: c.enc, Err: ErrInvalidByte,
			Detail: fmt.Sprintf("byte 0x%02X is a control character in ISO-8859-1", b),
			Hint:   "the file is probably Windows-1252; set the encoding to windows-1252",
		}
	}
	return nil
}

func (c *singleByteChecker) finish() *DecodeError { return nil }

func (c *singleByteChecker) safe() int64 {
	if c.prevC3 {
		return c.prevOff
	}
	return c.off
}
