package canonical

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/importers/fastcsv"
)

// ReadFileAt reads one canonical CSV of size bytes from src like ReadFile, parsing
// chunks of the file on several goroutines (0 = GOMAXPROCS). The result — cases,
// events, their order, rejections and counts — is exactly what ReadFile gives: chunks
// start at record boundaries (a newline inside a quoted field never splits a record)
// and are merged in file order.
func (b *Builder) ReadFileAt(name string, src io.ReaderAt, size int64, workers int) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// The header, read sequentially.
	h, err := openFile(name, bufio.NewReaderSize(io.NewSectionReader(src, 0, size), 64<<10))
	if err != nil {
		return err
	}
	hdr, col, comma := h.names, h.col, h.comma
	body := int64(h.bom) + h.reader.InputOffset()
	headBytes := make([]byte, body)
	if _, err := src.ReadAt(headBytes, 0); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	bodyLine := 1 + bytes.Count(headBytes, []byte{'\n'})
	chunks, err := fastcsv.SplitChunks(src, size, workers*4)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fileIdx := int32(len(b.ds.Files))
	type part struct {
		b   *Builder
		st  audit.InputStats
		err error
	}
	parts := make([]part, len(chunks))
	var wg sync.WaitGroup
	next := make(chan int, len(chunks))
	for i := range chunks {
		next <- i
	}
	close(next)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				c := chunks[i]
				if c.End <= body {
					continue // only the header
				}
				if c.Start < body {
					c.Start, c.Line = body, bodyLine
				}
				cr := c.NewReader(src, comma)
				cr.ReuseRecord = true
				lb := NewBuilder(b.vocab)
				// About one new case per kilobyte of rows: size the map once.
				lb.cases = make(map[string]int32, (c.End-c.Start)/1024+16)
				p := &parts[i]
				p.b = lb
				p.err = lb.readRecordsFast(name, fileIdx, cr, hdr, col, &p.st)
			}
		}()
	}
	wg.Wait()
	b.ds.Files = append(b.ds.Files, name)
	st := audit.InputStats{File: name}
	if len(b.cases) == 0 {
		n := 0
		for _, p := range parts {
			if p.b != nil {
				n += int(p.b.n)
			}
		}
		b.cases = make(map[string]int32, n)
	}
	for _, p := range parts {
		if p.err != nil {
			b.ds.Files = b.ds.Files[:fileIdx]
			return p.err
		}
		if p.b == nil {
			continue
		}
		st.Read += p.st.Read
		st.Imported += p.st.Imported
		st.Rejected += p.st.Rejected
		b.merge(p.b)
	}
	return b.finishFile(name, fileIdx, st)
}

// merge appends the cases and rejections of a chunk's builder, in its order.
func (b *Builder) merge(lb *Builder) {
	b.Rejected = append(b.Rejected, lb.Rejected...)
	for i := int32(0); i < lb.n; i++ {
		lc := lb.caseAt(i)
		ci, ok := b.cases[lc.ID]
		if !ok {
			ci = b.newCase(lc.ID, lc.Source)
			c := b.caseAt(ci)
			*c = *lc
			continue
		}
		c := b.caseAt(ci)
		setIfEmpty(&c.Person, lc.Person)
		setIfEmpty(&c.Insats, lc.Insats)
		setIfEmpty(&c.Utforare, lc.Utforare)
		setIfEmpty(&c.Enhet, lc.Enhet)
		setIfEmpty(&c.IVOCode, lc.IVOCode)
		setIfEmpty(&c.Kommun, lc.Kommun)
		if c.Frequency == audit.FreqUnknown {
			c.Frequency = lc.Frequency
		}
		if c.Gender == 0 {
			c.Gender = lc.Gender
		}
		c.Flags |= lc.Flags
		for _, e := range lc.Events {
			if e.Details != 0 {
				d := lc.DetailsOf(&e)
				e.Details = 0
				c.SetDetails(&e, d) // an index into this case's table
			}
			c.Events = append(c.Events, e)
		}
	}
}
