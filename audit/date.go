package audit

import (
	"fmt"
	"time"
)

// Date is a civil calendar date without time or zone, stored as the number of days
// since 1970-01-01. Dates compare with < and > and subtract to a number of days, which
// keeps deadline arithmetic exact and allocation-free. The zero value is 1970-01-01;
// NoDate marks an absent date.
type Date int32

// NoDate marks a date that is absent (for example an event with no registration date).
const NoDate Date = -1 << 31

// MinDate and MaxDate bound the dates rutinkoll accepts (1900-01-01 and 2100-12-31).
var (
	MinDate = DateOf(1900, time.January, 1)
	MaxDate = DateOf(2100, time.December, 31)
)

// DateOf returns the date of year, month and day. Out-of-range months and days are
// normalised as time.Date does (February 30 becomes March 1 or 2).
func DateOf(year int, month time.Month, day int) Date {
	if month < time.January || month > time.December || day < 1 || day > 28 && day > DaysIn(year, month) {
		t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
		year, month, day = t.Date()
	}
	if i := (year-firstYear)*12 + int(month) - 1; uint(i) < uint(len(monthStart)-1) {
		return monthStart[i] + Date(day-1)
	}
	return daysFromCivil(year, month, day)
}

// daysFromCivil is the date of a valid year, month and day, after Howard Hinnant's
// algorithm: for any year, where DateOf looks dates from 1900 to 2100 up in monthStart.
func daysFromCivil(year int, month time.Month, day int) Date {
	y := year
	m := int(month)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Date(era*146097 + doe - 719468)
}

// DateFromTime returns the civil date of t in t's location.
func DateFromTime(t time.Time) Date {
	y, m, d := t.Date()
	return DateOf(y, m, d)
}

// Civil returns the year, month and day of d.
func (d Date) Civil() (year int, month time.Month, day int) {
	if i, ok := monthIndex(d); ok {
		return firstYear + i/12, time.Month(i%12 + 1), int(d-monthStart[i]) + 1
	}
	return d.civil()
}

// civil is Civil after Howard Hinnant's algorithm, for any date.
func (d Date) civil() (year int, month time.Month, day int) {
	z := int(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, time.Month(m), day
}

// Year returns d's year.
func (d Date) Year() int { y, _, _ := d.Civil(); return y }

// Month returns d's month.
func (d Date) Month() time.Month { _, m, _ := d.Civil(); return m }

// Day returns d's day of the month.
func (d Date) Day() int { _, _, day := d.Civil(); return day }

// Weekday returns d's day of the week.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	w := (int(d) + 4) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// Valid reports whether d is a real date within MinDate..MaxDate.
func (d Date) Valid() bool { return d != NoDate && d >= MinDate && d <= MaxDate }

// IsZero reports whether d is NoDate.
func (d Date) IsZero() bool { return d == NoDate }

// AddDays returns d plus n calendar days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// AddMonths returns the same day number n months later; where that month is shorter,
// its last day (2024-01-31 + 1 month = 2024-02-29).
func (d Date) AddMonths(n int) Date {
	if i, ok := monthIndex(d); ok {
		if j := i + n; j >= 0 && j < len(monthStart)-1 {
			return min(monthStart[j]+(d-monthStart[i]), monthStart[j+1]-1)
		}
	}
	return d.addMonthsCivil(n)
}

// addMonthsCivil is AddMonths by year, month and day, after Hinnant's algorithm: for
// dates and results outside monthStart.
func (d Date) addMonthsCivil(n int) Date {
	y, m, day := d.civil()
	total := y*12 + int(m) - 1 + n
	ny, nm := total/12, time.Month(total%12+1)
	if last := DaysIn(ny, nm); day > last {
		day = last
	}
	return daysFromCivil(ny, nm, day)
}

// firstYear is the year of monthStart's first month: MinDate's.
const firstYear = 1900

// monthStart holds the first day of every month from January 1900 to January 2101 (the
// month after MaxDate's), so that the dates of the audit's years convert to and from
// year, month and day with a lookup instead of divisions: month arithmetic is a good
// part of judging recurring rules and deadlines in months.
var monthStart = func() []Date {
	out := make([]Date, (2101-firstYear)*12+1)
	for i := range out {
		out[i] = daysFromCivil(firstYear+i/12, time.Month(i%12+1), 1)
	}
	return out
}()

// LookupDate returns the date of year, month and day, and true, when they name a real
// day from MinDate to MaxDate; NoDate and false otherwise (it does not normalise as
// DateOf does). One lookup: for parsers of dates by the million.
func LookupDate(year, month, day int) (Date, bool) {
	i := uint((year-firstYear)*12 + month - 1)
	if uint(month-1) > 11 || uint(day-1) > 30 || i >= uint(len(monthStart)-1) {
		return NoDate, false
	}
	if d := monthStart[i] + Date(day-1); d < monthStart[i+1] {
		return d, true
	}
	return NoDate, false
}

// monthIndex returns the index in monthStart of d's month, when d is within it.
func monthIndex(d Date) (int, bool) {
	if d < monthStart[0] || d >= monthStart[len(monthStart)-1] {
		return 0, false
	}
	// A month is 30.436875 days on average: the estimate is its index or the one before
	// or after.
	i := int(int64(d-monthStart[0]) * 10000 / 304369)
	if i >= len(monthStart)-1 {
		i = len(monthStart) - 2
	}
	for d < monthStart[i] {
		i--
	}
	for d >= monthStart[i+1] {
		i++
	}
	return i, true
}

// DaysIn returns the number of days in the month.
func DaysIn(year int, month time.Month) int {
	switch month {
	case time.April, time.June, time.September, time.November:
		return 30
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

// FirstOfMonth returns the first day of d's month.
func (d Date) FirstOfMonth() Date { y, m, _ := d.Civil(); return DateOf(y, m, 1) }

// LastOfMonth returns the last day of d's month.
func (d Date) LastOfMonth() Date { y, m, _ := d.Civil(); return DateOf(y, m, DaysIn(y, m)) }

// Period returns d's month as "YYYY-MM".
func (d Date) Period() string {
	y, m, _ := d.Civil()
	return fmt.Sprintf("%04d-%02d", y, int(m))
}

// String formats d as YYYY-MM-DD, or "" for NoDate.
func (d Date) String() string {
	if d == NoDate {
		return ""
	}
	var b [10]byte
	return string(d.AppendFormat(b[:0]))
}

// AppendFormat appends d as YYYY-MM-DD to b (nothing for NoDate).
func (d Date) AppendFormat(b []byte) []byte {
	if d == NoDate {
		return b
	}
	y, m, day := d.Civil()
	b = append(b, byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+int(m)/10), byte('0'+int(m)%10), '-')
	return append(b, byte('0'+day/10), byte('0'+day%10))
}

// Time returns d as midnight UTC.
func (d Date) Time() time.Time {
	y, m, day := d.Civil()
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
}

// ParseDate parses an ISO date (YYYY-MM-DD). The error echoes the value and the layout
// expected, like time.ParseError.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return NoDate, &DateError{Value: s, Reason: "expected YYYY-MM-DD"}
	}
	y, ok1 := atoi(s[0:4])
	m, ok2 := atoi(s[5:7])
	day, ok3 := atoi(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return NoDate, &DateError{Value: s, Reason: "expected YYYY-MM-DD with digits"}
	}
	if m < 1 || m > 12 {
		return NoDate, &DateError{Value: s, Reason: "month out of range"}
	}
	if day < 1 || day > DaysIn(y, time.Month(m)) {
		return NoDate, &DateError{Value: s, Reason: "day out of range"}
	}
	d := DateOf(y, time.Month(m), day)
	if !d.Valid() {
		return NoDate, &DateError{Value: s, Reason: "year outside 1900–2100"}
	}
	return d, nil
}

// MustDate parses an ISO date and panics on error; for tests and constants.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateError reports a date that could not be parsed.
type DateError struct {
	Value  string
	Reason string
}

func (e *DateError) Error() string {
	return fmt.Sprintf("invalid date %q: %s", e.Value, e.Reason)
}

func atoi(s string) (int, bool) {
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
