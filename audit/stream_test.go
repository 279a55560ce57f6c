package audit

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// judgedVerdict is a verdict with its reason, for comparing evaluations whose note
// numbers may differ.
type judgedVerdict struct {
	v      Verdict
	reason string
}

func withReasons(vs []Verdict, reason func(*Verdict) string) []judgedVerdict {
	out := make([]judgedVerdict, len(vs))
	for i := range vs {
		v := vs[i]
		out[i].reason = reason(&v)
		v.Note = 0
		out[i].v = v
	}
	return out
}

// TestStreamMatchesEvaluate: an evaluation that hands its verdicts on (Select, Each,
// Keep) sees exactly the verdicts of one that keeps them all, then filters: Each every
// selected verdict once, the Result the kept ones with their reasons, and All every
// selected one in order with its reason, for 1–3 workers, over several chunks, with
// rotation verdicts filled in late and rejected rows.
func TestStreamMatchesEvaluate(t *testing.T) {
	synth, synthRts := syntheticDataset(9000)
	rot, rotRt := rotationDataset(20_000) // five chunks
	sets := []struct {
		name string
		ds   *Dataset
		rts  []*Routine
		asof Date
	}{
		{"synthetic", synth, synthRts, MustDate("2026-10-31")},
		{"rotations", rot, []*Routine{rotRt}, MustDate("2026-12-31")},
	}
	sel := func(ds *Dataset) func(v *Verdict) bool {
		return func(v *Verdict) bool { return v.Attribute(ds).Period() >= "2025-06" && v.Case%5 != 3 }
	}
	keep := func(v *Verdict) bool { return v.Status != ITid && v.Status != EjTillamplig }
	defer func() { rotationsLate, chunkJudged = nil, nil }()
	// Late: the other workers judge every chunk before the rotations are known, so
	// that chunks wait for them to the end. After two chunks: the waiting chunks are
	// handed on while the workers still judge, after chunks that came later.
	for _, late := range []string{"late", "after two chunks"} {
		for _, set := range sets {
			full := Evaluate(set.ds, set.rts, Options{Asof: set.asof, Workers: 1})
			selectedAll := full.Filter(sel(set.ds))
			want := withReasons(selectedAll.Verdicts, full.Reason)
			wantKept := withReasons(full.Filter(func(v *Verdict) bool { return sel(set.ds)(v) && keep(v) }).Verdicts, full.Reason)
			if len(wantKept) == 0 || len(wantKept) == len(want) || len(want) == len(full.Verdicts) {
				t.Fatalf("%s: the filters select nothing or everything: %d of %d kept, %d selected", set.name, len(wantKept), len(want), len(full.Verdicts))
			}
			for _, workers := range []int{1, 2, 3} {
				name := fmt.Sprintf("%s/%s/workers=%d", late, set.name, workers)
				if late == "late" {
					rotationsLate, chunkJudged = func() { time.Sleep(100 * time.Millisecond) }, nil
				} else {
					if workers == 1 {
						continue // the one worker judges the rotations first
					}
					// Another worker makes the rotations known at its second chunk,
					// both waiting, then waits for the first worker to judge a chunk
					// (it does once they are known), so that its next chunk finds them
					// known with two chunks waiting. (With a time limit: the first
					// worker may find no chunk left.)
					release, firstJudged := make(chan struct{}), make(chan struct{})
					var once, firstOnce sync.Once
					var judged atomic.Int32
					rotationsLate = func() { <-release }
					chunkJudged = func(w int) {
						if w == 0 {
							firstOnce.Do(func() { close(firstJudged) })
							return
						}
						if judged.Add(1) == 2 {
							once.Do(func() { close(release) })
							select {
							case <-firstJudged:
							case <-time.After(2 * time.Second):
							}
						}
					}
				}
				var mu sync.Mutex
				var seen []Verdict
				res := Evaluate(set.ds, set.rts, Options{Asof: set.asof, Workers: workers, Select: sel(set.ds), Keep: keep,
					Each: func(w int, vs []Verdict) {
						if w < 0 || w >= workers {
							t.Errorf("%s: worker %d", name, w)
						}
						if !slices.IsSortedFunc(vs, byCaseRule) {
							t.Errorf("%s: a run out of order", name)
						}
						mu.Lock()
						seen = append(seen, vs...)
						mu.Unlock()
					}})
				slices.SortFunc(seen, byCaseRule)
				for i := range seen {
					seen[i].Note = 0
				}
				if got := withReasons(seen, func(*Verdict) string { return "" }); !slices.EqualFunc(got, want, func(a, b judgedVerdict) bool { return a.v == b.v }) {
					t.Errorf("%s: Each saw %d verdicts, want the %d selected", name, len(got), len(want))
				}
				if got := withReasons(res.Verdicts, res.Reason); !slices.Equal(got, wantKept) {
					t.Errorf("%s: the Result holds %d verdicts, want the %d kept", name, len(got), len(wantKept))
				}
				var all []judgedVerdict
				if err := res.All(func(vs []Verdict, notes []string) error {
					all = append(all, withReasons(vs, (&Result{Notes: notes}).Reason)...)
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(all, want) {
					diff := 0
					for diff < min(len(all), len(want)) && all[diff] == want[diff] {
						diff++
					}
					t.Errorf("%s: All gave %d verdicts, want %d; first difference at %d", name, len(all), len(want), diff)
				}
			}
		}
	}
}

func byCaseRule(a, b Verdict) int {
	return cmp.Or(cmp.Compare(a.Case, b.Case), cmp.Compare(a.Rule, b.Rule))
}

// TestAllStopsAtError: All returns fn's error and calls it no more, whether it judges
// again or reads the verdicts it holds.
func TestAllStopsAtError(t *testing.T) {
	ds, rts := syntheticDataset(20_000) // five chunks
	stop := errors.New("disk full")
	for _, keep := range []func(*Verdict) bool{nil, func(v *Verdict) bool { return v.Status == Sen }} {
		res := Evaluate(ds, rts, Options{Asof: MustDate("2026-10-31"), Keep: keep, Select: func(*Verdict) bool { return true }})
		calls := 0
		err := res.All(func([]Verdict, []string) error {
			if calls++; calls == 2 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || calls != 2 {
			t.Errorf("keep %v: error %v after %d calls, want %v after 2", keep != nil, err, calls, stop)
		}
	}
}

// TestStreamPanicsDoNotHang: a panic on a worker (while judging the rotations, or while
// judging again for All) or in All's fn reaches the caller as a panic instead of leaving
// it waiting for ever: the scheduler recovers a failed run and goes on with the next.
func TestStreamPanicsDoNotHang(t *testing.T) {
	ds, rt := rotationDataset(20_000)
	rts := []*Routine{rt}
	asof := MustDate("2026-12-31")
	keep := func(v *Verdict) bool { return v.Status == Sen }
	var broken atomic.Bool
	sel := func(v *Verdict) bool {
		if broken.Load() && v.Case == 9000 {
			panic("bad verdict")
		}
		return true
	}
	panics := func(name string, f func()) {
		t.Helper()
		done := make(chan any, 1)
		go func() {
			defer func() { done <- recover() }()
			f()
		}()
		select {
		case p := <-done:
			if p == nil {
				t.Errorf("%s: no panic", name)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: still waiting after 20 s", name)
		}
	}
	for _, workers := range []int{1, 2, 3} {
		rotationsLate = func() { panic("rotations") }
		panics(fmt.Sprintf("rotations, workers=%d", workers), func() {
			Evaluate(ds, rts, Options{Asof: asof, Workers: workers, Keep: keep})
		})
		rotationsLate = nil
		for scanner := range workers {
			rotationsScanned = func(w int) {
				if w == scanner {
					panic("scan")
				}
			}
			panics(fmt.Sprintf("scan of worker %d, workers=%d", scanner, workers), func() {
				Evaluate(ds, rts, Options{Asof: asof, Workers: workers, Keep: keep})
			})
		}
		rotationsScanned = nil
		res := Evaluate(ds, rts, Options{Asof: asof, Workers: workers, Keep: keep, Select: sel})
		broken.Store(true)
		panics(fmt.Sprintf("judging again, workers=%d", workers), func() {
			_ = res.All(func([]Verdict, []string) error { return nil })
		})
		broken.Store(false)
		panics(fmt.Sprintf("fn, workers=%d", workers), func() {
			_ = res.All(func([]Verdict, []string) error { panic("fn") })
		})
		// The result still works after all that.
		n := 0
		if err := res.All(func(vs []Verdict, _ []string) error { n += len(vs); return nil }); err != nil || n != 60_000 {
			t.Errorf("workers=%d: after the panics All gave %d verdicts, %v", workers, n, err)
		}
	}
}

// TestSequencerPutsChunksInOrder: chunks handed over in any order, of any size, come
// out in chunk order with their offsets, also when the first chunks promise far fewer
// verdicts than the rest bring (the array grows) and when a chunk brings none.
func TestSequencerPutsChunksInOrder(t *testing.T) {
	const nChunks = 40
	nCases := nChunks*chunk - 100
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 20; round++ {
		sizes := make([]int, nChunks)
		for ci := range sizes {
			sizes[ci] = rng.IntN(50)
			if ci > nChunks/2 {
				sizes[ci] *= 40 // the later chunks bring far more
			}
		}
		order := rng.Perm(nChunks)
		s := newSequencer(nChunks, nCases)
		for _, ci := range order {
			vs := make([]Verdict, sizes[ci])
			for i := range vs {
				vs[i] = Verdict{Case: int32(ci), Days: int32(i)}
			}
			s.put(ci, vs)
			clear(vs) // put must not keep vs
		}
		at := 0
		for ci := 0; ci < nChunks; ci++ {
			if s.offsets[ci] != at {
				t.Fatalf("round %d: chunk %d at %d, want %d", round, ci, s.offsets[ci], at)
			}
			for i := 0; i < sizes[ci]; i++ {
				if v := s.out[at+i]; v.Case != int32(ci) || v.Days != int32(i) {
					t.Fatalf("round %d: verdict %d of chunk %d is %+v", round, i, ci, v)
				}
			}
			at += sizes[ci]
		}
		if s.offsets[nChunks] != at || len(s.out) != at || len(s.early) != 0 {
			t.Fatalf("round %d: %d verdicts, end offset %d, %d left early; want %d", round, len(s.out), s.offsets[nChunks], len(s.early), at)
		}
	}
}

// TestSequencerTrustsNoEarlyPromise: when the first chunks keep far more verdicts than
// the rest (an export ordered oldest first), the array is not sized by them: it ends
// at most about twice what is kept.
func TestSequencerTrustsNoEarlyPromise(t *testing.T) {
	const nChunks = 64
	s := newSequencer(nChunks, nChunks*chunk)
	kept := 0
	for ci := 0; ci < nChunks; ci++ {
		n := 20
		if ci < 2 {
			n = 4000 // the first two chunks keep nearly every case's verdict
		}
		s.put(ci, make([]Verdict, n))
		kept += n
	}
	if len(s.out) != kept || cap(s.out) > 2*kept+2048 {
		t.Errorf("%d verdicts kept in an array of %d", len(s.out), cap(s.out))
	}
}
