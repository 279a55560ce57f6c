package canonical

import (
	"unsafe"

	"github.com/rutinkoll/rutinkoll/audit/hugepage"
)

// arenaChunk is the size of a stringArena's chunks: room for the ids, pseudonyms and
// IVO codes of about 250,000 cases, and large enough to be mapped in huge pages
// (package hugepage). Only the pages written cost memory, so a small file's one chunk
// costs what it holds, in 2 MiB steps where huge pages are asked for. (Chunks of 256 KiB put 29 MB of small pages in the import of
// 10M rows, on a machine where those cost 3 s per GiB.)
const arenaChunk = 8 << 20

// stringArena makes strings by copying bytes into large chunks it never writes again,
// one allocation per chunk instead of one per string. A million cases have three such
// strings each (id, pseudonym, IVO code), and their allocations took a tenth of a
// second of the import at 10M rows. The strings keep their chunk alive, so only what
// the data set keeps goes in (Builder.mergeBlock): the workers put a block's strings in
// its result's scratch buffer (blockResult.text), which is reused.
type stringArena struct {
	free []byte // the current chunk: written up to len, never again below it
}

// str returns a string holding a copy of b.
func (a *stringArena) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if cap(a.free)-len(a.free) < len(b) {
		a.free = hugepage.Make[byte](max(arenaChunk, len(b)))
	}
	n := len(a.free)
	a.free = append(a.free, b...)
	return unsafe.String(&a.free[n], len(b))
}

// keep returns a copy of s in the arena.
func (a *stringArena) keep(s string) string {
	return a.str(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// text returns a string of b's bytes in the result's scratch buffer. It is valid until
// the result is recycled: mergeBlock copies what the data set keeps into the Builder's
// arena. (A string of a case already in the data set is dropped; in a file sorted by
// date that is most of them.)
func (r *blockResult) text(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if cap(r.scratch)-len(r.scratch) < len(b) {
		// The strings made so far keep the old buffer; the result reuses the new one.
		r.scratch = make([]byte, 0, max(2*cap(r.scratch), len(b), 16<<10))
	}
	n := len(r.scratch)
	r.scratch = append(r.scratch, b...)
	return unsafe.String(&r.scratch[n], len(b))
}

// join returns a string of a, b and c one after another in the result's scratch
// buffer, valid as text's are.
func (r *blockResult) join(a, b, c string) string {
	n := len(a) + len(b) + len(c)
	if n == 0 {
		return ""
	}
	if cap(r.scratch)-len(r.scratch) < n {
		r.scratch = make([]byte, 0, max(2*cap(r.scratch), n, 16<<10))
	}
	start := len(r.scratch)
	r.scratch = append(append(append(r.scratch, a...), b...), c...)
	return unsafe.String(&r.scratch[start], n)
}
