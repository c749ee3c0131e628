package nmf

// smoothing is nsNMF's S = (1−θ)I + (θ/k)11ᵀ applied to one factor
// (Pascual-Montano et al. 2006): the model is X ≈ W S H, so each update
// sees the other factor times S. It composes with any solver, which is
// handed the smoothed factor, its Gram and column sums in place of the
// factor's own. A nil *smoothing is S = I.
type smoothing struct {
	theta float64
	// The smoothed factor (rows × k), its Gram S G S (k × k) and column
	// sums (1ᵀa)S (k), and scratch for the Gram (k × k) and for G's column
	// sums (k).
	rows, gram, cols []float64
	sg, gCols        []float64
}

// newSmoothing returns the smoothing of a factor of rows rows, nil for
// theta = 0.
func newSmoothing(theta float64, rows, k int) *smoothing {
	if theta == 0 {
		return nil
	}
	return &smoothing{theta: theta, rows: make([]float64, rows*k), gram: make([]float64, k*k),
		cols: make([]float64, k), sg: make([]float64, k*k), gCols: make([]float64, k)}
}

// apply returns the factor a (rows of k) as the model uses it, with its
// Gram g and column sums col: a S, S G S and (1ᵀa)S, or for a nil
// smoothing a, g and col themselves.
func (s *smoothing) apply(a, g, col []float64) (ab, gb, colB []float64) {
	if s == nil {
		return a, g, col
	}
	theta, k := s.theta, len(col)
	for i := 0; i < len(a); i += k {
		smoothRow(s.rows[i:i+k], a[i:i+k], theta)
	}
	// S G S, row by row: (S G)_t = (1−θ)G_t + (θ/k)Σ_r G_r; then each row
	// of that times S.
	sg := s.sg
	colSums(s.gCols, g, k)
	for t := range k {
		for r := range k {
			sg[t*k+r] = (1-theta)*g[t*k+r] + theta/float64(k)*s.gCols[r]
		}
	}
	for t := range k {
		smoothRow(s.gram[t*k:(t+1)*k], sg[t*k:(t+1)*k], theta)
	}
	smoothRow(s.cols, col, theta)
	return s.rows[:len(a)], s.gram, s.cols
}

// smoothRow sets dst to a S = (1−θ)a + (θ/k)(Σa)1.
func smoothRow(dst, a []float64, theta float64) {
	mean := theta * sum(a) / float64(len(a))
	for t, v := range a {
		dst[t] = (1-theta)*v + mean
	}
}
