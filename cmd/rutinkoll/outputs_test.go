package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/rutinkoll/rutinkoll/reports"
)

// TestWriteOutputsAllOrNothing: when one output fails, none of the new outputs is put
// in place (the previous ones stay) and no temporary file is left; when all succeed,
// all are in place.
func TestWriteOutputsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.csv", "b.xlsx"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("previous"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := func(s string) func(io.Writer, *reports.Report) error {
		return func(w io.Writer, _ *reports.Report) error { _, err := io.WriteString(w, s); return err }
	}
	boom := errors.New("disk full")
	outs := []output{{"a.csv", text("new")}, {"b.xlsx", func(io.Writer, *reports.Report) error { return boom }}, {"c.pdf", text("new")}}
	if _, err := writeOutputs(dir, outs, &reports.Report{}); !errors.Is(err, boom) {
		t.Fatalf("error %v, want the writer's", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Fatalf("%d files after a failed write, want the 2 previous ones", len(entries))
	}
	for _, e := range entries {
		if b, _ := os.ReadFile(filepath.Join(dir, e.Name())); string(b) != "previous" {
			t.Errorf("%s changed to %q", e.Name(), b)
		}
	}
	outs[1].write = text("new")
	files, err := writeOutputs(dir, outs, &reports.Report{})
	if err != nil || len(files) != 3 {
		t.Fatalf("files %v, error %v", files, err)
	}
	for _, f := range files {
		if b, _ := os.ReadFile(f); string(b) != "new" {
			t.Errorf("%s is %q", f, b)
		}
	}
}
