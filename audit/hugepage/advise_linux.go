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
	size := pageSize()
	if size == 0 {
		return
	}
	base := uintptr(p)
	start := (base + size - 1) &^ (size - 1)
	end := (base + n) &^ (size - 1)
	if end <= start {
		return
	}
	b := unsafe.Slice((*byte)(p), n)
	_ = syscall.Madvise(b[start-base:end-base], syscall.MADV_HUGEPAGE)
}
