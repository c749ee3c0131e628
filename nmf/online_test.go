package nmf

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/mat"
)

// columnSlice returns columns [lo, hi) of x as a CSC matrix.
func columnSlice(x *sparse.CSR, lo, hi int) *sparse.CSC {
	m, _ := x.Dims()
	coo := sparse.NewCOO(m, hi-lo, nil, nil, nil)
	x.DoNonZero(func(i, j int, v float64) {
		if j >= lo && j < hi {
			coo.Set(i, j-lo, v)
		}
	})
	return coo.ToCSC()
}

func TestStatsAddUp(t *testing.T) {
	x, _, _ := planted(3, 50, 30, 4, 0.2)
	for _, loss := range []Loss{Frobenius, KL} {
		res, err := Factorize(context.Background(), x, 4, DefaultMethod(loss), Settings{MaxIter: 20, Init: NNDSVDA})
		if err != nil {
			t.Fatal(err)
		}
		whole := NewStats(loss, 50, 4)
		if err := whole.Accumulate(x, res.W, res.H); err != nil {
			t.Fatal(err)
		}
		parts := NewStats(loss, 50, 4)
		for _, r := range [][2]int{{0, 13}, {13, 30}} {
			part := NewStats(loss, 50, 4)
			hb := mat.DenseCopyOf(res.H.Slice(0, 4, r[0], r[1]))
			if err := part.Accumulate(columnSlice(x, r[0], r[1]), res.W, hb); err != nil {
				t.Fatal(err)
			}
			if err := parts.Add(part); err != nil {
				t.Fatal(err)
			}
		}
		if parts.Docs != 30 || whole.Docs != 30 {
			t.Errorf("%v: documents %v and %v, want 30", loss, parts.Docs, whole.Docs)
		}
		for _, pair := range [][2][]float64{{whole.A, parts.A}, {whole.B, parts.B}} {
			for i := range pair[0] {
				if d := math.Abs(pair[0][i] - pair[1][i]); d > 1e-12*(1+math.Abs(pair[0][i])) {
					t.Fatalf("%v: statistics of the parts differ from the whole's at %d by %g", loss, i, d)
				}
			}
		}
		// The reference: A and B from their definitions on dense matrices.
		var a mat.Dense
		if loss == Frobenius {
			a.Mul(x, res.H.T())
		} else {
			var wh mat.Dense
			wh.Mul(res.W, res.H)
			ratio := mat.NewDense(50, 30, nil)
			x.DoNonZero(func(i, j int, v float64) { ratio.Set(i, j, v/math.Max(wh.At(i, j), eps)) })
			a.Mul(ratio, res.H.T())
			a.MulElem(&a, res.W)
		}
		for i := range 50 {
			for t2 := range 4 {
				if d := math.Abs(a.At(i, t2) - whole.A[i*4+t2]); d > 1e-12*(1+math.Abs(a.At(i, t2))) {
					t.Fatalf("%v: A[%d,%d] = %v, want %v", loss, i, t2, whole.A[i*4+t2], a.At(i, t2))
				}
			}
		}
	}
	if err := NewStats(KL, 5, 2).Add(NewStats(Frobenius, 5, 2)); !errors.Is(err, ErrShape) {
		t.Errorf("adding statistics of another loss: %v", err)
	}
}

// TestUpdateWDescends checks that W's update from statistics of all of X
// with H fixed lowers the batch objective (it is one block of an
// alternating minimization).
func TestUpdateWDescends(t *testing.T) {
	x, _, _ := planted(4, 40, 30, 3, 0.3)
	for _, loss := range []Loss{Frobenius, KL} {
		res, err := Factorize(context.Background(), x, 3, DefaultMethod(loss), Settings{MaxIter: 3, Init: Random, Seed: 2})
		if err != nil {
			t.Fatal(err)
		}
		before, beforeKL := denseObjectives(x, res.W, res.H)
		st := NewStats(loss, 40, 3)
		if err := st.Accumulate(x, res.W, res.H); err != nil {
			t.Fatal(err)
		}
		if err := st.UpdateW(res.W, DefaultMethod(loss), 5, 0); err != nil {
			t.Fatal(err)
		}
		after, afterKL := denseObjectives(x, res.W, res.H)
		if loss == KL {
			before, after = beforeKL, afterKL
		}
		if !(after < before) {
			t.Errorf("%v: objective %v after W's update, %v before", loss, after, before)
		}
	}
}

// TestOnlineReachesBatch checks that online learning over batches, in a few
// passes, comes within 2% of the batch fit's relative error.
func TestOnlineReachesBatch(t *testing.T) {
	const passes = 40
	x, _, _ := planted(5, 80, 200, 4, 0.1)
	noisy := toCSR(addNoise(x, 6, 0.05))
	for _, loss := range []Loss{Frobenius, KL} {
		batch, err := Factorize(context.Background(), noisy, 4, DefaultMethod(loss), Settings{MaxIter: 500, Tol: 1e-6, Init: NNDSVDA})
		if err != nil {
			t.Fatal(err)
		}
		batchErr, batchKL := batchMetrics(t, noisy, batch.W, DefaultMethod(loss))
		s := DefaultOnlineSettings()
		s.Forget = math.Pow(0.7, 25.0/200)
		on, err := NewOnline(4, DefaultMethod(loss), s)
		if err != nil {
			t.Fatal(err)
		}
		for range passes {
			for lo := 0; lo < 200; lo += 25 {
				hb, err := on.PartialFit(context.Background(), columnSlice(noisy, lo, lo+25))
				if err != nil {
					t.Fatal(err)
				}
				if r, c := hb.Dims(); r != 4 || c != 25 {
					t.Fatalf("H_b is %d×%d", r, c)
				}
			}
		}
		if on.Batches != 8*passes || on.Documents != 200*passes {
			t.Errorf("counted %d batches, %d documents", on.Batches, on.Documents)
		}
		onlineErr, onlineKL := batchMetrics(t, noisy, on.W, DefaultMethod(loss))
		t.Logf("%v: relative error online %.5f, batch %.5f; KL online %.5g, batch %.5g", loss, onlineErr, batchErr, onlineKL, batchKL)
		// Each loss is held to its own objective: the relative error for
		// Frobenius, the KL divergence for KL.
		if loss == Frobenius && onlineErr > 1.02*batchErr {
			t.Errorf("online relative error %.5f, more than 2%% over the batch fit's %.5f", onlineErr, batchErr)
		}
		if loss == KL && onlineKL > 1.02*batchKL {
			t.Errorf("online KL %.5g, more than 2%% over the batch fit's %.5g", onlineKL, batchKL)
		}
	}
}

// batchMetrics projects all of x on w and returns the relative error and
// the KL divergence.
func batchMetrics(t *testing.T, x mat.Matrix, w *mat.Dense, m Method) (relErr, kl float64) {
	t.Helper()
	h, err := Project(context.Background(), x, w, m.Projection(), DefaultProjectSettings())
	if err != nil {
		t.Fatal(err)
	}
	met, err := Evaluate(x, w, h)
	if err != nil {
		t.Fatal(err)
	}
	return met.RelativeError, met.KL
}

// addNoise adds uniform noise of the given scale to x's entries and to a
// few zeros.
func addNoise(x *sparse.CSR, seed uint64, scale float64) *mat.Dense {
	m, n := x.Dims()
	d := mat.DenseCopyOf(x)
	noise := randomSparse(seed, m, n, 0.05)
	noise.DoNonZero(func(i, j int, v float64) { d.Set(i, j, d.At(i, j)+scale*v) })
	return d
}

func TestOnlineErrors(t *testing.T) {
	if _, err := NewOnline(3, Method{Loss: Frobenius, Solver: HALS, GraphNeighbors: 5, GraphLambda: 1}, DefaultOnlineSettings()); !errors.Is(err, ErrMethod) {
		t.Errorf("graph method: %v", err)
	}
	s := DefaultOnlineSettings()
	s.Forget = 0
	if _, err := NewOnline(3, DefaultMethod(Frobenius), s); !errors.Is(err, ErrMethod) {
		t.Errorf("forget 0: %v", err)
	}
	on, err := NewOnline(5, DefaultMethod(Frobenius), DefaultOnlineSettings())
	if err != nil {
		t.Fatal(err)
	}
	x, _, _ := planted(1, 20, 30, 3, 0.2)
	if _, err := on.PartialFit(context.Background(), columnSlice(x, 0, 3)); !errors.Is(err, ErrBatch) {
		t.Errorf("a first batch of 3 documents for 5 topics: %v", err)
	}
	if _, err := on.PartialFit(context.Background(), columnSlice(x, 0, 10)); err != nil {
		t.Fatal(err)
	}
	y, _, _ := planted(1, 21, 30, 3, 0.2)
	if _, err := on.PartialFit(context.Background(), columnSlice(y, 0, 10)); !errors.Is(err, ErrShape) {
		t.Errorf("a batch with another number of rows: %v", err)
	}
}

func TestFactorizeOnline(t *testing.T) {
	x, _, _ := planted(7, 60, 300, 4, 0.1)
	noisy := toCSR(addNoise(x, 8, 0.05))
	batch, err := Factorize(context.Background(), noisy, 4, DefaultMethod(Frobenius), Settings{MaxIter: 500, Tol: 1e-6, Init: NNDSVDA})
	if err != nil {
		t.Fatal(err)
	}
	s := DefaultOnlineSettings()
	s.Forget = math.Pow(0.7, 30.0/300)
	res, err := FactorizeOnline(context.Background(), noisy, 4, DefaultMethod(Frobenius), s, 30, 20)
	if err != nil {
		t.Fatal(err)
	}
	if res.Iterations != 200 {
		t.Errorf("%d batches, want 200", res.Iterations)
	}
	if res.Objective() > 1.04*batch.Objective() { // 2% on the error is 4% on its square
		t.Errorf("online objective %v, batch %v", res.Objective(), batch.Objective())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if res, err := FactorizeOnline(ctx, noisy, 4, DefaultMethod(Frobenius), s, 30, 5); err != nil || res.Status != Cancelled {
		t.Errorf("cancelled: %v, %v", res, err)
	}
}
