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

	off       int64 // offset of the next byte
	line      int   // current line, 1-based
	lineStart int64 // offset of the first byte of the current line

	need     int   // continuation bytes still expected
	lo, hi   byte  // accepted range of the next continuation byte
	r        rune  // rune being assembled
	lead     byte  // first byte of the current sequence
	seqStart int64 // offset of lead

	moji mojibakeDetector
}

func newUTF8Checker(base int64, detected bool) *utf8Checker {
	return &utf8Checker{detected: detected, off: base, line: 1, lineStart: base}
}

// pass moves past q, the next bytes of input, known to be complete valid text,
// counting its lines.
func (c *utf8Checker) pass(q []byte) {
	if last := bytes.LastIndexByte(q, '\n'); last >= 0 {
		c.line += bytes.Count(q[:last+1], []byte{'\n'})
		c.lineStart = c.off + int64(last) + 1
	}
	c.off += int64(len(q))
}

func (c *utf8Checker) scan(p []byte) *DecodeError {
	if c.need == 0 && !c.moji.prevA {
		// Valid text up to the last ASCII byte, the common case, is passed at once:
		// no sequence or mojibake pair is cut there.
		k := len(p)
		for k > 0 && p[k-1] >= utf8.RuneSelf {
			k--
		}
		if k > 0 && validUTF8(p[:k]) {
			c.pass(p[:k])
			p = p[k:]
		}
	}
	for i := 0; i < len(p); {
		if c.need == 0 {
			// A run of ASCII, the most of most files: counted eight bytes at a time. No
			// ASCII character completes a mojibake pair.
			if n := asciiPrefix(p[i:]); n > 0 {
				c.pass(p[i : i+n])
				c.moji.prevA = false
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
	return c.moji.check(r, start, c.line, c.lineStart, UTF8, "the file seems to be Windows-1252 text saved as UTF-8 twice; re-export as UTF-8")
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
	return &DecodeError{Offset: c.seqStart, Line: c.line, Column: column(c.seqStart, c.lineStart), Encoding: UTF8, Err: ErrInvalidUTF8, Detail: detail, Hint: hint}
}

// CheckUTF8 checks that p is text that the reader of [NewReader] passes on
// unchanged as UTF-8: valid UTF-8 without wrongly decoded text such as "Ã¥". It
// returns nil, or the *DecodeError that reader returns for an input detected as
// UTF-8 that holds the same bytes, with Offset, Line and Column counted from the
// start of p.
//
// A large input can be checked in pieces, even in parallel, with the result of
// reading it whole, when every piece ends at the end of a line (or of the
// input): neither a multi-byte sequence nor a wrongly decoded pair can span a
// newline, and a sequence cut off at the end of p is an error. The Line and
// Column of an error are the input's when the lines before p are added to Line.
//
// Valid text, which is mostly ASCII, is checked several times faster than
// through the reader, sixteen bytes at a time, and without allocating.
func CheckUTF8(p []byte) error {
	if validUTF8(p) {
		return nil
	}
	c := newUTF8Checker(0, true)
	err := c.scan(p)
	if err == nil {
		err = c.finish()
	}
	if err != nil {
		return err
	}
	return nil // valid, but with an 'Ã' that validUTF8 leaves to the checker
}

// validUTF8 reports whether p is valid UTF-8 (as utf8.Valid) without the
// character 'Ã' (U+00C3), which may start a wrongly decoded pair. It is
// utf8.Valid tuned for text with a few non-ASCII letters among ASCII, as
// Swedish text is: ASCII is skipped sixteen bytes at a time, the first
// non-ASCII byte found from the two words' masks, and a two-byte sequence is
// taken without decoding it. About 1.5 times as fast as utf8.Valid on such text.
func validUTF8(p []byte) bool {
	const high = 0x8080808080808080
	n := len(p)
	i := 0
	for {
		for i+16 <= n {
			q := p[i : i+16]
			a := binary.LittleEndian.Uint64(q[:8]) & high
			b := binary.LittleEndian.Uint64(q[8:]) & high
			if a|b == 0 {
				i += 16
				continue
			}
			if a != 0 {
				i += bits.TrailingZeros64(a) / 8
			} else {
				i += 8 + bits.TrailingZeros64(b)/8
			}
			goto nonASCII
		}
		for i < n && p[i] < utf8.RuneSelf {
			i++
		}
		if i == n {
			return true
		}
	nonASCII: // p[i] is not ASCII
		if b := p[i]; 0xC2 <= b && b <= 0xDF && i+1 < n && p[i+1]&0xC0 == 0x80 {
			if b == 0xC3 && p[i+1] == 0x83 {
				return false // 'Ã'
			}
			i += 2
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && size <= 1 {
			return false
		}
		i += size
	}
}
