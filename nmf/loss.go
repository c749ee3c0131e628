package nmf

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// eps guards denominators and the model's values at X's non-zeros:
// float32's machine epsilon, scikit-learn's EPSILON, so that the updates
// and objectives match scikit-learn's to rounding.
const eps = 1.1920928955078125e-07

// The losses of the current factors, W against hb (H as the model uses
// it: smoothed for nsNMF, as Hᵀ rows) with its Gram ghb and column sums
// colHb, the penalties aside.

// expansion is the Frobenius loss from the expansion
// ½(‖X‖² − 2 tr(Wᵀ X Hᵀ) + tr(WᵀW HHᵀ)), given cross = tr(Wᵀ X Hᵀ), which
// the updates compute on the way: no pass over X. It loses digits when
// the fit is nearly exact; frobeniusLoss is the careful one.
func (m *model) expansion(cross float64, ghb []float64) float64 {
	return math.Max(0, 0.5*(m.d.sumSq-2*cross+floats.Dot(m.gw, ghb)))
}

// frobeniusLoss evaluates the Frobenius loss exactly, from the model at
// X's non-zeros: the residual on the non-zeros plus ‖WH‖² − Σ (WH)² over
// them (the rest of the matrix), which avoids most of the cancellation of
// the expansion when the fit is close.
func (m *model) frobeniusLoss(hb, ghb, colHb []float64) float64 {
	f := m.f
	resid := m.residualTask.sum(m.p, f.m, hb)
	onNNZ := 0.0
	for _, v := range m.modelSqParts[:blocksOf(f.m)] { // in block order
		onNNZ += v
	}
	rest := math.Max(0, floats.Dot(m.gw, ghb)-onNNZ)
	return 0.5 * (resid + rest)
}

// klLoss is the KL loss: Σ x log(x/wh) − x over X's non-zeros plus
// Σ WH = (1ᵀW)(H1), the model clamped at eps as scikit-learn's
// _beta_divergence does.
func (m *model) klLoss(hb, ghb, colHb []float64) float64 {
	f := m.f
	colSums(m.colW, f.w, f.k)
	return m.klTask.sum(m.p, f.m, hb) + floats.Dot(m.colW, colHb)
}

// klRows returns Σ x log(x/wh) − x over the non-zeros of rows [lo, hi) of
// X, the model wh = W b.
func (m *model) klRows(b []float64, lo, hi int) float64 {
	k, x, kl := m.f.k, &m.d.x, 0.0
	for i := lo; i < hi; i++ {
		row := m.f.w[i*k : (i+1)*k]
		for p := x.ptr[i]; p < x.ptr[i+1]; p++ {
			j := int(x.idx[p])
			if v := x.val[p]; v > eps {
				wh := math.Max(floats.Dot(row, b[j*k:(j+1)*k]), eps)
				kl += v*math.Log(v/wh) - v
			}
		}
	}
	return kl
}

// residualRows returns Σ (x − wh)² over the non-zeros of rows [lo, hi) of
// X, the model wh = W b, and leaves Σ wh² over them in the block's
// modelSqParts: one pass for both.
func (m *model) residualRows(b []float64, lo, hi int) float64 {
	k, x, r, sq := m.f.k, &m.d.x, 0.0, 0.0
	for i := lo; i < hi; i++ {
		row := m.f.w[i*k : (i+1)*k]
		for p := x.ptr[i]; p < x.ptr[i+1]; p++ {
			j := int(x.idx[p])
			wh := floats.Dot(row, b[j*k:(j+1)*k])
			e := x.val[p] - wh
			r += e * e
			sq += wh * wh
		}
	}
	m.modelSqParts[lo/grain] = sq
	return r
}
