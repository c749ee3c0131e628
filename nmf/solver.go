package nmf

// A solver minimizes the loss over one factor with the other fixed: an
// iteration is two of its updates, H's then W's (alternating
// minimization). Each solver is its own type holding the workspace it
// needs; newSolver chooses one from the Method, once. The variants of the
// objective compose with it: the penalties are part of each update's
// problem, nsNMF smooths the fixed factor it is given, and GNMF's term
// comes with H's update (half.graph).
type solver interface {
	// update sets the rows of h.a to their new values, adds the Gram of
	// each block's new rows to the model's Gram parts, and returns what it
	// computed of the objective on the way: Σ a_new·(x b) over the rows
	// (the Frobenius solvers), the KL loss of the new rows in W's update
	// (CD), or 0.
	update(h *half) float64
	// lossAfter is the loss after an iteration whose W update returned
	// part, from hb, H as the model uses it, with its Gram ghb and column
	// sums colHb.
	lossAfter(part float64, hb, ghb, colHb []float64) float64
}

// Solvers with state that lasts from one iteration to the next, beyond the
// factors and their Grams, say so by a second interface, which the run
// asks for once:
type (
	// gradientMeasure is a solver that measures the size of its projected
	// gradient (HALS): the tolerance test compares an iteration's with the
	// first's, as scikit-learn's cd does, instead of the error's decrease.
	gradientMeasure interface {
		violation() float64
		setViolation(v float64)
	}
	// carrier is a solver with state of its own that a Snapshot holds
	// (PGD's steps).
	carrier interface {
		save(snap *Snapshot)
		resume(snap *Snapshot)
	}
	// notMonotone is a solver whose objective may rise from one iteration
	// to the next (ALS): the run returns the best iterate it saw.
	notMonotone interface{ notMonotone() }
)

// half is the problem of one update: the rows of a, the factor updated
// (x.rows × k), from x against b, the other factor as the model uses it
// (x.cols × k), with its Gram gb and column sums colB.
type half struct {
	x        *csr
	a, b, gb []float64
	colB     []float64
	l1, l2   float64    // the penalties on a
	graph    *graphTerm // GNMF's term, in H's update; nil otherwise
	ofW      bool       // W's update (the second of an iteration), else H's
}

// side is 0 for H's update, 1 for W's.
func (h *half) side() int {
	if h.ofW {
		return 1
	}
	return 0
}

// product sets num (k) to row i of x times b.
func (h *half) product(num []float64, i int) {
	clear(num)
	x := h.x
	gatherAxpy(num, x.val[x.ptr[i]:x.ptr[i+1]], x.idx[x.ptr[i]:x.ptr[i+1]], h.b, len(num))
}

// state is one run's data, factors, workspace and tasks. All workspace is
// allocated here, so that iterations allocate nothing.
type state struct {
	*model
	method Method
	sv     solver
	cur    half
	graph  *graphTerm
	// nsNMF: the smoothed factors W S and Hᵀ S (m × k, n × k), and k × k and
	// k scratch for their Grams and column sums.
	ws, hs                          []float64
	sgTmp, gSmooth, kTmp, colSmooth []float64
}

func newState(d *data, f *factors, m Method, p *pool) *state {
	k := f.k
	s := &state{model: newModel(d, f, p), method: m}
	if m.Graph() {
		s.graph = newGraphTerm(s.model, m.GraphNeighbors, m.GraphLambda)
	}
	if m.Theta > 0 {
		s.ws, s.hs = make([]float64, f.m*k), make([]float64, f.n*k)
		s.sgTmp, s.gSmooth, s.kTmp, s.colSmooth = make([]float64, k*k), make([]float64, k*k), make([]float64, k), make([]float64, k)
	}
	switch {
	case m.Solver == CD:
		s.sv = newCD(s.model)
	case m.Loss == KL:
		s.sv = newMUKL(s.model)
	case m.Solver == MU:
		s.sv = newMU(s.model)
	case m.Solver == ALS:
		s.sv = newALS(s.model)
	case m.Solver == ANLS:
		s.sv = newANLS(s.model)
	case m.Solver == PGD:
		s.sv = newPGD(s.model)
	default:
		s.sv = newHALS(s.model)
	}
	return s
}

// iterate updates H, then W, and returns the objective after. Each
// half-update also leaves the Gram matrix of the factor it updated, which
// the next half needs; for the Frobenius loss the objective then comes
// from the expansion ½(‖X‖² − 2 tr(Wᵀ X Hᵀ) + tr(WᵀW HHᵀ)) at no extra
// pass over X; CD keeps the model at X's non-zeros and gives the KL loss
// on the way; MU on KL needs one more pass.
func (s *state) iterate() float64 {
	f, m := s.f, s.method
	// The column sums serve KL and the L1 penalties; the Frobenius loss
	// without them skips two passes over W and H.
	cols := m.Loss == KL || m.L1W != 0 || m.L1H != 0
	if cols {
		colSums(s.colW, f.w, f.k)
	}
	// H from Xᵀ against W (W S for nsNMF).
	wb, gwb, colWb := s.smoothed(f.w, s.gw, s.colW, s.ws)
	if s.graph != nil {
		s.graph.remember()
	}
	s.runHalf(&s.d.xt, f.ht, wb, gwb, colWb, s.gh, m.L1H, m.L2H, s.graph, false)
	if cols {
		colSums(s.colH, f.ht, f.k)
	}
	// W from X against the new H (S H for nsNMF).
	hb, ghb, colHb := s.smoothed(f.ht, s.gh, s.colH, s.hs)
	part := s.runHalf(&s.d.x, f.w, hb, ghb, colHb, s.gw, m.L1W, m.L2W, nil, true)
	if s.graph != nil {
		s.graph.normalize()
	}
	if cols {
		colSums(s.colW, f.w, f.k)
	}
	obj := s.sv.lossAfter(part, hb, ghb, colHb)
	return obj + s.penalty() + s.graphPenalty()
}

// smoothed returns a factor as the model uses it, with its Gram and column
// sums: itself, or for nsNMF (Theta > 0) the factor times
// S = (1−θ)I + (θ/k)11ᵀ (rows a_i S = (1−θ)a_i + (θ/k)Σa_i, written to dst),
// its Gram S G S and column sums (1ᵀa)S.
func (s *state) smoothed(a, g, col, dst []float64) (ab, gb, colB []float64) {
	theta := s.method.Theta
	if theta == 0 {
		return a, g, col
	}
	k := s.f.k
	for i := 0; i < len(a); i += k {
		smoothRow(dst[i:i+k], a[i:i+k], theta)
	}
	// S G S, row by row: (S G)_t = (1−θ)G_t + (θ/k)Σ_r G_r; then each row
	// of that times S.
	sg := s.sgTmp
	colSums(s.kTmp, g, k)
	for t := range k {
		for r := range k {
			sg[t*k+r] = (1-theta)*g[t*k+r] + theta/float64(k)*s.kTmp[r]
		}
	}
	for t := range k {
		smoothRow(s.gSmooth[t*k:(t+1)*k], sg[t*k:(t+1)*k], theta)
	}
	smoothRow(s.colSmooth, col, theta)
	return dst[:len(a)], s.gSmooth, s.colSmooth
}

// smoothRow sets dst to a S = (1−θ)a + (θ/k)(Σa)1.
func smoothRow(dst, a []float64, theta float64) {
	mean := theta * sum(a) / float64(len(a))
	for t, v := range a {
		dst[t] = (1-theta)*v + mean
	}
}

// penalty is the regularization part of the objective, from the column
// sums and Grams of the current factors.
func (s *state) penalty() float64 {
	m := s.method
	if m.L1W == 0 && m.L2W == 0 && m.L1H == 0 && m.L2H == 0 {
		return 0
	}
	trace := func(g []float64) float64 {
		t := 0.0
		for i := 0; i < s.f.k; i++ {
			t += g[i*s.f.k+i]
		}
		return t
	}
	return m.L1W*sum(s.colW) + 0.5*m.L2W*trace(s.gw) + m.L1H*sum(s.colH) + 0.5*m.L2H*trace(s.gh)
}

// objective evaluates the loss of the current factors exactly.
func (s *state) objective() float64 {
	f := s.f
	colSums(s.colW, f.w, f.k)
	colSums(s.colH, f.ht, f.k)
	hb, ghb, colHb := s.smoothed(f.ht, s.gh, s.colH, s.hs)
	if s.method.Loss == KL {
		return s.klLoss(hb, ghb, colHb) + s.penalty() + s.graphPenalty()
	}
	return s.frobeniusLoss(hb, ghb, colHb) + s.penalty() + s.graphPenalty()
}

// runHalf runs the solver's update and sets ga to the Gram of the new a.
func (s *state) runHalf(x *csr, a, b, gb, colB, ga []float64, l1, l2 float64, g *graphTerm, second bool) float64 {
	s.cur = half{x: x, a: a, b: b, gb: gb, colB: colB, l1: l1, l2: l2, graph: g, ofW: second}
	part := s.sv.update(&s.cur)
	s.sumGramParts(ga, x.rows)
	return part
}

// graphPenalty is GNMF's term of the objective, 0 without it.
func (s *state) graphPenalty() float64 {
	if s.graph == nil {
		return 0
	}
	return s.graph.penalty()
}

// violation is the solver's projected gradient (HALS), else 0.
func (s *state) violation() float64 {
	if g, ok := s.sv.(gradientMeasure); ok {
		return g.violation()
	}
	return 0
}
