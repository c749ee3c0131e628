package nmf

import (
	"gonum.org/v1/gonum/floats"

	"github.com/nmftopics/nmftopics/internal/kernels"
)

// muSolver is Lee & Seung's multiplicative update for the Frobenius loss,
// a ← a ⊙ (x b) / (a bᵀb), with GNMF's term in MU form (Cai et al.):
// H ⊙ (WᵀX + λHA) / (WᵀWH + λHD).
type muSolver struct{ rowPass }

// update returns Σ a_new·(x b) over the rows.
func (s *muSolver) update(h *half) float64 { return s.pass(h) }

func (s *muSolver) lossAfter(cross float64, hb, ghb, colHb []float64) float64 {
	return s.expansion(cross, ghb)
}

// updateRows updates rows [lo, hi) of h.a.
func (s *muSolver) updateRows(h *half, lo, hi int) float64 {
	k := s.f.k
	w := s.scratch[lo/grain]
	num, den, nb := w[:k], w[k:2*k], w[2*k:]
	cross := 0.0
	g := h.graph
	for i := lo; i < hi; i++ {
		row := h.a[i*k : (i+1)*k]
		h.product(num, i)
		for t := range den {
			den[t] = floats.Dot(row, h.gb[t*k:(t+1)*k])
		}
		if g != nil {
			g.neighbours(nb, i)
		}
		for t := range row {
			d, n := den[t]+h.l1+h.l2*row[t], num[t]
			if g != nil {
				d += g.lambda * g.degree[i] * row[t]
				n += g.lambda * nb[t]
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

// muKLSolver is Lee & Seung's multiplicative update for the KL loss,
// a ← a ⊙ ((x / ab) b) / (1ᵀb), with the model ab evaluated only at x's
// non-zeros, and GNMF's term in MU form as for the Frobenius loss. Its
// loss takes one more pass over X after an iteration.
type muKLSolver struct {
	rowPass
	bufs chan []float64 // the model at a row's non-zeros, one per running task
}

// update returns 0.
func (s *muKLSolver) update(h *half) float64 { return s.pass(h) }

func (s *muKLSolver) lossAfter(_ float64, hb, ghb, colHb []float64) float64 {
	return s.klLoss(hb, ghb, colHb)
}

// updateRows updates rows [lo, hi) of h.a.
func (s *muKLSolver) updateRows(h *half, lo, hi int) float64 {
	buf := <-s.bufs
	defer func() { s.bufs <- buf }()
	k := s.f.k
	num := s.scratch[lo/grain][:k]
	x, g := h.x, h.graph
	for i := lo; i < hi; i++ {
		row := h.a[i*k : (i+1)*k]
		clear(num)
		vals, idx := x.val[x.ptr[i]:x.ptr[i+1]], x.idx[x.ptr[i]:x.ptr[i+1]]
		ratio := buf[:len(vals)]
		for p, j := range idx {
			wh := floats.Dot(row, h.b[int(j)*k:int(j)*k+k])
			if wh == 0 {
				wh = eps
			}
			ratio[p] = vals[p] / wh
		}
		kernels.GatherAxpy(num, ratio, idx, h.b, k)
		if g != nil {
			nb := s.scratch[lo/grain][2*k:]
			g.neighbours(nb, i)
			for t := range num {
				num[t] += g.lambda * nb[t]
			}
		}
		for t := range row {
			d := h.colB[t] + h.l1 + h.l2*row[t]
			if g != nil {
				d += g.lambda * g.degree[i] * row[t]
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
