package nmf

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/internal/kernels"
)

// ProjectSettings control Project.
type ProjectSettings struct {
	// MaxIter bounds the updates of each column of H; Tol stops them when
	// no entry of the column changed by more than Tol of its largest.
	MaxIter int
	Tol     float64
	Workers int // 0: GOMAXPROCS
}

// DefaultProjectSettings run up to 1000 updates per column, until no entry
// changes by more than 1e-12 of the column's largest.
func DefaultProjectSettings() ProjectSettings {
	return ProjectSettings{MaxIter: 1000, Tol: 1e-12}
}

// Project returns H ≥ 0 (k × n) minimizing the method's loss of X ≈ WH,
// plus its penalties on H (L1H, L2H), with W (m × k) fixed, one column at a time: non-negative least squares by
// coordinate descent (HALS) or multiplicative updates for the Frobenius
// loss, coordinate descent with Newton steps for KL. Each column is solved on its own,
// from a start that depends only on its column of X (every entry
// sqrt(Σx/(m·k))), until it stops changing, so a document gets the same
// weights bit for bit whichever other documents are projected with it:
// projecting a model's training documents gives back the H the model holds
// when that H was made by Project.
func Project(ctx context.Context, x, w mat.Matrix, m Method, s ProjectSettings) (*mat.Dense, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	d, err := newDataAllowZero(x)
	if err != nil {
		return nil, err
	}
	p := newPool(s.Workers)
	defer p.close()
	unwatch := p.watch(ctx)
	defer unwatch()
	f, err := projectData(ctx, d, w, m, s, p)
	if err != nil {
		return nil, err
	}
	_, h := f.dense()
	return h, nil
}

// projectData is Project on X held as data; the factors hold W and the
// solved Hᵀ. It stops early when the context the pool watches is done.
func projectData(ctx context.Context, d *data, w mat.Matrix, m Method, s ProjectSettings, p *pool) (*factors, error) {
	rows, n := d.x.rows, d.x.cols
	wr, k := w.Dims()
	if wr != rows {
		return nil, fmt.Errorf("nmf: W has %d rows for X of %d: %w", wr, rows, ErrShape)
	}
	f := &factors{k: k, m: rows, n: n, w: make([]float64, rows*k), ht: make([]float64, n*k)}
	if err := copyFactor(f.w, w, rows, k, false, "W"); err != nil {
		return nil, err
	}
	st := newState(d, f, m, p) // the Gram of W and room for the work
	colSums(st.colW, f.w, k)
	if !allFinite(st.gw) || !allFinite(st.colW) {
		return nil, &OverflowError{What: "WᵀW", Hint: "scale W"}
	}
	longest := d.xt.longestRow()
	p.run(n, func(lo, hi int) {
		num := make([]float64, k)
		work := make([]float64, max(k, longest*(k+1)))
		for j := lo; j < hi; j++ {
			if p.stopped() || !st.projectColumn(j, num, work, s) {
				return
			}
		}
	})
	if err := p.err(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for j := range n {
		if !allFinite(f.ht[j*k : (j+1)*k]) {
			return nil, &OverflowError{What: "H", Stage: "document", Index: j, Hint: "scale the matrix or W"}
		}
	}
	return f, nil
}

// projectColumn solves column j of H (row j of Hᵀ) with W fixed. It
// reports false if it stopped because the pool's context is done: a
// column's updates cost O(k²) each, up to MaxIter of them, so the context
// is checked between updates (every one at k ≥ 32, every 64th below).
func (st *state) projectColumn(j int, num, work []float64, s ProjectSettings) bool {
	k, w, g := st.f.k, st.f.w, st.gw
	l1, l2 := st.method.L1H, st.method.L2H // the penalties on H apply to each column
	x := &st.d.xt
	vals, idx := x.val[x.ptr[j]:x.ptr[j+1]], x.idx[x.ptr[j]:x.ptr[j+1]]
	h := st.f.ht[j*k : (j+1)*k]
	if len(vals) == 0 {
		clear(h)
		return true
	}
	start := math.Sqrt(sum(vals) / float64(st.f.m*k))
	for t := range h {
		h[t] = start
	}
	clear(num)
	kernels.GatherAxpy(num, vals, idx, w, k) // Wᵀx, fixed for the Frobenius loss
	first := true
	checkEvery := 64
	if k >= 32 {
		checkEvery = 1
	}
	for it := range s.MaxIter {
		if it%checkEvery == 0 && st.p.stopped() {
			return false
		}
		change, largest := 0.0, 0.0
		switch {
		case st.method.Loss == KL:
			// Coordinate descent with Newton steps (package CD's), the
			// model at the column's non-zeros gathered once.
			wh, bt := work[:len(vals)], work[len(vals):len(vals)*(k+1)]
			if first {
				cdGather(h, idx, w, k, wh, bt)
				first = false
			}
			change = cdSweep(h, vals, wh, bt, st.colW, l1, l2)
			largest = 0
			for _, v := range h {
				largest = math.Max(largest, v)
			}
		case st.method.Solver == MU:
			for t := range h {
				den := floats.Dot(h, g[t*k:(t+1)*k]) + l1 + l2*h[t]
				if den == 0 {
					den = eps
				}
				work[t] = h[t] * num[t] / den
			}
			for t := range h {
				change, largest = math.Max(change, math.Abs(work[t]-h[t])), math.Max(largest, work[t])
				h[t] = work[t]
			}
		default:
			for t, old := range h {
				gt := g[t*k+t] + l2
				if gt == 0 {
					continue
				}
				v := old - (floats.Dot(h, g[t*k:(t+1)*k])-num[t]+l1+l2*old)/gt
				if !(v > 0) {
					v = 0
				}
				h[t] = v
				change, largest = math.Max(change, math.Abs(v-old)), math.Max(largest, v)
			}
		}
		if change <= s.Tol*largest {
			break
		}
	}
	return true
}
