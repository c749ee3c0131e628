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
	works chan *cdWork // one per running task
	b     sparseRows   // the other factor of the update, its non-zeros
}

// sparseRows is a factor (rows × k, row-major) by its non-zeros: row j's
// are comp[ptr[j]:ptr[j+1]] (ascending) with values val[...].
type sparseRows struct {
	ptr  []int
	comp []int32
	val  []float64
}

// newSparseRows returns room for the non-zeros of factors of up to rows
// rows, allocated once: an update then allocates nothing.
func newSparseRows(rows, k int) sparseRows {
	return sparseRows{ptr: make([]int, 0, rows+1), comp: make([]int32, 0, rows*k), val: make([]float64, 0, rows*k)}
}

// set makes s the non-zeros of a (rows × k), reusing s's room.
func (s *sparseRows) set(a []float64, k int) {
	rows := len(a) / k
	s.ptr = append(s.ptr[:0], 0)
	s.comp, s.val = s.comp[:0], s.val[:0]
	for j := range rows {
		for t, v := range a[j*k : (j+1)*k] {
			if v != 0 {
				s.comp = append(s.comp, int32(t))
				s.val = append(s.val, v)
			}
		}
		s.ptr = append(s.ptr, len(s.comp))
	}
}

// cdWork is a row's room in CD: the model at its non-zeros (wh) and, per
// component t, the non-zero entries of the other factor the row's
// non-zeros select: cnt[t] values in val[t*n:] at positions pos[t*n:]
// (indices into the row's non-zeros, ascending), n the row's length.
// Only non-zero entries move the derivatives or the model, and a topic
// model's factors are mostly zeros (W 90% on 20,000 reviews): the sweeps
// pass over those alone.
type cdWork struct {
	wh, val []float64
	pos     []int32
	cnt     []int
}

func newCDWork(longest, k int) *cdWork {
	return &cdWork{wh: make([]float64, longest), val: make([]float64, longest*k), pos: make([]int32, longest*k), cnt: make([]int, k)}
}

// cdWorks hands out, one per running task, room for the longest row of X
// or Xᵀ. One per worker, not per block: memory O(max(m, n)·k).
func (m *model) cdWorks() chan *cdWork {
	longest := max(m.d.x.longestRow(), m.d.xt.longestRow())
	works := make(chan *cdWork, m.p.workers)
	for range m.p.workers {
		works <- newCDWork(longest, m.f.k)
	}
	return works
}

// update returns, in W's update, the KL loss of the new rows at X's
// non-zeros; in H's, 0.
func (s *cdSolver) update(h *half) float64 {
	s.b.set(h.b, s.f.k)
	return s.pass(h)
}

func (s *cdSolver) lossAfter(kl float64, hb, ghb, colHb []float64) float64 {
	return kl + floats.Dot(s.colW, colHb)
}

// updateRows updates rows [lo, hi) of h.a.
func (s *cdSolver) updateRows(h *half, lo, hi int) float64 {
	work := <-s.works
	defer func() { s.works <- work }()
	k, x := s.f.k, h.x
	kl := 0.0
	for i := lo; i < hi; i++ {
		row := h.a[i*k : (i+1)*k]
		vals, idx := x.val[x.ptr[i]:x.ptr[i+1]], x.idx[x.ptr[i]:x.ptr[i+1]]
		wh := work.wh[:len(vals)]
		cdGather(row, idx, &s.b, work)
		cdSweep(row, vals, work, h.colB, h.l1, h.l2)
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

// cdGather sets w.wh to the model row·b_j at the row's non-zeros (columns
// idx) and, component by component, w's lists of the non-zero b[idx[p], t]
// with their positions p, from b's non-zeros.
func cdGather(row []float64, idx []int32, b *sparseRows, w *cdWork) {
	n := len(idx)
	clear(w.cnt)
	for p, j := range idx {
		lo, hi := b.ptr[j], b.ptr[j+1]
		sum := 0.0
		for q, t := range b.comp[lo:hi] {
			v := b.val[lo+q]
			sum += float64(row[t] * v) // no fused multiply-add: the same bits on every machine
			r := int(t)*n + w.cnt[t]
			w.val[r], w.pos[r] = v, int32(p)
			w.cnt[t]++
		}
		w.wh[p] = sum
	}
}

// cdSweep runs projected Newton steps on each component of row in turn,
// keeping w.wh up to date, and returns the largest change of an entry.
func cdSweep(row, vals []float64, w *cdWork, colB []float64, l1, l2 float64) float64 {
	n, wh := len(vals), w.wh[:len(vals)]
	change := 0.0
	for t := range row {
		bv, pos := w.val[t*n:t*n+w.cnt[t]], w.pos[t*n:t*n+w.cnt[t]]
		for range cdNewtonSteps {
			gs, h := cdDerivatives(bv, pos, vals, wh)
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
			for q, p := range pos {
				wh[p] += float64(d * bv[q]) // no fused multiply-add: the same bits on every machine
			}
			change = math.Max(change, math.Abs(d))
			if math.Abs(d) <= 1e-4*v {
				break
			}
		}
	}
	return change
}

// cdDerivatives returns Σ x_p b_p / w_p and Σ x_p b_p² / w_p² over the
// non-zero b_p (values b at positions pos, ascending; w clamped at eps):
// one division an entry, and the even and the odd positions summed apart
// so that the additions do not all wait on each other.
func cdDerivatives(b []float64, pos []int32, x, w []float64) (g, h float64) {
	var gs, hs [2]float64
	for q, p := range pos[:len(b)] {
		dg, dh := cdTerm(x[p], w[p], b[q])
		gs[p&1] += dg
		hs[p&1] += dh
	}
	return gs[0] + gs[1], hs[0] + hs[1]
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
