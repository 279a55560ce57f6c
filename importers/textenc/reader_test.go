package textenc

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

const sample = "Åsa Öberg, Ärla\nnamn;ort\r\nÅke Ängström;Överkalix – 5 €\n"

// wrappers deliver the input in differently sized pieces.
var wrappers = map[string]func(io.Reader) io.Reader{
	"whole":   func(r io.Reader) io.Reader { return r },
	"onebyte": iotest.OneByteReader,
	"half":    iotest.HalfReader,
	"dataerr": iotest.DataErrReader,
}

func mustEncode(t testing.TB, s string, encode func(string) (string, error)) []byte {
	t.Helper()
	out, err := encode(s)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return []byte(out)
}

func utf16Bytes(t testing.TB, s string, order unicode.Endianness, bom bool) []byte {
	t.Helper()
	policy := unicode.IgnoreBOM
	if bom {
		policy = unicode.UseBOM
	}
	return mustEncode(t, s, unicode.UTF16(order, policy).NewEncoder().String)
}

// decode reads all of data through NewReader.
func decode(data []byte, enc Encoding, wrap func(io.Reader) io.Reader) (string, Encoding, error) {
	r, got, err := NewReader(wrap(bytes.NewReader(data)), enc)
	if err != nil {
		return "", got, err
	}
	out, err := io.ReadAll(r)
	return string(out), got, err
}

func TestRoundTrip(t *testing.T) {
	w1252 := mustEncode(t, sample, charmap.Windows1252.NewEncoder().String)
	latin1Sample := strings.NewReplacer("–", "-", "€", "EUR").Replace(sample)
	latin1 := mustEncode(t, latin1Sample, charmap.ISO8859_1.NewEncoder().String)
	tests := []struct {
		name     string
		data     []byte
		want     string
		declared Encoding
		auto     Encoding // expected result of Auto detection
	}{
		{"utf-8", []byte(sample), sample, UTF8, UTF8},
		{"utf-8 bom", append([]byte("\ufeff"), sample...), sample, UTF8, UTF8},
		{"utf-16le bom", utf16Bytes(t, sample, unicode.LittleEndian, true), sample, UTF16, UTF16},
		{"utf-16be bom", utf16Bytes(t, sample, unicode.BigEndian, true), sample, UTF16, UTF16},
		{"utf-16le no bom", utf16Bytes(t, sample, unicode.LittleEndian, false), sample, UTF16, UTF16},
		{"utf-16be no bom", utf16Bytes(t, sample, unicode.BigEndian, false), sample, UTF16, UTF16},
		{"windows-1252", w1252, sample, Windows1252, Windows1252},
		{"iso-8859-1", latin1, latin1Sample, ISO88591, Windows1252},
		{"ascii", []byte("Asa Oberg, Arla\n"), "Asa Oberg, Arla\n", UTF8, UTF8},
	}
	for _, tt := range tests {
		for wname, wrap := range wrappers {
			for _, enc := range []Encoding{tt.declared, Auto} {
				t.Run(tt.name+"/"+enc.String()+"/"+wname, func(t *testing.T) {
					got, gotEnc, err := decode(tt.data, enc, wrap)
					if err != nil {
						t.Fatalf("decode: %v", err)
					}
					if got != tt.want {
						t.Errorf("got %q, want %q", got, tt.want)
					}
					wantEnc := tt.declared
					if enc == Auto {
						wantEnc = tt.auto
					}
					if gotEnc != wantEnc {
						t.Errorf("encoding = %v, want %v", gotEnc, wantEnc)
					}
				})
			}
		}
	}
}

func TestEmptyInput(t *testing.T) {
	for _, enc := range []Encoding{Auto, UTF8, UTF16, Windows1252, ISO88591} {
		for _, data := range []string{"", "\ufeff"} {
			got, _, err := decode([]byte(data), enc, iotest.OneByteReader)
			if err != nil || got != "" {
				t.Errorf("%v, %q: got %q, %v; want empty", enc, data, got, err)
			}
		}
	}
}

func TestBOMWinsOverDeclaredEncoding(t *testing.T) {
	tests := []struct {
		data []byte
		want Encoding
	}{
		{append([]byte("\ufeff"), sample...), UTF8},
		{utf16Bytes(t, sample, unicode.LittleEndian, true), UTF16},
		{utf16Bytes(t, sample, unicode.BigEndian, true), UTF16},
	}
	for _, tt := range tests {
		for _, enc := range []Encoding{UTF8, UTF16, Windows1252, ISO88591} {
			got, gotEnc, err := decode(tt.data, enc, wrappers["whole"])
			if err != nil || got != sample || gotEnc != tt.want {
				t.Errorf("declared %v: got %q, %v, %v; want the sample, %v", enc, got, gotEnc, err, tt.want)
			}
		}
	}
}

func TestUnsupportedInput(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		enc  Encoding
	}{
		{"utf-32le", []byte("\xff\xfe\x00\x00A\x00\x00\x00"), Auto},
		{"utf-32be", []byte("\x00\x00\xfe\xff\x00\x00\x00A"), UTF8},
		{"zip", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa1\xb2[Content_Types].xml"), Auto},
		{"utf-16 without order", []byte("\xc5\xd6\xc4\xe5"), UTF16},
	}
	for _, tt := range tests {
		_, _, err := decode(tt.data, tt.enc, wrappers["whole"])
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: error %v, want ErrUnsupported", tt.name, err)
		}
	}
}

func TestInvalidEncodingValue(t *testing.T) {
	if _, _, err := NewReader(strings.NewReader("x"), Encoding(42)); !errors.Is(err, ErrUnknownEncoding) {
		t.Errorf("error %v, want ErrUnknownEncoding", err)
	}
}

// decodeError runs decode and returns the *DecodeError and the text
// delivered before it.
func decodeError(t *testing.T, data []byte, enc Encoding, wrap func(io.Reader) io.Reader) (string, *DecodeError) {
	t.Helper()
	got, _, err := decode(data, enc, wrap)
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("error %v (%T), want *DecodeError", err, err)
	}
	return got, de
}

// lines returns n lines of ASCII text.
func lines(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("rad ")
		b.WriteString(strings.Repeat("x", i%50))
		b.WriteString("\n")
	}
	return b.String()
}

func TestInvalidUTF8Offset(t *testing.T) {
	prefix := lines(3000) // more than SniffLen bytes of ASCII
	if len(prefix) <= SniffLen {
		t.Fatalf("prefix too short: %d", len(prefix))
	}
	w1252 := mustEncode(t, "Åsa", charmap.Windows1252.NewEncoder().String)
	tests := []struct {
		name   string
		data   string
		enc    Encoding
		offset int64
		line   int
	}{
		{"after sniff window", prefix + "namn " + string(w1252) + "\n", Auto, int64(len(prefix) + 5), 3001},
		{"declared", "ok\nÅsa \xff\n", UTF8, int64(len("ok\nÅsa ")), 2},
		{"bom", "\ufeffÅsa\n\xe5sa", Auto, int64(len("\ufeffÅsa\n")), 2},
		{"damaged utf-8", "Åsa Öberg\nÄrla \xf6\n", Auto, int64(len("Åsa Öberg\nÄrla ")), 2},
		{"bad continuation", "ab\xc3(", UTF8, 2, 1},
		{"continuation is newline", "ab\xe2\x82\n", UTF8, 2, 1},
		{"stray continuation", "ab\x80", UTF8, 2, 1},
		{"overlong", "ab\xc0\xaf", UTF8, 2, 1},
		{"overlong 3 bytes", "ab\xe0\x80\xaf", UTF8, 2, 1},
		{"surrogate", "ab\xed\xa0\x80", UTF8, 2, 1},
		{"above U+10FFFF", "ab\xf4\x90\x80\x80", UTF8, 2, 1},
		{"truncated at end", "ab\n\xf0\x9f\x98", UTF8, 3, 2},
		{"0xFF", "\n\n\xff", UTF8, 2, 3},
	}
	for _, tt := range tests {
		for wname, wrap := range wrappers {
			t.Run(tt.name+"/"+wname, func(t *testing.T) {
				got, de := decodeError(t, []byte(tt.data), tt.enc, wrap)
				if !errors.Is(de, ErrInvalidUTF8) {
					t.Errorf("error %v, want ErrInvalidUTF8", de)
				}
				if de.Offset != tt.offset || de.Line != tt.line {
					t.Errorf("offset, line = %d, %d; want %d, %d (%v)", de.Offset, de.Line, tt.offset, tt.line, de)
				}
				// Everything before the problem was delivered.
				want := strings.TrimPrefix(tt.data[:tt.offset], "\ufeff")
				if got != want {
					t.Errorf("delivered %d bytes before the error, want %d", len(got), len(want))
				}
			})
		}
	}
}

func TestSplitMultiByte(t *testing.T) {
	text := "Åsa Öberg, Ärla – 😀 ∑\n"
	data := []byte(strings.Repeat(text, 100))
	got, enc, err := decode(data, Auto, iotest.OneByteReader)
	if err != nil || got != string(data) || enc != UTF8 {
		t.Fatalf("got %v, %v; want the input as UTF-8", enc, err)
	}
	// A multi-byte sequence split by the end of the sniffed sample.
	data = append(bytes.Repeat([]byte("a"), SniffLen-1), "åäö\n"...)
	got, enc, err = decode(data, Auto, wrappers["whole"])
	if err != nil || got != string(data) || enc != UTF8 {
		t.Fatalf("sample boundary: got %v, %v; want the input as UTF-8", enc, err)
	}
}

func TestDecodeErrorMessage(t *testing.T) {
	_, de := decodeError(t, []byte("namn\n\xe5sa"), UTF8, wrappers["whole"])
	want := `textenc: utf-8: invalid UTF-8 at byte offset 5 (line 2): byte 0xE5 does not start a valid UTF-8 sequence (in Windows-1252 it is "å"); the file is not valid UTF-8; if it was saved as Windows-1252 ("ANSI"), set the encoding to windows-1252`
	if de.Error() != want {
		t.Errorf("message:\n got %s\nwant %s", de.Error(), want)
	}
}

// doubleEncode returns s encoded as UTF-8, read as Windows-1252 and encoded
// as UTF-8 again: the classic mojibake.
func doubleEncode(t testing.TB, s string) string {
	t.Helper()
	out, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMojibakeUTF8(t *testing.T) {
	for _, letter := range []string{"å", "ä", "ö", "Å", "Ä", "Ö", "é", "ü"} {
		moji := doubleEncode(t, letter)
		for _, enc := range []Encoding{Auto, UTF8} {
			for wname, wrap := range wrappers {
				data := "namn;ort\nP" + moji + "r;x\n"
				t.Run(moji+"/"+enc.String()+"/"+wname, func(t *testing.T) {
					_, de := decodeError(t, []byte(data), enc, wrap)
					if !errors.Is(de, ErrMojibake) || de.Offset != 10 || de.Line != 2 {
						t.Fatalf("got %v at %d line %d; want ErrMojibake at 10 line 2", de, de.Offset, de.Line)
					}
					if !strings.Contains(de.Error(), "the file seems to be Windows-1252 text saved as UTF-8 twice; re-export as UTF-8") {
						t.Errorf("no hint in %q", de.Error())
					}
				})
			}
		}
	}
	// The whole sample, double-encoded, fails at its first character.
	_, de := decodeError(t, []byte(doubleEncode(t, sample)), Auto, wrappers["whole"])
	if !errors.Is(de, ErrMojibake) || de.Offset != 0 {
		t.Errorf("got %v, want ErrMojibake at 0", de)
	}
	// A lone Ã, or Ã followed by other characters, is fine.
	for _, s := range []string{"SÃO PAULO", "Ã", "Ã\n¥", "Ã å"} {
		if _, _, err := decode([]byte(s), UTF8, wrappers["onebyte"]); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
}

func TestMojibakeUTF16(t *testing.T) {
	data := utf16Bytes(t, "ok\n"+doubleEncode(t, "Åsa"), unicode.LittleEndian, true)
	_, de := decodeError(t, data, Auto, iotest.OneByteReader)
	if !errors.Is(de, ErrMojibake) || de.Offset != 2+6 || de.Line != 2 {
		t.Errorf("got %v at %d line %d, want ErrMojibake at 8 line 2", de, de.Offset, de.Line)
	}
}

func TestSingleByteChecks(t *testing.T) {
	tests := []struct {
		name   string
		data   string
		enc    Encoding
		err    error
		offset int64
		line   int
	}{
		{"utf-8 read as windows-1252", "ok\nÅsa", Windows1252, ErrMojibake, 3, 2},
		{"utf-8 read as iso-8859-1", "ok\nÖberg", ISO88591, ErrMojibake, 3, 2},
		{"undefined in windows-1252", "a\n\n\x81", Windows1252, ErrInvalidByte, 3, 3},
		{"undefined, detected", "\xe5\x9d", Auto, ErrInvalidByte, 1, 1},
		{"C1 control in iso-8859-1", "\xc5sa \x96 x", ISO88591, ErrInvalidByte, 4, 1},
		{"mixed, detected", "\xe5\xe4\xf6 \xc3\xa5", Auto, ErrMojibake, 4, 1},
	}
	for _, tt := range tests {
		for wname, wrap := range wrappers {
			t.Run(tt.name+"/"+wname, func(t *testing.T) {
				got, de := decodeError(t, []byte(tt.data), tt.enc, wrap)
				if !errors.Is(de, tt.err) || de.Offset != tt.offset || de.Line != tt.line {
					t.Errorf("got %v at %d line %d; want %v at %d line %d", de, de.Offset, de.Line, tt.err, tt.offset, tt.line)
				}
				if n := len([]rune(got)); n != int(tt.offset) {
					t.Errorf("delivered %d characters before the error, want %d", n, tt.offset)
				}
			})
		}
	}
	// Windows-1252 characters in 0x80-0x9F are fine there.
	got, _, err := decode([]byte("\x96 \x80 \x93x\x94"), Windows1252, iotest.OneByteReader)
	if err != nil || got != "– € “x”" {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestInvalidUTF16(t *testing.T) {
	le := func(units ...uint16) []byte {
		var b []byte
		for _, u := range units {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	tests := []struct {
		name   string
		data   []byte
		offset int64
		line   int
	}{
		{"odd length", append(utf16Bytes(t, "ab\n", unicode.LittleEndian, true), 'c'), 8, 2},
		{"lone low surrogate", append([]byte{0xff, 0xfe}, le('a', 0xDC00, 'b')...), 4, 1},
		{"high without low", append([]byte{0xff, 0xfe}, le('a', '\n', 0xD83D, 'b')...), 6, 2},
		{"high at end", append([]byte{0xff, 0xfe}, le('a', 0xD83D)...), 4, 1},
	}
	for _, tt := range tests {
		for wname, wrap := range wrappers {
			t.Run(tt.name+"/"+wname, func(t *testing.T) {
				_, de := decodeError(t, tt.data, Auto, wrap)
				if !errors.Is(de, ErrInvalidUTF16) || de.Offset != tt.offset || de.Line != tt.line {
					t.Errorf("got %v at %d line %d; want ErrInvalidUTF16 at %d line %d", de, de.Offset, de.Line, tt.offset, tt.line)
				}
			})
		}
	}
	// A surrogate pair split over one-byte reads is fine.
	data := utf16Bytes(t, "😀 Åsa", unicode.BigEndian, true)
	if got, _, err := decode(data, Auto, iotest.OneByteReader); err != nil || got != "😀 Åsa" {
		t.Errorf("got %q, %v", got, err)
	}
}

// errAfterReader returns data and then err instead of io.EOF.
type errAfterReader struct {
	data []byte
	err  error
}

func (r *errAfterReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestReadErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	if _, _, err := NewReader(iotest.ErrReader(boom), Auto); !errors.Is(err, boom) {
		t.Errorf("NewReader error %v, want it to wrap %v", err, boom)
	}
	for _, enc := range []Encoding{Auto, UTF8, Windows1252, UTF16} {
		data := []byte("abc\r\n")
		if enc == UTF16 {
			data = utf16Bytes(t, "abc", unicode.LittleEndian, true)
		}
		// Make the error come after the sniffed sample.
		data = append(data, bytes.Repeat([]byte{'x', 0}[:1+boolInt(enc == UTF16)], SniffLen)...)
		r, _, err := NewReader(&errAfterReader{data: data, err: boom}, enc)
		if err != nil {
			t.Fatalf("%v: NewReader: %v", enc, err)
		}
		if _, err := io.ReadAll(r); !errors.Is(err, boom) {
			t.Errorf("%v: read error %v, want it to wrap %v", enc, err, boom)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestReaderContract runs the standard io.Reader checks on the readers
// returned by NewReader.
func TestReaderContract(t *testing.T) {
	inputs := map[string][]byte{
		"utf-8":        []byte(strings.Repeat(sample, 50)),
		"utf-16":       utf16Bytes(t, strings.Repeat(sample, 50), unicode.LittleEndian, true),
		"windows-1252": mustEncode(t, strings.Repeat(sample, 50), charmap.Windows1252.NewEncoder().String),
	}
	for name, data := range inputs {
		r, _, err := NewReader(bytes.NewReader(data), Auto)
		if err != nil {
			t.Fatal(err)
		}
		if err := iotest.TestReader(r, []byte(strings.Repeat(sample, 50))); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
