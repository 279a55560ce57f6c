// Package xlsxcell writes typed cells with excelize for the workbooks:
// the shared cell styles, a sheet writer whose first error sticks, Excel dates and
// text made safe for a cell.
package xlsxcell

import (
	"strings"
	"unicode/utf8"

	"github.com/rutinkoll/rutinkoll/audit"
)

// ExcelEpoch is the difference between Excel's day 0 (1899-12-30, as the 1900 date
// system counts past its leap-year bug) and audit.Date's day 0 (1970-01-01).
const ExcelEpoch = 25569

// Date returns d as an Excel serial date, or nil (an empty cell) for NoDate.
func Date(d audit.Date) any {
	if d == audit.NoDate {
		return nil
	}
	return int(d) + ExcelEpoch
}

// CleanText makes s safe for a cell: invalid UTF-8 and the control characters XML
// cannot carry become U+FFFD. A clean s is returned as it is.
func CleanText(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || badRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if badRune(r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(s, string(utf8.RuneError)))
}

// badRune reports whether XML cannot carry r.
func badRune(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF
}

// Lines estimates how many lines s takes wrapped at perLine characters.
func Lines(s string, perLine int) int {
	n := 0
	for _, p := range strings.Split(s, "\n") {
		n += max(1, (utf8.RuneCountInString(p)+perLine-1)/perLine)
	}
	return n
}
