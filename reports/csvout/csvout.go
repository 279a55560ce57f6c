// Package csvout writes the machine-readable outputs of an audit: verdicts.csv (one
// row per case and rule), rejected.csv (every input row not imported) and summary.json
// (counts per rule and verdict). They are byte-for-byte the same for the same inputs
// and brytdatum, so two runs can be compared with diff.
package csvout

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
)

// VerdictColumns is the header of verdicts.csv.
var VerdictColumns = []string{"case_id", "person", "rule", "verdict", "start", "deadline", "event_date", "days_late", "days_left", "unit", "lead_days", "utforare", "enhet", "reason", "source"}

// WriteVerdicts writes one row per verdict of the evaluation, in order: also those the
// Result does not hold (audit.Result.All judges the cases again for them). Persons with
// skyddade personuppgifter get no case id or pseudonym. Cell text from input that
// starts with = + - @ is prefixed with ' so that a spreadsheet opening the file runs no
// formula. The rows are exactly what encoding/csv writes
// (TestWriteVerdictsMatchesEncodingCSV), built by appending to one buffer: an audit of
// a million cases has more than ten million rows.
func WriteVerdicts(w io.Writer, r *reports.Report) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	var row rowWriter
	for _, c := range VerdictColumns {
		row.field(c)
	}
	row.end()
	// A case's verdicts come together and repeat its fields, and reasons repeat: each
	// is checked and quoted once, then copied.
	var head, org []byte // the case's "id,person" and "utförare,enhet" as rendered
	lastCase := int32(-1)
	protected := false
	var rendered [][]byte // the run's reasons as rendered, by Note
	err := r.Result.All(func(vs []audit.Verdict, notes []string) error {
		if cap(rendered) > len(notes) {
			rendered = rendered[:len(notes)+1]
			clear(rendered)
		} else {
			rendered = make([][]byte, len(notes)+1)
		}
		for i := range vs {
			v := &vs[i]
			c := &r.Dataset.Cases[v.Case]
			rule := r.Result.Rules[v.Rule]
			if v.Case != lastCase {
				lastCase, protected = v.Case, reports.Protected(c)
				id, person := reports.CaseLabel(c)
				head = render(head, Safe(id), Safe(person))
				if protected {
					org = render(org, "", "")
				} else {
					org = render(org, Safe(c.Utforare.String()), Safe(c.Enhet.String()))
				}
			}
			row.raw(head, 2)
			row.field(rule.ID)
			row.field(v.Status.Code())
			row.date(v.Start)
			row.date(v.Deadline)
			row.date(v.EventDate)
			late := v.Status == audit.Sen || v.Status == audit.Saknas
			row.number(late, v.Days)
			row.number(v.Status == audit.Pagaende, v.Days)
			row.field(reports.UnitName(rule, c))
			row.number(v.HasLead, v.LeadDays())
			row.raw(org, 2)
			if n := int(v.Note); n > 0 && n <= len(notes) {
				if rendered[n] == nil {
					rendered[n] = render(nil, notes[n-1])
				}
				row.raw(rendered[n], 1)
			} else {
				row.field("")
			}
			if v.Source.Line > 0 && !protected {
				row.source(r.Dataset, v.Source)
			} else {
				row.field("")
			}
			row.end()
			if len(row.buf) >= 64<<10 {
				if _, err := bw.Write(row.buf); err != nil {
					return err
				}
				row.buf = row.buf[:0]
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := bw.Write(row.buf); err != nil {
		return err
	}
	return bw.Flush()
}

// rowWriter builds CSV rows exactly as encoding/csv's Writer writes them with its
// defaults (comma, \n line ends).
type rowWriter struct {
	buf    []byte
	fields int // fields in the current row
}

// field appends one field, quoted when encoding/csv would quote it.
func (rw *rowWriter) field(s string) {
	if rw.fields > 0 {
		rw.buf = append(rw.buf, ',')
	}
	rw.fields++
	if !needsQuotes(s) {
		rw.buf = append(rw.buf, s...)
		return
	}
	rw.buf = append(rw.buf, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			rw.buf = append(rw.buf, '"')
		}
		rw.buf = append(rw.buf, s[i])
	}
	rw.buf = append(rw.buf, '"')
}

// raw appends n fields that field rendered before (see render).
func (rw *rowWriter) raw(b []byte, n int) {
	if rw.fields > 0 {
		rw.buf = append(rw.buf, ',')
	}
	rw.fields += n
	rw.buf = append(rw.buf, b...)
}

// render returns fields as field writes them, separated by commas, in dst's memory.
func render(dst []byte, fields ...string) []byte {
	rw := rowWriter{buf: dst[:0]}
	for _, f := range fields {
		rw.field(f)
	}
	if rw.buf == nil {
		return []byte{} // a rendered empty field: not nil
	}
	return rw.buf
}

// date appends a date field (empty for NoDate) without a temporary string.
func (rw *rowWriter) date(d audit.Date) {
	if rw.fields > 0 {
		rw.buf = append(rw.buf, ',')
	}
	rw.fields++
	rw.buf = d.AppendFormat(rw.buf)
}

// number appends n, or an empty field when !present.
func (rw *rowWriter) number(present bool, n int32) {
	if rw.fields > 0 {
		rw.buf = append(rw.buf, ',')
	}
	rw.fields++
	if present {
		rw.buf = strconv.AppendInt(rw.buf, int64(n), 10)
	}
}

// source appends Safe(ds.Where(s)), without building the string when the file name
// needs neither quotes nor a formula guard.
func (rw *rowWriter) source(ds *audit.Dataset, s audit.Source) {
	if s.File < 0 || int(s.File) >= len(ds.Files) {
		rw.field(Safe(ds.Where(s)))
		return
	}
	name := ds.Files[s.File]
	if name == "" || needsQuotes(name) || Safe(name) != name {
		rw.field(Safe(ds.Where(s)))
		return
	}
	if rw.fields > 0 {
		rw.buf = append(rw.buf, ',')
	}
	rw.fields++
	rw.buf = append(rw.buf, name...)
	rw.buf = append(rw.buf, ':')
	rw.buf = strconv.AppendInt(rw.buf, int64(s.Line), 10)
}

// end ends the row.
func (rw *rowWriter) end() {
	rw.buf = append(rw.buf, '\n')
	rw.fields = 0
}

// needsQuotes is encoding/csv's rule for a comma-separated field.
func needsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n', '\r', '"', ',':
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// RejectedColumns is the header of rejected.csv.
var RejectedColumns = []string{"file", "line", "column", "field", "value", "reason", "kind"}

// WriteRejected writes every rejected input row; kind is audit.RejectKind's code
// (bad_date, unknown_event, …).
func WriteRejected(w io.Writer, rejected []audit.Rejection) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(RejectedColumns); err != nil {
		return err
	}
	for _, rj := range rejected {
		col := ""
		if rj.Column > 0 {
			col = strconv.Itoa(rj.Column)
		}
		if err := cw.Write([]string{Safe(rj.File), strconv.Itoa(rj.Line), col, rj.Field, Safe(rj.Value), Safe(rj.Reason), rj.Kind.Code()}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Safe neutralises text that a spreadsheet would run as a formula (CSV injection):
// a value starting with = + - @, tab or carriage return gets a leading apostrophe.
func Safe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Summary is the shape of summary.json.
type Summary struct {
	Period         string        `json:"period"`
	Asof           string        `json:"brytdatum"`
	Routines       []RoutineInfo `json:"routines"`
	Inputs         []Input       `json:"inputs"`
	Rows           RowCounts     `json:"rows"`
	Cases          int           `json:"cases"`
	ProtectedCases int           `json:"protected_cases"`
	Total          Counts        `json:"total"`
	Rules          []RuleCounts  `json:"rules"`
}

// RoutineInfo names a routine used.
type RoutineInfo struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Version string `json:"version"`
	File    string `json:"file"`
	Rules   int    `json:"rules"`
}

// Input accounts for one input file.
type Input struct {
	File       string `json:"file"`
	Read       int    `json:"read"`
	Imported   int    `json:"imported"`
	Rejected   int    `json:"rejected"`
	Duplicates int    `json:"duplicates"`
}

// RowCounts totals the input rows: read = imported + rejected + duplicates.
type RowCounts struct {
	Read       int `json:"read"`
	Imported   int `json:"imported"`
	Rejected   int `json:"rejected"`
	Duplicates int `json:"duplicates"`
}

// Counts are verdict counts and the compliance rate i tid / (i tid + sen + saknas);
// the rate is null when nothing was judged.
type Counts struct {
	ITid         int      `json:"i_tid"`
	Sen          int      `json:"sen"`
	Saknas       int      `json:"saknas"`
	Pagaende     int      `json:"pagaende"`
	EjTillamplig int      `json:"ej_tillamplig"`
	Datafel      int      `json:"datafel"`
	Rate         *float64 `json:"compliance_rate"`
}

// RuleCounts are one rule's counts.
type RuleCounts struct {
	Rule     string `json:"rule"`
	Title    string `json:"title"`
	Deadline string `json:"deadline"`
	Counts
	MedianLeadDays *int `json:"median_lead_days"`
	P90LeadDays    *int `json:"p90_lead_days"`
}

// BuildSummary computes the summary.json content from the report.
func BuildSummary(r *reports.Report) Summary {
	s := Summary{Period: r.Period, Asof: r.Asof.String(), Cases: r.Summary.Cases, ProtectedCases: r.Summary.Protected}
	for _, rt := range r.Routines {
		s.Routines = append(s.Routines, RoutineInfo{rt.ID, rt.Title, rt.Version, rt.File, len(rt.Rules)})
	}
	for _, in := range r.Inputs {
		s.Inputs = append(s.Inputs, Input{in.File, in.Read, in.Imported, in.Rejected, in.Duplicates})
		s.Rows.Read += in.Read
		s.Rows.Imported += in.Imported
		s.Rows.Rejected += in.Rejected
		s.Rows.Duplicates += in.Duplicates
	}
	s.Total = counts(&r.Summary.Total.By, r.Summary.Total.Rate)
	for i := range r.Summary.Rules {
		rs := &r.Summary.Rules[i]
		rc := RuleCounts{Rule: rs.Rule.ID, Title: rs.Rule.Title, Deadline: rs.Rule.DeadlineText(), Counts: counts(&rs.By, rs.Rate)}
		if med, p90, ok := rs.LeadTimes(); ok {
			rc.MedianLeadDays, rc.P90LeadDays = &med, &p90
		}
		s.Rules = append(s.Rules, rc)
	}
	return s
}

func counts(by *[7]int, rate func() (float64, bool)) Counts {
	c := Counts{ITid: by[audit.ITid], Sen: by[audit.Sen], Saknas: by[audit.Saknas], Pagaende: by[audit.Pagaende], EjTillamplig: by[audit.EjTillamplig], Datafel: by[audit.Datafel]}
	if v, ok := rate(); ok {
		v = float64(int(v*10000+0.5)) / 10000
		c.Rate = &v
	}
	return c
}

// WriteSummary writes summary.json.
func WriteSummary(w io.Writer, r *reports.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(BuildSummary(r))
}
