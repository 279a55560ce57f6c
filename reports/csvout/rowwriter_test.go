package csvout

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports"
	"github.com/rutinkoll/rutinkoll/reports/reporttest"
)

// writeRecord is the reference: encoding/csv's Writer with its defaults.
func writeRecord(rec []string) string {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write(rec)
	cw.Flush()
	return b.String()
}

var rowCases = [][]string{
	{"a", "b", ""},
	{""},
	{"", ""},
	{`\.`, `\.x`, `x\.`},
	{"a,b", `say "hi"`, "line\nbreak", "cr\rhere", "crlf\r\nx"},
	{" leading", "\tTab", "\u00a0nbsp", "\u2003em", "trailing "},
	{"Hemtjänst Öst", "Åsa L", "Stöd & Omsorg i Solna AB"},
	{`"`, `""`, `,`, "\n"},
}

// TestRowWriterMatchesEncodingCSV: rows are byte for byte what encoding/csv writes.
func TestRowWriterMatchesEncodingCSV(t *testing.T) {
	for _, rec := range rowCases {
		var rw rowWriter
		for _, f := range rec {
			rw.field(f)
		}
		rw.end()
		if got, want := string(rw.buf), writeRecord(rec); got != want {
			t.Errorf("%q: got %q, encoding/csv %q", rec, got, want)
		}
	}
}

// FuzzRowWriter: any three fields are written exactly as encoding/csv writes them.
func FuzzRowWriter(f *testing.F) {
	for _, rec := range rowCases {
		f.Add(rec[0], rec[len(rec)-1], rec[len(rec)/2])
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		var rw rowWriter
		for _, s := range []string{a, b, c} {
			rw.field(s)
		}
		rw.end()
		if got, want := string(rw.buf), writeRecord([]string{a, b, c}); got != want {
			t.Fatalf("got %q, encoding/csv %q", got, want)
		}
	})
}

// referenceVerdicts is WriteVerdicts as it was written with encoding/csv.
func referenceVerdicts(r *reports.Report) string {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write(VerdictColumns)
	for i := range r.Result.Verdicts {
		v := &r.Result.Verdicts[i]
		c := &r.Dataset.Cases[v.Case]
		rule := r.Result.Rules[v.Rule]
		id, person := reports.CaseLabel(c)
		late, left, lead := "", "", ""
		switch v.Status {
		case audit.Sen, audit.Saknas:
			late = strconv.Itoa(int(v.Days))
		case audit.Pagaende:
			left = strconv.Itoa(int(v.Days))
		}
		if v.HasLead {
			lead = strconv.Itoa(int(v.LeadDays()))
		}
		dl, _ := rule.EffectiveDeadline()
		src := ""
		if v.Source.Line > 0 && !reports.Protected(c) {
			src = r.Dataset.Where(v.Source)
		}
		utf, enh := Safe(c.Utforare.String()), Safe(c.Enhet.String())
		if reports.Protected(c) {
			utf, enh = "", ""
		}
		cw.Write([]string{Safe(id), Safe(person), rule.ID, v.Status.Code(), v.Start.String(), v.Deadline.String(), v.EventDate.String(),
			late, left, dl.UnitName(), lead, utf, enh, r.Result.Reason(v), Safe(src)})
	}
	cw.Flush()
	return b.String()
}

// TestWriteVerdictsMatchesEncodingCSV: verdicts.csv is byte for byte what the
// encoding/csv version wrote, also for names that need quotes or a formula guard.
func TestWriteVerdictsMatchesEncodingCSV(t *testing.T) {
	r := reporttest.Fixture(t, 200)
	odd := []string{`Omsorg "Ö", AB`, " Hemtjänst", "=cmd", "-5", "rad\nbrytning", `\.`, "\u00a0x"}
	for i := range r.Dataset.Cases {
		c := &r.Dataset.Cases[i]
		switch i % 9 {
		case 1:
			c.Utforare = audit.MakeName(odd[i%len(odd)])
		case 2:
			c.Enhet = audit.MakeName(odd[(i+1)%len(odd)])
		case 3:
			c.SetID(odd[(i+2)%len(odd)])
		case 4:
			c.SetPerson(odd[(i+3)%len(odd)])
		}
	}
	for _, files := range [][]string{r.Dataset.Files, {"a,b.csv", "=x.csv", " c.csv"}} {
		r.Dataset.Files = files
		var b bytes.Buffer
		if err := WriteVerdicts(&b, r); err != nil {
			t.Fatal(err)
		}
		if got, want := b.String(), referenceVerdicts(r); got != want {
			t.Fatalf("files %q: verdicts.csv differs from the encoding/csv version", files)
		}
	}
}
