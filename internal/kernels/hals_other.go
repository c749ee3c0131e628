//go:build !amd64

package kernels

// halsLanesKernel is HALSSweep: halsLanesGo, the only kernel off amd64.
func halsLanesKernel(a, num, u, nbl []float64, gd *[Lanes]float64, g, hd []float64, k int, l1, l2 float64,
	viol, cross *[Lanes]float64, gl []float64) {
	halsLanesGo(a, num, u, nbl, gd, g, hd, k, l1, l2, viol, cross, gl)
}
