// Package profile imports the exports of verksamhetssystem (Magna Cura, Paraplysystemet,
// Lifecare, or any CSV or Excel list) into rutinkoll's audit.Dataset, guided by an
// import profile: a small YAML file that says which column holds what, how dates are
// written, and which of the export's texts mean which event code.
//
// A profile maps columns by header name (with aliases, matched without regard to case
// or white space), so column order does not matter. Two shapes of export are read:
//
//   - long: one row per event, with a column naming the event and a date column;
//   - wide: one row per case (beslut, beställning) with one date column per event.
//
// Import accounts for every unit read (see [Import] for what a unit is): it is imported,
// a duplicate, or rejected with file, line, column, header, value and a reason that says
// what to do. Personnummer are validated and replaced by keyed pseudonyms; they are
// never stored in the Dataset, and never appear in a rejection, an error or a report.
//
// The built-in profiles ([BuiltIn]) are documented in docs/profiles.md; [Check] tells
// whether a profile fits a real file before anything is imported.
package profile

import (
	"fmt"
	"strings"

	"github.com/rutinkoll/rutinkoll/importers/textenc"
)

// Format is the file format a profile reads.
type Format int

// The formats.
const (
	FormatAuto Format = iota // CSV or XLSX, recognised from the file's first bytes
	FormatCSV                // delimited text
	FormatXLSX               // Excel workbook
)

// String returns the name used in profiles: "auto", "csv" or "xlsx".
func (f Format) String() string {
	switch f {
	case FormatCSV:
		return "csv"
	case FormatXLSX:
		return "xlsx"
	}
	return "auto"
}

// Shape is how an export lays out events.
type Shape int

// The shapes.
const (
	ShapeLong Shape = iota + 1 // one row per event: an event column and a date column
	ShapeWide                  // one row per case: one date column per event
)

// String returns "long" or "wide".
func (s Shape) String() string {
	switch s {
	case ShapeLong:
		return "long"
	case ShapeWide:
		return "wide"
	}
	return ""
}

// Pos is a position in a profile file (1-based line and column).
type Pos struct {
	Line, Column int
}

// Column names one column of an export: its header and the other names the same
// column has in other versions of the export. Names match case-insensitively and with
// white space trimmed and collapsed.
type Column struct {
	Header   string
	Aliases  []string
	Values   *ValueMap // translation of the column's texts; nil when none
	Optional bool      // the column may be absent from a file (then read as empty)
	Pos      Pos       // where the column is named in the profile
}

// Names returns the header followed by the aliases.
func (c *Column) Names() []string { return append([]string{c.Header}, c.Aliases...) }

// Label returns the header, with the aliases in parentheses, for messages.
func (c *Column) Label() string {
	if len(c.Aliases) == 0 {
		return fmt.Sprintf("%q", c.Header)
	}
	q := make([]string, len(c.Aliases))
	for i, a := range c.Aliases {
		q[i] = fmt.Sprintf("%q", a)
	}
	return fmt.Sprintf("%q (or %s)", c.Header, strings.Join(q, ", "))
}

// ValueMap translates an export's texts in one column into rutinkoll's codes (an insats,
// an event, a frequency, a flag, K/M, or ja/nej). Keys match like headers: without
// regard to case or white space.
type ValueMap struct {
	From []string // the export's texts, as written in the profile
	To   []string // the codes, in the same order
	Pos  Pos

	index     map[string]string // normalised From → To
	positions []Pos             // of each To
}

// Lookup returns the code for an export's text.
func (m *ValueMap) Lookup(text string) (string, bool) {
	to, ok := m.index[normalize(text)]
	return to, ok
}

// Detail maps one details key (e.g. "omrade") to a column; its value is stored in the
// events' details as key=value.
type Detail struct {
	Key    string
	Column *Column
}

// Columns are the case-level columns of a profile, plus, for the long shape, the
// event, date and registration date columns.
type Columns struct {
	CaseID          *Column // required: the case (ärende, beslut, beställning) id
	Person          *Column // personnummer or samordningsnummer: validated, pseudonymised
	PersonPseudonym *Column // an already pseudonymous person id, stored as it is
	Insats          *Column
	Utforare        *Column
	Enhet           *Column
	Kommun          *Column // the municipality, when one export holds several
	Gender          *Column // K/M (or a value map to K/M); default: from the personnummer
	Frequency       *Column
	Flags           *Column // texts mapped to ny_kund, skyddad, extern_utforare
	Skyddad         *Column // a yes/no column: skyddade personuppgifter
	Details         []Detail

	Event      *Column // long shape: the event's text (Values map it to event codes)
	Date       *Column // long shape: the event's date
	Registered *Column // long shape: the date it was registered (optional)
}

// WideEvent is one event of a wide export: which code, from which date column(s).
type WideEvent struct {
	Code        string    // the event code, or "" when EventColumn decides it
	EventColumn *Column   // a column whose text (via its Values) gives the code per row
	Dates       []*Column // the date: the first non-empty of these columns
	Registered  *Column   // the registration date (optional)
	Details     []Detail  // details stored on this event only
	Pos         Pos
}

// Profile describes one kind of export. Build it with [Parse]; the zero value is not
// usable.
type Profile struct {
	Name        string
	Description string
	System      string // the verksamhetssystem, e.g. "Magna Cura"
	Format      Format
	Delimiter   rune // CSV delimiter; 0 means detect from the header line
	Encoding    textenc.Encoding
	Sheet       string // XLSX sheet name; "" means SheetIndex
	SheetIndex  int    // XLSX 1-based sheet number; 0 means the first sheet
	HeaderRow   int    // 1-based line (CSV) or row (XLSX) of the header
	DateFormats []string
	Shape       Shape
	Columns     Columns
	Events      []WideEvent // wide shape

	// Source is where the profile came from ("builtin:magnacura" or a file path) and
	// YAML its text, for `rutinkoll profiles show`.
	Source string
	YAML   []byte

	layouts []dateLayout
}

// Arg returns what --profile takes to name p again: the name of a built-in profile, or
// the path of a profile file.
func (p *Profile) Arg() string {
	if p.Source == "" || strings.HasPrefix(p.Source, "builtin:") {
		return p.Name
	}
	return p.Source
}

// String returns the profile's name and system.
func (p *Profile) String() string {
	if p.System != "" {
		return fmt.Sprintf("%s (%s)", p.Name, p.System)
	}
	return p.Name
}

// role is one mapped column of a profile, with the name used in messages.
type role struct {
	name  string // "case_id", "events[2].date", "details.omrade"
	col   *Column
	kind  roleKind
	event int // index into Events for wide roles; -1 otherwise
}

type roleKind int

const (
	roleText roleKind = iota
	roleDate
	rolePerson
	roleEventText
)

// roles lists every column the profile maps, in profile order.
func (p *Profile) roles() []role {
	var out []role
	add := func(name string, c *Column, k roleKind, ev int) {
		if c != nil {
			out = append(out, role{name: name, col: c, kind: k, event: ev})
		}
	}
	cs := &p.Columns
	add("case_id", cs.CaseID, roleText, -1)
	add("person", cs.Person, rolePerson, -1)
	add("person_pseudonym", cs.PersonPseudonym, roleText, -1)
	add("insats", cs.Insats, roleText, -1)
	add("utforare", cs.Utforare, roleText, -1)
	add("enhet", cs.Enhet, roleText, -1)
	add("kommun", cs.Kommun, roleText, -1)
	add("gender", cs.Gender, roleText, -1)
	add("frequency", cs.Frequency, roleText, -1)
	add("flags", cs.Flags, roleText, -1)
	add("skyddad", cs.Skyddad, roleText, -1)
	for _, d := range cs.Details {
		add("details."+d.Key, d.Column, roleText, -1)
	}
	add("event", cs.Event, roleEventText, -1)
	add("date", cs.Date, roleDate, -1)
	add("registered", cs.Registered, roleDate, -1)
	for i := range p.Events {
		e := &p.Events[i]
		where := fmt.Sprintf("events[%d] (%s)", i+1, e.label())
		add(where+".event", e.EventColumn, roleEventText, i)
		for j, d := range e.Dates {
			name := where + ".date"
			if len(e.Dates) > 1 {
				name = fmt.Sprintf("%s.date[%d]", where, j+1)
			}
			add(name, d, roleDate, i)
		}
		add(where+".registered", e.Registered, roleDate, i)
		for _, d := range e.Details {
			add(where+".details."+d.Key, d.Column, roleText, i)
		}
	}
	return out
}

// label names a wide event for messages: its code or its event column.
func (e *WideEvent) label() string {
	if e.Code != "" {
		return e.Code
	}
	if e.EventColumn != nil {
		return "event from " + e.EventColumn.Header
	}
	return "event"
}
