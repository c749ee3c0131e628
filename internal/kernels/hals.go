package kernels

import "math"

// Lanes is the number of rows HALSSweep updates side by side, one per lane
// of a 512-bit register (or of two 256-bit ones).
const Lanes = 8

// HALSSweep runs one HALS sweep over the k coordinates of Lanes rows:
// coordinate t of every row is set to the exact minimizer of the loss in
// it, projected on ≥ 0, before coordinate t+1 of any.
//
// The rows are held lane-major (entry t of row q at [t*Lanes+q]): a
// (k × Lanes) the rows, num (k × Lanes) the rows of x b, nbl (k × Lanes)
// the graph's λ Σ neighbours (zero without it), gd the graph's λ d_i per
// row; g is bᵀb (k × k, symmetric, non-negative), hd[t] = g[t,t] + l2.
// u (k × Lanes) is workspace. HALSSweep updates the rows of a, and adds to
// viol the size of their projected gradients before the update, to cross
// Σ a_new·(x b), and to gl (k × k × Lanes, upper triangle) the rows' outer
// products. a, g, gd and nbl must be non-negative.
//
// It gives the same bits as halsLanesGo, its plain Go reference, on every
// machine.
func HALSSweep(a, num, u, nbl []float64, gd *[Lanes]float64, g, hd []float64, k int, l1, l2 float64,
	viol, cross *[Lanes]float64, gl []float64) {
	halsLanesKernel(a, num, u, nbl, gd, g, hd, k, l1, l2, viol, cross, gl)
}

// halsLanesGo is HALSSweep in plain Go, the reference the assembly kernels
// equal.
//
// The products that are summed are added with one rounding (math.FMA).
// Zero entries of a are not skipped: adding their products, which are +0
// because g and a are non-negative, changes nothing. The AVX kernels do
// every operation in this order with the same rounding: the two give the
// same bits.
func halsLanesGo(a, num, u, nbl []float64, gd *[Lanes]float64, g, hd []float64, k int, l1, l2 float64,
	viol, cross *[Lanes]float64, gl []float64) {
	halsGradientParts(u, a, g, k)
	for t := range k {
		delta := halsCoordinate(a, num, u, nbl, gd, hd[t], t, l1, l2, viol)
		// Only the entries of u still to be read are corrected.
		for r := t + 1; r < k; r++ {
			gv, ur := g[t*k+r], u[r*Lanes:r*Lanes+Lanes]
			for q := range Lanes {
				ur[q] = math.FMA(delta[q], gv, ur[q])
			}
		}
	}
	halsAccumulate(cross, gl, a, num, k)
}

// halsGradientParts sets u to (bᵀb) a_i for each lane's row a_i, as a sum
// of bᵀb's rows (it is symmetric), skipping coordinates zero in every lane.
func halsGradientParts(u, a, g []float64, k int) {
	const L = Lanes
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
}

// halsCoordinate updates coordinate t of each lane's row, curvature hdt
// plus the lane's graph term, adds the size of its projected gradient to
// viol and returns by how much each changed.
func halsCoordinate(a, num, u, nbl []float64, gd *[Lanes]float64, hdt float64, t int, l1, l2 float64,
	viol *[Lanes]float64) (delta [Lanes]float64) {
	const L = Lanes
	at, ut, nt, bt := a[t*L:t*L+L], u[t*L:t*L+L], num[t*L:t*L+L], nbl[t*L:t*L+L]
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
		if h := hdt + gd[q]; h != 0 {
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
	return delta
}

// halsAccumulate adds Σ a_new·(x b) per lane to cross, and the lanes' outer
// products a_i a_iᵀ (upper triangle) to gl.
func halsAccumulate(cross *[Lanes]float64, gl, a, num []float64, k int) {
	const L = Lanes
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

// allZero reports whether every entry of x is zero.
func allZero(x []float64) bool {
	for _, v := range x {
		if v != 0 {
			return false
		}
	}
	return true
}
