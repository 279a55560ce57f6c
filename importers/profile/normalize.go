package profile

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalize prepares a header or a value-map key for matching: Unicode NFC (a file
// saved on a Mac may spell å as a + ring), lower case, a byte order mark removed, and
// white space (including no-break space) trimmed and collapsed to one space.
func normalize(s string) string {
	if isSimple(s) {
		return s
	}
	s = strings.TrimPrefix(s, "\ufeff")
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// isSimple reports whether s is already normalised: lower-case ASCII letters, digits and
// punctuation with single inner spaces. It keeps the hot path of value lookups free of
// allocations.
func isSimple(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return s == ""
	}
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf, c >= 'A' && c <= 'Z', c < ' ':
			return false
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		}
		prevSpace = false
	}
	return true
}

// blank reports whether s holds only white space.
func blank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
		default:
			return strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " ")) == ""
		}
	}
	return true
}
