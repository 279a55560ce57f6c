package audit

import (
	"errors"
	"sync"

	"github.com/rutinkoll/rutinkoll/audit/hugepage"
	"github.com/rutinkoll/rutinkoll/audit/workgroup"
)

// rotationsLate, when not nil, is called before the rotation verdicts are made known
// to the workers: tests make them late, so that chunks wait for them.
var rotationsLate func()

// chunkJudged, when not nil, is called each time worker w has judged a chunk: tests
// make the rotations known after a few chunks, while the workers still judge.
var chunkJudged func(w int)

// rotationsScanned, when not nil, is called when worker w has scanned its share of the
// cases for the rotations: tests make it panic.
var rotationsScanned func(w int)

// replay is what Result.All needs to judge the cases again: the Result keeps only some
// verdicts (Options.Keep).
type replay struct {
	ds        *Dataset
	rotations rotationVerdicts
	notHeld   []string
	sel       func(v *Verdict) bool
	workers   int
}

// stream judges every case as Evaluate does, but hands each chunk's verdicts to
// opt.Select, opt.Each and opt.Keep from the worker that judged them, and keeps only
// what Keep accepts. Rotation verdicts (GOT-01) are judged across cases: every worker
// reads its share of the cases for them, then the first judges them before it judges
// any chunk; a chunk another worker judges before they are known that needs them is
// judged again once they are. The kept verdicts go into one array in
// chunk order as the chunks come (sequencer). Its verdicts are the same, in the same
// order, as Evaluate's without these options, whatever the number of workers.
func (res *Result) stream(ds *Dataset, opt Options, workers int, notHeld []string) {
	nChunks := chunks(len(ds.Cases))
	seq := newSequencer(nChunks, len(ds.Cases))
	workerOf := make([]int, nChunks)
	workerNotes := make([]*notes, workers)
	var rotations rotationVerdicts
	rotationsDone := make(chan struct{})
	// Every worker first reads its share of the cases for the rotations; the first then
	// judges them while the others judge chunks.
	scans := make([]rotationScan, workers)
	var scanned sync.WaitGroup
	scanned.Add(workers)
	// Closed once the rotations are known, and even on a panic of the first worker, so
	// that no chunk waits for ever: Wait then hands the panic on.
	known := sync.OnceFunc(func() { close(rotationsDone) })
	next := chunkQueue(nChunks)
	var wg workgroup.Group
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			if w == 0 {
				defer known()
			}
			func() {
				defer scanned.Done() // even on a panic: the first worker then panics too
				scans[w] = scanRotations(ds, res.Rules, opt.Asof, w*len(ds.Cases)/workers, (w+1)*len(ds.Cases)/workers)
				if rotationsScanned != nil {
					rotationsScanned(w)
				}
			}()
			if w == 0 {
				func() {
					defer known()
					scanned.Wait()
					rotations = judgeRotations(ds, res.Rules, scans)
					if rotationsLate != nil {
						rotationsLate()
					}
				}()
			}
			ev := evaluator{asof: opt.Asof, reasons: newReasonCache(), notHeld: notHeld, deferRotations: true}
			defer func() { workerNotes[w] = &ev.notes }()
			rotated := false
			deliver := func(ci int, vs []Verdict) {
				workerOf[ci] = w
				vs = selected(vs, opt.Select)
				if opt.Each != nil && len(vs) > 0 {
					opt.Each(w, vs)
				}
				if opt.Keep != nil {
					vs = selected(vs, opt.Keep)
				}
				seq.put(ci, vs)
			}
			// Room for every rule on every case of a chunk: only what is written costs
			// fresh memory (a reused span is zeroed whole, about 1.5 MB per worker), and
			// grown by append from nothing it left 4 MB of garbage.
			buf := make([]Verdict, 0, min(chunk, len(ds.Cases))*len(res.Rules))
			// The chunks judged before the rotations are known that need them are
			// judged again once they are, not kept: their verdicts in fresh memory
			// (20–80 MB at 10M events) cost more than judging them twice (36 bytes
			// written for the first time took about 200 ns, judging a verdict 80).
			var redo []int
			// flush judges the chunks to redo and hands them on, as soon as the
			// rotations are known: the chunks after them wait for them in the sequencer.
			flush := func() {
				ev.rotations = rotations
				for _, ci := range redo {
					out := ev.evalChunk(buf[:0], ds, ci, res.Rules)
					buf = out
					ev.fillRotations(out, ev.pending, ds, res.Rules)
					ev.pending = ev.pending[:0]
					deliver(ci, out)
				}
				redo = nil
			}
			for ci := range next {
				if !rotated {
					select {
					case <-rotationsDone:
						rotated = true
						flush()
					default:
					}
				}
				out := ev.evalChunk(buf[:0], ds, ci, res.Rules)
				buf = out
				if chunkJudged != nil {
					chunkJudged(w)
				}
				if len(ev.pending) > 0 {
					if !rotated {
						redo = append(redo, ci)
						ev.pending = ev.pending[:0]
						continue
					}
					ev.fillRotations(out, ev.pending, ds, res.Rules)
					ev.pending = ev.pending[:0]
				}
				deliver(ci, out)
			}
			if len(redo) > 0 {
				<-rotationsDone
				flush()
			}
		})
	}
	wg.Wait()
	res.Verdicts = seq.out
	res.renumberNotes(workerNotes, workerOf, seq.offsets)
	if opt.Keep != nil {
		res.replay = &replay{ds: ds, rotations: rotations, notHeld: notHeld, sel: opt.Select, workers: workers}
	}
}

// sequencer puts the chunks' kept verdicts in one array in chunk order as they come:
// a chunk whose predecessors are all in is appended at once, one that comes early is
// copied aside until they are. (Each chunk copied aside and the whole then copied again
// was 85 MB of memory written for the first time at 10M rows, for 42 MB kept.)
type sequencer struct {
	mu      sync.Mutex
	next    int // the chunk to append next
	nChunks int
	nCases  int
	out     []Verdict
	offsets []int // where each chunk's verdicts begin in out; the last is len(out)
	early   map[int][]Verdict
	// spare are the copies of early chunks already appended, to copy the next ones
	// into: new copies for every early chunk were 10 MB of memory written for the
	// first time at 10M events, as nothing is collected while the audit runs.
	spare [][]Verdict
}

func newSequencer(nChunks, nCases int) *sequencer {
	return &sequencer{nChunks: nChunks, nCases: nCases, offsets: make([]int, nChunks+1), early: map[int][]Verdict{}}
}

// put takes chunk ci's verdicts vs, which it does not keep.
func (s *sequencer) put(ci int, vs []Verdict) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ci != s.next {
		var buf []Verdict
		if n := len(s.spare); n > 0 {
			buf, s.spare = s.spare[n-1], s.spare[:n-1]
		}
		s.early[ci] = append(buf, vs...)
		return
	}
	s.append(ci, vs)
	for {
		vs, ok := s.early[s.next]
		if !ok {
			return
		}
		delete(s.early, s.next)
		s.append(s.next, vs)
		s.spare = append(s.spare, vs[:0])
	}
}

// append appends chunk ci's verdicts, the next in order. Where they do not fit, the
// array is made as large as the verdicts so far promise for all the cases, and an
// eighth more, so that it is seldom copied; until an eighth of the cases are in, the
// promise is not trusted (the first chunks may keep far more than the rest, as in an
// export ordered oldest first) and the array only doubles.
func (s *sequencer) append(ci int, vs []Verdict) {
	s.offsets[ci] = len(s.out)
	if n := len(s.out) + len(vs); n > cap(s.out) {
		_, done := chunkOf(ci, s.nCases)
		want := 2*n + 1024
		if 8*done >= s.nCases {
			want = max(n+n/8, int(float64(n)/float64(done)*float64(s.nCases)*1.125)+1024)
		}
		grown := hugepage.Make[Verdict](want)[:len(s.out)]
		copy(grown, s.out)
		s.out = grown
	}
	s.out = append(s.out, vs...)
	s.next = ci + 1
	s.offsets[s.next] = len(s.out)
}

// selected returns the verdicts of vs that sel accepts, in vs's memory; all of them
// when sel is nil.
func selected(vs []Verdict, sel func(v *Verdict) bool) []Verdict {
	if sel == nil {
		return vs
	}
	n := 0
	for i := range vs {
		if sel(&vs[i]) {
			vs[n] = vs[i]
			n++
		}
	}
	return vs[:n]
}

// All calls fn with every verdict of the evaluation, in order (by case, then rule), a
// run at a time, with the reason texts the run's Note fields index (1-based; 0 = no
// reason). Where the Result holds every verdict, the runs are its own and notes its
// Notes; where it holds only those Options.Keep accepted, the cases are judged again,
// on every core, and each run is handed over in order with the texts of the worker that
// judged it: the same verdicts, with the same reasons, as an evaluation that keeps them
// all. fn must not keep vs. All stops at fn's first error and returns it.
func (res *Result) All(fn func(vs []Verdict, notes []string) error) error {
	if res.replay == nil {
		const step = 1 << 16
		for i := 0; i < len(res.Verdicts); {
			j := min(i+step, len(res.Verdicts))
			if err := fn(res.Verdicts[i:j], res.Notes); err != nil {
				return err
			}
			i = j
		}
		return nil
	}
	return res.replay.run(res, fn)
}

// run judges the cases again, chunk by chunk on every core, and hands the chunks' verdicts
// to fn in order. At most two chunks per worker are judged ahead of fn.
func (rp *replay) run(res *Result, fn func(vs []Verdict, notes []string) error) error {
	nChunks := chunks(len(rp.ds.Cases))
	type judged struct {
		ci    int
		vs    []Verdict
		texts []string // the worker's reason texts when it judged the chunk
	}
	window := 2 * rp.workers
	// Buffers fn is done with go back to the workers: fresh memory is dear.
	free := make(chan []Verdict, window+rp.workers)
	jobs := make(chan int)
	results := make(chan judged, window) // never full: at most window chunks are out
	tokens := make(chan struct{}, window)
	stop := make(chan struct{})
	var wg workgroup.Group
	// However the loop below ends (done, fn's error, fn's or a worker's panic), the
	// dispatcher and the workers stop and are waited for; Wait hands a worker's panic on.
	stopOnce := sync.OnceFunc(func() { close(stop) })
	defer func() {
		stopOnce()
		wg.Wait()
	}()
	wg.Go(func() {
		defer close(jobs)
		for ci := 0; ci < nChunks; ci++ {
			select {
			case tokens <- struct{}{}:
			case <-stop:
				return
			}
			select {
			case jobs <- ci:
			case <-stop:
				return
			}
		}
	})
	var working sync.WaitGroup
	working.Add(rp.workers)
	workersLeft := make(chan struct{}) // closed once every worker has returned
	go func() {
		working.Wait()
		close(workersLeft)
	}()
	for w := 0; w < rp.workers; w++ {
		wg.Go(func() {
			finished := false
			defer func() {
				if !finished {
					stopOnce() // panicking: the others stop too
				}
				working.Done()
			}()
			ev := evaluator{asof: res.Asof, rotations: rp.rotations, reasons: newReasonCache(), notHeld: rp.notHeld}
			for ci := range jobs {
				var out []Verdict
				select {
				case out = <-free:
				default:
				}
				out = ev.evalChunk(out, rp.ds, ci, res.Rules)
				// The texts so far: the worker only appends to them, after these.
				n := len(ev.notes.texts)
				results <- judged{ci, selected(out, rp.sel), ev.notes.texts[:n:n]}
			}
			finished = true
		})
	}
	var err error
	waiting := map[int]judged{}
	for next := 0; next < nChunks && err == nil; {
		var j judged
		select {
		case j = <-results:
		case <-workersLeft:
			select {
			case j = <-results:
			default:
				// Every worker is gone and a chunk is missing: one panicked, and
				// the deferred Wait hands its panic on.
				return errReplayBroken
			}
		}
		waiting[j.ci] = j
		for err == nil {
			j, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			err = fn(j.vs, j.texts)
			select {
			case free <- j.vs[:0]:
			default:
			}
			next++
			<-tokens
		}
	}
	return err
}

// errReplayBroken is returned by replay.run when its workers ended without judging every
// chunk; it only shows if none of them panicked, which would be a bug.
var errReplayBroken = errors.New("audit: judging the cases again ended early")
