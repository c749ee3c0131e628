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
	n := len(cost)
	if n == 0 {
		return nil, 0, fmt.Errorf("stability: Assign: no rows: %w", ErrInput)
	}
	m := len(cost[0])
	if m == 0 {
		return nil, 0, fmt.Errorf("stability: Assign: no columns: %w", ErrInput)
	}
	if n > m {
		return nil, 0, fmt.Errorf("stability: Assign: %d rows > %d columns (pass the transpose): %w", n, m, ErrInput)
	}
	for i, row := range cost {
		if len(row) != m {
			return nil, 0, fmt.Errorf("stability: Assign: row %d has %d entries, row 0 has %d: %w", i, len(row), m, ErrInput)
		}
		for j, c := range row {
			if math.IsNaN(c) || math.IsInf(c, 0) {
				return nil, 0, fmt.Errorf("stability: Assign: entry (%d, %d) is %v: %w", i, j, c, ErrInput)
			}
		}
	}

	// Rows are 1..n and columns 1..m; column 0 is a dummy that holds the
	// row being added. p[j] is the row assigned to column j (0: none),
	// u and v the potentials, so that cost[i][j] − u[i] − v[j] ≥ 0 for all
	// pairs, with equality on the assigned ones.
	u := make([]float64, n+1)
	v := make([]float64, m+1)
	p := make([]int, m+1)
	way := make([]int, m+1)
	minv := make([]float64, m+1)
	used := make([]bool, m+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j] = math.Inf(1)
			used[j] = false
		}
		for {
			used[j0] = true
			i0 := p[j0]
			row := cost[i0-1]
			ui := u[i0]
			delta := math.Inf(1)
			j1 := -1
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				if cur := row[j-1] - ui - v[j]; cur < minv[j] {
					minv[j] = cur
					way[j] = j0
				}
				// Settle the nearest column; among equals, a free one
				// (which ends the search), then the lowest index.
				if j1 < 0 || minv[j] < delta || (minv[j] == delta && p[j] == 0 && p[j1] != 0) {
					delta = minv[j]
					j1 = j
				}
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		// Augment along the path back to the dummy column.
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	for _, x := range u {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, 0, fmt.Errorf("stability: Assign: entries too large, the potentials overflow: %w", ErrInput)
		}
	}
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, 0, fmt.Errorf("stability: Assign: entries too large, the potentials overflow: %w", ErrInput)
		}
	}

	rowToCol = make([]int, n)
	for j := 1; j <= m; j++ {
		if p[j] != 0 {
			rowToCol[p[j]-1] = j - 1
		}
	}
	for i, j := range rowToCol {
		total += cost[i][j]
	}
	if math.IsInf(total, 0) {
		return nil, 0, fmt.Errorf("stability: Assign: the total overflows: %w", ErrInput)
	}
	return rowToCol, total, nil
}
