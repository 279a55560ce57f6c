// Package generate makes synthetic but realistic canonical event data: cases of
// hemtjänst, boendestöd, vård- och omsorgsboende, matdistribution and trygghetslarm
// whose steps mostly happen in time, some late around holidays, some never, plus a few
// malformed rows. The same seed gives the same bytes. The demo data set embedded in
// the binary and the benchmarks are made with it.
package generate

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/rutinkoll/rutinkoll/audit"
)

// Options control generation.
type Options struct {
	Cases   int
	Seed    uint64
	From    audit.Date // first beslut date
	To      audit.Date // last event date (the intended brytdatum)
	BadRows int        // malformed rows to include (datafel and rejected rows)
	MaxRows int        // write at most this many rows (0 = all); the last case may be cut short
	// Commas gives some values a comma (two utförare names and a vistelseort) and
	// writes every value holding one quoted, as exporters that quote text do: the
	// benchmark's "quoted fields with commas". It changes no verdict.
	Commas bool
}

// commaValues are the values Options.Commas writes instead, the same texts but for a
// comma: the names keep their alphabetical place (GOT-01's turn order).
var commaValues = map[string]string{
	"Omsorgshuset Älvsjö AB":   "Omsorgshuset Älvsjö, Hägersten AB",
	"Stöd & Omsorg i Solna AB": "Stöd & Omsorg i Solna, Ulriksdal AB",
}

var (
	utforareHemtjanst = []string{"Attendo Hemtjänst Åkersberga", "Hemtjänst Öst (egen regi)", "Hemtjänst Väst (egen regi)", "Omsorgshuset Älvsjö AB", "Vardaga Hemtjänst", "Nordic Care Örby"}
	utforareBoende    = []string{"Brunnsgårdens vård- och omsorgsboende", "Ekängens äldreboende", "Solrosens vård- och omsorgsboende"}
	utforareBS        = []string{"Boendestöd Solna (egen regi)", "Stöd & Omsorg i Solna AB", "Mälardalens Boendestöd"}
	enheter           = []string{"Biståndsenheten Norr", "Biståndsenheten Söder", "Handläggare Åsa L", "Mottagningsgruppen"}
	omraden           = []string{"Visby", "Slite", "Hemse"}
)

type gen struct {
	r    *rand.Rand
	opt  Options
	rows [][]string
	cal  *audit.Calendar
}

type kase struct {
	id, person, insats, utforare, enhet, kommun, freq, flags, gender, ivo string
}

// Columns is the header of the generated canonical CSV.
var Columns = []string{"case_id", "person", "insats", "utforare", "enhet", "kommun", "event", "date", "registered", "frequency", "flags", "gender", "ivo_code", "details"}

// detailsColumn is the index of "details" in Columns.
const detailsColumn = 13

// Write writes a canonical event CSV (';'-delimited, UTF-8) to w.
func Write(w io.Writer, opt Options) error {
	g := &gen{r: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)), opt: opt, cal: audit.Vardagar()}
	for i := 0; i < opt.Cases; i++ {
		g.makeCase(i)
	}
	g.rotateIckeval()
	g.badRows()
	rows := g.rows
	if opt.MaxRows > 0 && len(rows) > opt.MaxRows {
		rows = rows[:opt.MaxRows]
	}
	if opt.Commas {
		return writeQuoted(w, rows)
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	if err := cw.Write(Columns); err != nil {
		return fmt.Errorf("write header: %w", err)
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write rows: %w", err)
	}
	return nil
}

// writeQuoted writes the header and rows with Options.Commas: the comma values
// substituted, and every field that holds a comma, a ';', a quote or a line break
// quoted (a quote doubled inside).
func writeQuoted(w io.Writer, rows [][]string) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	write := func(rec []string) {
		for i, f := range rec {
			if i > 0 {
				bw.WriteByte(';')
			}
			if v, ok := commaValues[f]; ok {
				f = v
			} else if i == detailsColumn && strings.Contains(f, "vistelseort=Danderyds sjukhus") {
				f = strings.Replace(f, "vistelseort=Danderyds sjukhus", "vistelseort=Danderyds sjukhus, avd 63", 1)
			}
			if !strings.ContainsAny(f, ",;\"\r\n") {
				bw.WriteString(f)
				continue
			}
			bw.WriteByte('"')
			bw.WriteString(strings.ReplaceAll(f, `"`, `""`))
			bw.WriteByte('"')
		}
		bw.WriteByte('\n')
	}
	write(Columns)
	for _, r := range rows {
		write(r)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write rows: %w", err)
	}
	return nil
}

func (g *gen) pick(s []string) string { return s[g.r.IntN(len(s))] }

// chance reports true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) emit(k *kase, event string, d, reg audit.Date, details string) {
	if d > g.opt.To {
		return
	}
	regS := ""
	if reg != audit.NoDate {
		if reg > g.opt.To {
			reg = g.opt.To
		}
		regS = reg.String()
	}
	g.rows = append(g.rows, []string{k.id, k.person, k.insats, k.utforare, k.enhet, k.kommun, event, d.String(), regS, k.freq, k.flags, k.gender, k.ivo, details})
}

// lag returns a delay in days: usually within limit, sometimes beyond.
func (g *gen) lag(limit int, lateP float64) int {
	if g.chance(lateP) {
		return limit + 1 + g.r.IntN(max(3, limit))
	}
	return g.r.IntN(limit + 1)
}

// vardagar returns d plus a number of vardagar: usually within n, sometimes beyond.
func (g *gen) vardagar(d audit.Date, n int, lateP float64) audit.Date {
	k := 1 + g.r.IntN(n)
	if g.chance(lateP) {
		k = n + 1 + g.r.IntN(3)
	}
	return g.cal.AddVardagar(d, k)
}

// regLag returns a registration date: by the 5th of next month mostly.
func (g *gen) regLag(d audit.Date) audit.Date {
	if g.chance(0.08) {
		return d.LastOfMonth() + audit.Date(6+g.r.IntN(20))
	}
	return d + audit.Date(g.r.IntN(int(d.LastOfMonth()-d)+5))
}

func (g *gen) makeCase(i int) {
	k := &kase{id: fmt.Sprintf("A%06d", 100000+i*7), gender: "K"}
	k.person = fmt.Sprintf("P-%08X", g.r.Uint32())
	if g.chance(0.42) {
		k.gender = "M"
	}
	// IVO's pseudonym: birth date, -T, three digits whose last is even for a woman.
	born := audit.DateOf(1925+g.r.IntN(60), 1, 1) + audit.Date(g.r.IntN(365))
	last := 2 * g.r.IntN(5)
	if k.gender == "M" {
		last++
	}
	k.ivo = fmt.Sprintf("%s-T%02d%d", strings.ReplaceAll(born.String(), "-", ""), g.r.IntN(100), last)
	var flags []string
	if g.chance(0.01) {
		flags = append(flags, "skyddad")
	}
	k.enhet = g.pick(enheter)
	span := int(g.opt.To-g.opt.From) - 20
	beslut := g.opt.From + audit.Date(g.r.IntN(max(1, span)))
	switch x := g.r.IntN(100); {
	case x < 45:
		k.insats, k.utforare, k.kommun = "hemtjanst", g.pick(utforareHemtjanst), g.pick([]string{"Region Gotland", "Stockholms stad"})
		k.freq = g.pick([]string{"daglig", "daglig", "varje_vecka", "varannan_vecka", "varje_manad"})
		if g.chance(0.15) {
			flags = append(flags, "extern_utforare")
		}
		k.flags = strings.Join(flags, "|")
		g.hemtjanst(k, beslut)
	case x < 52:
		k.insats, k.utforare, k.freq, k.kommun = "matdistribution", g.pick(utforareHemtjanst), "daglig", "Region Gotland"
		k.flags = strings.Join(flags, "|")
		g.hemtjanst(k, beslut)
	case x < 60:
		k.insats, k.utforare, k.freq, k.kommun = "trygghetslarm", g.pick(utforareHemtjanst), "varje_manad", "Region Gotland"
		k.flags = strings.Join(flags, "|")
		g.hemtjanst(k, beslut)
	case x < 80:
		k.insats, k.utforare, k.freq, k.kommun = "boendestod", g.pick(utforareBS), "varje_vecka", "Solna stad"
		if g.chance(0.5) {
			flags = append(flags, "ny_kund")
		}
		k.flags = strings.Join(flags, "|")
		g.boendestod(k, beslut)
	default:
		k.insats, k.utforare, k.kommun = "vard_och_omsorgsboende", g.pick(utforareBoende), "Stockholms stad"
		k.flags = strings.Join(flags, "|")
		g.boende(k, beslut)
	}
}

func (g *gen) hemtjanst(k *kase, beslut audit.Date) {
	g.emit(k, "beslut", beslut, beslut, "")
	if k.kommun == "Region Gotland" && g.chance(0.25) {
		g.emit(k, "ickeval_tilldelad", beslut, beslut, "omrade="+g.pick(omraden))
	}
	best := beslut + audit.Date(g.r.IntN(3))
	reg := best
	if g.chance(0.05) {
		best -= audit.Date(1 + g.r.IntN(4)) // retroactively dated
	}
	g.emit(k, "bestallning_registrerad", best, reg, "")
	g.emit(k, "bestallning_mottagen", reg, reg, "")
	if g.chance(0.06) {
		return // nothing more happened: saknas / pågående
	}
	bekr := g.vardagar(reg, 3, 0.12)
	g.emit(k, "bestallning_bekraftad", bekr, bekr, "")
	limit := map[string]int{"daglig": 3, "varje_vecka": 7, "varannan_vecka": 14, "varje_manad": 28}[k.freq]
	start := reg + audit.Date(g.lag(limit, 0.1))
	if start < bekr {
		start = bekr
	}
	reg2 := g.regLag(start)
	if g.chance(0.03) {
		reg2 = audit.NoDate // registration date missing in the export: datafel
	}
	g.emit(k, "insats_paborjad", start, reg2, "")
	switch k.insats {
	case "matdistribution":
		g.emit(k, "matdistribution_bestalld", g.vardagar(reg, 3, 0.1), audit.NoDate, "")
	case "trygghetslarm":
		ordered := g.vardagar(reg, 3, 0.1)
		g.emit(k, "larm_bestallt", ordered, audit.NoDate, "")
		if !g.chance(0.05) {
			g.emit(k, "larm_installerat", g.vardagar(ordered, 3, 0.15), audit.NoDate, "")
		}
	}
	if g.chance(0.93) {
		gp := start + audit.Date(g.lag(8, 0.1))
		g.emit(k, "genomforandeplan_paborjad", gp, audit.NoDate, "")
		if g.chance(0.95) {
			klar := gp + audit.Date(2+g.lag(8, 0.12))
			g.emit(k, "genomforandeplan_klar", klar, audit.NoDate, "")
			inkommen := klar + audit.Date(g.r.IntN(3))
			g.emit(k, "genomforandeplan_inkommen", inkommen, audit.NoDate, "")
			for d := klar; ; {
				d = d.AddMonths(10 + g.r.IntN(4))
				if d > g.opt.To {
					break
				}
				g.emit(k, "genomforandeplan_uppfoljd", d, audit.NoDate, "")
			}
		}
	}
	for d := start; ; {
		d = d.AddMonths(4 + g.r.IntN(3))
		if d > g.opt.To {
			break
		}
		g.emit(k, "journal_sammanfattad", d, audit.NoDate, "")
	}
	if g.chance(0.9) {
		g.emit(k, "uppfoljning", beslut+audit.Date(20+g.lag(10, 0.15)), audit.NoDate, "")
	}
	if g.chance(0.12) {
		d := start + audit.Date(5+g.r.IntN(40))
		g.emit(k, "datum_korrigerat", d, g.regLag(d), "")
	}
	g.absence(k, start)
	if g.chance(0.06) {
		byte0 := start + audit.Date(30+g.r.IntN(60))
		g.emit(k, "byte_begart", byte0, byte0, "")
		g.emit(k, "kontakt_foregaende_utforare", g.vardagar(byte0, 3, 0.2), audit.NoDate, "")
		g.emit(k, "byte_genomfort", byte0+audit.Date(14+g.r.IntN(8)), audit.NoDate, "")
	}
	if g.chance(0.08) {
		end := start + audit.Date(40+g.r.IntN(120))
		g.emit(k, "avslut", end, end, "")
		g.emit(k, "avslut_meddelat", end+audit.Date(g.r.IntN(4)), audit.NoDate, "")
	}
}

func (g *gen) absence(k *kase, start audit.Date) {
	if !g.chance(0.15) {
		return
	}
	fs := start + audit.Date(10+g.r.IntN(60))
	length := 3 + g.r.IntN(50)
	g.emit(k, "franvaro_start", fs, g.regLag(fs), "")
	g.emit(k, "franvaro_slut", fs+audit.Date(length), audit.NoDate, "")
	if length > 14 {
		g.emit(k, "franvaro_anmald", fs+audit.Date(g.lag(30, 0.15)), audit.NoDate, "")
	}
}

func (g *gen) boendestod(k *kase, beslut audit.Date) {
	g.emit(k, "beslut", beslut, beslut, "")
	if g.chance(0.8) {
		g.emit(k, "utforare_vald", beslut+audit.Date(g.lag(55, 0.08)), audit.NoDate, "")
	} else {
		g.emit(k, "ickeval_tilldelad", beslut+audit.Date(g.r.IntN(62)), audit.NoDate, "")
	}
	mott := beslut + audit.Date(3+g.r.IntN(10))
	g.emit(k, "bestallning_mottagen", mott, mott, "")
	if g.chance(0.05) {
		return
	}
	g.emit(k, "bestallning_bekraftad", mott+audit.Date(g.lag(1, 0.15)), audit.NoDate, "")
	start := mott + audit.Date(g.lag(14, 0.15))
	if start-mott > 30 || g.chance(0.03) {
		g.emit(k, "handlaggare_kontaktad", mott+audit.Date(20+g.r.IntN(15)), audit.NoDate, "")
	}
	g.emit(k, "insats_paborjad", start, g.regLag(start), "")
	g.emit(k, "genomforandeplan_paborjad", mott+audit.Date(g.lag(14, 0.12)), audit.NoDate, "")
	g.emit(k, "kartlaggning_klar", start+audit.Date(20+g.lag(65, 0.1)), audit.NoDate, "")
	if g.chance(0.9) {
		ink := mott + audit.Date(30+g.lag(60, 0.1))
		g.emit(k, "genomforandeplan_inkommen", ink, audit.NoDate, "")
		g.emit(k, "genomforandeplan_bekraftad", ink+audit.Date(g.r.IntN(10)), audit.NoDate, "")
		g.emit(k, "uppfoljning", ink+audit.Date(40+g.lag(50, 0.15)), audit.NoDate, "")
	}
	g.absence(k, start)
}

func (g *gen) boende(k *kase, beslut audit.Date) {
	g.emit(k, "beslut", beslut, beslut, "")
	g.emit(k, "beslut_registrerat_boendemodul", beslut+audit.Date(g.lag(7, 0.1)), audit.NoDate, "")
	if g.chance(0.3) {
		det := "personnummer=ja|vistelseort=Danderyds sjukhus|utskrivningsklar=" + (beslut + 2).String()
		if !g.chance(0.2) {
			det += "|betalningsansvar=" + (beslut + 5).String()
		}
		g.emit(k, "koanmalan", beslut, beslut, det)
	}
	if g.chance(0.12) {
		return // not verkställt: an IVO case
	}
	erb := beslut + audit.Date(10+g.r.IntN(70))
	if g.chance(0.15) {
		g.emit(k, "erbjudande", erb, audit.NoDate, "")
		g.emit(k, "svar_nej", erb+audit.Date(g.r.IntN(2)), audit.NoDate, "")
		erb += audit.Date(10 + g.r.IntN(30))
	}
	g.emit(k, "erbjudande", erb, audit.NoDate, "")
	svar := erb + audit.Date(g.lag(1, 0.1))
	g.emit(k, "svar_ja", svar, audit.NoDate, "")
	g.emit(k, "bosam_meddelad", svar+audit.Date(g.r.IntN(4)), audit.NoDate, "")
	bd := svar + audit.Date(g.r.IntN(3))
	g.emit(k, "bestallning_registrerad", bd, bd, "")
	g.emit(k, "bestallning_bekraftad", g.vardagar(bd, 3, 0.1), audit.NoDate, "")
	klar := svar + audit.Date(g.r.IntN(4))
	g.emit(k, "lagenhet_inflyttningsklar", klar, audit.NoDate, "")
	in := klar + audit.Date(g.lag(7, 0.12))
	reg := in + audit.Date(g.r.IntN(2))
	if g.chance(0.1) {
		reg = g.cal.AddVardagar(in, 2+g.r.IntN(3))
	}
	g.emit(k, "insats_paborjad", in, reg, "")
	g.emit(k, "genomforandeplan_inkommen", in+audit.Date(g.lag(21, 0.12)), audit.NoDate, "")
	g.emit(k, "ovriga_insatser_avslutade", in-audit.Date(1+g.r.IntN(2))+audit.Date(boolInt(g.chance(0.1))*3), audit.NoDate, "")
	if g.chance(0.1) {
		d := in + audit.Date(30+g.r.IntN(150))
		g.emit(k, "hyresgast_avliden", d, audit.NoDate, "")
		g.emit(k, "bosam_meddelad", g.vardagar(d, 1, 0.15), audit.NoDate, "")
		g.emit(k, "avslut", d, d, "")
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// badRows adds malformed rows of the kinds real exports have.
func (g *gen) badRows() {
	sort.SliceStable(g.rows, func(i, j int) bool { return g.rows[i][0] < g.rows[j][0] })
	for i := 0; i < g.opt.BadRows && len(g.rows) > 0; i++ {
		src := g.rows[g.r.IntN(len(g.rows))]
		row := append([]string(nil), src...)
		switch i % 4 {
		case 0:
			row[7] = "2026-02-30" // no such day
		case 1:
			row[6] = "bestalning_mottagen" // misspelt event
		case 2:
			row[0] = "" // missing case id
		case 3:
			row[8] = "5/3/2026" // ambiguous date
		}
		at := g.r.IntN(len(g.rows))
		g.rows = append(g.rows[:at], append([][]string{row}, g.rows[at:]...)...)
	}
}

// rotateIckeval gives ickeval assignments their utförare in alphabetical turn per area
// (GOT-01), with an occasional mistake, as a real ickevalslista would.
func (g *gen) rotateIckeval() {
	type assign struct {
		caseID, area, date string
	}
	var as []assign
	rowsOf := map[string][]int{}
	for i, r := range g.rows {
		rowsOf[r[0]] = append(rowsOf[r[0]], i)
		if r[6] == "ickeval_tilldelad" && r[5] == "Region Gotland" {
			area := strings.TrimPrefix(r[13], "omrade=")
			as = append(as, assign{r[0], area, r[7]})
		}
	}
	sort.Slice(as, func(i, j int) bool {
		if as[i].area != as[j].area {
			return as[i].area < as[j].area
		}
		if as[i].date != as[j].date {
			return as[i].date < as[j].date
		}
		return as[i].caseID < as[j].caseID
	})
	order := append([]string(nil), utforareHemtjanst...)
	sort.Strings(order)
	turn := map[string]int{}
	for _, a := range as {
		i := turn[a.area]
		if g.chance(0.1) {
			i += 2 // skipped someone's turn
		}
		u := order[i%len(order)]
		turn[a.area] = i%len(order) + 1
		for _, ri := range rowsOf[a.caseID] {
			g.rows[ri][3] = u
		}
	}
}
