package nmf

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// nnlsKinds are the kinds of B in the test problems G = BᵀB, c = Bᵀy.
var nnlsKinds = []string{"well", "wide", "duplicate", "zero", "scaled", "ill", "illx", "nonneg"}

// nnlsProblem returns G = BᵀB and c = Bᵀy for a random B (m × k) of the
// given kind and a random y, shifted down by shift so that more
// constraints are active.
//
//	well       Gaussian, m = 3k (cond G ≈ 14)
//	wide       Gaussian, m < k: G singular
//	duplicate  Gaussian, m = 2k, a column repeated (and one scaled copy)
//	zero       Gaussian, m = 2k, a zero column
//	scaled     Gaussian, m = 2k, columns scaled by 10^U(−3, 3)
//	ill        Gaussian·diag(s)·Qᵀ with s from 1 to 1e-3 (cond G ≈ 1e7)
//	illx       the same with s down to 1e-5 (cond G ≈ 1e11)
//	nonneg     uniform [0, 1) B and y, as in NMF
func nnlsProblem(rng *rand.Rand, kind string, k int, shift float64) (g, c []float64) {
	m := 2 * k
	switch kind {
	case "well":
		m = 3 * k
	case "wide":
		m = 1 + rng.IntN(max(k-1, 1))
	}
	b := make([]float64, m*k)
	for i := range b {
		if kind == "nonneg" {
			b[i] = rng.Float64()
		} else {
			b[i] = rng.NormFloat64()
		}
	}
	switch kind {
	case "duplicate":
		if k >= 2 {
			src, dst := rng.IntN(k), rng.IntN(k)
			for dst == src {
				dst = rng.IntN(k)
			}
			for i := range m {
				b[i*k+dst] = b[i*k+src]
			}
		}
		if k >= 4 {
			src, dst := rng.IntN(k), rng.IntN(k)
			for dst == src {
				dst = rng.IntN(k)
			}
			for i := range m {
				b[i*k+dst] = 3 * b[i*k+src]
			}
		}
	case "zero":
		j := rng.IntN(k)
		for i := range m {
			b[i*k+j] = 0
		}
	case "scaled":
		for j := range k {
			f := math.Pow(10, 6*rng.Float64()-3)
			for i := range m {
				b[i*k+j] *= f
			}
		}
	case "ill", "illx":
		q := make([]float64, k*k)
		for i := range q {
			q[i] = rng.NormFloat64()
		}
		var qr mat.QR
		qr.Factorize(mat.NewDense(k, k, q))
		var qm mat.Dense
		qr.QTo(&qm)
		decades := 3.0
		if kind == "illx" {
			decades = 5
		}
		for j := range k {
			sj := math.Pow(10, -decades*float64(j)/float64(max(k-1, 1)))
			for i := range m {
				b[i*k+j] *= sj
			}
		}
		var out mat.Dense
		out.Mul(mat.NewDense(m, k, b), qm.T())
		b = out.RawMatrix().Data
	}
	y := make([]float64, m)
	for i := range y {
		if kind == "nonneg" {
			y[i] = rng.Float64() - shift
		} else {
			y[i] = rng.NormFloat64() - shift
		}
	}
	g = make([]float64, k*k)
	c = make([]float64, k)
	for r := range m {
		row := b[r*k : r*k+k]
		for i, bi := range row {
			c[i] += bi * y[r]
			for j, bj := range row {
				g[i*k+j] += bi * bj
			}
		}
	}
	return g, c
}

// nnlsObjective is ½xᵀGx − cᵀx, evaluated with 256-bit mantissas and
// rounded once: in float64 the cancellation between the two terms loses
// more digits than the comparisons allow when x is large (ill-conditioned
// G), and the reference then looks better or worse than it is.
func nnlsObjective(g, c, x []float64) float64 {
	const prec = 256
	k := len(c)
	f := new(big.Float).SetPrec(prec)
	gx, t, u := new(big.Float).SetPrec(prec), new(big.Float).SetPrec(prec), new(big.Float).SetPrec(prec)
	for i := range k {
		if x[i] == 0 {
			continue
		}
		// f += x_i (½ (Gx)_i − c_i)
		gx.SetFloat64(0)
		for j := range k {
			if x[j] != 0 {
				t.SetFloat64(g[i*k+j])
				gx.Add(gx, t.Mul(t, u.SetFloat64(x[j])))
			}
		}
		gx.Quo(gx, u.SetFloat64(2))
		gx.Sub(gx, t.SetFloat64(c[i]))
		f.Add(f, gx.Mul(gx, t.SetFloat64(x[i])))
	}
	v, _ := f.Float64()
	return v
}

// nnlsObjective64 is ½xᵀGx − cᵀx in float64, to rank candidates.
func nnlsObjective64(g, c, x []float64) float64 {
	k := len(c)
	f := 0.0
	for i := range k {
		gx := 0.0
		for j := range k {
			gx += g[i*k+j] * x[j]
		}
		f += x[i] * (0.5*gx - c[i])
	}
	return f
}

// nnlsSigma is σ = max(max |c_i|/√G_ii, max √G_ii x_i) over G_ii > 0;
// with x = nil, σc = max |c_i|/√G_ii.
func nnlsSigma(g, c, x []float64) float64 {
	k := len(c)
	sigma := 0.0
	for i := range k {
		if d := g[i*k+i]; d > 0 {
			sigma = max(sigma, math.Abs(c[i])/math.Sqrt(d))
			if x != nil {
				sigma = max(sigma, math.Sqrt(d)*x[i])
			}
		}
	}
	return sigma
}

// nnlsKKT returns the largest violation of the KKT conditions at x in
// units of σ·√G_ii (so the solver promises at most nnlsTol), and an error
// for a negative or non-finite x.
func nnlsKKT(g, c, x []float64) (float64, error) {
	k := len(c)
	sigma := nnlsSigma(g, c, x)
	worst := 0.0
	for i := range k {
		if !(x[i] >= 0) || math.IsInf(x[i], 0) {
			return 0, fmt.Errorf("x[%d] = %v", i, x[i])
		}
		d := g[i*k+i]
		if d <= 0 {
			if x[i] != 0 {
				return 0, fmt.Errorf("x[%d] = %v for G_ii = %v", i, x[i], d)
			}
			continue
		}
		gi := -c[i]
		for j := range k {
			gi += g[i*k+j] * x[j]
		}
		v := -gi // x_i = 0: g_i ≥ −tol
		if x[i] > 0 {
			v = math.Abs(gi)
		}
		if sigma > 0 {
			worst = max(worst, v/(sigma*math.Sqrt(d)))
		} else if v > 0 {
			worst = math.Inf(1)
		}
	}
	return worst, nil
}

// nnlsBrute minimizes over all 2^k supports S the unconstrained problem
// on S (gonum Cholesky) and returns the best non-negative solution. An
// optimum with linearly independent columns always exists, so supports
// with a singular G[S,S] are skipped, and by default also those with
// cond(G[S,S]) > 1e12, whose solutions are inaccurate; candidates are then
// ranked in float64. With exact set, only supports where the Cholesky
// fails are skipped, and candidates are ranked by the exact objective: an
// inaccurate solution is still a feasible point, ranked by its true value.
func nnlsBrute(g, c []float64, exact bool) (float64, []float64) {
	k := len(c)
	bestF, bestX := 0.0, make([]float64, k)
	x := make([]float64, k)
	idx := make([]int, 0, k)
	for mask := 1; mask < 1<<k; mask++ {
		idx = idx[:0]
		for i := range k {
			if mask&(1<<i) != 0 {
				idx = append(idx, i)
			}
		}
		p := len(idx)
		gs := mat.NewSymDense(p, nil)
		cs := mat.NewVecDense(p, nil)
		for a, i := range idx {
			cs.SetVec(a, c[i])
			for b, j := range idx[a:] {
				gs.SetSym(a, a+b, g[i*k+j])
			}
		}
		var ch mat.Cholesky
		if !ch.Factorize(gs) || (!exact && ch.Cond() > 1e12) {
			continue
		}
		var z mat.VecDense
		if ch.SolveVecTo(&z, cs) != nil {
			continue
		}
		clear(x)
		ok := true
		for a, i := range idx {
			if z.AtVec(a) < 0 {
				ok = false
				break
			}
			x[i] = z.AtVec(a)
		}
		if !ok {
			continue
		}
		f := nnlsObjective64(g, c, x)
		if exact {
			f = nnlsObjective(g, c, x)
		}
		if f < bestF {
			bestF = f
			copy(bestX, x)
		}
	}
	return nnlsObjective(g, c, bestX), bestX
}

// nnlsProjGrad runs projected gradient with step 1/λmax(G) to convergence:
// a slow reference for well-conditioned G.
func nnlsProjGrad(g, c []float64) (float64, []float64) {
	k := len(c)
	var eig mat.EigenSym
	if !eig.Factorize(mat.NewSymDense(k, append([]float64(nil), g...)), false) {
		panic("eigen")
	}
	vals := eig.Values(nil)
	step := 1 / vals[k-1]
	x, nx := make([]float64, k), make([]float64, k)
	for range 200000 {
		change := 0.0
		for i := range k {
			gi := -c[i]
			for j := range k {
				gi += g[i*k+j] * x[j]
			}
			nx[i] = max(0, x[i]-step*gi)
			change = max(change, math.Abs(nx[i]-x[i]))
		}
		x, nx = nx, x
		if change <= 1e-16*nnlsMaxAbs(x) {
			break
		}
	}
	return nnlsObjective(g, c, x), x
}

// nnlsSameObjective checks f against the reference within 1e-9 relative,
// plus rounding-level slack for an optimum near 0 in units of
// σc² = max_i c_i²/G_ii (|f*| ≥ ½ c_i²/G_ii for any c_i > 0).
func nnlsSameObjective(f, ref, sigmaC float64) bool {
	return math.Abs(f-ref) <= 1e-9*max(math.Abs(ref), math.Abs(f))+1e-14*sigmaC*sigmaC
}

// nnlsRandomStart is a random non-negative warm start with about half
// zeros, of about the solution's size.
func nnlsRandomStart(rng *rand.Rand, x []float64, size float64) {
	for i := range x {
		x[i] = 0
		if rng.IntN(2) == 0 {
			x[i] = rng.Float64() * size
		}
	}
}

func nnlsMaxAbs(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m = max(m, math.Abs(v))
	}
	return m
}

// TestNNLSBruteForce compares cold and warm solves with the brute-force
// optimum over all supports, for k ≤ 10 and every kind of problem.
func TestNNLSBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	worstKKT, worstRel := 0.0, 0.0
	for _, kind := range nnlsKinds {
		for trial := range 60 {
			k := 1 + trial%10
			shift := []float64{0, 0.3, 1}[trial%3]
			g, c := nnlsProblem(rng, kind, k, shift)
			ref, _ := nnlsBrute(g, c, kind == "illx")
			s := newNNLSSolver(k)
			s.setG(g)
			x := make([]float64, k)
			for start := range 4 {
				if start > 0 {
					nnlsRandomStart(rng, x, 1+nnlsMaxAbs(x))
				}
				s.solve(x, c)
				kkt, err := nnlsKKT(g, c, x)
				if err != nil {
					t.Fatalf("%s k=%d trial %d start %d: %v", kind, k, trial, start, err)
				}
				f := nnlsObjective(g, c, x)
				sigma := nnlsSigma(g, c, nil)
				worstKKT = max(worstKKT, kkt)
				if ref != 0 {
					worstRel = max(worstRel, math.Abs(f-ref)/math.Abs(ref))
				}
				if kkt > nnlsTol {
					t.Errorf("%s k=%d trial %d start %d: KKT violation %.3g σ√G_ii", kind, k, trial, start, kkt)
				}
				if !nnlsSameObjective(f, ref, sigma) {
					t.Errorf("%s k=%d trial %d start %d: objective %.17g, brute force %.17g (rel %.3g)",
						kind, k, trial, start, f, ref, math.Abs(f-ref)/math.Abs(ref))
				}
			}
		}
	}
	t.Logf("worst KKT violation %.3g σ√G_ii, worst objective difference %.3g relative", worstKKT, worstRel)
}

// TestNNLSProjectedGradient compares with projected gradient run to
// convergence on well-conditioned problems of NMF sizes, and checks KKT
// on all kinds.
func TestNNLSProjectedGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	worstKKT := 0.0
	for _, k := range []int{20, 50, 200} {
		for _, kind := range nnlsKinds {
			for trial := range 4 {
				shift := []float64{0, 0.3, 1, 2}[trial]
				g, c := nnlsProblem(rng, kind, k, shift)
				s := newNNLSSolver(k)
				s.setG(g)
				x := make([]float64, k)
				s.solve(x, c)
				kkt, err := nnlsKKT(g, c, x)
				if err != nil {
					t.Fatalf("%s k=%d trial %d: %v", kind, k, trial, err)
				}
				worstKKT = max(worstKKT, kkt)
				if kkt > nnlsTol {
					t.Errorf("%s k=%d trial %d: KKT violation %.3g σ√G_ii", kind, k, trial, kkt)
				}
				if kind != "well" || k > 50 {
					continue
				}
				f := nnlsObjective(g, c, x)
				ref, xr := nnlsProjGrad(g, c)
				if !nnlsSameObjective(f, ref, nnlsSigma(g, c, nil)) {
					t.Errorf("%s k=%d trial %d: objective %.17g, projected gradient %.17g", kind, k, trial, f, ref)
				}
				for i := range x {
					if math.Abs(x[i]-xr[i]) > 1e-8*nnlsMaxAbs(xr) {
						t.Errorf("%s k=%d trial %d: x[%d] = %v, projected gradient %v", kind, k, trial, i, x[i], xr[i])
						break
					}
				}
			}
		}
	}
	t.Logf("worst KKT violation %.3g σ√G_ii", worstKKT)
}

// TestNNLSWarmStart checks idempotence (a solve from the solution returns
// it bit for bit) and that random warm starts reach the same solution:
// the same bits where G is non-singular (the polish round makes the
// answer a function of the support), the same objective where it is
// singular and the minimizer is not unique.
func TestNNLSWarmStart(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 17))
	for _, k := range []int{5, 10, 20, 50} {
		for _, kind := range nnlsKinds {
			for trial := range 5 {
				g, c := nnlsProblem(rng, kind, k, []float64{0, 0.3, 1, 0, 0.5}[trial])
				s := newNNLSSolver(k)
				s.setG(g)
				sol := make([]float64, k)
				s.solve(sol, c)
				again := append([]float64(nil), sol...)
				s.solve(again, c)
				for i := range sol {
					if math.Float64bits(again[i]) != math.Float64bits(sol[i]) {
						t.Fatalf("%s k=%d trial %d: not idempotent: x[%d] %v → %v", kind, k, trial, i, sol[i], again[i])
					}
				}
				fs := nnlsObjective(g, c, sol)
				unique := kind == "well" || kind == "scaled" || kind == "nonneg" || kind == "ill"
				x := make([]float64, k)
				for start := range 5 {
					nnlsRandomStart(rng, x, 2*nnlsMaxAbs(sol)+1)
					s.solve(x, c)
					f := nnlsObjective(g, c, x)
					if !nnlsSameObjective(f, fs, nnlsSigma(g, c, nil)) {
						t.Errorf("%s k=%d trial %d start %d: objective %.17g, from 0 %.17g", kind, k, trial, start, f, fs)
					}
					if !unique {
						continue
					}
					for i := range x {
						if math.Float64bits(x[i]) != math.Float64bits(sol[i]) {
							t.Errorf("%s k=%d trial %d start %d: x[%d] = %v, from 0 %v", kind, k, trial, start, i, x[i], sol[i])
							break
						}
					}
				}
			}
		}
	}
}

// TestNNLSDegenerate covers singular and invalid inputs: the solver must
// return a feasible point without panicking or looping.
func TestNNLSDegenerate(t *testing.T) {
	// k = 0.
	newNNLSSolver(0).solve(nil, nil)

	// k = 1.
	s := newNNLSSolver(1)
	s.setG([]float64{2})
	x := []float64{0}
	s.solve(x, []float64{4})
	if math.Abs(x[0]-2) > 1e-15 {
		t.Errorf("k=1: x = %v, want 2", x[0])
	}
	s.solve(x, []float64{-1})
	if x[0] != 0 {
		t.Errorf("k=1, c<0: x = %v, want 0", x[0])
	}

	// G = 0: everything dead, x = 0 whatever c and the start.
	s = newNNLSSolver(3)
	s.setG(make([]float64, 9))
	x = []float64{1, 2, 3}
	s.solve(x, []float64{1, -1, 0})
	if x[0] != 0 || x[1] != 0 || x[2] != 0 {
		t.Errorf("G=0: x = %v, want 0", x)
	}

	// A zero row and column with c_i > 0 (unbounded): held at 0, the rest
	// solved exactly.
	g := []float64{
		2, 0, 1,
		0, 0, 0,
		1, 0, 2,
	}
	s.setG(g)
	x = []float64{0, 5, 0}
	c := []float64{3, 1, 3}
	s.solve(x, c)
	if x[1] != 0 || math.Abs(x[0]-1) > 1e-15 || math.Abs(x[2]-1) > 1e-15 {
		t.Errorf("zero diagonal: x = %v, want [1 0 1]", x)
	}

	// Exactly repeated columns, warm started on both copies.
	g = []float64{
		1, 1, 0,
		1, 1, 0,
		0, 0, 1,
	}
	s.setG(g)
	x = []float64{1, 1, 1}
	c = []float64{2, 2, -1}
	s.solve(x, c)
	if x[0]+x[1] != 2 || x[2] != 0 {
		t.Errorf("repeated columns: x = %v, want x0+x1 = 2, x2 = 0", x)
	}

	// Invalid starts: negative, NaN and infinite entries count as 0.
	rng := rand.New(rand.NewPCG(1, 1))
	g, c = nnlsProblem(rng, "well", 6, 0)
	s = newNNLSSolver(6)
	s.setG(g)
	want := make([]float64, 6)
	s.solve(want, c)
	x = []float64{-1, math.NaN(), math.Inf(1), math.Inf(-1), 0, -0.0}
	s.solve(x, c)
	for i := range x {
		if x[i] != want[i] {
			t.Errorf("invalid start: x = %v, want %v", x, want)
			break
		}
	}

	// Indefinite and non-finite G or c: anything feasible, but return.
	for trial := range 50 {
		k := 1 + trial%20
		g := make([]float64, k*k)
		for i := range k {
			for j := range i + 1 {
				v := rng.NormFloat64()
				g[i*k+j], g[j*k+i] = v, v
			}
		}
		c := make([]float64, k)
		for i := range c {
			c[i] = rng.NormFloat64()
		}
		switch trial % 5 {
		case 1:
			c[rng.IntN(k)] = math.NaN()
		case 2:
			g[rng.IntN(k*k)] = math.NaN()
		case 3:
			g[rng.IntN(k*k)] = math.Inf(1)
		}
		s := newNNLSSolver(k)
		s.setG(g)
		x := make([]float64, k)
		nnlsRandomStart(rng, x, 1)
		s.solve(x, c)
		if trial%5 == 0 || trial%5 == 4 {
			for i, v := range x {
				if !(v >= 0) || math.IsInf(v, 0) {
					t.Errorf("indefinite G, trial %d: x[%d] = %v", trial, i, v)
				}
			}
		}
	}
}

// TestNNLSPivotBound lowers the pivot bound so that solves stop early:
// the result must be feasible, no better than the optimum, and improve as
// the bound grows until it is the optimum.
func TestNNLSPivotBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 37))
	for _, kind := range []string{"well", "wide", "duplicate", "nonneg"} {
		k := 30
		g, c := nnlsProblem(rng, kind, k, 0.3)
		s := newNNLSSolver(k)
		s.setG(g)
		opt := make([]float64, k)
		s.solve(opt, c)
		fOpt := nnlsObjective(g, c, opt)
		sigma := nnlsSigma(g, c, nil)
		prev := math.Inf(1)
		x := make([]float64, k)
		for limit := 0; limit <= 3*k+100; limit++ {
			s.maxPivots = limit
			clear(x)
			s.solve(x, c)
			f := nnlsObjective(g, c, x)
			for i, v := range x {
				if !(v >= 0) || math.IsInf(v, 0) {
					t.Fatalf("%s limit %d: x[%d] = %v", kind, limit, i, v)
				}
			}
			if f < fOpt-1e-9*math.Abs(fOpt) {
				t.Errorf("%s limit %d: objective %.17g below the optimum %.17g", kind, limit, f, fOpt)
			}
			if f > prev+1e-12*math.Abs(fOpt) {
				t.Errorf("%s limit %d: objective %.17g, worse than %.17g with a lower limit", kind, limit, f, prev)
			}
			prev = f
		}
		if !nnlsSameObjective(prev, fOpt, sigma) {
			t.Errorf("%s: objective %.17g at the default limit, optimum %.17g", kind, prev, fOpt)
		}
	}
}

// TestNNLSDeterministic checks that the same inputs give the same bits,
// from fresh and from used solvers.
func TestNNLSDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	k := 30
	type problem struct{ g, c, x0 []float64 }
	var ps []problem
	for i := range 20 {
		g, c := nnlsProblem(rng, nnlsKinds[i%len(nnlsKinds)], k, 0.3)
		x0 := make([]float64, k)
		nnlsRandomStart(rng, x0, 1)
		ps = append(ps, problem{g, c, x0})
	}
	run := func(s *nnlsSolver, p problem) []float64 {
		s.setG(p.g)
		x := append([]float64(nil), p.x0...)
		s.solve(x, p.c)
		return x
	}
	used := newNNLSSolver(k)
	for i := range ps {
		run(used, ps[len(ps)-1-i])
	}
	for i, p := range ps {
		a := run(newNNLSSolver(k), p)
		b := run(used, p)
		for j := range a {
			if math.Float64bits(a[j]) != math.Float64bits(b[j]) {
				t.Fatalf("problem %d: x[%d] = %v and %v", i, j, a[j], b[j])
			}
		}
	}
}

// TestNNLSAllocs checks that solve allocates nothing, cold and warm.
func TestNNLSAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	k := 40
	g, c := nnlsProblem(rng, "nonneg", k, 0.5)
	s := newNNLSSolver(k)
	s.setG(g)
	x := make([]float64, k)
	x0 := make([]float64, k)
	nnlsRandomStart(rng, x0, 1)
	allocs := testing.AllocsPerRun(100, func() {
		copy(x, x0)
		s.solve(x, c)
		clear(x)
		s.solve(x, c)
		s.solve(x, c)
	})
	if allocs != 0 {
		t.Errorf("solve allocates %v times per run", allocs)
	}
}

// BenchmarkNNLS times one solve (ns/op) in an ANLS-like setting: G = HHᵀ
// for a non-negative H (k × 500), c = H y for sparse non-negative rows y,
// cold (from 0) and warm (from the solution for a G perturbed by ~1%, as
// the previous iteration's row would be).
func BenchmarkNNLS(b *testing.B) {
	for _, k := range []int{10, 20, 50} {
		const n, rows = 500, 256
		rng := rand.New(rand.NewPCG(uint64(k), 99))
		h := make([]float64, k*n)
		for i := range h {
			if rng.IntN(3) == 0 {
				h[i] = rng.ExpFloat64()
			}
		}
		gram := func(h []float64) []float64 {
			g := make([]float64, k*k)
			for i := range k {
				for j := range k {
					v := 0.0
					for t := range n {
						v += h[i*n+t] * h[j*n+t]
					}
					g[i*k+j] = v
				}
			}
			return g
		}
		g := gram(h)
		cs := make([]float64, rows*k)
		for r := range rows {
			for t := range n {
				if rng.IntN(20) != 0 {
					continue
				}
				y := rng.ExpFloat64()
				for i := range k {
					cs[r*k+i] += h[i*n+t] * y
				}
			}
		}
		// Warm starts: solutions for a perturbed H.
		hp := append([]float64(nil), h...)
		for i := range hp {
			hp[i] *= 1 + 0.01*rng.NormFloat64()
		}
		s := newNNLSSolver(k)
		s.setG(gram(hp))
		warm := make([]float64, rows*k)
		for r := range rows {
			s.solve(warm[r*k:r*k+k], cs[r*k:r*k+k])
		}
		s.setG(g)
		support := 0
		x := make([]float64, k)
		for r := range rows {
			clear(x)
			s.solve(x, cs[r*k:r*k+k])
			for _, v := range x {
				if v > 0 {
					support++
				}
			}
		}
		b.Run(fmt.Sprintf("k=%d/cold", k), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				r := i % rows
				clear(x)
				s.solve(x, cs[r*k:r*k+k])
			}
			b.ReportMetric(float64(support)/rows, "support")
		})
		b.Run(fmt.Sprintf("k=%d/warm", k), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				r := i % rows
				copy(x, warm[r*k:r*k+k])
				s.solve(x, cs[r*k:r*k+k])
			}
		})
	}
}
