package canonical

import (
	"hash/maphash"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/hugepage"
)

// caseIndex finds a case by its id: among the data set's (the Builder's index) or a
// block's (each block worker's, emptied for every block). It is an open-addressing table
// of 8-byte slots, each holding the low 32 bits of the id's hash and the case's
// position + 1 (0 = empty), at most half full. Against a map[string]int32 it takes
// under half the memory (no copy of each id's string header), and the hash of an id
// can be computed ahead, on another core (the block workers do), so that the
// sequential merge of blocks only probes.
type caseIndex struct {
	seed    maphash.Seed
	slots   []uint64
	n       int
	touched uint64 // what touch read, summed: unused
}

func newCaseIndex() caseIndex { return caseIndex{seed: maphash.MakeSeed()} }

// hashID is the hash of id the index is probed with.
func hashID(seed maphash.Seed, id string) uint32 { return uint32(maphash.String(seed, id)) }

// hashIDBytes is hashID of the id whose bytes are id, without making a string of them.
func hashIDBytes(seed maphash.Seed, id []byte) uint32 { return uint32(maphash.Bytes(seed, id)) }

// find returns the position in cases of the case with id, whose hash is h.
func (x *caseIndex) find(cases []audit.Case, id string, h uint32) (int32, bool) {
	if len(x.slots) == 0 {
		return 0, false
	}
	mask := uint32(len(x.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := x.slots[i]
		if s == 0 {
			return 0, false
		}
		if uint32(s>>32) == h {
			if ci := int32(uint32(s)) - 1; cases[ci].ID() == id {
				return ci, true
			}
		}
	}
}

// touch reads the slots where ids of hashes hs are looked for first, so that the probes
// that follow find them in the cache: these reads do not wait for one another, and the
// core overlaps their misses, where probes one by one each waited for its own (at 10M
// rows the merge's probes, a million misses in a 16 MiB table, took 0.20–0.26 CPU-s;
// after touch 0.02).
func (x *caseIndex) touch(hs []uint32) {
	if len(x.slots) == 0 {
		return
	}
	mask := uint32(len(x.slots) - 1)
	var sum uint64
	for _, h := range hs {
		sum += x.slots[h&mask]
	}
	x.touched += sum // kept, so that the compiler keeps the reads
}

// touchCases reads what find compares first for each hash of hs — the case of the
// first slot holding the hash, then the start of that case's id and the first and last
// of its events, which the merge appends to — in two passes over hs (mergeBlock's batch
// of a block's cases), whose reads, like touch's, do not wait for one another. cand
// receives each hash's case, or -1. In a file sorted by date every block brings back
// cases last seen anywhere in memory, and find waited for their misses one after
// another: at 10M rows find took 2.2 of the merge's 3.8 CPU-seconds; with touchCases
// over batches of mergeBatch cases, find 0.2 and touchCases 0.7. It touches hs' slots
// first.
func (x *caseIndex) touchCases(cases []audit.Case, hs []uint32, cand []int32) {
	if len(x.slots) == 0 {
		for j := range hs {
			cand[j] = -1
		}
		return
	}
	x.touch(hs)
	mask := uint32(len(x.slots) - 1)
	var sum uint64
	for j, h := range hs {
		ci := int32(-1)
		for i := h & mask; ; i = (i + 1) & mask {
			s := x.slots[i]
			if s == 0 {
				break
			}
			if uint32(s>>32) == h {
				ci = int32(uint32(s)) - 1
				break
			}
		}
		cand[j] = ci
		if ci >= 0 {
			sum += uint64(len(cases[ci].ID())) // the case's texts and idLen: both ends of it
		}
	}
	for _, ci := range cand {
		if ci < 0 {
			continue
		}
		c := &cases[ci]
		if id := c.ID(); id != "" {
			sum += uint64(id[0])
		}
		if n := len(c.Events); n > 0 {
			sum += uint64(c.Events[0].Line + c.Events[n-1].Line)
		}
	}
	x.touched += sum
}

// add records that the case at position ci has an id of hash h (an id not in the index).
func (x *caseIndex) add(h uint32, ci int32) {
	if 2*(x.n+1) > len(x.slots) {
		x.grow(x.n + 1)
	}
	x.put(h, ci)
	x.n++
}

func (x *caseIndex) put(h uint32, ci int32) {
	mask := uint32(len(x.slots) - 1)
	i := h & mask
	for x.slots[i] != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = uint64(h)<<32 | uint64(uint32(ci+1))
}

// grow makes room for n ids (at most half the slots used), keeping those it holds.
func (x *caseIndex) grow(n int) {
	size := 1024
	for size < 2*n {
		size *= 2
	}
	if size <= len(x.slots) {
		return
	}
	old := x.slots
	x.slots = hugepage.Make[uint64](size)[:size] // 16 MiB for a million cases
	backInAdvance(x.slots)                       // backed now, mostly before put's probes read it (see prefault)
	for _, s := range old {
		if s != 0 {
			x.put(uint32(s>>32), int32(uint32(s))-1)
		}
	}
}
