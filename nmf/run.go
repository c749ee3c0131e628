package nmf

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"
)

// checkEvery is how often, in iterations, the tolerance is checked.
const checkEvery = 10

// runner is one run of Factorize: the iterations of alternating
// minimization from a start, with the settings' limits, tolerance,
// recorder and checkpoints around them.
type runner struct {
	alt   *alternating
	m     Method
	s     Settings
	run   int // the run's number in its Progress
	start time.Time
	res   *Result
	// violation0 is the first iteration's projected gradient, the
	// tolerance's reference for a solver that measures it (HALS).
	violation0 float64
	best       bestIterate // for a solver that is not monotone (ALS)
}

// factorize is one run of Factorize; run numbers its Progress.
func factorize(ctx context.Context, d *data, k int, m Method, s Settings, run int) (*Result, error) {
	p := newPool(s.Workers)
	defer p.close()
	// The start (SVD, graph) and every iteration check ctx every few ms of
	// work through the pool; work cut short returns ctx's error.
	unwatch := p.watch(ctx)
	defer unwatch()

	start := time.Now()
	f, err := initialize(d, k, s, p)
	if err != nil {
		return nil, err
	}
	r := &runner{alt: newAlternating(d, f, m, p), m: m, s: s, run: run, start: start,
		res: &Result{Status: IterationLimit}}
	first, err := r.begin()
	if err != nil {
		return nil, err
	}
	if err := r.iterations(ctx, first); err != nil {
		return nil, err
	}
	// The end is short and must not be cut: a cancelled run returns the
	// factors of its last iteration as they are.
	unwatch()
	return r.finish()
}

// begin starts the trace, from the objective of the starting factors or
// as the snapshot to resume holds it, and returns the first iteration to
// run.
func (r *runner) begin() (first int, err error) {
	first = 1
	if snap := r.s.Resume; snap != nil {
		if first, err = r.resume(snap); err != nil {
			return 0, err
		}
	} else {
		r.res.Trace = append(r.res.Trace, r.alt.objective())
		r.res.TraceSeconds = append(r.res.TraceSeconds, time.Since(r.start).Seconds())
		if !finite(r.res.Trace[0]) && r.alt.p.err() == nil {
			return 0, objectiveOverflow(0, r.s)
		}
		if _, ok := r.alt.solver.(notMonotone); ok {
			r.best = newBestIterate(r.alt.f, r.res.Trace[0])
		}
	}
	return first, r.alt.p.err()
}

// iterations runs iterations first … MaxIter, until a limit, the
// recorder or the tolerance stops them.
func (r *runner) iterations(ctx context.Context, first int) error {
	for it := first; it <= r.s.MaxIter; it++ {
		if ctx.Err() != nil {
			r.res.Status = Cancelled
			return nil
		}
		if r.s.Runtime > 0 && time.Since(r.start) > r.s.Runtime {
			r.res.Status = RuntimeLimit
			return nil
		}
		if done, err := r.iteration(it); done || err != nil {
			return err
		}
	}
	return nil
}

// iteration runs iteration it and records it, and reports whether the run
// is done (Status set).
func (r *runner) iteration(it int) (done bool, err error) {
	obj := r.alt.iterate()
	if err := r.alt.p.err(); err != nil {
		return true, err // an iteration cut short: its factors are half updated
	}
	if !finite(obj) {
		return true, objectiveOverflow(it, r.s)
	}
	r.res.Trace = append(r.res.Trace, obj)
	r.res.TraceSeconds = append(r.res.TraceSeconds, time.Since(r.start).Seconds())
	r.res.Iterations = it
	r.best.keep(r.alt.f, obj)
	if it == 1 {
		r.violation0 = r.alt.violation() // kept whatever Tol is, for a resumed run
	}
	if r.s.Checkpoint != nil && it%r.s.CheckpointEvery == 0 {
		if err := r.s.Checkpoint(r.snapshot(it)); err != nil {
			return true, err
		}
	}
	if r.s.Recorder != nil && r.s.Recorder(Progress{Run: r.run, Iteration: it, Objective: obj, Elapsed: time.Since(r.start)}) {
		r.res.Status = Stopped
		return true, nil
	}
	if r.converged(it) {
		r.res.Status = Converged
		return true, nil
	}
	return false, nil
}

// finish puts back the best iterate of a solver that is not monotone,
// replaces the last value of the trace by the careful evaluation of the
// factors returned, and copies them out.
func (r *runner) finish() (*Result, error) {
	a, res := r.alt, r.res
	if res.Status != Cancelled && r.best.restore(a.f) {
		a.gram(a.gw, a.f.w, a.f.m)
		a.gram(a.gh, a.f.ht, a.f.n)
	}
	if res.Iterations > 0 && res.Status != Cancelled {
		res.Trace[len(res.Trace)-1] = a.objective()
		if !finite(res.Objective()) {
			return nil, objectiveOverflow(res.Iterations, r.s)
		}
	}
	res.Seconds = time.Since(r.start).Seconds()
	res.W, res.H = a.f.dense()
	return res, nil
}

// converged is the tolerance test after iteration it, by the settings'
// rule: with StopGradient and a solver that measures its projected
// gradient (HALS), the iteration's against the first's (scikit-learn's
// cd); else, every checkEvery iterations, the error's decrease over them
// against the starting error (its mu).
func (r *runner) converged(it int) bool {
	s, trace := r.s, r.res.Trace
	g, measured := r.alt.solver.(gradientMeasure)
	switch {
	case s.Tol == 0:
		return false
	case measured && s.Stop == StopGradient:
		return r.violation0 == 0 || g.violation() <= s.Tol*r.violation0
	case it%checkEvery == 0:
		e0, prev, e := math.Sqrt(2*trace[0]), math.Sqrt(2*trace[it-checkEvery]), math.Sqrt(2*trace[it])
		return prev-e < s.Tol*e0
	}
	return false
}

// snapshot copies the run's state after iteration it.
func (r *runner) snapshot(it int) *Snapshot {
	a := r.alt
	snap := &Snapshot{Method: r.m, Iteration: it, Trace: slices.Clone(r.res.Trace),
		GramW: slices.Clone(a.gw), GramH: slices.Clone(a.gh), Violation0: r.violation0, Violation: a.violation()}
	snap.W, snap.H = a.f.dense()
	if c, ok := a.solver.(carrier); ok {
		c.save(snap)
	}
	if r.best.on {
		snap.BestObjective = r.best.obj
		if r.best.better {
			bf := factors{k: a.f.k, m: a.f.m, n: a.f.n, w: r.best.w, ht: r.best.ht}
			snap.BestW, snap.BestH = bf.dense()
		}
	}
	return snap
}

// resume sets the state the iterations carry as the snapshot holds it (the
// factors are its already) and returns the first iteration to run.
func (r *runner) resume(snap *Snapshot) (first int, err error) {
	a, f := r.alt, r.alt.f
	r.res.Trace = append(make([]float64, 0, r.s.MaxIter+1), snap.Trace...)
	r.res.TraceSeconds = make([]float64, len(snap.Trace), r.s.MaxIter+1)
	r.res.Iterations, first = snap.Iteration, snap.Iteration+1
	copy(a.gw, snap.GramW)
	copy(a.gh, snap.GramH)
	r.violation0 = snap.Violation0
	if g, ok := a.solver.(gradientMeasure); ok {
		g.setViolation(snap.Violation)
	}
	if c, ok := a.solver.(carrier); ok {
		c.resume(snap)
	}
	if _, ok := a.solver.(notMonotone); ok {
		r.best = newBestIterate(f, snap.BestObjective)
		if snap.BestW != nil {
			if err := copyFactor(r.best.w, snap.BestW, f.m, f.k, false, "the snapshot's best W"); err != nil {
				return 0, err
			}
			if err := copyFactor(r.best.ht, snap.BestH, f.k, f.n, true, "the snapshot's best H"); err != nil {
				return 0, err
			}
			r.best.better = true
		}
	}
	// The uninterrupted run tested its tolerance at the snapshot's
	// iteration after taking the snapshot: so does the resumed one.
	if snap.Iteration > 0 && r.converged(snap.Iteration) {
		r.res.Status = Converged
		first = r.s.MaxIter + 1
	}
	return first, nil
}

// checkResume reports a snapshot that cannot continue this run of X
// (rows × cols).
func checkResume(r *Snapshot, rows, cols, k int, m Method, s Settings) error {
	if r.W == nil || r.H == nil {
		return fmt.Errorf("nmf: the snapshot has no W or H: %w", ErrShape)
	}
	wr, wc := r.W.Dims()
	hr, hc := r.H.Dims()
	switch {
	case wr != rows || wc != k || hr != k || hc != cols:
		return fmt.Errorf("nmf: W0 is %d×%d and H0 %d×%d, want %d×%d and %d×%d (the snapshot is of another k or matrix): %w", wr, wc, hr, hc, rows, k, k, cols, ErrShape)
	case s.Restarts > 0:
		return fmt.Errorf("nmf: a resumed run has no restarts: %w", ErrMethod)
	case r.Method != m:
		return fmt.Errorf("nmf: the snapshot is of method %+v, not %+v: %w", r.Method, m, ErrMethod)
	case r.Iteration < 0 || r.Iteration > s.MaxIter:
		return fmt.Errorf("nmf: MaxIter %d is below the snapshot's iteration %d (it counts from the original start): %w", s.MaxIter, r.Iteration, ErrMethod)
	case len(r.Trace) != r.Iteration+1:
		return fmt.Errorf("nmf: the snapshot has %d objectives for %d iterations: %w", len(r.Trace), r.Iteration, ErrShape)
	case len(r.GramW) != k*k || len(r.GramH) != k*k:
		return fmt.Errorf("nmf: the snapshot's Grams have %d and %d entries for k = %d: %w", len(r.GramW), len(r.GramH), k, ErrShape)
	case !allFinite(r.Trace) || !allFinite(r.GramW) || !allFinite(r.GramH) || !allFinite(r.Steps[:]) ||
		!finite(r.Violation0) || !finite(r.Violation) || !finite(r.BestObjective):
		return fmt.Errorf("nmf: the snapshot holds non-finite values: %w", ErrInput)
	case (r.BestW == nil) != (r.BestH == nil):
		return fmt.Errorf("nmf: the snapshot has one best factor without the other: %w", ErrShape)
	}
	return nil
}

// bestIterate keeps a copy of the best factors seen, for solvers that are
// not monotone.
type bestIterate struct {
	on     bool
	obj    float64
	w, ht  []float64
	better bool // the current factors are not the best
}

// newBestIterate starts from the factors f, of objective obj.
func newBestIterate(f *factors, obj float64) bestIterate {
	return bestIterate{on: true, obj: obj, w: slices.Clone(f.w), ht: slices.Clone(f.ht)}
}

func (b *bestIterate) keep(f *factors, obj float64) {
	if !b.on {
		return
	}
	if obj < b.obj {
		b.obj = obj
		copy(b.w, f.w)
		copy(b.ht, f.ht)
		b.better = false
		return
	}
	b.better = true
}

// restore puts the best factors back and reports whether they differ from
// the current ones.
func (b *bestIterate) restore(f *factors) bool {
	if !b.on || !b.better {
		return false
	}
	copy(f.w, b.w)
	copy(f.ht, b.ht)
	return true
}
