package nmf

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// randomizedSVD returns the leading singular triplets of X by the
// randomized range finder of Halko, Martinsson & Tropp (2011), as
// scikit-learn's randomized_svd does: k + 10 random directions, 4 power
// iterations (7 when k < min(m, n)/10), each step re-orthonormalized. X is
// only ever multiplied, never densified; the largest dense matrices are
// m × l and n × l, l = k + 10. It returns u (m × l) and v (n × l),
// row-major, and the l singular values, largest first.
func randomizedSVD(d *data, k int, rng *rand.Rand, p *pool) (u, sv, v []float64) {
	m, n := d.x.rows, d.x.cols
	l := min(k+10, min(m, n))
	iters := 4
	if float64(k) < 0.1*float64(min(m, n)) {
		iters = 7
	}
	omega := make([]float64, n*l)
	for i := range omega {
		omega[i] = rng.NormFloat64()
	}
	y := make([]float64, m*l)
	z := make([]float64, n*l)
	mulRows(p, &d.x, omega, y, l)
	for range iters {
		orthonormalize(y, m, l, rng)
		mulRows(p, &d.xt, y, z, l)
		orthonormalize(z, n, l, rng)
		mulRows(p, &d.x, z, y, l)
	}
	orthonormalize(y, m, l, rng) // Q
	mulRows(p, &d.xt, y, z, l)   // Xᵀ Q = Bᵀ, n × l

	// B = Qᵀ X is l × n: small enough to decompose densely.
	b := mat.NewDense(l, n, nil)
	for j := range n {
		for c := range l {
			b.Set(c, j, z[j*l+c])
		}
	}
	var svd mat.SVD
	if !svd.Factorize(b, mat.SVDThin) {
		// Not expected for a finite matrix; fall back to the range basis.
		return y, make([]float64, l), z
	}
	sv = svd.Values(nil)
	var ub, vb mat.Dense
	svd.UTo(&ub) // l × l
	svd.VTo(&vb) // n × l
	u = make([]float64, m*l)
	for i := range m {
		for c := range l {
			s := 0.0
			for r := range l {
				s += y[i*l+r] * ub.At(r, c)
			}
			u[i*l+c] = s
		}
	}
	v = make([]float64, n*l)
	for j := range n {
		for c := range l {
			v[j*l+c] = vb.At(j, c)
		}
	}
	return u, sv, v
}

// mulRows sets dst (x.rows × l) to x times b (x.cols × l), all row-major.
func mulRows(p *pool, x *csr, b, dst []float64, l int) {
	p.run(x.rows, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			row := dst[i*l : (i+1)*l]
			clear(row)
			for q := x.ptr[i]; q < x.ptr[i+1]; q++ {
				j := int(x.idx[q])
				floats.AddScaled(row, x.val[q], b[j*l:(j+1)*l])
			}
		}
	})
}

// orthonormalize makes the l columns of a (rows × l, row-major)
// orthonormal by modified Gram–Schmidt, twice ("twice is enough"), on a
// column-major copy so that every dot product and update runs over a
// contiguous column. A column that vanishes (X of rank below l) is
// replaced by a random direction.
func orthonormalize(a []float64, rows, l int, rng *rand.Rand) {
	cols := make([][]float64, l)
	for c := range cols {
		cols[c] = make([]float64, rows)
		for i := range rows {
			cols[c][i] = a[i*l+c]
		}
	}
	for c := range l {
		for try := 0; ; try++ {
			before := floats.Norm(cols[c], 2)
			for range 2 {
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
	for c := range l {
		for i := range rows {
			a[i*l+c] = cols[c][i]
		}
	}
}
