// Package person parses and pseudonymizes Swedish personal identity numbers
// (personnummer) and coordination numbers (samordningsnummer).
//
// Identity numbers are sensitive personal data. The package is built so that
// they do not leak by accident: [Number] prints a redacted form with every fmt
// verb, parse errors never echo the full input, and the clear-text number is
// only available through the explicit [Number.Canonical] method. Reports should
// use [Pseudonymizer.Pseudonym], [Pseudonymizer.IVOCode] or
// [Pseudonymizer.ProtectedPseudonym] instead of the number itself.
package person

import (
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// minYear is the earliest accepted birth year. Personnummer were introduced in
// 1947 for everyone alive at the time, so no valid number belongs to a person
// born before the 19th century.
const minYear = 1800

// coordinationDayOffset is added to the day of birth in a samordningsnummer.
const coordinationDayOffset = 60

// Number is a validated Swedish personnummer or samordningsnummer.
//
// The zero value is not a valid number; see [Number.IsZero]. Numbers are
// comparable with ==.
//
// Number deliberately formats as a redacted value ("19121212-****") with
// fmt, log/slog and friends; call [Number.Canonical] when the clear-text
// number is really needed.
type Number struct {
	// canonical holds the 12 digits YYYYMMDDNNNC, or "" for the zero value.
	canonical string
}

// Gender is the legal gender encoded in the second to last digit of a Number.
type Gender uint8

// Gender values.
const (
	// GenderUnknown is returned for the zero Number.
	GenderUnknown Gender = iota
	// Female (kvinna): the second to last digit is even.
	Female
	// Male (man): the second to last digit is odd.
	Male
)

// String returns "female", "male" or "unknown".
func (g Gender) String() string {
	switch g {
	case Female:
		return "female"
	case Male:
		return "male"
	default:
		return "unknown"
	}
}

// Parse parses a personnummer or samordningsnummer in one of the forms
//
//	YYYYMMDD-NNNC
//	YYYYMMDDNNNC
//	YYMMDD-NNNC
//	YYMMDDNNNC
//	YYMMDD+NNNC
//
// Surrounding white space is ignored. For the 10-digit forms the century is
// inferred relative to today, following Skatteverket's rule that the separator
// changes from '-' to '+' in the calendar year a person turns 100: with '-'
// (or no separator) the birth year is the latest year not after today's year
// that ends in YY; with '+' it is the latest such year at least 100 years
// before today's year. Pass the date the number was written (for example the
// date of the source document) as today when it is known; if today is the zero
// Time the current time is used.
//
// Parse checks that the birth date exists and is not in the future (for a
// samordningsnummer the day of birth plus 60 is stored in the number) and that
// the check digit C is the Luhn checksum of the 10 digits YYMMDDNNN.
//
// Errors are *ParseError values that wrap [ErrFormat], [ErrDate] or
// [ErrChecksum]; their messages never contain the full number.
func Parse(s string, today time.Time) (Number, error) {
	if today.IsZero() {
		today = time.Now()
	}
	s = strings.TrimSpace(s)

	for i := 0; i < len(s); i++ {
		if c := s[i]; !isDigit(c) && c != '-' && c != '+' {
			return Number{}, formatError(s, "unexpected "+describeChar(s, i))
		}
	}

	var (
		tail    string // the 10 digits YYMMDDNNNC
		century = -1   // explicit century, or -1 for the 10-digit forms
		sep     byte   // '-', '+' or 0 when there is no separator
		sepPos  = -1   // byte index of the separator
		masked  string // redacted input for error messages
	)
	switch len(s) {
	case 13: // YYYYMMDD-NNNC
		sep, sepPos = s[8], 8
		if sep != '-' {
			return Number{}, formatError(s, "expected '-' after YYYYMMDD (the '+' separator is only used in the 10-digit form)")
		}
		tail, masked = s[2:8]+s[9:], s[:9]+"****"
	case 12: // YYYYMMDDNNNC
		tail, masked = s[2:], s[:8]+"****"
	case 11: // YYMMDD-NNNC or YYMMDD+NNNC
		sep, sepPos = s[6], 6
		if sep != '-' && sep != '+' {
			return Number{}, formatError(s, "expected '-' or '+' after YYMMDD")
		}
		tail, masked = s[:6]+s[7:], s[:7]+"****"
	case 10: // YYMMDDNNNC
		tail, masked = s, s[:6]+"****"
	default:
		return Number{}, formatError(s, "want 10 or 12 digits with an optional separator")
	}
	for i := 0; i < len(s); i++ {
		if i != sepPos && !isDigit(s[i]) {
			return Number{}, formatError(s, "unexpected "+describeChar(s, i))
		}
	}
	if len(s) >= 12 {
		century = atoi(s[:2])
	}

	yy, mm, dd := atoi(tail[0:2]), atoi(tail[2:4]), atoi(tail[4:6])
	if dd > coordinationDayOffset {
		dd -= coordinationDayOffset
	}
	var year int
	if century >= 0 {
		year = century*100 + yy
	} else {
		base := today.Year()
		if sep == '+' {
			base -= 100
		}
		year = base - (base-yy)%100
	}
	if err := checkDate(year, mm, dd, today); err != "" {
		return Number{}, &ParseError{Masked: masked, Length: len(s), Reason: err, Err: ErrDate}
	}
	if luhn(tail[:9]) != int(tail[9]-'0') {
		return Number{}, &ParseError{Masked: masked, Length: len(s), Reason: "the last digit does not match the Luhn checksum", Err: ErrChecksum}
	}
	return Number{canonical: fmt.Sprintf("%02d", year/100) + tail}, nil
}

// checkDate reports why year-month-day is not an acceptable birth date, or ""
// when it is.
func checkDate(year, month, day int, today time.Time) string {
	if month < 1 || month > 12 {
		return "month is not 01-12"
	}
	if day < 1 {
		return "day is not a valid day of birth (01-31, or 61-91 for a samordningsnummer)"
	}
	d := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if d.Day() != day {
		return "the day does not exist in that month"
	}
	if year < minYear {
		return fmt.Sprintf("birth year is before %d", minYear)
	}
	ty, tm, td := today.Date()
	if d.After(time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)) {
		return "birth date is in the future"
	}
	return ""
}

// luhn returns the Luhn check digit for digits (ASCII, already validated).
func luhn(digits string) int {
	sum := 0
	for i := 0; i < len(digits); i++ {
		d := int(digits[i] - '0')
		if i%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return (10 - sum%10) % 10
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// atoi converts a short string of ASCII digits (already validated).
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// IsZero reports whether n is the zero Number (not the result of a
// successful Parse).
func (n Number) IsZero() bool { return n.canonical == "" }

// Canonical returns the number in clear text as 12 digits YYYYMMDDNNNC
// (without separator), or "" for the zero Number.
//
// The result is sensitive personal data: do not log it or write it to
// reports; use a [Pseudonymizer] instead.
func (n Number) Canonical() string { return n.canonical }

// String returns a redacted form that keeps the date part as written in the
// number and hides the last four digits, such as "19121212-****" (for a
// samordningsnummer the day is the stored day, i.e. the day of birth plus 60).
// It returns "" for the zero Number.
func (n Number) String() string {
	if n.canonical == "" {
		return ""
	}
	return n.canonical[:8] + "-****"
}

// Format implements [fmt.Formatter] so that every verb (%v, %+v, %#v, %s, %d,
// %x, ...) prints the redacted [Number.String] form rather than the fields.
func (n Number) Format(f fmt.State, verb rune) {
	if verb != 'q' {
		verb = 's'
	}
	// Keep width, precision and flags so that table layouts still work.
	fmt.Fprintf(f, fmt.FormatString(f, verb), n.String())
}

// LogValue implements [slog.LogValuer] and logs the redacted form.
func (n Number) LogValue() slog.Value { return slog.StringValue(n.String()) }

// IsCoordination reports whether n is a samordningsnummer (day of birth plus
// 60) rather than a personnummer.
func (n Number) IsCoordination() bool {
	return n.canonical != "" && atoi(n.canonical[6:8]) > coordinationDayOffset
}

// BirthDate returns the date of birth at midnight UTC. For a
// samordningsnummer the 60 added to the day is subtracted. It returns the zero
// Time for the zero Number.
func (n Number) BirthDate() time.Time {
	if n.canonical == "" {
		return time.Time{}
	}
	day := atoi(n.canonical[6:8])
	if day > coordinationDayOffset {
		day -= coordinationDayOffset
	}
	return time.Date(atoi(n.canonical[:4]), time.Month(atoi(n.canonical[4:6])), day, 0, 0, 0, 0, time.UTC)
}

// Gender returns the gender encoded in the second to last digit: odd is
// [Male], even is [Female]. It returns [GenderUnknown] for the zero Number.
func (n Number) Gender() Gender {
	if n.canonical == "" {
		return GenderUnknown
	}
	if (n.canonical[10]-'0')%2 == 1 {
		return Male
	}
	return Female
}
