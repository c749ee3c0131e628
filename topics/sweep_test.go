package topics

import (
	"context"
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
	ranks := []Rank{{K: 2, Stability: 0.90, Cophenetic: 0.95}, {K: 3, Stability: 0.895, Cophenetic: 0.99}, {K: 4, Stability: 0.70, Cophenetic: 1}}
	// 2 and 3 are within 0.01: the higher cophenetic correlation wins.
	if k := bestK(ranks); k != 3 {
		t.Errorf("best k = %d, want 3", k)
	}
	ranks[1].Cophenetic = 0.95
	if k := bestK(ranks); k != 2 {
		t.Errorf("tie on both: best k = %d, want the smaller, 2", k)
	}
}
