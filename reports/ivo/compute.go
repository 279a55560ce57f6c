package ivo

import (
	"cmp"
	"regexp"
	"slices"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
)

// Options control Compute. The zero value of every field is sensible.
type Options struct {
	Municipality string             // the kommun, printed on the report
	Namnd        string             // the nämnd that reports, e.g. "Socialnämnden"
	GeneratedAt  time.Time          // printed on the report; settable for reproducible output
	Lang         string             // "sv" (default) or "en"
	CommandLine  string             // printed on the Metod sheet
	Inputs       []audit.InputStats // the input files' row counts, for the Metod sheet
	Config       *Config            // nil: DefaultConfig()
}

// ivoCodeRE is IVO's pseudonym: ÅÅÅÅMMDD-T plus three digits, or -TF plus two digits.
var ivoCodeRE = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})-T(?:\d{3}|F\d{2})$`)

// ValidIVOCode reports whether s has the form of IVO's pseudonym (ÅÅÅÅMMDD-Txxx or
// ÅÅÅÅMMDD-TFxx) with a real date. A personnummer never passes.
func ValidIVOCode(s string) bool {
	m := ivoCodeRE.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	_, err := audit.ParseDate(m[1] + "-" + m[2] + "-" + m[3])
	return err == nil
}

// codeGender returns the kön an IVO code's last digit encodes: even kvinna, odd man.
func codeGender(code string) byte {
	if (code[len(code)-1]-'0')%2 == 0 {
		return 'K'
	}
	return 'M'
}

// PreliminaryAt reports whether a report of quarter q made at t is preliminary: made
// on or before the quarter's last day, in Swedish time.
func PreliminaryAt(q Quarter, t time.Time) bool {
	return audit.DateFromTime(t.In(stockholm())) <= q.End()
}

// Compute builds the report of quarter q from the cases of ds. Events dated after the
// quarter's last day are ignored. It is deterministic: rows are sorted, and the same
// dataset and quarter give the same report.
func Compute(ds *audit.Dataset, q Quarter, opt Options) *Report {
	cfg := opt.Config
	if cfg == nil {
		cfg = DefaultConfig()
	}
	r := &Report{
		Quarter: q, Municipality: opt.Municipality, Namnd: opt.Namnd, GeneratedAt: opt.GeneratedAt,
		Lang: opt.Lang, CommandLine: opt.CommandLine, Inputs: opt.Inputs, Config: cfg,
	}
	if !opt.GeneratedAt.IsZero() {
		r.Preliminary = PreliminaryAt(q, opt.GeneratedAt)
	}
	k := builtinCodes()
	var all [3][]Row // every row, persons with skyddade personuppgifter included
	for ci := range ds.Cases {
		c := &ds.Cases[ci]
		if slices.ContainsFunc(c.Events, func(e audit.Event) bool { return e.Code == k.beslut && e.Date <= q.End() }) {
			r.BeslutCases++
		}
		eps, beslut, caseIssues := caseEpisodes(c, k, q.End())
		rows, noReason := 0, false
		for i := range eps {
			e := &eps[i]
			l, first, ok := classify(e, q)
			if !ok {
				continue
			}
			row := makeRow(c, e, beslut, q, cfg)
			row.FirstReport = first && l == Closed
			all[l] = append(all[l], row)
			rows++
			noReason = noReason || row.Reason == ""
		}
		if rows == 0 && slices.Contains(caseIssues, IssueLaterBeslutOpen) {
			r.Issues = append(r.Issues, Issue{Kind: IssueLaterBeslutOpen, CaseID: issueCaseID(c)})
		}
		if rows > 0 {
			if noReason {
				caseIssues = append(caseIssues, IssueReasonMissing)
			}
			r.Issues = append(r.Issues, rowIssues(c, cfg, caseIssues)...)
			for _, u := range ds.UnreadOf(int32(ci)) {
				// A rejected row of an event the report is built from (its beslut,
				// verkställighet, avbrott, avslut, …) may change the case's row.
				if !k.has(u.Code) {
					continue
				}
				is := Issue{Kind: IssueRowRejected, CaseID: issueCaseID(c)}
				if is.CaseID != "" {
					is.Detail = ds.Where(u.Source) // a protected person's row is not pointed at
				}
				r.Issues = append(r.Issues, is)
			}
		}
	}
	for _, l := range Lists {
		sortRows(l, all[l])
		for _, row := range all[l] {
			if row.protected {
				r.Protected[l]++
				continue
			}
			r.Rows[l] = append(r.Rows[l], row)
		}
	}
	r.Stats = computeStats(all)
	slices.SortStableFunc(r.Issues, func(a, b Issue) int {
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		return cmp.Compare(a.CaseID, b.CaseID)
	})
	return r
}

// makeRow fills one individrapport from an episode.
func makeRow(c *audit.Case, e *episode, beslut *audit.Event, q Quarter, cfg *Config) Row {
	row := Row{
		CaseID: c.ID(), Gender: c.Gender, Insats: c.Insats.String(), Beslut: beslut.Date, Avbrott: audit.NoDate,
		Trigger: e.trigger(), Offers: e.offers, Ended: e.end, Closure: e.how, EndNote: e.endNote,
		Utforare: c.Utforare.String(), protected: c.Flags&audit.FlagSkyddad != 0,
	}
	if ValidIVOCode(c.IVOCode()) {
		row.IVOCode = c.IVOCode()
		if row.Gender == 0 {
			row.Gender = codeGender(c.IVOCode())
		}
	}
	row.Inriktning, _ = cfg.InriktningOf(c.Insats.String())
	if e.avbrott {
		row.Avbrott = e.start
	}
	end := e.end
	if end == audit.NoDate {
		end = q.End()
	}
	row.DaysWaited = int(end - e.start)
	var ok bool
	if row.Reason, ok = c.Detail(e.reasonEv, "skal"); !ok && e.avbrott {
		row.Reason, _ = c.Detail(beslut, "skal")
	}
	if row.protected {
		row.CaseID, row.Utforare = "", ""
	}
	return row
}

// issueCaseID is the case id an issue of c shows: none for a person with skyddade
// personuppgifter.
func issueCaseID(c *audit.Case) string {
	if c.Flags&audit.FlagSkyddad != 0 {
		return ""
	}
	return c.ID()
}

// rowIssues returns the data-quality problems of a case that has rows in the report.
func rowIssues(c *audit.Case, cfg *Config, kinds []IssueKind) []Issue {
	id := issueCaseID(c)
	var out []Issue
	add := func(k IssueKind, detail string) { out = append(out, Issue{Kind: k, CaseID: id, Detail: detail}) }
	switch {
	case c.IVOCode() == "":
		add(IssueIVOCodeMissing, "")
	case !ValidIVOCode(c.IVOCode()):
		add(IssueIVOCodeInvalid, "") // never the value: it may be a personnummer
	case c.Gender != 0 && c.Gender != codeGender(c.IVOCode()):
		add(IssueGenderMismatch, "")
	}
	if c.Gender == 0 && !ValidIVOCode(c.IVOCode()) {
		add(IssueGenderUnknown, "")
	}
	if _, ok := cfg.InriktningOf(c.Insats.String()); !ok {
		add(IssueInriktningUnknown, c.Insats.String())
	}
	for _, k := range kinds {
		add(k, "")
	}
	return out
}

// sortRows orders a list: new rows by the day they became reportable, the ongoing by
// how long they have waited (longest first), the closed by the day they closed.
func sortRows(l List, rows []Row) {
	key := func(r *Row) audit.Date {
		switch l {
		case New:
			return r.Trigger
		case Closed:
			return r.Ended
		}
		return r.Start() // longest waiting first
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		if c := cmp.Compare(key(&a), key(&b)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Beslut, b.Beslut); c != 0 {
			return c
		}
		return cmp.Compare(a.CaseID, b.CaseID)
	})
}

// stockholm returns the Swedish time zone, or UTC when the zone database is missing.
func stockholm() *time.Location {
	if loc, err := time.LoadLocation("Europe/Stockholm"); err == nil {
		return loc
	}
	return time.UTC
}
