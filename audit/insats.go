package audit

import "strings"

// KnownInsats are the insats codes of the shipped routines and docs/events.md. Other
// codes may be used; these are what a code close to one of them was likely meant as.
var KnownInsats = []string{"avlosning", "boendestod", "dagverksamhet", "hemtjanst", "kontaktperson",
	"korttidsboende", "ledsagning", "matdistribution", "trygghetslarm", "vard_och_omsorgsboende"}

// InsatsCode returns s written as an insats code: lower case, å and ä as a, ö as o, é
// as e, spaces and '-' as '_' ("Vård- och omsorgsboende" → "vard_och_omsorgsboende").
func InsatsCode(s string) string {
	if isCode(s) {
		return s
	}
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case 'å', 'ä':
			r = 'a'
		case 'ö':
			r = 'o'
		case 'é':
			r = 'e'
		case ' ', '-', '_':
			if !under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = true
			continue
		}
		under = false
		b.WriteRune(r)
	}
	return strings.TrimSuffix(b.String(), "_")
}

// InsatsProblem returns what is wrong with code as an insats code in a routine file,
// or "": not written as a code (see InsatsCode), or one letter off a known code.
func InsatsProblem(code string) string {
	if c := InsatsCode(code); c != code {
		return "insats \"" + code + "\" is not written as an insats code; write \"" + c + "\" (lower case a–z, digits and _, as the cases' insats; see docs/events.md)"
	}
	for _, k := range KnownInsats {
		if k == code {
			return ""
		}
	}
	for _, k := range KnownInsats {
		if len(code) >= 6 && editDistance(code, k) <= 1 {
			return "unknown insats code \"" + code + "\"; did you mean '" + k + "'? (no case would match it)"
		}
	}
	return ""
}

// isCode reports whether s is already written as an insats code.
func isCode(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '_' && i > 0 && i < len(s)-1 && s[i-1] != '_':
		default:
			return false
		}
	}
	return true
}
