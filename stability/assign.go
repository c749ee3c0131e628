package stability

import (
	"errors"
	"fmt"
	"math"
)

var (
	// ErrInput marks input that a function cannot take: empty, ragged,
	// not finite, of the wrong length.
	ErrInput = errors.New("invalid input")
	// ErrUndefined marks a measure that the input leaves undefined, such
	// as a correlation with a constant variable.
	ErrUndefined = errors.New("undefined measure")
)

// Assign solves the linear assignment problem: for an n × m cost matrix
// with 1 ≤ n ≤ m it finds distinct columns rowToCol[0..n−1] that minimize
//
//	total = Σ_i cost[i][rowToCol[i]]
//
// (for n < m, m − n columns are left out). To maximize a similarity,
// pass its negation.
//
// The method is the shortest augmenting path form of the Hungarian
// (Kuhn–Munkres) algorithm, with row and column potentials (Jonker &
// Volgenant 1987; the O(n²m) form of Lawler 1976): rows are added one at a
// time, each by a Dijkstra search over the columns for the cheapest
// augmenting path in reduced costs. It takes O(n²m) time and O(m) memory
// beside the matrix, which it does not change.
//
// When several assignments reach the minimum, the one returned depends on
// the matrix only: among columns of equal reduced distance the search
// settles a free column first, then the lowest index. A constant matrix,
// for one, gives rowToCol[i] = i.
//
// total is the sum of the chosen entries in row order. With real costs the
// potentials carry rounding, so total is the minimum to within a few
// units of rounding of the entries' magnitude times n; with integer costs
// (held in float64) the potentials are integers too, every step is exact
// while they stay below 2⁵³ in magnitude, and total is the minimum exactly.
//
// Assign returns an error wrapping ErrInput if the matrix has no rows or
// no columns, is ragged, has more rows than columns, or holds a NaN or an
// infinity, and if its entries are so large that the potentials overflow.
func Assign(cost [][]float64) (rowToCol []int, total float64, err error) {
	if err := checkCost(cost); err != nil {
		return nil, 0, err
	}
	n, m := len(cost), len(cost[0])
	a := newAssignment(n, m)
	for i := 1; i <= n; i++ {
		a.addRow(cost, i)
	}
	if !a.finite() {
		return nil, 0, fmt.Errorf("stability: Assign: entries too large, the potentials overflow: %w", ErrInput)
	}
	rowToCol = a.rowToCol(n)
	for i, j := range rowToCol {
		total += cost[i][j]
	}
	if math.IsInf(total, 0) {
		return nil, 0, fmt.Errorf("stability: Assign: the total overflows: %w", ErrInput)
	}
	return rowToCol, total, nil
}

// checkCost returns the error Assign gives for a matrix it cannot take.
func checkCost(cost [][]float64) error {
	n := len(cost)
	if n == 0 {
		return fmt.Errorf("stability: Assign: no rows: %w", ErrInput)
	}
	m := len(cost[0])
	if m == 0 {
		return fmt.Errorf("stability: Assign: no columns: %w", ErrInput)
	}
	if n > m {
		return fmt.Errorf("stability: Assign: %d rows > %d columns (pass the transpose): %w", n, m, ErrInput)
	}
	for i, row := range cost {
		if len(row) != m {
			return fmt.Errorf("stability: Assign: row %d has %d entries, row 0 has %d: %w", i, len(row), m, ErrInput)
		}
		for j, c := range row {
			if math.IsNaN(c) || math.IsInf(c, 0) {
				return fmt.Errorf("stability: Assign: entry (%d, %d) is %v: %w", i, j, c, ErrInput)
			}
		}
	}
	return nil
}

// assignment is the state of the Hungarian method. Rows are 1..n and
// columns 1..m; column 0 is a dummy that holds the row being added. p[j]
// is the row assigned to column j (0: none), u and v the potentials, so
// that cost[i][j] − u[i] − v[j] ≥ 0 for all pairs, with equality on the
// assigned ones.
type assignment struct {
	u, v []float64
	p    []int
	// The search for an augmenting path: way[j] is the column before j on
	// the path, minv[j] the reduced distance to column j, used[j] whether
	// j is settled.
	way  []int
	minv []float64
	used []bool
}

func newAssignment(n, m int) *assignment {
	return &assignment{
		u:    make([]float64, n+1),
		v:    make([]float64, m+1),
		p:    make([]int, m+1),
		way:  make([]int, m+1),
		minv: make([]float64, m+1),
		used: make([]bool, m+1),
	}
}

// addRow assigns row i, moving earlier rows along the cheapest augmenting
// path found by a Dijkstra search over the columns in reduced costs.
func (a *assignment) addRow(cost [][]float64, i int) {
	a.p[0] = i
	j0 := 0
	for j := range a.minv {
		a.minv[j] = math.Inf(1)
		a.used[j] = false
	}
	for {
		j0 = a.settle(cost, j0)
		if a.p[j0] == 0 {
			break
		}
	}
	// Augment along the path back to the dummy column.
	for j0 != 0 {
		j1 := a.way[j0]
		a.p[j0] = a.p[j1]
		j0 = j1
	}
}

// settle marks column j0 settled, relaxes the distances to the others
// through its row, shifts the potentials by the distance of the nearest
// unsettled column and returns that column.
func (a *assignment) settle(cost [][]float64, j0 int) int {
	a.used[j0] = true
	i0 := a.p[j0]
	row := cost[i0-1]
	ui := a.u[i0]
	delta := math.Inf(1)
	j1 := -1
	for j := 1; j < len(a.v); j++ {
		if a.used[j] {
			continue
		}
		if cur := row[j-1] - ui - a.v[j]; cur < a.minv[j] {
			a.minv[j] = cur
			a.way[j] = j0
		}
		// Settle the nearest column; among equals, a free one
		// (which ends the search), then the lowest index.
		if j1 < 0 || a.minv[j] < delta || (a.minv[j] == delta && a.p[j] == 0 && a.p[j1] != 0) {
			delta = a.minv[j]
			j1 = j
		}
	}
	for j := range a.v {
		if a.used[j] {
			a.u[a.p[j]] += delta
			a.v[j] -= delta
		} else {
			a.minv[j] -= delta
		}
	}
	return j1
}

// finite reports whether the potentials are all finite.
func (a *assignment) finite() bool {
	for _, x := range a.u {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	for _, x := range a.v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// rowToCol is the column assigned to each of the n rows, 0-based.
func (a *assignment) rowToCol(n int) []int {
	rowToCol := make([]int, n)
	for j := 1; j < len(a.p); j++ {
		if a.p[j] != 0 {
			rowToCol[a.p[j]-1] = j - 1
		}
	}
	return rowToCol
}
