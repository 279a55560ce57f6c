package synth

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/profile"
)

// DefaultAsof is the brytdatum used when Options.Asof is zero: the demo's, the 5th of a
// month, when last month's dates must be registered (GOT-08).
var DefaultAsof = audit.MustDate("2026-11-05")

// Options control Generate.
type Options struct {
	// Profile is the import profile whose format the export is written in. Required.
	Profile *profile.Profile
	// Routines are the routines the audit of the export will load; truth is made for
	// their rules that the export can express. Required.
	Routines []*audit.Routine
	// Vocabulary is the vocabulary the routines were loaded into. Required.
	Vocabulary *audit.Vocabulary
	// Cases is the number of cases with truth (junk rows come on top). At least 1.
	Cases int
	// Seed makes the output reproducible: the same options and seed give the same bytes.
	Seed uint64
	// Asof is the brytdatum the truth holds for; zero (or NoDate) means DefaultAsof.
	Asof audit.Date
	// Format is the file format to write: FormatAuto writes the profile's own format
	// (CSV for a profile that reads either); FormatXLSX or FormatCSV may be chosen for a
	// profile with format auto.
	Format profile.Format
	// BadRows is the number of junk rows the import must reject as a whole (unknown
	// insats, invalid personnummer, no case id, …). 0 means about one per 40 cases;
	// a negative number means none. Rejected single events inside real cases and
	// duplicate rows come on top, unless BadRows is negative.
	BadRows int
}

// Result is a generated export with its ground truth.
type Result struct {
	Profile  string         // the profile's name
	FileName string         // a name for the export: PROFILE-export.csv or .xlsx
	Format   profile.Format // FormatCSV or FormatXLSX
	Export   []byte         // the export file's content
	Asof     audit.Date
	Seed     uint64
	Cases    int

	// Truth is the verdict the audit must give for each (case, rule) pair the export
	// expresses, ordered by case, then rule in routine order.
	Truth []Truth
	// Rejections are the rejections the import must report, in file order.
	Rejections []Rejection
	// Expected is the accounting the import must report for the export (File is
	// FileName): Read = Imported + Rejected + Duplicates.
	Expected audit.InputStats
	// Coverage tells, per rule of the routines, whether truth was made and how many
	// verdicts of each status the truth holds.
	Coverage []RuleCoverage
	// Holidays counts, per weekday holiday, the truth rows whose deadline counting or
	// lateness passes it.
	Holidays map[string]int
}

// RuleCoverage is one rule's part of the truth.
type RuleCoverage struct {
	Rule      string
	Routine   string // the routine's id
	Supported bool
	Why       string   // why the rule has no truth, when not supported
	Counts    [7]int   // truth rows per audit.Status
	Holiday   int      // rows whose deadline counting or lateness passes a weekday holiday
	Statuses  []string // the status codes present, in report order
}

// Generate makes a synthetic export in opt.Profile's format and the truth for it.
func Generate(opt Options) (*Result, error) {
	if opt.Profile == nil {
		return nil, errors.New("synth: no profile given")
	}
	if opt.Vocabulary == nil {
		return nil, errors.New("synth: no vocabulary given")
	}
	if len(opt.Routines) == 0 {
		return nil, errors.New("synth: no routines given")
	}
	if opt.Cases < 1 {
		return nil, fmt.Errorf("synth: %d cases: at least 1 is needed", opt.Cases)
	}
	if opt.Asof == 0 || opt.Asof == audit.NoDate {
		opt.Asof = DefaultAsof
	}
	if !opt.Asof.Valid() || opt.Asof.Year() < 1902 || opt.Asof.Year() > 2099 {
		return nil, fmt.Errorf("synth: brytdatum %s is outside the years the generator can place cases in (1902–2099)", opt.Asof)
	}
	if err := opt.Profile.Validate(opt.Vocabulary); err != nil {
		return nil, fmt.Errorf("synth: profile %q does not fit the routines' event codes: %w", opt.Profile.Name, err)
	}
	format, err := chooseFormat(opt.Profile, opt.Format)
	if err != nil {
		return nil, err
	}
	g := newGen(opt)
	res := &Result{Profile: opt.Profile.Name, Format: format, Asof: opt.Asof, Seed: opt.Seed, Cases: opt.Cases}
	res.FileName = opt.Profile.Name + "-export." + format.String()
	if len(g.rules) == 0 {
		return nil, fmt.Errorf("synth: profile %q can express none of the rules of the routines loaded (%s)", opt.Profile.Name, g.unsupportedSummary())
	}
	for i := 0; i < opt.Cases; i++ {
		k, err := g.makeCase(i)
		if err != nil {
			return nil, err
		}
		g.cases = append(g.cases, k)
		res.Truth = append(res.Truth, k.truth...)
	}
	g.format = format
	g.makeJunk()
	tb := g.table()
	switch format {
	case profile.FormatXLSX:
		res.Export, err = tb.xlsx(opt.Profile)
	default:
		res.Export, err = tb.csv(opt.Profile)
	}
	if err != nil {
		return nil, fmt.Errorf("synth: writing the %s export: %w", opt.Profile.Name, err)
	}
	res.Rejections, res.Expected = tb.expectations(g.c.long)
	res.Expected.File = res.FileName
	res.Coverage = g.coverage(res.Truth)
	res.Holidays = map[string]int{}
	for _, t := range res.Truth {
		for _, h := range t.holidays {
			res.Holidays[h]++
		}
	}
	return res, nil
}

// chooseFormat decides the file format to write.
func chooseFormat(p *profile.Profile, want profile.Format) (profile.Format, error) {
	switch {
	case want == profile.FormatAuto && p.Format == profile.FormatXLSX:
		return profile.FormatXLSX, nil
	case want == profile.FormatAuto:
		return profile.FormatCSV, nil
	case p.Format == profile.FormatAuto || p.Format == want:
		return want, nil
	}
	return 0, fmt.Errorf("synth: profile %q reads %s files only, not %s", p.Name, p.Format, want)
}

// gen holds the state of one Generate call.
type gen struct {
	opt   Options
	asof  audit.Date
	c     *carrier
	vocab *audit.Vocabulary
	rules []*audit.Rule // supported rules, in routine order
	all   []RuleSupport

	used     map[audit.EventCode]bool // events some supported rule starts or ends at
	holidays map[audit.Date]string    // Swedish holidays near the brytdatum
	weekHol  []audit.Date             // those on Monday–Friday, sorted
	cases    []*kase
	junk     []*kase
	people   []persona // persons made so far (a few have two cases)

	lastConflict string         // why the last attempt at a case was retried
	conflicts    int            // attempts retried because placements got in each other's way
	format       profile.Format // the file format being written
}

func newGen(opt Options) *gen {
	g := &gen{opt: opt, asof: opt.Asof, vocab: opt.Vocabulary, used: map[audit.EventCode]bool{}, holidays: map[audit.Date]string{}}
	g.c = newCarrier(opt.Profile, opt.Vocabulary, knownInsats(opt.Routines))
	for _, rt := range opt.Routines {
		for _, r := range rt.Rules {
			why := g.c.unsupported(r)
			g.all = append(g.all, RuleSupport{Rule: r, Supported: why == "", Why: why})
			if why == "" {
				g.rules = append(g.rules, r)
				for _, x := range append(fromCodes(r), toCodes(r)...) {
					g.used[x] = true
				}
			}
		}
	}
	for y := g.asof.Year() - 2; y <= g.asof.Year()+1; y++ {
		for _, h := range audit.SwedishHolidays(y) {
			g.holidays[h.Date] = h.Name
			if wd := h.Date.Weekday(); wd >= 1 && wd <= 5 {
				g.weekHol = append(g.weekHol, h.Date)
			}
		}
	}
	sort.Slice(g.weekHol, func(i, j int) bool { return g.weekHol[i] < g.weekHol[j] })
	return g
}

// rng returns the random stream for one purpose of one case: the same seed always gives
// the same streams.
func (g *gen) rng(stream, index uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.opt.Seed^0x5eed5eed5eed5eed, stream<<40|index))
}

func (g *gen) unsupportedSummary() string {
	s := ""
	for i, rs := range g.all {
		if i == 6 {
			s += ", …"
			break
		}
		if i > 0 {
			s += "; "
		}
		s += rs.Rule.ID + ": " + rs.Why
	}
	return s
}

// coverage counts the truth per rule.
func (g *gen) coverage(truth []Truth) []RuleCoverage {
	idx := map[string]int{}
	var out []RuleCoverage
	for _, rs := range g.all {
		rc := RuleCoverage{Rule: rs.Rule.ID, Supported: rs.Supported, Why: rs.Why}
		if rs.Rule.Routine != nil {
			rc.Routine = rs.Rule.Routine.ID
		}
		idx[rs.Rule.ID] = len(out)
		out = append(out, rc)
	}
	for _, t := range truth {
		if i, ok := idx[t.Rule]; ok {
			out[i].Counts[t.Status]++
			if len(t.holidays) > 0 {
				out[i].Holiday++
			}
		}
	}
	for i := range out {
		for _, s := range audit.Statuses {
			if out[i].Counts[s] > 0 {
				out[i].Statuses = append(out[i].Statuses, s.Code())
			}
		}
	}
	return out
}
