package audit

import (
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/se"
)

// Holiday is a day on which no deadline counts: a Swedish public holiday (lag 1989:253),
// one of the eves that lag 1930:173 treats like holidays, or a closed day a routine adds.
type Holiday struct {
	Date Date
	Name string // Swedish name, e.g. "midsommarafton"
}

// swedishHolidays are the days of lag 1989:253 plus midsommarafton, julafton and
// nyårsafton, as rickar/cal/v2/se computes them (Easter-based days from the Gregorian
// computus; midsommardagen and alla helgons dag as the Saturday in their ranges).
var swedishHolidays = []struct {
	h    *cal.Holiday
	name string
}{
	{se.Nyarsdagen, "nyårsdagen"},
	{se.TrettondedagJul, "trettondedag jul"},
	{se.Langfredagen, "långfredagen"},
	{se.Paskdagen, "påskdagen"},
	{se.AnnandagPask, "annandag påsk"},
	{se.ForstaMaj, "första maj"},
	{se.KristiHimmelfardsdag, "Kristi himmelsfärdsdag"},
	{se.Pingstdagen, "pingstdagen"},
	{se.Nationaldagen, "Sveriges nationaldag"},
	{se.Midsommarafton, "midsommarafton"},
	{se.Midsommardagen, "midsommardagen"},
	{se.AllaHelgonsDag, "alla helgons dag"},
	{se.Julafton, "julafton"},
	{se.Juldagen, "juldagen"},
	{se.AnnandagJul, "annandag jul"},
	{se.Nyarsafton, "nyårsafton"},
}

// holidayTable holds the Swedish holidays of 1900–2100, computed once.
var holidayTable struct {
	once  sync.Once
	names map[Date]string
}

func swedishHolidayNames() map[Date]string {
	holidayTable.once.Do(func() {
		m := make(map[Date]string, 201*len(swedishHolidays))
		for y := MinDate.Year(); y <= MaxDate.Year(); y++ {
			for _, sh := range swedishHolidays {
				actual, _ := sh.h.Calc(y)
				d := DateFromTime(actual)
				if prev, ok := m[d]; ok { // e.g. 1913: Kristi himmelfärd on första maj
					m[d] = prev + " / " + sh.name
					continue
				}
				m[d] = sh.name
			}
		}
		holidayTable.names = m
	})
	return holidayTable.names
}

// SwedishHolidays returns the holidays of year, sorted by date (1900–2100).
func SwedishHolidays(year int) []Holiday {
	var out []Holiday
	for d, name := range swedishHolidayNames() {
		if d.Year() == year {
			out = append(out, Holiday{Date: d, Name: name})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}

// Calendar decides which days count as vardagar when a deadline is counted. The zero
// value is not usable; use NewCalendar. A Calendar is safe for concurrent use once built.
//
// The base calendar is Swedish: Saturdays, Sundays, the public holidays of lag
// 1989:253 and midsommarafton, julafton and nyårsafton (lag 1930:173) are not vardagar.
// An arbetsdagar calendar adds a municipality's own closed days (klämdagar).
type Calendar struct {
	name   string
	closed map[Date]string // extra closed days beyond the Swedish holidays
	// bits has one bit per day from MinDate: set when the day is not a vardag.
	bits []uint64
}

// NewCalendar returns a Swedish calendar named name with extra closed days.
func NewCalendar(name string, extra []Holiday) *Calendar {
	c := &Calendar{name: name, closed: make(map[Date]string, len(extra))}
	for _, h := range extra {
		c.closed[h.Date] = h.Name
	}
	c.bits = slices.Clone(swedishClosed())
	for d := range c.closed {
		setClosed(c.bits, d)
	}
	return c
}

// swedishClosed returns one bit per day from MinDate to MaxDate, set on Saturdays,
// Sundays and Swedish holidays; made once, and copied by every calendar (a calendar
// used to look up every day of the 201 years in two maps: 2 ms at every start).
var swedishClosed = sync.OnceValue(func() []uint64 {
	n := int(MaxDate-MinDate) + 1
	bits := make([]uint64, (n+63)/64)
	for d := MinDate; d <= MaxDate; d++ {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			setClosed(bits, d)
		}
	}
	for d := range swedishHolidayNames() {
		setClosed(bits, d)
	}
	return bits
})

// setClosed sets d's bit in bits (see Calendar.bits) when d is in MinDate..MaxDate.
func setClosed(bits []uint64, d Date) {
	if d < MinDate || d > MaxDate {
		return
	}
	i := int(d - MinDate)
	bits[i/64] |= 1 << (i % 64)
}

var (
	vardagOnce sync.Once
	vardagCal  *Calendar
)

// Vardagar returns the shared Swedish vardag calendar with no extra closed days.
func Vardagar() *Calendar {
	vardagOnce.Do(func() { vardagCal = NewCalendar("vardagar", nil) })
	return vardagCal
}

// Name returns the calendar's name.
func (c *Calendar) Name() string { return c.name }

// ClosedDays returns the extra closed days, sorted by date.
func (c *Calendar) ClosedDays() []Holiday {
	out := make([]Holiday, 0, len(c.closed))
	for d, n := range c.closed {
		out = append(out, Holiday{Date: d, Name: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}

// IsVardag reports whether d is a day on which a deadline counts.
func (c *Calendar) IsVardag(d Date) bool {
	if d < MinDate || d > MaxDate {
		wd := d.Weekday()
		return wd != time.Saturday && wd != time.Sunday
	}
	i := int(d - MinDate)
	return c.bits[i/64]&(1<<(i%64)) == 0
}

// Why returns why d is not a vardag ("lördag", "söndag", a holiday's or closed day's
// name), or "" when it is one.
func (c *Calendar) Why(d Date) string {
	if c.IsVardag(d) {
		return ""
	}
	if n, ok := swedishHolidayNames()[d]; ok {
		return n
	}
	if n, ok := c.closed[d]; ok {
		return n
	}
	switch d.Weekday() {
	case time.Saturday:
		return "lördag"
	case time.Sunday:
		return "söndag"
	}
	return "stängd dag"
}

// AddVardagar returns the n-th vardag after d (n >= 1); n == 0 returns d.
func (c *Calendar) AddVardagar(d Date, n int) Date {
	for n > 0 {
		d++
		if c.IsVardag(d) {
			n--
		}
	}
	return d
}

// NextVardag returns d if it is a vardag, else the first vardag after it.
func (c *Calendar) NextVardag(d Date) Date {
	for !c.IsVardag(d) {
		d++
	}
	return d
}

// VardagarBetween counts the vardagar in (from, to]; negative when to is before from.
// Within MinDate..MaxDate it counts the closed days 64 at a time: days late and lead
// times span up to years, one day at a time they were a loop of hundreds of steps.
func (c *Calendar) VardagarBetween(from, to Date) int {
	if to < from {
		return -c.VardagarBetween(to, from)
	}
	if from == to {
		return 0
	}
	if from >= MinDate-1 && to <= MaxDate {
		return int(to-from) - c.closedIn(int(from+1-MinDate), int(to-MinDate))
	}
	n := 0
	for d := from + 1; d <= to; d++ {
		if c.IsVardag(d) {
			n++
		}
	}
	return n
}

// closedIn counts the days that are not vardagar among days a to b, counted from
// MinDate (0 ≤ a ≤ b ≤ MaxDate − MinDate).
func (c *Calendar) closedIn(a, b int) int {
	wa, wb := a/64, b/64
	lo := ^uint64(0) << (a % 64)
	hi := ^uint64(0) >> (63 - b%64)
	if wa == wb {
		return bits.OnesCount64(c.bits[wa] & lo & hi)
	}
	n := bits.OnesCount64(c.bits[wa] & lo)
	for _, w := range c.bits[wa+1 : wb] {
		n += bits.OnesCount64(w)
	}
	return n + bits.OnesCount64(c.bits[wb]&hi)
}

// ParseClosedDay builds a Holiday from an ISO date and a name; for configuration files.
func ParseClosedDay(date, name string) (Holiday, error) {
	d, err := ParseDate(date)
	if err != nil {
		return Holiday{}, fmt.Errorf("closed day: %w", err)
	}
	if name == "" {
		name = "stängd dag"
	}
	return Holiday{Date: d, Name: name}, nil
}
