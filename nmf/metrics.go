package nmf

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Metrics measure a factorization X ≈ WH.
type Metrics struct {
	FrobeniusHalfSq   float64 `json:"frobenius_half_sq"`  // ½‖X − WH‖²_F
	KL                float64 `json:"kl"`                 // Σ X log(X/WH) − X + WH
	RelativeError     float64 `json:"relative_error"`     // ‖X − WH‖_F / ‖X‖_F
	ExplainedVariance float64 `json:"explained_variance"` // 1 − ‖X − WH‖²_F / ‖X‖²_F
	SparsityW         float64 `json:"sparsity_w"`         // mean Hoyer sparseness of W's columns
	SparsityH         float64 `json:"sparsity_h"`         // mean Hoyer sparseness of H's columns
}

// Evaluate computes the metrics of X ≈ WH without forming WH: the model is
// evaluated only at X's non-zeros, and its sum and squared norm come from
// (1ᵀW)(H1) and the Gram matrices WᵀW and HHᵀ.
func Evaluate(x, w, h mat.Matrix) (Metrics, error) {
	return EvaluateContext(context.Background(), x, w, h)
}

// EvaluateContext is Evaluate stopped by ctx: at large k the Grams take
// seconds. A cancelled evaluation returns ctx's error.
func EvaluateContext(ctx context.Context, x, w, h mat.Matrix) (Metrics, error) {
	d, err := newData(x)
	if err != nil {
		return Metrics{}, err
	}
	m, n := x.Dims()
	wr, k := w.Dims()
	hk, hc := h.Dims()
	if wr != m || hk != k || hc != n {
		return Metrics{}, fmt.Errorf("nmf: W is %d×%d and H %d×%d for X %d×%d: %w", wr, k, hk, hc, m, n, ErrShape)
	}
	f := &factors{k: k, m: m, n: n, w: make([]float64, m*k), ht: make([]float64, n*k)}
	if err := copyFactor(f.w, w, m, k, false, "W"); err != nil {
		return Metrics{}, err
	}
	if err := copyFactor(f.ht, h, k, n, true, "H"); err != nil {
		return Metrics{}, err
	}
	p := newPool(0)
	defer p.close()
	unwatch := p.watch(ctx)
	defer unwatch()
	var r Metrics
	mod := newModel(d, f, p)
	colSums(mod.colH, f.ht, k)
	r.FrobeniusHalfSq = mod.frobeniusLoss(f.ht, mod.gh, mod.colH)
	r.KL = mod.klLoss(f.ht, mod.gh, mod.colH)
	if err := p.err(); err != nil {
		return Metrics{}, err
	}
	r.RelativeError = math.Sqrt(2 * r.FrobeniusHalfSq / d.sumSq)
	r.ExplainedVariance = 1 - 2*r.FrobeniusHalfSq/d.sumSq
	r.SparsityW = hoyer(f.w, m, k, false)
	r.SparsityH = hoyer(f.ht, k, n, true)
	return r, nil
}

// hoyer is the mean Hoyer sparseness (√r − ‖c‖₁/‖c‖₂)/(√r − 1) of the
// columns c (of length r) of a r × c matrix stored in a, row-major, or
// transposed (c × r) when t is set; 0 for a dense column, 1 for a one-hot
// one. Zero columns are left out; a matrix of one row has sparseness 0.
func hoyer(a []float64, rows, cols int, t bool) float64 {
	if rows < 2 {
		return 0
	}
	l1 := make([]float64, cols)
	l2 := make([]float64, cols)
	for i := range rows {
		for j := range cols {
			v := a[i*cols+j]
			if t {
				v = a[j*rows+i]
			}
			l1[j] += math.Abs(v)
			l2[j] += v * v
		}
	}
	sq := math.Sqrt(float64(rows))
	sum, used := 0.0, 0
	for j := range cols {
		if l2[j] > 0 {
			sum += (sq - l1[j]/math.Sqrt(l2[j])) / (sq - 1)
			used++
		}
	}
	if used == 0 {
		return 0
	}
	return sum / float64(used)
}

// Smoothed returns the W the method's model uses: W S for nsNMF (Theta >
// 0), with S = (1−θ)I + (θ/k)11ᵀ, so that X ≈ (W S) H; w itself otherwise.
func (m Method) Smoothed(w *mat.Dense) *mat.Dense {
	if m.Theta == 0 {
		return w
	}
	r, k := w.Dims()
	out := mat.NewDense(r, k, nil)
	for i := range r {
		smoothRow(out.RawRowView(i), w.RawRowView(i), m.Theta)
	}
	return out
}

// Hoyer returns the mean Hoyer sparseness of a's columns (0 dense, 1
// one-hot; zero columns left out).
func Hoyer(a mat.Matrix) float64 {
	r, c := a.Dims()
	flat := make([]float64, r*c)
	for i := range r {
		for j := range c {
			flat[i*c+j] = a.At(i, j)
		}
	}
	return hoyer(flat, r, c, false)
}
