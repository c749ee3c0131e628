package topics

import (
	"context"
	"slices"
	"testing"

	"github.com/nmftopics/nmftopics/corpus"
)

func TestSweepFindsTheFourThemes(t *testing.T) {
	docs, err := corpus.List(testCorpus)
	if err != nil {
		t.Fatal(err)
	}
	so := DefaultSweepOptions()
	so.Ks, so.Runs = []int{2, 3, 4, 5, 6}, 8
	res, err := Sweep(context.Background(), docs, DefaultOptions(), so)
	if err != nil {
		t.Fatal(err)
	}
	if res.BestK != 4 {
		t.Errorf("recommended k = %d, want 4 (the corpus has four themes): %+v", res.BestK, res.Ranks)
	}
	for _, r := range res.Ranks {
		if !(r.Stability > 0 && r.Stability <= 1) || !(r.Dispersion >= 0 && r.Dispersion <= 1) || len(r.Coherence) != 4 {
			t.Errorf("k = %d: %+v", r.K, r)
		}
	}
	if res.ConsensusDocs != 48 {
		t.Errorf("consensus over %d documents, want all 48", res.ConsensusDocs)
	}
	// The same seed gives the same numbers.
	again, err := Sweep(context.Background(), docs, DefaultOptions(), so)
	if err != nil {
		t.Fatal(err)
	}
	for i := range res.Ranks {
		if res.Ranks[i].Stability != again.Ranks[i].Stability || res.Ranks[i].Cophenetic != again.Ranks[i].Cophenetic {
			t.Errorf("k = %d: a second sweep differs", res.Ranks[i].K)
		}
	}
}

func TestBestK(t *testing.T) {
	curve := func(stab ...float64) []Rank {
		r := make([]Rank, len(stab))
		for i, s := range stab {
			r[i] = Rank{K: i + 2, Stability: s, Cophenetic: 0.9}
		}
		return r
	}
	for _, c := range []struct {
		name  string
		ranks []Rank
		best  int
		tied  []int
		peak  bool
	}{
		// bbc's shape: the highest stability at the low end, the peak at 5.
		{"peak over a higher low end", curve(0.907, 0.829, 0.726, 0.879, 0.739, 0.69), 5, []int{5}, true},
		{"two peaks, the more stable wins", curve(0.9, 0.7, 0.8, 0.6, 0.85, 0.5), 6, []int{6}, true},
		{"no inner peak: falling", curve(0.9, 0.8, 0.7), 2, []int{2}, false},
		{"no inner peak: rising", curve(0.5, 0.6, 0.7), 4, []int{4}, false},
		{"a plateau is not a peak", curve(0.9, 0.8, 0.8, 0.7), 2, []int{2}, false},
		// testdata's shape: the peak at 3 and 4 within noise of it; 4 has
		// the better cophenetic correlation.
		{"a neighbour within noise of the peak", []Rank{{K: 2, Stability: 0.554, Cophenetic: 0.81}, {K: 3, Stability: 0.646, Cophenetic: 0.957},
			{K: 4, Stability: 0.640, Cophenetic: 0.986}, {K: 5, Stability: 0.618, Cophenetic: 0.992}}, 4, []int{3, 4}, true},
	} {
		best, tied, peak := bestK(c.ranks)
		if best != c.best || !slices.Equal(tied, c.tied) || peak != c.peak {
			t.Errorf("%s: got %d %v %v, want %d %v %v", c.name, best, tied, peak, c.best, c.tied, c.peak)
		}
	}
	// Peaks at 4 and 6 within 0.01: the higher cophenetic correlation
	// wins, then the smaller k.
	ranks := curve(0.7, 0.80, 0.75, 0.795, 0.6)
	ranks[3].Cophenetic = 0.99
	if best, tied, _ := bestK(ranks); best != 5 || !slices.Equal(tied, []int{3, 5}) {
		t.Errorf("near-tie: got %d %v, want 5 [3 5]", best, tied)
	}
	ranks[3].Cophenetic = 0.9
	if best, _, _ := bestK(ranks); best != 3 {
		t.Errorf("tie on both: best k = %d, want the smaller, 3", best)
	}
}
