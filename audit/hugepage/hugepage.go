// Package hugepage asks the operating system to back large, long-lived arrays with
// huge pages (2 MiB instead of 4 KiB on most Linux machines).
//
// The first write to a page of fresh memory makes the kernel find, zero and map that
// page. An audit of ten million events holds about 600 MiB of cases, events and
// verdicts, all written for the first time, and on a virtual machine that first write
// is dear: on the benchmark machine it cost 2.5–4 s per GiB in 4 KiB pages and about
// 1.5–1.9 s per GiB in huge pages (docs/benchmarks.md). Go's heap does not ask for huge pages where
// the system gives them only on request (transparent_hugepage=madvise, the usual
// setting), so the few arrays that hold nearly all that memory ask for themselves.
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
// Elsewhere Advise does nothing, and the program runs as before.
package hugepage

import (
	"sync/atomic"
	"unsafe"
)

var enabled atomic.Bool

// Enable lets Advise act in this process. Call it at the start of a process that ends
// with its work, never in a long-running one (see the package comment).
func Enable() { enabled.Store(true) }

// MinBytes is the smallest array Advise acts on: below it, an array holds few whole
// huge pages and the advice would split the heap's mapping for little.
const MinBytes = 8 << 20

// Advise asks that the backing array of s, to its capacity, be mapped in huge pages
// when first written, where the package comment says it may. Call it right after allocating s, before writing to it: memory
// already written stays in small pages. Only the whole huge pages inside the array are
// advised; arrays under MinBytes are left alone.
func Advise[T any](s []T) {
	var zero T
	n := uintptr(cap(s)) * unsafe.Sizeof(zero)
	if n < MinBytes || !enabled.Load() {
		return
	}
	advise(unsafe.Pointer(unsafe.SliceData(s)), n)
}
