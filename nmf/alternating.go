package nmf

// alternating is a run's minimization: each iteration the solver updates
// H from Xᵀ against W, then W from X against the new H, with the variants
// of the method composed around its updates: the penalties are part of
// each update's problem and of the objective, nsNMF smooths the factor an
// update is given, GNMF's term comes with H's update, rescales the factors
// after W's and adds to the objective.
type alternating struct {
	*model
	solver solver
	// The careful loss of the method (model.frobeniusLoss or klLoss).
	exact func(hb, ghb, colHb []float64) float64
	// nsNMF's smoothing of W and of H; nil when S = I.
	smoothW, smoothH *smoothing
	graph            *graphTerm // GNMF's term; nil without it
	pen              penalties
	// cols: the column sums are kept, for KL and the L1 penalties; the
	// Frobenius loss without them skips two passes over W and H.
	cols bool
	// The two updates' problems: the rows updated, their data and
	// penalties (the other factor is set before each update).
	forH, forW half
}

// newAlternating prepares a run of method m from the factors f: the
// solver, chosen once, its workspace and the variants' (GNMF builds its
// graph here, stopping early when the pool's context is done).
func newAlternating(d *data, f *factors, m Method, p *pool) *alternating {
	mod := newModel(d, f, p)
	a := &alternating{model: mod, solver: newSolver(m, mod), exact: mod.frobeniusLoss,
		smoothW: newSmoothing(m.Theta, f.m, f.k), smoothH: newSmoothing(m.Theta, f.n, f.k),
		pen:  penalties{l1W: m.L1W, l1H: m.L1H, l2W: m.L2W, l2H: m.L2H},
		cols: m.Loss == KL || m.L1W != 0 || m.L1H != 0,
		forH: half{x: &d.xt, a: f.ht, l1: m.L1H, l2: m.L2H},
		forW: half{x: &d.x, a: f.w, l1: m.L1W, l2: m.L2W, ofW: true},
	}
	if m.Loss == KL {
		a.exact = mod.klLoss
	}
	if m.Graph() {
		a.graph = newGraphTerm(mod, m.GraphNeighbors, m.GraphLambda)
		a.forH.graph = a.graph
	}
	return a
}

// iterate updates H, then W, and returns the objective after. Each update
// also leaves the Gram matrix of the factor it updated, which the next
// needs; the solver's loss then comes from what its W update computed on
// the way (solver.lossAfter).
func (a *alternating) iterate() float64 {
	a.update(&a.forH, a.gh, a.f.w, a.gw, a.colW)
	part := a.update(&a.forW, a.gw, a.f.ht, a.gh, a.colH)
	if a.graph != nil {
		a.graph.normalize()
	}
	if a.cols {
		colSums(a.colW, a.f.w, a.f.k)
	}
	w := &a.forW
	return a.solver.lossAfter(part, w.b, w.gb, w.colB) + a.penalty() + a.graphPenalty()
}

// update runs the solver's update h against the other factor b, with its
// Gram gb and column sums colB, as the model uses it, and sets ga to the
// Gram of the new rows.
func (a *alternating) update(h *half, ga, b, gb, colB []float64) float64 {
	if a.cols {
		colSums(colB, b, a.f.k)
	}
	smooth := a.smoothW
	if h.ofW {
		smooth = a.smoothH
	}
	h.b, h.gb, h.colB = smooth.apply(b, gb, colB)
	if h.graph != nil {
		h.graph.remember()
	}
	part := a.solver.update(h)
	a.sumGramParts(ga, h.x.rows)
	return part
}

// objective evaluates the objective of the current factors carefully (the
// solver's loss after an iteration may lose digits near an exact fit).
func (a *alternating) objective() float64 {
	f := a.f
	colSums(a.colW, f.w, f.k)
	colSums(a.colH, f.ht, f.k)
	hb, ghb, colHb := a.smoothH.apply(f.ht, a.gh, a.colH)
	return a.exact(hb, ghb, colHb) + a.penalty() + a.graphPenalty()
}

// penalties are the L1 and L2 penalties on W and on H.
type penalties struct{ l1W, l1H, l2W, l2H float64 }

// penalty is the penalties' part of the objective, from the column sums
// and Grams of the current factors.
func (a *alternating) penalty() float64 {
	p, k := a.pen, a.f.k
	if p.l1W == 0 && p.l2W == 0 && p.l1H == 0 && p.l2H == 0 {
		return 0
	}
	return p.l1W*sum(a.colW) + 0.5*p.l2W*trace(a.gw, k) + p.l1H*sum(a.colH) + 0.5*p.l2H*trace(a.gh, k)
}

// trace is the trace of g (k × k).
func trace(g []float64, k int) float64 {
	t := 0.0
	for i := 0; i < k; i++ {
		t += g[i*k+i]
	}
	return t
}

// graphPenalty is GNMF's part of the objective, 0 without it.
func (a *alternating) graphPenalty() float64 {
	if a.graph == nil {
		return 0
	}
	return a.graph.penalty()
}

// violation is the solver's projected gradient (HALS), else 0.
func (a *alternating) violation() float64 {
	if g, ok := a.solver.(gradientMeasure); ok {
		return g.violation()
	}
	return 0
}
