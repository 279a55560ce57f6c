// Package ivo computes and renders the quarterly report of ej verkställda beslut to IVO
// (SoL 16 kap. 6 f §; the reference is data, see ivo.yaml): the gynnande beslut not
// verkställda within three months, and the verkställda insatser interrupted for three
// months, with the closing report once they are verkställda or avslutade, and the
// statistikrapport the nämnd gives kommunfullmäktige and the revisorer.
//
// A case's gynnande beslut is its beslut event; verkställighet is insats_paborjad
// (inflyttning for boende); avbrott and avbrott_slut mark an interruption; avslut
// closes the case; erbjudande and svar_nej are offers, and a declined offer does not
// close the case. The reason for the delay is the beslut (or avbrott) event's detail
// skal=…. Events after the quarter's last day are ignored, so a report of a past
// quarter is the same whenever it is run.
//
// Privacy: rows carry IVO's pseudonym (Case.IVOCode) and never a personnummer, a name
// or the case's own pseudonym in its place; persons with skyddade personuppgifter are
// never listed, only counted.
package ivo

import (
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
)

// List is one of the report's three lists.
type List uint8

// The lists of a quarter's report.
const (
	// New are beslut that became reportable during the quarter (their three months and
	// one day passed in it) and were still not verkställda at its end.
	New List = iota
	// Ongoing are beslut reportable before the quarter and still not verkställda at its
	// end: they are reported again, with all fields.
	Ongoing
	// Closed are reportable beslut verkställda or avslutade during the quarter: the
	// closing report, with the date and how.
	Closed
)

// Lists are the lists in report order.
var Lists = []List{New, Ongoing, Closed}

// Closure is how a reportable beslut stopped being ej verkställt.
type Closure uint8

// The closures.
const (
	Open         Closure = iota // still not verkställt at the quarter's end
	Verkstalld                  // the insats started (insats_paborjad)
	Aterupptagen                // an interrupted insats resumed (avbrott_slut or insats_paborjad)
	Avslutad                    // the case was closed (avslut) without verkställighet
)

// Offer is an offer of a place or start (erbjudande) and the person's answer.
type Offer struct {
	Date     audit.Date // erbjudande
	Declined audit.Date // svar_nej, or NoDate
	Accepted audit.Date // svar_ja, or NoDate
}

// Row is one individrapport: one reportable beslut (or interruption) of one case.
type Row struct {
	CaseID     string     // the verksamhetssystem's case id: shown in the xlsx only, for follow-up
	IVOCode    string     // IVO's pseudonym; "" when missing or invalid (printed as "saknas")
	Gender     byte       // 'K', 'M' or 0 (unknown)
	Insats     string     // insats code
	Inriktning string     // inriktning key of Config.Inriktningar, or "" when unmapped
	Beslut     audit.Date // datum för gynnande beslut
	Avbrott    audit.Date // the date verkställigheten was interrupted, or NoDate
	Trigger    audit.Date // the first day the beslut is reportable: start + 3 months + 1 day
	Offers     []Offer    // erbjudanden while the beslut was not verkställt
	Ended      audit.Date // verkställd or avslutad, or NoDate while open
	Closure    Closure    // how it ended; Open while not verkställt
	EndNote    string     // the avslut event's detail orsak=…, if any
	DaysWaited int        // from beslut (or avbrott) to Ended, or to the quarter's end while open
	Reason     string     // reason code or text (skal=…); "" when missing
	Utforare   string     // the utförare, if one is assigned
	// FirstReport marks a closed row that became reportable in this very quarter: its
	// first report is also its closing report.
	FirstReport bool
	protected   bool
}

// Start returns the day the wait began: the avbrott, or else the beslut.
func (r *Row) Start() audit.Date {
	if r.Avbrott != audit.NoDate {
		return r.Avbrott
	}
	return r.Beslut
}

// IssueKind is a kind of data-quality problem.
type IssueKind uint8

// The data-quality problems the report notes.
const (
	IssueIVOCodeMissing    IssueKind = iota + 1 // no IVO code: the row cannot be reported as is
	IssueIVOCodeInvalid                         // an IVO code not of the form ÅÅÅÅMMDD-Txxx / -TFxx
	IssueGenderMismatch                         // kön differs from the IVO code's parity
	IssueGenderUnknown                          // kön unknown
	IssueReasonMissing                          // no skal=… on the beslut event
	IssueInriktningUnknown                      // the insats has no inriktning in the configuration
	IssueSeveralBeslut                          // more than one beslut event: the first is used
	IssueAvbrottUnpaired                        // avbrott before verkställighet, or avbrott_slut without avbrott
	IssueRowRejected                            // a row of the case was rejected on import: a step may be missing
	IssueLaterBeslutOpen                        // a beslut after the first was verkställd has had no verkställighet for three months
)

// Issues lists every issue kind in report order.
var Issues = []IssueKind{IssueIVOCodeMissing, IssueIVOCodeInvalid, IssueGenderMismatch, IssueGenderUnknown,
	IssueReasonMissing, IssueInriktningUnknown, IssueSeveralBeslut, IssueLaterBeslutOpen, IssueAvbrottUnpaired, IssueRowRejected}

// Issue is one data-quality problem of one case. Problems of persons with skyddade
// personuppgifter carry no case id: they are counted only.
type Issue struct {
	Kind   IssueKind // what is wrong
	CaseID string    // "" for a person with skyddade personuppgifter
	Detail string    // e.g. the insats code without inriktning, or the rejected row's file:line; never an identity
}

// Report is one quarter's IVO report: the three lists, the statistics, the
// data-quality problems and the metadata renderers print.
type Report struct {
	Quarter      Quarter            // the quarter reported
	Municipality string             // the kommun
	Namnd        string             // the reporting nämnd
	GeneratedAt  time.Time          // printed on every page
	Lang         string             // "sv" (default) or "en"
	CommandLine  string             // printed on the Metod sheet
	Inputs       []audit.InputStats // the input files' row counts
	Config       *Config            // legal reference, windows, mapping and reasons used
	// Preliminary is true when the report was generated before the quarter ended:
	// the figures may still change.
	Preliminary bool
	// BeslutCases is the number of cases of the input with a beslut dated by the
	// quarter's last day. 0 means the input cannot show a beslut at all (an export
	// from a beställning system, or a profile that leaves the beslut out): the lists
	// are then empty for that reason, not because every beslut was verkställt.
	BeslutCases int

	Rows      [3][]Row   // indexed by List; persons with skyddade personuppgifter left out
	Protected [3]int     // rows of persons with skyddade personuppgifter, per list: counted only
	Stats     Statistics // the statistikrapport, protected persons included
	Issues    []Issue    // data-quality problems of the quarter's reportable cases
}

// List returns the rows of list l.
func (r *Report) List(l List) []Row { return r.Rows[l] }

// IssueCount returns the number of problems of kind k.
func (r *Report) IssueCount(k IssueKind) int {
	n := 0
	for _, is := range r.Issues {
		if is.Kind == k {
			n++
		}
	}
	return n
}
