package canonical

import (
	"math/bits"
	"unsafe"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/hugepage"
)

// roomSlab is the size, in events, of the slabs eventRooms carves rooms from: 16 MiB.
const roomSlab = 16 << 20 / int(unsafe.Sizeof(audit.Event{}))

// eventRooms hands out room for the events of cases read in several blocks (every case
// of a file sorted by date), which grow a block at a time. Rooms hold a power of two
// events, at least four, and are carved from large slabs (mapped in huge pages, see
// package hugepage) rather than allocated on the heap, where each growth was an
// allocation to set up, clear and collect. A room a case has outgrown is kept and given
// to the next case that needs one of its size: written to once already, it is not
// fresh memory, which is what costs on this class of machine (see docs/benchmarks.md).
type eventRooms struct {
	slab  []audit.Event     // the newest slab, carved up to its length
	slabs [][]audit.Event   // every slab, to tell their rooms from other arrays
	free  [][][]audit.Event // rooms outgrown, by size class (log2 of their size)
}

// grow returns events followed by more, in a room of its own: events' own when it has
// the room, else a new one, and then events' room is free for another case to reuse when
// it is one of ours. events must be no other case's.
func (r *eventRooms) grow(events, more []audit.Event) []audit.Event {
	n := len(events) + len(more)
	if n <= cap(events) {
		return append(events, more...)
	}
	class := max(2, bits.Len(uint(n-1))) // a room of 1<<class ≥ n events
	room := r.take(class)
	room = append(append(room, events...), more...)
	r.give(events)
	return room
}

// take returns an empty room of 1<<class events.
func (r *eventRooms) take(class int) []audit.Event {
	if class < len(r.free) {
		if f := r.free[class]; len(f) > 0 {
			room := f[len(f)-1]
			r.free[class] = f[:len(f)-1]
			return room[:0]
		}
	}
	size := 1 << class
	if cap(r.slab)-len(r.slab) < size {
		r.slab = hugepage.Make[audit.Event](max(size, roomSlab))
		r.slabs = append(r.slabs, r.slab[:cap(r.slab)])
	}
	free := len(r.slab)
	r.slab = r.slab[:free+size]
	return r.slab[free : free : free+size]
}

// give keeps events' room for reuse when it is a room take handed out: a power of two
// events from one of the slabs. Other arrays (a block's events, which a case starts
// with) are left to the collector.
func (r *eventRooms) give(events []audit.Event) {
	size := cap(events)
	if size < 4 || size&(size-1) != 0 || !r.owns(events) {
		return
	}
	class := bits.Len(uint(size - 1))
	for len(r.free) <= class {
		r.free = append(r.free, nil)
	}
	r.free[class] = append(r.free[class], events[:0:size])
}

// owns reports whether events' array lies in one of the slabs.
func (r *eventRooms) owns(events []audit.Event) bool {
	p := uintptr(unsafe.Pointer(unsafe.SliceData(events)))
	for _, s := range r.slabs {
		start := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
		if p >= start && p < start+uintptr(len(s))*unsafe.Sizeof(audit.Event{}) {
			return true
		}
	}
	return false
}
