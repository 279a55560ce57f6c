package textenc

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

func FuzzNewReader(f *testing.F) {
	f.Add([]byte(sample), uint8(Auto))
	f.Add([]byte("\ufeffÅsa\xff"), uint8(UTF8))
	f.Add([]byte("\xff\xfeA\x00\xc5\x00"), uint8(UTF16))
	f.Add([]byte("\xc5sa \x96 \x81 \xc3\xa5"), uint8(Windows1252))
	f.Add([]byte("\xc5sa \x96"), uint8(ISO88591))
	f.Add([]byte("P\xc3\x83\xc2\xa5r \xc3\x83\xe2\x80\xa6"), uint8(Auto))
	f.Add([]byte("\xed\xa0\x80\xf4\x90\x80\x80\xe0\x80"), uint8(UTF8))
	f.Fuzz(func(t *testing.T, data []byte, e uint8) {
		enc := Encoding(e % 5)
		whole, wholeEnc, wholeErr := decode(data, enc, func(r io.Reader) io.Reader { return r })
		split, splitEnc, splitErr := decode(data, enc, iotest.OneByteReader)

		// Chunking must not change anything.
		if whole != split || wholeEnc != splitEnc || errString(wholeErr) != errString(splitErr) {
			t.Fatalf("whole and one-byte reads differ:\n%q %v %v\n%q %v %v", whole, wholeEnc, wholeErr, split, splitEnc, splitErr)
		}
		if !utf8.ValidString(whole) {
			t.Fatalf("output is not valid UTF-8: %q", whole)
		}
		var de *DecodeError
		if errors.As(wholeErr, &de) {
			if de.Offset < 0 || de.Offset > int64(len(data)) || de.Line < 1 {
				t.Fatalf("offset %d / line %d out of range for %d bytes", de.Offset, de.Line, len(data))
			}
		} else if wholeErr != nil {
			t.Fatalf("unexpected error type %T: %v", wholeErr, wholeErr)
		}

		// For UTF-8, compare with unicode/utf8.
		if wholeErr == nil && wholeEnc == UTF8 {
			if !utf8.Valid(data) {
				t.Fatalf("invalid UTF-8 accepted")
			}
			if want := string(bytes.TrimPrefix(data, []byte("\ufeff"))); whole != want {
				t.Fatalf("UTF-8 changed: %q, want %q", whole, want)
			}
		}
		if enc == UTF8 && !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}) &&
			!bytes.HasPrefix(data, []byte{0, 0, 0xFE, 0xFF}) {
			bom := int64(0)
			if bytes.HasPrefix(data, []byte("\ufeff")) {
				bom = 3
			}
			firstBad := firstInvalid(data[bom:])
			switch {
			case errors.Is(wholeErr, ErrInvalidUTF8):
				if de.Offset != bom+firstBad {
					t.Fatalf("invalid UTF-8 reported at %d, want %d", de.Offset, bom+firstBad)
				}
			case errors.Is(wholeErr, ErrMojibake):
				if firstBad >= 0 && de.Offset >= bom+firstBad {
					t.Fatalf("mojibake at %d reported after invalid UTF-8 at %d", de.Offset, bom+firstBad)
				}
			}
			if de != nil && int64(len(whole)) != de.Offset-bom {
				t.Fatalf("delivered %d bytes before an error at %d", len(whole), de.Offset)
			}
			if de != nil && de.Line != 1+bytes.Count(data[:de.Offset], []byte{'\n'}) {
				t.Fatalf("error at offset %d reported on line %d, want %d", de.Offset, de.Line, 1+bytes.Count(data[:de.Offset], []byte{'\n'}))
			}
			if de != nil {
				lineStart := int64(bytes.LastIndexByte(data[:de.Offset], '\n') + 1)
				if lineStart == 0 {
					lineStart = bom
				}
				if want := int(de.Offset-lineStart) + 1; de.Column != want {
					t.Fatalf("error at offset %d reported in column %d, want %d", de.Offset, de.Column, want)
				}
			}
		}
	})
}

// firstInvalid returns the offset of the first invalid UTF-8 sequence in b,
// or -1.
func firstInvalid(b []byte) int64 {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return int64(i)
		}
		i += size
	}
	return -1
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
