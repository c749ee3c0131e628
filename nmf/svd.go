package nmf

import (
	"math"
	"math/rand/v2"

	"github.com/nmftopics/nmftopics/internal/kernels"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// randomizedSVD returns the leading singular triplets of X by the
// randomized range finder of Halko, Martinsson & Tropp (2011), as
// scikit-learn's randomized_svd does: k + 10 random directions, 4 power
// iterations (7 when k < min(m, n)/10), each step re-orthonormalized. X is
// only ever multiplied, never densified; the largest dense matrices are
// m × l and n × l, l = k + 10. It returns u (m × l) and v (n × l),
// row-major, and the l singular values, largest first. It stops early,
// returning garbage, when the pool's context is done (p.err() tells).
func randomizedSVD(d *data, k int, rng *rand.Rand, p *pool) (u, sv, v []float64) {
	m, n := d.x.rows, d.x.cols
	l := min(k+10, min(m, n))
	q, bt := rangeFinder(d, k, l, rng, p)
	if p.aborted.Load() {
		return nil, nil, nil
	}
	// B = Qᵀ X is l × n (bt holds Bᵀ). Its SVD B = U Σ Vᵀ comes from the
	// eigendecomposition of the l × l Gram B Bᵀ = U Σ² Uᵀ, with V = Bᵀ U
	// Σ⁻¹: no dense l × n copies (a dense SVD of B makes four or five),
	// and squaring B's condition number costs nothing that NNDSVD uses: it
	// reads the k leading triplets of k + 10, far from the noise floor.
	sv, ub, ok := gramEigen(p, bt, n, l)
	if p.aborted.Load() {
		return nil, nil, nil
	}
	if !ok {
		// Not expected for a finite matrix; fall back to the range basis.
		return q, make([]float64, l), bt
	}
	mulDenseInPlace(p, q, ub, m, l)  // U_X = Q U
	mulDenseInPlace(p, bt, ub, n, l) // Bᵀ U = V Σ
	for c, s := range sv {
		inv := 0.0
		if s > 1e-12*sv[0] {
			inv = 1 / s
		}
		for j := range n {
			bt[j*l+c] *= inv
		}
	}
	return q, sv, bt
}

// gramEigen returns the singular values of B (l × n; bt holds Bᵀ,
// row-major), largest first, and its left singular vectors U (l × l,
// row-major, column c for value c), from the eigendecomposition of
// B Bᵀ. The Gram's entries are dot products over B's rows, each summed in
// one order, split among the workers by rows of the Gram.
func gramEigen(p *pool, bt []float64, n, l int) (sv []float64, u *mat.Dense, ok bool) {
	rowsB := make([][]float64, l)
	for c := range rowsB {
		rowsB[c] = make([]float64, n)
	}
	transpose(rowsB, bt, n, l)
	g := mat.NewSymDense(l, nil)
	p.run(l, func(lo, hi int) {
		for c := lo; c < hi; c++ {
			for e := c; e < l; e++ {
				g.SetSym(c, e, floats.Dot(rowsB[c], rowsB[e]))
			}
		}
	})
	if p.stopped() || !allFinite(g.RawSymmetric().Data) {
		return nil, nil, false // an X whose squares overflow: the caller reports it
	}
	eig, ok := eigenSym(p, g)
	if !ok {
		return nil, nil, false
	}
	values := eig.Values(nil) // ascending
	var vec mat.Dense
	eig.VectorsTo(&vec)
	sv = make([]float64, l)
	u = mat.NewDense(l, l, nil)
	for c := range l {
		from := l - 1 - c
		sv[c] = math.Sqrt(math.Max(values[from], 0))
		for r := range l {
			u.Set(r, c, vec.At(r, from))
		}
	}
	return sv, u, true
}

// rangeFinder returns Q (m × l, row-major), an orthonormal basis of the
// range of X Ω for l random directions Ω, sharpened by power iterations
// (4, or 7 when k < min(m, n)/10), and Xᵀ Q (n × l). It stops early,
// returning garbage, when the pool's context is done.
func rangeFinder(d *data, k, l int, rng *rand.Rand, p *pool) (q, xtq []float64) {
	m, n := d.x.rows, d.x.cols
	iters := 4
	if float64(k) < 0.1*float64(min(m, n)) {
		iters = 7
	}
	omega := make([]float64, n*l)
	for i := range omega {
		omega[i] = rng.NormFloat64()
	}
	y := make([]float64, m*l)
	z := omega                           // Ω is read once, by the first product
	work := make([]float64, max(m, n)*l) // orthonormalize's columns
	mulRows(p, &d.x, omega, y, l)
	// Between the power steps a basis needs only to be well conditioned
	// (scikit-learn's is an LU factor's, not even orthogonal): one pass of
	// Gram–Schmidt; Q itself gets two.
	for range iters {
		orthonormalize(p, y, m, l, 1, work, rng)
		mulRows(p, &d.xt, y, z, l)
		orthonormalize(p, z, n, l, 1, work, rng)
		mulRows(p, &d.x, z, y, l)
		if p.aborted.Load() {
			return y, z
		}
	}
	orthonormalize(p, y, m, l, 2, work, rng) // Q
	mulRows(p, &d.xt, y, z, l)               // Xᵀ Q = Bᵀ, n × l
	return y, z
}

// eigenSym is the eigendecomposition of g. LAPACK's routines cannot be
// interrupted, and for l in the thousands they take seconds: when the
// pool watches a context, it runs on its own goroutine and a cancellation
// returns at once (marking the pool's work aborted), leaving the goroutine
// to finish and its result to the garbage collector.
func eigenSym(p *pool, g *mat.SymDense) (*mat.EigenSym, bool) {
	eig := new(mat.EigenSym)
	if p.halt == nil {
		return eig, eig.Factorize(g, true)
	}
	done := make(chan bool, 1)
	go func() { done <- eig.Factorize(g, true) }()
	select {
	case ok := <-done:
		return eig, ok
	case <-p.ctx.Done():
		p.aborted.Store(true)
		return nil, false
	}
}

// mulDenseInPlace sets y (rows × l, row-major) to y times b (l × l), row
// by row in parallel (each sum in the same order as ever, so the bits do
// not depend on the workers).
func mulDenseInPlace(p *pool, y []float64, b *mat.Dense, rows, l int) {
	br := b.RawMatrix()
	p.run(rows, func(lo, hi int) {
		out := make([]float64, l)
		for i := lo; i < hi; i++ {
			if p.stopped() {
				return
			}
			yi := y[i*l : (i+1)*l]
			for c := range l {
				s := 0.0
				for r, yv := range yi {
					s += yv * br.Data[r*br.Stride+c]
				}
				out[c] = s
			}
			copy(yi, out)
		}
	})
}

// mulRows sets dst (x.rows × l) to x times b (x.cols × l), all row-major,
// a row at a time by the solvers' gather kernel.
func mulRows(p *pool, x *csr, b, dst []float64, l int) {
	p.run(x.rows, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			row := dst[i*l : (i+1)*l]
			clear(row)
			kernels.GatherAxpy(row, x.val[x.ptr[i]:x.ptr[i+1]], x.idx[x.ptr[i]:x.ptr[i+1]], b, l)
		}
	})
}

// orthonormalize makes the l columns of a (rows × l, row-major)
// orthonormal by passes of modified Gram–Schmidt (two: "twice is enough"
// for orthogonality to working precision), on a column-major copy so that
// every dot product and update runs over a contiguous column. A column that vanishes (X of rank below l) is
// replaced by a random direction. It checks the pool's context once per
// column (rows × c multiply-adds) and returns early when it is done.
func orthonormalize(p *pool, a []float64, rows, l, passes int, work []float64, rng *rand.Rand) {
	if p.stopped() { // the copies alone take a while when l is large
		return
	}
	cols := make([][]float64, l)
	for c := range cols {
		cols[c] = work[c*rows : (c+1)*rows]
	}
	transpose(cols, a, rows, l)
	for c := range l {
		if p.stopped() {
			return // a is left as it was: garbage all the same
		}
		for try := 0; ; try++ {
			before := floats.Norm(cols[c], 2)
			for range passes {
				for q := range c {
					floats.AddScaled(cols[c], -floats.Dot(cols[c], cols[q]), cols[q])
				}
			}
			nrm := floats.Norm(cols[c], 2)
			if nrm > 1e-10*before && nrm > 0 {
				floats.Scale(1/nrm, cols[c])
				break
			}
			if try == 2 {
				clear(cols[c])
				break
			}
			for i := range cols[c] {
				cols[c][i] = rng.NormFloat64()
			}
		}
	}
	transposeBack(a, cols, rows, l)
}

// transposeBlock is the rows a transpose copies at a time: a block of a
// row-major array stays in cache while its columns are written out.
const transposeBlock = 256

// transposeBack copies the columns cols into a (rows × l, row-major),
// transpose's inverse.
func transposeBack(a []float64, cols [][]float64, rows, l int) {
	for i0 := 0; i0 < rows; i0 += transposeBlock {
		for c, col := range cols {
			for i, v := range col[i0:min(i0+transposeBlock, rows)] {
				a[(i0+i)*l+c] = v
			}
		}
	}
}

// transpose copies a (rows × l, row-major) into the columns cols.
func transpose(cols [][]float64, a []float64, rows, l int) {
	for i0 := 0; i0 < rows; i0 += transposeBlock {
		for c, col := range cols {
			for i := range col[i0:min(i0+transposeBlock, rows)] {
				col[i0+i] = a[(i0+i)*l+c]
			}
		}
	}
}
