package nmf

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// grain is the number of rows in a block of parallel work. It is fixed, not
// derived from the number of workers, so that sums over blocks are added in
// the same order, and results are bit-identical, whatever GOMAXPROCS is.
const grain = 64

// pool runs row-block tasks on a fixed set of goroutines. A task is a
// function value made once, before the iterations, so that running it
// allocates nothing.
type pool struct {
	workers int
	wake    []chan struct{}
	done    chan struct{}
	wg      sync.WaitGroup

	// The task being run.
	fn     func(lo, hi int)
	n      int
	next   atomic.Int64
	blocks int

	// sum's task, made once.
	sumFn   func(lo, hi int) float64
	sumTask func(lo, hi int)
	partial []float64

	// Cancellation: ctx is the context watched, halt is set (by
	// context.AfterFunc) when it is done, and aborted when a loop has left
	// work undone because of it, which makes whatever it computed garbage.
	// Polling done costs an atomic load, so loops check it every block of
	// rows (and every row or step where those cost more than a few µs).
	ctx     context.Context
	halt    *atomic.Bool
	aborted atomic.Bool
}

// watch makes the pool's loops stop early once ctx is done, until unwatch
// is called (work that must not be left half done, such as updating an
// online fit's statistics, runs after it).
func (p *pool) watch(ctx context.Context) (unwatch func()) {
	if ctx == nil || ctx.Done() == nil {
		return func() {}
	}
	halt := new(atomic.Bool)
	p.ctx, p.halt = ctx, halt
	// AfterFunc runs its function on a goroutine of its own, even for a
	// context already done: set the flag now in that case, so that the
	// first check sees it.
	halt.Store(ctx.Err() != nil)
	stop := context.AfterFunc(ctx, func() { halt.Store(true) })
	return func() {
		stop()
		p.halt = nil
	}
}

// stopped reports whether the watched context is done, and if so marks
// the pool's work aborted: a loop that sees true returns at once.
func (p *pool) stopped() bool {
	if h := p.halt; h == nil || !h.Load() {
		return false
	}
	p.aborted.Store(true)
	return true
}

// err is the watched context's error if work was aborted, else nil.
func (p *pool) err() error {
	if !p.aborted.Load() {
		return nil
	}
	if p.ctx != nil && p.ctx.Err() != nil {
		return p.ctx.Err()
	}
	return context.Canceled
}

// newPool starts a pool of workers goroutines (GOMAXPROCS when workers ≤ 0).
func newPool(workers int) *pool {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	p := &pool{workers: workers, done: make(chan struct{})}
	p.sumTask = func(lo, hi int) { p.partial[lo/grain] = p.sumFn(lo, hi) }
	for range p.workers - 1 {
		c := make(chan struct{})
		p.wake = append(p.wake, c)
		p.wg.Go(func() {
			for range c {
				p.work()
				p.done <- struct{}{}
			}
		})
	}
	return p
}

// close stops the pool's goroutines. (A watch is ended by its unwatch.)
func (p *pool) close() {
	for _, c := range p.wake {
		close(c)
	}
	p.wg.Wait()
}

// run calls fn on the blocks [lo, hi) of [0, n), in parallel, and returns
// when all are done.
func (p *pool) run(n int, fn func(lo, hi int)) {
	blocks := (n + grain - 1) / grain
	if p.workers == 1 || blocks <= 1 {
		for lo := 0; lo < n; lo += grain {
			if p.stopped() {
				return
			}
			fn(lo, min(lo+grain, n))
		}
		return
	}
	p.fn, p.n, p.blocks = fn, n, blocks
	p.next.Store(0)
	wake := min(len(p.wake), blocks-1)
	for _, c := range p.wake[:wake] {
		c <- struct{}{}
	}
	p.work()
	for range wake {
		<-p.done
	}
	p.fn = nil
}

func (p *pool) work() {
	for {
		b := int(p.next.Add(1) - 1)
		if b >= p.blocks || p.stopped() {
			return
		}
		lo := b * grain
		p.fn(lo, min(lo+grain, p.n))
	}
}

// sum runs fn on the blocks of [0, n) like run, and returns the sum of its
// results added block by block in order, so that the total does not depend
// on which worker ran which block.
func (p *pool) sum(n int, fn func(lo, hi int) float64) float64 {
	blocks := (n + grain - 1) / grain
	if len(p.partial) < blocks {
		p.partial = make([]float64, blocks)
	}
	p.sumFn = fn
	p.run(n, p.sumTask)
	p.sumFn = nil
	s := 0.0
	for _, v := range p.partial[:blocks] {
		s += v
	}
	return s
}

// rowTask is a pool task that takes an argument: fn(arg, lo, hi) on each
// block. The pool's tasks must be function values made once, so that
// running them allocates nothing; a rowTask is made once per fn and
// handed each run's argument, so that fn reads its input as a parameter.
// One run at a time.
type rowTask[A any] struct {
	arg A
	fn  func(lo, hi int) float64
}

func newRowTask[A any](fn func(arg A, lo, hi int) float64) *rowTask[A] {
	t := new(rowTask[A])
	t.fn = func(lo, hi int) float64 { return fn(t.arg, lo, hi) }
	return t
}

// sum runs the task with arg on the blocks of [0, n) and returns the sum
// of the results in block order, as pool.sum does.
func (t *rowTask[A]) sum(p *pool, n int, arg A) float64 {
	t.arg = arg
	total := p.sum(n, t.fn)
	var zero A
	t.arg = zero
	return total
}

// blocksOf is the number of blocks of rows of [0, n).
func blocksOf(n int) int { return (n + grain - 1) / grain }
