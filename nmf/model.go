package nmf

import (
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

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

// model is what the parts of a run share: X, the factors with their Grams
// and column sums, the pool that runs blocks of rows, and the per-block
// workspace of the row updates. All of it is allocated here, before the
// iterations, so that they allocate nothing.
type model struct {
	d *data
	f *factors
	p *pool

	// gw = WᵀW and gh = HHᵀ (k × k) of the current factors; colW = 1ᵀW
	// and colH = H1 (k), for KL and the L1 penalties.
	gw, gh     []float64
	colW, colH []float64

	// Per block of rows: 3k floats of scratch, and the Gram of the block's
	// updated rows (k × k), which sumGramParts adds up in block order.
	scratch   [][]float64
	gramParts []float64
	gramTask  *rowTask[[]float64]

	// The losses' passes over X's non-zeros (loss.go), and per block of
	// rows Σ (WH)² over them.
	klTask, residualTask *rowTask[[]float64]
	modelSqParts         []float64
}

// newModel allocates the shared workspace and sets the Grams of f.
func newModel(d *data, f *factors, p *pool) *model {
	k := f.k
	blocks := blocksOf(max(f.m, f.n))
	m := &model{d: d, f: f, p: p,
		gw: make([]float64, k*k), gh: make([]float64, k*k),
		colW: make([]float64, k), colH: make([]float64, k),
		scratch:      make([][]float64, blocks),
		gramParts:    make([]float64, blocks*k*k),
		modelSqParts: make([]float64, blocks),
	}
	for i := range m.scratch {
		m.scratch[i] = make([]float64, 3*k)
	}
	m.gramTask = newRowTask(m.gramRows)
	m.klTask = newRowTask(m.klRows)
	m.residualTask = newRowTask(m.residualRows)
	m.gram(m.gw, f.w, f.m)
	m.gram(m.gh, f.ht, f.n)
	return m
}

// gram sets g (k × k) to aᵀa for a of rows rows of k.
func (m *model) gram(g, a []float64, rows int) {
	m.gramTask.sum(m.p, rows, a)
	m.sumGramParts(g, rows)
}

func (m *model) gramRows(a []float64, lo, hi int) float64 {
	k := m.f.k
	for i := lo; i < hi; i++ {
		m.addGram(lo, a[i*k:(i+1)*k])
	}
	return 0
}

// addGram adds row's outer product to the Gram part of the block of row lo;
// only the upper triangle, which sumGramParts mirrors.
func (m *model) addGram(lo int, row []float64) {
	k := m.f.k
	g := m.gramParts[(lo/grain)*k*k : (lo/grain+1)*k*k]
	for t, v := range row {
		if v != 0 {
			floats.AddScaled(g[t*k+t:(t+1)*k], v, row[t:])
		}
	}
}

// sumGramParts adds the Gram parts of the blocks of rows rows into g, in
// block order, so that the sum is the same whatever the workers, and fills
// the lower triangle from the upper. The parts hold k² per block, gigabytes
// at k in the thousands: it checks the context between blocks.
func (m *model) sumGramParts(g []float64, rows int) {
	k := m.f.k
	clear(g)
	for b := range blocksOf(rows) {
		if m.p.stopped() {
			return
		}
		part := m.gramParts[b*k*k : (b+1)*k*k]
		floats.Add(g, part)
		clear(part)
	}
	for t := range k {
		for r := range t {
			g[t*k+r] = g[r*k+t]
		}
	}
}

// rowBuffers hands out, one per running task, room for the longest row of
// X or Xᵀ times (k + 1): for KL, the model at a row's non-zeros and, for
// CD, the rows of the other factor those non-zeros select. One buffer per
// worker, not per block: memory O(max(m, n)·k).
func (m *model) rowBuffers() chan []float64 {
	longest := max(m.d.x.longestRow(), m.d.xt.longestRow())
	bufs := make(chan []float64, m.p.workers)
	for range m.p.workers {
		bufs <- make([]float64, longest*(m.f.k+1))
	}
	return bufs
}

// sum adds a's entries in index order (gonum's floats.Sum adds in an order
// that depends on the slice's alignment in memory).
func sum(a []float64) float64 {
	t := 0.0
	for _, v := range a {
		t += v
	}
	return t
}

// colSums sets dst (k) to the column sums of a (rows of k).
func colSums(dst, a []float64, k int) {
	clear(dst)
	dst = dst[:k]
	for i := 0; i < len(a); i += k {
		for t, v := range a[i : i+k] {
			dst[t] += v
		}
	}
}
