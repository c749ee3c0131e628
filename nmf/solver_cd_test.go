package nmf

import (
	"math"
	"testing"
)

// TestCDGather checks the sparse gather against the dense reading of the
// other factor: the model at each non-zero, and per component the
// non-zero entries in position order.
func TestCDGather(t *testing.T) {
	rng := newRand(3)
	const k, rows = 7, 30
	b := make([]float64, rows*k)
	for i := range b {
		if rng.Float64() < 0.3 {
			b[i] = rng.Float64()
		}
	}
	row := make([]float64, k)
	for i := range row {
		row[i] = rng.Float64()
	}
	row[2] = 0
	idx := []int32{0, 3, 4, 9, 17, 29}
	nz := newSparseRows(rows, k)
	nz.set(b, k)
	w := newCDWork(len(idx), k)
	cdGather(row, idx, &nz, w)
	n := len(idx)
	for p, j := range idx {
		want := 0.0
		for c := range k {
			want += row[c] * b[int(j)*k+c]
		}
		if math.Abs(w.wh[p]-want) > 1e-14 {
			t.Errorf("model at %d: %v, want %v", p, w.wh[p], want)
		}
	}
	for c := range k {
		var q int
		for p, j := range idx {
			v := b[int(j)*k+c]
			if v == 0 {
				continue
			}
			if q >= w.cnt[c] || w.val[c*n+q] != v || int(w.pos[c*n+q]) != p {
				t.Fatalf("component %d: entry %d is %v at %d, want %v at %d", c, q, w.val[c*n+q], w.pos[c*n+q], v, p)
			}
			q++
		}
		if q != w.cnt[c] {
			t.Errorf("component %d: %d entries, want %d", c, w.cnt[c], q)
		}
	}
}
