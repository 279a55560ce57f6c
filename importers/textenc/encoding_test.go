package textenc

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestParseEncoding(t *testing.T) {
	tests := []struct {
		in   string
		want Encoding
	}{
		{"", Auto},
		{"auto", Auto},
		{" AUTO ", Auto},
		{"utf-8", UTF8},
		{"UTF8", UTF8},
		{"utf_8", UTF8},
		{"utf-16", UTF16},
		{"utf16", UTF16},
		{"windows-1252", Windows1252},
		{"Windows_1252", Windows1252},
		{"cp1252", Windows1252},
		{"ansi", Windows1252},
		{"iso-8859-1", ISO88591},
		{"ISO8859-1", ISO88591},
		{"latin1", ISO88591},
		{"Latin-1", ISO88591},
	}
	for _, tt := range tests {
		got, err := ParseEncoding(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseEncoding(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"utf-32", "latin9", "iso-8859-15", "ebcdic", "utf 8"} {
		if _, err := ParseEncoding(in); !errors.Is(err, ErrUnknownEncoding) {
			t.Errorf("ParseEncoding(%q) error = %v, want ErrUnknownEncoding", in, err)
		}
	}
}

func TestEncodingStringRoundTrip(t *testing.T) {
	for _, enc := range []Encoding{Auto, UTF8, UTF16, Windows1252, ISO88591} {
		got, err := ParseEncoding(enc.String())
		if err != nil || got != enc {
			t.Errorf("ParseEncoding(%q) = %v, %v; want %v", enc.String(), got, err, enc)
		}
	}
	if got := Encoding(99).String(); got != "Encoding(99)" {
		t.Errorf("String() of an invalid value = %q", got)
	}
}

func TestEncodingText(t *testing.T) {
	type profile struct {
		Encoding Encoding `json:"encoding"`
	}
	var p profile
	if err := json.Unmarshal([]byte(`{"encoding":"latin1"}`), &p); err != nil || p.Encoding != ISO88591 {
		t.Fatalf("Unmarshal = %v, %v; want iso-8859-1", p.Encoding, err)
	}
	out, err := json.Marshal(p)
	if err != nil || string(out) != `{"encoding":"iso-8859-1"}` {
		t.Errorf("Marshal = %s, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"encoding":"klingon"}`), &p); !errors.Is(err, ErrUnknownEncoding) {
		t.Errorf("Unmarshal of an unknown name: %v", err)
	}
	if _, err := json.Marshal(profile{Encoding(7)}); err == nil {
		t.Errorf("Marshal of an invalid value succeeded")
	}
}
