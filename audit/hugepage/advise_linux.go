//go:build linux

package hugepage

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"unsafe"
)

// pageSize returns the size of a transparent huge page, or 0 when advice would not
// change anything or is turned off (see the package comment).
var pageSize = sync.OnceValue(func() uintptr {
	if os.Getenv("RUTINKOLL_HUGEPAGES") == "off" || slices.Contains(strings.Split(os.Getenv("GODEBUG"), ","), "disablethp=1") {
		return 0
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !strings.Contains(string(mode), "[madvise]") {
		return 0
	}
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size")
	if err != nil {
		return 0
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	if err != nil || n == 0 || n&(n-1) != 0 {
		return 0
	}
	return uintptr(n)
})

// advise marks the whole huge pages inside [p, p+n) MADV_HUGEPAGE. Errors are
// ignored: the advice changes how memory is mapped, never what it holds.
func advise(p unsafe.Pointer, n uintptr) {
	if size := pageSize(); size != 0 {
		madviseInside(p, n, size, syscall.MADV_HUGEPAGE)
	}
}

// madviseInside gives advice on the whole pages of size bytes (a power of two) inside
// [p, p+n), when there are any.
func madviseInside(p unsafe.Pointer, n, size uintptr, advice int) {
	base := uintptr(p)
	start := (base + size - 1) &^ (size - 1)
	end := (base + n) &^ (size - 1)
	if end <= start {
		return
	}
	b := unsafe.Slice((*byte)(p), n)
	_ = syscall.Madvise(b[start-base:end-base], advice)
}

// madvPopulateWrite is MADV_POPULATE_WRITE (Linux 5.14), which package syscall lacks.
const madvPopulateWrite = 23

// canPopulate reports whether the kernel knows MADV_POPULATE_WRITE, tried once on a page
// of its own.
var canPopulate = sync.OnceValue(func() bool {
	page, err := syscall.Mmap(-1, 0, syscall.Getpagesize(), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return false
	}
	defer syscall.Munmap(page)
	return syscall.Madvise(page, madvPopulateWrite) == nil
})

// populate backs the whole pages inside [p, p+n) as a first write would, without
// writing. Errors are ignored: it changes when memory is mapped, never what it holds.
func populate(p unsafe.Pointer, n uintptr) {
	madviseInside(p, n, uintptr(syscall.Getpagesize()), madvPopulateWrite)
}
