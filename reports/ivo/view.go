package ivo

import (
	"fmt"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
)

// view turns report values into the texts both renderers print, in the report's
// language, so that the workbook and the PDF always say the same.
type view struct {
	r *Report
	l labels
}

func newView(r *Report) *view { return &view{r: r, l: labelsFor(r.Lang)} }

func (v *view) lang() string { return v.r.Lang }

// ivoCode returns the row's IVO code, or "saknas": never anything else in its place.
func (v *view) ivoCode(row *Row) string {
	if row.IVOCode == "" {
		return v.l.get("missing")
	}
	return row.IVOCode
}

func (v *view) gender(g byte) string {
	switch g {
	case 'K', 'M':
		return v.l.get("gender_" + string(g))
	}
	return v.l.get("gender_0")
}

func (v *view) insats(code string) string { return v.r.Config.InsatsLabel(code, v.lang()) }

func (v *view) inriktning(key string) string {
	if key == "" {
		return v.l.get("inriktning_unknown")
	}
	return v.r.Config.InriktningLabel(key, v.lang())
}

func (v *view) reason(code string) string {
	if code == "" {
		return v.l.get("reason_missing")
	}
	return v.r.Config.ReasonLabel(code, v.lang())
}

// offers lists the offers with their answers: "2026-05-04 (nej 2026-05-05); 2026-06-10".
func (v *view) offers(row *Row) string {
	parts := make([]string, len(row.Offers))
	for i, o := range row.Offers {
		s := o.Date.String()
		switch {
		case o.Declined != audit.NoDate:
			s += " (" + v.l.f("offer_no", o.Declined) + ")"
		case o.Accepted != audit.NoDate:
			s += " (" + v.l.f("offer_yes", o.Accepted) + ")"
		}
		parts[i] = s
	}
	return strings.Join(parts, "; ")
}

// how says how a closed row closed, with the avslut reason and a first-report mark.
func (v *view) how(row *Row) string {
	if row.Closure == Open {
		return ""
	}
	s := v.l.get(fmt.Sprintf("closure_%d", row.Closure))
	if row.EndNote != "" {
		s += ": " + row.EndNote
	}
	if row.FirstReport {
		s += " (" + v.l.get("first_report") + ")"
	}
	return s
}

// period is the quarter's first and last day.
func (v *view) period() string {
	return v.r.Quarter.Start().String() + " – " + v.r.Quarter.End().String()
}

// window is the reporting window of the quarter, with the reminder to check it.
func (v *view) window() string {
	from, to, ok := v.r.Config.Window(v.r.Quarter)
	if !ok {
		return v.l.get("not_given")
	}
	return fmt.Sprintf("%s – %s (%s)", from, to, v.l.get("window_check"))
}

func (v *view) orNotGiven(s string) string {
	if strings.TrimSpace(s) == "" {
		return v.l.get("not_given")
	}
	return s
}

// generated formats the generation time.
func (v *view) generated() string {
	if v.r.GeneratedAt.IsZero() {
		return ""
	}
	return v.r.GeneratedAt.Format("2006-01-02 15:04")
}

// missingCodes counts the rows of list l without a valid IVO code.
func (v *view) missingCodes(l List) int {
	n := 0
	for i := range v.r.Rows[l] {
		if v.r.Rows[l][i].IVOCode == "" {
			n++
		}
	}
	return n
}

// issueSummary counts the issues of each kind: all of them, and those of persons
// with skyddade personuppgifter.
func (v *view) issueSummary() (all, protected map[IssueKind]int) {
	all, protected = map[IssueKind]int{}, map[IssueKind]int{}
	for _, is := range v.r.Issues {
		all[is.Kind]++
		if is.CaseID == "" {
			protected[is.Kind]++
		}
	}
	return all, protected
}
