package canonical

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"runtime"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/rutinkoll/rutinkoll/audit"
	"github.com/rutinkoll/rutinkoll/audit/hugepage"
	"github.com/rutinkoll/rutinkoll/audit/workgroup"
	"github.com/rutinkoll/rutinkoll/importers/fastcsv"
	"github.com/rutinkoll/rutinkoll/importers/textenc"
)

// blockSize is how many bytes of the file a worker parses at a time: small enough that
// a block and its events stay in the core's cache (512 KiB parsed 1M events in 0.41 s,
// 4 MiB in 0.50 s).
var blockSize = 512 << 10

// ReadFileAt reads one canonical CSV of size bytes from src like ReadFile, with the
// same result — cases, events, their order, sources, rejections and counts, or an
// error — for any number of workers (0 = GOMAXPROCS). One goroutine reads the file
// sequentially in record-aligned blocks (a newline inside a quoted field never splits a
// record), the workers check that each block is UTF-8 and parse it into cases without
// allocating per row, and the cases are merged in file order as blocks complete. The
// file's bytes are held a few blocks at a time.
//
// A file whose start is not UTF-8 (Windows-1252 or UTF-16, as textenc.Detect finds) is
// decoded and read by ReadFile, sequentially.
func (b *Builder) ReadFileAt(name string, src io.ReaderAt, size int64, workers int) error {
	if b.finished {
		return fmt.Errorf("%s: %w", name, ErrFinished)
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	sniff := make([]byte, min(size, textenc.SniffLen))
	if n, err := src.ReadAt(sniff, 0); err != nil && !(err == io.EOF && n == len(sniff)) {
		return fmt.Errorf("%s: %w", name, err)
	}
	if enc, err := textenc.Detect(sniff); err != nil || enc != textenc.UTF8 {
		// Decoded on the way: ReadFile gives the same result, or error, sequentially.
		return b.ReadFile(name, io.NewSectionReader(src, 0, size))
	}
	// The header is read through the same checks as in ReadFile; the blocks after it
	// are checked by the workers.
	dr, _, err := textenc.NewReader(io.NewSectionReader(src, 0, size), textenc.Auto)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err) // Detect said UTF-8: not an encoding error
	}
	h, err := openFile(name, bufio.NewReaderSize(dr, 64<<10))
	if err != nil {
		return err
	}
	body := h.reader.InputOffset()
	if bytes.HasPrefix(sniff, []byte{0xEF, 0xBB, 0xBF}) {
		body += 3 // the byte order mark textenc skipped
	}
	var head []byte
	if body <= int64(len(sniff)) {
		head = sniff[:body]
	} else {
		head = make([]byte, body)
		if n, err := src.ReadAt(head, 0); err != nil && !(err == io.EOF && n == len(head)) {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	fileIdx, err := b.startFile(name)
	if err != nil {
		return err
	}
	fc := &fileConfig{seed: b.index.seed, name: name, file: fileIdx, cols: len(h.names), ix: newRowIndex(h.names), col: h.col, comma: h.comma, vocab: b.vocab,
		slab: int(min(int64(maxSlab), (size-body)/int64(workers*bytesPerRowGuess)))}
	p := startBlocks(fc, fastcsv.NewBlockSplitter(src, body, size, bytes.Count(head, []byte{'\n'}), blockSize), workers)

	st := audit.InputStats{File: name}
	pending := map[int]*blockResult{}
	next, firstBytes := 0, 0
	var firstErr error
	for r := range p.results {
		pending[r.seq] = r
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if firstErr != nil {
				continue
			}
			if r.err != nil {
				firstErr = r.err
				close(p.stop)
				continue
			}
			before := len(b.ds.Cases)
			b.mergeBlock(r)
			if r.seq <= 1 {
				firstBytes += r.bytes
			}
			if r.seq == 1 {
				b.reserveFor(r, len(b.ds.Cases)-before, float64(size-body)/float64(firstBytes))
			}
			st.Read += r.read
			st.Imported += r.read - len(r.rejected)
			st.Rejected += len(r.rejected)
			p.recycle(r)
		}
	}
	if firstErr == nil {
		firstErr = p.splitErr
	}
	if firstErr != nil {
		b.dropFile(fc.file)
		return firstErr
	}
	return b.finishFile(name, fc.file, st)
}

// reserveFor makes room for the cases of the whole file, judging by the first two
// blocks (the file is scale times as long), when the second block r brought mostly new
// cases (added of them), as a file grouped by case does, so that they are not copied
// again and again. A file sorted by date brings the same cases back and grows as it
// goes. With about one row per case the file may as well be sorted by date with cases
// spread thin, and the estimate too high: then the id index starts smaller.
func (b *Builder) reserveFor(r *blockResult, added int, scale float64) {
	if len(r.cases) == 0 || 2*added < len(r.cases) {
		return
	}
	share := 1
	if r.read < 2*len(r.cases) {
		share = 4
	}
	b.reserve(int(float64(len(b.ds.Cases))*scale*1.1), share)
}

// blockPipeline is the splitter goroutine and the workers of one ReadFileAt.
type blockPipeline struct {
	results  chan *blockResult // in the order blocks complete; closed at the end
	stop     chan struct{}     // closed by the reader to stop early
	spare    chan *blockResult // merged blocks' results, for the workers to reuse their arrays (room for those merged in a burst)
	splitErr error             // set before results closes
}

// startBlocks starts the goroutine that cuts the file into blocks and the workers that
// parse them.
func startBlocks(fc *fileConfig, split *fastcsv.BlockSplitter, workers int) *blockPipeline {
	p := &blockPipeline{
		results: make(chan *blockResult, workers),
		stop:    make(chan struct{}),
		spare:   make(chan *blockResult, 4*workers+8),
	}
	free := make(chan []byte, workers+2) // at most this many block buffers exist
	for range cap(free) {
		free <- nil
	}
	// Room for a block read ahead for each worker, as far as the free buffers allow
	// (two): with none, a worker that finished its block waited for the splitter to
	// read the next (the import ran on 1.88 cores of 2, 1.94 with them, in three pairs
	// at 10M rows). After an error the blocks already read are parsed for nothing.
	jobs := make(chan fastcsv.Block, workers)
	go func() {
		defer close(jobs)
		for {
			var buf []byte
			select {
			case buf = <-free:
			case <-p.stop:
				return
			}
			blk, err := split.Next(buf)
			if err != nil {
				if err != io.EOF {
					p.splitErr = fmt.Errorf("%s: %w", fc.name, err)
				}
				return
			}
			select {
			case jobs <- blk:
			case <-p.stop:
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newBlockWorker(fc, p.spare)
			for blk := range jobs {
				var r *blockResult
				if pan := workgroup.Catch(func() { r = w.parse(blk) }); pan != nil {
					// A bug, not the input's fault: the read stops with it as its error.
					r = &blockResult{seq: blk.Seq, bytes: len(blk.Data), err: fmt.Errorf("%s: block at line %d: %w", fc.name, blk.LinesBefore+1, pan)}
				}
				free <- blk.Data
				p.results <- r
			}
		}()
	}
	go func() {
		wg.Wait()
		close(p.results)
	}()
	return p
}

// recycle offers a merged block's result to the workers, for its per-case arrays:
// made anew for each of a file's thousands of blocks they were 80 MB at 10M rows, all
// of it memory written for the first time.
func (p *blockPipeline) recycle(r *blockResult) {
	select {
	case p.spare <- r:
	default:
	}
}

// mergeBatch is how many of a block's cases mergeBlock reads ahead for at a time: what
// they touch stays in the core's cache (a whole block of a file sorted by date, 3,000
// cases, touched about 1 MB).
const mergeBatch = 256

// mergeBlock adds a block's cases and rejections, in file order.
func (b *Builder) mergeBlock(r *blockResult) {
	b.Rejected = append(b.Rejected, r.rejected...)
	b.protect = append(b.protect, r.protect...)
	if cap(b.global) < len(r.cases) {
		b.global = make([]int32, len(r.cases))
	}
	global := b.global[:len(r.cases)] // each block case's index in the data set (first touchCases' guess)
	for i := range r.cases {
		if i%mergeBatch == 0 {
			// What the next cases' lookups will read, read ahead in one go.
			end := min(i+mergeBatch, len(r.cases))
			b.index.touchCases(b.ds.Cases, r.hashes[i:end], global[i:end])
		}
		lc := &r.cases[i]
		ci, ok := b.index.find(b.ds.Cases, lc.ID(), r.hashes[i])
		if !ok {
			global[i] = int32(len(b.ds.Cases))
			b.index.add(r.hashes[i], global[i])
			b.ds.Cases = append(b.ds.Cases, *lc)
			b.keepText(&b.ds.Cases[len(b.ds.Cases)-1])
			continue
		}
		global[i] = ci
		c := b.caseAt(ci)
		// The block's first value of a case seen before is a change where it differs.
		for _, a := range [...]struct {
			f           changeField
			kept, block audit.Name
		}{{utforareField, c.Utforare, lc.Utforare}, {insatsField, c.Insats, lc.Insats}} {
			if a.kept != 0 && a.block != 0 && a.kept != a.block {
				b.changes = append(b.changes, audit.AttributeChange{Case: ci, Field: a.f.name, Other: a.block.String(), Source: audit.Source{File: lc.Source.File, Line: r.setAt[i][a.f.at]}})
			}
		}
		c.FillTexts(lc.Person(), lc.IVOCode()) // a copy, where c lacks them: lc's live in the result's scratch buffer
		fillCase(c, lc)
		b.appendEvents(c, lc.Events)
		c.AppendDetails(lc) // the block's case is not used again
	}
	for _, ch := range r.changes {
		ch.Case = global[ch.Case]
		b.changes = append(b.changes, ch)
	}
}

// appendEvents appends evs, a block's events of case c, to c's, in a room from b.rooms
// when they do not fit in c's.
func (b *Builder) appendEvents(c *audit.Case, evs []audit.Event) {
	c.Events = b.rooms.grow(c.Events, evs)
}

// keepText copies a new case's texts made by blockResult.text into the Builder's
// arena: the result's scratch buffer is reused for the next block.
func (b *Builder) keepText(c *audit.Case) {
	c.KeepTexts(b.strs.keep)
}

// fileConfig is what every worker needs to know about the file.
type fileConfig struct {
	seed  maphash.Seed // the Builder's caseIndex's
	name  string
	file  int32
	cols  int
	ix    rowIndex
	col   map[string]int
	comma byte
	vocab *audit.Vocabulary
	// slab is the size, in events, of a worker's first slab (see eventRoom): its
	// share of the file's rows, guessed from the file's size.
	slab int
}

// blockResult is one block's cases (in order of first appearance in the block, their
// Events slices of one array), rejections and counts, or the error that stops the read.
type blockResult struct {
	seq      int
	bytes    int
	cases    []audit.Case
	hashes   []uint32 // hashID of each case's id
	rejected []audit.Rejection
	protect  []string                // case ids of rejected rows that say skyddad (see Builder.protect)
	changes  []audit.AttributeChange // Case: index in the block's cases (see Builder.changes)
	setAt    [][2]int32              // per case: the line that set its utförare and insats, or 0
	scratch  []byte                  // the cases' ids, pseudonyms and IVO codes (text)
	read     int
	err      error
}

// blockWorker parses blocks. Its lookup tables live across blocks: values that repeat
// (insats, utförare, enhet, kommun, event codes) are converted to strings once.
type blockWorker struct {
	fc     *fileConfig
	index  caseIndex             // case id → index in the block's cases (hashed with the Builder's seed)
	names  [3]*audit.Namer       // utförare, enhet, kommun: one each, as the same column repeats its value
	insats map[string]audit.Name // raw insats → code
	codes  codeTable
	freqs  map[string]audit.Frequency
	flags  map[string]audit.Flags
	// the last frequency and flags checked
	lastFreq  lastValue[audit.Frequency]
	lastFlags lastValue[audit.Flags]
	owner     []int32       // the case of each event of the block
	lastEvt   []int32       // the last event of each case of the block
	split     []bool        // whether a case's events are interleaved with another's
	count     []int32       // events per interleaved case, then their offsets (gather)
	slab      []audit.Event // events of the blocks read; the cases hold slices of it (eventRoom)
	tpl       rowTemplate   // the row accepted last, for the rows of its case after it
	tplPaused int           // blocks still to read without templates (see tplPause)
	cur       int32         // the case of the row before, or -1
	curID     []byte        // its id
	prevOK    bool          // the record before was accepted (as a row of case cur)
	changed   []uint8       // per case of the block: a change noted (bit 1 utförare, 2 insats)
	spare     chan *blockResult
}

func newBlockWorker(fc *fileConfig, spare chan *blockResult) *blockWorker {
	return &blockWorker{fc: fc, index: caseIndex{seed: fc.seed}, names: [3]*audit.Namer{audit.NewNamer(0), audit.NewNamer(0), audit.NewNamer(0)}, insats: map[string]audit.Name{},
		freqs: map[string]audit.Frequency{"": audit.FreqUnknown}, flags: map[string]audit.Flags{"": 0}, spare: spare}
}

// result returns an empty result for blk, reusing the arrays of one that has been
// merged.
func (w *blockWorker) result(blk fastcsv.Block) *blockResult {
	select {
	case r := <-w.spare:
		clear(r.cases[:cap(r.cases)]) // let the collector free what the old cases point to
		*r = blockResult{seq: blk.Seq, bytes: len(blk.Data), cases: r.cases[:0], hashes: r.hashes[:0], setAt: r.setAt[:0], scratch: r.scratch[:0]}
		return r
	default:
		return &blockResult{seq: blk.Seq, bytes: len(blk.Data), cases: make([]audit.Case, 0, 1024)}
	}
}

// parse reads the records of one block. Each record's bytes are checked to be
// UTF-8 as they are read, but for the fields it shares with the record before,
// checked already; at the first problem (invalid text or a record that cannot be
// read) the block is read again, checked whole first, so that the error and the
// records before it are exactly those ReadFile gives.
func (w *blockWorker) parse(blk fastcsv.Block) *blockResult {
	if res := w.read(blk, false); res != nil {
		return res
	}
	return w.read(blk, true)
}

// read reads the records of one block, the whole block checked to be UTF-8 first
// when checkFirst is set; without it, nil at the first problem (see parse).
func (w *blockWorker) read(blk fastcsv.Block, checkFirst bool) *blockResult {
	fc := w.fc
	res := w.result(blk)
	// A record has at least one line: room for as many events as lines.
	events := w.eventRoom(blk.Lines + 1)
	clear(w.index.slots)
	w.index.n = 0
	w.owner, w.lastEvt, w.split, w.changed = w.owner[:0], w.lastEvt[:0], w.split[:0], w.changed[:0]
	var r *fastcsv.Reader
	if !checkFirst {
		r = fastcsv.NewBytesReader(blk.Data, fc.comma, blk.LinesBefore)
	} else if err := textenc.CheckUTF8(blk.Data); err != nil {
		// Read what ReadFile reads before the problem: the records before it, which
		// may hold an error that comes first; then the problem.
		var de *textenc.DecodeError
		if !errors.As(err, &de) {
			res.err = fmt.Errorf("%s: block at line %d: %w", fc.name, blk.LinesBefore+1, err)
			return res
		}
		end := de.Offset
		de.Offset += blk.Offset
		de.Line += blk.LinesBefore
		r = fastcsv.NewBytesReaderErr(blk.Data[:end], fc.comma, blk.LinesBefore, de)
	} else {
		r = fastcsv.NewBytesReader(blk.Data, fc.comma, blk.LinesBefore)
	}
	w.cur, w.prevOK = -1, false
	w.tpl.ok = false // its bytes are the last block's
	useTpl := !checkFirst && templated(&fc.ix) && w.tplPaused == 0
	if !checkFirst && w.tplPaused > 0 {
		w.tplPaused--
	}
	tplRows := 0
	for {
		if useTpl && w.tpl.ok {
			if n, lines, evs := w.templateRows(res, blk.Data, int(r.InputOffset()), int32(r.Line()), events); n > 0 {
				events = evs
				r.Skip(n, lines)
				tplRows += lines
			}
		}
		start := int(r.InputOffset())
		fields, err := r.ReadBytes()
		if err == io.EOF {
			break
		}
		if !checkFirst && (err != nil || textenc.CheckUTF8(r.RawTail()) != nil) {
			return nil
		}
		if err != nil {
			res.err = readError(fc.name, err)
			return res
		}
		res.read++
		line := int32(r.Line())
		if len(fields) != fc.cols {
			w.tpl.ok = false
			// The row's columns are shifted: rejected, as ReadFile does.
			res.rejected = append(res.rejected, fieldCountRejection(fc.name, line, len(fields), fc.cols, fc.col, fc.vocab,
				func(i int) string { return string(fields[i]) }))
			w.prevOK = false
			continue
		}
		// A row that begins with the row before's case id, when that row was
		// accepted, is of the same case: the reader found so by comparing the row's
		// raw bytes with the row before's.
		same := w.cur >= 0 && w.prevOK && fc.ix[fCase] >= 0 && r.SharedFields() > fc.ix[fCase]
		w.prevOK = false
		id, p, ok := w.fastRow(fields, same)
		var row Row
		if !ok {
			// Something is off: validate the row as ReadFile does, with its reasons.
			row = fc.ix.row(fields)
			var sid string
			var prob *problem
			if sid, p, prob = parseRow(fc.vocab, &row); prob != nil {
				w.tpl.ok = false
				if protects(sid, &row) {
					res.protect = append(res.protect, sid)
				}
				res.rejected = append(res.rejected, prob.rejection(fc.name, line, fc.col, sid, p.code))
				continue
			}
			id = []byte(sid)
			if i := fc.ix[fFlags]; i >= 0 {
				w.flags[string(fields[i])] = p.flags // valid flags: accept them fast from now on
			}
		}
		cur := w.cur
		if !same {
			cur = w.caseFor(res, id, line)
		}
		w.prevOK = true
		c := &res.cases[cur]
		if (c.Person() == "" && fc.ix[fPerson] >= 0) || (c.IVOCode() == "" && fc.ix[fIVOCode] >= 0) {
			// Joined in the result's scratch buffer; the row's bytes are copied there.
			c.FillTextsIn(w.text(fields, fPerson), w.text(fields, fIVOCode), res.join)
		}
		w.caseValue(res, cur, line, fields, fInsats, insatsField, same && r.SharedFields() > fc.ix[fInsats], &c.Insats, w.insatsCode)
		w.caseValue(res, cur, line, fields, fUtforare, utforareField, same && r.SharedFields() > fc.ix[fUtforare], &c.Utforare, w.names[0].Name)
		w.intern(&c.Enhet, fields, fEnhet, w.names[1])
		w.intern(&c.Kommun, fields, fKommun, w.names[2])
		p.setCase(c)
		e := audit.Event{Code: p.code, File: uint16(fc.file), Date: p.date, Line: line}
		c.SetRegistered(&e, p.reg)
		var details string
		if d := w.field(fields, fDetails); len(d) > 0 {
			details = string(d)
			c.SetDetails(&e, details)
		}
		n := int32(len(events))
		if last := w.lastEvt[cur]; last >= 0 && last != n-1 {
			w.split[cur] = true
		}
		w.lastEvt[cur] = n
		events = append(events, e)
		w.owner = append(w.owner, cur)
		if useTpl {
			w.setTemplate(r, blk.Data, start, int(r.InputOffset()), fields, details)
		}
	}
	if useTpl && tplRows*4 < res.read {
		// Rows seldom follow a row of their case here (a file sorted by date, where a
		// template reads the few rows of a case on one day): making templates, and
		// trying them, costs more than they save. Try again some blocks on.
		w.tplPaused = tplPause
	}
	w.assign(res.cases, events)
	w.slab = w.slab[:len(w.slab)+len(events)] // the cases hold these now
	return res
}

// tplPause is how many blocks a worker reads without templates after a block in which
// they read under a quarter of the rows (a variable for tests, which set it to 0).
var tplPause = 16

// maxSlab is the most events a worker's slab holds: 16 MiB.
const maxSlab = 16 << 20 / int(unsafe.Sizeof(audit.Event{}))

// bytesPerRowGuess is a row's length in bytes, on the short side, for guessing a file's
// rows from its size: the canonical columns of a row take about 100 to 160 bytes.
const bytesPerRowGuess = 100

// eventRoom returns empty room for n events, at the free end of the worker's slab. The
// events of many blocks share one slab, each case's a capped slice of it, so that the
// slabs are large enough to be mapped in huge pages (package hugepage). The first slab
// holds the worker's share of the file's rows as guessed from its size, up to maxSlab;
// a slab too full for n is left, and the next is twice its size, up to maxSlab. So a
// small file gets a small slab, and a large one only slabs large enough for huge pages:
// doubling up to them from a block's worth left 20 MB of small pages at 10M rows.
func (w *blockWorker) eventRoom(n int) []audit.Event {
	if cap(w.slab)-len(w.slab) < n {
		w.slab = hugepage.Make[audit.Event](max(n, w.fc.slab, min(2*cap(w.slab), maxSlab)))
	}
	free := len(w.slab)
	return w.slab[free : free : free+n]
}

// caseFor returns the index in the block of the case with id, adding it (first seen on
// line) when new. Consecutive rows of one case, the usual order, need no lookup.
func (w *blockWorker) caseFor(res *blockResult, id []byte, line int32) int32 {
	if w.cur >= 0 && bytes.Equal(id, w.curID) {
		return w.cur
	}
	// The id's hash finds it among the block's cases, and the merge among the data
	// set's: one hash of it, not three (a map's lookup and insert, then the merge's).
	h := hashIDBytes(w.fc.seed, id)
	ci, found := w.index.find(res.cases, unsafe.String(unsafe.SliceData(id), len(id)), h)
	if !found {
		sid := res.text(id)
		ci = int32(len(res.cases))
		w.index.add(h, ci)
		res.cases = append(res.cases, audit.Case{Source: audit.Source{File: w.fc.file, Line: line}})
		res.cases[ci].SetTexts(sid, "", "")
		res.hashes = append(res.hashes, h)
		w.lastEvt = append(w.lastEvt, -1)
		w.split = append(w.split, false)
		w.changed = append(w.changed, 0)
		res.setAt = append(res.setAt, [2]int32{})
	}
	// A copy: an unescaped quoted id lives in the reader's scratch buffer, which the
	// next quoted row overwrites.
	w.cur, w.curID = ci, append(w.curID[:0], id...)
	return ci
}

// assign gives each case of the block its events: a slice of the block's array when
// they were consecutive rows (capacity capped, so that appending copies), else
// gathered.
func (w *blockWorker) assign(cases []audit.Case, events []audit.Event) {
	first := 0
	interleaved := false
	for ci := range cases {
		if w.split[ci] {
			interleaved = true
			continue
		}
		last := int(w.lastEvt[ci])
		for w.owner[first] != int32(ci) {
			first++
		}
		cases[ci].Events = events[first : last+1 : last+1]
	}
	if interleaved {
		w.gather(cases, events)
	}
}

// gather gives each case whose rows were interleaved with another case's its events,
// in row order, in one pass over the block: counted, placed at their case's offset in
// one new array.
func (w *blockWorker) gather(cases []audit.Case, events []audit.Event) {
	w.count = append(w.count[:0], make([]int32, len(cases))...)
	for _, ci := range w.owner {
		if w.split[ci] {
			w.count[ci]++
		}
	}
	total := int32(0)
	for ci, n := range w.count {
		w.count[ci] = total // now the next free place of the case
		total += n
	}
	out := make([]audit.Event, total)
	for i, ci := range w.owner {
		if w.split[ci] {
			out[w.count[ci]] = events[i]
			w.count[ci]++
		}
	}
	start := int32(0) // cases not interleaved have no place: each starts where the last ended
	for ci := range cases {
		if w.split[ci] {
			end := w.count[ci]
			cases[ci].Events = out[start:end:end]
			start = end
		}
	}
}

// field returns field i of the record, trimmed as strings.TrimSpace trims; empty when
// the column is absent.
func (w *blockWorker) field(fields [][]byte, i int) []byte {
	if w.fc.ix[i] < 0 {
		return nil
	}
	f := fields[w.fc.ix[i]]
	if n := len(f); n > 0 && f[0] > ' ' && f[0] < utf8.RuneSelf && f[n-1] > ' ' && f[n-1] < utf8.RuneSelf {
		return f // starts and ends with a printable ASCII byte: nothing to trim
	}
	return bytes.TrimSpace(f)
}

// codeTable finds event codes by name without hashing the whole name: a small
// open-addressing table over the vocabulary's names seen so far, keyed by length and
// three bytes, each hit checked byte for byte.
type codeTable struct {
	slots [256]codeSlot
	n     int
}

type codeSlot struct {
	name string
	code audit.EventCode
}

func codeHash(b []byte) uint8 {
	n := len(b)
	if n == 0 {
		return 0
	}
	return uint8(n*31) ^ b[0]*7 ^ b[n-1]*13 ^ b[n/2]*3
}

func (t *codeTable) lookup(b []byte) (audit.EventCode, bool) {
	for i := codeHash(b); ; i++ {
		s := &t.slots[i]
		if s.name == "" {
			return 0, false
		}
		if s.name == string(b) {
			return s.code, true
		}
	}
}

// add remembers a name (the table holds at most 128, beyond that it stays as it is)
// when it is plain: printable ASCII without spaces or quotes, as the shipped codes and
// routine files' are (audit.Vocabulary takes any text). Rows read by a template are
// trusted to hold a code the table finds byte for byte, unquoted and untrimmed; a
// name with a quote, a line break or a space would be found where the CSV reader sees
// something else.
func (t *codeTable) add(name string, code audit.EventCode) {
	if name == "" || t.n >= len(t.slots)/2 || !plainCode(name) {
		return
	}
	i := codeHash([]byte(name))
	for t.slots[i].name != "" {
		i++
	}
	t.slots[i] = codeSlot{name, code}
	t.n++
}

// plainCode reports whether name is printable ASCII without spaces or quotes.
func plainCode(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c <= ' ' || c > '~' || c == '"' {
			return false
		}
	}
	return true
}

// lastValue is the last value of a column a worker checked and what it means: the
// rows of a case repeat their case's values, so most rows need no lookup.
type lastValue[T any] struct {
	raw []byte
	v   T
	ok  bool
}

func (l *lastValue[T]) same(b []byte) bool { return l.ok && bytes.Equal(b, l.raw) }

func (l *lastValue[T]) set(b []byte, v T) {
	l.raw, l.v, l.ok = append(l.raw[:0], b...), v, true
}

// changeField is a case attribute whose change between rows is noted (see
// Builder.changes): its name, bit in blockWorker.changed and index in blockResult.setAt.
type changeField struct {
	name string
	bit  uint8
	at   int
}

var (
	utforareField = changeField{audit.FieldUtforare, 1, 0}
	insatsField   = changeField{audit.FieldInsats, 2, 1}
)

// caseValue gives *dst, case cur's attribute f in column col, the row's value (as
// conv converts it) when it has none yet, noting the line that set it; when it has
// one, a row that gives another is noted as a candidate change, once per case. shared says
// the row's value is the row before's, which was looked at already.
func (w *blockWorker) caseValue(res *blockResult, cur, line int32, fields [][]byte, col int, f changeField, shared bool, dst *audit.Name, conv func([]byte) audit.Name) {
	if *dst != 0 && (shared || w.changed[cur]&f.bit != 0) {
		return
	}
	v := w.field(fields, col)
	if len(v) == 0 {
		return
	}
	switch s := conv(v); {
	case *dst == 0:
		*dst, res.setAt[cur][f.at] = s, line
	case s != *dst:
		w.changed[cur] |= f.bit
		res.changes = append(res.changes, audit.AttributeChange{Case: cur, Field: f.name, Other: s.String(), Source: audit.Source{File: w.fc.file, Line: line}})
	}
}

// insatsCode returns the insats value v written as a code, converting each distinct
// value once.
func (w *blockWorker) insatsCode(v []byte) audit.Name {
	s, ok := w.insats[string(v)]
	if !ok {
		s = audit.MakeName(audit.InsatsCode(string(v)))
		w.insats[string(v)] = s
	}
	return s
}

// intern sets *dst to the Name of field i, by nm, unless *dst is set.
func (w *blockWorker) intern(dst *audit.Name, fields [][]byte, i int, nm *audit.Namer) {
	if *dst != 0 {
		return
	}
	if v := w.field(fields, i); len(v) > 0 {
		*dst = nm.Name(v)
	}
}

// text returns field i of the row, trimmed, as a string over the reader's bytes: valid
// only until the next row is read.
func (w *blockWorker) text(fields [][]byte, i int) string {
	f := w.field(fields, i)
	return unsafe.String(unsafe.SliceData(f), len(f))
}

// fastRow validates a record the way parseRow does, for the values seen before;
// ok is false for anything else (which parseRow then judges). same says that the
// record's case id is the row before's, w.curID.
func (w *blockWorker) fastRow(fields [][]byte, same bool) (id []byte, p parsed, ok bool) {
	if same {
		id = w.curID // the case of the row before (see parse)
	} else if id = w.field(fields, fCase); len(id) == 0 || len(id) > audit.MaxCaseText {
		return nil, p, false
	}
	if i := w.fc.ix[fPerson]; i >= 0 && len(fields[i]) > audit.MaxCaseText {
		return nil, p, false // parseRow judges it, trimmed
	}
	ev := w.field(fields, fEvent)
	if p.code, ok = w.codes.lookup(ev); !ok {
		if p.code, ok = w.fc.vocab.Lookup(string(ev)); !ok {
			return nil, p, false
		}
		w.codes.add(string(ev), p.code)
	}
	if p.date, ok = parseDate(w.field(fields, fDate)); !ok {
		return nil, p, false
	}
	p.reg = audit.NoDate
	if reg := w.field(fields, fRegistered); len(reg) > 0 {
		if p.reg, ok = parseDate(reg); !ok {
			return nil, p, false
		}
	}
	if f := w.field(fields, fFrequency); len(f) > 0 {
		if !w.lastFreq.same(f) {
			v, ok := w.freqs[string(f)]
			if !ok {
				if v, ok = audit.ParseFrequency(string(f)); !ok {
					return nil, p, false
				}
				w.freqs[string(f)] = v
			}
			w.lastFreq.set(f, v)
		}
		p.freq = w.lastFreq.v
	}
	if i := w.fc.ix[fFlags]; i >= 0 && len(fields[i]) > 0 {
		f := fields[i]
		if !w.lastFlags.same(f) {
			v, ok := w.flags[string(f)]
			if !ok {
				return nil, p, false // parseRow judges it (and parse learns it when valid)
			}
			w.lastFlags.set(f, v)
		}
		p.flags = w.lastFlags.v
	}
	switch g := w.field(fields, fGender); {
	case len(g) == 0:
	case len(g) == 1 && (g[0] == 'K' || g[0] == 'k' || g[0] == 'F' || g[0] == 'f'):
		p.gender = 'K'
	case len(g) == 1 && (g[0] == 'M' || g[0] == 'm'):
		p.gender = 'M'
	default:
		return nil, p, false
	}
	return id, p, true
}

// parseDate parses a YYYY-MM-DD date; ok is false for anything audit.ParseDate
// would not accept (or that is not in this exact form).
func parseDate(b []byte) (audit.Date, bool) {
	if len(b) != 10 {
		return audit.NoDate, false
	}
	// Eight bytes at once, "YYYY-MM-" in little-endian order, and then "DD": every
	// digit byte less '0' and every dash less '-' must leave 0–9 and 0. A byte below
	// its least sets its top bit when subtracted (the lowest such byte borrows nothing),
	// one above its most sets it when added up to 0x7f (ASCII bytes carry nothing), and
	// a byte that is not ASCII has it already.
	const (
		least = 0x2d30302d30303030 // '0' for digits, '-' for the dashes
		most  = 0x5246465246464646 // 0x7f less '9' for digits, less '-' for the dashes
		top   = 0x8080808080808080
	)
	w := binary.LittleEndian.Uint64(b)
	dd := uint64(binary.LittleEndian.Uint16(b[8:]))
	if (w|(w-least)|(w+most))&top != 0 || (dd|(dd-0x3030)|(dd+0x4646))&0x8080 != 0 {
		return audit.NoDate, false
	}
	v, dd := w-least, dd-0x3030
	year := int(v&0xff)*1000 + int(v>>8&0xff)*100 + int(v>>16&0xff)*10 + int(v>>24&0xff)
	return audit.LookupDate(year, int(v>>40&0xff)*10+int(v>>48&0xff), int(dd&0xff)*10+int(dd>>8))
}
