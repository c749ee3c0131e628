package nmf

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/internal/kernels"
)

// ProjectSettings control Project.
type ProjectSettings struct {
	// MaxIter bounds the updates of each column of H; Tol stops them when
	// no entry of the column changed by more than Tol of its largest. Only
	// the stepwise solvers (KL, MU) use them: the Frobenius loss is solved
	// exactly.
	MaxIter int
	Tol     float64
	Workers int // 0: GOMAXPROCS
}

// DefaultProjectSettings run up to 1000 updates per column, until no entry
// changes by more than 1e-12 of the column's largest.
func DefaultProjectSettings() ProjectSettings {
	return ProjectSettings{MaxIter: 1000, Tol: 1e-12}
}

// Project returns H ≥ 0 (k × n) minimizing the method's loss of X ≈ WH,
// plus its penalties on H (L1H, L2H), with W (m × k) fixed, one column at
// a time: for the Frobenius loss, non-negative least squares solved
// exactly by an active-set method (multiplicative updates for MU, whose
// answers are its own); for KL, coordinate descent with Newton steps from
// a start that depends only on the column of X (every entry
// sqrt(Σx/(m·k))), until it stops changing. Each column is solved on its
// own, so a document gets the same weights bit for bit whichever other
// documents are projected with it: projecting a model's training
// documents gives back the H the model holds when that H was made by
// Project.
func Project(ctx context.Context, x, w mat.Matrix, m Method, s ProjectSettings) (*mat.Dense, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	d, err := newDataAllowZero(x)
	if err != nil {
		return nil, err
	}
	p := newPool(s.Workers)
	defer p.close()
	unwatch := p.watch(ctx)
	defer unwatch()
	f, err := projectData(ctx, d, w, m, s, p)
	if err != nil {
		return nil, err
	}
	_, h := f.dense()
	return h, nil
}

// projectData is Project on X held as data; the factors hold W and the
// solved Hᵀ. It stops early when the context the pool watches is done.
func projectData(ctx context.Context, d *data, w mat.Matrix, m Method, s ProjectSettings, p *pool) (*factors, error) {
	rows, n := d.x.rows, d.x.cols
	wr, k := w.Dims()
	if wr != rows {
		return nil, fmt.Errorf("nmf: W has %d rows for X of %d: %w", wr, rows, ErrShape)
	}
	f := &factors{k: k, m: rows, n: n, w: make([]float64, rows*k), ht: make([]float64, n*k)}
	if err := copyFactor(f.w, w, rows, k, false, "W"); err != nil {
		return nil, err
	}
	pr := newProjector(newModel(d, f, p), m, s) // the Gram of W and room for the work
	if !allFinite(pr.gw) || !allFinite(pr.colW) {
		return nil, &OverflowError{What: "WᵀW", Hint: "scale W"}
	}
	pr.solveAll()
	if err := p.err(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for j := range n {
		if !allFinite(f.ht[j*k : (j+1)*k]) {
			return nil, &OverflowError{What: "H", Stage: "document", Index: j, Hint: "scale the matrix or W"}
		}
	}
	return f, nil
}

// projector solves the columns of H one at a time with W fixed, chosen
// once by the method: the Frobenius loss exactly by the active-set NNLS
// (step nil), MU and KL by their column steps (multiplicative updates;
// coordinate descent with Newton steps); with the penalties on H.
type projector struct {
	*model
	l1, l2 float64
	step   func(c *column) (change, largest float64)
	s      ProjectSettings
	// The exact solve's Gram WᵀW + l2·I (nil with steps).
	gExact []float64
	// KL: W by its non-zeros, and per worker room for a column's gather.
	wNZ     sparseRows
	cdWorks chan *cdWork
}

func newProjector(mod *model, m Method, s ProjectSettings) *projector {
	pr := &projector{model: mod, l1: m.L1H, l2: m.L2H, s: s}
	colSums(pr.colW, pr.f.w, pr.f.k)
	switch {
	case m.Loss == KL:
		pr.step, pr.cdWorks = pr.cdStep, pr.model.cdWorks()
		pr.wNZ.set(pr.f.w, pr.f.k)
	case m.Solver == MU:
		pr.step = pr.muStep
	default:
		k := pr.f.k
		pr.gExact = make([]float64, k*k)
		copy(pr.gExact, pr.gw)
		for t := range k {
			pr.gExact[t*k+t] += pr.l2
		}
	}
	return pr
}

// column is a column of H being solved: h, its entries (row j of Hᵀ), the
// column of X (vals at rows idx), num = Wᵀx, and workspace: k, and for CD
// the model at the column's non-zeros and W's entries there.
type column struct {
	h, vals   []float64
	idx       []int32
	num, work []float64
	cd        *cdWork // KL: the model and W at the column's non-zeros,
	gathered  bool    // gathered at the first step
}

// solveAll solves every column, in parallel.
func (pr *projector) solveAll() {
	k := pr.f.k
	pr.p.run(pr.f.n, func(lo, hi int) {
		c := column{num: make([]float64, k), work: make([]float64, k)}
		var nnls *nnlsSolver
		if pr.gExact != nil {
			nnls = newNNLSSolver(k)
			nnls.setG(pr.gExact)
		}
		if pr.cdWorks != nil {
			c.cd = <-pr.cdWorks
			defer func() { pr.cdWorks <- c.cd }()
		}
		for j := lo; j < hi; j++ {
			if pr.p.stopped() {
				return
			}
			if nnls != nil {
				pr.solveExact(j, &c, nnls)
			} else if !pr.solve(j, &c) {
				return
			}
		}
	})
}

// solveExact solves column j of H by the active-set NNLS, from zero: min
// ½hᵀ(WᵀW + l2 I)h − (Wᵀx − l1)ᵀh over h ≥ 0, to its KKT tolerance
// (nnls.go). The answer depends on the column's support only, not on
// a start, so a document gets the same bits whatever else is projected.
func (pr *projector) solveExact(j int, c *column, nnls *nnlsSolver) {
	if !pr.start(j, c) {
		return
	}
	rhs := c.work[:pr.f.k]
	for t, v := range c.num {
		rhs[t] = v - pr.l1
	}
	clear(c.h)
	nnls.solve(c.h, rhs)
}

// solve solves column j of H (row j of Hᵀ) with W fixed. It reports false
// if it stopped because the pool's context is done: a column's updates
// cost O(k²) each, up to MaxIter of them, so the context is checked
// between updates (every one at k ≥ 32, every 64th below).
func (pr *projector) solve(j int, c *column) bool {
	if !pr.start(j, c) {
		return true
	}
	checkEvery := 64
	if pr.f.k >= 32 {
		checkEvery = 1
	}
	for it := range pr.s.MaxIter {
		if it%checkEvery == 0 && pr.p.stopped() {
			return false
		}
		change, largest := pr.step(c)
		if change <= pr.s.Tol*largest {
			break
		}
	}
	return true
}

// start sets c to column j from a start that depends only on its column of
// X (every entry sqrt(Σx/(m·k))), with num = Wᵀx, fixed for the Frobenius
// loss. It reports false for an empty column, whose H is zero.
func (pr *projector) start(j int, c *column) bool {
	k, x := pr.f.k, &pr.d.xt
	c.vals, c.idx = x.val[x.ptr[j]:x.ptr[j+1]], x.idx[x.ptr[j]:x.ptr[j+1]]
	c.h = pr.f.ht[j*k : (j+1)*k]
	c.gathered = false
	if len(c.vals) == 0 {
		clear(c.h)
		return false
	}
	start := math.Sqrt(sum(c.vals) / float64(pr.f.m*k))
	for t := range c.h {
		c.h[t] = start
	}
	clear(c.num)
	kernels.GatherAxpy(c.num, c.vals, c.idx, pr.f.w, k)
	return true
}

// The column steps return the largest change of an entry and the largest
// entry after the step.

// cdStep is a sweep of coordinate descent with Newton steps (CD's), the
// model at the column's non-zeros gathered once.
func (pr *projector) cdStep(c *column) (change, largest float64) {
	if !c.gathered {
		cdGather(c.h, c.idx, &pr.wNZ, c.cd)
		c.gathered = true
	}
	change = cdSweep(c.h, c.vals, c.cd, pr.colW, pr.l1, pr.l2)
	for _, v := range c.h {
		largest = math.Max(largest, v)
	}
	return change, largest
}

// muStep is a multiplicative update, h ← h ⊙ num / (WᵀW h + l1 + l2 h).
func (pr *projector) muStep(c *column) (change, largest float64) {
	k, g, h, work := pr.f.k, pr.gw, c.h, c.work
	for t := range h {
		den := floats.Dot(h, g[t*k:(t+1)*k]) + pr.l1 + pr.l2*h[t]
		if den == 0 {
			den = eps
		}
		work[t] = h[t] * c.num[t] / den
	}
	for t := range h {
		change, largest = math.Max(change, math.Abs(work[t]-h[t])), math.Max(largest, work[t])
		h[t] = work[t]
	}
	return change, largest
}
