package topics

import (
	"context"
	"fmt"

	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/nmf"
	"github.com/nmftopics/nmftopics/vectorize"
)

// Transform returns the topic weights of docs, k × len(docs): column j is
// docs[j]'s, analyzed and weighted as the model's own documents were and
// solved with W fixed. A document with no word of the vocabulary gets a
// column of zeros; so do empty and binary files, which are not read, and
// skipped lists them (indices into docs, increasing). When no document at
// all can be read, the error wraps corpus.ErrNoDocuments.
func (m *Model) Transform(ctx context.Context, docs []corpus.Document) (h *mat.Dense, skipped []int, err error) {
	analyzer, err := vectorize.NewAnalyzer(m.Analysis)
	if err != nil {
		return nil, nil, err
	}
	x, read, err := weigh(ctx, analyzer, m.Vocabulary, docs, 0)
	if err != nil {
		return nil, nil, err
	}
	h, err = nmf.Project(ctx, x, m.Method.Smoothed(m.W), m.Method.Projection(), nmf.DefaultProjectSettings())
	if err != nil {
		return nil, nil, err
	}
	return lineUp(h, docs, read)
}

// weigh analyzes docs with a and returns their weighted matrix over vocab
// (terms × documents read) and the documents read: empty and binary files
// are left out.
func weigh(ctx context.Context, a *vectorize.Analyzer, vocab *vectorize.Vocabulary, docs []corpus.Document, workers int) (*sparse.CSC, []corpus.Document, error) {
	counts, err := vectorize.Count(ctx, docs, a, vectorize.CountOptions{Workers: workers})
	if err != nil {
		return nil, nil, err
	}
	return vocab.Matrix(counts), counts.Docs, nil
}

// lineUp returns h, whose columns are the documents read (a subsequence
// of docs, in order), with a column of zeros added for each document of
// docs left out, and the indices of those.
func lineUp(h *mat.Dense, docs, read []corpus.Document) (*mat.Dense, []int, error) {
	if len(read) == len(docs) {
		return h, nil, nil
	}
	k, _ := h.Dims()
	all := mat.NewDense(k, len(docs), nil)
	var skipped []int
	j := 0
	for i, d := range docs {
		// Documents with the same source (ID, path and text) have the
		// same fate, so the first one that matches is the one read.
		if j < len(read) && sameSource(d, read[j]) {
			for t := range k {
				all.Set(t, i, h.At(t, j))
			}
			j++
			continue
		}
		skipped = append(skipped, i)
	}
	if j != len(read) {
		return nil, nil, fmt.Errorf("topics: %d of the %d documents read are not among the input documents", len(read)-j, len(read))
	}
	return all, skipped, nil
}

// sameSource reports whether a and b are copies of one document: same
// ID, label and path, and the same text (the same bytes in memory, or
// both none).
func sameSource(a, b corpus.Document) bool {
	if a.ID != b.ID || a.Label != b.Label || a.Path != b.Path || (a.Text == nil) != (b.Text == nil) || len(a.Text) != len(b.Text) {
		return false
	}
	return len(a.Text) == 0 || &a.Text[0] == &b.Text[0]
}

// DocumentTopics returns h's columns normalized to sum 1 (a column of zeros,
// a document with no word of the vocabulary, stays zero).
func DocumentTopics(h mat.Matrix) [][]float64 {
	k, n := h.Dims()
	out := make([][]float64, n)
	for j := range n {
		row := make([]float64, k)
		sum := 0.0
		for t := range k {
			row[t] = h.At(t, j)
			sum += row[t]
		}
		if sum > 0 {
			for t := range row {
				row[t] /= sum
			}
		}
		out[j] = row
	}
	return out
}
