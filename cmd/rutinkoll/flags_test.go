package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestListFlag checks that --input and --routines split on commas, except for a value
// that names an existing file with a comma in its name.
func TestListFlag(t *testing.T) {
	dir := t.TempDir()
	withComma := filepath.Join(dir, "Export, oktober.csv")
	if err := os.WriteFile(withComma, []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		values []string
		want   []string
	}{
		{[]string{"a.csv,b.csv"}, []string{"a.csv", "b.csv"}},
		{[]string{"a.csv, b.csv ,", "c.csv"}, []string{"a.csv", "b.csv", "c.csv"}},
		{[]string{withComma}, []string{withComma}},
		{[]string{" " + withComma + "  "}, []string{withComma}}, // pasted with spaces
		{[]string{withComma, "a.csv,b.csv"}, []string{withComma, "a.csv", "b.csv"}},
		{[]string{filepath.Join(dir, "Export, november.csv")}, []string{filepath.Join(dir, "Export"), "november.csv"}}, // no such file: split as before
	}
	for _, tt := range tests {
		var l listFlag
		for _, v := range tt.values {
			if err := l.Set(v); err != nil {
				t.Fatal(err)
			}
		}
		if !slices.Equal(l, tt.want) {
			t.Errorf("Set(%q) = %q, want %q", tt.values, l, tt.want)
		}
	}
}
