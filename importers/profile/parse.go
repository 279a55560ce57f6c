package profile

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/yamlpos"
	"github.com/rutinkoll/rutinkoll/importers/textenc"
)

// Parse reads a profile from YAML. name is used in messages (a file path, or
// "builtin:magnacura"). The profile is checked strictly: unknown fields, wrong types,
// unknown date formats, flags and frequencies are all reported at once as [Problems]
// with line and column. Event codes are checked against a vocabulary later, by
// [Profile.Validate] (routine files may add codes), or by [ParseWith].
func Parse(name string, data []byte) (*Profile, error) {
	return ParseWith(name, data, nil)
}

// ParseWith is [Parse] that also checks the profile's event codes against vocab (when
// not nil), as [Profile.Validate] does, reporting unknown codes together with every
// other problem instead of after they are fixed.
func ParseWith(name string, data []byte, vocab *audit.Vocabulary) (*Profile, error) {
	w := &walker{file: name}
	root := w.document(data)
	if root == nil {
		return nil, w.problems
	}
	p := &Profile{Source: name, YAML: append([]byte(nil), data...), HeaderRow: 1}
	m := w.mapping(root, "profile", "name", "description", "system", "format", "delimiter", "encoding",
		"sheet", "header_row", "date_formats", "shape", "columns", "events")

	p.Name = w.str(m["name"].val, "name")
	switch {
	case m["name"].val == nil:
		w.errorf(root, "profile: field 'name' is missing (a short name such as \"magnacura\", used with --profile)")
	case !isSlug(p.Name, "-_"):
		w.errorf(m["name"].val, "name: %q must be lower-case letters a–z, digits, '-' or '_' (it is typed after --profile)", p.Name)
	}
	p.Description = w.str(m["description"].val, "description")
	p.System = w.str(m["system"].val, "system")
	w.format(p, m)
	w.csvOptions(p, m)
	w.sheet(p, m["sheet"].val)
	if n := m["header_row"].val; n != nil {
		if err := n.Decode(&p.HeaderRow); err != nil || n.Kind != yaml.ScalarNode || p.HeaderRow < 1 {
			w.errorf(n, "header_row: expected the line or row number of the header (1 or more), found %s", yamlpos.KindName(n))
			p.HeaderRow = 1
		}
	}
	w.dateFormats(p, m["date_formats"])
	switch s := w.str(m["shape"].val, "shape"); s {
	case "long":
		p.Shape = ShapeLong
	case "wide":
		p.Shape = ShapeWide
	case "":
		w.errorf(root, "profile: field 'shape' is missing: write shape: long (one row per event) or shape: wide (one row per case, one date column per event)")
	default:
		w.errorf(m["shape"].val, "shape: %q is not a shape; write long (one row per event) or wide (one row per case, one date column per event)", s)
	}
	if m["columns"].val == nil {
		w.errorf(root, "profile: field 'columns' is missing; it maps case_id and the other fields to the export's headers")
	} else {
		w.columns(p, m["columns"].val)
	}
	w.events(p, m["events"])
	w.checkShape(p, root, m)
	if vocab != nil {
		p.checkEvents(w, vocab)
	}
	if len(w.problems) > 0 {
		return nil, w.problems.Sorted()
	}
	return p, nil
}

func (w *walker) format(p *Profile, m map[string]keyed) {
	switch s := strings.ToLower(w.str(m["format"].val, "format")); s {
	case "", "auto":
		p.Format = FormatAuto
	case "csv", "text", "txt":
		p.Format = FormatCSV
	case "xlsx", "excel":
		p.Format = FormatXLSX
	default:
		w.errorf(m["format"].val, "format: %q is not a format; write csv, xlsx or auto", s)
	}
}

func (w *walker) csvOptions(p *Profile, m map[string]keyed) {
	if n := m["delimiter"].val; n != nil {
		raw := n.Value
		switch strings.ToLower(strings.TrimSpace(raw)) {
		case "auto", "":
			if raw != "" && strings.TrimSpace(raw) == "" {
				w.errorf(n, "delimiter: a space is not a supported delimiter; write auto, \";\", \",\", tab or \"|\"")
			}
		case ";":
			p.Delimiter = ';'
		case ",":
			p.Delimiter = ','
		case "tab", `\t`:
			p.Delimiter = '\t'
		case "|":
			p.Delimiter = '|'
		default:
			if raw == "\t" {
				p.Delimiter = '\t'
				break
			}
			w.errorf(n, "delimiter: %q is not supported; write auto, \";\", \",\", tab or \"|\" (quote ; and , in YAML)", raw)
		}
		if p.Format == FormatXLSX {
			w.errorf(m["delimiter"].key, "delimiter: only CSV files have a delimiter; remove it or set format: csv")
		}
	}
	if n := m["encoding"].val; n != nil {
		enc, err := textenc.ParseEncoding(w.str(n, "encoding"))
		if err != nil {
			w.errorf(n, "encoding: %q is not supported; write auto, utf-8, utf-16, windows-1252 or iso-8859-1", n.Value)
		}
		p.Encoding = enc
		if p.Format == FormatXLSX {
			w.errorf(m["encoding"].key, "encoding: Excel files carry their own encoding; remove it or set format: csv")
		}
	}
}

func (w *walker) sheet(p *Profile, n *yaml.Node) {
	if n == nil {
		return
	}
	s := w.str(n, "sheet")
	if i, err := strconv.Atoi(s); err == nil {
		if i < 1 {
			w.errorf(n, "sheet: sheet numbers start at 1, found %d", i)
		}
		p.SheetIndex = i
	} else {
		p.Sheet = s
	}
	if p.Format == FormatCSV {
		w.errorf(n, "sheet: only Excel files have sheets; remove it or set format: xlsx")
	}
}

func (w *walker) dateFormats(p *Profile, kv keyed) {
	if kv.val == nil {
		l, _ := lookupLayout("2006-01-02")
		p.DateFormats, p.layouts = []string{l.goLayout}, []dateLayout{l}
		return
	}
	for _, n := range w.list(kv.val, "date_formats") {
		s := w.str(n, "date_formats")
		l, ok := lookupLayout(s)
		if !ok {
			msg := fmt.Sprintf("date_formats: %q is not a supported date format; supported: %s", s, humanDateFormats())
			switch u := strings.ToUpper(s); {
			case strings.Contains(s, "01/02") || strings.HasPrefix(s, "1/2") || strings.HasPrefix(u, "MM/") || strings.HasPrefix(u, "M/"):
				msg += " (month/day order is not supported: rutinkoll never guesses day and month)"
			case strings.HasPrefix(u, "DD/MM/") || strings.HasPrefix(u, "D/M/") || strings.HasPrefix(s, "02/01/"):
				msg += `; for a day-first date with '/' write "D/M/YYYY", which also reads 05/03/2026 (5 March)`
			}
			w.errorf(n, "%s", msg)
			continue
		}
		if contains(p.DateFormats, l.goLayout) {
			w.errorf(n, "date_formats: %q is listed twice", s)
			continue
		}
		p.DateFormats = append(p.DateFormats, l.goLayout)
		p.layouts = append(p.layouts, l)
	}
	if len(p.DateFormats) == 0 && len(w.problems) == 0 {
		w.errorf(kv.val, "date_formats: list at least one date format, e.g. [\"2006-01-02\"]")
	}
}

// checkShape checks that the fields fit the shape.
func (w *walker) checkShape(p *Profile, root *yaml.Node, m map[string]keyed) {
	cs := &p.Columns
	switch p.Shape {
	case ShapeLong:
		if m["events"].key != nil {
			w.errorf(m["events"].key, "events: a long profile reads events from columns.event and columns.date; 'events' is for shape: wide")
		}
		if cs.Event == nil && m["columns"].val != nil {
			w.errorf(m["columns"].val, "columns: 'event' is missing: a long profile needs the column that names each row's event")
		}
		if cs.Date == nil && m["columns"].val != nil {
			w.errorf(m["columns"].val, "columns: 'date' is missing: a long profile needs the column with each row's event date")
		}
		for _, c := range []*Column{cs.Event, cs.Date} {
			if c != nil && c.Optional {
				w.errorAt(c.Pos, "columns: the event and date columns of a long profile cannot be optional")
			}
		}
	case ShapeWide:
		if len(p.Events) == 0 {
			w.errorf(root, "profile: a wide profile needs 'events': a list of {event: code, date: column}")
		}
		for _, c := range []*Column{cs.Event, cs.Date, cs.Registered} {
			if c != nil {
				w.errorAt(c.Pos, "columns: event, date and registered are for shape: long; a wide profile names them per event under 'events'")
			}
		}
	}
}

// isSlug reports whether s is non-empty lower-case ASCII letters and digits plus the
// characters in extra.
func isSlug(s, extra string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte(extra, c) >= 0) {
			return false
		}
	}
	return true
}
