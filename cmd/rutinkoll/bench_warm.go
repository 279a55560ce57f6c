package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// warmCache reads the file at path once, untimed, so that a stage timed next finds it in
// the page cache, and returns how many bytes it read. The targets are for a warm
// cache, and on some machines it does not stay warm between stages: the virtual machine
// these benchmarks were run on pages out memory idle for a minute (DAMON's pageout
// scheme), page cache included, so a file last read a few stages ago is partly read
// from disk again. And what such a machine kept and read back of a file made hours
// before was slow to read: `dd` read an aged 162 MB file in 0.04–0.08 s and the same
// file, dropped from the cache and read once, in 0.01 s. So where it can (Linux),
// warmCache first drops the file's cached pages and then reads it: every stage finds
// the file as freshly cached as one just written.
func warmCache(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("bench: warming the page cache: %w", err)
	}
	defer f.Close()
	dropCache(f)
	buf := make([]byte, 1<<20)
	var n int64
	for {
		k, err := f.Read(buf)
		n += int64(k)
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("bench: warming the page cache: %w", err)
		}
	}
}
