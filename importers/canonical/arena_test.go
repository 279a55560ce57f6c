package canonical

import (
	"bytes"
	"strings"
	"testing"
)

// TestStringArenaCopies: the strings keep their bytes when the input is written over
// and when the arena moves on to a new chunk, including for values longer than a chunk.
func TestStringArenaCopies(t *testing.T) {
	var a stringArena
	buf := []byte("A100000;P-743A6A45")
	var got, want []string
	for i := 0; i < 40_000; i++ { // several chunks
		s := a.str(buf)
		got, want = append(got, s), append(want, string(buf))
		buf[len(buf)-1] = byte('0' + i%10) // the reader's buffer is reused
	}
	long := bytes.Repeat([]byte("å"), arenaChunk)
	got, want = append(got, a.str(long), a.str(nil), a.str([]byte("x"))), append(want, string(long), "", "x")
	for i := range long {
		long[i] = 'z'
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("string %d = %.20q…, want %.20q…", i, got[i], want[i])
		}
	}
	if !strings.HasPrefix(got[len(got)-3], "å") {
		t.Errorf("long value changed when its input was written over")
	}
}
