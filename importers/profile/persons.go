package profile

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rutinkoll/rutinkoll/importers/person"
)

// hiddenNumber replaces a personnummer in rejections, reports and free text.
const hiddenNumber = "[personnummer dolt]"

// personInfo is what an import keeps of a personnummer: never the number itself.
type personInfo struct {
	pseudonym string
	ivo       string
	gender    byte
	reason    string // why the number is invalid; "" when valid. Never contains the number.
}

// persons parses and pseudonymises personnummer, caching by the raw cell text (a
// person has many rows). The cache holds the numbers only in memory, for this import.
type persons struct {
	ps    *person.Pseudonymizer
	today time.Time
	cache map[string]personInfo

	last     string // the previous lookup: rows of one person usually follow each other
	lastInfo personInfo

	identities map[string]string // pseudonym → personnummer, only with Options.Identities
}

const maxPersonCache = 1 << 20

func (pp *persons) lookup(raw string) personInfo {
	if raw == pp.last && raw != "" {
		return pp.lastInfo
	}
	if pi, ok := pp.cache[raw]; ok {
		pp.last, pp.lastInfo = raw, pi
		return pi
	}
	var pi personInfo
	n, err := person.Parse(raw, pp.today)
	if err != nil {
		pi.reason = personReason(err)
	} else {
		pi.pseudonym = pp.ps.Pseudonym(n)
		pi.ivo = pp.ps.IVOCode(n)
		if pp.identities != nil {
			c := n.Canonical()
			pp.identities[pi.pseudonym] = c[:8] + "-" + c[8:]
		}
		switch n.Gender() {
		case person.Female:
			pi.gender = 'K'
		case person.Male:
			pi.gender = 'M'
		}
	}
	if len(pp.cache) >= maxPersonCache {
		clear(pp.cache)
	}
	key := strings.Clone(raw)
	pp.cache[key] = pi
	pp.last, pp.lastInfo = key, pi
	return pi
}

// personReason explains a person.Parse error without the number.
func personReason(err error) string {
	var pe *person.ParseError
	if errors.As(err, &pe) {
		what := "the personnummer is not valid"
		switch {
		case errors.Is(pe.Err, person.ErrChecksum):
			what += " (check digit)"
		case errors.Is(pe.Err, person.ErrDate):
			what += " (date of birth)"
		case errors.Is(pe.Err, person.ErrFormat):
			what += " (format)"
		}
		return fmt.Sprintf("%s: %s; correct it in the verksamhetssystem, or check that the column mapped as person holds personnummer (YYYYMMDD-NNNN)", what, pe.Reason)
	}
	return "the personnummer is not valid"
}

// sameNumber reports whether a and b are the same valid personnummer.
func sameNumber(a, b string, today time.Time) bool {
	na, err1 := person.Parse(a, today)
	nb, err2 := person.Parse(b, today)
	return err1 == nil && err2 == nil && na == nb
}

// isPersonnummer reports whether s, as a whole, is a valid personnummer or
// samordningsnummer in a form that is unlikely to be anything else: 12 digits (with or
// without '-') or 10 digits with a '-' or '+'.
func isPersonnummer(s string, today time.Time) bool {
	s = strings.TrimSpace(s)
	switch len(s) {
	case 11, 12, 13:
	default:
		return false
	}
	_, err := person.Parse(s, today)
	return err == nil
}

// redact replaces anything in s that looks like a personnummer by hiddenNumber. With
// strict, only numbers whose check digit is right are replaced (for data kept in the
// Dataset, where a case number must not be mangled); otherwise any 10 or 12 digits with
// a possible date of birth are (for rejections and reports, where a mistyped number is
// still personal data).
func redact(s string, strict bool, today time.Time) string {
	if countDigits(s) < 10 {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if !isDigitByte(s[i]) || (i > 0 && isDigitByte(s[i-1])) {
			i++
			continue
		}
		n := candidateLen(s[i:])
		if n == 0 || !looksLikeNumber(s[i:i+n], strict, today) {
			i++
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(hiddenNumber)
		i += n
		last = i
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// candidateLen returns the length of a personnummer-shaped prefix of s (YYYYMMDD-NNNN,
// YYYYMMDDNNNN, YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN) not followed by a digit, or 0.
func candidateLen(s string) int {
	run := 0
	for run < len(s) && isDigitByte(s[run]) {
		run++
	}
	ok := func(n int) bool { return n == len(s) || !isDigitByte(s[n]) }
	switch {
	case run == 12 || run == 10:
		if ok(run) {
			return run
		}
	case run == 8 && len(s) >= 13 && s[8] == '-' && allDigits(s[9:13]) && ok(13):
		return 13
	case run == 6 && len(s) >= 11 && (s[6] == '-' || s[6] == '+') && allDigits(s[7:11]) && ok(11):
		return 11
	}
	return 0
}

func looksLikeNumber(c string, strict bool, today time.Time) bool {
	if strict {
		_, err := person.Parse(c, today)
		return err == nil
	}
	digits := strings.NewReplacer("-", "", "+", "").Replace(c)
	if len(digits) == 12 {
		if y := digits[:2]; y != "18" && y != "19" && y != "20" {
			return false
		}
		digits = digits[2:]
	}
	m, _ := atoiDigits(digits[2:4])
	d, _ := atoiDigits(digits[4:6])
	if d > 60 {
		d -= 60
	}
	return m >= 1 && m <= 12 && d >= 1 && d <= 31
}

// atoiDigits is digits under a name that does not clash with the local variable.
func atoiDigits(s string) (int, bool) { return digits(s) }

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigitByte(s[i]) {
			n++
		}
	}
	return n
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigitByte(s[i]) {
			return false
		}
	}
	return true
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }
