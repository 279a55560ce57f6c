package canonical

import "unsafe"

// arenaChunk is the size of a stringArena's chunks: room for the ids, pseudonyms and
// IVO codes of about 8,000 cases.
const arenaChunk = 256 << 10

// stringArena makes strings of byte slices by copying them into large chunks it never
// writes again, one allocation per chunk instead of one per string. A million cases
// have three such strings each (id, pseudonym, IVO code), and the allocations took a
// tenth of a second of the import at 10M rows. The strings keep their chunk alive;
// they are held for the whole audit, as their cases are.
type stringArena struct {
	free []byte // the current chunk: written up to len, never again below it
}

// str returns a string holding a copy of b.
func (a *stringArena) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if cap(a.free)-len(a.free) < len(b) {
		a.free = make([]byte, 0, max(arenaChunk, len(b)))
	}
	n := len(a.free)
	a.free = append(a.free, b...)
	return unsafe.String(&a.free[n], len(b))
}
