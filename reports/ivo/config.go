package ivo

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/rutinkoll/rutinkoll/audit"
)

// defaultConfig is the configuration rutinkoll ships (ivo.yaml).
//
//go:embed ivo.yaml
var defaultConfig []byte

// Text is a text in Swedish and English.
type Text struct {
	SV string `yaml:"sv"` // Swedish
	EN string `yaml:"en"` // English; empty falls back to Swedish
}

// In returns the text in lang ("en" gives English, anything else Swedish).
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.SV
}

// Law holds the legal reference and the texts printed with it.
type Law struct {
	Reference string `yaml:"reference"` // e.g. "SoL (2001:453) 16 kap. 6 f §"
	Note      Text   `yaml:"note"`      // e.g. that the new socialtjänstlag renumbers it
	Trigger   Text   `yaml:"trigger"`   // what must be reported, in plain words
}

// Window is when the report of one quarter is due at IVO.
type Window struct {
	Quarter  int    `yaml:"quarter"`   // 1–4
	From     string `yaml:"from"`      // "MM-DD"
	To       string `yaml:"to"`        // "MM-DD"
	NextYear bool   `yaml:"next_year"` // the window lies in the year after the quarter's
}

// Insats is one insats code's label and inriktning.
type Insats struct {
	SV         string `yaml:"sv"`         // Swedish label
	EN         string `yaml:"en"`         // English label
	Inriktning string `yaml:"inriktning"` // a key of Config.Inriktningar
}

// Config is the data the IVO report is computed and printed with: legal reference,
// reporting windows, the insats → inriktning mapping and the reason codes. The zero
// Options use DefaultConfig.
type Config struct {
	Law           Law               `yaml:"law"`            // the legal reference and its texts
	Windows       []Window          `yaml:"windows"`        // when each quarter's report is due
	Inriktningar  map[string]Text   `yaml:"inriktningar"`   // inriktning key → label
	Insatser      map[string]Insats `yaml:"insatser"`       // insats code → label and inriktning
	Reasons       map[string]Text   `yaml:"reasons"`        // reason code (skal=…) → label
	ProtectedNote Text              `yaml:"protected_note"` // printed where protected persons are counted
	Source        string            `yaml:"-"`              // the file it was read from, for the Metod sheet
}

// DefaultConfig returns the configuration rutinkoll ships.
func DefaultConfig() *Config {
	c, err := ParseConfig(bytes.NewReader(defaultConfig), "embedded:ivo.yaml")
	if err != nil {
		panic(fmt.Sprintf("ivo: embedded ivo.yaml invalid: %v", err)) // caught by the package tests
	}
	return c
}

// ParseConfig reads a configuration in the shape of ivo.yaml; name is used in errors.
// Unknown keys are errors; every validation problem is reported, not just the first.
func ParseConfig(r io.Reader, name string) (*Config, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var c Config
	if err := dec.Decode(&c); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: the file is empty", name)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c.Source = name
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &c, nil
}

// Validate checks that every field is present and consistent. The error names the
// field path and the bad value of each problem, one per line.
func (c *Config) Validate() error {
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if strings.TrimSpace(c.Law.Reference) == "" {
		add("law.reference: missing")
	}
	if c.Law.Trigger.SV == "" {
		add("law.trigger.sv: missing")
	}
	seen := map[int]bool{}
	for i, w := range c.Windows {
		if w.Quarter < 1 || w.Quarter > 4 {
			add("windows[%d].quarter: %d is not 1–4", i, w.Quarter)
		} else if seen[w.Quarter] {
			add("windows[%d].quarter: quarter %d given twice", i, w.Quarter)
		}
		seen[w.Quarter] = true
		for _, f := range []struct{ name, v string }{{"from", w.From}, {"to", w.To}} {
			if _, err := time.Parse("01-02", f.v); err != nil {
				add("windows[%d].%s: %q is not MM-DD", i, f.name, f.v)
			}
		}
	}
	for q := 1; q <= 4; q++ {
		if !seen[q] {
			add("windows: no window for quarter %d", q)
		}
	}
	if len(c.Inriktningar) == 0 {
		add("inriktningar: missing")
	}
	for _, code := range sortedKeys(c.Insatser) {
		in := c.Insatser[code]
		if _, ok := c.Inriktningar[in.Inriktning]; !ok {
			add("insatser.%s.inriktning: unknown inriktning %q (known: %s)", code, in.Inriktning, strings.Join(sortedKeys(c.Inriktningar), ", "))
		}
		if in.SV == "" {
			add("insatser.%s.sv: missing", code)
		}
	}
	for _, code := range sortedKeys(c.Reasons) {
		if c.Reasons[code].SV == "" {
			add("reasons.%s.sv: missing", code)
		}
	}
	if c.ProtectedNote.SV == "" {
		add("protected_note.sv: missing")
	}
	if len(probs) > 0 {
		return errors.New(strings.Join(probs, "\n"))
	}
	return nil
}

// Window returns the first and last day of the reporting window of q. ok is false when
// the configuration has no window for q.
func (c *Config) Window(q Quarter) (from, to audit.Date, ok bool) {
	for _, w := range c.Windows {
		if w.Quarter != q.Q {
			continue
		}
		y := q.Year
		if w.NextYear {
			y++
		}
		f, err1 := audit.ParseDate(fmt.Sprintf("%04d-%s", y, w.From))
		t, err2 := audit.ParseDate(fmt.Sprintf("%04d-%s", y, w.To))
		return f, t, err1 == nil && err2 == nil
	}
	return audit.NoDate, audit.NoDate, false
}

// InriktningOf returns the inriktning key of an insats code, and false when the
// configuration does not map the insats.
func (c *Config) InriktningOf(insats string) (string, bool) {
	in, ok := c.Insatser[insats]
	return in.Inriktning, ok
}

// InsatsLabel returns the insats's label in lang, or the code itself when unknown.
func (c *Config) InsatsLabel(insats, lang string) string {
	in, ok := c.Insatser[insats]
	if !ok {
		return insats
	}
	return Text{SV: in.SV, EN: in.EN}.In(lang)
}

// InriktningLabel returns the inriktning's label in lang, or "" for an unknown key.
func (c *Config) InriktningLabel(key, lang string) string {
	return c.Inriktningar[key].In(lang)
}

// ReasonLabel returns the reason code's label in lang, or the code as written when the
// configuration does not know it.
func (c *Config) ReasonLabel(code, lang string) string {
	if t, ok := c.Reasons[code]; ok {
		return t.In(lang)
	}
	return code
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
