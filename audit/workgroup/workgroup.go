// Package workgroup runs functions on goroutines and waits for them, handing a panic
// on any of them back to the goroutine that waits. Without it a panic on a worker
// ends the process even where the caller recovers, as the scheduler does for each
// run: a bad run would stop every later one.
package workgroup

import (
	"fmt"
	"runtime/debug"
	"sync"
)

// Group is a set of goroutines to wait for. The zero Group is ready to use; a Group
// must not be copied after first use.
type Group struct {
	wg    sync.WaitGroup
	mu    sync.Mutex
	first *Panic
}

// Panic is what Wait panics with when a function of the group panicked: the first
// such value and the stack of the goroutine it was raised on.
type Panic struct {
	Value any
	Stack []byte
}

// Error describes the panic with the worker's stack, so that the report of a crash
// shows where it happened and not only where it was passed on.
func (p *Panic) Error() string {
	return fmt.Sprintf("panic on a worker goroutine: %v\n\n%s", p.Value, p.Stack)
}

// Unwrap returns the panic value when it is an error.
func (p *Panic) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}

// Catch runs f and returns the panic it raised, or nil when it returned normally.
func Catch(f func()) (p *Panic) {
	defer func() {
		if v := recover(); v != nil {
			p = &Panic{Value: v, Stack: debug.Stack()}
		}
	}()
	f()
	return nil
}

// Go runs f on a new goroutine of the group.
func (g *Group) Go(f func()) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if p := Catch(f); p != nil {
			g.mu.Lock()
			if g.first == nil {
				g.first = p
			}
			g.mu.Unlock()
		}
	}()
}

// Wait waits for every function of the group to return, then, if any of them
// panicked, panics with the first *Panic on the calling goroutine.
func (g *Group) Wait() {
	g.wg.Wait()
	if g.first != nil {
		panic(g.first)
	}
}
