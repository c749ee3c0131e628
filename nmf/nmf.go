package nmf

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"
)

// Loss is the measure of X ≈ WH being minimized.
type Loss int

const (
	// Frobenius is ½‖X − WH‖²_F.
	Frobenius Loss = iota
	// KL is the generalized Kullback–Leibler divergence
	// Σ X log(X/WH) − X + WH.
	KL
)

func (l Loss) String() string {
	if l == KL {
		return "kl"
	}
	return "frobenius"
}

// MarshalText writes the loss by its name.
func (l Loss) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads a loss by its name.
func (l *Loss) UnmarshalText(b []byte) (err error) {
	*l, err = ParseLoss(string(b))
	return err
}

// ParseLoss reads a loss by its name.
func ParseLoss(s string) (Loss, error) {
	switch s {
	case "frobenius":
		return Frobenius, nil
	case "kl":
		return KL, nil
	}
	return 0, fmt.Errorf("unknown loss %q (known: frobenius, kl)", s)
}

// Solver is the algorithm that minimizes the loss.
type Solver int

const (
	// HALS is fast hierarchical alternating least squares (Cichocki & Phan
	// 2009): exact coordinate descent on the columns of W and rows of H;
	// Frobenius. scikit-learn's solver "cd" is the same update. Monotone.
	HALS Solver = iota
	// MU is Lee & Seung's multiplicative updates (2001), for either loss.
	// Monotone.
	MU
	// ALS is alternating least squares with projection: each factor solves
	// its unconstrained normal equations, then negative entries are set to
	// zero; Frobenius. Cheap but not monotone: the run returns the best
	// iterate it saw.
	ALS
	// ANLS is alternating non-negative least squares, each row solved
	// exactly by an active-set method (Kim & Park 2011); Frobenius.
	// Monotone; the accuracy reference.
	ANLS
	// PGD is projected gradient descent with an Armijo line search on each
	// factor (Lin 2007); Frobenius. Monotone.
	PGD
	// CD is cyclic coordinate descent with Newton steps on the KL loss
	// (Hsieh & Dhillon 2011), the model kept at X's non-zeros row by row.
	CD
)

var solverNames = []string{"hals", "mu", "als", "anls", "pgd", "cd"}

func (s Solver) String() string { return solverNames[s] }

// MarshalText writes the solver by its name.
func (s Solver) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a solver by its name.
func (s *Solver) UnmarshalText(b []byte) (err error) {
	*s, err = ParseSolver(string(b))
	return err
}

// ParseSolver reads a solver by its name.
func ParseSolver(s string) (Solver, error) {
	for i, n := range solverNames {
		if n == s {
			return Solver(i), nil
		}
	}
	return 0, fmt.Errorf("unknown solver %q (known: %s)", s, strings.Join(solverNames, ", "))
}

// Method is a loss, the solver that minimizes it, and the regularization
// and structure added to the loss. With every field after Solver zero it
// is plain NMF. The objective minimized is
//
//	loss(X, W S H) + L1W‖W‖₁ + ½L2W‖W‖²_F + L1H‖H‖₁ + ½L2H‖H‖²_F + GraphLambda tr(H L Hᵀ)
//
// with S = I unless Theta > 0. The penalties are not scaled by the size of
// X: scikit-learn's alpha_W, alpha_H and l1_ratio (for X of documents ×
// terms, whose W is this package's Hᵀ) correspond to
// L1H = alpha_W·l1_ratio·m, L2H = alpha_W·(1−l1_ratio)·m,
// L1W = alpha_H·l1_ratio·n, L2W = alpha_H·(1−l1_ratio)·n for m terms and
// n documents.
type Method struct {
	Loss   Loss   `json:"loss"`
	Solver Solver `json:"solver"`

	// L1 and L2 penalties on W and H (sparse NMF).
	L1W float64 `json:"l1_w,omitempty"`
	L1H float64 `json:"l1_h,omitempty"`
	L2W float64 `json:"l2_w,omitempty"`
	L2H float64 `json:"l2_h,omitempty"`

	// Theta in [0, 1] makes the model non-smooth NMF (Pascual-Montano et al.
	// 2006): X ≈ W S H with S = (1−θ)I + (θ/k)11ᵀ; W and H grow sparser as
	// θ grows. The factors returned are W and H (the model's product is
	// W S H).
	Theta float64 `json:"theta,omitempty"`

	// GraphNeighbors and GraphLambda make the model graph-regularized NMF
	// (Cai et al. 2011): λ tr(H L Hᵀ), with L = D − A the Laplacian of the
	// symmetrized GraphNeighbors-nearest-neighbour graph of X's columns by
	// cosine similarity; it draws the weights of neighbouring documents
	// together. MU (either loss) and HALS.
	GraphNeighbors int     `json:"graph_neighbors,omitempty"`
	GraphLambda    float64 `json:"graph_lambda,omitempty"`
}

// DefaultMethod returns the default solver of a loss: HALS for Frobenius,
// CD for KL.
func DefaultMethod(l Loss) Method {
	if l == KL {
		return Method{Loss: KL, Solver: CD}
	}
	return Method{Loss: Frobenius, Solver: HALS}
}

// Validate reports a method whose parts do not go together or are out of range.
func (m Method) Validate() error {
	frobenius := m.Solver == HALS || m.Solver == ALS || m.Solver == ANLS || m.Solver == PGD
	switch {
	case m.Solver < HALS || m.Solver > CD:
		return fmt.Errorf("nmf: unknown solver %d: %w", m.Solver, ErrMethod)
	case m.Loss == KL && frobenius:
		return fmt.Errorf("nmf: solver %s minimizes the frobenius loss only (use mu or cd for kl): %w", m.Solver, ErrMethod)
	case m.Loss == Frobenius && m.Solver == CD:
		return fmt.Errorf("nmf: solver cd minimizes the kl loss (for frobenius, hals is the coordinate descent): %w", ErrMethod)
	case m.L1W < 0 || m.L1H < 0 || m.L2W < 0 || m.L2H < 0 || math.IsNaN(m.L1W+m.L1H+m.L2W+m.L2H) || math.IsInf(m.L1W+m.L1H+m.L2W+m.L2H, 0):
		return fmt.Errorf("nmf: penalties must be finite and non-negative: %w", ErrMethod)
	case !(m.Theta >= 0 && m.Theta <= 1):
		return fmt.Errorf("nmf: theta %v must be in [0, 1]: %w", m.Theta, ErrMethod)
	case m.GraphNeighbors < 0 || !(m.GraphLambda >= 0) || math.IsInf(m.GraphLambda, 0):
		return fmt.Errorf("nmf: graph neighbours and lambda must be non-negative: %w", ErrMethod)
	case m.Graph() && m.Solver != MU && m.Solver != HALS:
		return fmt.Errorf("nmf: graph regularization works with solvers mu and hals, not %s: %w", m.Solver, ErrMethod)
	}
	return nil
}

// Projection is the method that solves H with W fixed (Project, the
// online fit's batches): the loss with the penalties on H; for the
// Frobenius loss multiplicative updates when m uses them, coordinate
// descent (HALS) otherwise, both reaching the same minimizer; CD for KL.
// Smoothing (nsNMF) belongs in the W given, and a graph term does not
// apply to documents solved one at a time.
func (m Method) Projection() Method {
	p := Method{Loss: m.Loss, Solver: HALS, L1H: m.L1H, L2H: m.L2H}
	switch {
	case m.Loss == KL:
		p.Solver = CD
	case m.Solver == MU:
		p.Solver = MU
	}
	return p
}

// Graph reports whether the method has a graph term.
func (m Method) Graph() bool { return m.GraphNeighbors > 0 && m.GraphLambda > 0 }

// Init is how W and H start.
type Init int

const (
	// NNDSVDA is NNDSVD with zeros replaced by the mean of X.
	NNDSVDA Init = iota
	// NNDSVD is Boutsidis & Gallopoulos' non-negative double SVD: suited
	// to sparse factors; zeros stay zero under MU.
	NNDSVD
	// NNDSVDAR is NNDSVD with zeros replaced by small random values.
	NNDSVDAR
	// Random is |N(0,1)| scaled by sqrt(mean(X)/k), as scikit-learn does.
	Random
	// Custom starts from Settings.W0 and Settings.H0.
	Custom
)

var initNames = []string{"nndsvda", "nndsvd", "nndsvdar", "random", "custom"}

func (i Init) String() string { return initNames[i] }

// ParseInit reads an initialization by its name.
func ParseInit(s string) (Init, error) {
	for i, n := range initNames {
		if n == s {
			return Init(i), nil
		}
	}
	return 0, fmt.Errorf("unknown init %q (known: nndsvd, nndsvda, nndsvdar, random, custom)", s)
}

// StopRule is the tolerance test that ends a run before MaxIter.
type StopRule int

const (
	// StopObjective, for every solver: every 10 iterations, stop when the
	// error e = sqrt(2 × objective) fell by less than Tol × e₀ over them
	// (e₀ at the start): scikit-learn's rule for its mu. On text it stops
	// HALS after 30–50 iterations within 0.03% of the error of 300.
	StopObjective StopRule = iota
	// StopGradient, for HALS: stop when the sum of the absolute projected
	// gradients of an iteration's coordinates falls to Tol times the first
	// iteration's, scikit-learn's rule for its cd (the other solvers use
	// StopObjective). It asks far more of the last digits: 150–200
	// iterations on the same corpora. For parity runs against scikit-learn.
	StopGradient
)

var stopNames = []string{"objective", "gradient"}

func (r StopRule) String() string { return stopNames[r] }

// ParseStopRule reads a stop rule by its name.
func ParseStopRule(s string) (StopRule, error) {
	if i := slices.Index(stopNames, s); i >= 0 {
		return StopRule(i), nil
	}
	return 0, fmt.Errorf("unknown stop rule %q (known: objective, gradient)", s)
}

// Progress is what a Recorder sees after each iteration.
type Progress struct {
	Run       int     // which run, with restarts: 0 the settings' start, r ≥ 1 the random start of seed Seed+r
	Iteration int     // full updates of W and H done
	Objective float64 // the loss after them
	Elapsed   time.Duration
}

// Settings control a factorization. The zero value is not usable; start
// from DefaultSettings.
type Settings struct {
	// MaxIter bounds the iterations, each a full update of H then W.
	MaxIter int
	// Tol stops the run by the test Stop names. 0 runs all MaxIter
	// iterations.
	Tol  float64
	Stop StopRule
	// Runtime, when positive, stops the run after that much time.
	Runtime time.Duration
	// Init chooses the starting point; Seed drives all randomness.
	Init Init
	Seed uint64
	// W0 (m × k) and H0 (k × n) are the starting point for Custom.
	W0, H0 mat.Matrix
	// Recorder, when set, is called after every iteration; returning true
	// stops the run (Status Stopped).
	Recorder func(Progress) (stop bool)
	// Workers is the number of goroutines; 0 means GOMAXPROCS. Results do
	// not depend on it.
	Workers int
	// Checkpoint, when set, is called every CheckpointEvery iterations
	// with the run's state, so that a long run can be resumed from it
	// (Resume); an error from it ends the run with that error. Not with
	// Restarts.
	Checkpoint      func(*Snapshot) error
	CheckpointEvery int
	// Resume, when set, continues the run the snapshot was taken of, bit
	// for bit as if it had not stopped: the factors, trace and solver state
	// are the snapshot's (Init, W0, H0 and Seed are not used), and MaxIter
	// counts the iterations from the original start, so the resumed run
	// stops where the uninterrupted one would. The method must be the
	// snapshot's. Not with Restarts.
	Resume *Snapshot
	// Restarts, when positive, adds that many runs from random starts
	// (seeds Seed+1 … Seed+Restarts) to the run from Init, a few in
	// parallel, and keeps the run with the lowest objective: the answer to
	// NMF's local minima. Result.Restarts lists every run's final objective.
	// Only the best run's factors are kept, and 8 bytes per run.
	Restarts int
}

// DefaultSettings are 200 iterations, tolerance 1e-4 on the objective's
// decrease, NNDSVDA, seed 0.
func DefaultSettings() Settings {
	return Settings{MaxIter: 200, Tol: 1e-4, Init: NNDSVDA}
}

// Snapshot is a run's state after an iteration: everything the solver
// carries from one iteration to the next (the random state is not among
// it: randomness ends with the start), so that a run resumed from it
// continues exactly.
type Snapshot struct {
	Method    Method
	Iteration int
	// W (m × k) and H (k × n) as the iteration left them.
	W, H *mat.Dense
	// Trace is Result.Trace so far, Iteration + 1 values: the tolerance
	// compares against its values, and the resumed run's trace goes on
	// from it.
	Trace []float64
	// GramW = WᵀW and GramH = HHᵀ (k × k, row-major) as the solver holds
	// them: the iterations sum them in their own order, which recomputing
	// them from W and H would not reproduce to the last bit.
	GramW, GramH []float64
	// HALS: the projected gradient of the first iteration (the tolerance's
	// reference) and of this one.
	Violation0, Violation float64
	// PGD: the step sizes of H's and W's line searches.
	Steps [2]float64
	// ALS returns the best iterate it saw: its objective, and its factors
	// when they are not W and H (nil otherwise).
	BestObjective float64
	BestW, BestH  *mat.Dense
}

// Status says why a run stopped.
type Status int

const (
	Converged      Status = iota // the error's decrease fell below Tol
	IterationLimit               // MaxIter iterations ran
	RuntimeLimit                 // Settings.Runtime elapsed
	Cancelled                    // the context was cancelled
	Stopped                      // the Recorder asked to stop
)

var statusNames = []string{"converged", "iteration_limit", "runtime_limit", "cancelled", "stopped"}

func (s Status) String() string { return statusNames[s] }

// Result is a factorization X ≈ WH.
type Result struct {
	W *mat.Dense // m × k
	H *mat.Dense // k × n
	// Iterations counts full updates of both W and H (scikit-learn's n_iter_).
	Iterations int
	// Trace holds the objective before the first iteration and after each.
	Trace []float64
	// TraceSeconds holds, for each value of Trace, the wall seconds from
	// the run's start (initialization included) to it: time to a target
	// objective is the fair comparison between solvers that stop by
	// different rules. A resumed run counts from its resumption; the
	// values its snapshot brought are 0.
	TraceSeconds []float64
	Status       Status
	// Seconds is the wall time of initialization and iterations (of all
	// runs, with restarts).
	Seconds float64
	// With Settings.Restarts: every run's final objective (run 0 from
	// Init, run r from a random start of seed Seed+r; 0 for a run that a
	// cancellation kept from starting), and the run kept.
	Restarts []float64
	Run      int
}

// Objective is the final value of the loss.
func (r *Result) Objective() float64 { return r.Trace[len(r.Trace)-1] }

// Errors wrapped by the errors Factorize returns.
var (
	ErrInput  = errors.New("invalid input matrix")
	ErrShape  = errors.New("invalid shape")
	ErrMethod = errors.New("invalid method")
	ErrRank   = errors.New("invalid rank")
	// ErrOverflow is matched (errors.Is) by an *OverflowError.
	ErrOverflow = errors.New("overflow")
)

// OverflowError is the error of a run whose objective or factors stopped
// being finite: X or the start is too large for float64 arithmetic (an
// entry of 1e200 squares to +Inf), and scaling it down is the cure. The
// run is a failure, never converged.
type OverflowError struct {
	What  string // what overflowed: "the objective", "W", "H"
	Stage string // "iteration", "batch" (online), "document" (Project) or ""
	Index int    // which; iteration 0 is the start
	Hint  string // what to scale
}

func (e *OverflowError) Error() string {
	if e.Stage == "" {
		return fmt.Sprintf("nmf: %s overflowed: %s", e.What, e.Hint)
	}
	return fmt.Sprintf("nmf: %s overflowed at %s %d: %s", e.What, e.Stage, e.Index, e.Hint)
}

// Is makes errors.Is(err, ErrOverflow) hold.
func (e *OverflowError) Is(target error) bool { return target == ErrOverflow }

// finite reports whether v is neither infinite nor NaN.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// allFinite reports whether every entry of a is finite.
func allFinite(a []float64) bool {
	for _, v := range a {
		if !finite(v) {
			return false
		}
	}
	return true
}

// objectiveOverflow is the error of a non-finite objective at iteration it.
func objectiveOverflow(it int, s Settings) error {
	hint := "scale the matrix"
	if it == 0 && s.Init == Custom {
		hint = "scale the matrix or the starting factors"
	}
	return &OverflowError{What: "the objective", Stage: "iteration", Index: it, Hint: hint}
}
