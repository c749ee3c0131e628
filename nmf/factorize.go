package nmf

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/internal/sysmem"
)

// Factorize finds non-negative W (m × k) and H (k × n) with X ≈ WH,
// minimizing the method's loss from the settings' starting point. X must
// be non-negative and finite; a *sparse.CSR or *sparse.CSC is used without
// densifying. Cancelling ctx stops the run with Status Cancelled and the
// factors of the last iteration; cancelling it during the start (SVD,
// graph) or within an iteration (which take seconds at large k) returns
// ctx's error and no result. Either way the run stops within a few ms of
// work.
func Factorize(ctx context.Context, x mat.Matrix, k int, m Method, s Settings) (*Result, error) {
	if err := checkFactorize(x, k, m, s); err != nil {
		return nil, err
	}
	d, err := newData(x)
	if err != nil {
		return nil, err
	}
	if s.Restarts == 0 {
		return factorize(ctx, d, k, m, s, 0)
	}
	return restarts(ctx, d, k, m, s)
}

// checkFactorize reports a method, rank or settings Factorize cannot run
// for x.
func checkFactorize(x mat.Matrix, k int, m Method, s Settings) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if s.MaxIter < 0 || s.Tol < 0 || s.Runtime < 0 {
		return fmt.Errorf("nmf: negative MaxIter, Tol or Runtime: %w", ErrMethod)
	}
	rows, cols := x.Dims()
	if k < 1 || k > min(rows, cols) {
		return fmt.Errorf("nmf: k = %d must be in 1..min(m, n) = %d for a %d×%d matrix: %w", k, min(rows, cols), rows, cols, ErrRank)
	}
	if s.Restarts < 0 {
		return fmt.Errorf("nmf: negative Restarts: %w", ErrMethod)
	}
	if s.Checkpoint != nil && (s.CheckpointEvery < 1 || s.Restarts > 0) {
		return fmt.Errorf("nmf: a checkpoint needs CheckpointEvery ≥ 1 and no restarts: %w", ErrMethod)
	}
	if s.Resume != nil {
		return checkResume(s.Resume, rows, cols, k, m, s)
	}
	return nil
}

// restarts runs the settings' start and s.Restarts random ones, a few at a
// time, and keeps the lowest objective. Each run gets its own factors and
// workspace (O((m+n)k) each) and shares X, so at most GOMAXPROCS runs are
// in memory at once; each is deterministic, so the result does not depend
// on how many run together. A finished run leaves only its final objective
// (8 bytes) unless it is the best so far: memory does not grow with the
// number of runs beyond those 8 bytes each.
func restarts(ctx context.Context, d *data, k int, m Method, s Settings) (*Result, error) {
	runs := s.Restarts + 1
	if need, avail := 8*uint64(runs), sysmem.Available(); need > avail/2 {
		return nil, fmt.Errorf("nmf: %d restarts keep an objective of 8 bytes each, %s, more than half the %s of memory available: %w",
			s.Restarts, sysmem.Format(need), sysmem.Format(avail), ErrMethod)
	}
	conc := min(runs, runtime.GOMAXPROCS(0))
	out := &restartRuns{objs: make([]float64, runs), failedAt: runs}
	rec := serialRecorder(s.Recorder)
	sem := make(chan struct{}, conc)
	var wg sync.WaitGroup
	start := time.Now()
	launched := 0
	for r := range runs {
		sem <- struct{}{}
		if out.failedYet() || ctx.Err() != nil {
			// No more runs once one failed or the context is done: the
			// runs started see the cancellation themselves.
			<-sem
			break
		}
		launched++
		rs := restartSettings(s, r, conc, rec)
		wg.Go(func() {
			defer func() { <-sem }()
			res, err := factorize(ctx, d, k, m, rs, r)
			out.report(r, res, err)
		})
	}
	wg.Wait()
	return out.result(ctx, launched < runs, start)
}

// restartSettings are the settings of run r of restarts, run beside
// conc − 1 others: run 0 from the settings' start, run r ≥ 1 from a random
// start of seed Seed+r, each on its share of the processors.
func restartSettings(s Settings, r, conc int, rec func(Progress) bool) Settings {
	rs := s
	rs.Restarts = 0
	rs.Workers = max(1, runtime.GOMAXPROCS(0)/conc)
	if r > 0 {
		rs.Init, rs.Seed = Random, s.Seed+uint64(r)
	}
	rs.Recorder = rec
	return rs
}

// serialRecorder returns rec called from one run at a time (nil for nil).
func serialRecorder(rec func(Progress) bool) func(Progress) bool {
	if rec == nil {
		return nil
	}
	var mu sync.Mutex
	return func(p Progress) bool {
		mu.Lock()
		defer mu.Unlock()
		return rec(p)
	}
}

// restartRuns is what the runs of restarts report.
type restartRuns struct {
	mu        sync.Mutex
	objs      []float64 // every run's final objective
	best      *Result
	cancelled bool
	failed    error // the error of the lowest run that failed
	failedAt  int
}

func (o *restartRuns) failedYet() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.failed != nil
}

// report takes the result of run r.
func (o *restartRuns) report(r int, res *Result, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err != nil {
		if r < o.failedAt { // the lowest run's error, whatever the schedule
			o.failed, o.failedAt = err, r
		}
		return
	}
	o.objs[r] = res.Objective()
	o.cancelled = o.cancelled || res.Status == Cancelled
	// Ties go to the lower run, so the choice does not depend on the order
	// in which runs finish.
	if o.best == nil || res.Objective() < o.best.Objective() || (res.Objective() == o.best.Objective() && r < o.best.Run) {
		res.Run = r
		o.best = res
	}
}

// result is the best run, Cancelled if a run was or some never started.
func (o *restartRuns) result(ctx context.Context, notAll bool, start time.Time) (*Result, error) {
	if o.failed != nil {
		return nil, o.failed
	}
	if o.best == nil {
		return nil, fmt.Errorf("nmf: restarts: %w", ctx.Err())
	}
	if o.cancelled || notAll {
		o.best.Status = Cancelled
	}
	o.best.Restarts = o.objs
	o.best.Seconds = time.Since(start).Seconds()
	return o.best, nil
}
