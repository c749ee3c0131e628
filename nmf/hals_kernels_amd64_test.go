package nmf

// laneKernels lists the HALS lane kernels this CPU runs: halsLanesKernel
// as it dispatches, and with AVX-512 also its AVX path.
func laneKernels() []laneKernel {
	ks := []laneKernel{{"halsLanesKernel", halsLanesKernel}}
	if haveAVX512 {
		ks = append(ks, laneKernel{"halsLanesKernel without AVX-512", func(a, num, u, nbl []float64, gd *[halsLanes]float64, g, hd []float64, k int, l1, l2 float64,
			viol, cross *[halsLanes]float64, gl []float64) {
			haveAVX512 = false
			defer func() { haveAVX512 = true }()
			halsLanesKernel(a, num, u, nbl, gd, g, hd, k, l1, l2, viol, cross, gl)
		}})
	}
	return ks
}
