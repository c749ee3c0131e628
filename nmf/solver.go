package nmf

import "github.com/nmftopics/nmftopics/internal/kernels"

// A solver minimizes the loss over one factor with the other fixed: an
// iteration is two of its updates, H's then W's (alternating
// minimization). Each solver is its own type holding the workspace it
// needs; newSolver chooses one from the Method, once. The variants of the
// objective compose with it: the penalties are part of each update's
// problem, nsNMF smooths the fixed factor it is given, and GNMF's term
// comes with H's update (half.graph).
type solver interface {
	// update sets the rows of h.a to their new values, adds the Gram of
	// each block's new rows to the model's Gram parts, and returns what it
	// computed of the objective on the way: Σ a_new·(x b) over the rows
	// (the Frobenius solvers), the KL loss of the new rows in W's update
	// (CD), or 0.
	update(h *half) float64
	// lossAfter is the loss after an iteration whose W update returned
	// part, from hb, H as the model uses it, with its Gram ghb and column
	// sums colHb.
	lossAfter(part float64, hb, ghb, colHb []float64) float64
}

// A solver whose run needs more of it says so by implementing one of these
// as well (state that lasts from one iteration to the next, beyond the
// factors and their Grams, or a rule of its own):
type (
	// gradientMeasure is a solver that measures the size of its projected
	// gradient (HALS): with StopGradient the tolerance test compares an
	// iteration's with the first's, as scikit-learn's cd does, instead of
	// the error's decrease.
	gradientMeasure interface {
		violation() float64
		setViolation(v float64)
	}
	// carrier is a solver with state of its own that a Snapshot holds
	// (PGD's steps).
	carrier interface {
		save(snap *Snapshot)
		resume(snap *Snapshot)
	}
	// notMonotone is a solver whose objective may rise from one iteration
	// to the next (ALS): the run returns the best iterate it saw.
	notMonotone interface{ notMonotone() }
)

// half is the problem of one update: the rows of a, the factor updated
// (x.rows × k), from x against b, the other factor as the model uses it
// (x.cols × k), with its Gram gb and column sums colB.
type half struct {
	x        *csr
	a, b, gb []float64
	colB     []float64
	l1, l2   float64    // the penalties on a
	graph    *graphTerm // GNMF's term, in H's update; nil otherwise
	ofW      bool       // W's update (the second of an iteration), else H's
}

// side is 0 for H's update, 1 for W's.
func (h *half) side() int {
	if h.ofW {
		return 1
	}
	return 0
}

// product sets num (k) to row i of x times b.
func (h *half) product(num []float64, i int) {
	clear(num)
	x := h.x
	kernels.GatherAxpy(num, x.val[x.ptr[i]:x.ptr[i+1]], x.idx[x.ptr[i]:x.ptr[i+1]], h.b, len(num))
}

// rowPass is what the solvers whose rows are independent share: their
// row function, run over the rows of an update in parallel blocks.
type rowPass struct {
	*model
	rows *rowTask[*half]
}

// pass runs the row function on every row of h.a and returns the sum of
// its results.
func (r *rowPass) pass(h *half) float64 { return r.rows.sum(r.p, h.x.rows, h) }

func (r *rowPass) setPass(p rowPass) { *r = p }

// rowSolver is a solver whose update is (mostly) one rowPass over the
// rows, of its updateRows.
type rowSolver interface {
	solver
	updateRows(h *half, lo, hi int) float64
	setPass(p rowPass)
}

// newSolver returns the solver of the method: the one place where it is
// chosen.
func newSolver(m Method, mod *model) solver {
	var s rowSolver
	switch {
	case m.Solver == PGD:
		return newPGD(mod)
	case m.Solver == CD:
		s = &cdSolver{works: mod.cdWorks(), b: newSparseRows(max(mod.f.m, mod.f.n), mod.f.k)}
	case m.Loss == KL:
		s = &muKLSolver{bufs: mod.rowBuffers()}
	case m.Solver == MU:
		s = new(muSolver)
	case m.Solver == ALS:
		s = &alsSolver{chol: make([]float64, mod.f.k*mod.f.k)}
	case m.Solver == ANLS:
		s = newANLS(mod.f.k, mod.p.workers)
	default:
		s = newHALS(mod)
	}
	s.setPass(rowPass{model: mod, rows: newRowTask(s.updateRows)})
	return s
}
