//go:build !amd64

package kernels

// gatherAxpy is GatherAxpy: gatherAxpyGo, the only kernel off amd64.
func gatherAxpy(acc, val []float64, idx []int32, b []float64, k int) {
	gatherAxpyGo(acc, val, idx, b, k)
}
