package person

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

func mustParse(t testing.TB, s string) Number {
	t.Helper()
	n, err := Parse(s, today)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func mustPseudonymizer(t testing.TB, key []byte) *Pseudonymizer {
	t.Helper()
	p, err := NewPseudonymizer(key)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNewPseudonymizerKeyLength(t *testing.T) {
	for _, n := range []int{0, 1, 15} {
		if _, err := NewPseudonymizer(bytes.Repeat([]byte("k"), n)); !errors.Is(err, ErrKeyTooShort) {
			t.Errorf("key of %d bytes: error %v, want ErrKeyTooShort", n, err)
		}
	}
	if _, err := NewPseudonymizer(bytes.Repeat([]byte("k"), 16)); err != nil {
		t.Errorf("key of 16 bytes: %v", err)
	}
}

// TestPseudonymGolden pins the algorithm: changing it would change every
// pseudonym in every municipality's reports. The expected values were computed
// independently with Python's hmac module.
func TestPseudonymGolden(t *testing.T) {
	p := mustPseudonymizer(t, testKey)
	tests := []struct{ in, pseudonym, ivo string }{
		{"19121212-1212", "P-VB3PVRCEXK", "19121212-T355"},
		{"19701063-2391", "P-5750VTXRR9", "19701003-T049"},
		{"811228-9874", "P-XS8ATN0BF1", "19811228-T985"},
	}
	for _, tt := range tests {
		n := mustParse(t, tt.in)
		if got := p.Pseudonym(n); got != tt.pseudonym {
			t.Errorf("Pseudonym(%s) = %q, want %q", n, got, tt.pseudonym)
		}
		if got := p.IVOCode(n); got != tt.ivo {
			t.Errorf("IVOCode(%s) = %q, want %q", n, got, tt.ivo)
		}
	}
}

var pseudonymRE = regexp.MustCompile(`^P-[0-9A-HJKMNP-TV-Z]{10}$`)

func TestPseudonymDeterministic(t *testing.T) {
	a := mustPseudonymizer(t, testKey)
	b := mustPseudonymizer(t, append([]byte(nil), testKey...))
	other := mustPseudonymizer(t, []byte("another municipality key"))
	seen := map[string]string{}
	for _, s := range []string{"19121212-1212", "121212-1212", "811228-9874", "19701063-2391", "900101-0025"} {
		n := mustParse(t, s)
		pa := a.Pseudonym(n)
		if !pseudonymRE.MatchString(pa) {
			t.Errorf("Pseudonym(%s) = %q, not of the form P-XXXXXXXXXX", n, pa)
		}
		if pb := b.Pseudonym(n); pb != pa {
			t.Errorf("same key, different pseudonyms: %q and %q", pa, pb)
		}
		if a.Pseudonym(n) != pa {
			t.Errorf("Pseudonym is not stable")
		}
		if po := other.Pseudonym(n); po == pa {
			t.Errorf("different keys give the same pseudonym %q", pa)
		}
		if prev, ok := seen[pa]; ok {
			t.Errorf("%s and %s share pseudonym %q", prev, s, pa)
		}
		seen[pa] = s
	}
	if got := a.Pseudonym(Number{}); got != "" {
		t.Errorf("Pseudonym(zero) = %q, want empty", got)
	}
}

func TestPseudonymizerCopiesKey(t *testing.T) {
	key := append([]byte(nil), testKey...)
	p := mustPseudonymizer(t, key)
	n := mustParse(t, "19121212-1212")
	before := p.Pseudonym(n)
	key[0] ^= 0xff
	if after := p.Pseudonym(n); after != before {
		t.Errorf("mutating the caller's key changed the pseudonym")
	}
}

var ivoRE = regexp.MustCompile(`^(\d{8})-T(\d{3})$`)

func TestIVOCode(t *testing.T) {
	p := mustPseudonymizer(t, testKey)
	other := mustPseudonymizer(t, []byte("another municipality key"))
	differs := false
	tests := []struct {
		in   string
		date string
	}{
		{"19121212-1212", "19121212"},
		{"811228-9874", "19811228"},
		{"900101-0025", "19900101"},
		{"19701063-2391", "19701003"}, // samordningsnummer: day - 60
		{"197010632425", "19701003"},
		{"000289-1232", "20000229"},
	}
	for _, tt := range tests {
		n := mustParse(t, tt.in)
		code := p.IVOCode(n)
		m := ivoRE.FindStringSubmatch(code)
		if m == nil {
			t.Errorf("IVOCode(%s) = %q, not of the form YYYYMMDD-TNNN", n, code)
			continue
		}
		if m[1] != tt.date {
			t.Errorf("IVOCode(%s) date = %s, want %s", n, m[1], tt.date)
		}
		last := int(m[2][2] - '0')
		if wantOdd := n.Gender() == Male; (last%2 == 1) != wantOdd {
			t.Errorf("IVOCode(%s) = %s: last digit parity does not encode %v", n, code, n.Gender())
		}
		if p.IVOCode(n) != code {
			t.Errorf("IVOCode is not stable")
		}
		if strings.HasSuffix(code, n.Canonical()[9:]) {
			// Possible by chance for one digit triple in 500, but not for the
			// fixed test key and numbers above.
			t.Errorf("IVOCode(%s) = %s reveals the real digits", n, code)
		}
		if other.IVOCode(n) != code {
			differs = true
		}
	}
	if !differs {
		t.Errorf("a different key gives the same IVO codes for all numbers")
	}
	if got := p.IVOCode(Number{}); got != "" {
		t.Errorf("IVOCode(zero) = %q, want empty", got)
	}
}

// TestIVOCodeDistribution checks that the three digits use the whole range
// and that parity follows gender for many numbers.
func TestIVOCodeDistribution(t *testing.T) {
	p := mustPseudonymizer(t, testKey)
	seen := map[string]bool{}
	for serial := 0; serial < 1000; serial++ {
		nine := fmt.Sprintf("800101%03d", serial)
		n := mustParse(t, nine+fmt.Sprint(luhn(nine)))
		code := p.IVOCode(n)
		last := code[len(code)-1] - '0'
		if (last%2 == 1) != (n.Gender() == Male) {
			t.Fatalf("IVOCode(%s) = %s: wrong parity for %v", n, code, n.Gender())
		}
		seen[code[len(code)-3:]] = true
	}
	// 1000 draws from 1000 values cover about 63%; far below means a bug.
	if len(seen) < 500 {
		t.Errorf("only %d distinct digit triples for 1000 numbers", len(seen))
	}
}

func TestProtectedPseudonym(t *testing.T) {
	run1 := mustPseudonymizer(t, testKey)
	run2 := mustPseudonymizer(t, testKey)
	re := regexp.MustCompile(`^SKYDDAD-[0-9A-HJKMNP-TV-Z]{10}$`)
	a := run1.ProtectedPseudonym("ÄR-2024-0117")
	if !re.MatchString(a) {
		t.Errorf("ProtectedPseudonym = %q, not of the form SKYDDAD-XXXXXXXXXX", a)
	}
	if run1.ProtectedPseudonym("ÄR-2024-0117") != a {
		t.Errorf("ProtectedPseudonym is not stable within a run")
	}
	if run2.ProtectedPseudonym("ÄR-2024-0117") == a {
		t.Errorf("ProtectedPseudonym is linkable across runs")
	}
	if run1.ProtectedPseudonym("ÄR-2024-0118") == a {
		t.Errorf("different cases share a protected pseudonym")
	}
}

func TestPseudonymizerRedacted(t *testing.T) {
	p := mustPseudonymizer(t, testKey)
	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%q"} {
		outputs = append(outputs, fmt.Sprintf(verb, p), fmt.Sprintf(verb, struct{ P *Pseudonymizer }{p}))
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("msg", "p", p)
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("msg", "p", p)
	outputs = append(outputs, buf.String())
	hexKey := fmt.Sprintf("%x", testKey)
	for _, out := range outputs {
		if strings.Contains(out, string(testKey[:8])) || strings.Contains(out, hexKey[:16]) || strings.Contains(out, "48 49 50") {
			t.Errorf("output leaks the key: %s", out)
		}
	}
}

func TestLoadKey(t *testing.T) {
	const env = "RUTINKOLL_TEST_PSEUDONYM_KEY"
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("good.key", "  s3cret-municipality-key-0001\r\n")
	bom := write("bom.key", "\ufeffs3cret-municipality-key-0001\n")
	other := write("other.key", "another-municipality-key-02\n")
	short := write("short.key", "short\n")
	blank := write("blank.key", " \n\t\n")
	missing := filepath.Join(dir, "missing.key")
	const want = "s3cret-municipality-key-0001"

	tests := []struct {
		name    string
		envVal  *string
		path    string
		env     string
		want    string
		wantErr error
	}{
		{name: "file", path: good, want: want},
		{name: "file with BOM", path: bom, want: want},
		{name: "env", envVal: ptr("\t" + want + "\n"), env: env, want: want},
		{name: "env and same file", envVal: ptr(want), env: env, path: good, want: want},
		{name: "env unset, file", env: env, path: good, want: want},
		{name: "env empty, file", envVal: ptr(""), env: env, path: good, want: want},
		{name: "env and different file", envVal: ptr(want), env: env, path: other, wantErr: errAny},
		{name: "short file", path: short, wantErr: ErrKeyTooShort},
		{name: "blank file", path: blank, wantErr: ErrKeyTooShort},
		{name: "short env", envVal: ptr("short"), env: env, wantErr: ErrKeyTooShort},
		{name: "missing file", path: missing, wantErr: os.ErrNotExist},
		{name: "env unset", env: env, wantErr: ErrNoKey},
		{name: "env blank", envVal: ptr("  "), env: env, wantErr: ErrNoKey},
		{name: "nothing", wantErr: ErrNoKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.envVal != nil {
				t.Setenv(env, *tt.envVal)
			} else {
				t.Setenv(env, "")
				os.Unsetenv(env)
			}
			key, err := LoadKey(tt.path, tt.env)
			if tt.wantErr != nil {
				if err == nil || (tt.wantErr != errAny && !errors.Is(err, tt.wantErr)) {
					t.Fatalf("LoadKey = %q, %v; want error %v", key, err, tt.wantErr)
				}
				if strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "another-municipality") {
					t.Errorf("error leaks the key: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("LoadKey: %v", err)
			}
			if string(key) != tt.want {
				t.Errorf("LoadKey = %q, want %q", key, tt.want)
			}
			if _, err := NewPseudonymizer(key); err != nil {
				t.Errorf("NewPseudonymizer(loaded key): %v", err)
			}
		})
	}
}

// errAny marks test cases where any error will do.
var errAny = errors.New("any error")

func ptr(s string) *string { return &s }
