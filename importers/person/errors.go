package person

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Sentinel errors wrapped by *ParseError; test with errors.Is.
var (
	// ErrFormat means the input is not in one of the accepted forms.
	ErrFormat = errors.New("invalid format")
	// ErrDate means the birth date does not exist or is out of range.
	ErrDate = errors.New("invalid date")
	// ErrChecksum means the check digit does not match.
	ErrChecksum = errors.New("invalid check digit")
)

// ParseError describes why [Parse] rejected its input. It never holds the
// full input: Masked keeps at most the date part, and for format errors only
// the length of the input is reported.
type ParseError struct {
	// Masked is the input with the last four digits replaced by "****", such
	// as "19121212-****", or "" when the input did not have a valid format.
	Masked string
	// Length is the length of the (trimmed) input in characters.
	Length int
	// Reason says which check failed.
	Reason string
	// Err is ErrFormat, ErrDate or ErrChecksum.
	Err error
}

// Error implements error.
func (e *ParseError) Error() string {
	if e.Masked != "" {
		return fmt.Sprintf("person: parse %q: %v: %s", e.Masked, e.Err, e.Reason)
	}
	return fmt.Sprintf("person: parse input of %d characters: %v: %s", e.Length, e.Err, e.Reason)
}

// Unwrap returns the sentinel error.
func (e *ParseError) Unwrap() error { return e.Err }

// formatError returns an ErrFormat error for s that does not echo s.
func formatError(s, reason string) *ParseError {
	return &ParseError{Length: utf8.RuneCountInString(s), Reason: reason, Err: ErrFormat}
}

// describeChar describes the character at byte offset i of s without
// revealing digits: it names the 1-based character position and shows the
// character itself only when it is printable ASCII (never a digit here).
func describeChar(s string, i int) string {
	pos := utf8.RuneCountInString(s[:i]) + 1
	r, _ := utf8.DecodeRuneInString(s[i:])
	if r >= 0x20 && r < 0x7f {
		return fmt.Sprintf("character %q at position %d", r, pos)
	}
	return fmt.Sprintf("character %U at position %d", r, pos)
}
