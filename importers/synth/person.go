package synth

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// person is a synthetic person: a made-up personnummer, valid by its date and Luhn
// check digit. The numbers are drawn at random and mean nothing; like any made-up
// number, one may by chance be a real person's, so exports made by this package must
// be treated like real ones (the import pseudonymises them).
type persona struct {
	number  string // YYYYMMDD-NNNC
	compact bool   // written without the '-' (YYYYMMDDNNNC)
	female  bool
}

// newPerson makes a person born 1925–1995; now and then one who already has a case, so
// that a few persons have two cases.
func (g *gen) newPerson(r *rand.Rand) persona {
	if len(g.people) > 0 && r.Float64() < 0.06 {
		return pick(r, g.people)
	}
	p := persona{female: r.Float64() < 0.58, compact: r.Float64() < 0.1}
	p.number = personnummer(r, 1925, 1995, p.female, false)
	g.people = append(g.people, p)
	return p
}

// text is the personnummer as the export writes it.
func (p persona) text() string {
	if p.compact {
		return p.number[:8] + p.number[9:]
	}
	return p.number
}

// personnummer returns a number YYYYMMDD-NNNC born in [from, to]: the second to last
// digit is even for a woman and odd for a man, and C is the Luhn check digit of the ten
// digits YYMMDDNNN — or, with broken, a wrong one.
func personnummer(r *rand.Rand, from, to int, female, broken bool) string {
	year := from + r.IntN(to-from+1)
	birth := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))
	serial := r.IntN(100)*10 + 2*r.IntN(5) // NNN: the last N is the gender digit
	if !female {
		serial++
	}
	ten := fmt.Sprintf("%02d%02d%02d%03d", birth.Year()%100, int(birth.Month()), birth.Day(), serial)
	check := luhn(ten)
	if broken {
		check = (check + 1 + r.IntN(9)) % 10
	}
	return fmt.Sprintf("%04d%02d%02d-%03d%d", birth.Year(), int(birth.Month()), birth.Day(), serial, check)
}

// luhn returns the Luhn check digit of a string of ASCII digits, as personnummer use it
// (weights 2, 1, 2, … from the left of the nine digits).
func luhn(digits string) int {
	sum := 0
	for i := 0; i < len(digits); i++ {
		d := int(digits[i] - '0')
		if i%2 == 0 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return (10 - sum%10) % 10
}
