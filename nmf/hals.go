package nmf

import "math"

// halsLanes is the number of rows whose HALS updates run side by side, one
// per lane of a 512-bit register (or of two 256-bit ones).
const halsLanes = 8

// halsLanesGo is the portable halsLanesKernel. The eight rows it updates
// are held lane-major (entry t of row q at [t*halsLanes+q]): a (k × 8) the
// rows, num (k × 8) the rows of x b, nbl (k × 8) the graph's λ Σ neighbours
// (zero without it), gd the graph's λ d_i per row; g is bᵀb (k × k), hd[t]
// = g[t,t] + l2. u (k × 8) is workspace. It updates the rows, and adds to
// viol the size of their projected gradients, to cross Σ a_new·(x b), and
// to gl (k × k × 8, upper triangle) the rows' outer products.
//
// The products that are summed are added with one rounding (math.FMA).
// Zero entries of a are not skipped: adding their products, which are +0
// because g and a are non-negative, changes nothing. The AVX kernel does
// every operation in this order with the same rounding: the two give the
// same bits.
func halsLanesGo(a, num, u, nbl []float64, gd *[halsLanes]float64, g, hd []float64, k int, l1, l2 float64,
	viol, cross *[halsLanes]float64, gl []float64) {
	const L = halsLanes
	// u = (bᵀb) a_i, as a sum of bᵀb's rows (it is symmetric).
	clear(u[:k*L])
	for t := range k {
		at := a[t*L : t*L+L]
		if allZero(at) {
			continue
		}
		for r, gv := range g[t*k : t*k+k] {
			ur := u[r*L : r*L+L]
			for q := range L {
				ur[q] = math.FMA(at[q], gv, ur[q])
			}
		}
	}
	for t := range k {
		at, ut, nt, bt := a[t*L:t*L+L], u[t*L:t*L+L], num[t*L:t*L+L], nbl[t*L:t*L+L]
		var delta [L]float64
		for q := range L {
			old := at[q]
			// The terms that do not depend on u first, so that the chain
			// from one coordinate to the next holds one addition.
			e := l1 + l2*old
			e += gd[q]*old - bt[q]
			e -= nt[q]
			grad := ut[q] + e
			// The projected gradient's size, for the stopping rule.
			c := 0.0
			if old > 0 {
				c = math.Abs(grad)
			} else if grad < 0 {
				c = -grad
			}
			viol[q] += c
			v := old
			if h := hd[t] + gd[q]; h != 0 {
				// max(v, 0) as scikit-learn's Cython writes it: −0 and
				// NaN become 0.
				v = old - grad/h
				if !(v > 0) {
					v = 0
				}
			}
			delta[q] = v - old
			at[q] = v
		}
		// Only the entries of u still to be read are corrected.
		for r := t + 1; r < k; r++ {
			gv, ur := g[t*k+r], u[r*L:r*L+L]
			for q := range L {
				ur[q] = math.FMA(delta[q], gv, ur[q])
			}
		}
	}
	for t := range k {
		at, nt := a[t*L:t*L+L], num[t*L:t*L+L]
		for q := range L {
			cross[q] = math.FMA(at[q], nt[q], cross[q])
		}
		for r := t; r < k; r++ {
			ar, gtr := a[r*L:r*L+L], gl[(t*k+r)*L:(t*k+r)*L+L]
			for q := range L {
				gtr[q] = math.FMA(at[q], ar[q], gtr[q])
			}
		}
	}
}

func allZero(x []float64) bool {
	for _, v := range x {
		if v != 0 {
			return false
		}
	}
	return true
}
