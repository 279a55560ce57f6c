// Package hugepage asks the operating system to back large, long-lived arrays with
// huge pages (2 MiB instead of 4 KiB on most Linux machines).
//
// The first write to a page of fresh memory makes the kernel find, zero and map that
// page. An audit of ten million events holds about 600 MiB of cases, events and
// verdicts, all written for the first time, and on a virtual machine that first write
// is dear: on the benchmark machine it cost 2.5–4 s per GiB in 4 KiB pages and about
// 1.5–1.9 s per GiB in huge pages (docs/benchmarks.md). Go's heap does not ask for huge pages where
// the system gives them only on request (transparent_hugepage=madvise, the usual
// setting), so the few arrays that hold nearly all that memory ask for themselves:
// they are made by Make, laid out on whole huge pages.
//
// The advice is only advice, and it is given only where it can help and cannot harm:
//
//   - in a process that called Enable: a command run once, which ends with its work.
//     The advice stays on the memory after the arrays are freed; a long-running process
//     (the scheduler) reuses that memory for anything, and the kernel's khugepaged may
//     then fill huge pages around the few small objects left in them (why Go's runtime
//     stopped asking for huge pages itself, golang/go#63334);
//   - on Linux, with transparent huge pages on request (the "madvise" setting; with
//     "always" every array has them already, with "never" none can);
//   - unless GODEBUG has disablethp=1 or RUTINKOLL_HUGEPAGES is "off".
//
// Elsewhere Make is make, and the program runs as before.
package hugepage

import (
	"sync/atomic"
	"unsafe"
)

var enabled atomic.Bool

// Enable lets Make ask for huge pages in this process. Call it at the start of a process that ends
// with its work, never in a long-running one (see the package comment).
func Enable() { enabled.Store(true) }

// MinBytes is the smallest array Make asks huge pages for: below it, an array holds few
// whole huge pages and the advice would split the heap's mapping for little.
const MinBytes = 8 << 20

// Make returns an empty slice with room for at least n elements for a large, long-lived
// array, which asks to be mapped in huge pages where the package comment says it may
// (for n elements of at least MinBytes, and of two huge pages). It starts at the first
// element on or after a huge page boundary of an allocation about two huge pages larger
// (which the garbage collector counts as heap, though pages never written cost no
// memory), and its capacity runs on to the next boundary, so that every page it holds
// is a whole huge page. (Advice on a plain array leaves the parts before its first
// boundary and after its last in small pages: up to 4 MiB per array, a quarter of a
// 16 MiB one; at 10M events, 40 MB in all.) Elsewhere Make is make([]T, 0, n).
func Make[T any](n int) []T {
	var zero T
	size := unsafe.Sizeof(zero)
	huge := pageSize()
	total := uintptr(n) * size
	if !enabled.Load() || huge == 0 || size == 0 || total < MinBytes || 2*huge > total {
		// Not asked for, too small, or huge pages too large for the array (512 MiB
		// on ARM machines with 64 KiB pages): the room for the layout would be more
		// than the array, and counts as heap for the garbage collector.
		return make([]T, 0, n)
	}
	// Room for the elements, for the gap before the first boundary, and for the
	// capacity run on to the next: a huge page and an element each, and one to spare.
	extra := 2*int(huge/size) + 3
	all := make([]T, n+extra)
	base := uintptr(unsafe.Pointer(unsafe.SliceData(all)))
	first := (base + huge - 1) &^ (huge - 1)
	k := int((first - base + size - 1) / size) // the first element on or after it
	start := base + uintptr(k)*size
	end := (start + uintptr(n)*size + huge - 1) &^ (huge - 1)
	c := int((end - start) / size)
	advise(unsafe.Add(unsafe.Pointer(unsafe.SliceData(all)), first-base), end-first)
	return all[k : k : k+c]
}

// CanPopulate reports whether Populate works here: on Linux 5.14 and later.
func CanPopulate() bool { return canPopulate() }

// Populate makes the operating system back the memory of s now, as a first write to
// each of its pages would, without writing to it: what s holds does not change, so it
// may run on its own goroutine while others use s. Backing fresh memory is dear on a
// virtual machine (see the package comment); done on its own goroutine, it does not
// hold up the code that made the array. The pages s only partly covers are left. Where
// CanPopulate is false it does nothing, and the caller writes the pages itself.
func Populate[T any](s []T) {
	if len(s) == 0 {
		return
	}
	var zero T
	populate(unsafe.Pointer(unsafe.SliceData(s)), uintptr(len(s))*unsafe.Sizeof(zero))
}
