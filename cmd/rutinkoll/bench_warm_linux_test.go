//go:build linux && (amd64 || arm64)

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"unsafe"
)

// TestWarmCacheFillsThePageCache: dropCache takes a file's pages out of the page cache
// (posix_fadvise DONTNEED), and warmCache, which drops them too, brings every one back
// (mincore).
func TestWarmCacheFillsThePageCache(t *testing.T) {
	const size = 4 << 20
	path := filepath.Join(t.TempDir(), "f.csv")
	if err := os.WriteFile(path, bytes.Repeat([]byte("abc;def\n"), size/8), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		t.Skipf("fsync: %v", err) // dirty pages are not dropped
	}
	m, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Skipf("mmap: %v", err)
	}
	defer syscall.Munmap(m)
	pages := size / os.Getpagesize()
	if got := cached(t, m); got == 0 {
		t.Fatal("the file just written is not in the page cache")
	}
	var fs syscall.Statfs_t
	if err := syscall.Statfs(path, &fs); err != nil || !dropsPages[fs.Type] {
		// tmpfs keeps a file's pages, as may overlay and network file systems.
		t.Skipf("file system %#x: not one known to drop a file's clean pages", fs.Type)
	}
	dropCache(f)
	if got := cached(t, m); got == pages {
		t.Fatalf("after dropCache all %d pages are still in the page cache", pages)
	}
	if _, err := warmCache(path); err != nil {
		t.Fatal(err)
	}
	if got := cached(t, m); got != pages {
		t.Errorf("after warmCache %d of %d pages in the page cache", got, pages)
	}
}

// dropsPages holds statfs's types of the file systems that drop a file's clean pages
// on posix_fadvise DONTNEED: ext4, xfs, btrfs.
var dropsPages = map[int64]bool{0xEF53: true, 0x58465342: true, 0x9123683E: true}

// cached returns how many pages of the mapping m are in memory (mincore), without
// touching them.
func cached(t *testing.T, m []byte) int {
	t.Helper()
	vec := make([]byte, (len(m)+os.Getpagesize()-1)/os.Getpagesize())
	if _, _, errno := syscall.Syscall(syscall.SYS_MINCORE, uintptr(unsafe.Pointer(unsafe.SliceData(m))), uintptr(len(m)), uintptr(unsafe.Pointer(unsafe.SliceData(vec)))); errno != 0 {
		t.Skipf("mincore: %v", errno)
	}
	n := 0
	for _, v := range vec {
		n += int(v & 1)
	}
	return n
}
