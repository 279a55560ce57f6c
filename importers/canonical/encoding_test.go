package canonical

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/textenc"
)

// encodingSample is a canonical file with Swedish letters in several columns.
const encodingSample = "case_id;person;insats;utforare;enhet;event;date;details\n" +
	"A1;P-1;hemtjanst;Larmtjänst Öst;Biståndsenheten Söder;beslut;2026-03-01;Åsa – 5 €\n" +
	"A1;P-1;hemtjanst;Larmtjänst Öst;Biståndsenheten Söder;insats_paborjad;2026-03-05;\n" +
	"A2;P-2;hemtjanst;\"Omsorg Älvsjö; AB\";Norr;beslut;2026-03-02;\n" +
	"A2;P-2;hemtjanst;Omsorg;Norr;okänd_händelse;2026-03-03;\n"

func encode(t *testing.T, s string, enc interface{ String(string) (string, error) }) []byte {
	t.Helper()
	out, err := enc.String(s)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(out)
}

// readBoth reads data with ReadFile and with ReadFileAt (blocks of blockBytes, the
// given workers) and fails t unless both give the same result or the same error.
func readBoth(t testing.TB, name string, data []byte, blockBytes, workers int) (*Builder, error) {
	t.Helper()
	seq := NewBuilder(audit.NewVocabulary())
	err := seq.ReadFile(name, bytes.NewReader(data))
	defer func(n int) { blockSize = n }(blockSize)
	blockSize = blockBytes
	par := NewBuilder(audit.NewVocabulary())
	perr := par.ReadFileAt(name, bytes.NewReader(data), int64(len(data)), workers)
	if (err == nil) != (perr == nil) || err != nil && err.Error() != perr.Error() {
		t.Fatalf("blocks of %d, %d workers:\nReadFile:   %v\nReadFileAt: %v", blockBytes, workers, err, perr)
	}
	if err != nil {
		return seq, err
	}
	if !reflect.DeepEqual(seq.Dataset(), par.Dataset()) || !reflect.DeepEqual(seq.Stats, par.Stats) || !reflect.DeepEqual(seq.Rejected, par.Rejected) {
		t.Fatalf("blocks of %d, %d workers: ReadFileAt differs from ReadFile", blockBytes, workers)
	}
	return seq, nil
}

// TestReadEncodings: a canonical file saved as Windows-1252 (Swedish Excel's "CSV
// (semikolonavgränsad)"), UTF-16 or UTF-8, with or without BOM, gives the same cases,
// events and rejections through ReadFile and ReadFileAt.
func TestReadEncodings(t *testing.T) {
	want, err := readBoth(t, "f.csv", []byte(encodingSample), 1<<20, 1)
	if err != nil {
		t.Fatal(err)
	}
	wantDS := want.Dataset()
	if c := wantDS.Cases[0]; c.Utforare.String() != "Larmtjänst Öst" || c.Enhet.String() != "Biståndsenheten Söder" {
		t.Fatalf("UTF-8 sample read as %+v", c)
	}
	ascii := strings.NewReplacer("ä", "a", "Ö", "O", "å", "a", "ö", "o", "Å", "A", "Ä", "A", "–", "-", "€", "EUR").Replace(encodingSample)
	tests := []struct {
		name string
		data []byte
		want string // the file as UTF-8
	}{
		{"utf-8", []byte(encodingSample), encodingSample},
		{"utf-8 bom", append([]byte("\ufeff"), encodingSample...), encodingSample},
		{"windows-1252", encode(t, encodingSample, charmap.Windows1252.NewEncoder()), encodingSample},
		{"windows-1252 crlf", encode(t, strings.ReplaceAll(encodingSample, "\n", "\r\n"), charmap.Windows1252.NewEncoder()), encodingSample},
		{"utf-16le bom", encode(t, encodingSample, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder()), encodingSample},
		{"utf-16be bom", encode(t, encodingSample, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder()), encodingSample},
		{"ascii", []byte(ascii), ascii},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref, err := readBoth(t, "f.csv", []byte(tt.want), 1<<20, 1)
			if err != nil {
				t.Fatal(err)
			}
			for _, bs := range []int{16, 100, 1 << 20} {
				for _, workers := range []int{1, 3} {
					got, err := readBoth(t, "f.csv", tt.data, bs, workers)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got.Dataset(), ref.Dataset()) || !reflect.DeepEqual(got.Rejected, ref.Rejected) || !reflect.DeepEqual(got.Stats, ref.Stats) {
						t.Fatalf("blocks of %d, %d workers: result differs from the UTF-8 file's", bs, workers)
					}
				}
			}
			ds := ref.Dataset()
			if tt.name != "ascii" && (ds.Cases[0].Utforare.String() != "Larmtjänst Öst" || ds.Cases[0].DetailsOf(&ds.Cases[0].Events[0]) != "Åsa – 5 €" ||
				ds.Cases[1].Utforare.String() != "Omsorg Älvsjö; AB" || ref.Rejected[0].Value != "okänd_händelse") {
				t.Errorf("read as %+v, rejected %+v", ds.Cases, ref.Rejected)
			}
		})
	}
}

// longUTF8 returns a canonical UTF-8 file of rows lines (header included) whose line
// bad, past the first 64 KiB that the encoding is detected from, has raw in place of
// the utförare.
func longUTF8(rows, bad int, raw string) []byte {
	var sb strings.Builder
	sb.WriteString("case_id;person;insats;utforare;enhet;event;date\n")
	for line := 2; line <= rows; line++ {
		u := "Larmtjänst Öst"
		if line == bad {
			u = raw
		}
		fmt.Fprintf(&sb, "C%05d;P-%d;hemtjanst;%s;Biståndsenheten Söder;beslut;2026-03-%02d\n", line/3, line, u, 1+line%28)
	}
	return []byte(sb.String())
}

// TestReadEncodingErrors: text that is not in the file's encoding fails the read
// through ReadFile and ReadFileAt with the same *EncodingError, naming file, line and
// column and the bytes, never a row imported with garbage.
func TestReadEncodingErrors(t *testing.T) {
	w1252 := encode(t, encodingSample, charmap.Windows1252.NewEncoder())
	tests := []struct {
		name     string
		data     []byte
		sentinel error
		want     []string // parts of the message
	}{
		{"windows-1252 byte on line 5000", longUTF8(6000, 5000, "Larmtj\xe4nst \xd6st"), textenc.ErrInvalidUTF8,
			[]string{"f.csv:5000:31: ", "byte 0xE4", `(in Windows-1252 it is "ä")`, "from line 5000 it may be Windows-1252", `save it as "CSV UTF-8"`}},
		{"windows-1252 byte on the last line", longUTF8(6000, 6000, "\xc5sa"), textenc.ErrInvalidUTF8,
			[]string{"f.csv:6000:25: ", "byte 0xC5"}},
		{"truncated sequence at the end", append(longUTF8(6000, 0, ""), "C9;P;hemtjanst;\xc3"...), textenc.ErrInvalidUTF8,
			[]string{"f.csv:6001:16: ", "ends in the middle"}},
		{"mojibake on line 4000", longUTF8(6000, 4000, "Larmtj\u00c3\u00a4nst"), textenc.ErrMojibake,
			[]string{"f.csv:4000:", `"Ã¤"`, "wrongly converted"}},
		{"damaged utf-8 in the header", []byte("case_id;event;date;\xe4\nÅÅÅ;beslut;2026-01-01;Öst\n"), textenc.ErrInvalidUTF8,
			[]string{"f.csv:1:20: ", "byte 0xE4"}},
		{"undefined windows-1252 byte", append(bytes.Clone(w1252), "A3;P;hemtjanst;\x81;N;beslut;2026-03-02;\n"...), textenc.ErrInvalidByte,
			[]string{"f.csv:6:16: ", "0x81"}},
		{"binary", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml"), textenc.ErrUnsupported,
			[]string{"f.csv:1:6: ", "not a text file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, bs := range []int{100, 4096, 1 << 20} {
				_, err := readBoth(t, "f.csv", tt.data, bs, 2)
				var ee *EncodingError
				if !errors.As(err, &ee) || !errors.Is(err, tt.sentinel) {
					t.Fatalf("blocks of %d: got %v, want an EncodingError wrapping %v", bs, err, tt.sentinel)
				}
				for _, part := range tt.want {
					if !strings.Contains(err.Error(), part) {
						t.Errorf("blocks of %d: %q does not say %q", bs, err, part)
					}
				}
			}
		})
	}
}

// TestEncodingErrorAfterRowErrors: a broken row before the bad bytes, in the same
// block, is reported first, as ReadFile reads it first.
func TestEncodingErrorAfterRowErrors(t *testing.T) {
	data := longUTF8(3000, 0, "")
	data = append(data, "C1;P;hemtjanst;\"U\"x;N;beslut;2026-03-01\nC1;P;hemtjanst;\xe4;N;beslut;2026-03-01\n"...)
	_, err := readBoth(t, "f.csv", data, 1<<20, 2)
	if err == nil || !strings.Contains(err.Error(), "f.csv:3001:") || errors.Is(err, textenc.ErrInvalidUTF8) {
		t.Fatalf("got %v, want the quote error of line 3001", err)
	}
}
