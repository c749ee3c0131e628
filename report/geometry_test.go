package report

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestJensenShannon(t *testing.T) {
	// Worked by hand: m = (0.75, 0.25); KL(p‖m) = ½ log₂(2/3) + ½ log₂ 2 =
	// 0.207519, KL(q‖m) = log₂(4/3) = 0.415037; divergence 0.311278 bits.
	cases := []struct {
		p, q []float64
		want float64
	}{
		{[]float64{0.5, 0.5}, []float64{1, 0}, 0.5579230452841438},
		{[]float64{0.2, 0.3, 0.5}, []float64{0.6, 0.3, 0.1}, 0.42483175931401423},
		{[]float64{1, 0}, []float64{0, 1}, 1}, // nothing in common
		{[]float64{0.25, 0.75}, []float64{0.25, 0.75}, 0},
	}
	for _, c := range cases {
		if got := JensenShannon(c.p, c.q); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("JensenShannon(%v, %v) = %v, want %v", c.p, c.q, got, c.want)
		}
		if a, b := JensenShannon(c.p, c.q), JensenShannon(c.q, c.p); a != b {
			t.Errorf("not symmetric: %v and %v", a, b)
		}
	}
}

func TestClassicalScalingCollinear(t *testing.T) {
	// Points 0, 1 and 3 on a line: centred at 4/3, they are -4/3, -1/3
	// and 5/3 on the first axis (the sign that makes 5/3 positive) and 0
	// on the second, whose eigenvalue is 0.
	d := [][]float64{{0, 1, 3}, {1, 0, 2}, {3, 2, 0}}
	got := ClassicalScaling(d)
	want := [][2]float64{{-4.0 / 3, 0}, {-1.0 / 3, 0}, {5.0 / 3, 0}}
	for i := range want {
		for a := range 2 {
			if math.Abs(got[i][a]-want[i][a]) > 1e-9 {
				t.Fatalf("ClassicalScaling = %v, want %v", got, want)
			}
		}
	}
}

// TestClassicalScalingRecoversPlane checks that distances between points
// of a plane come back exactly (up to a rigid motion, which distances do
// not see), as classical scaling guarantees for Euclidean distances.
func TestClassicalScalingRecoversPlane(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pts := make([][2]float64, 12)
	for i := range pts {
		pts[i] = [2]float64{rng.NormFloat64() * 3, rng.NormFloat64()}
	}
	d := make([][]float64, len(pts))
	for i := range pts {
		d[i] = make([]float64, len(pts))
		for j := range pts {
			d[i][j] = math.Hypot(pts[i][0]-pts[j][0], pts[i][1]-pts[j][1])
		}
	}
	got := ClassicalScaling(d)
	for i := range got {
		for j := range got {
			if e := math.Hypot(got[i][0]-got[j][0], got[i][1]-got[j][1]); math.Abs(e-d[i][j]) > 1e-9 {
				t.Fatalf("distance %d-%d is %v, want %v", i, j, e, d[i][j])
			}
		}
	}
	// The first axis holds the larger spread (x, scaled by 3).
	var sx, sy float64
	for _, p := range got {
		sx, sy = sx+p[0]*p[0], sy+p[1]*p[1]
	}
	if sx <= sy {
		t.Errorf("first axis spread %v ≤ second %v", sx, sy)
	}
}

func TestClassicalScalingSmall(t *testing.T) {
	if got := ClassicalScaling([][]float64{{0}}); got[0] != [2]float64{} {
		t.Errorf("one point at %v, want the origin", got[0])
	}
	got := ClassicalScaling([][]float64{{0, 2}, {2, 0}})
	if math.Abs(got[0][0]-got[1][0]) != 2 && math.Abs(math.Abs(got[0][0]-got[1][0])-2) > 1e-12 {
		t.Errorf("two points at %v, want 2 apart", got)
	}
}

func TestRelevance(t *testing.T) {
	// 0.6 ln 0.1 + 0.4 ln 5, worked by hand.
	if got := Relevance(0.1, 0.02, 0.6); math.Abs(got-(-0.737775890822787)) > 1e-12 {
		t.Errorf("Relevance(0.1, 0.02, 0.6) = %v", got)
	}
	if got := Relevance(0.1, 0.02, 1); math.Abs(got-math.Log(0.1)) > 1e-15 {
		t.Errorf("λ = 1 gives %v, want log p(w|t)", got)
	}
	if got := Relevance(0.1, 0.02, 0); math.Abs(got-math.Log(5)) > 1e-15 {
		t.Errorf("λ = 0 gives %v, want the lift's log", got)
	}
}

// TestCandidatesHoldEveryTop checks candidates, which ranks only the
// terms fewer than Bars others dominate, against ranking the whole
// vocabulary at every λ step.
func TestCandidatesHoldEveryTop(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 20 {
		n := 40 + rng.IntN(2000)
		pwt, pw := randomDistribution(rng, n, 0.3), randomDistribution(rng, n, 0)
		for i := range pw { // p(w) ≥ p(t) p(w|t), as in a model
			pw[i] = 0.2*pwt[i] + 0.8*pw[i]
		}
		if trial%4 == 0 { // ties: equal weights
			for i := range pwt {
				pwt[i] = math.Round(pwt[i]*1e4) / 1e4
			}
		}
		want := bruteCandidates(pwt, pw)
		if got := candidates(pwt, pw); !slices.Equal(got, want) {
			t.Fatalf("trial %d: %d candidates, want %d\n got  %v\n want %v", trial, len(got), len(want), got, want)
		}
	}
}

func bruteCandidates(pwt, pw []float64) []int {
	keep := map[int]bool{}
	for step := 0; step <= lambdaSteps; step++ {
		lambda := float64(step) / lambdaSteps
		var all []int
		for i := range pwt {
			if pwt[i] > 0 {
				all = append(all, i)
			}
		}
		slices.SortStableFunc(all, func(a, b int) int {
			ra, rb := Relevance(pwt[a], pw[a], lambda), Relevance(pwt[b], pw[b], lambda)
			if ra != rb {
				if ra > rb {
					return -1
				}
				return 1
			}
			return a - b
		})
		for _, i := range all[:min(Bars, len(all))] {
			keep[i] = true
		}
	}
	var out []int
	for i := range keep {
		out = append(out, i)
	}
	slices.Sort(out)
	return out
}

// randomDistribution returns n heavy-tailed weights summing to 1, a share
// zero of them 0.
func randomDistribution(rng *rand.Rand, n int, zero float64) []float64 {
	p := make([]float64, n)
	s := 0.0
	for i := range p {
		if rng.Float64() >= zero {
			p[i] = math.Exp(3 * rng.NormFloat64())
			s += p[i]
		}
	}
	for i := range p {
		p[i] /= s
	}
	return p
}
