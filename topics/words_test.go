package topics

import (
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestTopWords reads a plain matrix: words by weight, ties in row order,
// the terms shown when there are no surface forms, n bounded by the rows.
func TestTopWords(t *testing.T) {
	w := mat.NewDense(4, 2, []float64{
		0.5, 0,
		2, 1,
		0.5, 1,
		1, 3,
	})
	terms := []string{"a", "b", "c", "d"}
	got := TopWords(w, terms, nil, 3)
	want := [][]string{{"b", "d", "a"}, {"d", "b", "c"}}
	for i, tp := range got {
		var stems []string
		for _, wd := range tp.Words {
			stems = append(stems, wd.Stem)
			if wd.Term != wd.Stem || wd.Weight != w.At(slices.Index(terms, wd.Stem), i) {
				t.Errorf("topic %d: word %+v", i, wd)
			}
		}
		if tp.ID != i || !slices.Equal(stems, want[i]) {
			t.Errorf("topic %d: %v, want %v", tp.ID, stems, want[i])
		}
	}
	surface := []string{"alpha", "beta", "gamma", "delta"}
	if all := TopWords(w.T(), []string{"x", "y"}, []string{"ex", "why"}, 10); len(all) != 4 || len(all[0].Words) != 2 || all[3].Words[0].Term != "why" {
		t.Errorf("transposed: %+v", all)
	}
	if tp := TopWords(w, terms, surface, 1); tp[1].Words[0] != (Word{Term: "delta", Stem: "d", Weight: 3}) {
		t.Errorf("surface forms: %+v", tp[1].Words)
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic for 3 terms and 4 rows")
		}
	}()
	TopWords(w, terms[:3], nil, 2)
}

// TestHeaviest checks the bounded selection against a stable sort of the
// whole column, with many ties (weights from a few values) and every n.
func TestHeaviest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		rows := rng.IntN(40)
		weights := make([]float64, rows)
		for i := range weights {
			weights[i] = float64(rng.IntN(5)) * 0.25
		}
		order := make([]int, rows)
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int {
			switch {
			case weights[a] > weights[b]:
				return -1
			case weights[a] < weights[b]:
				return 1
			}
			return 0
		})
		for n := 0; n <= rows; n++ {
			if got := heaviest(nil, weights, n); !slices.Equal(got, order[:n]) && !(n == 0 && len(got) == 0) {
				t.Fatalf("trial %d, n %d of %v: %v, want %v", trial, n, weights, got, order[:n])
			}
		}
	}
}
