package person

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
)

// MinKeyLen is the minimum length in bytes of a pseudonymization key.
const MinKeyLen = 16

// ErrKeyTooShort is returned for keys shorter than [MinKeyLen] bytes.
var ErrKeyTooShort = errors.New("pseudonym key too short")

// Domain-separation prefixes for keyed hashes other than [Pseudonymizer.Pseudonym].
// They contain non-digits, so they can never collide with the 12-digit
// message that Pseudonym hashes.
const (
	ivoDomain       = "rutinkoll/ivo-code/v1\x00"
	protectedDomain = "rutinkoll/protected/v1\x00"
)

// crockford is Douglas Crockford's base32 alphabet (no I, L, O, U).
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// tokenLen is the number of base32 characters in a pseudonym token (50 bits).
const tokenLen = 10

// Pseudonymizer turns identity numbers into stable, keyed pseudonyms.
//
// The key belongs to the municipality and must be kept secret: anyone with the
// key can test a guessed personnummer against a pseudonym, and the space of
// personnummer is small. Use the same key for every run so that a person keeps
// the same pseudonym across reports.
//
// A Pseudonymizer is safe for concurrent use. It formats as a fixed string with
// fmt and log/slog so that the key is never printed.
type Pseudonymizer struct {
	key []byte
	// salt is random per Pseudonymizer (per run) for ProtectedPseudonym.
	salt [32]byte
}

// NewPseudonymizer returns a Pseudonymizer using a copy of key. Keys shorter
// than [MinKeyLen] bytes are rejected with an error wrapping [ErrKeyTooShort].
func NewPseudonymizer(key []byte) (*Pseudonymizer, error) {
	if len(key) < MinKeyLen {
		return nil, fmt.Errorf("person: new pseudonymizer: %w: %d bytes, need at least %d", ErrKeyTooShort, len(key), MinKeyLen)
	}
	p := &Pseudonymizer{key: append([]byte(nil), key...)}
	// crypto/rand.Read never returns an error; it crashes the program if
	// the system random source fails.
	_, _ = rand.Read(p.salt[:])
	return p, nil
}

// Pseudonym returns a stable pseudonym for n such as "P-7K3F9Q2M4X": "P-"
// followed by the first 50 bits of HMAC-SHA256(key, n.Canonical()) in
// Crockford base32 (10 characters from 0-9 and A-Z without I, L, O and U).
// The same key and number always give the same pseudonym.
//
// Collision odds: with 2^50 possible tokens, the probability that any two of
// m distinct persons share a pseudonym is about m²/2^51, i.e. about 4e-6 for
// 100,000 persons and 4e-4 for 1,000,000 persons.
//
// It returns "" for the zero Number.
func (p *Pseudonymizer) Pseudonym(n Number) string {
	if n.IsZero() {
		return ""
	}
	return "P-" + token(hmacSHA256(p.key, n.canonical))
}

// ProtectedPseudonym returns a token such as "SKYDDAD-0D4M8RZK2T" for a person
// with skyddade personuppgifter (protected identity), identified only by the
// case. It is HMAC-SHA256 of caseID keyed with a random salt that is created
// by [NewPseudonymizer], so the token is stable within one Pseudonymizer (one
// run) but cannot be linked across runs, reports, or other cases of the same
// person. Never pass the person's identity number as caseID.
func (p *Pseudonymizer) ProtectedPseudonym(caseID string) string {
	return "SKYDDAD-" + token(hmacSHA256(p.salt[:], protectedDomain+caseID))
}

// IVOCode returns a pseudonymized identity in the format used in reports to
// IVO: ÅÅÅÅMMDD-T followed by three digits, such as "19121212-T407". The date
// is the real date of birth (for a samordningsnummer the day minus 60). The
// three digits are derived from a keyed hash of the number, so a person keeps
// the same code across reports made with the same key, and the real last four
// digits are never shown; the parity of the last digit encodes the gender
// (even for women, odd for men), as in a personnummer.
//
// The code is not unique: two persons with the same birth date and gender get
// the same code with probability 1/500. Use [Pseudonymizer.Pseudonym] to link
// records.
//
// It returns "" for the zero Number.
func (p *Pseudonymizer) IVOCode(n Number) string {
	if n.IsZero() {
		return ""
	}
	sum := hmacSHA256(p.key, ivoDomain+n.canonical)
	v := binary.BigEndian.Uint64(sum[:8])
	d1 := v % 10
	v /= 10
	d2 := v % 10
	v /= 10
	d3 := 2 * (v % 5) // even: 0, 2, 4, 6, 8
	if n.Gender() == Male {
		d3++
	}
	return fmt.Sprintf("%s-T%d%d%d", n.BirthDate().Format("20060102"), d1, d2, d3)
}

// hmacSHA256 returns HMAC-SHA256(key, msg).
func hmacSHA256(key []byte, msg string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(msg))
	return h.Sum(nil)
}

// token encodes the first 50 bits of sum in Crockford base32.
func token(sum []byte) string {
	v := binary.BigEndian.Uint64(sum[:8]) >> (64 - 5*tokenLen)
	var b [tokenLen]byte
	for i := tokenLen - 1; i >= 0; i-- {
		b[i] = crockford[v&31]
		v >>= 5
	}
	return string(b[:])
}

// String returns a fixed description that does not include the key.
func (p *Pseudonymizer) String() string { return "person.Pseudonymizer{key: redacted}" }

// Format implements [fmt.Formatter] so that no verb prints the key.
func (p *Pseudonymizer) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(p.String())) }

// LogValue implements [slog.LogValuer] so that the key is never logged.
func (p *Pseudonymizer) LogValue() slog.Value { return slog.StringValue(p.String()) }
