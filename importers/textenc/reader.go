package textenc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// SniffLen is how many bytes at the start of the input [NewReader] examines
// to detect the encoding.
const SniffLen = 64 << 10

// NewReader returns a reader that yields the content of r as UTF-8, and the
// encoding actually used (never Auto).
//
// A byte order mark always wins over enc, because it is far more reliable
// than a configured name: a UTF-8 BOM is stripped and the rest is read as
// UTF-8; a UTF-16 LE or BE BOM selects UTF-16 decoding. UTF-32 is rejected.
// Without a BOM, enc decides; for Auto the first [SniffLen] bytes are
// examined:
//
//   - NUL bytes at every other position mean UTF-16 without a BOM (little or
//     big endian, from their position); other NUL bytes mean binary data,
//     such as an .xlsx file given instead of a CSV, and are an error.
//   - Valid UTF-8 (including pure ASCII) means UTF-8.
//   - Otherwise Windows-1252. Windows-1252 is chosen over ISO-8859-1 because
//     it is what Swedish Windows programs (Excel, "ANSI" in Notepad, most
//     case management exports) write; it is identical to ISO-8859-1 except for
//     0x80-0x9F, where ISO-8859-1 has invisible C1 control characters that
//     never occur in real text and Windows-1252 has characters that do, such
//     as '€', '–' and typographic quotes. This is also what web browsers do
//     for content labelled ISO-8859-1.
//   - Exception: if the sample contains more valid multi-byte UTF-8
//     sequences than invalid bytes, it is taken to be damaged UTF-8 rather
//     than Windows-1252 (real Windows-1252 text practically never contains
//     valid multi-byte UTF-8), so that the damage is reported instead of
//     turning every "å" into "Ã¥".
//
// Errors in the content are reported by the returned reader as a
// *DecodeError, after all the text before the problem has been delivered:
// invalid UTF-8 (including bytes past the sniffed sample, so a file detected
// as UTF-8 that is not UTF-8 further on fails instead of producing mojibake),
// invalid UTF-16, bytes that do not occur in Windows-1252 or ISO-8859-1 text,
// and text that was wrongly decoded before it was saved, such as "Ã¥" for "å"
// in UTF-8 (or the UTF-8 bytes C3 A5 in a Windows-1252 or ISO-8859-1 file).
//
// NewReader itself reads the start of r and returns an error if that fails,
// if enc is not a valid Encoding, or if the input is UTF-32, binary, or UTF-16
// of undeterminable byte order. On error the reader is nil and the Encoding
// is Auto.
func NewReader(r io.Reader, enc Encoding) (io.Reader, Encoding, error) {
	if !enc.valid() {
		return nil, Auto, fmt.Errorf("textenc: new reader: %w %v", ErrUnknownEncoding, enc)
	}
	n := 4 // enough for any byte order mark
	if enc == Auto || enc == UTF16 {
		n = SniffLen
	}
	br := bufio.NewReaderSize(r, max(n, 4096))
	head, err := br.Peek(n)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, Auto, fmt.Errorf("textenc: read start of input: %w", err)
	}
	atEOF := err != nil

	s, found, err := byteOrderMark(head, enc)
	if err != nil {
		return nil, Auto, err
	}
	detected := false
	if !found {
		switch enc {
		case UTF8, Windows1252, ISO88591:
			s = sniffed{enc: enc}
		case UTF16:
			if len(head) == 0 {
				return br, UTF16, nil
			}
			bigEndian, ok := utf16Order(head)
			if !ok {
				return nil, Auto, &DecodeError{Offset: 0, Line: 1, Column: 1, Encoding: UTF16, Err: ErrUnsupported,
					Detail: "UTF-16 input without a byte order mark, and its byte order cannot be determined",
					Hint:   "re-export the file as UTF-8, or as UTF-16 with a byte order mark"}
			}
			s = sniffed{enc: UTF16, bigEndian: bigEndian}
		default: // Auto
			if s, err = sniffContent(head, atEOF); err != nil {
				return nil, Auto, err
			}
			detected = true
		}
	}
	if s.bom > 0 {
		if _, err := br.Discard(s.bom); err != nil {
			return nil, Auto, fmt.Errorf("textenc: skip byte order mark: %w", err)
		}
	}
	base := int64(s.bom)
	switch s.enc {
	case UTF8:
		return newCheckReader(br, newUTF8Checker(base, detected), base), UTF8, nil
	case UTF16:
		return utf16Reader(br, s.bigEndian, base), UTF16, nil
	default:
		return singleByteReader(br, s.enc, detected), s.enc, nil
	}
}

// Detect returns the encoding that [NewReader] with Auto chooses for an input
// that starts with head, by the same rules: a byte order mark (UTF8 or UTF16),
// else UTF16 from the NUL bytes of UTF-16 text without one, else UTF8 when the
// sample looks like UTF-8, else Windows1252. Only the first [SniffLen] bytes of
// head are examined, and head shorter than that is taken to be the whole input
// (so a multi-byte sequence cut off at its end counts as invalid): pass the
// first SniffLen bytes of the input, or all of it when it is shorter.
//
// The errors are those of NewReader for the start of the input: a *DecodeError
// for UTF-32 or binary input; the Encoding is then Auto. UTF8 does not promise
// that the rest of the input is valid UTF-8: check it with [CheckUTF8], or read
// it through NewReader.
func Detect(head []byte) (Encoding, error) {
	atEOF := len(head) < SniffLen
	head = head[:min(len(head), SniffLen)]
	s, found, err := byteOrderMark(head, Auto)
	if err != nil {
		return Auto, err
	}
	if !found {
		if s, err = sniffContent(head, atEOF); err != nil {
			return Auto, err
		}
	}
	return s.enc, nil
}

// sniffed is the encoding of an input as its start shows it.
type sniffed struct {
	enc       Encoding // UTF8, UTF16, Windows1252 or ISO88591
	bom       int      // length of the byte order mark to skip
	bigEndian bool     // for UTF16
}

// byteOrderMark recognises a byte order mark at the start of head. It returns
// found=false when there is none, and a *DecodeError for UTF-32. enc is the
// encoding asked for, named in that error.
func byteOrderMark(head []byte, enc Encoding) (s sniffed, found bool, err error) {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE, 0x00, 0x00}), bytes.HasPrefix(head, []byte{0x00, 0x00, 0xFE, 0xFF}):
		return sniffed{}, false, &DecodeError{Offset: 0, Line: 1, Column: 1, Encoding: enc, Err: ErrUnsupported,
			Detail: "the input starts with a UTF-32 byte order mark", Hint: "re-export the file as UTF-8"}
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return sniffed{enc: UTF8, bom: 3}, true, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return sniffed{enc: UTF16, bom: 2, bigEndian: head[0] == 0xFE}, true, nil
	}
	return sniffed{}, false, nil
}

// sniffContent detects the encoding of input without a byte order mark from
// its first bytes, head (atEOF: head is all of the input), as documented for
// Auto at [NewReader].
func sniffContent(head []byte, atEOF bool) (sniffed, error) {
	if nul := bytes.IndexByte(head, 0); nul >= 0 {
		if bigEndian, ok := utf16Order(head); ok {
			return sniffed{enc: UTF16, bigEndian: bigEndian}, nil
		}
		return sniffed{}, &DecodeError{
			Offset: int64(nul), Line: 1 + bytes.Count(head[:nul], []byte{'\n'}), Column: nul - bytes.LastIndexByte(head[:nul], '\n'),
			Encoding: Auto, Err: ErrUnsupported,
			Detail: "NUL byte: the input looks like a binary file, not text",
			Hint:   "check that the file is a text export (such as CSV) and not an Excel or PDF file",
		}
	}
	if looksUTF8(head, atEOF) {
		return sniffed{enc: UTF8}, nil
	}
	return sniffed{enc: Windows1252}, nil
}

// singleByteReader decodes Windows-1252 or ISO-8859-1 after checking the raw
// bytes.
func singleByteReader(r io.Reader, enc Encoding, detected bool) io.Reader {
	cm := charmap.Windows1252
	if enc == ISO88591 {
		cm = charmap.ISO8859_1
	}
	return transform.NewReader(newCheckReader(r, newSingleByteChecker(enc, 0, detected), 0), cm.NewDecoder())
}

// utf16Reader checks and decodes UTF-16 in the given byte order. base is the
// input offset of the first byte of r (2 when a byte order mark was skipped).
//
// The byte order mark, if any, is handled before this, rather than with
// unicode.BOMOverride, because it must be known to choose the checker; the
// decoder is the same one BOMOverride would select.
func utf16Reader(r io.Reader, bigEndian bool, base int64) io.Reader {
	order := unicode.LittleEndian
	if bigEndian {
		order = unicode.BigEndian
	}
	dec := unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder()
	return transform.NewReader(newCheckReader(r, newUTF16Checker(base, bigEndian), base), dec)
}

// utf16Order recognises UTF-16 without a byte order mark from the NUL bytes
// that Latin-script text has in the high byte of every code unit: at odd
// offsets for little endian, at even offsets for big endian.
func utf16Order(head []byte) (bigEndian, ok bool) {
	units := len(head) / 2
	if units == 0 {
		return false, false
	}
	var even, odd int
	for i := 0; i+1 < len(head); i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	// At least half the code units must have a NUL in the expected half and
	// almost none in the other.
	switch {
	case 2*odd >= units && 10*even <= units:
		return false, true
	case 2*even >= units && 10*odd <= units:
		return true, true
	}
	return false, false
}

// looksUTF8 reports whether the sample should be read as UTF-8: it is valid
// UTF-8, or it has more valid multi-byte sequences than invalid bytes. A
// sequence cut off at the end of the sample is ignored unless atEOF.
func looksUTF8(sample []byte, atEOF bool) bool {
	var multi, invalid int
	for i := 0; i < len(sample); {
		r, size := utf8.DecodeRune(sample[i:])
		if r == utf8.RuneError && size <= 1 {
			if !atEOF && !utf8.FullRune(sample[i:]) {
				break // cut off by the sample size
			}
			invalid++
			i++
			continue
		}
		if size > 1 {
			multi++
		}
		i += size
	}
	return invalid == 0 || multi > invalid
}
