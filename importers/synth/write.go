package synth

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/profile"
	"github.com/rutinkoll/rutinkoll/importers/textenc"
)

// hiddenNumber is how rejections show a personnummer (importers/profile).
const hiddenNumber = "[personnummer dolt]"

// cell is one value of the export.
type cell struct {
	text   string     // the text written (CSV, and Excel text cells)
	date   audit.Date // for a valid date: Excel writes most of them as date cells
	clock  int        // minutes after midnight, for a registration time; -1 for none
	isDate bool
}

// expect is a rejection a row must produce.
type expect struct {
	col   int // column index; -1 for the whole row
	value string
	kind  string
}

// row is one row of the export with what the import must make of it.
type row struct {
	cells   map[int]cell
	caseID  string
	rowWide *expect  // a case-level problem: every unit of the row is rejected for it
	events  []expect // event-level rejections (one unit each)
	dups    int      // units that are duplicates
	raw     string   // CSV: text with the delimiter appended unquoted, as a field too many
}

// table is the export before it is written as CSV or Excel.
type table struct {
	columns   []string // headers
	keys      map[string]int
	wideDates [][]int // per wide event: its date columns
	rows      []*row
	headerRow int
	dateFmt   string // Go layout of event dates
	regFmt    string // Go layout of registration dates
	r         *rand.Rand
	delim     rune
	style     int // which of the equivalent texts (K or Kvinna) this export uses
}

func (tb *table) col(key, header string) int {
	if i, ok := tb.keys[key]; ok {
		return i
	}
	for i, h := range tb.columns {
		if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(header)) {
			tb.keys[key] = i // one column serving two roles is written once
			return i
		}
	}
	tb.keys[key] = len(tb.columns)
	tb.columns = append(tb.columns, header)
	return len(tb.columns) - 1
}

// has reports whether the profile maps key.
func (tb *table) has(key string) bool { _, ok := tb.keys[key]; return ok }

// layouts maps the spellings date_formats accepts to Go layouts.
var layouts = map[string]string{
	"yyyy-mm-dd": "2006-01-02", "yyyymmdd": "20060102", "yyyy-mm-dd hh:mm": "2006-01-02 15:04",
	"yyyy-mm-dd hh:mm:ss": "2006-01-02 15:04:05", "dd.mm.yyyy": "02.01.2006", "d/m/yyyy": "2/1/2006",
}

func goLayout(s string) string {
	if l, ok := layouts[strings.ToLower(strings.TrimSpace(s))]; ok {
		return l
	}
	return s
}

// newTable lays out the profile's columns.
func (g *gen) newTable() *table {
	p := g.opt.Profile
	tb := &table{keys: map[string]int{}, headerRow: max(1, p.HeaderRow), r: g.rng(3, 0), delim: p.Delimiter}
	tb.style = tb.r.IntN(2)
	if tb.delim == 0 {
		tb.delim = ';'
	}
	tb.dateFmt, tb.regFmt = "2006-01-02", ""
	for i, f := range p.DateFormats {
		l := goLayout(f)
		if i == 0 {
			tb.dateFmt = l
		}
		if tb.regFmt == "" && strings.Contains(l, "15") {
			tb.regFmt = l
		}
	}
	if tb.regFmt == "" {
		tb.regFmt = tb.dateFmt
	}
	cs := &p.Columns
	add := func(key string, c *profile.Column) {
		if c != nil {
			tb.col(key, c.Header)
		}
	}
	add("case_id", cs.CaseID)
	add("person", cs.Person)
	add("person_pseudonym", cs.PersonPseudonym)
	add("insats", cs.Insats)
	add("utforare", cs.Utforare)
	add("enhet", cs.Enhet)
	add("kommun", cs.Kommun)
	add("gender", cs.Gender)
	add("frequency", cs.Frequency)
	add("flags", cs.Flags)
	add("skyddad", cs.Skyddad)
	for _, d := range cs.Details {
		add("details:"+d.Key, d.Column)
	}
	add("event", cs.Event)
	add("date", cs.Date)
	add("registered", cs.Registered)
	for i := range p.Events {
		e := &p.Events[i]
		add(fmt.Sprintf("w%d:event", i), e.EventColumn)
		var dates []int
		for j, d := range e.Dates {
			dates = append(dates, tb.col(fmt.Sprintf("w%d:date%d", i, j), d.Header))
		}
		tb.wideDates = append(tb.wideDates, dates)
		add(fmt.Sprintf("w%d:reg", i), e.Registered)
		for _, d := range e.Details {
			add(fmt.Sprintf("w%d:details:%s", i, d.Key), d.Column)
		}
	}
	// A column the profile does not use, as real exports have: free-text comments.
	extra := "Kommentar"
	for _, h := range tb.columns {
		if strings.EqualFold(h, extra) {
			extra = "Anteckning om ärendet"
		}
	}
	tb.col("extra", extra)
	return tb
}

// table builds the export's rows: the cases, with the junk rows spread among them.
func (g *gen) table() *table {
	tb := g.newTable()
	next := 0
	for i, k := range g.cases {
		g.caseRows(tb, k)
		for next < len(g.junk) && (next+1)*len(g.cases) <= (i+1)*(len(g.junk)+1) {
			g.caseRows(tb, g.junk[next])
			next++
		}
	}
	for ; next < len(g.junk); next++ {
		g.caseRows(tb, g.junk[next])
	}
	return tb
}

// caseCells returns the case-level cells, the same on every row of the case.
func (g *gen) caseCells(tb *table, k *kase) map[int]cell {
	r, c := tb.r, g.c
	cells := map[int]cell{}
	set := func(key, text string) {
		if i, ok := tb.keys[key]; ok && text != "" {
			cells[i] = cell{text: text, clock: -1}
		}
	}
	set("case_id", k.id)
	set("person", k.person.text())
	h := fnv.New64a()
	h.Write([]byte(k.person.number))
	set("person_pseudonym", fmt.Sprintf("P-%010X", h.Sum64()&0xFFFFFFFFFF))
	if c.freeInsats {
		set("insats", k.insats)
	} else if texts := c.insatsText[k.insats]; len(texts) > 0 {
		set("insats", pick(r, texts))
	}
	set("utforare", k.utforare)
	set("enhet", k.enhet)
	if tb.has("gender") {
		g := byte('M')
		if k.person.female {
			g = 'K'
		}
		texts := c.genderText[g]
		set("gender", texts[tb.style%len(texts)])
	}
	if k.freq != audit.FreqUnknown {
		set("frequency", pick(r, c.freqText[k.freq]))
	}
	var flags []string
	for _, f := range []audit.Flags{audit.FlagNyKund, audit.FlagExternUtforare} {
		if k.flags&f != 0 {
			flags = append(flags, pick(r, c.flagText[f]))
		}
	}
	switch {
	case len(flags) > 0 && c.p.Columns.Flags != nil && c.p.Columns.Flags.Values != nil:
		set("flags", strings.Join(flags, ", "))
	case len(flags) > 0:
		set("flags", strings.Join(flags, "|"))
	case c.noFlag != "" && r.Float64() < 0.3:
		set("flags", c.noFlag)
	}
	if r.Float64() < 0.8 {
		set("skyddad", c.skyddadNo)
	}
	for _, d := range c.p.Columns.Details {
		if d.Key == "omrade" {
			set("details:omrade", k.omrade)
		}
	}
	set("extra", k.kommentar)
	return cells
}

// dateCell is a valid event date.
func (tb *table) dateCell(d audit.Date) cell {
	return cell{text: d.Time().Format(tb.dateFmt), date: d, clock: -1, isDate: true}
}

// regCell is a valid registration date, with a time of day when the format has one.
func (tb *table) regCell(d audit.Date) cell {
	c := cell{date: d, clock: -1, isDate: true}
	t := d.Time()
	if strings.Contains(tb.regFmt, "15") {
		c.clock = 7*60 + tb.r.IntN(11*60)
		t = t.Add(time.Duration(c.clock) * time.Minute)
	}
	c.text = t.Format(tb.regFmt)
	return c
}

// badDateText writes a date that does not exist in layout: 30 February, 31 April or
// month 13.
func badDateText(layout string, year, variant int) string {
	bad := [3][2]int{{2, 30}, {4, 31}, {13, 5}}
	m, d := bad[variant%3][0], bad[variant%3][1]
	var b strings.Builder
	for i := 0; i < len(layout); {
		rest := layout[i:]
		switch {
		case strings.HasPrefix(rest, "2006"):
			fmt.Fprintf(&b, "%04d", year)
			i += 4
		case strings.HasPrefix(rest, "15"):
			b.WriteString("10")
			i += 2
		case strings.HasPrefix(rest, "04"):
			b.WriteString("15")
			i += 2
		case strings.HasPrefix(rest, "05"):
			b.WriteString("00")
			i += 2
		case strings.HasPrefix(rest, "01"):
			fmt.Fprintf(&b, "%02d", m)
			i += 2
		case strings.HasPrefix(rest, "02"):
			fmt.Fprintf(&b, "%02d", d)
			i += 2
		case rest[0] == '1':
			fmt.Fprintf(&b, "%d", m)
			i++
		case rest[0] == '2':
			fmt.Fprintf(&b, "%d", d)
			i++
		default:
			b.WriteByte(rest[0])
			i++
		}
	}
	return b.String()
}

// eventText returns a text for code in its column: one of the profile's texts, or the
// code itself.
func (g *gen) eventText(tb *table, code audit.EventCode) string {
	if s := g.c.slots[code]; s != nil && len(s.texts) > 0 {
		return pick(tb.r, s.texts)
	}
	return g.vocab.Name(code)
}

// unknownText makes a text from a known one that the profile does not know.
func unknownText(known string) string { return known + " (makulerad)" }

type rowEvent struct {
	code audit.EventCode
	date audit.Date
	reg  audit.Date
	bad  *badEvent
	dup  bool
}

// caseEvents lists the events a case writes, by date.
func (g *gen) caseEvents(k *kase) []rowEvent {
	var evs []rowEvent
	for _, e := range k.ev {
		evs = append(evs, rowEvent{code: e.code, date: e.date, reg: e.reg})
		for _, d := range k.dups {
			if d == e.code {
				evs = append(evs, rowEvent{code: e.code, date: e.date, reg: e.reg, dup: true})
			}
		}
	}
	for i := range k.bad {
		b := &k.bad[i]
		evs = append(evs, rowEvent{code: b.code, date: b.date, reg: audit.NoDate, bad: b})
	}
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := evs[i], evs[j]
		switch {
		case a.date != b.date:
			return a.date < b.date
		case g.rankOf(a.code) != g.rankOf(b.code):
			return g.rankOf(a.code) < g.rankOf(b.code)
		case a.code != b.code:
			return a.code < b.code
		}
		return !a.dup && b.dup
	})
	return evs
}

// caseRows appends the rows of a case (or a junk row) to the table.
func (g *gen) caseRows(tb *table, k *kase) {
	base := g.caseCells(tb, k)
	evs := g.caseEvents(k)
	variant := 0
	if g.c.long {
		for _, e := range evs {
			rw := &row{cells: copyCells(base), caseID: k.id}
			text := g.eventText(tb, e.code)
			date := tb.dateCell(e.date)
			var reg *cell
			if e.reg != audit.NoDate && tb.has("registered") {
				c := tb.regCell(e.reg)
				reg = &c
			}
			if b := e.bad; b != nil {
				switch {
				case b.kind == badEventText:
					text = unknownText(text)
					rw.events = append(rw.events, expect{col: tb.keys["event"], value: text, kind: "unknown_event"})
				case b.kind == badRegistered && tb.has("registered"):
					c := cell{text: badDateText(tb.regFmt, b.date.Year(), variant), clock: -1}
					reg = &c
					rw.events = append(rw.events, expect{col: tb.keys["registered"], value: c.text, kind: "bad_registered"})
				default:
					date = cell{text: badDateText(tb.dateFmt, b.date.Year(), variant), clock: -1}
					rw.events = append(rw.events, expect{col: tb.keys["date"], value: date.text, kind: "bad_date"})
				}
				variant++
			}
			rw.cells[tb.keys["event"]] = cell{text: text, clock: -1}
			rw.cells[tb.keys["date"]] = date
			if reg != nil {
				rw.cells[tb.keys["registered"]] = *reg
			}
			if e.dup {
				rw.dups = 1
			}
			g.junkCells(tb, k, rw)
			tb.rows = append(tb.rows, rw)
		}
		return
	}
	rw := &row{cells: copyCells(base), caseID: k.id}
	boende := k.insats == "vard_och_omsorgsboende" || k.insats == "korttidsboende"
	for _, e := range evs {
		s := g.c.slots[e.code]
		w := s.wide
		dates := tb.wideDates[w]
		at := len(dates) - 1 // the later columns (verkställighetsdatum) for most insatser
		if boende || len(dates) == 1 {
			at = 0 // the first (inflyttningsdatum) for boende
		}
		date := tb.dateCell(e.date)
		regKey := fmt.Sprintf("w%d:reg", w)
		evKey := fmt.Sprintf("w%d:event", w)
		var reg *cell
		if e.reg != audit.NoDate && tb.has(regKey) {
			c := tb.regCell(e.reg)
			reg = &c
		}
		if tb.has(evKey) {
			rw.cells[tb.keys[evKey]] = cell{text: g.eventText(tb, e.code), clock: -1}
		}
		if b := e.bad; b != nil {
			switch {
			case b.kind == badEventText && tb.has(evKey):
				t := unknownText(rw.cells[tb.keys[evKey]].text)
				rw.cells[tb.keys[evKey]] = cell{text: t, clock: -1}
				rw.events = append(rw.events, expect{col: tb.keys[evKey], value: t, kind: "unknown_event"})
			case b.kind == badRegistered && tb.has(regKey):
				c := cell{text: badDateText(tb.regFmt, b.date.Year(), variant), clock: -1}
				reg = &c
				rw.events = append(rw.events, expect{col: tb.keys[regKey], value: c.text, kind: "bad_registered"})
			default:
				date = cell{text: badDateText(tb.dateFmt, b.date.Year(), variant), clock: -1}
				rw.events = append(rw.events, expect{col: dates[at], value: date.text, kind: "bad_date"})
			}
			variant++
		}
		rw.cells[dates[at]] = date
		if at == 0 && e.bad == nil {
			for _, later := range dates[1:] {
				if tb.r.Float64() < 0.7 {
					rw.cells[later] = date // the verkställighetsdatum repeats the inflyttning
				}
			}
		}
		if reg != nil {
			rw.cells[tb.keys[regKey]] = *reg
		}
	}
	g.junkCells(tb, k, rw)
	tb.rows = append(tb.rows, rw)
}

func copyCells(m map[int]cell) map[int]cell {
	out := make(map[int]cell, len(m)+4)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// units counts the import units of a row: 1 in the long shape; in the wide shape one
// per event with a date filled in, or 1 for a row with none.
func (tb *table) units(rw *row, long bool) int {
	if long {
		return 1
	}
	n := 0
	for _, dates := range tb.wideDates {
		for _, i := range dates {
			if c, ok := rw.cells[i]; ok && c.text != "" {
				n++
				break
			}
		}
	}
	return max(n, 1)
}

// expectations returns the rejections and the accounting the import must report.
func (tb *table) expectations(long bool) ([]Rejection, audit.InputStats) {
	var rej []Rejection
	var st audit.InputStats
	for i, rw := range tb.rows {
		line := tb.headerRow + 1 + i
		n := tb.units(rw, long)
		st.Read += n
		st.Duplicates += rw.dups
		mk := func(e expect) Rejection {
			r := Rejection{Line: line, Value: e.value, Kind: e.kind, CaseID: rw.caseID}
			if e.col >= 0 {
				r.Column, r.Field = e.col+1, tb.columns[e.col]
			}
			return r
		}
		if rw.rowWide != nil {
			for range n {
				rej = append(rej, mk(*rw.rowWide))
			}
			continue
		}
		for _, e := range rw.events {
			rej = append(rej, mk(e))
		}
	}
	st.Rejected = len(rej)
	st.Imported = st.Read - st.Rejected - st.Duplicates
	return rej, st
}

// csv writes the table as delimited text in the profile's encoding.
func (tb *table) csv(p *profile.Profile) ([]byte, error) {
	var b strings.Builder
	d := string(tb.delim)
	field := func(s string) string {
		if strings.ContainsAny(s, d+"\"\r\n") || strings.TrimSpace(s) != s {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
		return s
	}
	for i := 1; i < tb.headerRow; i++ {
		b.WriteString(field(fmt.Sprintf("Listutdrag %d (rutinkoll generate)", i)) + "\r\n")
	}
	for i, h := range tb.columns {
		if i > 0 {
			b.WriteString(d)
		}
		b.WriteString(field(h))
	}
	b.WriteString("\r\n")
	for _, rw := range tb.rows {
		for i := range tb.columns {
			if i > 0 {
				b.WriteString(d)
			}
			b.WriteString(field(rw.cells[i].text))
		}
		if rw.raw != "" {
			b.WriteString(d + rw.raw)
		}
		b.WriteString("\r\n")
	}
	return encode(b.String(), p.Encoding)
}

// encode converts UTF-8 text to enc.
func encode(s string, enc textenc.Encoding) ([]byte, error) {
	var e *encoding.Encoder
	switch enc {
	case textenc.Windows1252:
		e = charmap.Windows1252.NewEncoder()
	case textenc.ISO88591:
		e = charmap.ISO8859_1.NewEncoder()
	case textenc.UTF16:
		e = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder()
	default:
		return []byte(s), nil
	}
	out, err := e.Bytes([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("encoding as %s: %w", enc, err)
	}
	return out, nil
}

// xlsx writes the table as an Excel workbook: most dates as date cells, some as text.
func (tb *table) xlsx(p *profile.Profile) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Export"
	if p.Sheet != "" {
		sheet = p.Sheet
	}
	first := f.GetSheetName(0)
	n := max(1, p.SheetIndex)
	if p.Sheet != "" {
		n = 1
	}
	for i := 1; i < n; i++ {
		name := fmt.Sprintf("Info %d", i)
		if i == 1 {
			if err := f.SetSheetName(first, name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		if err := f.SetCellValue(name, "A1", "Exporterad med rutinkoll generate"); err != nil {
			return nil, err
		}
	}
	if n == 1 {
		if err := f.SetSheetName(first, sheet); err != nil {
			return nil, err
		}
	} else if _, err := f.NewSheet(sheet); err != nil {
		return nil, err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return nil, err
	}
	timeStyle, err := f.NewStyle(&excelize.Style{NumFmt: 22})
	if err != nil {
		return nil, err
	}
	setRow := func(r int, vals []any) error {
		ref, err := excelize.CoordinatesToCellName(1, r)
		if err != nil {
			return err
		}
		return f.SetSheetRow(sheet, ref, &vals)
	}
	for i := 1; i < tb.headerRow; i++ {
		if err := setRow(i, []any{"Listutdrag (rutinkoll generate)"}); err != nil {
			return nil, err
		}
	}
	head := make([]any, len(tb.columns))
	for i, h := range tb.columns {
		head[i] = h
	}
	if err := setRow(tb.headerRow, head); err != nil {
		return nil, err
	}
	for ri, rw := range tb.rows {
		r := tb.headerRow + 1 + ri
		for ci := range tb.columns {
			c, ok := rw.cells[ci]
			if !ok || c.text == "" {
				continue
			}
			ref, err := excelize.CoordinatesToCellName(ci+1, r)
			if err != nil {
				return nil, err
			}
			if c.isDate && tb.r.Float64() < 0.8 {
				t := c.date.Time()
				style := dateStyle
				if c.clock >= 0 {
					t, style = t.Add(time.Duration(c.clock)*time.Minute), timeStyle
				}
				if err := f.SetCellValue(sheet, ref, t); err != nil {
					return nil, err
				}
				if err := f.SetCellStyle(sheet, ref, ref, style); err != nil {
					return nil, err
				}
				continue
			}
			if err := f.SetCellStr(sheet, ref, c.text); err != nil {
				return nil, err
			}
		}
	}
	idx, err := f.GetSheetIndex(sheet)
	if err != nil {
		return nil, err
	}
	f.SetActiveSheet(idx)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
