package kernels

//go:generate python3 gather_gen.py

import "golang.org/x/sys/cpu"

//go:noescape
func gatherAxpyAVX(acc *float64, val *float64, idx *int32, n int, b *float64, stride, groups int, mask *int64, limit int)

//go:noescape
func gatherAxpyAVX512(acc *float64, val *float64, idx *int32, n int, b *float64, stride, groups, mask int)

// haveFMA selects the AVX kernels, which use fused multiply-adds; they give
// the same bits as the portable ones, only faster.
var haveFMA = cpu.X86.HasAVX && cpu.X86.HasFMA

// gatherMasks[r] has its first r+1 lanes set: the mask of a last group of
// r+1 columns.
var gatherMasks = [4][4]int64{{-1}, {-1, -1}, {-1, -1, -1}, {-1, -1, -1, -1}}

// gatherAxpy is GatherAxpy: gatherAxpyGo, in AVX-512, or in AVX with FMA,
// where the CPU has them (same bits). The kernel takes up to 16 columns
// (four registers of four, or two of eight with AVX-512) per pass over the
// non-zeros; wider rows take several passes.
func gatherAxpy(acc, val []float64, idx []int32, b []float64, k int) {
	if !haveFMA || len(val) == 0 {
		gatherAxpyGo(acc, val, idx, b, k)
		return
	}
	_ = acc[k-1]
	_ = b[len(b)-1]
	if haveAVX512 {
		for c := 0; c < k; c += 16 {
			cols := min(16, k-c)
			last := (cols-1)%8 + 1 // columns in the last register
			gatherAxpyAVX512(&acc[c], &val[0], &idx[0], len(val), &b[c], k, (cols+7)/8, 1<<last-1)
		}
		return
	}
	for c := 0; c < k; c += 16 {
		cols := min(16, k-c)
		groups := (cols + 3) / 4
		// Rows whose whole groups end within b are loaded without a mask.
		limit := (len(b) - c - 4*groups) * 8
		gatherAxpyAVX(&acc[c], &val[0], &idx[0], len(val), &b[c], k, groups, &gatherMasks[(cols-1)%4][0], limit)
	}
}
