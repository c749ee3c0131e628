package kernels

import "math"

// GatherAxpy sets acc[:k] to acc + Σ_p val[p]·b[idx[p]] where b[r] is row
// r of b (rows of k, row-major): a sparse row, its values val at columns
// idx, times the matrix b. acc past k is left alone. idx holds at least
// len(val) entries, each a row of b: the assembly kernels do not check them.
//
// It gives the same bits as gatherAxpyGo, its plain Go reference, on every
// machine.
func GatherAxpy(acc, val []float64, idx []int32, b []float64, k int) {
	gatherAxpy(acc, val, idx, b, k)
}

// gatherAxpyGo is GatherAxpy in plain Go, the reference the assembly
// kernels equal. Each lane is the sum over the
// even p and the sum over the odd p, each added in the order of p from
// zero with fused multiply-adds, then added to acc: two chains of dependent
// additions instead of one, and the order and rounding of the AVX kernel,
// so both give the same bits.
func gatherAxpyGo(acc, val []float64, idx []int32, b []float64, k int) {
	acc = acc[:k]
	var evenOdd [2 * 64]float64
	for c := 0; c < k; c += 64 {
		cols := min(64, k-c)
		even, odd := evenOdd[:cols], evenOdd[64:64+cols]
		clear(even)
		clear(odd)
		p := 0
		for ; p+1 < len(val); p += 2 {
			v0, v1 := val[p], val[p+1]
			r0 := b[int(idx[p])*k+c : int(idx[p])*k+c+cols]
			r1 := b[int(idx[p+1])*k+c : int(idx[p+1])*k+c+cols]
			for t := range even {
				even[t] = math.FMA(v0, r0[t], even[t])
				odd[t] = math.FMA(v1, r1[t], odd[t])
			}
		}
		if p < len(val) {
			v := val[p]
			r := b[int(idx[p])*k+c : int(idx[p])*k+c+cols]
			for t := range even {
				even[t] = math.FMA(v, r[t], even[t])
			}
		}
		for t := range even {
			acc[c+t] += even[t] + odd[t]
		}
	}
}
