package hugepage

import "testing"

func TestAdviseLeavesSmallArraysAlone(t *testing.T) {
	Advise([]byte(nil))
	Advise(make([]byte, 0))
	small := make([]uint64, MinBytes/8-1)
	Advise(small) // under MinBytes: nothing to check but that it is harmless
	small[len(small)-1] = 7
	if small[len(small)-1] != 7 {
		t.Fatal("small array changed")
	}
}
