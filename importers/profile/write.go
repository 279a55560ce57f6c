package profile

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/canonical"
)

// WriteEvents writes ds as rutinkoll's canonical event CSV (';'-delimited UTF-8 with
// the header canonical.Columns, one row per event, cases in input order, events by
// date), which `rutinkoll audit --input` reads back unchanged. It is what
// `rutinkoll import` writes.
func WriteEvents(w io.Writer, ds *audit.Dataset, vocab *audit.Vocabulary) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	cw := csv.NewWriter(bw)
	cw.Comma = ';'
	if err := cw.Write(canonical.Columns); err != nil {
		return fmt.Errorf("writing events: %w", err)
	}
	rec := make([]string, len(canonical.Columns))
	var dbuf, rbuf [10]byte
	for i := range ds.Cases {
		c := &ds.Cases[i]
		for j := range c.Events {
			e := &c.Events[j]
			if vocab.Name(e.Code) == "" {
				return fmt.Errorf("writing events: case %q has an event code (%d) that is not in the vocabulary", c.ID(), e.Code)
			}
			for k, col := range canonical.Columns {
				rec[k] = canonicalValue(col, c, e, vocab, &dbuf, &rbuf)
			}
			if err := cw.Write(rec); err != nil {
				return fmt.Errorf("writing events: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing events: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing events: %w", err)
	}
	return nil
}

// canonicalValue returns the value of the canonical column col for event e of case c.
// A column this function does not know is written empty; a test keeps the two in step.
func canonicalValue(col string, c *audit.Case, e *audit.Event, vocab *audit.Vocabulary, dbuf, rbuf *[10]byte) string {
	switch col {
	case "case_id":
		if c.Flags&audit.FlagSkyddad != 0 {
			// The case id would identify the person (GOT-20): the per-run protected
			// pseudonym keeps the case's events together instead.
			if c.Person() != "" {
				return c.Person()
			}
			return "SKYDDAD"
		}
		return c.ID()
	case "person":
		return c.Person()
	case "insats":
		return c.Insats.String()
	case "utforare":
		return c.Utforare.String()
	case "enhet":
		return c.Enhet.String()
	case "kommun":
		return c.Kommun.String()
	case "event":
		return vocab.Name(e.Code)
	case "date":
		return string(e.Date.AppendFormat(dbuf[:0]))
	case "registered":
		return string(c.Registered(e).AppendFormat(rbuf[:0]))
	case "frequency":
		return c.Frequency.String()
	case "flags":
		return c.Flags.String()
	case "gender":
		if c.Gender != 0 {
			return string(c.Gender)
		}
	case "ivo_code":
		return c.IVOCode()
	case "details":
		return c.DetailsOf(e)
	}
	return ""
}

// knownCanonical reports whether canonicalValue knows col (for the test).
func knownCanonical(col string) bool {
	switch col {
	case "case_id", "person", "insats", "utforare", "enhet", "kommun", "event", "date", "registered",
		"frequency", "flags", "gender", "ivo_code", "details":
		return true
	}
	return false
}
