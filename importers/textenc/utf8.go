package textenc

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// utf8Checker validates UTF-8 incrementally: runs of ASCII eight bytes at a time, other
// bytes through a state machine that carries a sequence split across Read calls. It accepts exactly
// what unicode/utf8 accepts (no overlong forms, surrogates or values above
// U+10FFFF) and reports the offset where utf8.DecodeRune would first return
// RuneError for an invalid sequence.
type utf8Checker struct {
	detected bool // the encoding was detected rather than declared

	off  int64 // offset of the next byte
	line int   // current line, 1-based

	need     int   // continuation bytes still expected
	lo, hi   byte  // accepted range of the next continuation byte
	r        rune  // rune being assembled
	lead     byte  // first byte of the current sequence
	seqStart int64 // offset of lead

	moji mojibakeDetector
}

func newUTF8Checker(base int64, detected bool) *utf8Checker {
	return &utf8Checker{detected: detected, off: base, line: 1}
}

func (c *utf8Checker) scan(p []byte) *DecodeError {
	for i := 0; i < len(p); {
		if c.need == 0 {
			// A run of ASCII, the most of most files: counted eight bytes at a time. No
			// ASCII character completes a mojibake pair.
			if n := asciiPrefix(p[i:]); n > 0 {
				c.line += bytes.Count(p[i:i+n], []byte{'\n'})
				c.moji.prevA = false
				c.off += int64(n)
				i += n
				continue
			}
		}
		b := p[i]
		i++
		off := c.off
		c.off++
		if c.need == 0 { // b is not ASCII: asciiPrefix took those
			c.lead, c.seqStart, c.lo, c.hi = b, off, 0x80, 0xBF
			switch {
			case 0xC2 <= b && b <= 0xDF:
				c.need, c.r = 1, rune(b&0x1F)
			case b == 0xE0:
				c.need, c.r, c.lo = 2, rune(b&0x0F), 0xA0 // no overlong forms
			case b == 0xED:
				c.need, c.r, c.hi = 2, rune(b&0x0F), 0x9F // no surrogates
			case 0xE1 <= b && b <= 0xEF:
				c.need, c.r = 2, rune(b&0x0F)
			case b == 0xF0:
				c.need, c.r, c.lo = 3, rune(b&0x07), 0x90 // no overlong forms
			case b == 0xF4:
				c.need, c.r, c.hi = 3, rune(b&0x07), 0x8F // not above U+10FFFF
			case 0xF1 <= b && b <= 0xF3:
				c.need, c.r = 3, rune(b&0x07)
			default:
				return c.invalid("")
			}
			continue
		}
		if b < c.lo || b > c.hi {
			return c.invalid("")
		}
		c.r = c.r<<6 | rune(b&0x3F)
		c.lo, c.hi = 0x80, 0xBF
		c.need--
		if c.need == 0 {
			if err := c.rune(c.r, c.seqStart); err != nil {
				return err
			}
		}
	}
	return nil
}

// asciiPrefix returns the length of the run of ASCII bytes p starts with.
func asciiPrefix(p []byte) int {
	i := 0
	for ; i+8 <= len(p); i += 8 {
		if w := binary.LittleEndian.Uint64(p[i:]) & 0x8080808080808080; w != 0 {
			return i + bits.TrailingZeros64(w)/8
		}
	}
	for ; i < len(p) && p[i] < utf8.RuneSelf; i++ {
	}
	return i
}

func (c *utf8Checker) finish() *DecodeError {
	if c.need > 0 {
		return c.invalid("the input ends in the middle of a multi-byte sequence; the file may be truncated")
	}
	return nil
}

func (c *utf8Checker) safe() int64 {
	s := c.off
	if c.need > 0 {
		s = c.seqStart
	}
	return c.moji.safe(s)
}

// rune handles a complete rune starting at offset start.
func (c *utf8Checker) rune(r rune, start int64) *DecodeError {
	return c.moji.check(r, start, c.line, UTF8, "the file seems to be Windows-1252 text saved as UTF-8 twice; re-export as UTF-8")
}

// invalid returns the error for the sequence starting at c.seqStart.
func (c *utf8Checker) invalid(detail string) *DecodeError {
	if detail == "" {
		detail = fmt.Sprintf("byte 0x%02X does not start a valid UTF-8 sequence", c.lead)
		if c.lead >= 0x80 {
			if s, err := charmap.Windows1252.NewDecoder().Bytes([]byte{c.lead}); err == nil && string(s) != "\uFFFD" {
				detail += fmt.Sprintf(" (in Windows-1252 it is %q)", s)
			}
		}
	}
	hint := "the file is not valid UTF-8; if it was saved as Windows-1252 (\"ANSI\"), set the encoding to windows-1252"
	if c.detected {
		hint = "the start of the file looked like UTF-8 but this part is not; the file may mix encodings, or be Windows-1252 text: then set the encoding to windows-1252"
	}
	return &DecodeError{Offset: c.seqStart, Line: c.line, Encoding: UTF8, Err: ErrInvalidUTF8, Detail: detail, Hint: hint}
}
