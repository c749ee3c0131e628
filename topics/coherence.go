package topics

import (
	"context"
	"fmt"

	"github.com/nmftopics/nmftopics/coherence"
	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/vectorize"
)

// Reference is a tokenized corpus that topics are scored on: each
// document's tokens (after stop words and stemming) as indices into Terms.
type Reference struct {
	Tokens [][]int32
	Terms  []string
}

// NewReference reads and analyzes docs as the model's own documents were,
// keeping their token sequences, for scoring topics on another corpus.
func (m *Model) NewReference(ctx context.Context, docs []corpus.Document, workers int) (Reference, error) {
	analyzer, err := vectorize.NewAnalyzer(m.Analysis)
	if err != nil {
		return Reference{}, err
	}
	c, err := vectorize.Count(ctx, docs, analyzer, vectorize.CountOptions{Workers: workers, KeepTokens: true})
	if err != nil {
		return Reference{}, err
	}
	return Reference{Tokens: c.Tokens, Terms: c.Terms}, nil
}

// ScoreCoherence scores each topic (its words as m.Topics holds them) with
// the measures over ref, and sets Topic.Coherence and Metrics.Coherence (the
// mean over topics), keyed by measure name.
func (m *Model) ScoreCoherence(ctx context.Context, ref Reference, measures []coherence.Measure) error {
	index := make(map[string]int32, len(ref.Terms))
	for i, t := range ref.Terms {
		index[t] = int32(i)
	}
	// A topic word absent from the reference corpus gets an id no document
	// holds (as gensim leaves out words its dictionary lacks).
	missing := int32(len(ref.Terms))
	ids := make([][]int32, len(m.Topics))
	for t, tp := range m.Topics {
		for _, w := range tp.Words {
			id, ok := index[w.Stem]
			if !ok {
				id = missing
				missing++
			}
			ids[t] = append(ids[t], id)
		}
	}
	results, err := coherence.Score(ctx, ref.Tokens, ids, measures, coherence.Options{})
	if err != nil {
		return fmt.Errorf("coherence: %w", err)
	}
	m.Metrics.Coherence = map[string]float64{}
	for t := range m.Topics {
		m.Topics[t].Coherence = map[string]float64{}
	}
	for _, r := range results {
		m.Metrics.Coherence[string(r.Measure)] = r.Mean
		for t, v := range r.PerTopic {
			m.Topics[t].Coherence[string(r.Measure)] = v
		}
	}
	return nil
}
