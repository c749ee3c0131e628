package nmf

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// alsSolver is alternating least squares with projection: each row solves
// its unconstrained normal equations by the Cholesky factor of bᵀb + l2·I,
// shared by the half's rows, then negative entries are set to zero. It is
// not monotone: the run keeps the best iterate it saw.
type alsSolver struct {
	rowPass
	chol []float64 // the Cholesky factor of the update's gb + l2·I, k × k
}

func (s *alsSolver) update(h *half) float64 {
	s.factor(h.gb, h.l2)
	return s.pass(h)
}

func (s *alsSolver) lossAfter(cross float64, hb, ghb, colHb []float64) float64 {
	return s.expansion(cross, ghb)
}

func (s *alsSolver) notMonotone() {}

// factor sets chol to the Cholesky factor L (lower, row-major) of
// gb + l2·I, with a ridge of 1e-12 of its trace added when gb is singular
// (an empty component), so that ALS always has a solution.
func (s *alsSolver) factor(gb []float64, l2 float64) {
	k := s.f.k
	if cholesky(s.chol, gb, k, l2) {
		return
	}
	trace := 0.0
	for t := range k {
		trace += gb[t*k+t]
	}
	ridge := math.Max(1e-12*trace, 1e-300)
	for range 60 {
		if cholesky(s.chol, gb, k, l2+ridge) {
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

// updateRows solves each row's unconstrained least squares problem
// (gb + l2·I) a_i = (x b)_i − l1 by the Cholesky factor, then sets the
// negative entries to zero. It returns Σ a_new·(x b).
func (s *alsSolver) updateRows(h *half, lo, hi int) float64 {
	k := s.f.k
	w := s.scratch[lo/grain]
	num, y := w[:k], w[k:2*k]
	cross := 0.0
	for i := lo; i < hi; i++ {
		row := h.a[i*k : (i+1)*k]
		h.product(num, i)
		// Forward: L y = num − l1; back: Lᵀ a = y.
		for t := range k {
			v := num[t] - h.l1
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
