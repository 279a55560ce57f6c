package workgroup

import (
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"testing"
)

func TestWaitRunsAll(t *testing.T) {
	var g Group
	var n atomic.Int32
	for range 50 {
		g.Go(func() { n.Add(1) })
	}
	g.Wait()
	if n.Load() != 50 {
		t.Fatalf("%d of 50 functions ran", n.Load())
	}
}

func TestPanicReachesWaiter(t *testing.T) {
	tests := []struct {
		name    string
		value   any
		wantErr error // what errors.Is must find in the *Panic
	}{
		{"string", "boom", nil},
		{"error", io.ErrUnexpectedEOF, io.ErrUnexpectedEOF},
		{"index", nil, nil}, // a runtime error: index out of range
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var g Group
			var done atomic.Int32
			for i := range 8 {
				g.Go(func() {
					defer done.Add(1)
					if i == 3 {
						if tt.value == nil {
							var s []int
							_ = s[i]
						}
						panic(tt.value)
					}
				})
			}
			p := func() (p *Panic) {
				defer func() { p, _ = recover().(*Panic) }()
				g.Wait()
				return nil
			}()
			if p == nil {
				t.Fatal("Wait returned normally after a panic")
			}
			if done.Load() != 8 {
				t.Errorf("Wait panicked before all functions ended: %d of 8", done.Load())
			}
			if !strings.Contains(string(p.Stack), "workgroup_test.go") {
				t.Errorf("stack does not show the worker's frame:\n%s", p.Stack)
			}
			if tt.wantErr != nil && !errors.Is(p, tt.wantErr) {
				t.Errorf("errors.Is(%v, %v) = false", p, tt.wantErr)
			}
			if !strings.Contains(p.Error(), "panic on a worker goroutine") {
				t.Errorf("Error() = %q", p.Error())
			}
		})
	}
}

func TestCatch(t *testing.T) {
	if p := Catch(func() {}); p != nil {
		t.Errorf("Catch of a normal return = %v", p)
	}
	if p := Catch(func() { panic("x") }); p == nil || p.Value != "x" {
		t.Errorf("Catch of panic(\"x\") = %v", p)
	}
}
