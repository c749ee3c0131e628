package nmf

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/mat"
)

// planted returns X = W H for random sparse non-negative W (m × k) and
// H (k × n), as a CSR matrix, with the factors.
func planted(seed uint64, m, n, k int, density float64) (*sparse.CSR, *mat.Dense, *mat.Dense) {
	rng := rand.New(rand.NewPCG(seed, 1))
	w := mat.NewDense(m, k, nil)
	h := mat.NewDense(k, n, nil)
	for i := range m {
		w.Set(i, i%k, 1+rng.Float64()) // every row in some topic
		for t := range k {
			if rng.Float64() < density {
				w.Set(i, t, rng.Float64())
			}
		}
	}
	for j := range n {
		h.Set(j%k, j, 1+rng.Float64())
		for t := range k {
			if rng.Float64() < density {
				h.Set(t, j, rng.Float64())
			}
		}
	}
	var x mat.Dense
	x.Mul(w, h)
	return toCSR(&x), w, h
}

func toCSR(a mat.Matrix) *sparse.CSR {
	m, n := a.Dims()
	ptr := []int{0}
	var ind []int
	var val []float64
	for i := range m {
		for j := range n {
			if v := a.At(i, j); v != 0 {
				ind = append(ind, j)
				val = append(val, v)
			}
		}
		ptr = append(ptr, len(ind))
	}
	return sparse.NewCSR(m, n, ptr, ind, val)
}

// randomSparse is a random non-negative matrix with the given density.
func randomSparse(seed uint64, m, n int, density float64) *sparse.CSR {
	rng := rand.New(rand.NewPCG(seed, 2))
	a := mat.NewDense(m, n, nil)
	for i := range m {
		for j := range n {
			if rng.Float64() < density {
				a.Set(i, j, rng.Float64())
			}
		}
	}
	return toCSR(a)
}

// denseObjectives is the reference: both losses computed on dense WH.
func denseObjectives(x mat.Matrix, w, h mat.Matrix) (fro, kl float64) {
	var wh mat.Dense
	wh.Mul(w, h)
	m, n := x.Dims()
	for i := range m {
		for j := range n {
			xv, v := x.At(i, j), wh.At(i, j)
			fro += (xv - v) * (xv - v)
			kl += v
			if xv > eps {
				kl += xv*math.Log(xv/math.Max(v, eps)) - xv
			}
		}
	}
	return fro / 2, kl
}

// allMethods are the plain methods: every solver with each loss it takes.
var allMethods = []Method{
	{Loss: Frobenius, Solver: HALS}, {Loss: Frobenius, Solver: MU}, {Loss: Frobenius, Solver: ALS},
	{Loss: Frobenius, Solver: ANLS}, {Loss: Frobenius, Solver: PGD},
	{Loss: KL, Solver: MU}, {Loss: KL, Solver: CD},
}

func TestPlantedRecovery(t *testing.T) {
	x, _, _ := planted(1, 60, 40, 4, 0.2)
	for _, m := range allMethods {
		s := DefaultSettings()
		s.MaxIter, s.Tol = 3000, 0
		if m.Solver != MU {
			s.MaxIter = 1000
		}
		res, err := Factorize(context.Background(), x, 4, m, s)
		if err != nil {
			t.Fatal(err)
		}
		met, err := Evaluate(x, res.W, res.H)
		if err != nil {
			t.Fatal(err)
		}
		// A planted rank-4 matrix is recovered: the exact block and
		// coordinate solvers to near machine precision, the multiplicative
		// updates (slower) and ALS (projection) to 1e-3.
		limit := 1e-3
		if m.Solver == HALS || m.Solver == ANLS || m.Solver == CD {
			limit = 1e-6
		}
		if met.RelativeError > limit {
			t.Errorf("%v/%v: relative error %.3g after %d iterations", m.Loss, m.Solver, met.RelativeError, res.Iterations)
		}
	}
}

func TestObjectiveMatchesDense(t *testing.T) {
	x := randomSparse(3, 30, 20, 0.3)
	rng := rand.New(rand.NewPCG(4, 4))
	w := mat.NewDense(30, 5, nil)
	h := mat.NewDense(5, 20, nil)
	for _, a := range []*mat.Dense{w, h} {
		raw := a.RawMatrix().Data
		for i := range raw {
			raw[i] = rng.Float64()
		}
	}
	h.Set(2, 3, 0) // a zero in the model where X may be non-zero
	fro, kl := denseObjectives(x, w, h)
	met, err := Evaluate(x, w, h)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(met.FrobeniusHalfSq-fro) > 1e-12*fro || math.Abs(met.KL-kl) > 1e-12*kl {
		t.Errorf("frobenius %v vs %v, kl %v vs %v", met.FrobeniusHalfSq, fro, met.KL, kl)
	}
	// The objectives in the trace, computed along the way from the pieces
	// of the updates, agree with the dense reference too.
	for _, m := range allMethods {
		s := DefaultSettings()
		s.Init, s.W0, s.H0, s.MaxIter, s.Tol = Custom, w, h, 5, 0
		res, err := Factorize(context.Background(), x, 5, m, s)
		if err != nil {
			t.Fatal(err)
		}
		fro, kl := denseObjectives(x, w, h)
		want := fro
		if m.Loss == KL {
			want = kl
		}
		if got := res.Trace[0]; math.Abs(got-want) > 1e-10*want {
			t.Errorf("%v/%v: initial objective %v, dense %v", m.Loss, m.Solver, got, want)
		}
		fro, kl = denseObjectives(x, res.W, res.H)
		want = fro
		if m.Loss == KL {
			want = kl
		}
		if got := res.Objective(); math.Abs(got-want) > 1e-10*want {
			t.Errorf("%v/%v: final objective %v, dense %v", m.Loss, m.Solver, got, want)
		}
	}
}

func TestMonotoneTraces(t *testing.T) {
	x := randomSparse(5, 80, 50, 0.1)
	for _, m := range allMethods {
		if m.Solver == ALS {
			continue // not monotone, by design
		}
		for _, init := range []Init{NNDSVDA, Random, NNDSVDAR} {
			s := DefaultSettings()
			s.Init, s.MaxIter, s.Tol, s.Seed = init, 100, 0, 7
			res, err := Factorize(context.Background(), x, 6, m, s)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Trace) != 101 {
				t.Fatalf("trace of %d values for 100 iterations", len(res.Trace))
			}
			for i := 1; i < len(res.Trace); i++ {
				// Non-increasing up to rounding in the objective itself.
				if res.Trace[i] > res.Trace[i-1]*(1+1e-12) {
					t.Errorf("%v/%v %v: objective rose at iteration %d: %v → %v", m.Loss, m.Solver, init, i, res.Trace[i-1], res.Trace[i])
					break
				}
			}
		}
	}
}

func TestDeterministicAcrossGOMAXPROCS(t *testing.T) {
	x := randomSparse(6, 700, 300, 0.05) // several blocks of rows
	for _, m := range allMethods {
		var first *Result
		for _, procs := range []int{1, 2, 8} {
			old := runtime.GOMAXPROCS(procs)
			s := DefaultSettings()
			s.MaxIter, s.Tol, s.Init = 20, 0, NNDSVDAR // Workers 0: one per GOMAXPROCS
			res, err := Factorize(context.Background(), x, 7, m, s)
			runtime.GOMAXPROCS(old)
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = res
				continue
			}
			if !mat.Equal(first.W, res.W) || !mat.Equal(first.H, res.H) {
				t.Errorf("%v/%v: GOMAXPROCS %d gives other factors than 1", m.Loss, m.Solver, procs)
			}
			for i := range res.Trace {
				if res.Trace[i] != first.Trace[i] {
					t.Errorf("%v/%v: GOMAXPROCS %d: trace differs at %d", m.Loss, m.Solver, procs, i)
					break
				}
			}
		}
	}
}

func TestStopping(t *testing.T) {
	x := randomSparse(8, 50, 40, 0.2)
	ctx, cancel := context.WithCancel(context.Background())
	s := DefaultSettings()
	s.Tol = 0
	s.Recorder = func(p Progress) bool {
		if p.Iteration == 3 {
			cancel()
		}
		return false
	}
	res, err := Factorize(ctx, x, 3, DefaultMethod(Frobenius), s)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != Cancelled || res.Iterations != 3 {
		t.Errorf("cancel: status %v after %d iterations", res.Status, res.Iterations)
	}
	s.Recorder = func(p Progress) bool { return p.Iteration == 5 }
	res, _ = Factorize(context.Background(), x, 3, DefaultMethod(Frobenius), s)
	if res.Status != Stopped || res.Iterations != 5 {
		t.Errorf("recorder: status %v after %d iterations", res.Status, res.Iterations)
	}
	s.Recorder, s.Tol = nil, 1e-3
	// With StopGradient, HALS stops on scikit-learn's cd rule (projected
	// gradients), at an iteration the objective rule would not pick.
	s.Stop = StopGradient
	res, _ = Factorize(context.Background(), x, 3, DefaultMethod(Frobenius), s)
	if res.Status != Converged || res.Iterations >= s.MaxIter || res.Iterations%10 == 0 {
		t.Errorf("hals, stop gradient: status %v after %d iterations", res.Status, res.Iterations)
	}
	// By default every solver stops on scikit-learn's mu rule (the error,
	// every 10 iterations); MU does with StopGradient too.
	for _, tt := range []struct {
		m    Method
		stop StopRule
	}{{DefaultMethod(Frobenius), StopObjective}, {Method{Loss: Frobenius, Solver: MU}, StopGradient}, {DefaultMethod(KL), StopObjective}} {
		s.Stop = tt.stop
		res, _ = Factorize(context.Background(), x, 3, tt.m, s)
		checkObjectiveStop(t, fmt.Sprintf("%v/%v stop %v", tt.m.Loss, tt.m.Solver, tt.stop), res, s)
	}
}

// checkObjectiveStop checks that res stopped at the first multiple of 10
// iterations over which the error fell by less than s.Tol × e₀.
func checkObjectiveStop(t *testing.T, name string, res *Result, s Settings) {
	t.Helper()
	if res.Status != Converged || res.Iterations >= s.MaxIter || res.Iterations%10 != 0 {
		t.Errorf("%s: status %v after %d iterations", name, res.Status, res.Iterations)
		return
	}
	e := func(i int) float64 { return math.Sqrt(2 * res.Trace[i]) }
	n := res.Iterations
	if e(n-10)-e(n) >= s.Tol*e(0) {
		t.Errorf("%s: converged although the error fell by %v of e₀ over the last 10 iterations", name, (e(n-10)-e(n))/e(0))
	}
	if n > 10 && e(n-20)-e(n-10) < s.Tol*e(0) {
		t.Errorf("%s: should have stopped 10 iterations earlier", name)
	}
}

func TestInputErrors(t *testing.T) {
	x := randomSparse(9, 10, 8, 0.5)
	neg := mat.NewDense(2, 2, []float64{1, -1, 0, 1})
	nan := mat.NewDense(2, 2, []float64{1, math.NaN(), 0, 1})
	s := DefaultSettings()
	cases := []struct {
		name string
		run  func() error
		want error
	}{
		{"k zero", func() error { _, err := Factorize(context.Background(), x, 0, DefaultMethod(Frobenius), s); return err }, ErrRank},
		{"k too large", func() error { _, err := Factorize(context.Background(), x, 9, DefaultMethod(Frobenius), s); return err }, ErrRank},
		{"negative", func() error {
			_, err := Factorize(context.Background(), neg, 1, DefaultMethod(Frobenius), s)
			return err
		}, ErrInput},
		{"nan", func() error {
			_, err := Factorize(context.Background(), nan, 1, DefaultMethod(Frobenius), s)
			return err
		}, ErrInput},
		{"zero", func() error {
			_, err := Factorize(context.Background(), mat.NewDense(2, 2, nil), 1, DefaultMethod(Frobenius), s)
			return err
		}, ErrInput},
		{"kl hals", func() error {
			_, err := Factorize(context.Background(), x, 2, Method{Loss: KL, Solver: HALS}, s)
			return err
		}, ErrMethod},
		{"w0 shape", func() error {
			c := s
			c.Init, c.W0, c.H0 = Custom, mat.NewDense(10, 3, nil), mat.NewDense(2, 8, nil)
			_, err := Factorize(context.Background(), x, 2, DefaultMethod(Frobenius), c)
			return err
		}, ErrShape},
		{"h0 negative", func() error {
			c := s
			h0 := mat.NewDense(2, 8, nil)
			h0.Set(1, 1, -1)
			c.Init, c.W0, c.H0 = Custom, mat.NewDense(10, 2, nil), h0
			_, err := Factorize(context.Background(), x, 2, DefaultMethod(Frobenius), c)
			return err
		}, ErrInput},
	}
	for _, c := range cases {
		if err := c.run(); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		}
	}
}

func TestHoyer(t *testing.T) {
	// Columns: one-hot (1), constant (0), and a zero column (left out).
	a := []float64{
		1, 2, 0,
		0, 2, 0,
		0, 2, 0,
		0, 2, 0,
	}
	if got := hoyer(a, 4, 3, false); math.Abs(got-0.5) > 1e-15 {
		t.Errorf("hoyer = %v, want 0.5", got)
	}
}

func TestRandomizedSVD(t *testing.T) {
	// The singular values of a planted matrix match a dense SVD's.
	x, _, _ := planted(10, 50, 30, 5, 0.3)
	d, err := newData(x)
	if err != nil {
		t.Fatal(err)
	}
	p := newPool(2)
	defer p.close()
	_, sv, _ := randomizedSVD(d, 5, newRand(1), p)
	var ref mat.SVD
	ref.Factorize(x.ToDense(), mat.SVDNone)
	want := ref.Values(nil)
	for i := range 5 {
		if math.Abs(sv[i]-want[i]) > 1e-9*want[0] {
			t.Errorf("σ%d = %v, want %v", i, sv[i], want[i])
		}
	}
}

func TestProject(t *testing.T) {
	x, _, _ := planted(11, 60, 40, 4, 0.2)
	for _, m := range []Method{{Loss: Frobenius, Solver: HALS}, {Loss: Frobenius, Solver: MU}, {Loss: KL, Solver: MU}, {Loss: KL, Solver: CD}} {
		s := DefaultSettings()
		s.MaxIter = 300
		res, err := Factorize(context.Background(), x, 4, m, s)
		if err != nil {
			t.Fatal(err)
		}
		h, err := Project(context.Background(), x, res.W, m, DefaultProjectSettings())
		if err != nil {
			t.Fatal(err)
		}
		// The projection is at least as good as the factorization's H.
		fro0, kl0 := denseObjectives(x, res.W, res.H)
		fro1, kl1 := denseObjectives(x, res.W, h)
		if m.Loss == Frobenius && fro1 > fro0*(1+1e-9) || m.Loss == KL && kl1 > kl0*(1+1e-9) {
			t.Errorf("%v/%v: projection worse: %v %v → %v %v", m.Loss, m.Solver, fro0, kl0, fro1, kl1)
		}
		// A column projected alone gives the same weights, bit for bit, as
		// with the rest.
		col := mat.NewDense(60, 1, nil)
		col.Copy(x.ToDense().Slice(0, 60, 7, 8))
		one, err := Project(context.Background(), col, res.W, m, DefaultProjectSettings())
		if err != nil {
			t.Fatal(err)
		}
		for r := range 4 {
			a, b := h.At(r, 7), one.At(r, 0)
			if a != b {
				t.Errorf("%v/%v: H[%d,7] = %v alone, %v with the others", m.Loss, m.Solver, r, b, a)
			}
		}
	}
}

// TestProjectExact checks that the Frobenius projection is the exact
// non-negative least-squares answer, penalties included: its KKT
// conditions hold for every column to 1e-9 of the column's scale.
func TestProjectExact(t *testing.T) {
	x, _, _ := planted(12, 60, 40, 5, 0.2)
	res, err := Factorize(context.Background(), x, 5, DefaultMethod(Frobenius), DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []Method{DefaultMethod(Frobenius), {Loss: Frobenius, Solver: HALS, L1H: 0.01, L2H: 0.1}} {
		h, err := Project(context.Background(), x, res.W, m, DefaultProjectSettings())
		if err != nil {
			t.Fatal(err)
		}
		var g, c mat.Dense
		g.Mul(res.W.T(), res.W)
		c.Mul(res.W.T(), x.ToDense())
		k, n := h.Dims()
		for j := range n {
			scale := 0.0
			for r := range k {
				scale = math.Max(scale, math.Abs(c.At(r, j)))
			}
			for i := range k {
				grad := m.L1H + m.L2H*h.At(i, j) - c.At(i, j)
				for r := range k {
					grad += g.At(i, r) * h.At(r, j)
				}
				if h.At(i, j) > 0 && math.Abs(grad) > 1e-9*scale || h.At(i, j) == 0 && grad < -1e-9*scale {
					t.Errorf("%+v: column %d, H[%d] = %v: gradient %v (scale %v)", m, j, i, h.At(i, j), grad, scale)
				}
			}
		}
	}
}

func TestRegularizationAndSmoothing(t *testing.T) {
	x := randomSparse(12, 120, 80, 0.1)
	run := func(m Method) (*Result, Metrics) {
		t.Helper()
		s := DefaultSettings()
		s.MaxIter, s.Tol = 200, 0
		res, err := Factorize(context.Background(), x, 6, m, s)
		if err != nil {
			t.Fatal(err)
		}
		met, err := Evaluate(x, m.Smoothed(res.W), res.H)
		if err != nil {
			t.Fatal(err)
		}
		met.SparsityW = Hoyer(res.W)
		return res, met
	}
	for _, base := range []Method{{Loss: Frobenius, Solver: HALS}, {Loss: Frobenius, Solver: MU}, {Loss: Frobenius, Solver: ANLS}, {Loss: KL, Solver: CD}, {Loss: KL, Solver: MU}} {
		// The objective reported is the loss plus the penalties, and the
		// trace does not rise.
		m := base
		m.L1W, m.L1H, m.L2W, m.L2H = 0.05, 0.02, 0.1, 0.01
		res, met := run(m)
		loss := met.FrobeniusHalfSq
		if m.Loss == KL {
			loss = met.KL
		}
		pen := m.L1W*mat.Sum(res.W) + m.L1H*mat.Sum(res.H)
		wsq, hsq := 0.0, 0.0
		for _, v := range res.W.RawMatrix().Data {
			wsq += v * v
		}
		for _, v := range res.H.RawMatrix().Data {
			hsq += v * v
		}
		pen += 0.5*m.L2W*wsq + 0.5*m.L2H*hsq
		if got, want := res.Objective(), loss+pen; math.Abs(got-want) > 1e-9*want {
			t.Errorf("%v/%v penalized: objective %v, loss + penalties %v", m.Loss, m.Solver, got, want)
		}
		for i := 1; i < len(res.Trace); i++ {
			if res.Trace[i] > res.Trace[i-1]*(1+1e-10) {
				t.Errorf("%v/%v penalized: objective rose at %d", m.Loss, m.Solver, i)
				break
			}
		}
		// L1 on both factors (on one alone, the scale moves to the other)
		// sets more entries exactly to zero as it grows; nsNMF's θ makes
		// the factors sparser by Hoyer's measure.
		zeros := func(a *mat.Dense) float64 {
			n := 0
			for _, v := range a.RawMatrix().Data {
				if v == 0 {
					n++
				}
			}
			return float64(n) / float64(len(a.RawMatrix().Data))
		}
		var plain float64
		for _, l1 := range []float64{0, 0.3} {
			m := base
			if m.Loss == KL {
				l1 *= 10 // the KL gradient holds the column sums of the other factor
			}
			m.L1W, m.L1H = l1, l1
			res, _ := run(m)
			z := (zeros(res.W) + zeros(res.H)) / 2
			if l1 == 0 {
				plain = z
			} else if z <= plain || z == 1 {
				t.Errorf("%v/%v: l1 %v leaves %v of the entries zero, plain NMF %v", m.Loss, m.Solver, l1, z, plain)
			}
		}
		var last float64 = -1
		last = -1
		for _, theta := range []float64{0, 0.5, 0.9} {
			m := base
			m.Theta = theta
			res, met := run(m)
			if theta > 0 && m.Loss == Frobenius {
				// The objective is that of X ≈ W S H.
				if got, want := res.Objective(), met.FrobeniusHalfSq; math.Abs(got-want) > 1e-9*want {
					t.Errorf("%v/%v θ=%v: objective %v, loss of W S H %v", m.Loss, m.Solver, theta, got, want)
				}
			}
			s := (met.SparsityW + Hoyer(res.H)) / 2
			if s < last-1e-9 {
				t.Errorf("%v/%v: θ %v gives sparsity %v, less than %v", m.Loss, m.Solver, theta, s, last)
			}
			last = s
		}
	}
}

func TestGraphRegularized(t *testing.T) {
	x := randomSparse(13, 90, 70, 0.15)
	for _, base := range []Method{{Loss: Frobenius, Solver: HALS}, {Loss: Frobenius, Solver: MU}, {Loss: KL, Solver: MU}} {
		m := base
		m.GraphNeighbors, m.GraphLambda = 5, 0.5
		s := DefaultSettings()
		s.MaxIter, s.Tol = 50, 0
		var first *Result
		for _, procs := range []int{1, 2, 8} {
			old := runtime.GOMAXPROCS(procs)
			res, err := Factorize(context.Background(), x, 4, m, s)
			runtime.GOMAXPROCS(old)
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = res
			} else if !mat.Equal(first.W, res.W) || !mat.Equal(first.H, res.H) {
				t.Errorf("%v/%v graph: GOMAXPROCS %d gives other factors", m.Loss, m.Solver, procs)
			}
		}
		// The objective is the loss plus λ tr(H L Hᵀ), L from the graph.
		d, _ := newData(x)
		p := newPool(1)
		adj, deg := knnGraph(p, &d.xt, 5)
		p.close()
		graph := 0.0
		for j := range 70 {
			for q := adj.ptr[j]; q < adj.ptr[j+1]; q++ {
				l := int(adj.idx[q])
				for r := range 4 {
					graph -= adj.val[q] * first.H.At(r, j) * first.H.At(r, l)
				}
			}
			for r := range 4 {
				graph += deg[j] * first.H.At(r, j) * first.H.At(r, j)
			}
		}
		fro, kl := denseObjectives(x, first.W, first.H)
		loss := fro
		if m.Loss == KL {
			loss = kl
		}
		if got, want := first.Objective(), loss+0.5*graph; math.Abs(got-want) > 1e-9*want {
			t.Errorf("%v/%v graph: objective %v, loss + graph term %v", m.Loss, m.Solver, got, want)
		}
		// W's columns have unit length (the scale is fixed for the graph).
		for c := range 4 {
			if n := mat.Norm(first.W.ColView(c), 2); math.Abs(n-1) > 1e-12 {
				t.Errorf("%v/%v graph: column %d of W has length %v", m.Loss, m.Solver, c, n)
			}
		}
	}
	if err := (Method{Loss: Frobenius, Solver: ANLS, GraphNeighbors: 3, GraphLambda: 1}).Validate(); !errors.Is(err, ErrMethod) {
		t.Errorf("graph with anls: %v", err)
	}
}

// TestIterationsAllocateNothing runs an iteration of every method and
// variant and checks that it allocates nothing: all workspace, and so all
// memory beyond X and the factors, is made before the iterations.
func TestIterationsAllocateNothing(t *testing.T) {
	x := randomSparse(14, 200, 150, 0.05)
	d, err := newData(x)
	if err != nil {
		t.Fatal(err)
	}
	variants := append([]Method(nil), allMethods...)
	variants = append(variants,
		Method{Loss: Frobenius, Solver: HALS, L1W: 0.1, L2H: 0.1, Theta: 0.5},
		Method{Loss: KL, Solver: CD, L1H: 0.1, Theta: 0.3},
		Method{Loss: Frobenius, Solver: HALS, GraphNeighbors: 5, GraphLambda: 0.5},
		Method{Loss: KL, Solver: MU, GraphNeighbors: 5, GraphLambda: 0.5},
	)
	for _, m := range variants {
		p := newPool(2)
		s := DefaultSettings()
		f, err := initialize(d, 5, s, p)
		if err != nil {
			t.Fatal(err)
		}
		st := newAlternating(d, f, m, p)
		st.iterate() // warm up
		if a := testing.AllocsPerRun(5, func() { st.iterate() }); a != 0 {
			t.Errorf("%+v: %v allocations an iteration", m, a)
		}
		p.close()
	}
}

func TestEveryMethodCancels(t *testing.T) {
	x := randomSparse(15, 60, 50, 0.2)
	variants := append([]Method(nil), allMethods...)
	variants = append(variants, Method{Loss: Frobenius, Solver: MU, GraphNeighbors: 4, GraphLambda: 0.1, Theta: 0.2})
	for _, m := range variants {
		ctx, cancel := context.WithCancel(context.Background())
		s := DefaultSettings()
		s.Tol = 0
		s.Recorder = func(p Progress) bool {
			if p.Iteration == 2 {
				cancel()
			}
			return false
		}
		res, err := Factorize(ctx, x, 3, m, s)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != Cancelled || res.Iterations != 2 {
			t.Errorf("%+v: %v after %d iterations", m, res.Status, res.Iterations)
		}
	}
}

func TestRestarts(t *testing.T) {
	x := randomSparse(16, 90, 60, 0.1)
	var first *Result
	for _, procs := range []int{1, 2, 8} {
		old := runtime.GOMAXPROCS(procs)
		s := DefaultSettings()
		s.Restarts, s.MaxIter = 4, 50
		res, err := Factorize(context.Background(), x, 5, DefaultMethod(Frobenius), s)
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Restarts) != 5 {
			t.Fatalf("%d objectives for 4 restarts", len(res.Restarts))
		}
		for r, o := range res.Restarts {
			if o < res.Objective() {
				t.Errorf("run %d reached %v, below the one kept (%v)", r, o, res.Objective())
			}
		}
		if res.Restarts[res.Run] != res.Objective() {
			t.Errorf("run %d kept, objective %v, listed %v", res.Run, res.Objective(), res.Restarts[res.Run])
		}
		// Run 0 is the plain run from the settings' start.
		plain, _ := Factorize(context.Background(), x, 5, DefaultMethod(Frobenius), Settings{MaxIter: 50, Tol: s.Tol, Init: s.Init})
		if res.Restarts[0] != plain.Objective() {
			t.Errorf("run 0 ended at %v, a plain run at %v", res.Restarts[0], plain.Objective())
		}
		if first == nil {
			first = res
		} else if !mat.Equal(first.W, res.W) || !slices.Equal(first.Restarts, res.Restarts) {
			t.Errorf("GOMAXPROCS %d: restarts give another answer", procs)
		}
	}
}

// TestMatrixPrepared checks that a prepared Matrix reads as X and gives the
// same factorization, projection and metrics as X itself.
func TestMatrixPrepared(t *testing.T) {
	x, _, _ := planted(2, 30, 20, 3, 0.3)
	xm, err := NewMatrix(x)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(xm, x) || !mat.Equal(xm.T(), x.T()) || xm.NNZ() != x.NNZ() {
		t.Fatal("the prepared matrix reads differently from X")
	}
	a, err := Factorize(context.Background(), x, 3, DefaultMethod(Frobenius), DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Factorize(context.Background(), xm, 3, DefaultMethod(Frobenius), DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(a.W, b.W) || !mat.Equal(a.H, b.H) {
		t.Error("factorizing the prepared matrix gives other factors")
	}
	ha, _ := Project(context.Background(), x, a.W, DefaultMethod(Frobenius), DefaultProjectSettings())
	hb, _ := Project(context.Background(), xm, a.W, DefaultMethod(Frobenius), DefaultProjectSettings())
	ma, _ := Evaluate(x, a.W, ha)
	mb, _ := Evaluate(xm, a.W, hb)
	if !mat.Equal(ha, hb) || ma != mb {
		t.Error("projecting or evaluating the prepared matrix differs")
	}
	if _, err := NewMatrix(mat.NewDense(2, 2, []float64{1, -1, 0, 0})); !errors.Is(err, ErrInput) {
		t.Errorf("negative entry: %v", err)
	}
}

func TestNewMatrixRows(t *testing.T) {
	// Row 0: columns out of order with a duplicate and a zero; row 1 empty;
	// row 2 one entry.
	ptr := []int{0, 4, 4, 5}
	idx := []int32{2, 0, 2, 1}
	idx = append(idx, 1)
	val := []float64{1, 2, 3, 0, 5}
	x, err := NewMatrixRows(3, 3, ptr, idx, val)
	if err != nil {
		t.Fatal(err)
	}
	want := mat.NewDense(3, 3, []float64{2, 0, 4, 0, 0, 0, 0, 5, 0})
	if !mat.Equal(x, want) || x.NNZ() != 3 {
		t.Fatalf("got %v with %d non-zeros, want %v", mat.Formatted(x), x.NNZ(), mat.Formatted(want))
	}
	if !mat.Equal(x.T(), want.T()) {
		t.Error("the transpose differs")
	}
	for _, c := range []struct {
		name string
		ptr  []int
		idx  []int32
		val  []float64
		want error
	}{
		{"column out of range", []int{0, 1}, []int32{3}, []float64{1}, ErrShape},
		{"negative entry", []int{0, 1}, []int32{0}, []float64{-1}, ErrInput},
		{"pointers short", []int{0}, []int32{0}, []float64{1}, ErrShape},
		{"pointers decrease", []int{0, 1}, []int32{0}, nil, ErrShape},
	} {
		if _, err := NewMatrixRows(1, 3, c.ptr, c.idx, c.val); !errors.Is(err, c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
