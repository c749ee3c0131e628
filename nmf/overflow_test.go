package nmf

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// hugeMatrix is a small matrix with one entry whose square overflows.
func hugeMatrix() *mat.Dense {
	return mat.NewDense(3, 3, []float64{1e200, 1, 0, 0, 1, 0, 0, 0, 2})
}

// TestOverflowIsAnError checks that a run whose objective is not finite
// fails with ErrOverflow and the iteration, whatever the solver, start or
// driver, instead of ending "converged" with a NaN objective.
func TestOverflowIsAnError(t *testing.T) {
	ctx := context.Background()
	check := func(name string, err error, want string) {
		t.Helper()
		if !errors.Is(err, ErrOverflow) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want ErrOverflow and %q", name, err, want)
		}
	}
	// The KL loss squares nothing: its model's sum overflows first.
	huge := map[Loss]*mat.Dense{Frobenius: hugeMatrix(), KL: mat.NewDense(3, 3, []float64{1.5e308, 1.5e308, 0, 0, 1, 0, 0, 0, 2})}
	x := huge[Frobenius]
	for _, m := range append([]Method{{Loss: Frobenius, Solver: MU, Theta: 0.3}}, allMethods...) {
		x := huge[m.Loss]
		for _, init := range []Init{NNDSVDA, Random} {
			s := DefaultSettings()
			s.Init = init
			res, err := Factorize(ctx, x, 2, m, s)
			if err == nil {
				t.Errorf("%v/%v %v: no error, status %v, objective %v", m.Loss, m.Solver, init, res.Status, res.Objective())
				continue
			}
			check(m.Solver.String(), err, "the objective overflowed at iteration")
		}
	}
	s := DefaultSettings()
	s.Restarts = 3
	_, err := Factorize(ctx, x, 2, DefaultMethod(Frobenius), s)
	check("restarts", err, "the objective overflowed at iteration")

	// A start whose product overflows, X being fine.
	small := mat.NewDense(3, 3, []float64{3, 1, 0, 0, 1, 0, 0, 0, 2})
	s = DefaultSettings()
	s.Init = Custom
	s.W0 = mat.NewDense(3, 2, []float64{1e308, 1, 1, 1, 1, 1})
	s.H0 = mat.NewDense(2, 3, []float64{1, 1, 1, 1, 1, 1})
	_, err = Factorize(ctx, small, 2, DefaultMethod(Frobenius), s)
	check("custom start", err, "the objective overflowed at iteration 0")
	_, err = Factorize(ctx, small, 2, DefaultMethod(KL), s)
	check("custom start, kl", err, "the objective overflowed at iteration 0")

	// The online fit and Project.
	for _, l := range []Loss{Frobenius, KL} {
		_, err = FactorizeOnline(ctx, huge[l], 2, DefaultMethod(l), DefaultOnlineSettings(), 2, 2)
		check("online "+l.String(), err, "overflowed")
	}
	w := mat.NewDense(3, 2, []float64{1e200, 1, 1, 1, 1, 1})
	_, err = Project(ctx, small, w, DefaultMethod(Frobenius).Projection(), DefaultProjectSettings())
	check("project", err, "overflowed")
}
