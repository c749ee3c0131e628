package nmf

// gatherAxpyGo is the portable gatherAxpy: each lane multiplied, rounded,
// added and rounded in the order of p.
func gatherAxpyGo(acc, val []float64, idx []int32, b []float64, k int) {
	acc = acc[:k]
	for p, v := range val {
		row := b[int(idx[p])*k : int(idx[p])*k+k]
		for t, x := range row {
			acc[t] += v * x
		}
	}
}
