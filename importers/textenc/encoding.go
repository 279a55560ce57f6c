// Package textenc turns text input in the encodings met in Swedish municipal
// exports (UTF-8, UTF-16 and Windows-1252/ISO-8859-1) into validated UTF-8.
//
// The central rule is that a wrongly decoded file must fail loudly rather than
// produce mojibake: invalid UTF-8, bytes that do not belong to the chosen
// single-byte encoding, and text that was visibly decoded with the wrong
// encoding before it was saved ("Ã¥" for "å") are reported as a *DecodeError
// with the byte offset, line and column of the problem and a hint on how to
// fix it. [Detect] tells the encoding from the start of an input, and
// [CheckUTF8] checks pieces of a UTF-8 input, such as blocks parsed in
// parallel, as the reader would.
package textenc

import (
	"errors"
	"fmt"
	"strings"
)

// Encoding identifies the character encoding of an input.
type Encoding int

// Supported encodings.
const (
	// Auto detects the encoding; see [NewReader].
	Auto Encoding = iota
	// UTF8 is UTF-8, with or without a byte order mark.
	UTF8
	// UTF16 is UTF-16 with a byte order mark (little or big endian). Input
	// without a byte order mark is accepted only when its byte order can be
	// recognised from NUL bytes, as in mostly Latin-script text.
	UTF16
	// Windows1252 is Windows code page 1252 ("ANSI" on Swedish Windows).
	Windows1252
	// ISO88591 is ISO-8859-1 (Latin-1).
	ISO88591
)

// ErrUnknownEncoding is wrapped by [ParseEncoding] errors.
var ErrUnknownEncoding = errors.New("unknown encoding")

var names = map[Encoding]string{
	Auto:        "auto",
	UTF8:        "utf-8",
	UTF16:       "utf-16",
	Windows1252: "windows-1252",
	ISO88591:    "iso-8859-1",
}

// String returns the canonical name accepted by [ParseEncoding]: "auto",
// "utf-8", "utf-16", "windows-1252" or "iso-8859-1".
func (e Encoding) String() string {
	if name, ok := names[e]; ok {
		return name
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

func (e Encoding) valid() bool {
	_, ok := names[e]
	return ok
}

// ParseEncoding parses an encoding name as written in a CLI flag or a
// profile. Matching ignores case and surrounding white space, and '_' is the
// same as '-'. Accepted names:
//
//	auto, "" (empty)                        Auto
//	utf-8, utf8                             UTF8
//	utf-16, utf16                           UTF16
//	windows-1252, cp1252, ansi              Windows1252
//	iso-8859-1, iso8859-1, latin1, latin-1  ISO88591
func ParseEncoding(name string) (Encoding, error) {
	switch strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "_", "-") {
	case "", "auto":
		return Auto, nil
	case "utf-8", "utf8":
		return UTF8, nil
	case "utf-16", "utf16":
		return UTF16, nil
	case "windows-1252", "cp1252", "ansi":
		return Windows1252, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1":
		return ISO88591, nil
	}
	return Auto, fmt.Errorf("textenc: %w %q (want auto, utf-8, utf-16, windows-1252 or iso-8859-1)", ErrUnknownEncoding, name)
}

// MarshalText implements [encoding.TextMarshaler] using [Encoding.String].
func (e Encoding) MarshalText() ([]byte, error) {
	if !e.valid() {
		return nil, fmt.Errorf("textenc: marshal %v: %w", e, ErrUnknownEncoding)
	}
	return []byte(e.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] using [ParseEncoding],
// so an Encoding can be a field of a YAML or JSON profile.
func (e *Encoding) UnmarshalText(text []byte) error {
	enc, err := ParseEncoding(string(text))
	if err != nil {
		return err
	}
	*e = enc
	return nil
}
