package nmf

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// nndsvdZero is the threshold below which NNDSVD's entries become zero,
// scikit-learn's default.
const nndsvdZero = 1e-6

func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}

// initialize returns the starting factors of s.Init, or the error of the
// context the pool watches if it is done before they are made.
func initialize(d *data, k int, s Settings, p *pool) (*factors, error) {
	m, n := d.x.rows, d.x.cols
	f := &factors{k: k, m: m, n: n, w: make([]float64, m*k), ht: make([]float64, n*k)}
	mean := d.sum / (float64(m) * float64(n))
	rng := newRand(s.Seed)
	init := s.Init
	if s.Resume != nil {
		init, s.W0, s.H0 = Custom, s.Resume.W, s.Resume.H
	}
	switch init {
	case Custom:
		if s.W0 == nil || s.H0 == nil {
			return nil, fmt.Errorf("nmf: init custom needs W0 and H0: %w", ErrShape)
		}
		if err := copyFactor(f.w, s.W0, m, k, false, "W0"); err != nil {
			return nil, err
		}
		if err := copyFactor(f.ht, s.H0, k, n, true, "H0"); err != nil {
			return nil, err
		}
	case Random:
		avg := math.Sqrt(mean / float64(k))
		for _, a := range [][]float64{f.ht, f.w} {
			for i := range a {
				if i%(1<<16) == 0 && p.stopped() {
					return nil, p.err()
				}
				a[i] = avg * math.Abs(rng.NormFloat64())
			}
		}
	case NNDSVD, NNDSVDA, NNDSVDAR:
		u, sv, v := randomizedSVD(d, k, rng, p)
		if err := p.err(); err != nil {
			return nil, err
		}
		if !nndsvd(p, f, u, sv, v) {
			return nil, p.err()
		}
		for _, a := range [][]float64{f.w, f.ht} {
			for i, x := range a {
				if x != 0 {
					continue
				}
				switch init {
				case NNDSVDA:
					a[i] = mean
				case NNDSVDAR:
					a[i] = math.Abs(mean * rng.NormFloat64() / 100)
				}
			}
		}
	default:
		return nil, fmt.Errorf("nmf: unknown init %d: %w", init, ErrMethod)
	}
	return f, nil
}

// copyFactor copies a (r × c) into dst, transposed when t is set, checking
// its shape and entries.
func copyFactor(dst []float64, a mat.Matrix, r, c int, t bool, name string) error {
	if ar, ac := a.Dims(); ar != r || ac != c {
		return fmt.Errorf("nmf: %s is %d×%d, want %d×%d: %w", name, ar, ac, r, c, ErrShape)
	}
	for i := range r {
		for j := range c {
			v := a.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return fmt.Errorf("nmf: %s[%d,%d] = %v must be finite and non-negative: %w", name, i, j, v, ErrInput)
			}
			if t {
				dst[j*r+i] = v
			} else {
				dst[i*c+j] = v
			}
		}
	}
	return nil
}

// nndsvd sets W and H from the leading singular triplets of X
// (Boutsidis & Gallopoulos 2008): each pair of singular vectors is split
// into its positive and negative parts, and the pair with the larger
// product of norms is kept. u is m × l and v is n × l, row-major; sv
// holds l ≥ k singular values, largest first. It reports false if it
// stopped early because the pool's context is done.
func nndsvd(p *pool, f *factors, u []float64, sv []float64, v []float64) bool {
	k, m, n := f.k, f.m, f.n
	l := len(sv)
	col := func(a []float64, rows, j int, dst []float64) {
		for i := range rows {
			dst[i] = a[i*l+j]
		}
	}
	x, y := make([]float64, m), make([]float64, n)
	xp, xn := make([]float64, m), make([]float64, m)
	yp, yn := make([]float64, n), make([]float64, n)
	for j := range k {
		if p.stopped() {
			return false
		}
		col(u, m, j, x)
		col(v, n, j, y)
		if j == 0 {
			s := math.Sqrt(sv[0])
			for i := range m {
				f.w[i*k] = s * math.Abs(x[i])
			}
			for i := range n {
				f.ht[i*k] = s * math.Abs(y[i])
			}
			continue
		}
		split(x, xp, xn)
		split(y, yp, yn)
		xpn, ypn, xnn, ynn := floats.Norm(xp, 2), floats.Norm(yp, 2), floats.Norm(xn, 2), floats.Norm(yn, 2)
		mp, mn := xpn*ypn, xnn*ynn
		uu, vv, un, vn, sigma := xp, yp, xpn, ypn, mp
		if mp <= mn {
			uu, vv, un, vn, sigma = xn, yn, xnn, ynn, mn
		}
		lbd := math.Sqrt(sv[j] * sigma)
		for i := range m {
			f.w[i*k+j] = 0
			if un > 0 {
				f.w[i*k+j] = lbd * uu[i] / un
			}
		}
		for i := range n {
			f.ht[i*k+j] = 0
			if vn > 0 {
				f.ht[i*k+j] = lbd * vv[i] / vn
			}
		}
	}
	for _, a := range [][]float64{f.w, f.ht} {
		for i, v := range a {
			if v < nndsvdZero {
				a[i] = 0
			}
		}
	}
	return true
}

// split sets pos and neg to the positive part of x and the magnitude of its
// negative part.
func split(x, pos, neg []float64) {
	for i, v := range x {
		pos[i], neg[i] = math.Max(v, 0), math.Max(-v, 0)
	}
}
