package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// TestCommitAllOrNone: when one of a set of files cannot be put in place (its path is a
// directory), the files of the set put in place before it are rolled back to the
// previous ones, a file that did not exist before is removed again, and nothing
// temporary is left; when all can, all are replaced.
func TestCommitAllOrNone(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.csv", "old a")
	write("b.xlsx", "old b")
	if err := os.Mkdir(filepath.Join(dir, "d.pdf"), 0o755); err != nil {
		t.Fatal(err)
	}
	prepare := func(names ...string) []*Pending {
		var ps []*Pending
		for _, n := range names {
			p, err := Prepare(filepath.Join(dir, n), func(w io.Writer) error { _, err := io.WriteString(w, "new "+n); return err })
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, p)
		}
		return ps
	}
	err := CommitAll(prepare("a.csv", "new.json", "b.xlsx", "d.pdf", "e.txt"))
	if err == nil || !strings.Contains(err.Error(), "d.pdf") || !strings.Contains(err.Error(), "directory") {
		t.Fatalf("error %v, want one naming d.pdf as a directory", err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, ","); got != "a.csv,b.xlsx,d.pdf" {
		t.Errorf("directory holds %s, want the previous files only", got)
	}
	for name, want := range map[string]string{"a.csv": "old a", "b.xlsx": "old b"} {
		if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != want {
			t.Errorf("%s = %q, want %q", name, b, want)
		}
	}
	if err := os.Remove(filepath.Join(dir, "d.pdf")); err != nil {
		t.Fatal(err)
	}
	if err := CommitAll(prepare("a.csv", "b.xlsx", "d.pdf")); err != nil {
		t.Fatal(err)
	}
	entries, _ = os.ReadDir(dir)
	for _, e := range entries {
		if b, _ := os.ReadFile(filepath.Join(dir, e.Name())); string(b) != "new "+e.Name() {
			t.Errorf("%s = %q after a successful commit", e.Name(), b)
		}
	}
	if len(entries) != 3 {
		t.Errorf("%d files, want 3", len(entries))
	}
}

// TestPrepareRemovesStale: temporary and kept files that a crashed run left beside an
// output are removed once they are a day old; a fresh one (another run may be writing
// it) and those of other outputs stay.
func TestPrepareRemovesStale(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-25 * time.Hour)
	files := map[string]bool{ // name → removed
		".rapport.xlsx.tmp-111":     true,
		".rapport.xlsx.tmp-222.old": true,
		".rapport.xlsx.tmp-333":     false, // fresh
		".other.xlsx.tmp-444":       false, // another output
		".r[1].xlsx.tmp-555":        true,  // a name with glob characters
		"rapport.xlsx":              false,
	}
	for name, stale := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
		if stale || name == ".other.xlsx.tmp-444" || name == "rapport.xlsx" {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, out := range []string{"rapport.xlsx", "r[1].xlsx"} {
		if err := Write(filepath.Join(dir, out), func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
			t.Fatal(err)
		}
	}
	for name, removed := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		if gone := os.IsNotExist(err); gone != removed {
			t.Errorf("%s: removed %v, want %v", name, gone, removed)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "rapport.xlsx")); string(b) != "new" {
		t.Errorf("rapport.xlsx = %q", b)
	}
}
