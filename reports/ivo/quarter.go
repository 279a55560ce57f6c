package ivo

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
)

// Quarter is a calendar quarter, the period of one report to IVO.
type Quarter struct {
	Year int // e.g. 2026
	Q    int // 1–4
}

// QuarterError reports a quarter that could not be parsed; it echoes the value and
// the layout expected, like time.ParseError.
type QuarterError struct {
	Value  string // the text given
	Reason string // what is wrong with it
}

// Error formats the error with the value and an example of the layout.
func (e *QuarterError) Error() string {
	return fmt.Sprintf("invalid quarter %q: %s (expected YYYYQn such as 2026Q3)", e.Value, e.Reason)
}

// ParseQuarter parses "2026Q3" (also "2026q3" and "2026-Q3").
func ParseQuarter(s string) (Quarter, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	year, q, ok := strings.Cut(t, "Q")
	year = strings.TrimSuffix(year, "-")
	if !ok || len(year) != 4 || len(q) != 1 {
		return Quarter{}, &QuarterError{Value: s, Reason: "not of the form YYYYQn"}
	}
	y, err := strconv.Atoi(year)
	if err != nil || y < 1900 || y > 2100 {
		return Quarter{}, &QuarterError{Value: s, Reason: "year outside 1900–2100"}
	}
	n := int(q[0] - '0')
	if n < 1 || n > 4 {
		return Quarter{}, &QuarterError{Value: s, Reason: "quarter must be 1, 2, 3 or 4"}
	}
	return Quarter{Year: y, Q: n}, nil
}

// QuarterOf returns the quarter d falls in.
func QuarterOf(d audit.Date) Quarter {
	y, m, _ := d.Civil()
	return Quarter{Year: y, Q: (int(m)-1)/3 + 1}
}

// Start returns the quarter's first day.
func (q Quarter) Start() audit.Date { return audit.DateOf(q.Year, time.Month(3*q.Q-2), 1) }

// End returns the quarter's last day: the reporting date IVO's form asks about.
func (q Quarter) End() audit.Date { return q.Next().Start() - 1 }

// Next returns the following quarter (2026Q4 → 2027Q1).
func (q Quarter) Next() Quarter {
	if q.Q == 4 {
		return Quarter{Year: q.Year + 1, Q: 1}
	}
	return Quarter{Year: q.Year, Q: q.Q + 1}
}

// Prev returns the preceding quarter (2027Q1 → 2026Q4).
func (q Quarter) Prev() Quarter {
	if q.Q == 1 {
		return Quarter{Year: q.Year - 1, Q: 4}
	}
	return Quarter{Year: q.Year, Q: q.Q - 1}
}

// Contains reports whether d falls in the quarter.
func (q Quarter) Contains(d audit.Date) bool { return d >= q.Start() && d <= q.End() }

// String formats the quarter as "2026Q3".
func (q Quarter) String() string { return fmt.Sprintf("%04dQ%d", q.Year, q.Q) }
