//go:build !amd64

package nmf

func halsLanesKernel(a, num, u, nbl []float64, gd *[halsLanes]float64, g, hd []float64, k int, l1, l2 float64,
	viol, cross *[halsLanes]float64, gl []float64) {
	halsLanesGo(a, num, u, nbl, gd, g, hd, k, l1, l2, viol, cross, gl)
}
