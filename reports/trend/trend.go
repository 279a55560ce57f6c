// Package trend follows utförare (LOV providers and egen regi) over months for the
// LOV unit's avtalsuppföljning: per utförare, rule and month the verdict counts and the
// compliance rate, with a Wilson 95 % score interval for every rate; a ranking that does
// not rank a small utförare as if it were large; and an extract for one utförare that
// names no other.
//
// The figures come from verdicts: either one evaluation at a brytdatum whose verdicts
// are placed in the month of their Verdict.Attribute (FromResult), or past months'
// verdicts.csv files (ReadVerdicts). Each (case, rule) counts once, in one month, so
// the months add up to the whole span.
package trend

import (
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/reports/stats"
)

// Observation is one verdict as the trend needs it.
type Observation struct {
	CaseID    string       // for counting distinct cases; never printed for a protected person
	Person    string       // pseudonym
	Utforare  string       // "" when the case has none (or is protected, in verdicts.csv)
	Rule      string       // rule id
	Status    audit.Status // the verdict
	Month     audit.Date   // first day of the month the verdict counts in; NoDate if unknown
	Deadline  audit.Date   // or NoDate
	EventDate audit.Date   // the date judged, or NoDate
	Days      int          // days late (sen, saknas) or left (pågående), in the rule's unit
	Protected bool         // skyddade personuppgifter: counted, never listed
}

// Source says where the verdicts came from, for the Metod sheet.
type Source struct {
	Asof         audit.Date // the brytdatum of the evaluation; NoDate when read from files
	Files        []string   // the input files, or the verdicts.csv files
	FromVerdicts bool       // read from verdicts.csv files rather than recomputed
}

// DefaultRoles are the responsible roles whose rules judge the utförare: a rule counts
// when its Responsible contains one of them (case-insensitively). Rules of the
// handläggare, boendesamordning or HMC do not judge the utförare and are left out
// unless Options.AllRules is set.
var DefaultRoles = stats.UtforareRoles

// Options control Compute. The zero value of every field but From and To is sensible.
type Options struct {
	From, To audit.Date // any day of the first and the last month of the span
	// MinJudged is the least number of judged verdicts (i tid + sen + saknas) behind a
	// rate for a difference to be established; 0 means 20.
	MinJudged int
	// Z is the normal quantile of the score intervals; 0 means 1.96 (95 %).
	Z float64
	// Roles select the rules (see DefaultRoles); nil means DefaultRoles.
	Roles []string
	// AllRules keeps every rule, whoever is responsible.
	AllRules bool
	// Utforare, when set, makes an extract for that utförare: its figures against the
	// anonymous average of all others, its own cases, and no other utförare's name.
	Utforare string

	Municipality string    // printed on the report
	Lang         string    // "sv" (default) or "en"
	GeneratedAt  time.Time // printed; settable for reproducible output
	CommandLine  string    // printed on the Metod sheet
	Source       Source    // where the verdicts came from
}

// RuleInfo describes a rule of the report.
type RuleInfo struct {
	ID          string // e.g. "SOL-BS-03"
	Title       string // Swedish title from the routine file
	Responsible string // the role the routine makes responsible
	Known       bool   // found among the routines loaded (verdicts.csv may name others)
	// Unit is what the rule's days late are counted in when not calendar days:
	// "vardagar" or "arbetsdagar"; "" for dagar.
	Unit string
}

// Cell holds the verdict counts of one utförare, rule or month.
type Cell struct {
	By    [7]int // indexed by audit.Status
	Cases int    // distinct cases with a judged verdict behind the rate
}

// Total returns the number of verdicts.
func (c *Cell) Total() int {
	n := 0
	for _, x := range c.By {
		n += x
	}
	return n
}

// Judged returns i tid + sen + saknas: the denominator of the rate.
func (c *Cell) Judged() int { return c.By[audit.ITid] + c.By[audit.Sen] + c.By[audit.Saknas] }

// Rate returns i tid / judged, and false when nothing was judged.
func (c *Cell) Rate() (float64, bool) {
	n := c.Judged()
	if n == 0 {
		return 0, false
	}
	return float64(c.By[audit.ITid]) / float64(n), true
}

func (c *Cell) add(s audit.Status) { c.By[s]++ }

// Provider is one utförare's figures, or the reference they are compared with.
type Provider struct {
	Name   string   // the utförare; "" for the reference
	Total  Cell     // every included rule, the whole span
	Months []Cell   // per month of Report.Months
	Rules  []Cell   // per rule of Report.Rules, the whole span
	Grid   [][]Cell // [rule][month]
	// Rank is the place in the ranking (1 = best; equal rates share a place), or 0
	// when the utförare is not ranked: too few judged verdicts, or none.
	Rank       int
	Comparison Comparison // Total against the reference's Total
}

// Report is the trend of every utförare, or the extract of one.
type Report struct {
	Months    []audit.Date // first day of each month of the span, in order
	Rules     []RuleInfo   // the rules counted, in routine order
	Excluded  []RuleInfo   // rules left out: not the utförare's responsibility
	Providers []Provider   // ranking order; in an extract only the utförare
	// Reference is what each utförare is compared with: the municipality's average (all
	// verdicts, including cases without an utförare) or, in an extract, the anonymous
	// average of all other utförare.
	Reference Provider
	Extract   string        // the utförare of an extract, or ""
	Others    int           // in an extract: how many other utförare the reference pools
	Cases     []Observation // in an extract: the utförare's verdicts, protected persons left out
	Protected int           // distinct cases with skyddade personuppgifter in the span (of the utförare, in an extract)
	// Verdicts not counted: outside the span, without a month (verdicts.csv rows of
	// ej tillämplig without dates), of a rule left out.
	Outside, Unplaced, OtherRules int
	NoUtforare                    int // verdicts of cases without utförare: in the reference only

	MinJudged    int       // see Options.MinJudged
	Z            float64   // see Options.Z
	AllRules     bool      // see Options.AllRules
	Roles        []string  // the roles whose rules count
	Municipality string    // printed on the report
	Lang         string    // "sv" (default) or "en"
	GeneratedAt  time.Time // printed on every page
	CommandLine  string    // printed on the Metod sheet
	Source       Source    // where the verdicts came from
}
