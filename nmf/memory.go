package nmf

import (
	"math"
	"runtime"
)

// FactorBytes is the memory, in bytes, that Factorize takes for an m × n
// matrix at rank k with the default method and settings (HALS, NNDSVDA,
// 200 iterations), the non-zeros of X aside: Footprint(m, n, 0, k,
// DefaultMethod(Frobenius), DefaultSettings()). It is what a caller can
// check from a matrix's declared size, before reading its entries.
func FactorBytes(m, n, k int) uint64 {
	return Footprint(m, n, 0, k, DefaultMethod(Frobenius), DefaultSettings())
}

// Footprint estimates the most memory, in bytes, that Factorize allocates
// for an m × n X with nnz non-zeros at rank k with method meth and settings
// s; X itself (the caller's copy) is not counted. The figure is counted
// from what the code allocates, in 8-byte words unless said otherwise, with
// F = (m + n)·k the words of W and Hᵀ, l = min(k + 10, m, n), b = ⌈max(m,
// n)/64⌉ row blocks and p workers (s.Workers, or GOMAXPROCS):
//
//   - X by rows and by columns: row pointers m + n + 2 and the transpose's
//     counters max(m, n), and 12 bytes (int32 index, float64 value) per
//     non-zero, twice;
//   - the factors being updated, F;
//   - the start: NNDSVD (NNDSVDA, NNDSVDAR) runs a randomized SVD whose
//     arrays are counted as if all were live at once, an upper bound:
//     the range Y (m·l, turned into U in place), the test matrix Ω (then
//     Z, then V in place) and B's rows for its Gram (n·l each), the
//     column-major copy of Gram–Schmidt (max(m, n)·l), 6l² + 10l of small
//     ones, and NNDSVD's six vectors 3(m + n). Random and Custom starts
//     write into the factors;
//   - the iterations' workspace, allocated once (iterations allocate
//     nothing): k × k Grams and per-block parts b·(k² + 3k + 2) and 6k²;
//     HALS p·(8k² + 33k) lanes; MU on KL one row buffer per worker of the
//     longest row of X or Xᵀ times k + 1 (counted as min(nnz, max(m, n))),
//     CD per worker the longest row's model and the other factor's
//     entries there (8 + 12k bytes each) and the other factor by its
//     non-zeros (at most 12 bytes per entry of max(m, n) × k); PGD four
//     arrays of max(m, n)·k; ALS its best iterate, F; ANLS per worker a
//     solver of 2k² + 12k; nsNMF (Theta > 0) the smoothed factors, F; the
//     graph term its k-NN graph (X by columns again, 60 bytes per edge,
//     and per worker an accumulator of n) and Hᵀ's previous values n·k;
//   - the result: W and H copied out of the working factors, F, and the
//     objective trace, MaxIter + 1.
//
// The peak is X's copies plus the factors plus the larger of the start's
// arrays and the workspace with the result. With s.Restarts, up to
// min(Restarts + 1, GOMAXPROCS) runs hold their factors, start and
// workspace at once, sharing X. Go's heap may hold up to twice what is
// live between collections (GOGC = 100); the figure is what is live.
func Footprint(m, n, nnz, k int, meth Method, s Settings) uint64 {
	if m <= 0 || n <= 0 || k <= 0 {
		return 0
	}
	M, N, K, Z := float64(m), float64(n), float64(k), float64(max(nnz, 0))
	big := math.Max(M, N)
	F := (M + N) * K
	p := float64(s.Workers)
	if s.Workers <= 0 {
		p = float64(runtime.GOMAXPROCS(0))
	}
	blocks := math.Ceil(big / grain)

	data := 8*(M+N+2+big) + 2*12*Z

	var start float64
	switch s.Init {
	case NNDSVD, NNDSVDA, NNDSVDAR:
		l := math.Min(K+10, math.Min(M, N))
		start = 8 * (M*l + 2*N*l + big*l + 6*l*l + 10*l + 3*(M+N))
	}

	work := 8 * (blocks*(K*K+3*K+2) + 6*K*K + 4*K)
	switch {
	case meth.Solver == HALS:
		work += 8 * p * (8*K*K + 33*K)
	case meth.Solver == PGD:
		work += 8 * 4 * big * K
	case meth.Solver == ALS:
		work += 8 * F
	case meth.Solver == ANLS:
		work += 8 * p * (2*K*K + 12*K)
	}
	switch {
	case meth.Loss == KL && meth.Solver == CD:
		work += p*math.Min(Z, big)*(8+12*K) + 8*(big+1) + 12*big*K
	case meth.Loss == KL:
		work += 8 * p * math.Min(Z, big) * (K + 1)
	}
	if meth.Theta > 0 {
		work += 8 * F
	}
	if meth.Graph() {
		g := float64(meth.GraphNeighbors)
		work += 12*Z + 8*(M+N) + 8*8*N + 60*N*g + 8*p*N + 8*N*K
	}
	result := 8*F + 8*float64(max(s.MaxIter, 0)+1)

	run := 8*F + math.Max(start, work+result)
	if s.Restarts > 0 {
		run *= float64(min(s.Restarts+1, runtime.GOMAXPROCS(0)))
	}
	total := data + run
	if total >= math.MaxUint64 {
		return math.MaxUint64
	}
	return uint64(total)
}
