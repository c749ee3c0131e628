package nmf

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// cdNewtonSteps bounds the Newton steps on one coordinate in CD.
const cdNewtonSteps = 3

// cdSolver is cyclic coordinate descent on the KL loss (Hsieh & Dhillon
// 2011): for each component t in turn, projected
// Newton steps on a[i,t] with the rest fixed. The model ab of row i is kept
// at the row's non-zeros of x, updated as each coordinate moves, so the
// first and second derivatives cost one pass over the row's entries:
//
//	∂ = Σ_j b_jt + l1 + l2·a_it − Σ_{x_ij≠0} x_ij b_jt / (ab)_ij
//	∂² = l2 + Σ_{x_ij≠0} x_ij b_jt² / (ab)_ij²
//
// W's update also gives Σ x log(x/ab) − x of the new rows, from which the
// loss follows without another pass over X.
type cdSolver struct {
	rowPass
	bufs chan []float64 // the model and the other factor at a row's non-zeros, one per running task
}

// update returns, in W's update, the KL loss of the new rows at X's
// non-zeros; in H's, 0.
func (s *cdSolver) update(h *half) float64 { return s.pass(h) }

func (s *cdSolver) lossAfter(kl float64, hb, ghb, colHb []float64) float64 {
	return kl + floats.Dot(s.colW, colHb)
}

// updateRows updates rows [lo, hi) of h.a.
func (s *cdSolver) updateRows(h *half, lo, hi int) float64 {
	buf := <-s.bufs
	defer func() { s.bufs <- buf }()
	k, x := s.f.k, h.x
	kl := 0.0
	for i := lo; i < hi; i++ {
		row := h.a[i*k : (i+1)*k]
		vals, idx := x.val[x.ptr[i]:x.ptr[i+1]], x.idx[x.ptr[i]:x.ptr[i+1]]
		n := len(vals)
		wh, bt := buf[:n], buf[n:n+n*k]
		cdGather(row, idx, h.b, k, wh, bt)
		cdSweep(row, vals, wh, bt, h.colB, h.l1, h.l2)
		if h.ofW {
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
