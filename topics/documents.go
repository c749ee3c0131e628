package topics

import (
	"slices"

	"gonum.org/v1/gonum/mat"
)

// TopicDocument is a document listed under a topic: its id and its weight
// in the topic, read from its normalized document-topic row (the share of
// the document's topic weight that the topic holds).
type TopicDocument struct {
	ID     string  `json:"id"`
	Weight float64 `json:"weight"`
}

// documentRanking follows, as the documents' topic weights are added one
// document at a time, each topic's n heaviest documents and each topic's
// total weight. A document ranks by its normalized weight; among equal
// ones (documents wholly of the topic all weigh 1) the one with more raw
// weight, which holds more of the topic's words, then the one added first.
// It keeps k·n documents, never the whole H: a fit online ranks as it
// projects.
type documentRanking struct {
	n     int
	top   [][]rankedDocument // per topic, heaviest first, at most n
	total []float64          // per topic, the sum of its raw weights
}

type rankedDocument struct {
	index       int
	weight, raw float64
}

func newDocumentRanking(k, n int) *documentRanking {
	return &documentRanking{n: max(0, n), top: make([][]rankedDocument, k), total: make([]float64, k)}
}

// add adds the document numbered index, whose raw topic weights are raw
// (a column of H) and normalized weights weights (summing to 1, or zeros).
func (r *documentRanking) add(index int, raw, weights []float64) {
	for t, w := range raw {
		r.total[t] += w
		if w <= 0 || r.n == 0 {
			continue
		}
		d := rankedDocument{index: index, weight: weights[t], raw: w}
		list := r.top[t]
		if len(list) == r.n && !d.before(list[len(list)-1]) {
			continue
		}
		at, _ := slices.BinarySearchFunc(list, d, func(e, d rankedDocument) int {
			if d.before(e) {
				return 1
			}
			return -1
		})
		if len(list) == r.n {
			list = list[:len(list)-1]
		}
		r.top[t] = slices.Insert(list, at, d)
	}
}

// before reports whether d ranks before e.
func (d rankedDocument) before(e rankedDocument) bool {
	if d.weight != e.weight {
		return d.weight > e.weight
	}
	if d.raw != e.raw {
		return d.raw > e.raw
	}
	return d.index < e.index
}

// addColumns adds the columns of h, the raw weights of the documents
// numbered from first on.
func (r *documentRanking) addColumns(h *mat.Dense, first int) {
	for j, weights := range DocumentTopics(h) {
		r.add(first+j, mat.Col(nil, j, h), weights)
	}
}

// describe sets each topic's heaviest documents (named from docs) and its
// share of the corpus: of the documents' total topic weight once w's
// columns are scaled to sum 1, so that a topic's share does not depend on
// how the factorization split the scale between W and H.
func (r *documentRanking) describe(topics []Topic, docs []Document, w *mat.Dense) {
	mass := make([]float64, len(topics))
	sum := 0.0
	for t := range topics {
		mass[t] = r.total[t] * mat.Sum(w.ColView(t))
		sum += mass[t]
	}
	for t := range topics {
		if sum > 0 {
			topics[t].Share = mass[t] / sum
		}
		topics[t].Documents = make([]TopicDocument, len(r.top[t]))
		for i, d := range r.top[t] {
			topics[t].Documents[i] = TopicDocument{ID: docs[d.index].ID, Weight: d.weight}
		}
	}
}
