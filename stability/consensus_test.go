package stability

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

func TestConsensusByHand(t *testing.T) {
	c, err := NewConsensus(4)
	if err != nil {
		t.Fatal(err)
	}
	// Run 1: all present, labels 0 0 1 1.
	// Run 2: document 3 absent (its label is not read), labels 5 7 7.
	// Run 3: all present, labels 2 2 2 9.
	runs := []struct {
		labels  []int
		present []bool
	}{
		{[]int{0, 0, 1, 1}, nil},
		{[]int{5, 7, 7, 7}, []bool{true, true, true, false}},
		{[]int{2, 2, 2, 9}, []bool{true, true, true, true}},
	}
	for _, r := range runs {
		if err := c.Add(r.labels, r.present); err != nil {
			t.Fatal(err)
		}
	}
	if c.Runs() != 3 || c.N() != 4 {
		t.Fatalf("Runs %d N %d", c.Runs(), c.N())
	}
	// Pairs with document 3 were co-sampled in runs 1 and 3, the others
	// in all three.
	// (0,1): together in runs 1 and 3: 2/3.  (0,2): run 3: 1/3.
	// (0,3): never: 0/2.  (1,2): runs 2 and 3: 2/3.  (1,3): 0/2.
	// (2,3): run 1: 1/2.
	want := mat.NewSymDense(4, []float64{
		1, 2.0 / 3, 1.0 / 3, 0,
		0, 1, 2.0 / 3, 0,
		0, 0, 1, 0.5,
		0, 0, 0, 1,
	})
	if got := c.Matrix(); !mat.Equal(got, want) {
		t.Fatalf("got\n%v\nwant\n%v", mat.Formatted(got), mat.Formatted(want))
	}
	// Dispersion: diagonal 4·(1/2)² = 1 each (4); 2/3 and 1/3 give
	// 4·(1/6)² = 1/9, three such pairs; 0 gives 1, two pairs; 1/2 gives 0.
	// (4 + 2·(3·1/9 + 2·1 + 0)) / 16 = (4 + 2/3 + 4)/16 = 26/48 = 13/24.
	if got := Dispersion(c.Matrix()); math.Abs(got-13.0/24) > 1e-15 {
		t.Fatalf("dispersion %v, want 13/24 = %v", got, 13.0/24)
	}
}

func TestConsensusNeverPresent(t *testing.T) {
	c, _ := NewConsensus(3)
	if got := c.Matrix(); !mat.Equal(got, mat.NewSymDense(3, nil)) {
		t.Fatalf("before any run: %v", mat.Formatted(got))
	}
	// Document 1 is never present: its row and its diagonal entry are 0.
	for _, labels := range [][]int{{0, 0, 0}, {0, 1, 1}} {
		if err := c.Add(labels, []bool{true, false, true}); err != nil {
			t.Fatal(err)
		}
	}
	want := mat.NewSymDense(3, []float64{
		1, 0, 0.5,
		0, 0, 0,
		0.5, 0, 1,
	})
	if got := c.Matrix(); !mat.Equal(got, want) {
		t.Fatalf("got\n%v", mat.Formatted(got))
	}
}

func TestConsensusErrors(t *testing.T) {
	for _, n := range []int{0, -1} {
		if _, err := NewConsensus(n); !errors.Is(err, ErrInput) {
			t.Errorf("NewConsensus(%d): %v", n, err)
		}
	}
	c, _ := NewConsensus(3)
	for _, tc := range []struct {
		labels  []int
		present []bool
	}{
		{[]int{0, 1}, nil},
		{[]int{0, 1, 2, 3}, nil},
		{[]int{0, 1, 2}, []bool{true}},
	} {
		if err := c.Add(tc.labels, tc.present); !errors.Is(err, ErrInput) {
			t.Errorf("Add(%v, %v): %v", tc.labels, tc.present, err)
		}
	}
	if c.Runs() != 0 {
		t.Fatal("a refused run was counted")
	}
	// The zero value follows no document, and does not panic.
	var zero Consensus
	if err := zero.Add([]int{0}, nil); !errors.Is(err, ErrInput) {
		t.Errorf("zero value Add: %v", err)
	}
	if m := zero.Matrix(); m.SymmetricDim() != 0 {
		t.Errorf("zero value Matrix: %v", m.SymmetricDim())
	}
}

func TestDispersion(t *testing.T) {
	// [[1, 3/4], [3/4, 1]]: 4·(1/2)² twice and 4·(1/4)² twice:
	// (2 + 1/2)/4 = 5/8.
	if got := Dispersion(mat.NewSymDense(2, []float64{1, 0.75, 0.75, 1})); got != 5.0/8 {
		t.Errorf("got %v, want 5/8", got)
	}
	// All ½: 0.
	if got := Dispersion(mat.NewSymDense(3, []float64{0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5})); got != 0 {
		t.Errorf("got %v, want 0", got)
	}
	if got := Dispersion(&mat.SymDense{}); !math.IsNaN(got) {
		t.Errorf("empty: got %v, want NaN", got)
	}
}

// blocks returns the crisp consensus of labels: 1 within, 0 across.
func blocks(labels []int) *mat.SymDense {
	n := len(labels)
	c := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			if labels[i] == labels[j] {
				c.SetSym(i, j, 1)
			}
		}
	}
	return c
}

func TestCrisp(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{3, 10, 57} {
		labels := make([]int, n)
		for i := range labels {
			labels[i] = rng.IntN(4)
		}
		labels[0], labels[1] = 0, 1 // two blocks at least
		c := blocks(labels)
		r, err := Cophenetic(c)
		if err != nil {
			t.Fatal(err)
		}
		if r != 1 {
			t.Errorf("n = %d: cophenetic %v, want 1", n, r)
		}
		if d := Dispersion(c); d != 1 {
			t.Errorf("n = %d: dispersion %v, want 1", n, d)
		}
		// The same through Consensus, runs that all agree up to the names.
		cons, _ := NewConsensus(n)
		for run := range 3 {
			perm := make([]int, n)
			for i, l := range labels {
				perm[i] = (l + run) * 7
			}
			if err := cons.Add(perm, nil); err != nil {
				t.Fatal(err)
			}
		}
		if !mat.Equal(cons.Matrix(), c) {
			t.Errorf("n = %d: Consensus of agreeing runs is not crisp", n)
		}
	}
}

func TestCopheneticByHand(t *testing.T) {
	// Distances 1 − C, pairs (01, 02, 03, 12, 13, 23):
	//   0.1  0.5  0.8  0.4  0.9  0.6
	// UPGMA: {0,1} at 0.1; then d({0,1}, 2) = (0.5 + 0.4)/2 = 0.45,
	// d({0,1}, 3) = (0.8 + 0.9)/2 = 0.85, d(2, 3) = 0.6: {0,1,2} at 0.45;
	// then d({0,1,2}, 3) = (2·0.85 + 0.6)/3 = 2.3/3 = 23/30.
	// Cophenetic distances: 0.1 0.45 23/30 0.45 23/30 23/30.
	// Both means are 3.3/6 = 0.55. Centred:
	//   x = −.45 −.05 .25 −.15 .35 .05
	//   y = −.45 −.10 13/60 −.10 13/60 13/60
	// Σxy = .2025 + .005 + .015 + (.25 + .35 + .05)·13/60 = .2225 + 8.45/60 = 109/300
	// Σxx = .2025 + .0025 + .0625 + .0225 + .1225 + .0025 = .415
	// Σyy = .2025 + .01 + .01 + 3·169/3600 = .2225 + 507/3600 = 109/300
	// r = (109/300)/sqrt(.415·109/300) = sqrt(109/124.5) = sqrt(218/249).
	c := mat.NewSymDense(4, []float64{
		1, 0.9, 0.5, 0.2,
		0.9, 1, 0.6, 0.1,
		0.5, 0.6, 1, 0.4,
		0.2, 0.1, 0.4, 1,
	})
	want := math.Sqrt(218.0 / 249)
	r, err := Cophenetic(c)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r-want) > 1e-15 {
		t.Errorf("got %v, want sqrt(218/249) = %v", r, want)
	}
	h := upgma(condensed(c), 4)
	wantH := []float64{0.1, 0.45, 23.0 / 30, 0.45, 23.0 / 30, 23.0 / 30}
	for q := range h {
		if math.Abs(h[q]-wantH[q]) > 1e-15 {
			t.Errorf("cophenetic distances %v, want %v", h, wantH)
			break
		}
	}
}

// condensed returns 1 − C over the pairs i < j in row order.
func condensed(c *mat.SymDense) []float64 {
	n := c.SymmetricDim()
	var d []float64
	for i := range n {
		for j := i + 1; j < n; j++ {
			d = append(d, 1-c.At(i, j))
		}
	}
	return d
}

// naiveUPGMA is average linkage from its definition: at each step the two
// clusters with the least mean distance between their members (computed
// afresh from the original distances) merge, and their members' pairs get
// that height. O(n³); independent of the Lance–Williams update.
func naiveUPGMA(d []float64, n int) []float64 {
	idx := func(i, j int) int {
		if i > j {
			i, j = j, i
		}
		return n*i - i*(i+1)/2 + j - i - 1
	}
	clusters := make([][]int, n)
	for i := range clusters {
		clusters[i] = []int{i}
	}
	h := make([]float64, len(d))
	for len(clusters) > 1 {
		ba, bb, best := -1, -1, math.Inf(1)
		for a := range clusters {
			for b := a + 1; b < len(clusters); b++ {
				sum := 0.0
				for _, i := range clusters[a] {
					for _, j := range clusters[b] {
						sum += d[idx(i, j)]
					}
				}
				if mean := sum / float64(len(clusters[a])*len(clusters[b])); mean < best {
					ba, bb, best = a, b, mean
				}
			}
		}
		for _, i := range clusters[ba] {
			for _, j := range clusters[bb] {
				h[idx(i, j)] = best
			}
		}
		clusters[ba] = append(clusters[ba], clusters[bb]...)
		clusters = append(clusters[:bb], clusters[bb+1:]...)
	}
	return h
}

func randomConsensus(rng *rand.Rand, n int) *mat.SymDense {
	c := mat.NewSymDense(n, nil)
	for i := range n {
		c.SetSym(i, i, 1)
		for j := i + 1; j < n; j++ {
			c.SetSym(i, j, rng.Float64())
		}
	}
	return c
}

func TestCopheneticNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{3, 5, 8, 13, 21, 40} {
		for range 5 {
			c := randomConsensus(rng, n)
			d := condensed(c)
			want := naiveUPGMA(d, n)
			got := upgma(condensed(c), n)
			for q := range got {
				if math.Abs(got[q]-want[q]) > 1e-12 {
					t.Fatalf("n = %d: cophenetic distance %d: %v, naive %v", n, q, got[q], want[q])
				}
			}
			r, err := Cophenetic(c)
			if err != nil {
				t.Fatal(err)
			}
			if wantR := stat.Correlation(d, want, nil); math.Abs(r-wantR) > 1e-12 {
				t.Fatalf("n = %d: r = %v, from the naive tree and gonum's Pearson %v", n, r, wantR)
			}
		}
	}
}

type scipyCase struct {
	Name                string      `json:"name"`
	N                   int         `json:"n"`
	C                   [][]float64 `json:"c"`
	Cophenetic          float64     `json:"cophenetic"`
	CopheneticDistances []float64   `json:"cophenetic_distances"`
	Dispersion          float64     `json:"dispersion"`
	Runs                []struct {
		Labels  []int  `json:"labels"`
		Present []bool `json:"present"`
	} `json:"runs"`
}

func TestScipy(t *testing.T) {
	raw, err := os.ReadFile("testdata/cophenetic.json")
	if err != nil {
		t.Fatal(err)
	}
	var fixture struct {
		Cases []scipyCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &fixture); err != nil {
		t.Fatal(err)
	}
	if len(fixture.Cases) == 0 {
		t.Fatal("no cases")
	}
	for _, tc := range fixture.Cases {
		n := tc.N
		var c *mat.SymDense
		if tc.C != nil {
			data := make([]float64, 0, n*n)
			for _, row := range tc.C {
				data = append(data, row...)
			}
			c = mat.NewSymDense(n, data)
		}
		if tc.Runs != nil {
			cons, _ := NewConsensus(n)
			for _, r := range tc.Runs {
				if err := cons.Add(r.Labels, r.Present); err != nil {
					t.Fatal(err)
				}
			}
			got := cons.Matrix()
			if c == nil {
				c = got
			} else if !mat.Equal(got, c) {
				t.Errorf("%s: Consensus differs from the script's matrix", tc.Name)
			}
		}
		maxDiff := 0.0
		if tc.CopheneticDistances != nil {
			h := upgma(condensed(c), n)
			for q := range h {
				maxDiff = max(maxDiff, math.Abs(h[q]-tc.CopheneticDistances[q]))
			}
			if maxDiff != 0 { // the same operations in the same order
				t.Errorf("%s: cophenetic distances differ from scipy's by up to %g", tc.Name, maxDiff)
			}
		}
		r, err := Cophenetic(c)
		if err != nil {
			t.Fatalf("%s: %v", tc.Name, err)
		}
		if math.Abs(r-tc.Cophenetic) > 1e-14 {
			t.Errorf("%s: cophenetic %v, scipy %v (diff %g)", tc.Name, r, tc.Cophenetic, r-tc.Cophenetic)
		}
		d := Dispersion(c)
		if math.Abs(d-tc.Dispersion) > 1e-15 {
			t.Errorf("%s: dispersion %v, numpy %v", tc.Name, d, tc.Dispersion)
		}
		t.Logf("%s: n %d, cophenetic %v (%+g from scipy), cophenetic distances %g from scipy's, dispersion %+g from numpy",
			tc.Name, n, r, r-tc.Cophenetic, maxDiff, d-tc.Dispersion)
	}
}

func TestCopheneticErrors(t *testing.T) {
	if r, err := Cophenetic(nil); !errors.Is(err, ErrInput) || !math.IsNaN(r) {
		t.Errorf("nil: %v, %v", r, err)
	}
	if d := Dispersion(nil); !math.IsNaN(d) {
		t.Errorf("Dispersion(nil) = %v", d)
	}
	one := mat.NewSymDense(1, []float64{1})
	if _, err := Cophenetic(one); !errors.Is(err, ErrInput) {
		t.Errorf("1 × 1: %v", err)
	}
	if _, err := Cophenetic(&mat.SymDense{}); !errors.Is(err, ErrInput) {
		t.Errorf("empty: %v", err)
	}
	nan := mat.NewSymDense(3, []float64{1, 0.5, 0.5, 0.5, 1, math.NaN(), 0.5, math.NaN(), 1})
	if _, err := Cophenetic(nan); !errors.Is(err, ErrInput) {
		t.Errorf("NaN: %v", err)
	}
	inf := mat.NewSymDense(2, []float64{1, math.Inf(1), math.Inf(1), 1})
	if _, err := Cophenetic(inf); !errors.Is(err, ErrInput) {
		t.Errorf("Inf: %v", err)
	}
	// Equal distances: one pair, or a constant consensus.
	for _, c := range []*mat.SymDense{
		mat.NewSymDense(2, []float64{1, 0.3, 0.3, 1}),
		blocks([]int{4, 4, 4, 4}),
		mat.NewSymDense(3, []float64{0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5}),
	} {
		r, err := Cophenetic(c)
		if !errors.Is(err, ErrUndefined) || !math.IsNaN(r) {
			t.Errorf("constant %v: got %v, %v; want NaN and ErrUndefined", mat.Formatted(c), r, err)
		}
	}
}

func TestCopheneticDeterministic(t *testing.T) {
	// A consensus of 20 noisy runs over 300 documents, full of ties.
	rng := rand.New(rand.NewPCG(13, 14))
	c := simulatedConsensus(rng, 300, 5, 20)
	before := mat.DenseCopyOf(c)
	r1, err := Cophenetic(c)
	if err != nil {
		t.Fatal(err)
	}
	r2, _ := Cophenetic(c)
	if r1 != r2 {
		t.Fatalf("%v then %v", r1, r2)
	}
	if !mat.Equal(before, c) {
		t.Fatal("Cophenetic changed its input")
	}
	if r1 <= 0.5 || r1 >= 1 {
		t.Fatalf("cophenetic %v of a noisy 5-cluster consensus", r1)
	}
}

// simulatedConsensus runs a noisy clustering of n documents in k groups
// nruns times, each on 80% of the documents, and returns the consensus.
func simulatedConsensus(rng *rand.Rand, n, k, nruns int) *mat.SymDense {
	cons, err := NewConsensus(n)
	if err != nil {
		panic(err)
	}
	labels := make([]int, n)
	present := make([]bool, n)
	for range nruns {
		for i := range n {
			labels[i] = i % k
			if rng.Float64() < 0.2 {
				labels[i] = rng.IntN(k)
			}
			present[i] = rng.Float64() < 0.8
		}
		if err := cons.Add(labels, present); err != nil {
			panic(err)
		}
	}
	return cons.Matrix()
}
