package fastcsv

import "testing"

// fuzzDelims are the delimiters the fuzzer chooses from.
var fuzzDelims = []byte{',', ';', '\t', '|', ' ', 'a'}

// FuzzMatchesEncodingCSV checks that for arbitrary input and delimiter the
// Reader returns the same records, errors (kind and position), field
// positions and input offsets as encoding/csv, under every reader variant.
func FuzzMatchesEncodingCSV(f *testing.F) {
	for i, tc := range differentialCases {
		f.Add([]byte(tc.input), uint8(i))
	}
	f.Add([]byte("a,\"b\"\"c\r\nd\",e\r\n\r\n\"f\"g\n"), uint8(0))
	f.Add([]byte("x;\"y;z\"\n\"\n\";\n"), uint8(1))
	f.Fuzz(func(t *testing.T, input []byte, d uint8) {
		compareWithEncodingCSV(t, string(input), fuzzDelims[int(d)%len(fuzzDelims)])
	})
}
