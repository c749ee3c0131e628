package nmf

import "gonum.org/v1/gonum/floats"

// anlsSolver is alternating non-negative least squares: each row's
// problem min ½ aᵀ(gb + l2·I)a − ((x b)_i − l1)·a, a ≥ 0, solved exactly
// by an active-set method (nnls.go) from the row's current value.
type anlsSolver struct {
	rowPass
	// One exact NNLS solver per worker, handed out like the row buffers,
	// and gb + l2·I for them.
	nnls   chan *nnlsSolver
	gShift []float64
}

// newANLS returns the solver for k components and workers workers.
func newANLS(k, workers int) *anlsSolver {
	s := &anlsSolver{nnls: make(chan *nnlsSolver, workers), gShift: make([]float64, k*k)}
	for range workers {
		s.nnls <- newNNLSSolver(k)
	}
	return s
}

func (s *anlsSolver) update(h *half) float64 {
	k := s.f.k
	copy(s.gShift, h.gb)
	for t := range k {
		s.gShift[t*k+t] += h.l2
	}
	// Every solver is idle between halves: take each out, give it the
	// new G, put it back.
	for range cap(s.nnls) {
		sv := <-s.nnls
		sv.setG(s.gShift)
		s.nnls <- sv
	}
	return s.pass(h)
}

func (s *anlsSolver) lossAfter(cross float64, hb, ghb, colHb []float64) float64 {
	return s.expansion(cross, ghb)
}

// updateRows solves the rows [lo, hi) and returns Σ a_new·(x b).
func (s *anlsSolver) updateRows(h *half, lo, hi int) float64 {
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
		row := h.a[i*k : (i+1)*k]
		h.product(num, i)
		for t := range c {
			c[t] = num[t] - h.l1
		}
		sv.solve(row, c)
		cross += floats.Dot(row, num)
		s.addGram(lo, row)
	}
	return cross
}
