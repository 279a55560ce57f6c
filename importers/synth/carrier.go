package synth

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/profile"
)

// slot is an event code the export can carry, and how.
type slot struct {
	code  audit.EventCode
	texts []string // long shape, or a wide event column: the texts that mean the code
	wide  int      // index into Profile.Events (wide shape); -1 in the long shape
	reg   bool     // a registration date can be written for it
}

// carrier describes what an export in a profile's format can hold: which events (with
// or without a registration date), insatser, frequencies and flags.
type carrier struct {
	p     *profile.Profile
	vocab *audit.Vocabulary
	long  bool

	slots map[audit.EventCode]*slot

	insats     []string            // insats codes that can be written, in a stable order
	insatsText map[string][]string // insats code → export texts ("" key absent: write the code)
	freeInsats bool                // the insats column has no value map: the code is written as it is

	freqs    []audit.Frequency
	freqText map[audit.Frequency][]string

	flags    audit.Flags // the flags that can be written
	flagText map[audit.Flags][]string
	noFlag   string // the text for "no flag" ("Ingen" → "-"), or ""

	genderText map[byte][]string
	skyddadNo  string // the text for "not protected" in the skyddad column
}

// newCarrier analyses p. Event codes are resolved in vocab.
func newCarrier(p *profile.Profile, vocab *audit.Vocabulary, knownInsats []string) *carrier {
	c := &carrier{p: p, vocab: vocab, long: p.Shape == profile.ShapeLong, slots: map[audit.EventCode]*slot{},
		insatsText: map[string][]string{}, freqText: map[audit.Frequency][]string{}, flagText: map[audit.Flags][]string{},
		genderText: map[byte][]string{}}
	cs := &p.Columns
	addTexts := func(vm *profile.ValueMap, wide int, reg bool) {
		for i, to := range vm.To {
			code, ok := vocab.Lookup(to)
			if !ok {
				continue
			}
			s := c.slots[code]
			if s == nil {
				s = &slot{code: code, wide: wide, reg: reg}
				c.slots[code] = s
			}
			if s.wide == wide {
				s.texts = append(s.texts, vm.From[i])
			}
		}
	}
	if c.long {
		reg := cs.Registered != nil
		if cs.Event != nil && cs.Event.Values != nil {
			addTexts(cs.Event.Values, -1, reg)
		} else if cs.Event != nil {
			// No value map: the column holds event codes.
			for _, name := range vocab.Names() {
				code, _ := vocab.Lookup(name)
				c.slots[code] = &slot{code: code, texts: []string{name}, wide: -1, reg: reg}
			}
		}
	} else {
		for i := range p.Events {
			e := &p.Events[i]
			reg := e.Registered != nil
			switch {
			case e.Code != "":
				if code, ok := vocab.Lookup(e.Code); ok && c.slots[code] == nil {
					c.slots[code] = &slot{code: code, wide: i, reg: reg}
				}
			case e.EventColumn != nil && e.EventColumn.Values != nil:
				addTexts(e.EventColumn.Values, i, reg)
			}
		}
	}

	switch {
	case cs.Insats == nil:
	case cs.Insats.Values != nil:
		for i, to := range cs.Insats.Values.To {
			if _, seen := c.insatsText[to]; !seen {
				c.insats = append(c.insats, to)
			}
			c.insatsText[to] = append(c.insatsText[to], cs.Insats.Values.From[i])
		}
	default:
		c.freeInsats = true
		c.insats = append(c.insats, knownInsats...)
	}

	if cs.Frequency != nil {
		if vm := cs.Frequency.Values; vm != nil {
			for i, to := range vm.To {
				if f, ok := audit.ParseFrequency(to); ok && f != audit.FreqUnknown {
					if _, seen := c.freqText[f]; !seen {
						c.freqs = append(c.freqs, f)
					}
					c.freqText[f] = append(c.freqText[f], vm.From[i])
				}
			}
		} else {
			for _, name := range audit.FrequencyNames() {
				f, _ := audit.ParseFrequency(name)
				c.freqs = append(c.freqs, f)
				c.freqText[f] = []string{name}
			}
		}
	}

	if cs.Flags != nil {
		if vm := cs.Flags.Values; vm != nil {
			for i, to := range vm.To {
				if to == "-" {
					if c.noFlag == "" {
						c.noFlag = vm.From[i]
					}
					continue
				}
				if f, ok := audit.ParseFlag(to); ok {
					c.flags |= f
					c.flagText[f] = append(c.flagText[f], vm.From[i])
				}
			}
		} else {
			for _, name := range audit.FlagNames() {
				f, _ := audit.ParseFlag(name)
				c.flags |= f
				c.flagText[f] = []string{name}
			}
		}
		// Skyddade personuppgifter are not generated: such cases have no case id in
		// the reports, so their verdicts cannot be compared.
		c.flags &^= audit.FlagSkyddad
	}

	if g := cs.Gender; g != nil {
		if vm := g.Values; vm != nil {
			for i, to := range vm.To {
				if to == "K" || to == "M" {
					c.genderText[to[0]] = append(c.genderText[to[0]], vm.From[i])
				}
			}
		}
		for _, k := range []byte{'K', 'M'} {
			if len(c.genderText[k]) == 0 {
				if k == 'K' {
					c.genderText[k] = []string{"K", "Kvinna"}
				} else {
					c.genderText[k] = []string{"M", "Man"}
				}
			}
		}
	}
	if s := cs.Skyddad; s != nil {
		c.skyddadNo = "Nej"
		if vm := s.Values; vm != nil {
			for i, to := range vm.To {
				if to == "nej" {
					c.skyddadNo = vm.From[i]
					break
				}
			}
		}
	}
	return c
}

// carries reports whether the export can hold event code.
func (c *carrier) carries(code audit.EventCode) bool { return c.slots[code] != nil }

// carriesReg reports whether the export can hold code with a registration date.
func (c *carrier) carriesReg(code audit.EventCode) bool {
	s := c.slots[code]
	return s != nil && s.reg
}

// fromCodes returns the rule's start events.
func fromCodes(r *audit.Rule) []audit.EventCode {
	return append([]audit.EventCode{r.From}, r.FromAlso...)
}

// toCodes returns the rule's target events.
func toCodes(r *audit.Rule) []audit.EventCode {
	return append([]audit.EventCode{r.To}, r.ToAlso...)
}

// isRegLag reports whether r judges the registration date of its own start event
// (VOB-05, GOT-08: from and to are the same event, to_field: registered).
func isRegLag(r *audit.Rule) bool {
	return r.Kind == audit.KindDuration && r.To == r.From && r.ToField == audit.FieldRegistered
}

// RuleSupport says whether truth is generated for a rule with a profile, and if not,
// why not.
type RuleSupport struct {
	Rule      *audit.Rule
	Supported bool
	Why       string // why the rule gets no truth; "" when supported
}

// Supported tells, for every rule of routines, whether an export in profile p's format
// can express it, so that Generate makes truth for it. The routines must have been
// loaded into vocab.
func Supported(p *profile.Profile, routines []*audit.Routine, vocab *audit.Vocabulary) []RuleSupport {
	c := newCarrier(p, vocab, knownInsats(routines))
	var out []RuleSupport
	for _, rt := range routines {
		for _, r := range rt.Rules {
			why := c.unsupported(r)
			out = append(out, RuleSupport{Rule: r, Supported: why == "", Why: why})
		}
	}
	return out
}

// unsupported returns why truth cannot be generated for r with this export, or "".
func (c *carrier) unsupported(r *audit.Rule) string {
	name := func(code audit.EventCode) string { return c.vocab.Name(code) }
	missing := func(codes []audit.EventCode) string {
		var s []string
		for _, x := range codes {
			s = append(s, name(x))
		}
		return strings.Join(s, "/")
	}
	anyCarried := func(codes []audit.EventCode) bool {
		for _, x := range codes {
			if c.carries(x) {
				return true
			}
		}
		return false
	}
	switch r.Kind {
	case audit.KindDuration:
	case audit.KindPrecedence:
		if r.From != r.To || r.FromField == r.ToField {
			return "precedence between two different events is not generated"
		}
		if !c.carriesReg(r.From) {
			return fmt.Sprintf("the export has no registration date for %s", name(r.From))
		}
		return c.conditionSupport(r)
	default:
		return fmt.Sprintf("%s rules are not generated", r.Kind)
	}
	if r.Each {
		return "rules that judge each start event are not generated"
	}
	if len(r.ByFrequency) > 0 {
		ok := false
		for _, f := range c.freqs {
			if _, in := r.ByFrequency[f]; in {
				ok = true
			}
		}
		if !ok {
			return "the deadline depends on the frequency, which the export cannot hold"
		}
	} else {
		dl, _ := r.EffectiveDeadline()
		switch {
		case dl.LeadTime:
			return "lead time only (no deadline)"
		case !dl.IsDated():
			return "no dated deadline"
		case dl.Before():
			return "\"dagen före\" deadlines are not generated"
		}
	}
	if r.FromField == audit.FieldRegistered {
		return "rules that start at a registration date are not generated"
	}
	if !anyCarried(fromCodes(r)) {
		return fmt.Sprintf("the export cannot hold the start event %s", missing(fromCodes(r)))
	}
	if r.To == r.From {
		if r.ToField != audit.FieldRegistered || len(r.FromAlso) > 0 || len(r.ToAlso) > 0 {
			return "a rule from an event to itself is generated only for its registration date"
		}
		if !c.carriesReg(r.From) {
			return fmt.Sprintf("the export has no registration date for %s", name(r.From))
		}
	} else {
		if r.ToField == audit.FieldRegistered {
			return "rules judging the registration date of another event are not generated"
		}
		if !anyCarried(toCodes(r)) {
			return fmt.Sprintf("the export cannot hold the target event %s", missing(toCodes(r)))
		}
	}
	return c.conditionSupport(r)
}

// conditionSupport checks that some case the export can describe meets r's condition
// and its routine's scope.
func (c *carrier) conditionSupport(r *audit.Rule) string {
	w := &r.When
	if w.FranvaroLongerThan > 0 {
		return "rules with a frånvaro condition are not generated"
	}
	if len(w.Frequency) > 0 {
		ok := false
		for _, f := range w.Frequency {
			for _, g := range c.freqs {
				ok = ok || f == g
			}
		}
		if !ok {
			return "the condition names a frequency the export cannot hold"
		}
	}
	if w.NyKund != nil && *w.NyKund && c.flags&audit.FlagNyKund == 0 {
		return "the condition needs the ny_kund flag, which the export cannot hold"
	}
	if w.ExternUtforare != nil && *w.ExternUtforare && c.flags&audit.FlagExternUtforare == 0 {
		return "the condition needs the extern_utforare flag, which the export cannot hold"
	}
	for _, in := range c.insats {
		if (r.Routine == nil || r.Routine.InScope(in)) && (len(w.Insats) == 0 || contains(w.Insats, in)) {
			return ""
		}
	}
	return "the export cannot hold an insats the rule applies to"
}

// knownInsats lists the insats codes the routines name, plus the common ones, for
// exports whose insats column holds codes.
func knownInsats(routines []*audit.Routine) []string {
	set := map[string]bool{"hemtjanst": true, "boendestod": true, "vard_och_omsorgsboende": true}
	for _, rt := range routines {
		for _, s := range rt.Insats {
			set[s] = true
		}
		for _, r := range rt.Rules {
			for _, s := range r.When.Insats {
				set[s] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}
