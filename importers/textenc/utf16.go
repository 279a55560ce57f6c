package textenc

import "unicode/utf16"

// utf16Checker validates UTF-16 code units incrementally: the input must have
// an even number of bytes and surrogates must come in high-low pairs. The
// golang.org/x/text decoder would silently turn both problems into U+FFFD.
type utf16Checker struct {
	bigEndian bool

	off       int64 // offset of the next byte
	line      int   // current line, 1-based
	lineStart int64 // offset of the first byte of the current line

	first    byte // first byte of a code unit
	haveHalf bool // first holds a byte

	highPending bool  // a high surrogate waits for its low surrogate
	high        rune  // that high surrogate
	highStart   int64 // its offset

	moji mojibakeDetector
}

func newUTF16Checker(base int64, bigEndian bool) *utf16Checker {
	return &utf16Checker{bigEndian: bigEndian, off: base, line: 1, lineStart: base}
}

func (c *utf16Checker) scan(p []byte) *DecodeError {
	for _, b := range p {
		c.off++
		if !c.haveHalf {
			c.first, c.haveHalf = b, true
			continue
		}
		c.haveHalf = false
		start := c.off - 2
		u := rune(c.first) | rune(b)<<8
		if c.bigEndian {
			u = rune(c.first)<<8 | rune(b)
		}
		isHigh := 0xD800 <= u && u <= 0xDBFF
		isLow := 0xDC00 <= u && u <= 0xDFFF
		if c.highPending {
			if !isLow {
				return c.invalid(c.highStart, "high surrogate not followed by a low surrogate")
			}
			c.highPending = false
			if err := c.rune(utf16.DecodeRune(c.high, u), c.highStart); err != nil {
				return err
			}
			continue
		}
		switch {
		case isHigh:
			c.highPending, c.high, c.highStart = true, u, start
			continue
		case isLow:
			return c.invalid(start, "low surrogate without a preceding high surrogate")
		}
		if err := c.rune(u, start); err != nil {
			return err
		}
		if u == '\n' {
			c.line++
			c.lineStart = c.off
		}
	}
	return nil
}

func (c *utf16Checker) finish() *DecodeError {
	if c.haveHalf {
		return c.invalid(c.off-1, "odd number of bytes; the file may be truncated")
	}
	if c.highPending {
		return c.invalid(c.highStart, "the input ends after a high surrogate; the file may be truncated")
	}
	return nil
}

func (c *utf16Checker) safe() int64 {
	s := c.off
	if c.haveHalf {
		s = c.off - 1
	}
	if c.highPending {
		s = c.highStart
	}
	return c.moji.safe(s)
}

func (c *utf16Checker) rune(r rune, start int64) *DecodeError {
	return c.moji.check(r, start, c.line, c.lineStart, UTF16, "the text was decoded with the wrong encoding before it was saved; re-export it from the source system")
}

func (c *utf16Checker) invalid(at int64, detail string) *DecodeError {
	return &DecodeError{
		Offset:   at,
		Line:     c.line,
		Column:   column(at, c.lineStart),
		Encoding: UTF16,
		Err:      ErrInvalidUTF16,
		Detail:   detail,
		Hint:     "check that the file really is UTF-16 and was copied completely",
	}
}
