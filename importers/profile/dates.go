package profile

import (
	"fmt"
	"strings"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/xlsxread"
)

// dateLayout is one of the date formats a profile may list. Day and month order is
// never guessed: "2/1/2006" is day/month and there is deliberately no month/day layout.
type dateLayout struct {
	goLayout string // as in Go's time package, the profile's spelling
	human    string // as shown to users, also accepted in profiles
	parse    func(s string) (audit.Date, string)
}

var dateLayouts = []dateLayout{
	{"2006-01-02", "YYYY-MM-DD", parseISO},
	{"20060102", "YYYYMMDD", parseCompact},
	{"2006-01-02 15:04", "YYYY-MM-DD hh:mm", func(s string) (audit.Date, string) { return parseISOTime(s, false) }},
	{"2006-01-02 15:04:05", "YYYY-MM-DD hh:mm:ss", func(s string) (audit.Date, string) { return parseISOTime(s, true) }},
	{"02.01.2006", "DD.MM.YYYY", parseDotted},
	{"2/1/2006", "D/M/YYYY", parseSlash},
}

// DateFormats returns the date formats a profile's date_formats may list, as Go layouts.
func DateFormats() []string {
	out := make([]string, len(dateLayouts))
	for i, l := range dateLayouts {
		out[i] = l.goLayout
	}
	return out
}

// humanDateFormats lists the formats for messages, each as users write it with the Go
// layout (also accepted) after it: "YYYY-MM-DD (2006-01-02), …".
func humanDateFormats() string {
	out := make([]string, len(dateLayouts))
	for i, l := range dateLayouts {
		out[i] = l.human + " (" + l.goLayout + ")"
	}
	return strings.Join(out, ", ") + "; D/M/YYYY is day first"
}

// lookupLayout finds a layout by its Go or human spelling.
func lookupLayout(s string) (dateLayout, bool) {
	for _, l := range dateLayouts {
		if s == l.goLayout || strings.EqualFold(s, l.human) {
			return l, true
		}
	}
	return dateLayout{}, false
}

// dateParser parses the date cells of one file.
type dateParser struct {
	layouts  []dateLayout
	serial   bool // Excel serial day numbers are dates (XLSX files)
	date1904 bool
}

// parse parses a non-empty, trimmed cell. On failure it returns a reason.
func (dp *dateParser) parse(s string) (audit.Date, string) {
	var first string
	for _, l := range dp.layouts {
		d, why := l.parse(s)
		if why == "" {
			return d, ""
		}
		if first == "" && why != errNoMatch {
			first = why
		}
	}
	if dp.serial {
		if y, m, d, ok := xlsxread.SerialDate(s, dp.date1904); ok {
			date := audit.DateOf(y, time.Month(m), d)
			if !date.Valid() {
				return audit.NoDate, fmt.Sprintf("the Excel date number %s is %s, outside 1900–2100", s, date)
			}
			return date, ""
		}
	}
	if first != "" {
		return audit.NoDate, first
	}
	return audit.NoDate, errNotAForm + dp.expected()
}

// errNotAForm starts the reason for a text in none of the profile's date forms.
const errNotAForm = "not a date in the form "

// expected lists the accepted forms for messages.
func (dp *dateParser) expected() string {
	forms := make([]string, 0, len(dp.layouts)+1)
	for _, l := range dp.layouts {
		forms = append(forms, l.human)
	}
	if dp.serial {
		forms = append(forms, "an Excel date cell")
	}
	if len(forms) == 1 {
		return forms[0]
	}
	return strings.Join(forms[:len(forms)-1], ", ") + " or " + forms[len(forms)-1] +
		" (the profile's date_formats)"
}

// errNoMatch is the reason for text whose shape does not fit a layout at all; a more
// specific reason from another layout (such as "day out of range") wins.
const errNoMatch = "no match"

func parseISO(s string) (audit.Date, string) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return audit.NoDate, errNoMatch
	}
	return ymd(s[0:4], s[5:7], s[8:10])
}

func parseCompact(s string) (audit.Date, string) {
	if len(s) != 8 {
		return audit.NoDate, errNoMatch
	}
	return ymd(s[0:4], s[4:6], s[6:8])
}

func parseISOTime(s string, seconds bool) (audit.Date, string) {
	n := 16
	if seconds {
		n = 19
	}
	if len(s) != n || s[10] != ' ' || s[13] != ':' || (seconds && s[16] != ':') {
		return audit.NoDate, errNoMatch
	}
	h, ok1 := digits(s[11:13])
	m, ok2 := digits(s[14:16])
	sec, ok3 := 0, true
	if seconds {
		sec, ok3 = digits(s[17:19])
	}
	if !ok1 || !ok2 || !ok3 {
		return audit.NoDate, errNoMatch
	}
	if h > 23 || m > 59 || sec > 59 {
		return audit.NoDate, "the time of day is out of range"
	}
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return audit.NoDate, errNoMatch
	}
	return ymd(s[0:4], s[5:7], s[8:10])
}

func parseDotted(s string) (audit.Date, string) {
	if len(s) != 10 || s[2] != '.' || s[5] != '.' {
		return audit.NoDate, errNoMatch
	}
	return ymd(s[6:10], s[3:5], s[0:2])
}

func parseSlash(s string) (audit.Date, string) {
	d, rest, ok := strings.Cut(s, "/")
	if !ok {
		return audit.NoDate, errNoMatch
	}
	m, y, ok := strings.Cut(rest, "/")
	if !ok || len(d) < 1 || len(d) > 2 || len(m) < 1 || len(m) > 2 || len(y) != 4 {
		return audit.NoDate, errNoMatch
	}
	return ymd(y, m, d)
}

// ymd validates and builds a date from digit strings.
func ymd(ys, ms, ds string) (audit.Date, string) {
	y, ok1 := digits(ys)
	m, ok2 := digits(ms)
	d, ok3 := digits(ds)
	if !ok1 || !ok2 || !ok3 {
		return audit.NoDate, errNoMatch
	}
	if m < 1 || m > 12 {
		return audit.NoDate, "the month is not 01–12"
	}
	if d < 1 || d > audit.DaysIn(y, time.Month(m)) {
		return audit.NoDate, "the day does not exist in that month"
	}
	date := audit.DateOf(y, time.Month(m), d)
	if !date.Valid() {
		return audit.NoDate, "the year is outside 1900–2100"
	}
	return date, ""
}

func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
