package xlsxcell

import (
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
)

// inflate decompresses a raw deflate stream with the standard library.
func inflate(t testing.TB, b []byte) []byte {
	t.Helper()
	out, err := io.ReadAll(flate.NewReader(bytes.NewReader(b)))
	if err != nil {
		t.Fatalf("the stream does not inflate: %v", err)
	}
	return out
}

// deflateAll compresses in with a parallelDeflate, written in pieces of at most chunk
// bytes.
func deflateAll(t testing.TB, in []byte, chunk int) []byte {
	t.Helper()
	var out bytes.Buffer
	d, err := newParallelDeflate(&out, 1)
	if err != nil {
		t.Fatal(err)
	}
	for p := in; len(p) > 0; {
		k := min(len(p), chunk)
		if n, err := d.Write(p[:k]); n != k || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
		p = p[k:]
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestParallelDeflateRoundTrip compresses inputs around the block size, written in
// pieces of several sizes, and checks that the standard library inflates each to the
// input exactly.
func TestParallelDeflateRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	text := bytes.Repeat([]byte(`<row r="3"><c r="A3" t="inlineStr"><is><t>Ekängens äldreboende</t></is></c></row>`), 1+4*deflateBlock/80)
	noise := make([]byte, 3*deflateBlock+17)
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	for _, size := range []int{0, 1, 100, deflateBlock - 1, deflateBlock, deflateBlock + 1, 2 * deflateBlock, len(text)} {
		for _, chunk := range []int{1 << 30, 4096, 7, deflateBlock + 3} {
			if chunk == 7 && size > 1<<16 {
				continue // byte-sized writes of megabytes take long for nothing new
			}
			in := text[:size]
			if got := inflate(t, deflateAll(t, in, chunk)); !bytes.Equal(got, in) {
				t.Fatalf("size %d, writes of %d: inflated %d bytes differ from the input", size, chunk, len(got))
			}
		}
	}
	if got := inflate(t, deflateAll(t, noise, 65536)); !bytes.Equal(got, noise) {
		t.Fatal("incompressible input changed")
	}
	// Compressible text still compresses.
	if out := deflateAll(t, text, 1<<20); len(out) > len(text)/5 {
		t.Errorf("%d bytes compressed to %d", len(text), len(out))
	}
}

// failWriter fails every write after the first n bytes.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

// TestParallelDeflateReportsWriteErrors checks that an error of the underlying writer
// comes back from Write once it has happened, and from Close, that compressing stops
// and that nothing hangs.
func TestParallelDeflateReportsWriteErrors(t *testing.T) {
	d, err := newParallelDeflate(&failWriter{n: 10}, 1)
	if err != nil {
		t.Fatal(err)
	}
	block := bytes.Repeat([]byte("abc"), deflateBlock/3+1)
	var writeErr error
	for i := 0; i < 4*maxInFlight+4 && writeErr == nil; i++ {
		_, writeErr = d.Write(block)
	}
	if writeErr == nil || writeErr.Error() != "disk full" {
		t.Errorf("Write after the output failed = %v, want disk full", writeErr)
	}
	if _, err := d.Write(block); err == nil || err.Error() != "disk full" {
		t.Errorf("a later Write = %v, want disk full", err)
	}
	if err := d.Close(); err == nil || err.Error() != "disk full" {
		t.Fatalf("Close = %v, want disk full", err)
	}
}

// TestParallelDeflateClosingError checks that a failure writing the end of the stream
// comes back from Close.
func TestParallelDeflateClosingError(t *testing.T) {
	d, err := newParallelDeflate(&failWriter{n: 0}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err == nil || err.Error() != "disk full" {
		t.Fatalf("Close = %v, want disk full", err)
	}
}

// TestParallelDeflateLevels checks the range of levels accepted.
func TestParallelDeflateLevels(t *testing.T) {
	for _, tc := range []struct {
		level int
		ok    bool
	}{{-3, false}, {-2, true}, {0, true}, {1, true}, {9, true}, {10, false}, {42, false}} {
		_, err := newParallelDeflate(io.Discard, tc.level)
		if (err == nil) != tc.ok {
			t.Errorf("level %d: err = %v, want accepted %v", tc.level, err, tc.ok)
		}
	}
}

// TestParallelDeflateDeterministic checks that a part of several blocks compresses to
// the same bytes every time, whatever the sizes of the writes, and that an empty part
// is the final block alone.
func TestParallelDeflateDeterministic(t *testing.T) {
	in := bytes.Repeat([]byte(`<row r="7"><c r="B7" t="inlineStr"><is><t>Hemtjänst Öst</t></is></c></row>`), 3*deflateBlock/70)
	want := deflateAll(t, in, 1<<30)
	for _, chunk := range []int{4096, deflateBlock - 1, deflateBlock + 5} {
		if got := deflateAll(t, in, chunk); !bytes.Equal(got, want) {
			t.Errorf("writes of %d: %d bytes out, differing from %d", chunk, len(got), len(want))
		}
	}
	if got := deflateAll(t, nil, 1); !bytes.Equal(got, finalBlock) {
		t.Errorf("empty input gives % x, want % x", got, finalBlock)
	}
}

// FuzzParallelDeflate checks the round trip on any input, written in pieces of any size.
func FuzzParallelDeflate(f *testing.F) {
	f.Add([]byte("hello, hello, hello"), uint16(3))
	f.Add([]byte{}, uint16(0))
	f.Fuzz(func(t *testing.T, in []byte, chunk uint16) {
		if got := inflate(t, deflateAll(t, in, int(chunk)+1)); !bytes.Equal(got, in) {
			t.Fatalf("round trip changed %d bytes", len(in))
		}
	})
}
