package profile

import (
	"fmt"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
)

// cellProblem is why a row's case-level cells reject it: the kind, the cell, its value
// and the reason.
type cellProblem struct {
	kind  audit.RejectKind
	f     field
	value string
	why   string
}

// caseCells reads and checks the case-level cells; a problem rejects the row.
func (im *importer) caseCells(fs *fileState, rec []string) (cr caseRow, prob *cellProblem) {
	pl := fs.plan
	if fs.strict && !fs.fits(rec) {
		return cr, &cellProblem{audit.RejectFieldCount, field{idx: -1}, "", audit.FieldCountReason(len(rec), fs.nHeader)}
	}
	cr.id = pl.caseID.cell(rec)
	if cr.id == "" {
		return cr, &cellProblem{audit.RejectNoCaseID, pl.caseID, "", fmt.Sprintf("%s (the case id) is empty; every row needs its case id", pl.caseID.header)}
	}
	if len(cr.id) > audit.MaxCaseText {
		return cr, &cellProblem{audit.RejectOther, pl.caseID, audit.Shorten(cr.id), audit.TooLongReason(pl.caseID.header+" (the case id)", len(cr.id))}
	}
	if raw := pl.flags.cell(rec); raw != "" {
		fl, why := parseFlags(pl, raw)
		if why != "" {
			return cr, &cellProblem{audit.RejectUnknownValue, pl.flags, raw, why}
		}
		cr.flags |= fl
	}
	if raw := pl.skyddad.cell(rec); raw != "" {
		yes, ok := false, false
		if pl.skyddadMap != nil {
			var to string
			if to, ok = pl.skyddadMap.lookup(raw); ok {
				yes = to == "ja"
			}
		}
		if !ok {
			yes, ok = parseYesNo(raw)
		}
		if !ok {
			return cr, &cellProblem{audit.RejectUnknownValue, pl.skyddad, raw, fmt.Sprintf("%s %q: expected Ja or Nej (skyddade personuppgifter); add the text under columns.skyddad.values in the profile if the export writes it differently", pl.skyddad.header, raw)}
		}
		if yes {
			cr.flags |= audit.FlagSkyddad
		}
	}
	skyddad := cr.flags&audit.FlagSkyddad != 0
	var pi personInfo
	if pl.person.idx >= 0 {
		raw := pl.person.cell(rec)
		switch {
		case raw == "" && !skyddad:
			return cr, &cellProblem{audit.RejectPersonnummer, pl.person, "", fmt.Sprintf("%s (the personnummer) is empty; every row needs the person's personnummer or samordningsnummer", pl.person.header)}
		case raw != "":
			if pi = im.persons.lookup(raw); pi.reason != "" {
				return cr, &cellProblem{audit.RejectPersonnummer, pl.person, hiddenNumber, pi.reason}
			}
		}
	}
	if isPersonnummer(cr.id, im.today) && (pl.person.idx < 0 || sameNumber(cr.id, pl.person.cell(rec), im.today)) {
		return cr, &cellProblem{audit.RejectPersonnummer, pl.caseID, hiddenNumber, fmt.Sprintf("%s (the case id) is a personnummer, and rutinkoll never stores personnummer; map case_id to the export's ärende, beslut or beställning number", pl.caseID.header)}
	}
	cr.pseudonym, cr.gender, cr.ivo = pi.pseudonym, pi.gender, pi.ivo
	if raw := pl.pseudo.cell(rec); raw != "" {
		if countDigits(raw) >= 10 && redact(raw, true, im.today) != raw {
			return cr, &cellProblem{audit.RejectPersonnummer, pl.pseudo, hiddenNumber, fmt.Sprintf("%s holds a personnummer, not a pseudonym; map the column as person: (not person_pseudonym:) so that it is pseudonymised", pl.pseudo.header)}
		}
		if len(raw) > audit.MaxCaseText && !skyddad && !im.protected(cr.id) { // a protected person's is not kept
			return cr, &cellProblem{audit.RejectOther, pl.pseudo, audit.Shorten(raw), audit.TooLongReason(pl.pseudo.header+" (the pseudonym)", len(raw))}
		}
		cr.pseudonym = raw
	}
	if cr.insats = pl.insats.cell(rec); cr.insats != "" && pl.insatsMap != nil {
		to, ok := pl.insatsMap.lookup(cr.insats)
		if !ok {
			return cr, &cellProblem{audit.RejectUnknownValue, pl.insats, cr.insats, unknownValue(pl.insats.header, cr.insats, pl.insatsMap.vm, "columns.insats")}
		}
		cr.insats = to
	}
	if raw := pl.gender.cell(rec); raw != "" {
		g, ok := byte(0), false
		if pl.genderMap != nil {
			var to string
			if to, ok = pl.genderMap.lookup(raw); ok {
				g = to[0]
			}
		}
		if !ok {
			g, ok = parseGender(raw)
		}
		if !ok {
			return cr, &cellProblem{audit.RejectUnknownValue, pl.gender, raw, fmt.Sprintf("%s %q: expected K (kvinna) or M (man); add the text under columns.gender.values in the profile if the export writes it differently", pl.gender.header, raw)}
		}
		cr.gender = g
	}
	if raw := pl.freq.cell(rec); raw != "" {
		name, ok := raw, false
		if pl.freqMap != nil {
			name, ok = pl.freqMap.lookup(raw)
		}
		if ok || pl.freqMap == nil {
			cr.freq, ok = audit.ParseFrequency(name)
		}
		if !ok {
			return cr, &cellProblem{audit.RejectUnknownValue, pl.freq, raw, fmt.Sprintf("%s %q is not a known frequency; map it under columns.frequency.values to one of %s", pl.freq.header, raw, strings.Join(audit.FrequencyNames(), ", "))}
		}
	}
	cr.utforare = im.clean(fs, pl.utforare.cell(rec))
	cr.enhet = im.clean(fs, pl.enhet.cell(rec))
	cr.kommun = im.clean(fs, pl.kommun.cell(rec))
	cr.details = im.details(fs, rec, pl.details, "")
	return cr, nil
}

// parseFlags reads a flags cell: the whole text through the value map, else each part
// separated by ',', ';' or '|' through the map or as a flag name.
func parseFlags(pl *plan, raw string) (audit.Flags, string) {
	one := func(s string) (audit.Flags, bool) {
		if pl.flagsMap != nil {
			if to, ok := pl.flagsMap.lookup(s); ok {
				if to == "-" {
					return 0, true
				}
				f, _ := audit.ParseFlag(to)
				return f, true
			}
		}
		return audit.ParseFlag(strings.ToLower(s))
	}
	if f, ok := one(raw); ok {
		return f, ""
	}
	var flags audit.Flags
	for _, part := range strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ';' || r == '|' }) {
		if part = trim(part); part == "" {
			continue
		}
		f, ok := one(part)
		if !ok {
			return 0, fmt.Sprintf("%s: %q is not a known flag; map it under columns.flags.values to one of %s (or - for none)", pl.flags.header, part, strings.Join(audit.FlagNames(), ", "))
		}
		flags |= f
	}
	return flags, ""
}

// clean makes free text safe for the Dataset: personnummer in it are replaced.
func (im *importer) clean(fs *fileState, s string) string {
	if s == "" || countDigits(s) < 10 {
		return s
	}
	r := redact(s, true, im.today)
	if r != s {
		fs.redacted++
	}
	return r
}

// details builds key=value|… from detail columns, appended to base. Details repeat
// across rows (an area, a source), so the strings are interned.
func (im *importer) details(fs *fileState, rec []string, ds []detailField, base string) string {
	if len(ds) == 0 {
		return base
	}
	buf := append(im.dbuf[:0], base...)
	for _, d := range ds {
		if v := d.f.cell(rec); v != "" {
			if len(buf) > 0 {
				buf = append(buf, '|')
			}
			buf = append(append(append(buf, d.key...), '='), detailValue(im.clean(fs, v))...)
		}
	}
	im.dbuf = buf
	if s, ok := im.interned[string(buf)]; ok {
		return s
	}
	s := string(buf)
	if len(im.interned) < maxInterned {
		im.interned[s] = s
	}
	return s
}

const maxInterned = 1 << 16

// fits reports whether rec has the header's number of fields, or as many more blank
// ones as the file's first fitting row has (an export that ends every row with the
// delimiter). A row with a blank field too many where that row has none is shifted: a
// text holds the delimiter and its last field happens to be empty. A row that does not
// fit (short, or with text after the header's fields) teaches nothing.
func (fs *fileState) fits(rec []string) bool {
	extra := len(rec) - fs.nHeader
	if extra < 0 || extra > 0 && !allBlank(rec[fs.nHeader:]) {
		return false
	}
	if fs.trailing < 0 {
		fs.trailing = extra
	}
	return extra == 0 || extra == fs.trailing
}
