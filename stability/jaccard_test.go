package stability

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func words(s string) []string { return strings.Fields(s) }

func TestAverageJaccardByHand(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		t    int
		want float64
	}{
		// d=1: {x} vs {y}: 0/2; d=2: {x,y} vs {y,x}: 2/2;
		// d=3: {x,y,z} vs {y,x,w}: 2/4. (0 + 1 + 1/2)/3 = 1/2.
		{"x y z", "y x w", 3, 0.5},
		// Only the first t items count: d=1: 0, d=2: 1. (0 + 1)/2.
		{"x y z", "y x w", 2, 0.5},
		// d=1: 0/2. 0.
		{"x y z", "y x w", 1, 0},
		// Identical lists: 1 at every depth.
		{"a b c d", "a b c d", 4, 1},
		// Disjoint lists.
		{"a b c", "d e f", 3, 0},
		// Short lists: d=1: {x} vs {x}: 1; d=2 and d=3: {x,y} vs {x,z}:
		// 1/3 (the sets stop growing). (1 + 1/3 + 1/3)/3 = 5/9.
		{"x y", "x z", 3, 5.0 / 9},
		// One list shorter: d=1: 1/1; d=2: {a} vs {a,b}: 1/2;
		// d=3: {a} vs {a,b,c}: 1/3. (1 + 1/2 + 1/3)/3 = 11/18.
		{"a", "a b c", 3, 11.0 / 18},
		// A repeated item counts once: d=1: {x} vs {x}: 1; d=2: {x} vs
		// {x,y}: 1/2; d=3: {x,y} vs {x,y,z}: 2/3. (1 + 1/2 + 2/3)/3 = 13/18.
		{"x x y", "x y z", 3, 13.0 / 18},
		// Empty lists agree with nothing.
		{"", "", 3, 0},
		{"a", "", 2, 0},
		// t < 1.
		{"a", "a", 0, 0},
		{"a", "a", -2, 0},
	} {
		a, b := words(tc.a), words(tc.b)
		got := AverageJaccard(a, b, tc.t)
		if math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("AJ(%q, %q, %d) = %v, want %v", tc.a, tc.b, tc.t, got, tc.want)
		}
		if back := AverageJaccard(b, a, tc.t); back != got {
			t.Errorf("AJ(%q, %q, %d) = %v but AJ(b, a) = %v", tc.a, tc.b, tc.t, got, back)
		}
	}
}

// naiveAJ is AverageJaccard written from its definition with sets.
func naiveAJ(a, b []string, t int) float64 {
	sum := 0.0
	for d := 1; d <= t; d++ {
		sa := map[string]bool{}
		for _, x := range a[:min(d, len(a))] {
			sa[x] = true
		}
		sb := map[string]bool{}
		for _, x := range b[:min(d, len(b))] {
			sb[x] = true
		}
		inter := 0
		for x := range sa {
			if sb[x] {
				inter++
			}
		}
		if union := len(sa) + len(sb) - inter; union > 0 {
			sum += float64(inter) / float64(union)
		}
	}
	return sum / float64(t)
}

func randomTopic(rng *rand.Rand, vocab, length int) []string {
	topic := make([]string, length)
	for i := range topic {
		topic[i] = string(rune('a' + rng.IntN(vocab)))
	}
	return topic
}

func TestAverageJaccardNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		a := randomTopic(rng, 8, rng.IntN(7))
		b := randomTopic(rng, 8, rng.IntN(7))
		depth := 1 + rng.IntN(8)
		got, want := AverageJaccard(a, b, depth), naiveAJ(a, b, depth)
		if math.Abs(got-want) > 1e-15 {
			t.Fatalf("AJ(%v, %v, %d) = %v, naive %v", a, b, depth, got, want)
		}
	}
}

func TestAgreementByHand(t *testing.T) {
	ref := [][]string{words("a b c"), words("d e f")}
	other := [][]string{words("d e g"), words("a c b")}
	// AJ(abc, deg) = 0 and AJ(def, acb) = 0: nothing shared.
	// AJ(abc, acb): d=1 {a}/{a}: 1; d=2 {a,b} vs {a,c}: 1/3; d=3: 3/3.
	//   (1 + 1/3 + 1)/3 = 7/9.
	// AJ(def, deg): d=1: 1; d=2: 1; d=3: {d,e,f} vs {d,e,g}: 2/4.
	//   (1 + 1 + 1/2)/3 = 5/6.
	// The matching 0→1, 1→0 scores (7/9 + 5/6)/2 = (14/18 + 15/18)/2 = 29/36.
	score, match, err := Agreement(ref, other, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(match, []int{1, 0}) || math.Abs(score-29.0/36) > 1e-15 {
		t.Fatalf("got %v %v, want 29/36 = %v [1 0]", score, match, 29.0/36)
	}

	// Three topics in another order, t = 2:
	//   ref:   [a b]  [c a]  [e f]      other: [c b]  [e f]  [a b]
	//   AJ(ab, ab) = (1 + 1)/2 = 1;  AJ(ab, cb) = (0 + 1/3)/2 = 1/6
	//   AJ(ca, cb) = (1 + 1/3)/2 = 2/3;  AJ(ca, ab) = (0 + 1/3)/2 = 1/6
	//   AJ(ef, ef) = 1; every other pair shares nothing: 0.
	// Best: 0→2, 1→0, 2→1, scoring (1 + 2/3 + 1)/3 = 8/9.
	ref = [][]string{words("a b"), words("c a"), words("e f")}
	other = [][]string{words("c b"), words("e f"), words("a b")}
	score, match, err = Agreement(ref, other, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(match, []int{2, 0, 1}) || math.Abs(score-8.0/9) > 1e-15 {
		t.Fatalf("got %v %v, want 8/9 [2 0 1]", score, match)
	}
}

func TestAgreementGreedyFails(t *testing.T) {
	// t = 3. ref: [a b c], [b c d]; other: [b a c], [a e f].
	// AJ(abc, bac): d=1 {a} vs {b}: 0; d=2: 2/2; d=3: 3/3. → 2/3.
	// AJ(abc, aef): d=1: 1; d=2 {a,b} vs {a,e}: 1/3; d=3 {a,b,c} vs
	//   {a,e,f}: 1/5. → (1 + 1/3 + 1/5)/3 = 23/45.
	// AJ(bcd, bac): d=1: 1; d=2 {b,c} vs {b,a}: 1/3; d=3 {b,c,d} vs
	//   {b,a,c}: 2/4. → (1 + 1/3 + 1/2)/3 = 11/18.
	// AJ(bcd, aef): 0.
	// Greedy takes the largest, 2/3, and is left with 0: 2/3 in all.
	// The other matching: 23/45 + 11/18 = 46/90 + 55/90 = 101/90, so
	// match = [1 0] and score = 101/180.
	ref := [][]string{words("a b c"), words("b c d")}
	other := [][]string{words("b a c"), words("a e f")}
	score, match, err := Agreement(ref, other, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(match, []int{1, 0}) || math.Abs(score-101.0/180) > 1e-15 {
		t.Fatalf("got %v %v, want 101/180 = %v [1 0]", score, match, 101.0/180)
	}
}

func TestAgreementTie(t *testing.T) {
	// ref: [a b c], [a b e]; other: [a b d], [b x y]; t = 3.
	// AJ(abc, abd) = AJ(abe, abd): d=1: 1; d=2: 1; d=3: 2/4. → 5/6.
	// AJ(abc, bxy) = AJ(abe, bxy): d=1: 0; d=2 {a,b} vs {b,x}: 1/3;
	//   d=3: 1/5. → (1/3 + 1/5)/3 = 8/45.
	// Both matchings score (5/6 + 8/45)/2; the one returned is fixed.
	ref := [][]string{words("a b c"), words("a b e")}
	other := [][]string{words("a b d"), words("b x y")}
	s1, m1, err := Agreement(ref, other, 3)
	if err != nil {
		t.Fatal(err)
	}
	s2, m2, _ := Agreement(ref, other, 3)
	if s1 != s2 || !slices.Equal(m1, m2) || math.Abs(s1-(5.0/6+8.0/45)/2) > 1e-15 {
		t.Fatalf("tie: %v %v then %v %v, want (5/6 + 8/45)/2", s1, m1, s2, m2)
	}
}

func TestAgreementBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 300 {
		k := 1 + rng.IntN(5)
		l := k + rng.IntN(3)
		depth := 1 + rng.IntN(6)
		ref := make([][]string, k)
		for i := range ref {
			ref[i] = randomTopic(rng, 10, 1+rng.IntN(7))
		}
		other := make([][]string, l)
		for i := range other {
			other[i] = randomTopic(rng, 10, 1+rng.IntN(7))
		}
		score, match, err := Agreement(ref, other, depth)
		if err != nil {
			t.Fatal(err)
		}
		negSim := make([][]float64, k)
		for i := range k {
			negSim[i] = make([]float64, l)
			for j := range l {
				negSim[i][j] = -naiveAJ(ref[i], other[j], depth)
			}
		}
		seen := make([]bool, l)
		sum := 0.0
		for i, j := range match {
			if j < 0 || j >= l || seen[j] {
				t.Fatalf("match %v is not one to one into %d topics", match, l)
			}
			seen[j] = true
			sum -= negSim[i][j]
		}
		if math.Abs(score-sum/float64(k)) > 1e-15 {
			t.Fatalf("score %v, but the matched pairs give %v", score, sum/float64(k))
		}
		best := -bruteAssign(negSim) / float64(k)
		if math.Abs(score-best) > 1e-12 {
			t.Fatalf("score %v, brute force %v (ref %v other %v t %d)", score, best, ref, other, depth)
		}
	}
}

func TestAgreementPermuted(t *testing.T) {
	// other holds ref's topics in another order, plus one more.
	ref := [][]string{words("a b c d"), words("e f g h"), words("i j k l"), words("m n o p")}
	other := [][]string{ref[2], words("q r s t"), ref[0], ref[3], ref[1]}
	score, match, err := Agreement(ref, other, 4)
	if err != nil {
		t.Fatal(err)
	}
	if score != 1 || !slices.Equal(match, []int{2, 4, 0, 3}) {
		t.Fatalf("got %v %v, want 1 [2 4 0 3]", score, match)
	}
}

func TestAgreementErrors(t *testing.T) {
	one := [][]string{words("a b")}
	two := [][]string{words("a b"), words("c d")}
	for _, tc := range []struct {
		name       string
		ref, other [][]string
		t          int
	}{
		{"no ref", nil, two, 2},
		{"no other", one, nil, 2},
		{"ref longer", two, one, 2},
		{"t = 0", one, two, 0},
	} {
		if _, _, err := Agreement(tc.ref, tc.other, tc.t); !errors.Is(err, ErrInput) {
			t.Errorf("%s: got %v, want an ErrInput", tc.name, err)
		}
	}
}
