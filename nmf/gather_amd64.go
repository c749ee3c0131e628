package nmf

import "golang.org/x/sys/cpu"

//go:noescape
func gatherAxpyAVX(acc *float64, val *float64, idx *int32, n int, b *float64, k int, mask *int64)

// haveAVX selects the AVX kernel; it gives the same bits as the portable
// one, only faster.
var haveAVX = cpu.X86.HasAVX

// gatherMasks[r] has its first r lanes set: the mask of a last group of r
// columns (r = k mod 4; 0 is never used).
var gatherMasks = [4][4]int64{{}, {-1}, {-1, -1}, {-1, -1, -1}}

// gatherAxpy sets acc (k) to acc + Σ_p val[p] · b[idx[p]] (rows of k).
func gatherAxpy(acc, val []float64, idx []int32, b []float64, k int) {
	if haveAVX && len(val) > 0 {
		_ = b[len(b)-1]
		gatherAxpyAVX(&acc[0], &val[0], &idx[0], len(val), &b[0], k, &gatherMasks[k%4][0])
		return
	}
	gatherAxpyGo(acc, val, idx, b, k)
}
