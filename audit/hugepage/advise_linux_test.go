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

// TestMakeWholeHugePages: Make's slice starts within an element of a huge page boundary
// and its capacity ends within an element of another, all of it advised and usable;
// not enabled, or small, it is a plain slice of exactly the room asked for.
func TestMakeWholeHugePages(t *testing.T) {
	type event [3]uint64 // 24 bytes: a huge page is no whole number of them
	const n = 700_000    // 16 MB
	defer enabled.Store(enabled.Load())

	enabled.Store(false)
	if s := Make[event](n); len(s) != 0 || cap(s) != n {
		t.Errorf("not enabled: len %d cap %d, want 0 and %d", len(s), cap(s), n)
	}
	enabled.Store(true)
	if s := Make[event](10); len(s) != 0 || cap(s) != 10 {
		t.Errorf("small: len %d cap %d, want 0 and 10", len(s), cap(s))
	}

	onRequest(t)
	size := pageSize()
	s := Make[event](n)
	if len(s) != 0 || cap(s) < n {
		t.Fatalf("len %d cap %d, want 0 and at least %d", len(s), cap(s), n)
	}
	s = s[:cap(s)]
	start := uintptr(unsafe.Pointer(&s[0]))
	end := start + uintptr(len(s))*unsafe.Sizeof(s[0])
	if off := start % size; off >= unsafe.Sizeof(s[0]) {
		t.Errorf("starts %d bytes past a huge page boundary, want under an element", off)
	}
	if gap := (size - end%size) % size; gap >= unsafe.Sizeof(s[0]) {
		t.Errorf("ends %d bytes short of a huge page boundary, want under an element", gap)
	}
	for i := range s {
		s[i][0] = uint64(i)
	}
	for _, at := range []uintptr{start, start + (end-start)/2, end - 1} {
		if got := vmaFlag(t, at, "THPeligible"); got != "1" {
			t.Errorf("at %#x (of %#x–%#x): THPeligible %s, want 1", at, start, end, got)
		}
	}
	if s[len(s)-1][0] != uint64(len(s)-1) {
		t.Error("the last element did not keep its value")
	}
}

// TestMakeHugePagesTooLarge: where a huge page is larger than half the array (512 MiB
// with 64 KiB base pages), Make is plain make: no room is added for a layout.
func TestMakeHugePagesTooLarge(t *testing.T) {
	defer enabled.Store(enabled.Load())
	defer func(f func() uintptr) { pageSize = f }(pageSize)
	enabled.Store(true)
	pageSize = func() uintptr { return 512 << 20 }
	type event [3]uint64
	const n = 700_000 // 16 MB
	if s := Make[event](n); len(s) != 0 || cap(s) != n {
		t.Errorf("len %d cap %d, want 0 and %d", len(s), cap(s), n)
	}
}

// resident returns how many of the pages of b are in memory (mincore).
func resident(t *testing.T, b []byte) int {
	t.Helper()
	page := syscall.Getpagesize()
	vec := make([]byte, (len(b)+page-1)/page)
	if _, _, errno := syscall.Syscall(syscall.SYS_MINCORE, uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)), uintptr(unsafe.Pointer(unsafe.SliceData(vec)))); errno != 0 {
		t.Skipf("mincore: %v", errno)
	}
	n := 0
	for _, v := range vec {
		n += int(v & 1)
	}
	return n
}

// TestPopulateBacksWithoutWriting: Populate maps the whole pages inside a slice (none
// of a fresh mapping is resident before, all of them after, the partly covered first
// and last pages not) and leaves what it holds as it was.
func TestPopulateBacksWithoutWriting(t *testing.T) {
	if !CanPopulate() {
		t.Skip("MADV_POPULATE_WRITE not supported by this kernel")
	}
	page := syscall.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, 66*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skipf("mmap: %v", err)
	}
	defer syscall.Munmap(mem)
	inner := mem[page : 65*page]
	if got := resident(t, inner); got != 0 {
		t.Fatalf("%d pages resident before anything was written", got)
	}
	mem[page+10] = 42 // one page written by hand: Populate must keep its byte
	Populate(mem[page/2 : 65*page+page/2])
	if got := resident(t, inner); got != 64 {
		t.Errorf("%d of 64 whole pages resident after Populate", got)
	}
	if got := resident(t, mem[:page]) + resident(t, mem[65*page:]); got != 0 {
		t.Errorf("%d partly covered end pages made resident", got)
	}
	for i, v := range mem {
		if want := byte(0); i == page+10 && v != 42 || i != page+10 && v != want {
			t.Fatalf("byte %d is %d after Populate", i, v)
		}
	}
}
