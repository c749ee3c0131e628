package nmf

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/internal/kernels"
)

// eps guards denominators and the model's values at X's non-zeros:
// float32's machine epsilon, scikit-learn's EPSILON, so that the updates
// and objectives match scikit-learn's to rounding.
const eps = 1.1920928955078125e-07

// factors are W (m × k) and Hᵀ (n × k), both row-major: H is kept
// transposed so that W and H are updated by the same row-wise code.
type factors struct {
	k     int
	w, ht []float64
	m, n  int
}

func (f *factors) dense() (w, h *mat.Dense) {
	w = mat.NewDense(f.m, f.k, append([]float64(nil), f.w...))
	h = mat.NewDense(f.k, f.n, nil)
	for j := range f.n {
		for t := range f.k {
			h.Set(t, j, f.ht[j*f.k+t])
		}
	}
	return w, h
}

// state is one run's data, factors, workspace and tasks. All workspace is
// allocated here, so that iterations allocate nothing.
type state struct {
	d      *data
	f      *factors
	method Method
	p      *pool

	// gw = WᵀW and gh = HHᵀ (k × k) of the current factors.
	gw, gh []float64
	// colW = 1ᵀW, colH = H1 (k), for KL.
	colW, colH []float64

	// The half-update being run: rows a (of the factor being updated)
	// from x against b, with gb = bᵀb and colB = 1ᵀb.
	x        *csr
	a, b, gb []float64
	colB     []float64
	l1, l2   float64   // penalties of the factor being updated
	wantKL   bool      // CD: also return the KL loss of the updated rows
	chol     []float64 // ALS: Cholesky factor of gb + l2·I, k × k
	pgd      *pgdState // PGD's workspace
	// GNMF: the document graph (adjacency and degrees), Hᵀ as it was
	// before the H half (each row's update sees its neighbours' old
	// values, so rows stay independent), and whether the half running is
	// H's with the graph term.
	graphAdj  csr
	graphDeg  []float64
	htOld     []float64
	graphOn   bool
	graphTask func(lo, hi int) float64
	klTask    func(lo, hi int) float64
	kScale    []float64
	// nsNMF: the smoothed factors W S and Hᵀ S (m × k, n × k), and k × k and
	// k scratch for their Grams and column sums.
	ws, hs                          []float64
	sgTmp, gSmooth, kTmp, colSmooth []float64
	// ANLS: one exact NNLS solver per worker, handed out like rowBufs, and
	// gb + l2·I for them.
	nnls    chan *nnlsSolver
	gShift  []float64
	scratch [][]float64 // per block of rows: 2k floats
	// rowBufs hands out, one per running task, room for the longest row of
	// X or Xᵀ times (k + 1): the model at a row's non-zeros and, for CD,
	// the rows of b those non-zeros select. One buffer per worker, not per
	// block: memory O(max(m, n)·k).
	rowBufs chan []float64
	// halsBufs hands out, one per running HALS task, the lanes of
	// kernels.HALSSweep: four k × kernels.Lanes arrays, the lanes' Gram
	// parts (k × k × kernels.Lanes) and the curvatures (k).
	halsBufs  chan []float64
	gramParts []float64 // per block of rows: the Gram of its rows of a, k × k
	// HALS: per block of rows, Σ|projected gradient| of its coordinates
	// before their update, and the iteration's total (scikit-learn's
	// "violation", its cd solver's stopping rule).
	violParts []float64
	violation float64
	// objective: per block of rows, Σ (WH)² over X's non-zeros.
	modelSqParts []float64
	updateTask   func(lo, hi int) float64
	gramTask     func(lo, hi int) float64
}

func newState(d *data, f *factors, m Method, p *pool) *state {
	k := f.k
	s := &state{d: d, f: f, method: m, p: p,
		gw: make([]float64, k*k), gh: make([]float64, k*k),
		colW: make([]float64, k), colH: make([]float64, k),
	}
	blocks := (max(f.m, f.n) + grain - 1) / grain
	s.scratch = make([][]float64, blocks)
	for i := range s.scratch {
		s.scratch[i] = make([]float64, 3*k)
	}
	if m.Graph() {
		s.graphAdj, s.graphDeg = knnGraph(p, &d.xt, m.GraphNeighbors)
		s.htOld = make([]float64, f.n*k)
		s.kScale = make([]float64, k)
		s.graphTask = s.graphRows
	}
	s.gramParts = make([]float64, blocks*k*k)
	s.violParts = make([]float64, blocks)
	s.modelSqParts = make([]float64, blocks)
	s.chol = make([]float64, k*k)
	if m.Theta > 0 {
		s.ws, s.hs = make([]float64, f.m*k), make([]float64, f.n*k)
		s.sgTmp, s.gSmooth, s.kTmp, s.colSmooth = make([]float64, k*k), make([]float64, k*k), make([]float64, k), make([]float64, k)
	}
	if m.Loss == KL {
		longest := max(d.x.longestRow(), d.xt.longestRow())
		s.rowBufs = make(chan []float64, p.workers)
		for range p.workers {
			s.rowBufs <- make([]float64, longest*(k+1))
		}
	}
	if m.Solver == HALS {
		s.halsBufs = make(chan []float64, p.workers)
		for range p.workers {
			s.halsBufs <- make([]float64, 4*k*kernels.Lanes+k*k*kernels.Lanes+k)
		}
	}
	switch {
	case m.Solver == CD:
		s.updateTask = s.cdKLRows
	case m.Loss == KL:
		s.updateTask = s.muKLRows
	case m.Solver == MU:
		s.updateTask = s.muFrobeniusRows
	case m.Solver == ALS:
		s.updateTask = s.alsRows
	case m.Solver == ANLS:
		s.updateTask = s.anlsRows
	default:
		s.updateTask = s.halsRows
	}
	s.gramTask = s.gramRows
	s.klTask = s.klRows
	if m.Solver == PGD {
		s.pgd = newPGDState(s, max(f.m, f.n)*k)
	}
	if m.Solver == ANLS {
		s.nnls = make(chan *nnlsSolver, p.workers)
		for range p.workers {
			s.nnls <- newNNLSSolver(k)
		}
		s.gShift = make([]float64, k*k)
	}
	s.gram(s.gw, f.w, f.m)
	s.gram(s.gh, f.ht, f.n)
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
	s.violation = 0
	// The column sums serve KL and the L1 penalties; the Frobenius loss
	// without them skips two passes over W and H.
	cols := m.Loss == KL || m.L1W != 0 || m.L1H != 0
	if cols {
		colSums(s.colW, f.w, f.k)
	}
	// H from Xᵀ against W (W S for nsNMF).
	wb, gwb, colWb := s.smoothed(f.w, s.gw, s.colW, s.ws)
	if m.Graph() {
		copy(s.htOld, f.ht)
		s.graphOn = true
	}
	s.half(&s.d.xt, f.ht, wb, gwb, colWb, s.gh, m.L1H, m.L2H, false)
	s.graphOn = false
	if cols {
		colSums(s.colH, f.ht, f.k)
	}
	// W from X against the new H (S H for nsNMF).
	hb, ghb, colHb := s.smoothed(f.ht, s.gh, s.colH, s.hs)
	part := s.half(&s.d.x, f.w, hb, ghb, colHb, s.gw, m.L1W, m.L2W, true)
	if m.Graph() {
		s.normalizeW()
	}
	if cols {
		colSums(s.colW, f.w, f.k)
	}
	var obj float64
	switch {
	case m.Solver == CD:
		obj = part + floats.Dot(s.colW, colHb)
	case m.Loss == KL:
		obj = s.klObjective(hb, colHb)
	default:
		// part is tr(Wᵀ X Hᵀ) of the new factors. The expansion loses
		// digits when the fit is nearly exact; objective() is the careful one.
		obj = math.Max(0, 0.5*(s.d.sumSq-2*part+floats.Dot(s.gw, ghb)))
	}
	return obj + s.penalty() + s.graphPenalty()
}

// normalizeW scales W's columns to unit length and H's rows the other way
// (WH is unchanged), as Cai et al. do for GNMF: without it the graph term
// λ tr(H L Hᵀ) could be lowered by shrinking H and growing W alone. The
// Grams follow the scaling; ghb, the smoothed Gram, is only used before.
func (s *state) normalizeW() {
	f, k := s.f, s.f.k
	scale := s.kScale
	for t := range k {
		scale[t] = math.Sqrt(s.gw[t*k+t])
	}
	for i := 0; i < len(f.w); i += k {
		for t, c := range scale {
			if c > 0 {
				f.w[i+t] /= c
			}
		}
	}
	for j := 0; j < len(f.ht); j += k {
		for t, c := range scale {
			if c > 0 {
				f.ht[j+t] *= c
			}
		}
	}
	for t, ct := range scale {
		for r, cr := range scale {
			if ct > 0 && cr > 0 {
				s.gw[t*k+r] /= ct * cr
				s.gh[t*k+r] *= ct * cr
			}
		}
	}
}

// graphPenalty is λ tr(H L Hᵀ) = λ Σ_j (d_j ‖h_j‖² − h_j·Σ_l a_jl h_l).
func (s *state) graphPenalty() float64 {
	if !s.method.Graph() {
		return 0
	}
	return s.method.GraphLambda * s.p.sum(s.f.n, s.graphTask)
}

func (s *state) graphRows(lo, hi int) float64 {
	k := s.f.k
	nb := s.scratch[lo/grain][2*k:]
	total := 0.0
	for j := lo; j < hi; j++ {
		h := s.f.ht[j*k : (j+1)*k]
		neighbourSum(nb, &s.graphAdj, j, s.f.ht, k)
		total += s.graphDeg[j]*floats.Dot(h, h) - floats.Dot(h, nb)
	}
	return total
}

// neighbourSum sets dst (k) to Σ_l a_jl h_l over j's neighbours l.
func neighbourSum(dst []float64, adj *csr, j int, h []float64, k int) {
	clear(dst)
	kernels.GatherAxpy(dst, adj.val[adj.ptr[j]:adj.ptr[j+1]], adj.idx[adj.ptr[j]:adj.ptr[j+1]], h, k)
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

// half updates the rows of a from x against b, with penalties l1, l2, sets
// ga to the Gram of the new a, and returns Σ a_new·(x b) over the rows
// (Frobenius), or in the second half (W's) the KL loss of the new rows (CD).
func (s *state) half(x *csr, a, b, gb, colB, ga []float64, l1, l2 float64, second bool) float64 {
	s.x, s.a, s.b, s.gb, s.colB, s.l1, s.l2, s.wantKL = x, a, b, gb, colB, l1, l2, second
	var part float64
	switch s.method.Solver {
	case PGD:
		side := 0
		if second { // W's half
			side = 1
		}
		part = s.pgdHalf(side)
		s.sumGramParts(ga, x.rows)
		return part
	case ALS:
		s.choleskyGB()
	case ANLS:
		k := s.f.k
		copy(s.gShift, gb)
		for t := range k {
			s.gShift[t*k+t] += l2
		}
		// Every solver is idle between halves: take each out, give it the
		// new G, put it back.
		for range cap(s.nnls) {
			sv := <-s.nnls
			sv.setG(s.gShift)
			s.nnls <- sv
		}
	}
	part = s.p.sum(x.rows, s.updateTask)
	if s.method.Solver == HALS {
		for _, v := range s.violParts[:(x.rows+grain-1)/grain] { // in block order
			s.violation += v
		}
	}
	s.sumGramParts(ga, x.rows)
	return part
}

// gram sets g (k × k) to aᵀa for a of rows rows of k.
func (s *state) gram(g, a []float64, rows int) {
	s.a = a
	s.p.sum(rows, s.gramTask)
	s.sumGramParts(g, rows)
}

func (s *state) gramRows(lo, hi int) float64 {
	k := s.f.k
	for i := lo; i < hi; i++ {
		s.addGram(lo, s.a[i*k:(i+1)*k])
	}
	return 0
}

// addGram adds row's outer product to the Gram part of the block of row lo;
// only the upper triangle, which sumGramParts mirrors.
func (s *state) addGram(lo int, row []float64) {
	k := s.f.k
	g := s.gramParts[(lo/grain)*k*k : (lo/grain+1)*k*k]
	for t, v := range row {
		if v != 0 {
			floats.AddScaled(g[t*k+t:(t+1)*k], v, row[t:])
		}
	}
}

// sumGramParts adds the Gram parts of the blocks of rows rows into g, in
// block order, so that the sum is the same whatever the workers, and fills
// the lower triangle from the upper. The parts hold k² per block, gigabytes
// at k in the thousands: it checks the context between blocks.
func (s *state) sumGramParts(g []float64, rows int) {
	k := s.f.k
	clear(g)
	for b := range (rows + grain - 1) / grain {
		if s.p.stopped() {
			return
		}
		part := s.gramParts[b*k*k : (b+1)*k*k]
		floats.Add(g, part)
		clear(part)
	}
	for t := range k {
		for r := range t {
			g[t*k+r] = g[r*k+t]
		}
	}
}

// sum adds a's entries in index order (gonum's floats.Sum adds in an order
// that depends on the slice's alignment in memory).
func sum(a []float64) float64 {
	t := 0.0
	for _, v := range a {
		t += v
	}
	return t
}

// colSums sets dst (k) to the column sums of a (rows of k).
func colSums(dst, a []float64, k int) {
	clear(dst)
	dst = dst[:k]
	for i := 0; i < len(a); i += k {
		for t, v := range a[i : i+k] {
			dst[t] += v
		}
	}
}

// product sets num (k) to row i of x times b.
func (s *state) product(num []float64, i int) {
	clear(num)
	x := s.x
	kernels.GatherAxpy(num, x.val[x.ptr[i]:x.ptr[i+1]], x.idx[x.ptr[i]:x.ptr[i+1]], s.b, s.f.k)
}

// muFrobeniusRows is Lee & Seung's update of rows [lo, hi) of a:
// a ← a ⊙ (x b) / (a bᵀb). It returns Σ a_new·(x b) over the rows.
func (s *state) muFrobeniusRows(lo, hi int) float64 {
	k := s.f.k
	w := s.scratch[lo/grain]
	num, den, nb := w[:k], w[k:2*k], w[2*k:]
	cross := 0.0
	lambda := s.method.GraphLambda
	for i := lo; i < hi; i++ {
		row := s.a[i*k : (i+1)*k]
		s.product(num, i)
		for t := range den {
			den[t] = floats.Dot(row, s.gb[t*k:(t+1)*k])
		}
		if s.graphOn {
			// GNMF (Cai et al.): H ⊙ (WᵀX + λHA) / (WᵀWH + λHD).
			neighbourSum(nb, &s.graphAdj, i, s.htOld, k)
		}
		for t := range row {
			d, n := den[t]+s.l1+s.l2*row[t], num[t]
			if s.graphOn {
				d += lambda * s.graphDeg[i] * row[t]
				n += lambda * nb[t]
			}
			if d == 0 {
				d = eps
			}
			row[t] *= n / d
		}
		cross += floats.Dot(row, num)
		s.addGram(lo, row)
	}
	return cross
}

// halsRows is the fast HALS update of rows [lo, hi) of a: for each
// component t in turn, the exact minimizer of the loss in a[i,t] with the
// rest fixed, projected on a[i,t] ≥ 0. It returns Σ a_new·(x b).
//
// The gradient's part u = (bᵀb) a_i is computed once per row and, when
// a[i,t] changes, corrected by a row of bᵀb past t (the only entries still
// to be read), rather than recomputed by a dot product per coordinate.
// Each coordinate's update still waits for the one before (a chain of a
// division and the corrections), so kernels.Lanes rows are updated side
// by side by kernels.HALSSweep, coordinate t of each before t+1 of any: their
// chains overlap, one row per lane. A missing last row is a zero row
// against zero data, which changes nothing.
func (s *state) halsRows(lo, hi int) float64 {
	const L = kernels.Lanes
	k := s.f.k
	buf := <-s.halsBufs
	defer func() { s.halsBufs <- buf }()
	a, num, u, nbl := buf[:k*L], buf[k*L:2*k*L], buf[2*k*L:3*k*L], buf[3*k*L:4*k*L]
	gl, hd := buf[4*k*L:4*k*L+k*k*L], buf[4*k*L+k*k*L:4*k*L+k*k*L+k]
	w := s.scratch[lo/grain]
	rowNum, nb := w[:k], w[k:2*k]
	clear(gl)
	clear(nbl)
	for t := range k {
		hd[t] = s.gb[t*k+t] + s.l2
	}
	lambda := s.method.GraphLambda
	var viol, cross [L]float64
	for i0 := lo; i0 < hi; i0 += L {
		var gd [L]float64
		for q := range L {
			i := i0 + q
			if i >= hi {
				for t := range k {
					a[t*L+q], num[t*L+q], nbl[t*L+q] = 0, 0, 0
				}
				continue
			}
			s.product(rowNum, i)
			for t, v := range s.a[i*k : (i+1)*k] {
				a[t*L+q], num[t*L+q] = v, rowNum[t]
			}
			// The graph term λ(d_i h_it − Σ_l a_il h_lt) adds to the
			// gradient, λd_i to the curvature; neighbours at their values
			// before the half.
			if s.graphOn {
				neighbourSum(nb, &s.graphAdj, i, s.htOld, k)
				gd[q] = lambda * s.graphDeg[i]
				for t, v := range nb {
					nbl[t*L+q] = lambda * v
				}
			}
		}
		kernels.HALSSweep(a, num, u, nbl, &gd, s.gb, hd, k, s.l1, s.l2, &viol, &cross, gl)
		for q := range min(L, hi-i0) {
			row := s.a[(i0+q)*k : (i0+q+1)*k]
			for t := range row {
				row[t] = a[t*L+q]
			}
		}
	}
	// The lanes' sums, added in lane order.
	g := s.gramParts[(lo/grain)*k*k : (lo/grain+1)*k*k]
	for t := range k {
		for r := t; r < k; r++ {
			g[t*k+r] += laneSum(gl[(t*k+r)*L : (t*k+r)*L+L])
		}
	}
	s.violParts[lo/grain] = laneSum(viol[:])
	return laneSum(cross[:])
}

// laneSum adds the lanes of l in lane order.
func laneSum(l []float64) float64 {
	sum := 0.0
	for _, v := range l {
		sum += v
	}
	return sum
}

// muKLRows is Lee & Seung's KL update of rows [lo, hi) of a:
// a ← a ⊙ ((x / ab) b) / (1ᵀb), with the model ab evaluated only at x's
// non-zeros. It returns 0.
func (s *state) muKLRows(lo, hi int) float64 {
	buf := <-s.rowBufs
	defer func() { s.rowBufs <- buf }()
	k := s.f.k
	num := s.scratch[lo/grain][:k]
	x := s.x
	for i := lo; i < hi; i++ {
		row := s.a[i*k : (i+1)*k]
		clear(num)
		vals, idx := x.val[x.ptr[i]:x.ptr[i+1]], x.idx[x.ptr[i]:x.ptr[i+1]]
		ratio := buf[:len(vals)]
		for p, j := range idx {
			wh := floats.Dot(row, s.b[int(j)*k:int(j)*k+k])
			if wh == 0 {
				wh = eps
			}
			ratio[p] = vals[p] / wh
		}
		kernels.GatherAxpy(num, ratio, idx, s.b, k)
		if s.graphOn {
			// The graph terms in MU form, as for the Frobenius loss.
			nb := s.scratch[lo/grain][2*k:]
			neighbourSum(nb, &s.graphAdj, i, s.htOld, k)
			for t := range num {
				num[t] += s.method.GraphLambda * nb[t]
			}
		}
		for t := range row {
			d := s.colB[t] + s.l1 + s.l2*row[t]
			if s.graphOn {
				d += s.method.GraphLambda * s.graphDeg[i] * row[t]
			}
			if d == 0 {
				d = eps
			}
			row[t] *= num[t] / d
		}
		s.addGram(lo, row)
	}
	return 0
}

// cdNewtonSteps bounds the Newton steps on one coordinate in CD.
const cdNewtonSteps = 3

// cdKLRows is cyclic coordinate descent on the KL loss for rows [lo, hi)
// of a (Hsieh & Dhillon 2011): for each component t in turn, projected
// Newton steps on a[i,t] with the rest fixed. The model ab of row i is kept
// at the row's non-zeros of x, updated as each coordinate moves, so the
// first and second derivatives cost one pass over the row's entries:
//
//	∂ = Σ_j b_jt + l1 + l2·a_it − Σ_{x_ij≠0} x_ij b_jt / (ab)_ij
//	∂² = l2 + Σ_{x_ij≠0} x_ij b_jt² / (ab)_ij²
//
// It returns, when wantKL is set, Σ x log(x/ab) − x of the new rows.
func (s *state) cdKLRows(lo, hi int) float64 {
	buf := <-s.rowBufs
	defer func() { s.rowBufs <- buf }()
	k, x := s.f.k, s.x
	kl := 0.0
	for i := lo; i < hi; i++ {
		row := s.a[i*k : (i+1)*k]
		vals, idx := x.val[x.ptr[i]:x.ptr[i+1]], x.idx[x.ptr[i]:x.ptr[i+1]]
		n := len(vals)
		wh, bt := buf[:n], buf[n:n+n*k]
		cdGather(row, idx, s.b, k, wh, bt)
		cdSweep(row, vals, wh, bt, s.colB, s.l1, s.l2)
		if s.wantKL {
			for p, v := range vals {
				if v > eps {
					kl += v*math.Log(v/math.Max(wh[p], eps)) - v
				}
			}
		}
		s.addGram(lo, row)
	}
	return kl
}

// cdGather sets wh to the model row·b_j at the row's non-zeros (columns
// idx) and bt[t*n+p] to b[idx[p], t]: the rows of b the row selects, one
// component after another, so that each coordinate's passes run over
// contiguous memory.
func cdGather(row []float64, idx []int32, b []float64, k int, wh, bt []float64) {
	n := len(idx)
	for p, j := range idx {
		bj := b[int(j)*k : int(j)*k+k]
		wh[p] = floats.Dot(row, bj)
		for t, v := range bj {
			bt[t*n+p] = v
		}
	}
}

// cdSweep runs projected Newton steps on each component of row in turn,
// keeping wh up to date, and returns the largest change of an entry.
func cdSweep(row, vals, wh, bt, colB []float64, l1, l2 float64) float64 {
	n := len(vals)
	change := 0.0
	for t := range row {
		col := bt[t*n : (t+1)*n]
		for range cdNewtonSteps {
			gs, h := cdDerivatives(col, vals, wh)
			g := colB[t] + l1 + l2*row[t] - gs
			h += l2
			var v float64
			switch {
			case h > 0:
				v = row[t] - g/h
			case g > 0:
				v = 0 // the loss only grows with the entry
			default:
				v = row[t]
			}
			if !(v > 0) {
				v = 0
			}
			d := v - row[t]
			if d == 0 {
				break
			}
			row[t] = v
			floats.AddScaled(wh, d, col)
			change = math.Max(change, math.Abs(d))
			if math.Abs(d) <= 1e-4*v {
				break
			}
		}
	}
	return change
}

// cdDerivatives returns Σ x_p b_p / w_p and Σ x_p b_p² / w_p² over the
// entries with b_p ≠ 0 (w clamped at eps): one division an entry, and two
// pairs of partial sums so that the additions do not wait on each other.
func cdDerivatives(b, x, w []float64) (g, h float64) {
	x, w = x[:len(b)], w[:len(b)]
	var g0, g1, h0, h1 float64
	p := 0
	for ; p+1 < len(b); p += 2 {
		if b[p] != 0 {
			dg, dh := cdTerm(x[p], w[p], b[p])
			g0, h0 = g0+dg, h0+dh
		}
		if b[p+1] != 0 {
			dg, dh := cdTerm(x[p+1], w[p+1], b[p+1])
			g1, h1 = g1+dg, h1+dh
		}
	}
	if p < len(b) && b[p] != 0 {
		dg, dh := cdTerm(x[p], w[p], b[p])
		g0, h0 = g0+dg, h0+dh
	}
	return g0 + g1, h0 + h1
}

// cdTerm is one entry's part of the derivatives, x·b/w and x·b²/w², with w
// clamped at eps: one division.
func cdTerm(x, w, b float64) (float64, float64) {
	if w < eps {
		w = eps
	}
	inv := 1 / w
	r := x * inv * b
	return r, r * b * inv
}

// anlsRows solves each row's non-negative least squares problem exactly:
// min ½ aᵀ(gb + l2·I)a − ((x b)_i − l1)·a, a ≥ 0, from the row's current
// value. It returns Σ a_new·(x b).
func (s *state) anlsRows(lo, hi int) float64 {
	k := s.f.k
	sv := <-s.nnls
	defer func() { s.nnls <- sv }()
	w := s.scratch[lo/grain]
	num, c := w[:k], w[k:2*k]
	cross := 0.0
	for i := lo; i < hi; i++ {
		// A row's active-set solve costs up to O(k³): check the context
		// between rows, not only between blocks.
		if s.p.stopped() {
			return 0
		}
		row := s.a[i*k : (i+1)*k]
		s.product(num, i)
		for t := range c {
			c[t] = num[t] - s.l1
		}
		sv.solve(row, c)
		cross += floats.Dot(row, num)
		s.addGram(lo, row)
	}
	return cross
}

// choleskyGB sets chol to the Cholesky factor L (lower, row-major) of
// gb + l2·I, with a ridge of 1e-12 of its trace added when gb is singular
// (an empty component), so that ALS always has a solution.
func (s *state) choleskyGB() {
	k := s.f.k
	if cholesky(s.chol, s.gb, k, s.l2) {
		return
	}
	trace := 0.0
	for t := range k {
		trace += s.gb[t*k+t]
	}
	ridge := math.Max(1e-12*trace, 1e-300)
	for range 60 {
		if cholesky(s.chol, s.gb, k, s.l2+ridge) {
			return
		}
		ridge *= 10
	}
}

// cholesky sets l (k × k, lower, row-major) to the Cholesky factor of
// g + shift·I and reports whether g + shift·I was positive definite.
func cholesky(l, g []float64, k int, shift float64) bool {
	clear(l)
	for i := range k {
		for j := 0; j <= i; j++ {
			sum := g[i*k+j]
			if i == j {
				sum += shift
			}
			for p := range j {
				sum -= l[i*k+p] * l[j*k+p]
			}
			if i == j {
				if !(sum > 0) {
					return false
				}
				l[i*k+i] = math.Sqrt(sum)
			} else {
				l[i*k+j] = sum / l[j*k+j]
			}
		}
	}
	return true
}

// alsRows solves each row's unconstrained least squares problem
// (gb + l2·I) a_i = (x b)_i − l1 by the Cholesky factor, then sets the
// negative entries to zero. It returns Σ a_new·(x b).
func (s *state) alsRows(lo, hi int) float64 {
	k := s.f.k
	w := s.scratch[lo/grain]
	num, y := w[:k], w[k:2*k]
	cross := 0.0
	for i := lo; i < hi; i++ {
		row := s.a[i*k : (i+1)*k]
		s.product(num, i)
		// Forward: L y = num − l1; back: Lᵀ a = y.
		for t := range k {
			v := num[t] - s.l1
			for p := range t {
				v -= s.chol[t*k+p] * y[p]
			}
			y[t] = v / s.chol[t*k+t]
		}
		for t := k - 1; t >= 0; t-- {
			v := y[t]
			for p := t + 1; p < k; p++ {
				v -= s.chol[p*k+t] * row[p]
			}
			row[t] = v / s.chol[t*k+t]
		}
		for t, v := range row {
			if !(v > 0) {
				row[t] = 0
			}
		}
		cross += floats.Dot(row, num)
		s.addGram(lo, row)
	}
	return cross
}

// klObjective is the KL loss of the current factors: Σ x log(x/wh) − x over
// X's non-zeros plus Σ WH = (1ᵀW)(H1), the model clamped at eps as
// scikit-learn's _beta_divergence does.
func (s *state) klObjective(hb, colHb []float64) float64 {
	f := s.f
	s.x, s.a, s.b = &s.d.x, f.w, hb
	colSums(s.colW, f.w, f.k)
	return s.p.sum(f.m, s.klTask) + floats.Dot(s.colW, colHb)
}

// objective evaluates the loss of the current factors exactly, from the
// model at X's non-zeros: the Frobenius loss as the residual on the
// non-zeros plus ‖WH‖² − Σ (WH)² over them (the rest of the matrix), which
// avoids most of the cancellation of the expansion iterate uses when the
// fit is close.
func (s *state) objective() float64 {
	f := s.f
	colSums(s.colW, f.w, f.k)
	colSums(s.colH, f.ht, f.k)
	hb, ghb, colHb := s.smoothed(f.ht, s.gh, s.colH, s.hs)
	if s.method.Loss == KL {
		return s.klObjective(hb, colHb) + s.penalty() + s.graphPenalty()
	}
	s.x, s.a, s.b = &s.d.x, f.w, hb
	resid := s.p.sum(f.m, s.residualRows)
	onNNZ := 0.0
	for _, v := range s.modelSqParts[:(f.m+grain-1)/grain] { // in block order
		onNNZ += v
	}
	rest := math.Max(0, floats.Dot(s.gw, ghb)-onNNZ)
	return 0.5*(resid+rest) + s.penalty() + s.graphPenalty()
}

func (s *state) klRows(lo, hi int) float64 {
	k, x, kl := s.f.k, s.x, 0.0
	for i := lo; i < hi; i++ {
		row := s.a[i*k : (i+1)*k]
		for p := x.ptr[i]; p < x.ptr[i+1]; p++ {
			j := int(x.idx[p])
			if v := x.val[p]; v > eps {
				wh := math.Max(floats.Dot(row, s.b[j*k:(j+1)*k]), eps)
				kl += v*math.Log(v/wh) - v
			}
		}
	}
	return kl
}

// residualRows returns Σ (x − wh)² over the non-zeros of rows [lo, hi)
// and leaves Σ wh² over them in the block's modelSqParts: one pass for both.
func (s *state) residualRows(lo, hi int) float64 {
	k, x, r, sq := s.f.k, s.x, 0.0, 0.0
	for i := lo; i < hi; i++ {
		row := s.a[i*k : (i+1)*k]
		for p := x.ptr[i]; p < x.ptr[i+1]; p++ {
			j := int(x.idx[p])
			wh := floats.Dot(row, s.b[j*k:(j+1)*k])
			e := x.val[p] - wh
			r += e * e
			sq += wh * wh
		}
	}
	s.modelSqParts[lo/grain] = sq
	return r
}
