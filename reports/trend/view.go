package trend

import (
	"strconv"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
)

// monthAbbrev are short month names for chart axes: {Swedish, English}.
var monthAbbrev = [12][2]string{
	{"jan", "Jan"}, {"feb", "Feb"}, {"mar", "Mar"}, {"apr", "Apr"}, {"maj", "May"}, {"jun", "Jun"},
	{"jul", "Jul"}, {"aug", "Aug"}, {"sep", "Sep"}, {"okt", "Oct"}, {"nov", "Nov"}, {"dec", "Dec"},
}

// view holds what both renderers print the same way.
type view struct {
	r *Report
	l labels
}

func newView(r *Report) *view { return &view{r: r, l: labelsFor(r.Lang)} }

func (v *view) title() string {
	if v.r.Extract != "" {
		return v.l.f("title_extract", v.r.Extract)
	}
	return v.l.get("title")
}

// refName names the reference: the municipality's average, or the others'.
func (v *view) refName() string {
	if v.r.Extract != "" {
		return v.l.get("reference_others")
	}
	return v.l.get("reference_all")
}

// span is "2026-01 – 2026-10".
func (v *view) span() string {
	return v.r.Months[0].Period() + " – " + v.r.Months[len(v.r.Months)-1].Period()
}

// source describes where the verdicts came from.
func (v *view) source() string {
	if v.r.Source.FromVerdicts {
		return v.l.get("source_files")
	}
	return v.l.f("source_recompute", v.r.Source.Asof)
}

func (v *view) generated() string {
	if v.r.GeneratedAt.IsZero() {
		return ""
	}
	return v.r.GeneratedAt.Format("2006-01-02 15:04")
}

func (v *view) orNotGiven(s string) string {
	if strings.TrimSpace(s) == "" {
		return v.l.get("not_given")
	}
	return s
}

// monthShort is the month's abbreviation for chart axes.
func (v *view) monthShort(m audit.Date) string { return monthAbbrev[m.Month()-1][v.l.lang] }

// pct formats a rate: "61,2 %" in Swedish, "61.2%" in English.
func (v *view) pct(rate float64, decimals int) string {
	s := strconv.FormatFloat(rate*100, 'f', decimals, 64)
	if v.r.Lang == "en" {
		return s + "%"
	}
	return strings.Replace(s, ".", ",", 1) + " %"
}

// decimal formats x with the language's decimal separator.
func (v *view) decimal(x float64, decimals int) string {
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	if v.r.Lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// rate formats c's rate, or a dash.
func (v *view) rate(c *Cell) string {
	if p, ok := c.Rate(); ok {
		return v.pct(p, 1)
	}
	return v.l.get("none")
}

// interval formats c's score interval as "52,1–71,0 %", or a dash.
func (v *view) interval(c *Cell) string {
	lo, hi, ok := v.r.Interval(c)
	if !ok {
		return v.l.get("none")
	}
	a := strconv.FormatFloat(lo*100, 'f', 1, 64)
	b := v.pct(hi, 1)
	if v.r.Lang != "en" {
		a = strings.Replace(a, ".", ",", 1)
	}
	return a + "–" + b
}

// num formats an integer with the language's thousands separator.
func (v *view) num(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 || n < 0 {
		return s
	}
	sep := " "
	if v.r.Lang == "en" {
		sep = ","
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (v *view) rank(p *Provider) string {
	if p.Rank == 0 {
		return v.l.get("none")
	}
	return strconv.Itoa(p.Rank)
}

// ruleTitle returns the rule's title, or a note that it is unknown.
func (v *view) ruleTitle(ru *RuleInfo) string {
	if !ru.Known {
		return v.l.get("method_unknown")
	}
	return ru.Title
}

// ruleHasVerdicts reports whether any verdict of rule ri is in the reference or the
// providers.
func (v *view) ruleHasVerdicts(ri int) bool {
	if v.r.Reference.Rules[ri].Total() > 0 {
		return true
	}
	for i := range v.r.Providers {
		if v.r.Providers[i].Rules[ri].Total() > 0 {
			return true
		}
	}
	return false
}
