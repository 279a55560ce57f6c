package xlsxcell

import (
	"bytes"
	"io"
	"runtime"
	"sync"

	"github.com/klauspost/compress/flate"
)

// deflateBlock is how much input one goroutine compresses at a time.
const deflateBlock = 1 << 20

// parallelDeflate compresses what is written to it into one raw deflate stream (what
// a zip entry holds), a block of input at a time on every core. Each block is
// compressed on its own and ends with a sync flush, which leaves the output on a byte
// boundary without ending the stream, so the blocks' outputs, written in order and
// followed by one final empty block, are a single valid stream. Blocks share no
// history: the output is a little larger than one writer's (about 0.1 % with 1 MiB
// blocks), and a large sheet part compresses on two cores in half the time.
type parallelDeflate struct {
	out   io.Writer
	level int
	buf   []byte
	queue chan chan []byte // each block's result, in input order
	done  chan struct{}    // closed when the output goroutine ends
	err   error            // the first error writing out; set before done closes
	pool  sync.Pool        // input buffers
	zs    sync.Pool        // flate writers
}

// newParallelDeflate returns a writer compressing into out at a flate level.
func newParallelDeflate(out io.Writer, level int) (*parallelDeflate, error) {
	if _, err := flate.NewWriter(io.Discard, level); err != nil {
		return nil, err
	}
	d := &parallelDeflate{out: out, level: level, queue: make(chan chan []byte, 2*runtime.GOMAXPROCS(0)), done: make(chan struct{})}
	go d.output()
	return d, nil
}

// output writes the blocks' results in order; after an error it only drains them.
func (d *parallelDeflate) output() {
	defer close(d.done)
	for res := range d.queue {
		b := <-res
		if d.err == nil {
			_, d.err = d.out.Write(b)
		}
	}
}

// Write buffers p and starts compressing each full block.
func (d *parallelDeflate) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if d.buf == nil {
			if b, ok := d.pool.Get().(*[]byte); ok {
				d.buf = (*b)[:0]
			} else {
				d.buf = make([]byte, 0, deflateBlock)
			}
		}
		k := min(len(p), deflateBlock-len(d.buf))
		d.buf = append(d.buf, p[:k]...)
		p = p[k:]
		if len(d.buf) == deflateBlock {
			d.start()
		}
	}
	return n, nil
}

// start compresses the buffered block in a goroutine. The queue's capacity bounds how
// many blocks are in flight.
func (d *parallelDeflate) start() {
	in := d.buf
	d.buf = nil
	res := make(chan []byte, 1)
	d.queue <- res
	go func() {
		var out bytes.Buffer
		out.Grow(len(in)/4 + 64)
		w, ok := d.zs.Get().(*flate.Writer)
		if ok {
			w.Reset(&out)
		} else {
			w, _ = flate.NewWriter(&out, d.level) // the level was checked by newParallelDeflate
		}
		w.Write(in) // a bytes.Buffer does not fail
		w.Flush()
		d.zs.Put(w)
		in = in[:0]
		d.pool.Put(&in)
		res <- out.Bytes()
	}()
}

// Close compresses what is left, writes the end of the stream and returns the first
// error writing out.
func (d *parallelDeflate) Close() error {
	if len(d.buf) > 0 {
		d.start()
	}
	close(d.queue)
	<-d.done
	if d.err != nil {
		return d.err
	}
	var end bytes.Buffer
	w, _ := flate.NewWriter(&end, d.level)
	w.Close() // the final block, empty
	_, err := d.out.Write(end.Bytes())
	return err
}
