//go:build !amd64

package nmf

// gatherAxpy sets acc (k) to acc + Σ_p val[p] · b[idx[p]] (rows of k).
func gatherAxpy(acc, val []float64, idx []int32, b []float64, k int) {
	gatherAxpyGo(acc, val, idx, b, k)
}
