package nmf

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
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
	x          *csr
	a, b, gb   []float64
	colB       []float64
	scratch    [][]float64 // per block of rows: 2k floats
	ratios     [][]float64 // per block of rows: room for the longest row of X or Xᵀ (KL)
	gramParts  []float64   // per block of rows: the Gram of its rows of a, k × k
	updateTask func(lo, hi int) float64
	gramTask   func(lo, hi int) float64
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
		s.scratch[i] = make([]float64, 2*k)
	}
	s.gramParts = make([]float64, blocks*k*k)
	if m.Loss == KL {
		longest := max(d.x.longestRow(), d.xt.longestRow())
		s.ratios = make([][]float64, blocks)
		for i := range s.ratios {
			s.ratios[i] = make([]float64, longest)
		}
	}
	switch {
	case m.Loss == KL:
		s.updateTask = s.muKLRows
	case m.Solver == MU:
		s.updateTask = s.muFrobeniusRows
	default:
		s.updateTask = s.halsRows
	}
	s.gramTask = s.gramRows
	s.gram(s.gw, f.w, f.m)
	s.gram(s.gh, f.ht, f.n)
	return s
}

// iterate updates H, then W, and returns the objective after. Each
// half-update also leaves the Gram matrix of the factor it updated, which
// the next half needs; for the Frobenius loss the objective then comes
// from the expansion ½(‖X‖² − 2 tr(Wᵀ X Hᵀ) + tr(WᵀW HHᵀ)) at no extra
// pass over X. KL needs the model at X's non-zeros: one more pass.
func (s *state) iterate() float64 {
	f := s.f
	colSums(s.colW, f.w, f.k)
	s.half(&s.d.xt, f.ht, f.w, s.gw, s.colW, s.gh) // H from Xᵀ against W
	colSums(s.colH, f.ht, f.k)
	cross := s.half(&s.d.x, f.w, f.ht, s.gh, s.colH, s.gw) // W from X against the new H
	if s.method.Loss == KL {
		return s.klObjective()
	}
	// cross is tr(Wᵀ X Hᵀ) of the new factors. The expansion loses
	// digits when the fit is nearly exact; objective() is the careful one.
	return math.Max(0, 0.5*(s.d.sumSq-2*cross+floats.Dot(s.gw, s.gh)))
}

// half updates the rows of a from x against b, sets ga to the Gram of the
// new a, and returns Σ a_new·(x b) over the rows.
func (s *state) half(x *csr, a, b, gb, colB, ga []float64) float64 {
	s.x, s.a, s.b, s.gb, s.colB = x, a, b, gb, colB
	cross := s.p.sum(x.rows, s.updateTask)
	s.sumGramParts(ga, x.rows)
	return cross
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
// the lower triangle from the upper.
func (s *state) sumGramParts(g []float64, rows int) {
	k := s.f.k
	clear(g)
	for b := range (rows + grain - 1) / grain {
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

func colSums(dst, a []float64, k int) {
	clear(dst)
	for i := 0; i < len(a); i += k {
		floats.Add(dst, a[i:i+k])
	}
	for t := range dst {
		if dst[t] == 0 {
			dst[t] = eps
		}
	}
}

// product sets num (k) to row i of x times b.
func (s *state) product(num []float64, i int) {
	clear(num)
	x := s.x
	gatherAxpy(num, x.val[x.ptr[i]:x.ptr[i+1]], x.idx[x.ptr[i]:x.ptr[i+1]], s.b, s.f.k)
}

// muFrobeniusRows is Lee & Seung's update of rows [lo, hi) of a:
// a ← a ⊙ (x b) / (a bᵀb). It returns Σ a_new·(x b) over the rows.
func (s *state) muFrobeniusRows(lo, hi int) float64 {
	k := s.f.k
	w := s.scratch[lo/grain]
	num, den := w[:k], w[k:]
	cross := 0.0
	for i := lo; i < hi; i++ {
		row := s.a[i*k : (i+1)*k]
		s.product(num, i)
		for t := range den {
			den[t] = floats.Dot(row, s.gb[t*k:(t+1)*k])
		}
		for t := range row {
			d := den[t]
			if d == 0 {
				d = eps
			}
			row[t] *= num[t] / d
		}
		cross += floats.Dot(row, num)
		s.addGram(lo, row)
	}
	return cross
}

// halsRows is the fast HALS update of rows [lo, hi) of a: for each
// component t in turn, the exact minimizer of the loss in a[i,t] with the
// rest fixed, projected on a[i,t] ≥ 0. The gradient's part u = (bᵀb) a_i
// is computed once per row and corrected by a column of bᵀb when a[i,t]
// changes (entries that stay 0, common in sparse factors, cost nothing),
// rather than recomputed by a dot product after each coordinate: that
// chain of dependent dot products was the cost of the sweep. It returns
// Σ a_new·(x b).
func (s *state) halsRows(lo, hi int) float64 {
	k := s.f.k
	w := s.scratch[lo/grain]
	num, u := w[:k], w[k:]
	cross := 0.0
	for i := lo; i < hi; i++ {
		row := s.a[i*k : (i+1)*k]
		s.product(num, i)
		for t := range u {
			u[t] = floats.Dot(s.gb[t*k:(t+1)*k], row)
		}
		for t, old := range row {
			h := s.gb[t*k+t]
			if h == 0 {
				continue
			}
			// max(v, 0) as scikit-learn's Cython writes it: −0 and NaN
			// become 0 (math.Max keeps −0 and NaN, and is slower).
			v := old - (u[t]-num[t])/h
			if !(v > 0) {
				v = 0
			}
			if v != old {
				floats.AddScaled(u, v-old, s.gb[t*k:(t+1)*k])
				row[t] = v
			}
		}
		cross += floats.Dot(row, num)
		s.addGram(lo, row)
	}
	return cross
}

// muKLRows is Lee & Seung's KL update of rows [lo, hi) of a:
// a ← a ⊙ ((x / ab) b) / (1ᵀb), with the model ab evaluated only at x's
// non-zeros. It returns 0.
func (s *state) muKLRows(lo, hi int) float64 {
	k := s.f.k
	num := s.scratch[lo/grain][:k]
	x := s.x
	for i := lo; i < hi; i++ {
		row := s.a[i*k : (i+1)*k]
		clear(num)
		vals, idx := x.val[x.ptr[i]:x.ptr[i+1]], x.idx[x.ptr[i]:x.ptr[i+1]]
		ratio := s.ratios[lo/grain][:len(vals)]
		for p, j := range idx {
			wh := floats.Dot(row, s.b[int(j)*k:int(j)*k+k])
			if wh == 0 {
				wh = eps
			}
			ratio[p] = vals[p] / wh
		}
		gatherAxpy(num, ratio, idx, s.b, k)
		for t := range row {
			row[t] *= num[t] / s.colB[t]
		}
		s.addGram(lo, row)
	}
	return 0
}

// klObjective is the KL loss of the current factors: Σ x log(x/wh) − x over
// X's non-zeros plus Σ WH = (1ᵀW)(H1), the model clamped at eps as
// scikit-learn's _beta_divergence does.
func (s *state) klObjective() float64 {
	f := s.f
	s.x, s.a, s.b = &s.d.x, f.w, f.ht
	colSums(s.colW, f.w, f.k)
	colSums(s.colH, f.ht, f.k)
	return s.p.sum(f.m, s.klRows) + floats.Dot(s.colW, s.colH)
}

// objective evaluates the loss of the current factors exactly, from the
// model at X's non-zeros: the Frobenius loss as the residual on the
// non-zeros plus ‖WH‖² − Σ (WH)² over them (the rest of the matrix), which
// avoids most of the cancellation of the expansion iterate uses when the
// fit is close.
func (s *state) objective() float64 {
	f := s.f
	if s.method.Loss == KL {
		return s.klObjective()
	}
	s.x, s.a, s.b = &s.d.x, f.w, f.ht
	resid := s.p.sum(f.m, s.residualRows)
	onNNZ := s.p.sum(f.m, s.modelSqRows)
	rest := math.Max(0, floats.Dot(s.gw, s.gh)-onNNZ)
	return 0.5 * (resid + rest)
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

func (s *state) residualRows(lo, hi int) float64 {
	k, x, r := s.f.k, s.x, 0.0
	for i := lo; i < hi; i++ {
		row := s.a[i*k : (i+1)*k]
		for p := x.ptr[i]; p < x.ptr[i+1]; p++ {
			j := int(x.idx[p])
			e := x.val[p] - floats.Dot(row, s.b[j*k:(j+1)*k])
			r += e * e
		}
	}
	return r
}

func (s *state) modelSqRows(lo, hi int) float64 {
	k, x, r := s.f.k, s.x, 0.0
	for i := lo; i < hi; i++ {
		row := s.a[i*k : (i+1)*k]
		for p := x.ptr[i]; p < x.ptr[i+1]; p++ {
			j := int(x.idx[p])
			wh := floats.Dot(row, s.b[j*k:(j+1)*k])
			r += wh * wh
		}
	}
	return r
}
