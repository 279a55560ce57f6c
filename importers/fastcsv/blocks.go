package fastcsv

import (
	"bytes"
	"fmt"
	"io"
)

// Block is a piece of a CSV input that holds whole records only, for parsing with
// [NewBytesReader] while the next piece is being read.
type Block struct {
	Seq         int    // 0-based position of the block in the input
	Offset      int64  // input offset of Data[0]
	Data        []byte // whole records
	LinesBefore int    // input lines before Data
	Lines       int    // lines in Data: its count of '\n'
}

// BlockSplitter cuts an input into record-aligned blocks in one sequential pass,
// reading it in pieces into buffers the caller recycles, so that a file of any size
// is parsed in bounded memory. A block ends directly after a '\n' preceded by an even
// number of quotes counted from the start of the input. With LazyQuotes disabled such a
// newline can never be inside a quoted field of a well-formed record, so for input
// without parse errors the blocks read in order give exactly the records of a
// sequential [Reader]; the first parse error is reported identically by the block that
// holds it (what follows it may differ, as quote parity means nothing after malformed
// quoting). Finding the parity costs one bytes.Count per block.
type BlockSplitter struct {
	src       io.ReaderAt
	off, end  int64
	lines     int
	seq       int
	blockSize int
	carry     []byte // the start of a record that did not fit in the previous block
}

// NewBlockSplitter returns a splitter for src[off:end]; off must be the start of a
// record, preceded by linesBefore lines. Blocks hold about blockSize bytes (more when
// one record is longer).
func NewBlockSplitter(src io.ReaderAt, off, end int64, linesBefore, blockSize int) *BlockSplitter {
	return &BlockSplitter{src: src, off: off, end: end, lines: linesBefore, blockSize: max(blockSize, minBufferSize)}
}

// Next returns the next block, read into buf's memory when it is large enough (buf
// may be nil), or io.EOF after the last block. The block's Data stays valid until the
// caller passes it to Next again.
func (s *BlockSplitter) Next(buf []byte) (Block, error) {
	if s.off >= s.end && len(s.carry) == 0 {
		return Block{}, io.EOF
	}
	size := len(s.carry) + s.blockSize
	start := s.off - int64(len(s.carry))
	for {
		if cap(buf) < size {
			// Room for a longer carry next time, so that the buffer is reused: made
			// to measure, 37 of the 3,000 blocks at 10M rows needed a new one, 19 MB
			// of memory written for the first time, where four serve now.
			buf = make([]byte, 0, size+size/16)
		}
		data := append(buf[:0], s.carry...)
		n := min(int64(size-len(data)), s.end-s.off)
		if n > 0 {
			m, err := s.src.ReadAt(data[len(data):len(data)+int(n)], s.off)
			if int64(m) < n && err == nil {
				err = io.ErrUnexpectedEOF
			}
			if err != nil && !(err == io.EOF && int64(m) == n) {
				return Block{}, fmt.Errorf("fastcsv: reading input at offset %d: %w", s.off, err)
			}
			data = data[:len(data)+m]
			s.off += int64(m)
		}
		cut := len(data)
		if s.off < s.end {
			cut = lastRecordEnd(data)
		}
		if cut < 0 {
			// Not one whole record: read more into a larger buffer.
			s.carry = append(s.carry[:0], data...)
			size *= 2
			buf = nil
			continue
		}
		s.carry = append(s.carry[:0], data[cut:]...)
		b := Block{Seq: s.seq, Offset: start, Data: data[:cut], LinesBefore: s.lines, Lines: bytes.Count(data[:cut], []byte{'\n'})}
		s.seq++
		s.lines += b.Lines
		return b, nil
	}
}

// lastRecordEnd returns the position after the last '\n' of data preceded by an even
// number of quotes, or -1 when there is none.
func lastRecordEnd(data []byte) int {
	i := bytes.LastIndexByte(data, '\n')
	if i < 0 {
		return -1
	}
	q := bytes.Count(data[:i], []byte{'"'})
	for q%2 != 0 {
		j := bytes.LastIndexByte(data[:i], '\n')
		if j < 0 {
			return -1
		}
		q -= bytes.Count(data[j:i], []byte{'"'})
		i = j
	}
	return i + 1
}
