package profile

import (
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
)

// field is a profile column bound to a file: its 0-based index (-1 when the column is
// not mapped or, being optional, absent) and its header as the file writes it.
type field struct {
	idx    int
	header string
}

// column returns the 1-based column for rejections (0 when absent).
func (f field) column() int { return f.idx + 1 }

// cell returns the trimmed text of f in rec ("" when absent).
func (f field) cell(rec []string) string {
	if f.idx < 0 || f.idx >= len(rec) {
		return ""
	}
	return trim(rec[f.idx])
}

// trim is strings.TrimSpace that also removes no-break spaces, which Excel exports keep.
func trim(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "\u00a0") || strings.HasSuffix(s, "\u00a0") {
		s = strings.TrimSpace(strings.Trim(s, "\u00a0"))
	}
	return s
}

type detailField struct {
	key string
	f   field
}

// wideField is a WideEvent bound to a file.
type wideField struct {
	label      string
	code       audit.EventCode // fixed code, or NoEvent when eventCol decides
	eventCol   field
	eventMap   *mapper
	dates      []field
	registered field
	details    []detailField
}

// plan is a profile bound to one file's header.
type plan struct {
	caseID, person, pseudo, insats, utforare, enhet, kommun, gender, freq, flags, skyddad field
	details                                                                               []detailField
	insatsMap, genderMap, freqMap, flagsMap, skyddadMap                                   *mapper

	event, date, registered field // long shape
	eventMap                *mapper
	wide                    []wideField
}

// compile binds the profile's columns to a header.
func (im *importer) compile(b *binding, header []string) *plan {
	idxOf := make(map[*Column]int, len(im.roles))
	for r, ro := range im.roles {
		idxOf[ro.col] = b.index[r]
	}
	f := func(c *Column) field {
		if c == nil {
			return field{idx: -1}
		}
		i, ok := idxOf[c]
		if !ok || i < 0 {
			return field{idx: -1, header: c.Header}
		}
		return field{idx: i, header: strings.TrimSpace(header[i])}
	}
	details := func(ds []Detail) []detailField {
		var out []detailField
		for _, d := range ds {
			out = append(out, detailField{key: d.Key, f: f(d.Column)})
		}
		return out
	}
	cs := &im.p.Columns
	pl := &plan{
		caseID: f(cs.CaseID), person: f(cs.Person), pseudo: f(cs.PersonPseudonym),
		insats: f(cs.Insats), utforare: f(cs.Utforare), enhet: f(cs.Enhet), kommun: f(cs.Kommun), gender: f(cs.Gender),
		freq: f(cs.Frequency), flags: f(cs.Flags), skyddad: f(cs.Skyddad), details: details(cs.Details),
		insatsMap: newMapper(cs.Insats), genderMap: newMapper(cs.Gender), freqMap: newMapper(cs.Frequency),
		flagsMap: newMapper(cs.Flags), skyddadMap: newMapper(cs.Skyddad),
		event: f(cs.Event), date: f(cs.Date), registered: f(cs.Registered), eventMap: newMapper(cs.Event),
	}
	for i := range im.p.Events {
		e := &im.p.Events[i]
		wf := wideField{label: e.label(), eventCol: f(e.EventColumn), eventMap: newMapper(e.EventColumn),
			registered: f(e.Registered), details: details(e.Details)}
		if e.Code != "" {
			wf.code, _ = im.vocab.Lookup(e.Code) // checked by Validate
		}
		for _, d := range e.Dates {
			wf.dates = append(wf.dates, f(d))
		}
		pl.wide = append(pl.wide, wf)
	}
	return pl
}
