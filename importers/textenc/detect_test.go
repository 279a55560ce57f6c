package textenc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func TestDetect(t *testing.T) {
	w1252 := mustEncode(t, sample, charmap.Windows1252.NewEncoder().String)
	ascii := strings.Repeat("a;b\n", SniffLen/4)
	tests := []struct {
		name string
		data []byte
		want Encoding
		err  error // wrapped by the error, if any
	}{
		{"empty", nil, UTF8, nil},
		{"ascii", []byte("case_id;event\nA;beslut\n"), UTF8, nil},
		{"utf-8", []byte(sample), UTF8, nil},
		{"utf-8 bom", append([]byte("\ufeff"), sample...), UTF8, nil},
		{"utf-8 bom before windows-1252", append([]byte("\ufeff"), w1252...), UTF8, nil},
		{"utf-16le bom", utf16Bytes(t, sample, unicode.LittleEndian, true), UTF16, nil},
		{"utf-16be bom", utf16Bytes(t, sample, unicode.BigEndian, true), UTF16, nil},
		{"utf-16le no bom", utf16Bytes(t, sample, unicode.LittleEndian, false), UTF16, nil},
		{"windows-1252", w1252, Windows1252, nil},
		{"damaged utf-8", []byte("Åsa Öberg Ärla \xe5"), UTF8, nil},
		{"windows-1252 past the sample", append([]byte(ascii), w1252...), UTF8, nil},
		{"cut off at the end of the input", []byte("Åsa\xc3"), Windows1252, nil},
		{"cut off at the end of the sample", append([]byte(ascii[:SniffLen-1]), "\xc3\xa5"...), UTF8, nil},
		{"utf-32", []byte("\xff\xfe\x00\x00A\x00\x00\x00"), Auto, ErrUnsupported},
		{"binary", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa1\xb2[Content_Types].xml"), Auto, ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Detect(tt.data)
			if got != tt.want || !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Fatalf("Detect = %v, %v; want %v, %v", got, err, tt.want, tt.err)
			}
			// The same choice, and error, as NewReader's.
			_, nrEnc, nrErr := NewReader(bytes.NewReader(tt.data), Auto)
			if nrEnc != got || errString(nrErr) != errString(err) {
				t.Errorf("NewReader chose %v, %v; Detect %v, %v", nrEnc, nrErr, got, err)
			}
		})
	}
}

// TestDetectLongHead: only the first SniffLen bytes count, as for NewReader.
func TestDetectLongHead(t *testing.T) {
	data := append([]byte(strings.Repeat("x", SniffLen)), 0xE5, 0)
	if got, err := Detect(data); got != UTF8 || err != nil {
		t.Errorf("Detect = %v, %v; want UTF-8: the bytes past SniffLen do not count", got, err)
	}
}

func TestCheckUTF8(t *testing.T) {
	tests := []struct {
		name       string
		data       string
		err        error
		line, col  int
		offset     int64
		detailPart string
	}{
		{"empty", "", nil, 0, 0, 0, ""},
		{"ascii", "case_id;event\nA;beslut\n", nil, 0, 0, 0, ""},
		{"swedish", sample, nil, 0, 0, 0, ""},
		{"three- and four-byte", "Överkalix – 5 € 😀\n", nil, 0, 0, 0, ""},
		{"a real Ã", "João;Ãngel\n", nil, 0, 0, 0, ""},
		{"windows-1252 byte", "Åsa\nLarmtj\xe4nst\n", ErrInvalidUTF8, 2, 7, 11, "byte 0xE4"},
		{"cut off sequence", "ab\ncd\xc3", ErrInvalidUTF8, 2, 3, 5, "ends in the middle"},
		{"surrogate", "a\xed\xa0\x80", ErrInvalidUTF8, 1, 2, 1, "0xED"},
		{"overlong", "\xc0\xaf", ErrInvalidUTF8, 1, 1, 0, "0xC0"},
		{"mojibake", "x\nPÃ¥l\n", ErrMojibake, 2, 2, 3, `"Ã¥"`},
		{"mojibake dash", "x\nÃ…ke\n", ErrMojibake, 2, 1, 2, "Ã…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckUTF8([]byte(tt.data))
			if tt.err == nil {
				if err != nil {
					t.Fatalf("CheckUTF8: %v", err)
				}
				return
			}
			var de *DecodeError
			if !errors.As(err, &de) || !errors.Is(err, tt.err) {
				t.Fatalf("CheckUTF8 = %v, want a DecodeError wrapping %v", err, tt.err)
			}
			if de.Line != tt.line || de.Column != tt.col || de.Offset != tt.offset || !strings.Contains(de.Detail, tt.detailPart) {
				t.Errorf("got %v at offset %d, line %d, column %d; want offset %d, line %d, column %d, detail with %q",
					de, de.Offset, de.Line, de.Column, tt.offset, tt.line, tt.col, tt.detailPart)
			}
		})
	}
}

// TestCheckUTF8Allocs: valid text is checked without allocating.
func TestCheckUTF8Allocs(t *testing.T) {
	data := []byte(strings.Repeat(sample, 100))
	if n := testing.AllocsPerRun(10, func() {
		if err := CheckUTF8(data); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("%v allocations per check, want 0", n)
	}
}

// TestDecodeErrorColumn: every checker reports the column of the problem in its
// line, counted from after a byte order mark on the first line.
func TestDecodeErrorColumn(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		enc  Encoding
		line int
		col  int
	}{
		{"utf-8 first line", []byte("ab\xff"), UTF8, 1, 3},
		{"utf-8 after bom", []byte("\ufeffab\xff"), UTF8, 1, 3},
		{"utf-8 third line", []byte("a\nÅsa\nÖ\xff"), UTF8, 3, 3},
		{"utf-8 mojibake", []byte("a\nxÃ¥"), UTF8, 2, 2},
		{"windows-1252", []byte("a\r\n\xc5s\x81"), Windows1252, 2, 3},
		{"windows-1252 mojibake", []byte("\xc5\nab\xc3\xa5"), Windows1252, 2, 3},
		{"iso-8859-1", []byte("a\n\n\x96"), ISO88591, 3, 1},
		{"utf-16le", append(utf16Bytes(t, "a\nbc", unicode.LittleEndian, true), 0x00, 0xDC), UTF16, 2, 5},
		{"utf-16 after bom", append(utf16Bytes(t, "a", unicode.LittleEndian, true), 0x00, 0xDC), UTF16, 1, 3},
		{"binary", []byte("ab\ncd\x00"), Auto, 2, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := decode(tt.data, tt.enc, wrappers["onebyte"])
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("got %v, want a DecodeError", err)
			}
			if de.Line != tt.line || de.Column != tt.col {
				t.Errorf("%v: line %d, column %d; want line %d, column %d", de, de.Line, de.Column, tt.line, tt.col)
			}
		})
	}
}

func FuzzCheckUTF8(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("Åsa\nLarmtj\xe4nst\n"))
	f.Add([]byte("x\nPÃ¥l\nJoão Ã\n"))
	f.Add([]byte("0123456789abcdef\xc3\xa50123456789abcdef\xe2\x82\xac\xf0\x9f\x98\x80\xed\xa0\x80"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := validUTF8(data), utf8.Valid(data) && !bytes.Contains(data, []byte("Ã")); got != want {
			t.Fatalf("validUTF8 = %v, want %v", got, want)
		}
		err := CheckUTF8(data)
		if err == nil && !utf8.Valid(data) {
			t.Fatal("invalid UTF-8 accepted")
		}
		// The reader of an input detected as UTF-8 reports the same problem.
		c := newUTF8Checker(0, true)
		var want error
		if de := c.scan(data); de != nil {
			want = de
		} else if de := c.finish(); de != nil {
			want = de
		}
		if errString(err) != errString(want) {
			t.Fatalf("CheckUTF8 = %v, the reader's checker %v", err, want)
		}
		if !bytes.HasPrefix(data, []byte("\ufeff")) && !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
			r, _, nrErr := NewReader(bytes.NewReader(data), UTF8)
			if nrErr == nil {
				_, nrErr = io.ReadAll(r)
			}
			var de, nde *DecodeError
			errors.As(err, &de)
			errors.As(nrErr, &nde)
			if (de == nil) != (nde == nil) || de != nil && (de.Offset != nde.Offset || de.Line != nde.Line || de.Column != nde.Column || de.Detail != nde.Detail) {
				t.Fatalf("CheckUTF8 = %v, NewReader(UTF8) %v", err, nrErr)
			}
		}
		// Checked in pieces that end at line ends, the first problem is the same.
		var got error
		lines, off := 0, int64(0)
		for piece := range bytes.Lines(data) {
			if perr := CheckUTF8(piece); perr != nil {
				de := perr.(*DecodeError)
				de.Line += lines
				de.Offset += off
				got = de
				break
			}
			lines++
			off += int64(len(piece))
		}
		if errString(got) != errString(err) {
			t.Fatalf("in pieces: %v, whole: %v", got, err)
		}
	})
}

// BenchmarkCheckUTF8 checks rows like those of a canonical event file: ASCII with a
// few Swedish letters.
func BenchmarkCheckUTF8(b *testing.B) {
	var sb strings.Builder
	for i := 0; sb.Len() < 512<<10; i++ {
		fmt.Fprintf(&sb, "A%06d;P-%08X;vard_och_omsorgsboende;Ekängens äldreboende;Biståndsenheten Söder;Stockholms stad;beslut;2025-07-19;2025-07-19;;;M;19680506-T949;\n", i, i*7919)
	}
	data := []byte(sb.String())
	b.Run("CheckUTF8", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if err := CheckUTF8(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("utf8.Valid", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if !utf8.Valid(data) {
				b.Fatal("invalid")
			}
		}
	})
	b.Run("reader", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			r, _, err := NewReader(bytes.NewReader(data), UTF8)
			if err == nil {
				_, err = io.Copy(io.Discard, r)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}
