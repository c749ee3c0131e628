package nmf

import "math"

// Exact non-negative least squares for alternating non-negative least
// squares (ANLS, Kim & Park): each row x of a factor solves
//
//	min ½ xᵀGx − cᵀx  subject to  x ≥ 0
//
// with G = BᵀB (k × k, positive semi-definite) shared by all rows of a
// half-iteration and c = Bᵀy the row's own right-hand side; this is
// min ‖Bx − y‖² in normal-equation form, and B is never formed.
//
// # Algorithm
//
// An active-set method: Lawson & Hanson's NNLS run on G and c directly, as
// Bro & de Jong's "fast NNLS" does, started from the row's previous value.
// The passive set P (the variables free to be positive) is kept with the
// Cholesky factor L of G[P,P] and y = L⁻¹c[P]. Entering a variable borders
// L with one row (O(p²)); leaving one deletes its row and restores the
// triangle with Givens rotations (O(p²)), applied to y too; each solve on P
// is then one back substitution. It was chosen over block principal
// pivoting (Kim & Park 2011) because the warm start makes it cheap: across
// ANLS iterations a row's support barely changes, so the typical call is
// one Cholesky of G[P,P] for the old support plus zero to a few O(p²)
// pivots, whereas block pivoting exchanges variables in blocks and
// refactors G[P,P] from scratch after every exchange. Its iterates are
// also feasible and (in exact arithmetic) decrease the objective strictly
// from one entering variable to the next, so it cannot cycle without any
// backup rule, and when the iteration bound is hit (rounding only) the
// best point seen is a valid answer; block pivoting's iterates are
// infeasible until it stops.
//
// A solve:
//
//  1. Start: P = {i : x_i > 0} of the warm start, factored in ascending
//     index order by a Crout Cholesky (a variable that fails the pivot
//     test is set to 0).
//  2. Descend (inner loop): z = argmin on P; if z > 0, x[P] = z; else move
//     x towards z until a first variable reaches 0, drop every variable of
//     P at 0, and repeat. x stays feasible and the objective decreases.
//  3. Enter (outer loop): w = c − Gx on the other variables; stop if
//     w_i ≤ tol·σ·√G_ii for all of them (see Tolerance); else enter the
//     i with the largest w_i/√G_ii (Lawson–Hanson's rule made invariant to
//     the scaling of B's columns) and go to 2.
//  4. Polish: if P changed after step 1, go through 1–3 once more from the
//     result (then stop, whatever happens). The answer is then computed from a factorization of its own
//     support in index order, so it depends on G, c and the support only,
//     not on the path: solving again from the answer returns it bit for
//     bit, and warm starts that reach the same support return the same
//     bits. The round costs one Cholesky of the final G[P,P] and is only
//     run when the support changed.
//
// # Tolerance
//
// The returned x satisfies the KKT conditions: with g = Gx − c,
//
//	x_i = 0:  g_i ≥ −tol·σ·√G_ii      x_i > 0:  |g_i| ≤ tol·σ·√G_ii
//
// where tol = 1e-10 (nnlsTol) and σ = max(max_i |c_i|/√G_ii,
// max_i √G_ii·x_i), the larger of c and Gx in units where G has a unit
// diagonal. This is "relative to max(|c|, diag G)" made invariant under
// the column scaling G → DGD, c → Dc, x → D⁻¹x, which NMF's scaling
// ambiguity makes routine (a plain max(|c|, diag G) mixes units and lets a
// small-norm column's gradient be swamped by a large one's). On P the bound
// comes from the backward stability of the Cholesky solve (its residual is
// about p²·2⁻⁵³·σ√G_ii); outside P it is the stopping rule. The objective
// then matches the exact minimum to about 1e-12 relative in the tests, up
// to cond(G) ≈ 1e11; near 1e13 the KKT bound still holds but the
// objective, flat along the near-null directions where σ grows with x, can
// be off by 1e-5 relative: normal equations square B's condition number,
// and that is the end of double precision for them.
//
// # Singular G
//
// G may be singular (an empty topic gives a zero row and column, repeated
// columns of B give repeated ones). A variable with G_ii ≤ 0 never enters
// P and stays 0: for G = BᵀB its c_i is 0 too; for any other G with
// c_i > 0 the problem is unbounded in x_i and 0 is returned there, which
// breaks the KKT bound for that variable only. Otherwise a variable enters
// only if its Cholesky pivot d (G_jj less its projection on the columns of
// P) satisfies d > nnlsPivTol·G_jj = 1e-13·G_jj, i.e. its column of B is
// not within an angle of about 3e-7 of the span of P's: a numerically
// dependent variable is dropped (kept at 0), not regularized, so no ridge
// has to be sized and the other variables are solved exactly. The computed
// d of an exactly dependent column is rounding noise of up to about
// p·2⁻⁵³·G_jj (2e-14 for p = 200), which 1e-13 clears; a larger threshold
// (1e-12 was tried) drops variables that an exact solution needs once
// cond(G[P,P]) nears 1e13, while the tests pass at 1e-13 up to there. For
// G = BᵀB the gradient of a dropped variable is small, w_j = eᵀr ≤ √d·‖r‖
// with e the part of its column outside span(P) (‖e‖² = d) and r the
// residual, and its KKT bound can only fail when G is that ill-conditioned.
// A variable that fails the test, or whose value on entering is not
// positive (rounding), is skipped until P next changes, and the next best
// candidate is tried.
//
// # Bounds
//
// At most 3k + 100 pivots (variables entering, leaving or skipped) are
// made; past that (only rounding can cause it) the best point found among
// those optimal on their passive set is returned. The solver never divides
// by zero: pivots are checked before use and the step length's
// denominator is at least the positive x_i. Non-finite warm-start values
// count as 0. Runs are deterministic: loops go in index or factor order,
// nothing is random, and nothing depends on memory addresses.

const (
	// nnlsTol is the relative KKT tolerance (see Tolerance above).
	nnlsTol = 1e-10
	// nnlsPivTol is the relative Cholesky pivot below which a variable is
	// taken as dependent on the passive set.
	nnlsPivTol = 1e-13
)

// Variable states.
const (
	nnlsActive  uint8 = iota // held at 0, may enter
	nnlsPassive              // in P
	nnlsSkipped              // held at 0, failed to enter since P last changed
	nnlsDead                 // G_ii ≤ 0: held at 0 for good
)

// nnlsSolver solves min ½xᵀGx − cᵀx, x ≥ 0, for one G and many c.
// It holds G, k and scratch; one per goroutine (not safe for concurrent
// use); reuse across calls. solve allocates nothing.
type nnlsSolver struct {
	k         int
	maxPivots int       // 3k + 100
	g         []float64 // G, k × k row-major (a copy)
	// sq[i] = √G_ii and isq[i] = 1/√G_ii, both 0 where G_ii ≤ 0.
	sq, isq []float64
	dead    []bool

	// The factorization of G[P,P]: pos[:np] are P's variables in factor
	// order, l the lower Cholesky factor (row-major, stride k), inv the
	// reciprocals of its diagonal (multiplications keep divisions off the
	// substitutions' dependency chains) and y = L⁻¹ c[pos].
	l   []float64
	inv []float64
	pos []int
	np  int
	y   []float64

	state   []uint8
	skipped int       // how many variables are nnlsSkipped
	z       []float64 // solution on P, by factor position
	zValid  bool      // z is up to date with the factorization
	t       []float64 // back-substitution scratch
	w       []float64 // scaled gradient w_i/√G_ii at the outer check
	best    []float64 // best point found (for the iteration bound)
}

// newNNLSSolver returns a solver for k variables; setG must be called
// before solve.
func newNNLSSolver(k int) *nnlsSolver {
	return &nnlsSolver{
		k:         k,
		maxPivots: 3*k + 100,
		g:         make([]float64, k*k),
		sq:        make([]float64, k),
		isq:       make([]float64, k),
		dead:      make([]bool, k),
		l:         make([]float64, (k+1)*k), // one more row for c in start
		inv:       make([]float64, k),
		pos:       make([]int, k),
		y:         make([]float64, k),
		state:     make([]uint8, k),
		z:         make([]float64, k),
		t:         make([]float64, k),
		w:         make([]float64, k),
		best:      make([]float64, k),
	}
}

// setG copies G (k × k, row-major, symmetric positive semi-definite) and
// precomputes its scaled diagonal.
func (s *nnlsSolver) setG(g []float64) {
	k := s.k
	copy(s.g, g[:k*k])
	for i := range k {
		d := s.g[i*k+i]
		if d > 0 && d <= math.MaxFloat64 {
			s.sq[i] = math.Sqrt(d)
			s.isq[i] = 1 / s.sq[i]
			s.dead[i] = false
		} else {
			s.sq[i], s.isq[i], s.dead[i] = 0, 0, true
		}
	}
}

// solve sets x to argmin ½xᵀGx − cᵀx over x ≥ 0. On entry x is the warm
// start (non-negative; zeros, negatives and non-finite values count as 0).
// x and c must have at least k elements.
func (s *nnlsSolver) solve(x, c []float64) {
	k := s.k
	if k == 0 {
		return
	}
	x, c = x[:k], c[:k]
	sigmaC := 0.0
	for i, ci := range c {
		if v := math.Abs(ci) * s.isq[i]; v > sigmaC {
			sigmaC = v
		}
	}
	pivots := 0
	bestF := math.Inf(1)
	for round := 0; ; round++ {
		s.start(x, c)
		fresh := true
		for {
			if n := s.descend(x); n > 0 {
				pivots += n
				fresh = false
			}
			// x is optimal on P, so xᵀGx = cᵀx and f = −½ cᵀx.
			f, sigmaX := 0.0, 0.0
			for q := range s.np {
				j := s.pos[q]
				f += c[j] * x[j]
				if v := s.sq[j] * x[j]; v > sigmaX {
					sigmaX = v
				}
			}
			f *= -0.5
			if f < bestF {
				bestF = f
				copy(s.best, x)
			}
			if pivots >= s.maxPivots {
				if f > bestF {
					copy(x, s.best)
				}
				return
			}
			entered, n := s.enter(c, nnlsTol*max(sigmaC, sigmaX))
			pivots += n
			if !entered {
				break
			}
			fresh = false
		}
		if fresh || round > 0 {
			return
		}
	}
}

// start sets P to the support of x, factored in index order; variables
// that are dead, not positive and finite, or fail the pivot test are set
// to 0.
//
// The factorization is the left-looking (Crout) Cholesky of G[P,P], one
// column at a time, with c[P] carried as an extra last row so that it
// comes out as y = L⁻¹c[P]. Its result is the same, in exact arithmetic,
// as bordering L with each variable in turn (push), but the entries of a
// column are independent dot products, where bordering makes every entry
// wait for the previous one: for a warm start this is the main cost.
func (s *nnlsSolver) start(x, c []float64) {
	k := s.k
	s.skipped = 0
	s.zValid = false
	np := s.support(x)
	// Row a < np of l holds G[pos_a, pos_b] for b ≤ a, row np holds c[pos].
	for a, i := range s.pos[:np] {
		gi := s.g[i*k : i*k+k]
		la := s.l[a*k : a*k+a+1]
		for b, j := range s.pos[:a+1] {
			la[b] = gi[j]
		}
		s.l[np*k+a] = c[i]
	}
	for r := 0; r < np; {
		lr := s.l[r*k : r*k+r+1]
		j := s.pos[r]
		d := lr[r] - nnlsDot(lr[:r], lr[:r])
		if !(d > nnlsPivTol*s.g[j*k+j]) || d > math.MaxFloat64 {
			// Drop variable r: rows below (and the row of c) lose row
			// and column r.
			s.state[j] = nnlsActive
			x[j] = 0
			s.dropRow(r, np)
			np--
			continue
		}
		piv := math.Sqrt(d)
		lr[r] = piv
		inv := 1 / piv
		s.inv[r] = inv
		for i := r + 1; i <= np; i++ {
			li := s.l[i*k : i*k+r+1]
			li[r] = (li[r] - nnlsDot(li[:r], lr[:r])) * inv
		}
		r++
	}
	copy(s.y[:np], s.l[np*k:np*k+np])
	s.np = np
}

// support sets P to the positive, finite entries of x, in index order,
// sets the others to 0, and returns the size of P.
func (s *nnlsSolver) support(x []float64) int {
	np := 0
	for i := range s.k {
		switch v := x[i]; {
		case s.dead[i]:
			s.state[i] = nnlsDead
			x[i] = 0
		case v > 0 && v <= math.MaxFloat64:
			s.state[i] = nnlsPassive
			s.pos[np] = i
			np++
		default:
			s.state[i] = nnlsActive
			x[i] = 0
		}
	}
	return np
}

// dropRow takes variable r out of start's factorization of np variables:
// the rows below it (and the row of c) lose row and column r.
func (s *nnlsSolver) dropRow(r, np int) {
	k := s.k
	for i := r + 1; i <= np; i++ {
		src := s.l[i*k : i*k+min(i, np-1)+1]
		dst := s.l[(i-1)*k : (i-1)*k+len(src)-1]
		copy(dst[:r], src[:r])
		copy(dst[r:], src[r+1:])
		if i < np {
			s.pos[i-1] = s.pos[i]
		}
	}
}

// descend is the inner loop: it moves x to the minimizer on P, dropping
// variables from P as they reach 0, and returns how many it dropped. On
// return x[pos[q]] = z[q] > 0 for q < np, and z is valid.
func (s *nnlsSolver) descend(x []float64) int {
	dropped := 0
	for s.np > 0 {
		if !s.zValid {
			s.backsolve()
		}
		s.zValid = false
		np := s.np
		z, pos := s.z[:np], s.pos[:np]
		qmin, alpha := -1, 1.0
		for q, zq := range z {
			if zq > 0 {
				continue
			}
			// x_q > 0 except for a variable that just entered (then
			// z_q > 0) or after an underflowed step: the step is 0 then.
			a := 0.0
			if xq := x[pos[q]]; xq > 0 {
				a = xq / (xq - zq)
			}
			if qmin < 0 || a < alpha {
				qmin, alpha = q, a
			}
		}
		if qmin < 0 {
			for q, j := range pos {
				x[j] = z[q]
			}
			s.zValid = true
			return dropped
		}
		for q, j := range pos {
			x[j] += alpha * (z[q] - x[j])
		}
		x[pos[qmin]] = 0
		for q := np - 1; q >= 0; q-- {
			j := s.pos[q]
			if q == qmin || (s.z[q] <= 0 && !(x[j] > 0)) {
				x[j] = 0
				s.state[j] = nnlsActive
				s.remove(q)
				dropped++
			}
		}
	}
	s.zValid = true
	return dropped
}

// enter is the outer step, at a point optimal on P (z = x[P]): it enters
// the variable with the largest scaled gradient above thr and reports
// whether one entered, with the number of pivots tried. A candidate that
// fails the pivot test or would enter at a non-positive value is skipped
// until P changes.
func (s *nnlsSolver) enter(c []float64, thr float64) (bool, int) {
	k, np := s.k, s.np
	// w = c − Σ_q z_q G[pos_q,:] for all variables at once: rows of G
	// are contiguous and the k sums are independent, where k dot
	// products would each be a chain of dependent additions.
	w := s.w[:k]
	copy(w, c)
	for q, zq := range s.z[:np] {
		j := s.pos[q]
		row := s.g[j*k : j*k+k]
		w := w[:len(row)]
		for i, gv := range row {
			w[i] -= gv * zq
		}
	}
	for i, v := range s.isq[:k] {
		w[i] *= v
	}
	tried := 0
	for {
		j, wj := -1, thr
		for i := range k {
			if s.state[i] == nnlsActive && s.w[i] > wj {
				j, wj = i, s.w[i]
			}
		}
		if j < 0 {
			s.unskip()
			return false, tried
		}
		tried++
		if s.push(j, c) {
			s.backsolve()
			if s.z[s.np-1] > 0 {
				s.state[j] = nnlsPassive
				s.zValid = true
				s.unskip()
				return true, tried
			}
			s.np-- // the last row of L and element of y are simply dropped
		}
		s.state[j] = nnlsSkipped
		s.skipped++
	}
}

// unskip makes skipped variables candidates again.
func (s *nnlsSolver) unskip() {
	if s.skipped == 0 {
		return
	}
	for i, st := range s.state {
		if st == nnlsSkipped {
			s.state[i] = nnlsActive
		}
	}
	s.skipped = 0
}

// push appends variable j to P, bordering L with the row
// l = L⁻¹G[P,j] and pivot √(G_jj − lᵀl), and y with (c_j − lᵀy)/pivot.
// It reports false, leaving P unchanged, if the pivot is not above
// nnlsPivTol·G_jj (or not finite).
func (s *nnlsSolver) push(j int, c []float64) bool {
	k, p := s.k, s.np
	gj := s.g[j*k : j*k+k]
	row := s.l[p*k : p*k+p+1]
	gjj := gj[j]
	d, yj := gjj, c[j]
	for r := range p {
		v := (gj[s.pos[r]] - nnlsDot(s.l[r*k:r*k+r], row[:r])) * s.inv[r]
		row[r] = v
		d -= v * v
		yj -= v * s.y[r]
	}
	if !(d > nnlsPivTol*gjj) || d > math.MaxFloat64 {
		return false
	}
	piv := math.Sqrt(d)
	row[p] = piv
	s.inv[p] = 1 / piv
	s.y[p] = yj * s.inv[p]
	s.pos[p] = j
	s.np++
	return true
}

// remove deletes position q from P: row q of L goes, which leaves a
// superdiagonal in rows q.. that Givens rotations of column pairs
// (a, a+1) clear, applied to y as well; the last column and the last
// element of y are then dropped.
func (s *nnlsSolver) remove(q int) {
	k, p := s.k, s.np
	for r := q + 1; r < p; r++ {
		copy(s.l[(r-1)*k:(r-1)*k+r+1], s.l[r*k:r*k+r+1])
		s.pos[r-1] = s.pos[r]
	}
	for a := q; a < p-1; a++ {
		// Row a holds α at column a and β > 0 (an old diagonal) at a+1.
		ra := s.l[a*k : a*k+a+2]
		alpha, beta := ra[a], ra[a+1]
		rho := math.Hypot(alpha, beta)
		cs, sn := alpha/rho, beta/rho
		ra[a], ra[a+1] = rho, 0
		s.inv[a] = 1 / rho
		for r := a + 1; r < p-1; r++ {
			u, v := s.l[r*k+a], s.l[r*k+a+1]
			s.l[r*k+a] = cs*u + sn*v
			s.l[r*k+a+1] = cs*v - sn*u
		}
		u, v := s.y[a], s.y[a+1]
		s.y[a] = cs*u + sn*v
		s.y[a+1] = cs*v - sn*u
	}
	s.np--
	s.zValid = false
}

// backsolve sets z[:np] = L⁻ᵀy, the minimizer on P, by column-oriented
// back substitution (rows of L are contiguous).
func (s *nnlsSolver) backsolve() {
	k, p := s.k, s.np
	t := s.t[:p]
	copy(t, s.y[:p])
	for i := p - 1; i >= 0; i-- {
		li := s.l[i*k : i*k+i]
		zi := t[i] * s.inv[i]
		s.z[i] = zi
		for r, a := range li {
			t[r] -= a * zi
		}
	}
}

// nnlsDot is Σ a_i b_i over len(a) ≤ len(b) elements, with four
// accumulators (in a fixed order) so that the additions do not form one
// dependency chain.
func nnlsDot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}
