// Package kernels holds the two inner loops of the factorization in nmf,
// each as a plain Go loop and as assembly that must equal it.
//
//   - GatherAxpy adds a sparse row times a dense matrix to a row of k:
//     acc += Σ_p val[p]·b[idx[p]]. Each column's products are added in
//     two chains, over the even and over the odd non-zeros, each in order,
//     and the two chains' sums then added to acc.
//   - HALSSweep runs one sweep of HALS (coordinate descent on the
//     Frobenius loss, with L1 and L2 penalties and a graph term) over Lanes
//     rows side by side: coordinate t of each row before t+1 of any, the
//     gradient's part (bᵀb)a corrected as each coordinate changes. It also
//     adds up what the solver needs after the sweep: the size of the
//     projected gradients (the stopping rule), Σ a·(x b) and the rows'
//     outer products.
//
// # Invariant
//
// Each kernel gives the same bits as its plain Go reference (gatherAxpyGo,
// halsLanesGo) on every input the callers give it and on every machine:
// where the CPU has AVX with FMA (or AVX-512) the assembly does the
// reference's operations in the reference's order, and every sum of
// products is a fused multiply-add in both (math.FMA, exact everywhere).
// The differential tests and the fuzz targets hold each set of kernels the
// CPU runs to that, bit for bit.
//
// The assembly is written by hals_gen.py and gather_gen.py (go generate);
// the .s files are committed, so building needs no Python.
package kernels
