//go:build linux

package hugepage

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// vmaFlag returns the value of key (e.g. "THPeligible") in /proc/self/smaps for the
// mapping that holds address p.
func vmaFlag(t *testing.T, p uintptr, key string) string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x", &lo, &hi); n == 2 {
			in = lo <= p && p < hi
			continue
		}
		if in && strings.HasPrefix(line, key+":") {
			return strings.TrimSpace(strings.TrimPrefix(line, key+":"))
		}
	}
	t.Fatalf("no mapping holds %#x with %s", p, key)
	return ""
}

// onRequest skips the test unless huge pages are given on request, the one setting
// where the advice can be seen.
func onRequest(t *testing.T) {
	t.Helper()
	if pageSize() == 0 {
		t.Skip("transparent huge pages are not on request (madvise) here, or turned off")
	}
}

// mapped returns n bytes of fresh anonymous memory of its own mapping, unmapped at the
// end of the test: unlike the Go heap, no earlier advice can be on it.
func mapped(t *testing.T, n int) []byte {
	t.Helper()
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Munmap(b) })
	return b
}

// TestAdviseMarksOnlyWholeHugePagesInside: the advice covers the huge pages inside the
// memory and nothing around it.
func TestAdviseMarksOnlyWholeHugePagesInside(t *testing.T) {
	onRequest(t)
	size := pageSize()
	b := mapped(t, int(8*size))
	base := uintptr(unsafe.Pointer(&b[0]))
	// Advise the memory from 4 KiB past the first huge page boundary to 4 KiB short of
	// the last: only the whole huge pages between are marked.
	first := (base + size - 1) &^ (size - 1)
	lo, hi := first+4096, first+5*size-4096
	advise(unsafe.Pointer(&b[lo-base]), hi-lo)
	for _, tc := range []struct {
		name string
		at   uintptr
		want string
	}{
		{"before the first whole page", lo, "0"},
		{"first whole page", first + size, "1"},
		{"last whole page", first + 4*size - 1, "1"},
		{"after the last whole page", hi - 1, "0"},
		{"outside", first + 6*size, "0"},
	} {
		if got := vmaFlag(t, tc.at, "THPeligible"); got != tc.want {
			t.Errorf("%s: THPeligible %s, want %s", tc.name, got, tc.want)
		}
	}
	b[first+size-base] = 1 // the memory stays usable
}

// TestAdviseNeedsEnable: a slice is advised only once the process has enabled it.
func TestAdviseNeedsEnable(t *testing.T) {
	onRequest(t)
	defer enabled.Store(enabled.Load())
	const n = 64 << 20 / 8
	enabled.Store(true)
	advised := make([]uint64, n)
	Advise(advised)
	advised[n/2] = 1
	if got := vmaFlag(t, uintptr(unsafe.Pointer(&advised[n/2])), "THPeligible"); got != "1" {
		t.Errorf("enabled: THPeligible %s, want 1", got)
	}
	// Not enabled: checked on memory of its own mapping, which no advice reached.
	enabled.Store(false)
	b := mapped(t, 64<<20)
	Advise(b)
	if got := vmaFlag(t, uintptr(unsafe.Pointer(&b[32<<20])), "THPeligible"); got != "0" {
		t.Errorf("not enabled: THPeligible %s, want 0", got)
	}
}
