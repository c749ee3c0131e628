package kernels

//go:generate python3 hals_gen.py

import "golang.org/x/sys/cpu"

//go:noescape
func halsLanesAVX(a, num, u, nbl, gd, gb, hd *float64, k int, l1, l2 float64, viol, cross, gl *float64)

//go:noescape
func halsLanesAVX512(a, num, u, nbl, gd, gb, hd *float64, k int, l1, l2 float64, viol, cross, gl *float64)

// haveAVX512 selects the 512-bit HALS kernel; a variable so that tests can
// check the 256-bit one on the same machine.
var haveAVX512 = haveFMA && cpu.X86.HasAVX512F

// halsLanesKernel is HALSSweep: halsLanesGo, in AVX-512, or in AVX with FMA
// one half of the lanes at a time, where the CPU has them (same bits).
func halsLanesKernel(a, num, u, nbl []float64, gd *[Lanes]float64, g, hd []float64, k int, l1, l2 float64,
	viol, cross *[Lanes]float64, gl []float64) {
	if !haveFMA {
		halsLanesGo(a, num, u, nbl, gd, g, hd, k, l1, l2, viol, cross, gl)
		return
	}
	const L = Lanes
	_, _, _, _ = a[k*L-1], num[k*L-1], u[k*L-1], nbl[k*L-1]
	_, _, _ = g[k*k-1], hd[k-1], gl[k*k*L-1]
	if haveAVX512 {
		halsLanesAVX512(&a[0], &num[0], &u[0], &nbl[0], &gd[0], &g[0], &hd[0], k, l1, l2, &viol[0], &cross[0], &gl[0])
		return
	}
	for q := 0; q < L; q += 4 {
		halsLanesAVX(&a[q], &num[q], &u[q], &nbl[q], &gd[q], &g[0], &hd[0], k, l1, l2, &viol[q], &cross[q], &gl[q])
	}
}
