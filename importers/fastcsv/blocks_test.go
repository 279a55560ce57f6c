package fastcsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// readBlocks reads input through a BlockSplitter of the given block size and
// NewBytesReader, returning every record with its first field's position, up to
// and including the first error.
func readBlocks(t testing.TB, input string, delim byte, blockSize int) ([]step, []byte) {
	t.Helper()
	s := NewBlockSplitter(strings.NewReader(input), 0, int64(len(input)), 0, blockSize)
	var steps []step
	var joined []byte
	var buf []byte
	for seq := 0; ; seq++ {
		b, err := s.Next(buf)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if b.Seq != seq {
			t.Fatalf("block %d has Seq %d", seq, b.Seq)
		}
		if want := bytes.Count(b.Data, []byte{'\n'}); b.Lines != want || b.LinesBefore != bytes.Count(joined, []byte{'\n'}) {
			t.Fatalf("block %d: Lines %d, LinesBefore %d; want %d and %d", seq, b.Lines, b.LinesBefore, want, bytes.Count(joined, []byte{'\n'}))
		}
		if b.Offset != int64(len(joined)) || !strings.HasPrefix(input[b.Offset:], string(b.Data)) {
			t.Fatalf("block %d: Offset %d, want %d", seq, b.Offset, len(joined))
		}
		joined = append(joined, b.Data...)
		r := NewBytesReader(b.Data, delim, b.LinesBefore)
		for {
			rec, err := r.ReadBytes()
			if err == io.EOF {
				break
			}
			st := step{err: err}
			for i, f := range rec {
				st.record = append(st.record, string(f))
				l, c := r.FieldPos(i)
				st.positions = append(st.positions, [2]int{l, c})
			}
			steps = append(steps, st)
			if err != nil {
				return steps, joined
			}
		}
		buf = b.Data
	}
	return steps, joined
}

// checkBlocks fails t unless blocks of several sizes give the records, positions and
// first error of a sequential read, and hold the whole input.
func checkBlocks(t testing.TB, input string, delim byte) {
	t.Helper()
	var want []step
	r := NewReader(strings.NewReader(input), delim)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		st := step{record: slices.Clone(rec), err: err}
		for i := range rec {
			l, c := r.FieldPos(i)
			st.positions = append(st.positions, [2]int{l, c})
		}
		want = append(want, st)
		if err != nil {
			break
		}
	}
	for _, size := range []int{16, 17, 64, 1000} {
		got, joined := readBlocks(t, input, delim, size)
		var pe *csv.ParseError
		if len(want) == 0 || !errors.As(want[len(want)-1].err, &pe) {
			if !bytes.Equal(joined, []byte(input)) {
				t.Fatalf("size %d: the blocks do not add up to the input", size)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("size %d, input %q: %d records, sequential %d\ngot  %v\nwant %v", size, input, len(got), len(want), got, want)
		}
		for i := range want {
			if !slices.Equal(got[i].record, want[i].record) || !slices.Equal(got[i].positions, want[i].positions) || !sameError(got[i].err, want[i].err) {
				t.Fatalf("size %d, input %q, record %d: got %v, sequential %v", size, input, i, got[i], want[i])
			}
		}
	}
}

func TestBlockSplitter(t *testing.T) {
	for _, tc := range differentialCases {
		t.Run(tc.name, func(t *testing.T) { checkBlocks(t, tc.input, tc.delim) })
	}
}

// FuzzBlockSplitter: blocks read in order give the records of a sequential read.
func FuzzBlockSplitter(f *testing.F) {
	for _, tc := range differentialCases {
		f.Add(tc.input)
	}
	f.Fuzz(func(t *testing.T, input string) { checkBlocks(t, input, ';') })
}

// errAfter is a source that returns its data and then err.
type errAfter struct {
	data []byte
	err  error
}

func (e *errAfter) Read(p []byte) (int, error) {
	if len(e.data) == 0 {
		return 0, e.err
	}
	n := copy(p, e.data)
	e.data = e.data[n:]
	return n, nil
}

// readSteps reads every record of r up to and including the first error.
func readSteps(r *Reader) []step {
	var steps []step
	for {
		rec, err := r.ReadBytes()
		if err == io.EOF {
			return steps
		}
		st := step{err: err, offset: r.InputOffset()}
		for _, f := range rec {
			st.record = append(st.record, string(f))
		}
		if err == nil {
			st.positions = append(st.positions, [2]int{r.Line(), 0})
		}
		steps = append(steps, st)
		if err != nil {
			return steps
		}
	}
}

// TestBytesReaderErr: a bytes reader over a prefix of the input followed by an error
// gives the records, lines and error of a streaming reader whose source fails there.
func TestBytesReaderErr(t *testing.T) {
	errBad := errors.New("bad input")
	for _, tc := range differentialCases {
		for cut := range len(tc.input) + 1 {
			data := []byte(tc.input[:cut])
			want := readSteps(NewReaderSize(&errAfter{data: data, err: errBad}, tc.delim, 16))
			got := readSteps(NewBytesReaderErr(data, tc.delim, 0, errBad))
			if len(got) != len(want) {
				t.Fatalf("%s, cut at %d: %d steps, streaming %d\ngot  %v\nwant %v", tc.name, cut, len(got), len(want), got, want)
			}
			for i := range want {
				g, w := got[i], want[i]
				if !slices.Equal(g.record, w.record) || !slices.Equal(g.positions, w.positions) || g.offset != w.offset ||
					(g.err == nil) != (w.err == nil) || g.err != nil && g.err.Error() != w.err.Error() {
					t.Fatalf("%s, cut at %d, step %d: got %v, streaming %v", tc.name, cut, i, g, w)
				}
			}
			if n := len(got); n == 0 || got[n-1].err == nil {
				t.Fatalf("%s, cut at %d: the read did not end with an error: %v", tc.name, cut, got)
			}
		}
	}
}

// TestBlockSplitterReusesBuffer: a buffer handed back is read into again even when the
// next block's carried-over record start is a little longer than the last one's.
func TestBlockSplitterReusesBuffer(t *testing.T) {
	var in strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&in, "case-%d;%s\n", i, strings.Repeat("x", i%37))
	}
	s := NewBlockSplitter(strings.NewReader(in.String()), 0, int64(in.Len()), 0, 4096)
	var buf []byte
	made, blocks := 0, 0
	for {
		blk, err := s.Next(buf)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if cap(buf) == 0 || unsafe.SliceData(blk.Data) != unsafe.SliceData(buf) {
			made++
		}
		buf, blocks = blk.Data, blocks+1
	}
	if blocks < 10 || made > 2 {
		t.Errorf("%d buffers made for %d blocks, want at most 2", made, blocks)
	}
}
