//go:build linux && (amd64 || arm64)

package main

import (
	"os"
	"syscall"
)

// dropCache asks the kernel to drop the page cache of f (posix_fadvise DONTNEED),
// so that the read after it caches the file afresh. Errors are ignored: the bench
// then reads the file as it is cached.
func dropCache(f *os.File) {
	const fadvDontneed = 4
	syscall.Syscall6(syscall.SYS_FADVISE64, f.Fd(), 0, 0, fadvDontneed, 0, 0)
}

// flushWrites has the kernel write every file's dirty pages to disk and waits for it,
// so that a timed run is not slowed by the writing back of what the run before it wrote
// (the full stage writes 2 GB of reports at 10M events).
func flushWrites() { syscall.Sync() }
