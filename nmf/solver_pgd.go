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

// pgdSolver is Lin's projected gradient on each factor in turn. Its
// workspace is (x b), the gradient and two trial points, each
// max(m, n) × k; the step of each factor lasts from one iteration to the
// next (a Snapshot holds it).
type pgdSolver struct {
	*model
	num, grad, trial, prev []float64
	alpha                  [2]float64 // of H, of W
	step                   float64    // the step being tried
	numTask, gradTask      *rowTask[*half]
	trialTask, acceptTask  *rowTask[*half]
}

func newPGD(m *model) *pgdSolver {
	size := max(m.f.m, m.f.n) * m.f.k
	s := &pgdSolver{model: m, num: make([]float64, size), grad: make([]float64, size),
		trial: make([]float64, size), prev: make([]float64, size), alpha: [2]float64{1, 1}}
	s.numTask = newRowTask(s.numRows)
	s.gradTask = newRowTask(s.gradRows)
	s.trialTask = newRowTask(s.trialRows)
	s.acceptTask = newRowTask(s.acceptRows)
	return s
}

// update runs up to pgdInner steps on the rows of h.a and returns
// Σ a_new·(x b).
func (s *pgdSolver) update(h *half) float64 {
	rows := h.x.rows
	s.numTask.sum(s.p, rows, h)
	first := -1.0
	for range pgdInner {
		pg := s.gradTask.sum(s.p, rows, h)
		if first < 0 {
			first = pg
		}
		if pg <= pgdInitTol*pgdInitTol*first || pg == 0 {
			break
		}
		s.search(h)
	}
	cross := s.acceptTask.sum(s.p, rows, h) // gram parts and Σ a·num
	return cross
}

func (s *pgdSolver) lossAfter(cross float64, hb, ghb, colHb []float64) float64 {
	return s.expansion(cross, ghb)
}

// save and resume carry the steps of the line searches in a Snapshot.
func (s *pgdSolver) save(snap *Snapshot)   { snap.Steps = s.alpha }
func (s *pgdSolver) resume(snap *Snapshot) { s.alpha = snap.Steps }

// search finds the step by Lin's rule and moves h.a to the new point (or
// leaves it where no step passes the test).
func (s *pgdSolver) search(h *half) {
	rows := h.x.rows
	n := rows * s.f.k
	side := h.side()
	s.step = s.alpha[side]
	if s.trialTask.sum(s.p, rows, h) > 0 {
		// Shrink until the test passes.
		for range pgdSearch {
			s.step *= pgdBeta
			if s.trialTask.sum(s.p, rows, h) <= 0 {
				copy(h.a[:n], s.trial[:n])
				break
			}
		}
	} else {
		// Grow while the test passes and the point still moves.
		for range pgdSearch {
			copy(s.prev[:n], s.trial[:n])
			s.step /= pgdBeta
			if s.trialTask.sum(s.p, rows, h) > 0 || floats.Equal(s.prev[:n], s.trial[:n]) {
				s.step *= pgdBeta
				break
			}
		}
		copy(h.a[:n], s.prev[:n])
	}
	s.alpha[side] = s.step
}

// numRows sets num to (x b) − l1 for rows [lo, hi).
func (s *pgdSolver) numRows(h *half, lo, hi int) float64 {
	k := s.f.k
	for i := lo; i < hi; i++ {
		num := s.num[i*k : (i+1)*k]
		h.product(num, i)
		for t := range num {
			num[t] -= h.l1
		}
	}
	return 0
}

// gradRows sets the gradient a G − c for rows [lo, hi) and returns the
// squared norm of its projection (entries at a bound that point outward
// count as zero).
func (s *pgdSolver) gradRows(h *half, lo, hi int) float64 {
	k := s.f.k
	norm := 0.0
	for i := lo; i < hi; i++ {
		row, grad, num := h.a[i*k:(i+1)*k], s.grad[i*k:(i+1)*k], s.num[i*k:(i+1)*k]
		for t := range grad {
			grad[t] = floats.Dot(row, h.gb[t*k:(t+1)*k]) + h.l2*row[t] - num[t]
			if row[t] > 0 || grad[t] < 0 {
				norm += grad[t] * grad[t]
			}
		}
	}
	return norm
}

// trialRows sets trial = P(a − step·∇) for rows [lo, hi) and returns
// their part of the sufficient-decrease test (≤ 0 passes).
func (s *pgdSolver) trialRows(h *half, lo, hi int) float64 {
	k := s.f.k
	test := 0.0
	w := s.scratch[lo/grain][:k]
	for i := lo; i < hi; i++ {
		row, grad, trial := h.a[i*k:(i+1)*k], s.grad[i*k:(i+1)*k], s.trial[i*k:(i+1)*k]
		for t := range trial {
			trial[t] = math.Max(0, row[t]-s.step*grad[t])
			w[t] = trial[t] - row[t]
		}
		for t, d := range w {
			if d == 0 {
				continue
			}
			test += (1-pgdSigma)*grad[t]*d + 0.5*d*(floats.Dot(w, h.gb[t*k:(t+1)*k])+h.l2*d)
		}
	}
	return test
}

// acceptRows adds the Gram of the final rows and returns Σ a·(x b).
func (s *pgdSolver) acceptRows(h *half, lo, hi int) float64 {
	k := s.f.k
	cross := 0.0
	for i := lo; i < hi; i++ {
		row, num := h.a[i*k:(i+1)*k], s.num[i*k:(i+1)*k]
		cross += floats.Dot(row, num) + h.l1*sum(row)
		s.addGram(lo, row)
	}
	return cross
}
