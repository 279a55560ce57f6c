package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSortByDate: rows come out by their date column, rows of one date in their first
// order, the header first; a semicolon inside quotes does not move the column, and a
// last row without a line ending gets one. Files it cannot sort are refused with the
// line.
func TestSortByDate(t *testing.T) {
	for _, tc := range []struct {
		name, in, want, err string
	}{
		{
			name: "sorted, stable",
			in:   "case_id;utforare;date;x\nA;U;2026-03-01;1\nA;U;2026-01-05;2\nB;\"Vård; Omsorg AB\";2026-01-05;3\nB;U;2025-12-31;4\nC;U;2026-03-01;5",
			want: "case_id;utforare;date;x\nB;U;2025-12-31;4\nA;U;2026-01-05;2\nB;\"Vård; Omsorg AB\";2026-01-05;3\nA;U;2026-03-01;1\nC;U;2026-03-01;5\n",
		},
		{name: "header only", in: "case_id;date\n", want: "case_id;date\n"},
		{name: "no date column", in: "case_id;datum\nA;2026-01-01\n", err: "in.csv:1: no date column"},
		{name: "quoted line break", in: "case_id;date;x\nA;2026-01-01;\"a\nb\"\n", err: "in.csv:2: a quoted field spans lines"},
		{name: "short row", in: "case_id;x;date\nA;1;2026-01-01\nB\n", err: "in.csv:3: the row has no column 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			src, dst := filepath.Join(dir, "in.csv"), filepath.Join(dir, "out.csv")
			if err := os.WriteFile(src, []byte(tc.in), 0o644); err != nil {
				t.Fatal(err)
			}
			err := sortByDate(src, dst)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one with %q", err, tc.err)
				}
				if _, serr := os.Stat(dst); serr == nil {
					t.Error("a file was written for input that could not be sorted")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(dst)
			if string(got) != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
