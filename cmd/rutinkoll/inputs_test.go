package main

import (
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// TestGCForImport: a large input is read with GOGC 400 and a memory limit of twice its
// size, both restored afterwards; a small one, or an operator's GOGC, is left alone.
func TestGCForImport(t *testing.T) {
	dir := t.TempDir()
	file := func(name string, size int64) namedInput {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.Truncate(size); err != nil { // sparse: no disk used
			t.Fatal(err)
		}
		return fileInput(p)
	}
	large, small := file("large.csv", 700<<20), file("small.csv", 1<<20)
	percent := debug.SetGCPercent(100)
	limit := debug.SetMemoryLimit(math.MaxInt64)
	defer func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}()
	current := func() (int, int64) {
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		return p, debug.SetMemoryLimit(-1)
	}
	for _, tc := range []struct {
		name      string
		in        namedInput
		gogc      string
		wantGC    int
		wantLimit int64
	}{
		{"large", large, "", 400, 1400 << 20},
		{"small", small, "", 100, math.MaxInt64},
		{"operator's GOGC", large, "50", 100, math.MaxInt64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.gogc != "" {
				t.Setenv("GOGC", tc.gogc)
			}
			done := gcForImport([]namedInput{tc.in})
			if p, l := current(); p != tc.wantGC || l != tc.wantLimit {
				t.Errorf("while reading: GOGC %d, limit %d; want %d, %d", p, l, tc.wantGC, tc.wantLimit)
			}
			done()
			if p, l := current(); p != 100 || l != math.MaxInt64 {
				t.Errorf("after reading: GOGC %d, limit %d; want 100 and none", p, l)
			}
		})
	}
}
