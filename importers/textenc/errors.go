package textenc

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by *DecodeError; test with errors.Is.
var (
	// ErrInvalidUTF8 means the input is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	// ErrInvalidUTF16 means the input is not valid UTF-16 (odd length or an
	// unpaired surrogate).
	ErrInvalidUTF16 = errors.New("invalid UTF-16")
	// ErrInvalidByte means a byte that does not occur in text of the chosen
	// single-byte encoding.
	ErrInvalidByte = errors.New("invalid byte for encoding")
	// ErrMojibake means the text contains sequences such as "Ã¥" that show it
	// was decoded with the wrong encoding before it was saved.
	ErrMojibake = errors.New("wrongly decoded text (mojibake)")
	// ErrUnsupported means the input is in an encoding this package does not
	// read, such as UTF-32, or is not text at all.
	ErrUnsupported = errors.New("unsupported input")
)

// DecodeError reports where and why decoding failed. Offset counts bytes of
// the original input, including any byte order mark.
//
// The error never quotes the surrounding text, which may contain personal
// data; it names at most the offending byte values.
type DecodeError struct {
	// Offset is the 0-based byte offset in the input of the first byte of the
	// offending sequence.
	Offset int64
	// Line is the 1-based line number of Offset (lines end with '\n').
	Line int
	// Column is the 1-based position of Offset in its line, counted in bytes
	// of the input as encoding/csv counts columns; on the first line it counts
	// from after any byte order mark.
	Column int
	// Encoding is the encoding that was being decoded.
	Encoding Encoding
	// Err is one of the sentinel errors of this package.
	Err error
	// Detail describes what was found.
	Detail string
	// Hint suggests how to fix the input or the configuration.
	Hint string
}

// Error implements error.
func (e *DecodeError) Error() string {
	msg := fmt.Sprintf("textenc: %s: %v at byte offset %d (line %d)", e.Encoding, e.Err, e.Offset, e.Line)
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

// Unwrap returns the sentinel error.
func (e *DecodeError) Unwrap() error { return e.Err }
