package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "first\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "second\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "second\n" {
		t.Fatalf("content %q", b)
	}
}

// TestFailedWriteLeavesPreviousFile: a writer that fails half way leaves the previous
// file as it was and no temporary file behind.
func TestFailedWriteLeavesPreviousFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rapport.xlsx")
	if err := os.WriteFile(path, []byte("previous report"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk full")
	err := Write(path, func(w io.Writer) error {
		io.WriteString(w, "half a new rep")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v does not wrap the writer's error", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "previous report" {
		t.Fatalf("previous file changed: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
}

func TestWriteToMissingDirectory(t *testing.T) {
	err := Write(filepath.Join(t.TempDir(), "nope", "x.csv"), func(w io.Writer) error { return nil })
	if err == nil {
		t.Fatal("no error for a missing directory")
	}
}

// TestPrepareCommitDiscard: a prepared file is invisible until committed, and a
// discarded one leaves the previous file and no temporary file behind.
func TestPrepareCommitDiscard(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "verdicts.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	p, err := Prepare(path, write("new\n"))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old\n" {
		t.Fatalf("prepared file already in place: %q", b)
	}
	p.Discard()
	if b, _ := os.ReadFile(path); string(b) != "old\n" {
		t.Fatalf("discard changed the file: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("%d files after discard, want 1", len(entries))
	}
	p, err = Prepare(path, write("new\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Fatalf("after commit: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("%d files after commit, want 1", len(entries))
	}
}
