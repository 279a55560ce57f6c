package profile

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rutinkoll/rutinkoll/audit"
)

// benchSteps are the events of each generated case, as the export writes them.
var benchSteps = []string{"Beslut", "Beställning registrerad", "Beställning mottagen", "Beställning bekräftad",
	"Insats påbörjad", "Genomförandeplan påbörjad", "Genomförandeplan klar", "Uppföljning", "Frånvaro start", "Frånvaro slut"}

var benchData = sync.OnceValue(func() []byte { return generateLong(100_000, len(benchSteps)) })

// generateLong writes a long export with the generic-long headers: cases × steps event
// rows, every person with a valid personnummer.
func generateLong(cases, steps int) []byte {
	var b bytes.Buffer
	b.Grow(cases * steps * 130)
	b.WriteString("Ärende;Personnummer;Insats;Utförare;Enhet;Kön;Frekvens;Markering;Händelse;Datum;Registrerad;Område\n")
	insatser := []string{"Hemtjänst", "Boendestöd", "Matdistribution", "Trygghetslarm"}
	utforare := []string{"Hemtjänst Öst (egen regi)", "Attendo Hemtjänst Åkersberga", "Vardaga Hemtjänst", "Omsorgshuset Älvsjö AB"}
	start := audit.DateOf(2026, time.January, 1)
	for c := 0; c < cases; c++ {
		pnr := benchPersonnummer(c)
		ins, utf := insatser[c%len(insatser)], utforare[c/7%len(utforare)]
		d := start.AddDays(c % 300)
		for s := 0; s < steps; s++ {
			d = d.AddDays(1 + (c+s)%3)
			fmt.Fprintf(&b, "C-%07d;%s;%s;%s;Biståndsenheten Norr;;Dagligen;;%s;%s;%s;Visby\n",
				c, pnr, ins, utf, benchSteps[s], d, d.AddDays(s%2))
		}
	}
	return b.Bytes()
}

// benchPersonnummer returns a valid personnummer for person i: born 1930–1949, with a
// serial number and Luhn check digit.
func benchPersonnummer(i int) string {
	birth := audit.DateOf(1930, time.January, 1).AddDays(i % 7300)
	y, m, d := birth.Civil()
	serial := 100 + i/7300%900
	digits := fmt.Sprintf("%02d%02d%02d%03d", y%100, int(m), d, serial)
	sum := 0
	for k := 0; k < 9; k++ {
		v := int(digits[k] - '0')
		if k%2 == 0 {
			if v *= 2; v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return fmt.Sprintf("%04d%02d%02d-%03d%d", y, int(m), d, serial, (10-sum%10)%10)
}

func TestGenerateLong(t *testing.T) {
	p, _ := Lookup("generic-long")
	res := mustRun(t, p, BytesInput("gen.csv", generateLong(50, len(benchSteps))))
	if st := stats(t, res); st.Read != 500 || st.Imported != 500 {
		t.Fatalf("stats %+v; first rejections %v", st, res.Rejected[:min(3, len(res.Rejected))])
	}
}

// BenchmarkImportLong imports 1,000,000 event rows (100,000 cases, ~120 MB of CSV)
// from memory with the generic-long profile: decoding, delimiter detection, header
// matching, personnummer validation and pseudonymisation, value maps, dates.
func BenchmarkImportLong(b *testing.B) {
	data := benchData()
	p, err := Lookup("generic-long")
	if err != nil {
		b.Fatal(err)
	}
	opt := testOptions(b)
	vocab := audit.NewVocabulary()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := Import(context.Background(), []Input{BytesInput("bench.csv", data)}, p, vocab, opt)
		if err != nil {
			b.Fatal(err)
		}
		if st := res.Stats[0]; st.Imported != 1_000_000 {
			b.Fatalf("stats %+v", st)
		}
	}
	b.ReportMetric(1_000_000, "rows/op")
}
