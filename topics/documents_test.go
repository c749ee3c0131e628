package topics

import (
	"context"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
)

// TestTopicDocuments checks each topic's listed documents against its
// whole row of normalized weights: they are the heaviest, in order, with
// their weights; and the shares against H and W.
func TestTopicDocuments(t *testing.T) {
	m := fitTestdata(t, 4)
	weights := DocumentTopics(m.H)
	index := map[string]int{}
	for j, d := range m.Documents {
		index[d.ID] = j
	}
	k, n := m.H.Dims()
	mass, total := make([]float64, k), 0.0
	for tp := range k {
		mass[tp] = mat.Sum(m.H.RowView(tp)) * mat.Sum(m.W.ColView(tp))
		total += mass[tp]
	}
	shares := 0.0
	for tp, topic := range m.Topics {
		if len(topic.Documents) != min(10, n) {
			t.Fatalf("topic %d lists %d documents, want %d", tp, len(topic.Documents), min(10, n))
		}
		listed := map[int]bool{}
		for i, d := range topic.Documents {
			j := index[d.ID]
			listed[j] = true
			if d.Weight != weights[j][tp] {
				t.Errorf("topic %d: %s weighs %v, its row says %v", tp, d.ID, d.Weight, weights[j][tp])
			}
			if i > 0 && d.Weight > topic.Documents[i-1].Weight {
				t.Errorf("topic %d: documents out of order at %d", tp, i)
			}
		}
		last := topic.Documents[len(topic.Documents)-1].Weight
		for j := range n {
			if !listed[j] && weights[j][tp] > last {
				t.Errorf("topic %d: %s (%v) is heavier than the last listed (%v)", tp, m.Documents[j].ID, weights[j][tp], last)
			}
		}
		if math.Abs(topic.Share-mass[tp]/total) > 1e-12 {
			t.Errorf("topic %d: share %v, want %v", tp, topic.Share, mass[tp]/total)
		}
		shares += topic.Share
	}
	if math.Abs(shares-1) > 1e-12 {
		t.Errorf("shares sum to %v", shares)
	}
}

// TestRankingTies checks the order among documents of equal normalized
// weight: more raw weight first, then the one added first.
func TestRankingTies(t *testing.T) {
	r := newDocumentRanking(1, 3)
	r.add(0, []float64{1}, []float64{1})
	r.add(1, []float64{3}, []float64{1})
	r.add(2, []float64{0.5}, []float64{0.5})
	r.add(3, []float64{3}, []float64{1})
	r.add(4, []float64{0}, []float64{0})
	var got []int
	for _, d := range r.top[0] {
		got = append(got, d.index)
	}
	if want := []int{1, 3, 0}; !slices.Equal(got, want) {
		t.Errorf("ranked %v, want %v", got, want)
	}
	if r.total[0] != 7.5 {
		t.Errorf("total %v, want 7.5", r.total[0])
	}
}

// TestOnlineTopicDocuments checks that an online fit, which keeps no H,
// lists the documents its last pass found heaviest, as a fit in memory
// on the same W would.
func TestOnlineTopicDocuments(t *testing.T) {
	docs, err := corpus.List(testCorpus)
	if err != nil {
		t.Fatal(err)
	}
	opt := DefaultOptions()
	opt.K, opt.TopDocs = 3, 4
	oo := DefaultOnlineOptions()
	oo.BatchSize = 7
	var ids []string
	var rows [][]float64
	res, err := FitOnline(context.Background(), docs, opt, oo, func(d Document, w []float64) error {
		ids, rows = append(ids, d.ID), append(rows, append([]float64(nil), w...))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for tp, topic := range res.Model.Topics {
		if len(topic.Documents) != 4 {
			t.Fatalf("topic %d lists %d documents", tp, len(topic.Documents))
		}
		last := topic.Documents[3].Weight
		listed := map[string]bool{}
		for _, d := range topic.Documents {
			listed[d.ID] = true
		}
		for j, id := range ids {
			if !listed[id] && rows[j][tp] > last {
				t.Errorf("topic %d: %s (%v) is heavier than the last listed (%v)", tp, id, rows[j][tp], last)
			}
		}
	}
}
