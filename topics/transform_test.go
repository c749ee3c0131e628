package topics

import (
	"context"
	"errors"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/nmf"
)

// TestTransformOneColumnPerDocument: the weights line up with the input
// documents: an empty or binary document, which is not read, and one with
// no word of the vocabulary get columns of zeros in their place, and the
// others the weights they get alone.
func TestTransformOneColumnPerDocument(t *testing.T) {
	m := fitTestdata(t, 4)
	docs := []corpus.Document{
		{ID: "empty", Text: []byte{}},
		{ID: "space", Text: []byte("The rocket carried two satellites into orbit after the launch.")},
		{ID: "binary", Text: []byte("rocket\x00launch")},
		{ID: "unknown", Text: []byte("zebras quietly yawned")},
		{ID: "space", Text: []byte("The rocket carried two satellites into orbit after the launch.")},
		{ID: "bake", Text: []byte("Knead the flour with butter, then bake for twenty minutes.")},
	}
	h, skipped, err := m.Transform(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	if k, c := h.Dims(); k != 4 || c != len(docs) {
		t.Fatalf("weights %d × %d for 4 topics and %d documents", k, c, len(docs))
	}
	if !slices.Equal(skipped, []int{0, 2}) {
		t.Errorf("skipped %v, want [0 2]", skipped)
	}
	for j, d := range docs {
		want := mat.NewDense(4, 1, nil) // zeros
		if !slices.Contains(skipped, j) {
			alone, _, err := m.Transform(context.Background(), docs[j:j+1])
			if err != nil {
				t.Fatal(err)
			}
			want = alone
		}
		got := mat.Col(nil, j, h)
		if !slices.Equal(got, mat.Col(nil, 0, want)) {
			t.Errorf("%s (column %d): %v, alone %v", d.ID, j, got, mat.Col(nil, 0, want))
		}
		if zero := mat.Sum(mat.NewVecDense(4, got)) == 0; zero != (d.ID == "empty" || d.ID == "binary" || d.ID == "unknown") {
			t.Errorf("%s: weights %v", d.ID, got)
		}
	}
	// Nothing to read at all is an error, as for Fit.
	if _, _, err := m.Transform(context.Background(), docs[:1]); !errors.Is(err, corpus.ErrNoDocuments) {
		t.Errorf("only an empty document: %v", err)
	}
}

// TestPartialFitOneColumnPerDocument: PartialFit's weights line up with
// its batch as Transform's do, and an empty document changes nothing.
func TestPartialFitOneColumnPerDocument(t *testing.T) {
	docs, err := corpus.List(testCorpus)
	if err != nil {
		t.Fatal(err)
	}
	m := fitTestdata(t, 4)
	opt := DefaultOptions()
	opt.K = 4
	plain, err := NewOnline(m.Vocabulary, opt, nmf.DefaultOnlineSettings())
	if err != nil {
		t.Fatal(err)
	}
	padded, err := NewOnline(m.Vocabulary, opt, nmf.DefaultOnlineSettings())
	if err != nil {
		t.Fatal(err)
	}
	batch := docs[:24:24]
	withEmpty := append(slices.Clone(batch[:10]), append([]corpus.Document{{ID: "empty", Text: []byte{}}}, batch[10:]...)...)
	h, _, err := plain.PartialFit(context.Background(), batch)
	if err != nil {
		t.Fatal(err)
	}
	hp, skipped, err := padded.PartialFit(context.Background(), withEmpty)
	if err != nil {
		t.Fatal(err)
	}
	if _, c := hp.Dims(); c != len(withEmpty) || !slices.Equal(skipped, []int{10}) {
		t.Fatalf("%d columns for %d documents, skipped %v", c, len(withEmpty), skipped)
	}
	for j := range withEmpty {
		want := make([]float64, 4)
		switch {
		case j < 10:
			want = mat.Col(nil, j, h)
		case j > 10:
			want = mat.Col(nil, j-1, h)
		}
		if got := mat.Col(nil, j, hp); !slices.Equal(got, want) {
			t.Errorf("column %d: %v, want %v", j, got, want)
		}
	}
	if !mat.Equal(plain.Model.W, padded.Model.W) {
		t.Errorf("an empty document in the batch changed W")
	}
}
