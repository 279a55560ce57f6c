//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/rutinkoll/rutinkoll/audit"
)

// TestReadInputsFromAPipe: a named pipe (or /dev/stdin, or <(…) in a shell) has no
// size to split by; it is read as it comes, not taken for an empty file.
func TestReadInputsFromAPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "events.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		f.WriteString("case_id;event;date\nA1;beslut;2026-01-01\nA1;avslut;2026-02-01\nA2;beslut;2026-01-05\n")
	}()
	in, err := readInputs([]namedInput{fileInput(fifo)}, audit.NewVocabulary(), discardLogger(), importOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(in.dataset.Cases); n != 2 || in.stats[0].Imported != 3 {
		t.Fatalf("%d cases, %d rows imported; want 2 and 3", n, in.stats[0].Imported)
	}
}
