package stability

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteAssign returns the least total over all injective maps from the
// rows to the columns of an n × m matrix, by enumeration.
func bruteAssign(cost [][]float64) float64 {
	n, m := len(cost), len(cost[0])
	used := make([]bool, m)
	best := math.Inf(1)
	var rec func(i int, sum float64)
	rec = func(i int, sum float64) {
		if i == n {
			best = min(best, sum)
			return
		}
		for j := range m {
			if !used[j] {
				used[j] = true
				rec(i+1, sum+cost[i][j])
				used[j] = false
			}
		}
	}
	rec(0, 0)
	return best
}

// checkAssignment fails t unless rowToCol is an injection into m columns
// whose entries add up to total.
func checkAssignment(t *testing.T, cost [][]float64, rowToCol []int, total float64) {
	t.Helper()
	m := len(cost[0])
	if len(rowToCol) != len(cost) {
		t.Fatalf("%d rows assigned, want %d", len(rowToCol), len(cost))
	}
	seen := make([]bool, m)
	sum := 0.0
	for i, j := range rowToCol {
		if j < 0 || j >= m || seen[j] {
			t.Fatalf("rowToCol %v is not an injection into %d columns", rowToCol, m)
		}
		seen[j] = true
		sum += cost[i][j]
	}
	if sum != total {
		t.Fatalf("total %v, but the chosen entries add up to %v", total, sum)
	}
}

func randomMatrix(rng *rand.Rand, n, m int, integer bool, levels int) [][]float64 {
	c := make([][]float64, n)
	for i := range c {
		c[i] = make([]float64, m)
		for j := range c[i] {
			if integer {
				c[i][j] = float64(rng.IntN(levels) - levels/3)
			} else {
				c[i][j] = rng.NormFloat64() * 10
			}
		}
	}
	return c
}

func TestAssignBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 1; n <= 7; n++ {
		for m := n; m <= 7; m++ {
			for trial := range 40 {
				integer := trial%2 == 0
				levels := []int{2, 3, 10, 1000}[trial%4]
				c := randomMatrix(rng, n, m, integer, levels)
				orig := clone(c)
				rowToCol, total, err := Assign(c)
				if err != nil {
					t.Fatal(err)
				}
				checkAssignment(t, c, rowToCol, total)
				want := bruteAssign(c)
				if integer {
					if total != want {
						t.Fatalf("%d×%d integer %v: total %v, brute force %v", n, m, c, total, want)
					}
				} else if math.Abs(total-want) > 1e-12*(1+math.Abs(want)) {
					t.Fatalf("%d×%d real %v: total %v, brute force %v", n, m, c, total, want)
				}
				for i := range c {
					if !slices.Equal(c[i], orig[i]) {
						t.Fatal("Assign changed its input")
					}
				}
				again, total2, _ := Assign(c)
				if !slices.Equal(again, rowToCol) || total2 != total {
					t.Fatal("Assign is not deterministic")
				}
			}
		}
	}
}

func clone(c [][]float64) [][]float64 {
	d := make([][]float64, len(c))
	for i := range c {
		d[i] = slices.Clone(c[i])
	}
	return d
}

func TestAssignByHand(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cost  [][]float64
		want  []int
		total float64
	}{
		{
			// The six permutations (row 0's, row 1's, row 2's column):
			// 012: 11+4+11 = 26   021: 11+6+12 = 29   102: 6+12+11 = 29
			// 120: 6+6+8 = 20     201: 12+12+12 = 36  210: 12+4+8 = 24
			// so 1 2 0, total 20, is the unique optimum.
			name: "3×3",
			cost: [][]float64{
				{11, 6, 12},
				{12, 4, 6},
				{8, 12, 11},
			},
			want:  []int{1, 2, 0},
			total: 20,
		},
		{
			// Row minima 20 18 20 17 subtracted, then column 3's minimum 5:
			//   74 73  0 12
			//   57  0 53 20
			//    0  9 12  0
			//   20 55  0 51
			// Column 2, column 1 and row 2 cover the zeros; the least
			// uncovered entry, 12, is subtracted from the uncovered entries
			// and added where lines cross:
			//   62 73  0  0
			//   45  0 53  8
			//    0 21 24  0
			//    8 55  0 39
			// Row 3 can take only column 2, so row 0 column 3, row 2 column
			// 0, row 1 column 1: the only all-zero assignment. Its total,
			// 37+18+20+17 = 92, equals the reductions 75 + 5 + 12, a lower
			// bound on every assignment, so it is the unique optimum.
			name: "4×4",
			cost: [][]float64{
				{94, 93, 20, 37},
				{75, 18, 71, 43},
				{20, 29, 32, 25},
				{37, 72, 17, 73},
			},
			want:  []int{3, 1, 0, 2},
			total: 92,
		},
		{
			// Ordered pairs of distinct columns: 01: 1+5 = 6, 02: 1+9 = 10,
			// 10: 2+1 = 3, 12: 2+9 = 11, 20: 3+1 = 4, 21: 3+5 = 8.
			name:  "2×3",
			cost:  [][]float64{{1, 2, 3}, {1, 5, 9}},
			want:  []int{1, 0},
			total: 3,
		},
		{
			// One row takes its least column.
			name:  "1×4",
			cost:  [][]float64{{3, -1, 2, -1}},
			want:  []int{1},
			total: -1,
		},
		{
			// Rows 0 and 1 both want column 1 (cost 0); moving row 0 to
			// column 3 costs 1, moving row 1 to column 0 costs 2, so
			// row 0 moves: 1 + 0 + 4 (row 2, the rest of its row is 9) = 5.
			name: "3×4",
			cost: [][]float64{
				{5, 0, 5, 1},
				{2, 0, 5, 5},
				{9, 9, 4, 9},
			},
			want:  []int{3, 1, 2},
			total: 5,
		},
	} {
		got, total, err := Assign(tc.cost)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !slices.Equal(got, tc.want) || total != tc.total {
			t.Errorf("%s: got %v total %v, want %v total %v", tc.name, got, total, tc.want, tc.total)
		}
	}
}

func TestAssignTies(t *testing.T) {
	// A constant matrix: every assignment is optimal; the rule (a free
	// column first, then the lowest index) gives the identity.
	for _, n := range []int{1, 2, 5, 9} {
		c := make([][]float64, n)
		for i := range c {
			c[i] = slices.Repeat([]float64{3.5}, n+2)
		}
		got, total, err := Assign(c)
		if err != nil {
			t.Fatal(err)
		}
		for i, j := range got {
			if i != j {
				t.Fatalf("constant %d×%d: got %v, want the identity", n, n+2, got)
			}
		}
		if total != 3.5*float64(n) {
			t.Fatalf("total %v", total)
		}
	}
}

func TestAssignPlanted(t *testing.T) {
	// A permutation of cost 0 among positive costs is the unique optimum.
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{10, 50, 120} {
		perm := rng.Perm(n)
		c := make([][]float64, n)
		for i := range c {
			c[i] = make([]float64, n)
			for j := range c[i] {
				c[i][j] = 0.01 + rng.Float64()
			}
			c[i][perm[i]] = 0
		}
		got, total, err := Assign(c)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, perm) || total != 0 {
			t.Fatalf("n = %d: got total %v, want the planted permutation", n, total)
		}
	}
}

func TestAssignMaximize(t *testing.T) {
	// Greedy takes 0.9 then 0.1 (1.0); the best matching is 0.8 + 0.7.
	sim := [][]float64{{0.9, 0.8}, {0.7, 0.1}}
	cost := [][]float64{{-0.9, -0.8}, {-0.7, -0.1}}
	got, _, err := Assign(cost)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []int{1, 0}) {
		t.Fatalf("got %v, want [1 0] (total similarity %v)", got, sim[0][1]+sim[1][0])
	}
}

func TestAssignErrors(t *testing.T) {
	huge := math.MaxFloat64
	for _, tc := range []struct {
		name string
		cost [][]float64
	}{
		{"nil", nil},
		{"no rows", [][]float64{}},
		{"no columns", [][]float64{{}, {}}},
		{"ragged", [][]float64{{1, 2}, {3}}},
		{"ragged long", [][]float64{{1, 2}, {3, 4, 5}}},
		{"more rows", [][]float64{{1}, {2}}},
		{"NaN", [][]float64{{1, math.NaN()}, {3, 4}}},
		{"+Inf", [][]float64{{1, 2}, {math.Inf(1), 4}}},
		{"-Inf", [][]float64{{1, 2}, {3, math.Inf(-1)}}},
		{"overflow", [][]float64{{huge, -huge}, {-huge, huge}}},
	} {
		got, total, err := Assign(tc.cost)
		if !errors.Is(err, ErrInput) {
			t.Errorf("%s: got %v, %v, %v; want an ErrInput", tc.name, got, total, err)
		}
	}
}
