package nmf

//go:noescape
func halsLanesAVX(a, num, u, nbl, gd, gb, hd *float64, k int, l1, l2 float64, viol, cross, gl *float64)

// halsLanesKernel is halsLanesGo, in AVX with FMA where the CPU has them
// (same bits).
func halsLanesKernel(a, num, u, nbl []float64, gd *[halsLanes]float64, g, hd []float64, k int, l1, l2 float64,
	viol, cross *[halsLanes]float64, gl []float64) {
	if !haveFMA {
		halsLanesGo(a, num, u, nbl, gd, g, hd, k, l1, l2, viol, cross, gl)
		return
	}
	const L = halsLanes
	_, _, _, _ = a[k*L-1], num[k*L-1], u[k*L-1], nbl[k*L-1]
	_, _, _ = g[k*k-1], hd[k-1], gl[k*k*L-1]
	halsLanesAVX(&a[0], &num[0], &u[0], &nbl[0], &gd[0], &g[0], &hd[0], k, l1, l2, &viol[0], &cross[0], &gl[0])
}
