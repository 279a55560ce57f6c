package person

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"
)

// today is the reference date for the century inference tests.
var today = time.Date(2026, time.June, 15, 13, 0, 0, 0, time.UTC)

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestParseValid(t *testing.T) {
	tests := []struct {
		in           string
		canonical    string
		birth        time.Time
		gender       Gender
		coordination bool
	}{
		// Skatteverket's well-known test number in every accepted form.
		{"19121212-1212", "191212121212", date(1912, 12, 12), Male, false},
		{"191212121212", "191212121212", date(1912, 12, 12), Male, false},
		{"121212+1212", "191212121212", date(1912, 12, 12), Male, false},
		{"121212-1212", "201212121212", date(2012, 12, 12), Male, false},
		{"1212121212", "201212121212", date(2012, 12, 12), Male, false},
		{"  19121212-1212\t", "191212121212", date(1912, 12, 12), Male, false},
		{"811228-9874", "198112289874", date(1981, 12, 28), Male, false},
		{"8112289874", "198112289874", date(1981, 12, 28), Male, false},
		{"900101-0025", "199001010025", date(1990, 1, 1), Female, false},
		// Samordningsnummer: day of birth + 60.
		{"19701063-2391", "197010632391", date(1970, 10, 3), Male, true},
		{"701063-2391", "197010632391", date(1970, 10, 3), Male, true},
		{"197010632425", "197010632425", date(1970, 10, 3), Female, true},
		{"000289-1232", "200002891232", date(2000, 2, 29), Male, true},
		// Leap days.
		{"20000229-1235", "200002291235", date(2000, 2, 29), Male, false},
		{"960229-4564", "199602294564", date(1996, 2, 29), Female, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, err := Parse(tt.in, today)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.in, err)
			}
			if got := n.Canonical(); got != tt.canonical {
				t.Errorf("Canonical() = %q, want %q", got, tt.canonical)
			}
			if got := n.BirthDate(); !got.Equal(tt.birth) {
				t.Errorf("BirthDate() = %v, want %v", got, tt.birth)
			}
			if got := n.Gender(); got != tt.gender {
				t.Errorf("Gender() = %v, want %v", got, tt.gender)
			}
			if got := n.IsCoordination(); got != tt.coordination {
				t.Errorf("IsCoordination() = %v, want %v", got, tt.coordination)
			}
			if n.IsZero() {
				t.Error("IsZero() = true for a parsed number")
			}
			// The canonical form parses to the same number.
			again, err := Parse(n.Canonical(), today)
			if err != nil || again != n {
				t.Errorf("Parse(Canonical()) = %v, %v; want %v", again, err, n)
			}
		})
	}
}

func TestParseCentury(t *testing.T) {
	tests := []struct {
		in    string
		today time.Time
		year  int
	}{
		{"260615-1237", today, 2026}, // born today
		{"260616+1236", today, 1926}, // '+': turns 100 this year
		{"270101-1237", today, 1927}, // '-' but YY after this year: previous century
		{"270101+1237", today, 1827},
		{"000101-1238", today, 2000},
		{"000101+1238", today, 1900},
		{"0001011238", today, 2000}, // no separator behaves like '-'
		{"990101+1230", today, 1899},
		{"001231-9877", today, 2000},
		// The same number read at other dates.
		{"490101-1231", date(2048, 12, 31), 1949},
		{"490101-1231", date(2049, 1, 1), 2049},
		{"490101+1231", date(2049, 1, 1), 1949},
		{"121212-1212", date(1999, 1, 1), 1912},
	}
	for _, tt := range tests {
		t.Run(tt.in+"@"+tt.today.Format(time.DateOnly), func(t *testing.T) {
			n, err := Parse(tt.in, tt.today)
			if err != nil {
				t.Fatalf("Parse error: %v", err)
			}
			if got := n.BirthDate().Year(); got != tt.year {
				t.Errorf("birth year = %d, want %d", got, tt.year)
			}
		})
	}
}

func TestParseZeroToday(t *testing.T) {
	n, err := Parse("121212-1212", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if got := n.BirthDate().Year(); got != 2012 {
		t.Errorf("birth year = %d, want 2012 (zero today means now)", got)
	}
}

func TestParseInvalid(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"", ErrFormat},
		{"abc", ErrFormat},
		{"19121212_1212", ErrFormat},
		{"19121212+1212", ErrFormat}, // '+' only in the 10-digit form
		{"1912121-21212", ErrFormat},
		{"121212 1212", ErrFormat},
		{"12121212121", ErrFormat}, // 11 digits
		{"1912121212121", ErrFormat},
		{"12121a1212", ErrFormat},
		{"121212–1212", ErrFormat},        // en dash
		{"１２１２１２１２１２", ErrFormat},         // full-width digits
		{"19121212-1212-1212", ErrFormat}, // too long
		{"19121212-12 12", ErrFormat},     // inner space
		{"19121212-1213", ErrChecksum},    // check digit off by one
		{"811228-9873", ErrChecksum},
		{"19701063-2390", ErrChecksum}, // samordningsnummer
		{"19121312-1211", ErrDate},     // month 13
		{"19121002-0000", ErrChecksum}, // date fine, bad check digit
		{"19120231-1211", ErrDate},     // 31 February
		{"19000229-1243", ErrDate},     // 1900 is not a leap year
		{"19120100-1219", ErrDate},     // day 00
		{"19120160-1216", ErrDate},     // day 60 is neither birth nor coordination day
		{"19120192-1218", ErrDate},     // coordination day 92 = 32
		{"17991231-1110", ErrDate},     // before minYear
		{"260616-1236", ErrDate},       // tomorrow
		{"20300101-1238", ErrDate},     // in the future
		{"00000000-0000", ErrDate},     // month 00
		{"000000-0000", ErrDate},
		{"9999999999", ErrDate},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, err := Parse(tt.in, today)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse(%q) = %v, %v; want error %v", tt.in, n, err, tt.want)
			}
			if !n.IsZero() {
				t.Errorf("Parse returned a non-zero Number with an error")
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error %T is not a *ParseError", err)
			}
			assertNoDigitRun(t, err.Error())
		})
	}
}

func TestParseErrorMessages(t *testing.T) {
	tests := []struct{ in, want string }{
		{"19121212-1213", `person: parse "19121212-****": invalid check digit: the last digit does not match the Luhn checksum`},
		{"811228+9873", `person: parse "811228+****": invalid check digit: the last digit does not match the Luhn checksum`},
		{"191202311211", `person: parse "19120231****": invalid date: the day does not exist in that month`},
		{"19121212/1212", `person: parse input of 13 characters: invalid format: unexpected character '/' at position 9`},
		{"19121212+1212", `person: parse input of 13 characters: invalid format: expected '-' after YYYYMMDD (the '+' separator is only used in the 10-digit form)`},
		{"1212-121212", `person: parse input of 11 characters: invalid format: expected '-' or '+' after YYMMDD`},
		{"121212-12-1", `person: parse input of 11 characters: invalid format: unexpected character '-' at position 10`},
		{"12121212121212", `person: parse input of 14 characters: invalid format: want 10 or 12 digits with an optional separator`},
		{"12121X1212", `person: parse input of 10 characters: invalid format: unexpected character 'X' at position 6`},
		{"12121é1212", `person: parse input of 10 characters: invalid format: unexpected character U+00E9 at position 6`},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in, today)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q) error:\n got %v\nwant %s", tt.in, err, tt.want)
		}
	}
}

func TestGenderString(t *testing.T) {
	for g, want := range map[Gender]string{Female: "female", Male: "male", GenderUnknown: "unknown"} {
		if got := g.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", g, got, want)
		}
	}
}

func TestZeroNumber(t *testing.T) {
	var n Number
	if !n.IsZero() || n.Canonical() != "" || n.String() != "" || n.IsCoordination() ||
		!n.BirthDate().IsZero() || n.Gender() != GenderUnknown {
		t.Errorf("zero Number methods returned non-zero results")
	}
}

// TestNumberRedacted checks that the clear-text number does not leak through
// the usual ways of printing or logging a value.
func TestNumberRedacted(t *testing.T) {
	n, err := Parse("19701063-2391", today)
	if err != nil {
		t.Fatal(err)
	}
	const want = "19701063-****"
	if got := n.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	type record struct {
		ID   Number
		Name string
	}
	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%X", "%q", "%20v", "%-20s"} {
		outputs = append(outputs, fmt.Sprintf(verb, n), fmt.Sprintf(verb, &n), fmt.Sprintf(verb, record{n, "x"}))
	}
	outputs = append(outputs, fmt.Sprint(n), fmt.Sprintln([]Number{n}))
	if got := fmt.Sprintf("[%-15v]", n); got != "[19701063-****  ]" {
		t.Errorf("width not honoured: %q", got)
	}
	if got := fmt.Sprintf("%q", n); got != `"19701063-****"` {
		t.Errorf("%%q = %s", got)
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("msg", "n", n, "rec", record{n, "x"})
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("msg", "n", n, "rec", record{n, "x"})
	outputs = append(outputs, buf.String())
	js, err := json.Marshal(record{n, "x"})
	if err != nil {
		t.Fatal(err)
	}
	outputs = append(outputs, string(js))
	for _, out := range outputs {
		if strings.Contains(out, "2391") {
			t.Errorf("output leaks the last four digits: %s", out)
		}
		assertNoDigitRun(t, out)
	}
}

var digitRun = regexp.MustCompile(`[0-9]{10,}`)

// assertNoDigitRun fails if s contains 10 or more consecutive digits.
func assertNoDigitRun(t *testing.T, s string) {
	t.Helper()
	if m := digitRun.FindString(s); m != "" {
		t.Errorf("output contains the digit run %q: %s", m, s)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"19121212-1212", "191212121212", "121212-1212", "121212+1212", "1212121212",
		"811228-9874", "19701063-2391", "19121212-1213", "19120231-1211", "",
		"  121212-1212 ", "1212121212121212", "12121\xff1212", "١٢١٢١٢١٢١٢",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s, today)
		if err != nil {
			if !n.IsZero() {
				t.Fatalf("non-zero Number with error %v", err)
			}
			if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrDate) && !errors.Is(err, ErrChecksum) {
				t.Fatalf("error %v wraps no sentinel", err)
			}
			// No run of 10 or more digits at all, which is stricter than
			// "no 10 consecutive digits of the input".
			msg := err.Error()
			if m := digitRun.FindString(msg); m != "" {
				t.Fatalf("error message contains the digit run %q: %s", m, msg)
			}
			return
		}
		c := n.Canonical()
		if len(c) != 12 || onlyDigits(c) != c {
			t.Fatalf("Canonical() = %q, want 12 digits", c)
		}
		again, err := Parse(c, today)
		if err != nil || again != n {
			t.Fatalf("Parse(Canonical()) = %v, %v; want %v", again, err, n)
		}
		if digitRun.MatchString(n.String()) {
			t.Fatalf("String() leaks digits: %s", n.String())
		}
		if n.BirthDate().After(today) {
			t.Fatalf("birth date %v after today", n.BirthDate())
		}
	})
}

func onlyDigits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
