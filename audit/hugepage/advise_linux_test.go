//go:build linux

package hugepage

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strings"
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

func TestAdviseMarksWholeHugePages(t *testing.T) {
	size := pageSize()
	if size == 0 {
		t.Skip("transparent huge pages are off on this machine")
	}
	mode, _ := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if !strings.Contains(string(mode), "[madvise]") {
		t.Skipf("transparent huge pages are %q, not on request: the advice cannot be told apart", strings.TrimSpace(string(mode)))
	}
	const n = 64 << 20 / 8
	plain := make([]uint64, n)
	advised := make([]uint64, n)
	Advise(advised)
	for i := range advised {
		advised[i] = uint64(i)
	}
	mid := func(s []uint64) uintptr { return uintptr(unsafe.Pointer(&s[len(s)/2])) }
	if got := vmaFlag(t, mid(advised), "THPeligible"); got != "1" {
		t.Errorf("advised array: THPeligible %s, want 1", got)
	}
	if got := vmaFlag(t, mid(plain), "THPeligible"); got != "0" {
		t.Errorf("array not advised: THPeligible %s, want 0", got)
	}
	for i, v := range advised {
		if v != uint64(i) {
			t.Fatalf("advised[%d] = %d after writing %d", i, v, i)
		}
	}
	runtime.KeepAlive(plain)
}
