package nmf

import "github.com/nmftopics/nmftopics/internal/kernels"

// halsSolver is fast HALS (Cichocki & Phan 2009), scikit-learn's cd: for
// each component t in turn, the exact minimizer of the loss in a[i,t]
// with the rest fixed, projected on a[i,t] ≥ 0. It measures the size of
// the projected gradient on the way (scikit-learn's "violation"), which
// the tolerance test of StopGradient compares with the first iteration's.
//
// The gradient's part u = (bᵀb) a_i is computed once per row and, when
// a[i,t] changes, corrected by a row of bᵀb past t (the only entries still
// to be read), rather than recomputed by a dot product per coordinate.
// Each coordinate's update still waits for the one before (a chain of a
// division and the corrections), so kernels.Lanes rows are updated side by
// side by kernels.HALSSweep, coordinate t of each before t+1 of any: their
// chains overlap, one row per lane. A missing last row is a zero row
// against zero data, which changes nothing.
type halsSolver struct {
	rowPass
	// lanes hands out, one per running task, the kernel's lanes: four
	// k × kernels.Lanes arrays, the lanes' Gram parts (k × k × kernels.Lanes) and
	// the curvatures (k).
	lanes chan []float64
	// Per block of rows, Σ|projected gradient| of its coordinates before
	// their update, and the iteration's total.
	violParts []float64
	viol      float64
}

func newHALS(m *model) *halsSolver {
	k := m.f.k
	s := &halsSolver{lanes: make(chan []float64, m.p.workers),
		violParts: make([]float64, blocksOf(max(m.f.m, m.f.n)))}
	for range m.p.workers {
		s.lanes <- make([]float64, 4*k*kernels.Lanes+k*k*kernels.Lanes+k)
	}
	return s
}

func (s *halsSolver) update(h *half) float64 {
	if !h.ofW {
		s.viol = 0 // an iteration's violation starts with H's update
	}
	cross := s.pass(h)
	for _, v := range s.violParts[:blocksOf(h.x.rows)] { // in block order
		s.viol += v
	}
	return cross
}

func (s *halsSolver) lossAfter(cross float64, hb, ghb, colHb []float64) float64 {
	return s.expansion(cross, ghb)
}

func (s *halsSolver) violation() float64     { return s.viol }
func (s *halsSolver) setViolation(v float64) { s.viol = v }

// updateRows updates rows [lo, hi) of h.a, kernels.Lanes at a time, and
// returns Σ a_new·(x b).
func (s *halsSolver) updateRows(h *half, lo, hi int) float64 {
	const L = kernels.Lanes
	k := s.f.k
	buf := <-s.lanes
	defer func() { s.lanes <- buf }()
	a, num, u, nbl := buf[:k*L], buf[k*L:2*k*L], buf[2*k*L:3*k*L], buf[3*k*L:4*k*L]
	gl, hd := buf[4*k*L:4*k*L+k*k*L], buf[4*k*L+k*k*L:4*k*L+k*k*L+k]
	clear(gl)
	clear(nbl)
	for t := range k {
		hd[t] = h.gb[t*k+t] + h.l2
	}
	var viol, cross [L]float64
	for i0 := lo; i0 < hi; i0 += L {
		var gd [L]float64
		s.loadLanes(h, i0, hi, lo, a, num, nbl, &gd)
		kernels.HALSSweep(a, num, u, nbl, &gd, h.gb, hd, k, h.l1, h.l2, &viol, &cross, gl)
		for q := range min(L, hi-i0) {
			row := h.a[(i0+q)*k : (i0+q+1)*k]
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

// loadLanes puts rows i0 … i0+kernels.Lanes−1 (those below hi) of h.a in the
// lanes of a, their rows of x b in num, and with the graph term its parts
// in nbl and gd; lanes past hi are zero. lo is the block's first row.
func (s *halsSolver) loadLanes(h *half, i0, hi, lo int, a, num, nbl []float64, gd *[kernels.Lanes]float64) {
	const L = kernels.Lanes
	k := s.f.k
	w := s.scratch[lo/grain]
	rowNum, nb := w[:k], w[k:2*k]
	for q := range L {
		i := i0 + q
		if i >= hi {
			for t := range k {
				a[t*L+q], num[t*L+q], nbl[t*L+q] = 0, 0, 0
			}
			continue
		}
		h.product(rowNum, i)
		for t, v := range h.a[i*k : (i+1)*k] {
			a[t*L+q], num[t*L+q] = v, rowNum[t]
		}
		// The graph term λ(d_i h_it − Σ_l a_il h_lt) adds to the
		// gradient, λd_i to the curvature; neighbours at their values
		// before the update.
		if g := h.graph; g != nil {
			g.neighbours(nb, i)
			gd[q] = g.lambda * g.degree[i]
			for t, v := range nb {
				nbl[t*L+q] = g.lambda * v
			}
		}
	}
}

// laneSum adds the lanes of l in lane order.
func laneSum(l []float64) float64 {
	sum := 0.0
	for _, v := range l {
		sum += v
	}
	return sum
}
