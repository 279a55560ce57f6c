package canonical

import (
	"bytes"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/fastcsv"
)

// rowTemplate is the row a block worker accepted last, taken apart for the rows after
// it: in a file grouped by case, a case's rows differ only in their event, date and
// registration date, the three columns in that order (as Columns has them). A row that
// begins with the template's prefix (every column before event, raw) and ends with its
// tail (every column after the registration date, raw) after those three is a row of
// the same case with the same values: it is read by templateRows without splitting it
// into fields, checking its text or looking its values up again. Any other row goes
// through the Reader and fastRow, and becomes the template when accepted.
type rowTemplate struct {
	ok      bool
	prefix  []byte // the raw line up to the event column (a slice of the block)
	tail    []byte // the raw line after the registration date, without the line ending
	details string // the row's details, "" when none (the details column is in prefix or tail)
}

// templated reports whether the file's columns allow templates: event, date and
// registered one after the other.
func templated(ix *rowIndex) bool {
	return ix[fEvent] >= 0 && ix[fDate] == ix[fEvent]+1 && ix[fRegistered] == ix[fEvent]+2
}

// setTemplate makes the row just accepted, fields read by r from data[start:end] (its
// line ending included), the template, when it is one line whose event, date and
// registration date are unquoted; details is the text its event got. In a line without
// quotes the fields lie one after the other, so their lengths place the columns (the
// fields' bytes may be the row before's, when shared); else r.FieldPos does.
func (w *blockWorker) setTemplate(r *fastcsv.Reader, data []byte, start, end int, fields [][]byte, details string) {
	w.tpl.ok = false
	line := fastcsv.TrimEOL(data[start:end])
	// Empty lines before the row, which the Reader skipped: "\n" or "\r\n".
	for n := lineEnding(line); n > 0; n = lineEnding(line) {
		line = line[n:]
	}
	if bytes.IndexByte(line, '\n') >= 0 || len(line) > 0 && line[len(line)-1] == '\r' {
		// A quoted field with a line break; or "\r\r\n", whose last field ends in a
		// '\r' that a row ending "\r\n" after the same text does not have.
		return
	}
	ev := w.fc.ix[fEvent]
	var p, t int // the event's start, the registration date's end
	if bytes.IndexByte(line, '"') < 0 {
		for _, f := range fields[:ev] {
			p += len(f) + 1
		}
		t = p + len(fields[ev]) + 1 + len(fields[ev+1]) + 1 + len(fields[ev+2])
	} else {
		_, col := r.FieldPos(ev)
		p, t = col-1, len(line)
		if next := ev + 3; next < w.fc.cols {
			_, col = r.FieldPos(next)
			t = col - 2
		}
	}
	if p < 0 || p > t || t > len(line) || bytes.IndexByte(line[p:t], '"') >= 0 {
		return // quoted: the Reader's positions are of the quotes
	}
	w.tpl = rowTemplate{ok: true, prefix: line[:p], tail: line[t:], details: details}
}

// templateRows reads the rows of data from off on that match the template, the first
// of them on line line+1, as rows of case w.cur, appending their events to events. It
// returns how many bytes and lines it read (0 when the row at off does not match) and
// events. A row matches when it is the template's prefix (which ends with the
// delimiter), an event code in the worker's table (plain ASCII, see codeTable.add), the
// delimiter, a valid date, the delimiter, an empty or valid registration date, the
// template's tail (empty, or the delimiter and the columns after) and "\n" or "\r\n".
// Every byte of it then is the template's, checked already, or a code or digits
// checked here; and the CSV reader would split it into the same fields, which hold the
// template row's values but for the three.
func (w *blockWorker) templateRows(res *blockResult, data []byte, off int, line int32, events []audit.Event) (n, lines int, out []audit.Event) {
	tpl := &w.tpl
	d := w.fc.comma
	cur := w.cur
	c := &res.cases[cur]
	start := off
	for {
		rest := data[off:]
		// The shortest row: prefix, a one-byte code, ';', a date, ';', tail, '\n'.
		if len(rest) < len(tpl.prefix)+len(tpl.tail)+14 || !bytes.Equal(rest[:len(tpl.prefix)], tpl.prefix) {
			break
		}
		i := len(tpl.prefix)
		j := bytes.IndexByte(rest[i:min(len(rest), i+maxCodeLen+1)], d)
		if j <= 0 {
			break
		}
		code, ok := w.codes.lookup(rest[i : i+j])
		if !ok {
			break
		}
		i += j + 1
		if len(rest) < i+11 || rest[i+10] != d {
			break
		}
		date, ok := parseDate(rest[i : i+10])
		if !ok {
			break
		}
		i += 11
		reg := audit.NoDate
		if len(rest) >= i+10 && rest[i] >= '0' && rest[i] <= '9' {
			if reg, ok = parseDate(rest[i : i+10]); !ok {
				break
			}
			i += 10
		}
		k := i + len(tpl.tail)
		if len(rest) <= k || !bytes.Equal(rest[i:k], tpl.tail) {
			break
		}
		eol := lineEnding(rest[k:])
		if eol == 0 {
			break
		}
		k += eol
		line++
		res.read++
		e := audit.Event{Code: code, File: uint16(w.fc.file), Date: date, Line: line}
		c.SetRegistered(&e, reg)
		if tpl.details != "" {
			c.SetDetails(&e, tpl.details)
		}
		// The row before was the case's, so its events stay consecutive.
		w.lastEvt[cur] = int32(len(events))
		events = append(events, e)
		w.owner = append(w.owner, cur)
		off += k
		lines++
	}
	if templateRead != nil {
		templateRead(lines)
	}
	return off - start, lines, events
}

// templateRead, when set (by tests), is told how many rows each run of templateRows
// read.
var templateRead func(rows int)

// maxCodeLen bounds the search for the end of an event code in templateRows: the
// shipped codes are far shorter, and a longer field is left to fastRow.
const maxCodeLen = 64

// lineEnding returns the length of the line ending rest begins with: 1 for "\n", 2
// for "\r\n", 0 for anything else.
func lineEnding(rest []byte) int {
	switch {
	case len(rest) > 0 && rest[0] == '\n':
		return 1
	case len(rest) > 1 && rest[0] == '\r' && rest[1] == '\n':
		return 2
	}
	return 0
}
