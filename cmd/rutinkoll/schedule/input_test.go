package schedule

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestInputSelect(t *testing.T) {
	dir := t.TempDir()
	files := []struct {
		name  string
		mtime string
	}{
		{"utdrag-2026-10-03.csv", "2026-11-20 10:00"}, // name date in October
		{"utdrag-20261031.csv", "2026-11-01 10:00"},   // compact name date in October
		{"utdrag-2026-11-01.csv", "2026-10-15 10:00"}, // name date wins over mtime: November
		{"utdrag-2026-10.csv", "2026-12-01 10:00"},    // month name: October
		{"utdrag-nodate.csv", "2026-10-20 10:00"},     // mtime in October
		{"utdrag-old.csv", "2026-09-30 23:59"},        // mtime in September
		{"notes.txt", "2026-12-24 10:00"},             // does not match the glob
		{".hidden.csv", "2026-12-24 10:00"},           // hidden
	}
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, at(f.mtime), at(f.mtime)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	oct, _ := Resolve(PreviousMonth, at("2026-11-06 06:00"), 5)
	tests := []struct {
		name string
		in   Input
		want []string
		err  error
	}{
		{"Newest", Input{Dir: dir, Glob: "*.csv", Pick: PickNewest}, []string{"utdrag-2026-10.csv"}, nil},
		{"Period", Input{Dir: dir, Glob: "*.csv", Pick: PickPeriod}, []string{"utdrag-2026-10-03.csv", "utdrag-2026-10.csv", "utdrag-20261031.csv", "utdrag-nodate.csv"}, nil},
		{"NothingMatches", Input{Dir: dir, Glob: "*.xlsx", Pick: PickNewest}, nil, ErrNoInput},
		{"NothingInPeriod", Input{Dir: dir, Glob: "notes*", Pick: PickPeriod}, nil, ErrNoInput},
		{"MissingDir", Input{Dir: filepath.Join(dir, "nope"), Glob: "*", Pick: PickNewest}, nil, os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.Select(oct, stockholm)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			var names []string
			for _, g := range got {
				names = append(names, filepath.Base(g))
			}
			if diff := cmp.Diff(tt.want, names); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestNameDate(t *testing.T) {
	tests := map[string]string{
		"export_2026-10-31.xlsx":  "2026-10-31",
		"export20261031.csv":      "2026-10-31",
		"export-2026-02-30-1.csv": "2026-02-01", // no such day; the month is read
		"v12345678.csv":           "",
		"2026-13.csv":             "",
		"lifecare_2026-09.csv":    "2026-09-01",
	}
	for name, want := range tests {
		d, ok := nameDate(name)
		got := ""
		if ok {
			got = d.String()
		}
		if got != want {
			t.Errorf("nameDate(%q) = %q, want %q", name, got, want)
		}
	}
}
