package topics

import (
	"fmt"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// Word is one word of a topic: its most frequent surface form, the stem the
// model counts, and its weight in the topic (its entry of W).
type Word struct {
	Term   string  `json:"term"`
	Stem   string  `json:"stem"`
	Weight float64 `json:"weight"`
}

// Topic is a column of W, read as its heaviest words.
type Topic struct {
	ID    int    `json:"id"`
	Words []Word `json:"words"`
	// Coherence holds the topic's score by each measure (see package
	// coherence), keyed by measure name.
	Coherence map[string]float64 `json:"coherence"`
	// Share is the topic's share of the corpus (see Model.Topics), and
	// Documents its heaviest documents, heaviest first (Options.TopDocs);
	// both are set by a fit, empty for topics read from any W.
	Share     float64         `json:"share"`
	Documents []TopicDocument `json:"documents"`
}

// TopWords reads each column of w (terms × k, from any factorization) as
// a topic: its n heaviest rows, heaviest first, row i shown as surface[i]
// with its stem terms[i] (surface may be nil: the terms are shown). Ties
// keep the lower row first: the smaller stem, for a vocabulary's sorted
// terms. TopWords panics if w's rows and the terms differ in number.
func TopWords(w mat.Matrix, terms, surface []string, n int) []Topic {
	rows, k := w.Dims()
	if surface == nil {
		surface = terms
	}
	if len(terms) != rows || len(surface) != rows {
		panic(fmt.Sprintf("topics: TopWords: %d terms and %d surface forms for %d rows", len(terms), len(surface), rows))
	}
	n = max(0, min(n, rows))
	topics := make([]Topic, k)
	weights := make([]float64, rows)
	top := make([]int, 0, n)
	for t := range k {
		mat.Col(weights, t, w)
		top = heaviest(top[:0], weights, n)
		topics[t] = Topic{ID: t}
		for _, i := range top {
			topics[t].Words = append(topics[t].Words, Word{Term: surface[i], Stem: terms[i], Weight: weights[i]})
		}
	}
	return topics
}

// heaviest appends to top the indices of the n largest weights, largest
// first, ties in index order, as a stable sort would leave them: a
// bounded insertion, whose cost is one comparison for most of a long
// column.
func heaviest(top []int, weights []float64, n int) []int {
	for i, v := range weights {
		if n == 0 || len(top) == n && !(v > weights[top[n-1]]) {
			continue
		}
		at := sort.Search(len(top), func(p int) bool { return weights[top[p]] < v })
		if len(top) == n {
			top = top[:n-1]
		}
		top = slices.Insert(top, at, i)
	}
	return top
}

// TopWords returns each topic's n heaviest words (see TopWords).
func (m *Model) TopWords(n int) []Topic {
	return TopWords(m.W, m.Vocabulary.Terms, m.Vocabulary.Surface, n)
}

// diversity is the share of distinct stems among the topics' words.
func diversity(topics []Topic) float64 {
	seen := map[string]bool{}
	total := 0
	for _, t := range topics {
		for _, w := range t.Words {
			seen[w.Stem] = true
			total++
		}
	}
	if total == 0 {
		return 0
	}
	return float64(len(seen)) / float64(total)
}
