package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWarmCacheReadsTheWholeFile: every byte is read, also past the buffer's size and
// in a last short read; a file that cannot be opened is an error naming it.
func TestWarmCacheReadsTheWholeFile(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 1 << 20, 3<<20 + 17} {
		path := filepath.Join(dir, "f.csv")
		if err := os.WriteFile(path, bytes.Repeat([]byte("x"), size), 0o644); err != nil {
			t.Fatal(err)
		}
		n, err := warmCache(path)
		if err != nil || n != int64(size) {
			t.Errorf("size %d: warmCache = %d, %v; want %d, nil", size, n, err, size)
		}
	}
	missing := filepath.Join(dir, "saknas.csv")
	if _, err := warmCache(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: error %v, want one naming %s", err, missing)
	}
}
