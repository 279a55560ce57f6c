package fastcsv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// chunkScanSize is the block size SplitChunks reads with.
const chunkScanSize = 1 << 20

// Chunk is a byte range [Start, End) of a CSV input that begins at the
// start of a record, so that chunks can be parsed in parallel.
type Chunk struct {
	// Start and End are input byte offsets; End is exclusive.
	Start, End int64
	// Line is the 1-based input line on which the chunk starts.
	Line int
}

// SplitChunks splits the first size bytes of src into at most n chunks of
// roughly equal size whose boundaries are record boundaries, for parallel
// parsing with [Chunk.NewReader].
//
// A boundary is placed only directly after a '\n' that is preceded by an
// even number of quotes counted from the start of the input. With
// LazyQuotes disabled such a newline can never be inside a quoted field of
// a well-formed record, so a newline inside a quoted field never splits a
// record. Finding the parity needs one sequential pass over the input,
// which is cheap (bytes.Count and bytes.IndexByte) compared with parsing.
//
// If encoding/csv reads the input without a parse error, reading the chunks
// in order returns exactly the records of a sequential [Reader], with the
// same FieldPos, Line and InputOffset values. If the input has parse
// errors, the first of them is reported identically by the chunk that
// holds it; what follows it may differ from a sequential read, because
// quote parity is meaningless after malformed quoting.
func SplitChunks(src io.ReaderAt, size int64, n int) ([]Chunk, error) {
	if size < 0 {
		return nil, fmt.Errorf("fastcsv: split chunks: negative size %d", size)
	}
	n = max(n, 1)
	s := chunkScanner{src: src, size: size, buf: make([]byte, min(size, chunkScanSize))}
	chunks := make([]Chunk, 0, n)
	start, startLine := int64(0), 1
	for k := 1; k < n; k++ {
		target := size * int64(k) / int64(n)
		if target <= start {
			continue
		}
		if err := s.advanceTo(target); err != nil {
			return nil, err
		}
		boundary, err := s.nextBoundary()
		if err != nil {
			return nil, err
		}
		if boundary >= size {
			break
		}
		chunks = append(chunks, Chunk{Start: start, End: boundary, Line: startLine})
		start, startLine = boundary, s.lines+1
	}
	if start < size || len(chunks) == 0 {
		chunks = append(chunks, Chunk{Start: start, End: size, Line: startLine})
	}
	return chunks, nil
}

// NewReader returns a Reader for the records of the chunk in src. Its
// FieldPos, Line, InputOffset and parse errors refer to positions in the
// whole input, not in the chunk.
func (c Chunk) NewReader(src io.ReaderAt, delim byte) *Reader {
	size := min(DefaultBufferSize, max(c.End-c.Start, minBufferSize))
	r := NewReaderSize(io.NewSectionReader(src, c.Start, c.End-c.Start), delim, int(size))
	r.base = c.Start
	r.line = c.Line - 1
	return r
}

// chunkScanner reads an input sequentially and tracks the quote parity and
// the number of newlines before its position.
type chunkScanner struct {
	src  io.ReaderAt
	size int64
	buf  []byte

	pos   int64 // input offset of the next byte to scan
	odd   bool  // odd number of quotes in input[:pos]
	lines int   // number of '\n' in input[:pos]

	data []byte // unscanned buffered bytes: input[pos:pos+len(data)]
}

// block returns the unscanned buffered bytes, reading more when none are
// left. It returns an empty slice at the end of the input.
func (s *chunkScanner) block() ([]byte, error) {
	if len(s.data) > 0 || s.pos >= s.size {
		return s.data, nil
	}
	n := int(min(int64(len(s.buf)), s.size-s.pos))
	m, err := s.src.ReadAt(s.buf[:n], s.pos)
	if m < n {
		if err == nil || errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("fastcsv: split chunks: read at offset %d: %w", s.pos+int64(m), err)
	}
	s.data = s.buf[:n]
	return s.data, nil
}

// skip scans the first n bytes of the buffered data.
func (s *chunkScanner) skip(n int) {
	b := s.data[:n]
	if bytes.Count(b, []byte{'"'})&1 == 1 {
		s.odd = !s.odd
	}
	s.lines += bytes.Count(b, []byte{'\n'})
	s.data = s.data[n:]
	s.pos += int64(n)
}

// advanceTo scans the input up to offset target.
func (s *chunkScanner) advanceTo(target int64) error {
	for s.pos < target {
		b, err := s.block()
		if err != nil {
			return err
		}
		if len(b) == 0 {
			return nil
		}
		s.skip(int(min(int64(len(b)), target-s.pos)))
	}
	return nil
}

// nextBoundary scans up to and including the next '\n' preceded by an even
// number of quotes and returns the offset just after it, or size when there
// is none.
func (s *chunkScanner) nextBoundary() (int64, error) {
	for {
		b, err := s.block()
		if err != nil {
			return 0, err
		}
		if len(b) == 0 {
			return s.size, nil
		}
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			s.skip(len(b))
			continue
		}
		s.skip(i + 1)
		if !s.odd {
			return s.pos, nil
		}
	}
}
