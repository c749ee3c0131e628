package nmf

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// Lin's projected gradient (2007) on one factor: the subproblem
//
//	min_a Σ_i ½ a_i G a_iᵀ − c_i·a_i,  a ≥ 0,  G = bᵀb + l2·I, c_i = (x b)_i − l1
//
// solved by up to pgdInner projected gradient steps a ← P(a − α∇), α found
// by Lin's Armijo search: the sufficient decrease test
// (1−σ)⟨∇, Δ⟩ + ½⟨Δ, ΔG⟩ ≤ 0 (exact for a quadratic), α grown by 1/β while
// it passes and shrunk by β until it does, and kept for the next step.
const (
	pgdInner   = 10
	pgdSigma   = 0.01
	pgdBeta    = 0.1
	pgdSearch  = 20
	pgdInitTol = 1e-3 // inner steps stop when the projected gradient norm fell below this share of the first
)

// pgdState is PGD's workspace: (x b), the gradient and two trial points,
// each max(m, n) × k, and the step of each factor.
type pgdState struct {
	num, grad, trial, prev []float64
	alpha                  [2]float64 // of H, of W
	side                   int
	step                   float64
	gradTask, trialTask    func(lo, hi int) float64
	numTask, acceptTask    func(lo, hi int) float64
}

func newPGDState(s *state, size int) *pgdState {
	g := &pgdState{num: make([]float64, size), grad: make([]float64, size), trial: make([]float64, size), prev: make([]float64, size), alpha: [2]float64{1, 1}}
	g.numTask = s.pgdNumRows
	g.gradTask = s.pgdGradRows
	g.trialTask = s.pgdTrialRows
	g.acceptTask = s.pgdAcceptRows
	return g
}

// pgdHalf runs PGD on the rows of s.a (set by half) and returns
// Σ a_new·(x b); side is 0 for H, 1 for W.
func (s *state) pgdHalf(side int) float64 {
	g := s.pgd
	g.side = side
	rows := s.x.rows
	s.p.sum(rows, g.numTask)
	first := -1.0
	for range pgdInner {
		pg := s.p.sum(rows, g.gradTask)
		if first < 0 {
			first = pg
		}
		if pg <= pgdInitTol*pgdInitTol*first || pg == 0 {
			break
		}
		s.pgdSearch(rows)
	}
	cross := s.p.sum(rows, g.acceptTask) // gram parts and Σ a·num
	return cross
}

// pgdSearch finds the step by Lin's rule and moves s.a to the new point
// (or leaves it where no step passes the test).
func (s *state) pgdSearch(rows int) {
	g := s.pgd
	n := rows * s.f.k
	g.step = g.alpha[g.side]
	if s.p.sum(rows, g.trialTask) > 0 {
		// Shrink until the test passes.
		for range pgdSearch {
			g.step *= pgdBeta
			if s.p.sum(rows, g.trialTask) <= 0 {
				copy(s.a[:n], g.trial[:n])
				break
			}
		}
	} else {
		// Grow while the test passes and the point still moves.
		for range pgdSearch {
			copy(g.prev[:n], g.trial[:n])
			g.step /= pgdBeta
			if s.p.sum(rows, g.trialTask) > 0 || floats.Equal(g.prev[:n], g.trial[:n]) {
				g.step *= pgdBeta
				break
			}
		}
		copy(s.a[:n], g.prev[:n])
	}
	g.alpha[g.side] = g.step
}

// pgdNumRows sets num to (x b) − l1 for rows [lo, hi).
func (s *state) pgdNumRows(lo, hi int) float64 {
	k := s.f.k
	for i := lo; i < hi; i++ {
		num := s.pgd.num[i*k : (i+1)*k]
		s.product(num, i)
		for t := range num {
			num[t] -= s.l1
		}
	}
	return 0
}

// pgdGradRows sets the gradient a G − c for rows [lo, hi) and returns the
// squared norm of its projection (entries at a bound that point outward
// count as zero).
func (s *state) pgdGradRows(lo, hi int) float64 {
	k := s.f.k
	norm := 0.0
	for i := lo; i < hi; i++ {
		row, grad, num := s.a[i*k:(i+1)*k], s.pgd.grad[i*k:(i+1)*k], s.pgd.num[i*k:(i+1)*k]
		for t := range grad {
			grad[t] = floats.Dot(row, s.gb[t*k:(t+1)*k]) + s.l2*row[t] - num[t]
			if row[t] > 0 || grad[t] < 0 {
				norm += grad[t] * grad[t]
			}
		}
	}
	return norm
}

// pgdTrialRows sets trial = P(a − step·∇) for rows [lo, hi) and returns
// their part of the sufficient-decrease test (≤ 0 passes).
func (s *state) pgdTrialRows(lo, hi int) float64 {
	k := s.f.k
	test := 0.0
	w := s.scratch[lo/grain][:k]
	for i := lo; i < hi; i++ {
		row, grad, trial := s.a[i*k:(i+1)*k], s.pgd.grad[i*k:(i+1)*k], s.pgd.trial[i*k:(i+1)*k]
		for t := range trial {
			trial[t] = math.Max(0, row[t]-s.pgd.step*grad[t])
			w[t] = trial[t] - row[t]
		}
		for t, d := range w {
			if d == 0 {
				continue
			}
			test += (1-pgdSigma)*grad[t]*d + 0.5*d*(floats.Dot(w, s.gb[t*k:(t+1)*k])+s.l2*d)
		}
	}
	return test
}

// pgdAcceptRows adds the Gram of the final rows and returns Σ a·(x b).
func (s *state) pgdAcceptRows(lo, hi int) float64 {
	k := s.f.k
	cross := 0.0
	for i := lo; i < hi; i++ {
		row, num := s.a[i*k:(i+1)*k], s.pgd.num[i*k:(i+1)*k]
		cross += floats.Dot(row, num) + s.l1*sum(row)
		s.addGram(lo, row)
	}
	return cross
}
