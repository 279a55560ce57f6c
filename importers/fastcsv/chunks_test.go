package fastcsv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
)

// readSteps reads r until io.EOF (or the first error when stopAtErr) and
// records every step, as readAllFast does.
func readSteps(t testing.TB, r *Reader, stopAtErr bool) []step {
	t.Helper()
	var steps []step
	for range maxSteps {
		rec, err := r.Read()
		if err == io.EOF {
			return steps
		}
		s := step{record: append([]string(nil), rec...), err: err, offset: r.InputOffset()}
		for i := range rec {
			l, c := r.FieldPos(i)
			s.positions = append(s.positions, [2]int{l, c})
		}
		s.positions = append(s.positions, [2]int{r.Line(), -1})
		steps = append(steps, s)
		if err != nil && stopAtErr {
			return steps
		}
	}
	t.Fatal("too many steps")
	return nil
}

// checkChunks splits input into n chunks and compares reading them in order
// with a sequential read: all steps when the input has no parse error,
// otherwise the steps up to and including the first error.
func checkChunks(t testing.TB, input string, delim byte, n int) {
	t.Helper()
	src := strings.NewReader(input)
	chunks, err := SplitChunks(src, int64(len(input)), n)
	if err != nil {
		t.Fatalf("SplitChunks: %v", err)
	}
	if len(chunks) == 0 || len(chunks) > max(n, 1) {
		t.Fatalf("%d chunks for n=%d", len(chunks), n)
	}
	var prevEnd int64
	for i, c := range chunks {
		if c.Start != prevEnd || (c.End <= c.Start && len(input) > 0) {
			t.Fatalf("chunk %d = %+v does not continue at %d", i, c, prevEnd)
		}
		if want := 1 + strings.Count(input[:c.Start], "\n"); c.Line != want {
			t.Fatalf("chunk %d Line = %d, want %d", i, c.Line, want)
		}
		if c.Start > 0 && input[c.Start-1] != '\n' {
			t.Fatalf("chunk %d starts at %d, not after a newline", i, c.Start)
		}
		prevEnd = c.End
	}
	if prevEnd != int64(len(input)) {
		t.Fatalf("chunks end at %d, want %d", prevEnd, len(input))
	}

	want := readSteps(t, NewReader(strings.NewReader(input), delim), true)
	var got []step
	for _, c := range chunks {
		got = append(got, readSteps(t, c.NewReader(src, delim), true)...)
		if len(got) > 0 && got[len(got)-1].err != nil {
			break
		}
	}
	if len(got) != len(want) {
		t.Fatalf("input %q n=%d: chunked read gave %d steps, sequential %d\ngot:  %v\nwant: %v", input, n, len(got), len(want), got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if !sameError(g.err, w.err) || fmt.Sprint(g.record) != fmt.Sprint(w.record) ||
			fmt.Sprint(g.positions) != fmt.Sprint(w.positions) || g.offset != w.offset {
			t.Fatalf("input %q n=%d step %d:\ngot:  %v\nwant: %v", input, n, i, g, w)
		}
	}
}

func TestSplitChunksMatchesSequential(t *testing.T) {
	var b strings.Builder
	b.WriteString("case_id;text;n\r\n")
	for i := range 300 {
		switch i % 5 {
		case 0:
			fmt.Fprintf(&b, "C%d;\"multi\nline \"\"%d\"\"\r\nmore\";%d\r\n", i, i, i)
		case 1:
			fmt.Fprintf(&b, "C%d;\"\n\";%d\n\n", i, i)
		case 2:
			fmt.Fprintf(&b, "C%d;plain Åkersberga;%d\n", i, i)
		case 3:
			fmt.Fprintf(&b, "\"C%d\";\"a;b\";\"\"\n", i)
		default:
			fmt.Fprintf(&b, "C%d;;\r\n", i)
		}
	}
	valid := b.String()
	for _, n := range []int{1, 2, 3, 7, 16, 100, 1000, 100000} {
		t.Run(fmt.Sprintf("valid n=%d", n), func(t *testing.T) { checkChunks(t, valid, ';', n) })
	}
	withError := valid[:len(valid)/2] + "bad\"quote;x\n" + valid[len(valid)/2:]
	for _, n := range []int{1, 4, 50} {
		t.Run(fmt.Sprintf("error n=%d", n), func(t *testing.T) { checkChunks(t, withError, ';', n) })
	}
	for _, tc := range differentialCases {
		for _, n := range []int{2, 5} {
			t.Run(fmt.Sprintf("%s n=%d", tc.name, n), func(t *testing.T) { checkChunks(t, tc.input, tc.delim, n) })
		}
	}
}

func TestSplitChunksSmallScanBlocks(t *testing.T) {
	// A multi-line quoted field longer than the scan block must not be split.
	long := "a,\"" + strings.Repeat("x\n", chunkScanSize) + "\"\nb,c\n"
	chunks, err := SplitChunks(strings.NewReader(long), int64(len(long)), 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(chunks) != 2 || chunks[1].Start != int64(len(long)-len("b,c\n")) {
		t.Fatalf("chunks = %+v, want the quoted record whole and then b,c", chunks)
	}
	checkChunks(t, long, ',', 4)
}

// shortReaderAt fails reads past limit.
type shortReaderAt struct {
	io.ReaderAt
	limit int64
}

func (s shortReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > s.limit {
		return 0, errors.New("disk on fire")
	}
	return s.ReaderAt.ReadAt(p, off)
}

func TestSplitChunksErrors(t *testing.T) {
	if _, err := SplitChunks(strings.NewReader(""), -1, 2); err == nil {
		t.Fatal("negative size: no error")
	}
	_, err := SplitChunks(strings.NewReader("a\nb\n"), 100, 2)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("size beyond input: error %v, want io.ErrUnexpectedEOF", err)
	}
	data := strings.Repeat("a,b\n", chunkScanSize)
	_, err = SplitChunks(shortReaderAt{strings.NewReader(data), chunkScanSize}, int64(len(data)), 2)
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("read failure: error %v, want wrapped disk on fire", err)
	}
}

func TestSplitChunksParallel(t *testing.T) {
	data, records := benchInput()
	src := bytes.NewReader(data)
	chunks, err := SplitChunks(src, int64(len(data)), 8)
	if err != nil {
		t.Fatal(err)
	}
	counts := make([]int, len(chunks))
	errs := make([]error, len(chunks))
	var wg sync.WaitGroup
	for i, c := range chunks {
		wg.Go(func() {
			r := c.NewReader(src, ';')
			r.ReuseRecord = true
			for {
				rec, err := r.Read()
				if err == io.EOF {
					return
				}
				if err != nil {
					errs[i] = err
					return
				}
				if len(rec) != 8 {
					errs[i] = fmt.Errorf("line %d: %d fields", r.Line(), len(rec))
					return
				}
				counts[i]++
			}
		})
	}
	wg.Wait()
	total := 0
	for i := range chunks {
		if errs[i] != nil {
			t.Fatalf("chunk %d: %v", i, errs[i])
		}
		total += counts[i]
	}
	if total != records {
		t.Fatalf("parallel read %d records, want %d", total, records)
	}
}

// FuzzSplitChunks checks the SplitChunks guarantee for arbitrary input:
// identical results up to and including the first parse error.
func FuzzSplitChunks(f *testing.F) {
	for i, tc := range differentialCases {
		f.Add([]byte(tc.input), uint8(i), uint8(3))
	}
	f.Fuzz(func(t *testing.T, input []byte, d, n uint8) {
		checkChunks(t, string(input), fuzzDelims[int(d)%len(fuzzDelims)], int(n%16))
	})
}
