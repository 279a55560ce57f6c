package synth

import (
	"fmt"
	"sort"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/profile"
)

// junkKind is what is wrong with a junk row: a case-level problem that makes the
// import reject every event of the row.
type junkKind int

const (
	junkNone          junkKind = iota
	junkMissingID              // no case id
	junkBadPerson              // a personnummer with a wrong check digit
	junkUnknownInsats          // an insats text the profile does not know
	junkUnknownFreq            // a frequency text the profile does not know
	junkUnknownGender          // a gender that is neither K nor M
	junkFieldCount             // CSV: an unquoted delimiter in a comment: a field too many
	junkNoDates                // wide shape: a row with no date at all
)

var junkNames = map[junkKind]string{
	junkMissingID: "missing_case_id", junkBadPerson: "invalid_personnummer", junkUnknownInsats: "unknown_insats",
	junkUnknownFreq: "unknown_frequency", junkUnknownGender: "unknown_gender", junkFieldCount: "field_count",
	junkNoDates: "no_dates",
}

// junkKinds lists the problems the export's format can have.
func (g *gen) junkKinds() []junkKind {
	cs := &g.opt.Profile.Columns
	kinds := []junkKind{junkMissingID}
	if cs.Person != nil {
		kinds = append(kinds, junkBadPerson)
	}
	if cs.Insats != nil && cs.Insats.Values != nil {
		kinds = append(kinds, junkUnknownInsats)
	}
	if g.format == profile.FormatCSV {
		kinds = append(kinds, junkFieldCount)
	}
	if !g.c.long {
		kinds = append(kinds, junkNoDates)
	}
	if cs.Frequency != nil && cs.Frequency.Values != nil {
		kinds = append(kinds, junkUnknownFreq)
	}
	if cs.Gender != nil {
		kinds = append(kinds, junkUnknownGender)
	}
	return kinds
}

// makeJunk makes the junk cases: rows the import must reject as a whole. They have case
// ids of their own (X-…), so no verdict depends on them.
func (g *gen) makeJunk() {
	n := g.opt.BadRows
	switch {
	case n < 0:
		return
	case n == 0:
		n = max(3, g.opt.Cases/40)
	}
	kinds := g.junkKinds()
	var codes []audit.EventCode
	for c := range g.c.slots {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		if ri, rj := g.rankOf(codes[i]), g.rankOf(codes[j]); ri != rj {
			return ri < rj
		}
		return codes[i] < codes[j]
	})
	for i := 0; i < n; i++ {
		r := g.rng(4, uint64(i))
		k := &kase{id: fmt.Sprintf("X-%04d", i+1), junk: kinds[i%len(kinds)], ev: map[audit.EventCode]*event{}}
		k.person = persona{female: r.Float64() < 0.5}
		k.person.number = personnummer(r, 1930, 1990, k.person.female, k.junk == junkBadPerson)
		if err := g.attributes(r, k); err != nil {
			continue // cannot happen: Generate checked that some insats is in scope
		}
		if k.junk == junkMissingID {
			k.id = ""
		}
		if k.junk == junkNoDates {
			g.junk = append(g.junk, k)
			continue
		}
		used := map[int]bool{}
		want := 1
		if !g.c.long {
			want = 1 + r.IntN(2)
		}
		for _, c := range codes {
			if len(k.ev) == want {
				break
			}
			if w := g.c.slots[c].wide; w >= 0 {
				if used[w] {
					continue
				}
				used[w] = true
			}
			d := g.asof - audit.Date(5+r.IntN(200))
			k.ev[c] = &event{code: c, date: d + audit.Date(len(k.ev)), reg: audit.NoDate}
		}
		g.junk = append(g.junk, k)
	}
}

// junkCells spoils a junk case's row and records the rejection it must give.
func (g *gen) junkCells(tb *table, k *kase, rw *row) {
	if k.junk == junkNone {
		return
	}
	e := &expect{col: -1, kind: junkNames[k.junk]}
	setCol := func(key string) bool {
		i, ok := tb.keys[key]
		if ok {
			e.col = i
		}
		return ok
	}
	switch k.junk {
	case junkMissingID:
		setCol("case_id")
		delete(rw.cells, e.col)
	case junkBadPerson:
		setCol("person")
		e.value = hiddenNumber
	case junkUnknownInsats:
		if setCol("insats") {
			t := rw.cells[e.col].text + " (tillfällig)"
			if rw.cells[e.col].text == "" {
				t = "Tillfällig insats"
			}
			rw.cells[e.col] = cell{text: t, clock: -1}
			e.value = t
		}
	case junkUnknownFreq:
		if setCol("frequency") {
			rw.cells[e.col] = cell{text: "Vid behov", clock: -1}
			e.value = "Vid behov"
		}
	case junkUnknownGender:
		if setCol("gender") {
			rw.cells[e.col] = cell{text: "Okänd", clock: -1}
			e.value = "Okänd"
		}
	case junkFieldCount:
		rw.raw = "ring först" + string(tb.delim) + " nyckel i tub"
	}
	rw.rowWide = e
}
