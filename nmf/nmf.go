package nmf

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/internal/sysmem"
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
	// Tol stops the run by scikit-learn's rules: for HALS (its cd) when
	// the sum of the absolute projected gradients of an iteration's
	// coordinates falls to Tol times the first iteration's; for the other
	// solvers every checkEvery (10) iterations, when the error
	// e = sqrt(2 × objective) fell by less than Tol × e₀ (e₀ at the start)
	// over those iterations (its mu). 0 runs all MaxIter iterations.
	Tol float64
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

// DefaultSettings are 200 iterations, tolerance 1e-4, NNDSVDA, seed 0.
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

// checkResume reports a snapshot that cannot continue this run of X
// (rows × cols).
func checkResume(r *Snapshot, rows, cols, k int, m Method, s Settings) error {
	if r.W == nil || r.H == nil {
		return fmt.Errorf("nmf: the snapshot has no W or H: %w", ErrShape)
	}
	wr, wc := r.W.Dims()
	hr, hc := r.H.Dims()
	switch {
	case wr != rows || wc != k || hr != k || hc != cols:
		return fmt.Errorf("nmf: W0 is %d×%d and H0 %d×%d, want %d×%d and %d×%d (the snapshot is of another k or matrix): %w", wr, wc, hr, hc, rows, k, k, cols, ErrShape)
	case s.Restarts > 0:
		return fmt.Errorf("nmf: a resumed run has no restarts: %w", ErrMethod)
	case r.Method != m:
		return fmt.Errorf("nmf: the snapshot is of method %+v, not %+v: %w", r.Method, m, ErrMethod)
	case r.Iteration < 0 || r.Iteration > s.MaxIter:
		return fmt.Errorf("nmf: MaxIter %d is below the snapshot's iteration %d (it counts from the original start): %w", s.MaxIter, r.Iteration, ErrMethod)
	case len(r.Trace) != r.Iteration+1:
		return fmt.Errorf("nmf: the snapshot has %d objectives for %d iterations: %w", len(r.Trace), r.Iteration, ErrShape)
	case len(r.GramW) != k*k || len(r.GramH) != k*k:
		return fmt.Errorf("nmf: the snapshot's Grams have %d and %d entries for k = %d: %w", len(r.GramW), len(r.GramH), k, ErrShape)
	case !allFinite(r.Trace) || !allFinite(r.GramW) || !allFinite(r.GramH) || !allFinite(r.Steps[:]) ||
		!finite(r.Violation0) || !finite(r.Violation) || !finite(r.BestObjective):
		return fmt.Errorf("nmf: the snapshot holds non-finite values: %w", ErrInput)
	case (r.BestW == nil) != (r.BestH == nil):
		return fmt.Errorf("nmf: the snapshot has one best factor without the other: %w", ErrShape)
	}
	return nil
}

// bestIterate keeps a copy of the best factors seen, for solvers that are
// not monotone.
type bestIterate struct {
	on     bool
	obj    float64
	w, ht  []float64
	better bool // the current factors are not the best
}

func (b *bestIterate) keep(f *factors, obj float64) {
	if !b.on {
		return
	}
	if obj < b.obj {
		b.obj = obj
		copy(b.w, f.w)
		copy(b.ht, f.ht)
		b.better = false
		return
	}
	b.better = true
}

// restore puts the best factors back and reports whether they differ from
// the current ones.
func (b *bestIterate) restore(f *factors) bool {
	if !b.on || !b.better {
		return false
	}
	copy(f.w, b.w)
	copy(f.ht, b.ht)
	return true
}

// checkEvery is how often, in iterations, the tolerance is checked.
const checkEvery = 10

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
	Trace  []float64
	Status Status
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

// Factorize finds non-negative W (m × k) and H (k × n) with X ≈ WH,
// minimizing the method's loss from the settings' starting point. X must
// be non-negative and finite; a *sparse.CSR or *sparse.CSC is used without
// densifying. Cancelling ctx stops the run with Status Cancelled and the
// factors of the last iteration; cancelling it during the start (SVD,
// graph) or within an iteration (which take seconds at large k) returns
// ctx's error and no result. Either way the run stops within a few ms of
// work.
func Factorize(ctx context.Context, x mat.Matrix, k int, m Method, s Settings) (*Result, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if s.MaxIter < 0 || s.Tol < 0 || s.Runtime < 0 {
		return nil, fmt.Errorf("nmf: negative MaxIter, Tol or Runtime: %w", ErrMethod)
	}
	rows, cols := x.Dims()
	if k < 1 || k > min(rows, cols) {
		return nil, fmt.Errorf("nmf: k = %d must be in 1..min(m, n) = %d for a %d×%d matrix: %w", k, min(rows, cols), rows, cols, ErrRank)
	}
	if s.Restarts < 0 {
		return nil, fmt.Errorf("nmf: negative Restarts: %w", ErrMethod)
	}
	if s.Checkpoint != nil && (s.CheckpointEvery < 1 || s.Restarts > 0) {
		return nil, fmt.Errorf("nmf: a checkpoint needs CheckpointEvery ≥ 1 and no restarts: %w", ErrMethod)
	}
	if s.Resume != nil {
		if err := checkResume(s.Resume, rows, cols, k, m, s); err != nil {
			return nil, err
		}
	}
	d, err := newData(x)
	if err != nil {
		return nil, err
	}
	if s.Restarts == 0 {
		return factorize(ctx, d, k, m, s, 0)
	}
	return restarts(ctx, d, k, m, s)
}

// restarts runs the settings' start and s.Restarts random ones, a few at a
// time, and keeps the lowest objective. Each run gets its own factors and
// workspace (O((m+n)k) each) and shares X, so at most GOMAXPROCS runs are
// in memory at once; each is deterministic, so the result does not depend
// on how many run together. A finished run leaves only its final objective
// (8 bytes) unless it is the best so far: memory does not grow with the
// number of runs beyond those 8 bytes each.
func restarts(ctx context.Context, d *data, k int, m Method, s Settings) (*Result, error) {
	runs := s.Restarts + 1
	if need, avail := 8*uint64(runs), sysmem.Available(); need > avail/2 {
		return nil, fmt.Errorf("nmf: %d restarts keep an objective of 8 bytes each, %s, more than half the %s of memory available: %w",
			s.Restarts, sysmem.Format(need), sysmem.Format(avail), ErrMethod)
	}
	conc := min(runs, runtime.GOMAXPROCS(0))
	objs := make([]float64, runs)
	var (
		mu        sync.Mutex // guards what the runs report: best, objs, cancelled, failed
		recMu     sync.Mutex // the Recorder is called from one run at a time
		best      *Result
		cancelled bool
		failed    error
		failedAt  = runs
		launched  int
	)
	user := s.Recorder
	sem := make(chan struct{}, conc)
	var wg sync.WaitGroup
	start := time.Now()
	for r := range runs {
		sem <- struct{}{}
		mu.Lock()
		stop := failed != nil
		mu.Unlock()
		if stop || ctx.Err() != nil {
			// No more runs once one failed or the context is done: the
			// runs started see the cancellation themselves.
			<-sem
			break
		}
		launched++
		rs := s
		rs.Restarts = 0
		rs.Workers = max(1, runtime.GOMAXPROCS(0)/conc)
		if r > 0 {
			rs.Init, rs.Seed = Random, s.Seed+uint64(r)
		}
		if user != nil {
			rs.Recorder = func(p Progress) bool {
				recMu.Lock()
				defer recMu.Unlock()
				return user(p)
			}
		}
		wg.Go(func() {
			defer func() { <-sem }()
			res, err := factorize(ctx, d, k, m, rs, r)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if r < failedAt { // the lowest run's error, whatever the schedule
					failed, failedAt = err, r
				}
				return
			}
			objs[r] = res.Objective()
			cancelled = cancelled || res.Status == Cancelled
			// Ties go to the lower run, so the choice does not depend on
			// the order in which runs finish.
			if best == nil || res.Objective() < best.Objective() || (res.Objective() == best.Objective() && r < best.Run) {
				res.Run = r
				best = res
			}
		})
	}
	wg.Wait()
	if failed != nil {
		return nil, failed
	}
	if best == nil {
		return nil, fmt.Errorf("nmf: restarts: %w", ctx.Err())
	}
	if cancelled || launched < runs {
		best.Status = Cancelled
	}
	best.Restarts = objs
	best.Seconds = time.Since(start).Seconds()
	return best, nil
}

// converged is the tolerance test after iteration it, by scikit-learn's
// rules: for HALS (its cd) the iteration's projected gradient against the
// first's; for the others, every checkEvery iterations, the error's
// decrease over them against the starting error (its mu).
func converged(it int, m Method, s Settings, trace []float64, violation0, violation float64) bool {
	switch {
	case s.Tol == 0:
		return false
	case m.Solver == HALS:
		return violation0 == 0 || violation <= s.Tol*violation0
	case it%checkEvery == 0:
		e0, prev, e := math.Sqrt(2*trace[0]), math.Sqrt(2*trace[it-checkEvery]), math.Sqrt(2*trace[it])
		return prev-e < s.Tol*e0
	}
	return false
}

// snapshot copies the run's state after iteration it.
func (st *alternating) snapshot(m Method, it int, trace []float64, violation0 float64, best *bestIterate) *Snapshot {
	snap := &Snapshot{Method: m, Iteration: it, Trace: slices.Clone(trace),
		GramW: slices.Clone(st.gw), GramH: slices.Clone(st.gh), Violation0: violation0, Violation: st.violation()}
	snap.W, snap.H = st.f.dense()
	if c, ok := st.solver.(carrier); ok {
		c.save(snap)
	}
	if best.on {
		snap.BestObjective = best.obj
		if best.better {
			bf := factors{k: st.f.k, m: st.f.m, n: st.f.n, w: best.w, ht: best.ht}
			snap.BestW, snap.BestH = bf.dense()
		}
	}
	return snap
}

// factorize is one run of Factorize; run numbers its Progress.
func factorize(ctx context.Context, d *data, k int, m Method, s Settings, run int) (*Result, error) {
	p := newPool(s.Workers)
	defer p.close()
	// The start (SVD, graph) and every iteration check ctx every few ms of
	// work through the pool; work cut short returns ctx's error.
	unwatch := p.watch(ctx)
	defer unwatch()

	start := time.Now()
	f, err := initialize(d, k, s, p)
	if err != nil {
		return nil, err
	}
	st := newAlternating(d, f, m, p)
	res := &Result{Status: IterationLimit}
	var violation0 float64 // HALS: the first iteration's projected gradient
	var best bestIterate   // ALS is not monotone: it returns the best iterate
	first := 1             // the first iteration to run
	if r := s.Resume; r != nil {
		// The state the iterations carry, as the snapshot holds it.
		res.Trace = append(make([]float64, 0, s.MaxIter+1), r.Trace...)
		res.Iterations, first = r.Iteration, r.Iteration+1
		copy(st.gw, r.GramW)
		copy(st.gh, r.GramH)
		violation0 = r.Violation0
		if g, ok := st.solver.(gradientMeasure); ok {
			g.setViolation(r.Violation)
		}
		if c, ok := st.solver.(carrier); ok {
			c.resume(r)
		}
		if m.Solver == ALS {
			best = bestIterate{on: true, obj: r.BestObjective, w: slices.Clone(f.w), ht: slices.Clone(f.ht)}
			if r.BestW != nil {
				if err := copyFactor(best.w, r.BestW, f.m, k, false, "the snapshot's best W"); err != nil {
					return nil, err
				}
				if err := copyFactor(best.ht, r.BestH, k, f.n, true, "the snapshot's best H"); err != nil {
					return nil, err
				}
				best.better = true
			}
		}
		// The uninterrupted run tested its tolerance at the snapshot's
		// iteration after taking the snapshot: so does the resumed one.
		if r.Iteration > 0 && converged(r.Iteration, m, s, res.Trace, violation0, st.violation()) {
			res.Status = Converged
			first = s.MaxIter + 1
		}
	} else {
		res.Trace = append(res.Trace, st.objective())
		if !finite(res.Trace[0]) && p.err() == nil {
			return nil, objectiveOverflow(0, s)
		}
		if m.Solver == ALS {
			best = bestIterate{on: true, obj: res.Trace[0], w: slices.Clone(f.w), ht: slices.Clone(f.ht)}
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	for it := first; it <= s.MaxIter; it++ {
		if ctx.Err() != nil {
			res.Status = Cancelled
			break
		}
		if s.Runtime > 0 && time.Since(start) > s.Runtime {
			res.Status = RuntimeLimit
			break
		}
		obj := st.iterate()
		if err := p.err(); err != nil {
			return nil, err // an iteration cut short: its factors are half updated
		}
		if !finite(obj) {
			return nil, objectiveOverflow(it, s)
		}
		res.Trace = append(res.Trace, obj)
		res.Iterations = it
		best.keep(f, obj)
		if it == 1 {
			violation0 = st.violation() // HALS's tolerance reference, kept whatever Tol is, for a resumed run
		}
		if s.Checkpoint != nil && it%s.CheckpointEvery == 0 {
			if err := s.Checkpoint(st.snapshot(m, it, res.Trace, violation0, &best)); err != nil {
				return nil, err
			}
		}
		if s.Recorder != nil && s.Recorder(Progress{Run: run, Iteration: it, Objective: obj, Elapsed: time.Since(start)}) {
			res.Status = Stopped
			break
		}
		if converged(it, m, s, res.Trace, violation0, st.violation()) {
			res.Status = Converged
			break
		}
	}
	// The end is short and must not be cut: a cancelled run returns the
	// factors of its last iteration as they are.
	unwatch()
	if res.Status != Cancelled && best.restore(f) {
		st.gram(st.gw, f.w, f.m)
		st.gram(st.gh, f.ht, f.n)
	}
	if res.Iterations > 0 && res.Status != Cancelled {
		// The careful evaluation of the factors returned replaces the
		// last value of the trace.
		res.Trace[len(res.Trace)-1] = st.objective()
		if !finite(res.Objective()) {
			return nil, objectiveOverflow(res.Iterations, s)
		}
	}
	res.Seconds = time.Since(start).Seconds()
	res.W, res.H = f.dense()
	return res, nil
}
