package nmf

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/james-bowman/sparse"
)

// sparseRandom is randomSparse built by rows, without a dense matrix.
func sparseRandom(seed uint64, m, n int, density float64) *sparse.CSR {
	rng := rand.New(rand.NewPCG(seed, 3))
	ptr := []int{0}
	var ind []int
	var val []float64
	for range m {
		for j := range n {
			if rng.Float64() < density {
				ind = append(ind, j)
				val = append(val, rng.Float64())
			}
		}
		ptr = append(ptr, len(ind))
	}
	return sparse.NewCSR(m, n, ptr, ind, val)
}

// cancelAfter returns a context cancelled d after the call.
func cancelAfter(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() {
		time.Sleep(d)
		cancel()
	}()
	return ctx
}

// TestCancelDuringStart cancels runs while they are still in their start
// — the randomized SVD behind NNDSVDA at a large k, the k-NN graph of
// graph-regularized NMF — and checks that they stop there: Factorize
// returns the context's error, no iteration having run (the Recorder was
// never called). Before, the start ran to its end whatever the context,
// and only the first iteration saw the cancellation. No time is asserted:
// a start that ignored the context would reach an iteration.
func TestCancelDuringStart(t *testing.T) {
	for _, tt := range []struct {
		name    string
		m, n, k int
		density float64
		method  Method
		init    Init
	}{
		{"svd", 3000, 2000, 500, 0.01, DefaultMethod(Frobenius), NNDSVDA},
		{"graph", 1000, 3000, 5, 0.3, Method{Loss: Frobenius, Solver: MU, GraphNeighbors: 10, GraphLambda: 1}, Random},
	} {
		t.Run(tt.name, func(t *testing.T) {
			x := sparseRandom(31, tt.m, tt.n, tt.density)
			s := DefaultSettings()
			s.Init = tt.init
			iterated := false
			s.Recorder = func(Progress) bool { iterated = true; return false }
			res, err := Factorize(cancelAfter(t, 20*time.Millisecond), x, tt.k, tt.method, s)
			if !errors.Is(err, context.Canceled) || iterated {
				status := "no result"
				if res != nil {
					status = res.Status.String()
				}
				t.Errorf("error %v (%s), an iteration ran: %v; want context.Canceled from the start", err, status, iterated)
			}
		})
	}
}

// TestCancelledContext checks every entry point with a context cancelled
// before the call: each stops with the context's error (or, between
// iterations or batches, Status Cancelled).
func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	x := randomSparse(32, 80, 60, 0.2)
	for _, init := range []Init{NNDSVDA, NNDSVD, NNDSVDAR, Random} {
		if _, err := Factorize(ctx, x, 4, DefaultMethod(Frobenius), Settings{MaxIter: 10, Init: init}); !errors.Is(err, context.Canceled) {
			t.Errorf("Factorize from %v: %v", init, err)
		}
	}
	if _, err := Factorize(ctx, x, 4, DefaultMethod(Frobenius), Settings{MaxIter: 10, Restarts: 5}); !errors.Is(err, context.Canceled) {
		t.Errorf("Factorize with restarts: %v", err)
	}
	// The online fit checks between batches first: Status Cancelled.
	if res, err := FactorizeOnline(ctx, x, 4, DefaultMethod(KL), DefaultOnlineSettings(), 20, 2); err != nil || res.Status != Cancelled {
		t.Errorf("FactorizeOnline: %v", err)
	}
	on, err := NewOnline(4, DefaultMethod(Frobenius), DefaultOnlineSettings())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := on.PartialFit(ctx, x); !errors.Is(err, context.Canceled) || on.W != nil {
		t.Errorf("PartialFit: %v, W %v", err, on.W != nil)
	}
	res, err := Factorize(context.Background(), x, 4, DefaultMethod(Frobenius), DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Project(ctx, x, res.W, DefaultMethod(Frobenius).Projection(), DefaultProjectSettings()); !errors.Is(err, context.Canceled) {
		t.Errorf("Project: %v", err)
	}
	if _, err := EvaluateContext(ctx, x, res.W, res.H); !errors.Is(err, context.Canceled) {
		t.Errorf("EvaluateContext: %v", err)
	}
}
