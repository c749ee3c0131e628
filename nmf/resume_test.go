package nmf

import (
	"context"
	"errors"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestResumeContinuesExactly checks, for every solver and variant, with
// and without a tolerance, that a run resumed from the snapshot of its
// iteration 12 ends where the uninterrupted run ends, bit for bit.
func TestResumeContinuesExactly(t *testing.T) {
	x := randomSparse(41, 70, 50, 0.2)
	variants := append([]Method(nil), allMethods...)
	variants = append(variants,
		Method{Loss: Frobenius, Solver: HALS, GraphNeighbors: 4, GraphLambda: 0.1},
		Method{Loss: KL, Solver: MU, GraphNeighbors: 4, GraphLambda: 0.1, Theta: 0.2},
		Method{Loss: Frobenius, Solver: MU, Theta: 0.3, L1H: 0.01, L2W: 0.1})
	for _, m := range variants {
		for _, tol := range []float64{0, 1e-3} {
			s := DefaultSettings()
			s.MaxIter, s.Tol, s.CheckpointEvery = 30, tol, 4
			var snap *Snapshot
			s.Checkpoint = func(sn *Snapshot) error {
				if sn.Iteration <= 12 {
					snap = sn
				}
				return nil
			}
			whole, err := Factorize(context.Background(), x, 4, m, s)
			if err != nil {
				t.Fatal(err)
			}
			s.Checkpoint, s.Resume = nil, snap
			resumed, err := Factorize(context.Background(), x, 4, m, s)
			if err != nil {
				t.Fatalf("%+v: %v", m, err)
			}
			if !mat.Equal(whole.W, resumed.W) || !mat.Equal(whole.H, resumed.H) || !slices.Equal(whole.Trace, resumed.Trace) ||
				whole.Iterations != resumed.Iterations || whole.Status != resumed.Status {
				t.Errorf("%+v tol %v, resumed from %d: %d iterations (%v), objective %v; uninterrupted %d (%v), %v",
					m, tol, snap.Iteration, resumed.Iterations, resumed.Status, resumed.Objective(), whole.Iterations, whole.Status, whole.Objective())
			}
			checkTraceSeconds(t, whole, 0)
			checkTraceSeconds(t, resumed, snap.Iteration+1)
		}
	}
	// A snapshot continues only its own run.
	s := DefaultSettings()
	s.MaxIter, s.CheckpointEvery = 12, 12
	var snap *Snapshot
	s.Checkpoint = func(sn *Snapshot) error { snap = sn; return nil }
	if _, err := Factorize(context.Background(), x, 4, DefaultMethod(Frobenius), s); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		m    Method
		s    Settings
		k    int
	}{
		{"other method", Method{Loss: Frobenius, Solver: MU}, Settings{MaxIter: 30, Resume: snap}, 4},
		{"max iter below", DefaultMethod(Frobenius), Settings{MaxIter: 11, Resume: snap}, 4},
		{"other k", DefaultMethod(Frobenius), Settings{MaxIter: 30, Resume: snap}, 3},
		{"restarts", DefaultMethod(Frobenius), Settings{MaxIter: 30, Resume: snap, Restarts: 2}, 4},
	} {
		if _, err := Factorize(context.Background(), x, tt.k, tt.m, tt.s); !errors.Is(err, ErrMethod) && !errors.Is(err, ErrShape) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

// checkTraceSeconds checks a run's times: one per objective, the first
// brought ones 0, then forward in time and within the run's seconds.
func checkTraceSeconds(t *testing.T, res *Result, brought int) {
	t.Helper()
	ts := res.TraceSeconds
	if len(ts) != len(res.Trace) {
		t.Fatalf("%d times for %d objectives", len(ts), len(res.Trace))
	}
	for i, s := range ts {
		switch {
		case i < brought && s != 0:
			t.Errorf("time %d of a resumed run is %v, want 0 (the snapshot's)", i, s)
		case i >= brought && (s <= 0 || s > res.Seconds || i > brought && s < ts[i-1]):
			t.Errorf("time %d is %v (before it %v, run %v s)", i, s, ts[max(i-1, 0)], res.Seconds)
		}
	}
}
