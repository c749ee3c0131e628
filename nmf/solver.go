package nmf

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

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
	l1, l2   float64 // the penalties on a
	ofW      bool    // W's update (the second of an iteration), else H's
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

	// The half-update being run: rows a (of the factor being updated)
	// from x against b, with gb = bᵀb and colB = 1ᵀb.
	x        *csr
	a, b, gb []float64
	colB     []float64
	l1, l2   float64 // penalties of the factor being updated
	wantKL   bool    // CD: also return the KL loss of the updated rows
	// GNMF: the document graph (adjacency and degrees), Hᵀ as it was
	// before the H half (each row's update sees its neighbours' old
	// values, so rows stay independent), and whether the half running is
	// H's with the graph term.
	graphAdj  csr
	graphDeg  []float64
	htOld     []float64
	graphOn   bool
	graphTask func(lo, hi int) float64
	kScale    []float64
	// nsNMF: the smoothed factors W S and Hᵀ S (m × k, n × k), and k × k and
	// k scratch for their Grams and column sums.
	ws, hs                          []float64
	sgTmp, gSmooth, kTmp, colSmooth []float64
	rowBufs                         chan []float64
	// halsBufs hands out, one per running HALS task, the lanes of
	// halsLanesKernel: four k × halsLanes arrays, the lanes' Gram parts
	// (k × k × halsLanes) and the curvatures (k).
	halsBufs chan []float64
	// HALS: per block of rows, Σ|projected gradient| of its coordinates
	// before their update, and the iteration's total (scikit-learn's
	// "violation", its cd solver's stopping rule).
	violParts  []float64
	violation  float64
	updateTask func(lo, hi int) float64
}

func newState(d *data, f *factors, m Method, p *pool) *state {
	k := f.k
	s := &state{model: newModel(d, f, p), method: m}
	blocks := blocksOf(max(f.m, f.n))
	if m.Graph() {
		s.graphAdj, s.graphDeg = knnGraph(p, &d.xt, m.GraphNeighbors)
		s.htOld = make([]float64, f.n*k)
		s.kScale = make([]float64, k)
		s.graphTask = s.graphRows
	}
	s.violParts = make([]float64, blocks)
	if m.Theta > 0 {
		s.ws, s.hs = make([]float64, f.m*k), make([]float64, f.n*k)
		s.sgTmp, s.gSmooth, s.kTmp, s.colSmooth = make([]float64, k*k), make([]float64, k*k), make([]float64, k), make([]float64, k)
	}
	if m.Loss == KL {
		s.rowBufs = s.rowBuffers()
	}
	if m.Solver == HALS {
		s.halsBufs = make(chan []float64, p.workers)
		for range p.workers {
			s.halsBufs <- make([]float64, 4*k*halsLanes+k*k*halsLanes+k)
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
		s.sv = newALS(s.model)
	case m.Solver == ANLS:
		s.sv = newANLS(s.model)
	case m.Solver == PGD:
		s.sv = newPGD(s.model)
	default:
		s.updateTask = s.halsRows
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
	s.runHalf(&s.d.xt, f.ht, wb, gwb, colWb, s.gh, m.L1H, m.L2H, false)
	s.graphOn = false
	if cols {
		colSums(s.colH, f.ht, f.k)
	}
	// W from X against the new H (S H for nsNMF).
	hb, ghb, colHb := s.smoothed(f.ht, s.gh, s.colH, s.hs)
	part := s.runHalf(&s.d.x, f.w, hb, ghb, colHb, s.gw, m.L1W, m.L2W, true)
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
		obj = s.klLoss(hb, nil, colHb)
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
	gatherAxpy(dst, adj.val[adj.ptr[j]:adj.ptr[j+1]], adj.idx[adj.ptr[j]:adj.ptr[j+1]], h, k)
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
// division and the corrections), so halsLanes rows are updated side by
// side by halsLanesKernel, coordinate t of each before t+1 of any: their
// chains overlap, one row per lane. A missing last row is a zero row
// against zero data, which changes nothing.
func (s *state) halsRows(lo, hi int) float64 {
	const L = halsLanes
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
		halsLanesKernel(a, num, u, nbl, &gd, s.gb, hd, k, s.l1, s.l2, &viol, &cross, gl)
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
		gatherAxpy(num, ratio, idx, s.b, k)
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

// runHalf updates the rows of a from x against b, with penalties l1, l2, sets
// ga to the Gram of the new a, and returns Σ a_new·(x b) over the rows
// (Frobenius), or in the second half (W's) the KL loss of the new rows (CD).
func (s *state) runHalf(x *csr, a, b, gb, colB, ga []float64, l1, l2 float64, second bool) float64 {
	s.x, s.a, s.b, s.gb, s.colB, s.l1, s.l2, s.wantKL = x, a, b, gb, colB, l1, l2, second
	var part float64
	if s.sv != nil {
		s.cur = half{x: x, a: a, b: b, gb: gb, colB: colB, l1: l1, l2: l2, ofW: second}
		part = s.sv.update(&s.cur)
	} else {
		part = s.p.sum(x.rows, s.updateTask)
	}
	if s.method.Solver == HALS {
		for _, v := range s.violParts[:(x.rows+grain-1)/grain] { // in block order
			s.violation += v
		}
	}
	s.sumGramParts(ga, x.rows)
	return part
}

// product sets num (k) to row i of x times b.
func (s *state) product(num []float64, i int) {
	clear(num)
	x := s.x
	gatherAxpy(num, x.val[x.ptr[i]:x.ptr[i+1]], x.idx[x.ptr[i]:x.ptr[i+1]], s.b, s.f.k)
}
