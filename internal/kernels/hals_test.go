package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestHALSLanesSameBits checks that the kernel in use (AVX where the CPU has
// it) gives the same bits as the portable one, with zero rows and entries,
// a graph term, penalties and a zero curvature among the inputs.
func TestHALSLanesSameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const L = Lanes
	for k := 1; k <= 23; k++ {
		for trial := range 4 {
			g := make([]float64, k*k)
			b := make([]float64, 3*k)
			for i := range b {
				if rng.IntN(3) > 0 {
					b[i] = rng.Float64() * math.Exp(rng.NormFloat64())
				}
			}
			for r := range k {
				for c := range k {
					for i := range 3 {
						g[r*k+c] += b[i*k+r] * b[i*k+c]
					}
				}
			}
			l1, l2 := 0.0, 0.0
			if trial%2 == 1 {
				l1, l2 = 0.1, 0.05
			}
			hd := make([]float64, k)
			for t := range k {
				hd[t] = g[t*k+t] + l2
			}
			a, num, nbl := make([]float64, k*L), make([]float64, k*L), make([]float64, k*L)
			var gd [L]float64
			for i := range a {
				if rng.IntN(3) > 0 {
					a[i] = rng.Float64()
				}
				num[i] = rng.Float64() * 3
				if trial >= 2 {
					nbl[i] = rng.Float64()
				}
			}
			if trial >= 2 {
				for q := range L {
					gd[q] = rng.Float64()
				}
			}
			for t := range k { // a zero row in lane 3
				a[t*L+3], num[t*L+3], nbl[t*L+3] = 0, 0, 0
			}
			gd[3] = 0
			gl := make([]float64, k*k*L)
			for i := range gl {
				gl[i] = rng.Float64()
			}
			if trial == 3 { // lanes 4 to 7 all zero in some coordinates
				for t := 0; t < k; t += 2 {
					clear(a[t*L+4 : t*L+8])
				}
			}
			var viol, cross [L]float64
			for q := range L {
				viol[q], cross[q] = float64(q+1), float64(q+L+1)
			}
			viol0, cross0 := viol, cross
			a0, gl0 := append([]float64(nil), a...), append([]float64(nil), gl...)
			halsLanesGo(a, num, make([]float64, k*L), nbl, &gd, g, hd, k, l1, l2, &viol, &cross, gl)
			same := func(kernel, name string, x, y []float64) {
				t.Helper()
				for i := range x {
					if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
						t.Fatalf("%s, k=%d trial %d: %s[%d] = %v, want %v", kernel, k, trial, name, i, x[i], y[i])
					}
				}
			}
			for t2 := range k {
				if a[t2*L+3] != 0 {
					t.Fatalf("k=%d: the zero row changed", k)
				}
			}
			forEachKernelSet(func(kernels string) {
				a2, gl2 := append([]float64(nil), a0...), append([]float64(nil), gl0...)
				viol2, cross2 := viol0, cross0
				HALSSweep(a2, num, make([]float64, k*L), nbl, &gd, g, hd, k, l1, l2, &viol2, &cross2, gl2)
				same(kernels, "a", a2, a)
				same(kernels, "gl", gl2, gl)
				same(kernels, "viol", viol2[:], viol[:])
				same(kernels, "cross", cross2[:], cross[:])
			})
		}
	}
}
