package topics

import (
	"bytes"
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/nmf"
)

func TestFitOnline(t *testing.T) {
	docs, err := corpus.List(testCorpus)
	if err != nil {
		t.Fatal(err)
	}
	batch := fitTestdata(t, 4)
	for _, loss := range []nmf.Loss{nmf.Frobenius, nmf.KL} {
		opt := DefaultOptions()
		opt.K, opt.Method = 4, nmf.DefaultMethod(loss)
		oo := DefaultOnlineOptions()
		oo.BatchSize, oo.Passes = 12, 10
		var emitted []Document
		var weights [][]float64
		res, err := FitOnline(context.Background(), docs, opt, oo, func(d Document, w []float64) error {
			emitted = append(emitted, d)
			weights = append(weights, w)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		m := res.Model
		if m.H != nil || len(emitted) != len(docs) || len(m.Documents) != len(docs) {
			t.Fatalf("%v: H %v, %d documents emitted, %d kept, want no H and %d", loss, m.H != nil, len(emitted), len(m.Documents), len(docs))
		}
		for j, d := range emitted {
			if d.ID != docs[j].ID {
				t.Fatalf("%v: document %d emitted is %s, want the input order (%s)", loss, j, d.ID, docs[j].ID)
			}
			s := 0.0
			for _, v := range weights[j] {
				s += v
			}
			if math.Abs(s-1) > 1e-9 {
				t.Errorf("%v: weights of %s sum to %v", loss, d.ID, s)
			}
		}
		// The themes come out as in the batch fit.
		heaviest := make([]int, len(weights))
		for j, w := range weights {
			heaviest[j] = argmaxSlice(w)
		}
		checkThemes(t, emitted, heaviest)
		if loss == nmf.Frobenius {
			t.Logf("relative error online %.4f, batch %.4f", m.Metrics.RelativeError, batch.Metrics.RelativeError)
			if m.Metrics.RelativeError > 1.02*batch.Metrics.RelativeError {
				t.Errorf("online relative error %.4f, more than 2%% over the batch fit's %.4f", m.Metrics.RelativeError, batch.Metrics.RelativeError)
			}
		}
		if len(m.Metrics.Coherence) != 4 || len(m.Topics) != 4 {
			t.Errorf("%v: %d topics, coherence %v", loss, len(m.Topics), m.Metrics.Coherence)
		}
		// A model fitted online saves and loads without H.
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := Load(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if back.H != nil || !equalDense(back.W, m.W) {
			t.Errorf("%v: loaded online model differs", loss)
		}
	}
}

func TestPartialFit(t *testing.T) {
	docs, err := corpus.List(testCorpus)
	if err != nil {
		t.Fatal(err)
	}
	batch := fitTestdata(t, 4)
	// The caller feeds batches over a vocabulary it already has.
	o, err := NewOnline(batch.Vocabulary, func() Options { o := DefaultOptions(); o.K = 4; return o }(), nmf.DefaultOnlineSettings())
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		for lo := 0; lo < len(docs); lo += 16 {
			h, skipped, err := o.PartialFit(context.Background(), docs[lo:lo+16])
			if err != nil {
				t.Fatal(err)
			}
			if _, c := h.Dims(); c != 16 || len(skipped) != 0 {
				t.Fatalf("batch weights for %d documents, %v skipped", c, skipped)
			}
		}
	}
	if o.Batches() != 15 {
		t.Errorf("%d batches counted, want 15", o.Batches())
	}
	m := o.Model
	h, _, err := m.Transform(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	if _, c := h.Dims(); c != len(docs) {
		t.Fatalf("transform of %d documents", c)
	}
	if tp := m.TopWords(5); len(tp) != 4 || len(tp[0].Words) != 5 {
		t.Errorf("top words %v", tp)
	}
	// A fitted model continues from its W.
	w0 := mat.DenseCopyOf(batch.W)
	more, err := ContinueOnline(batch)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := more.PartialFit(context.Background(), docs[:16]); err != nil {
		t.Fatal(err)
	}
	if equalDense(w0, batch.W) {
		t.Errorf("PartialFit left a fitted model's W as it was")
	}
}

func argmaxSlice(v []float64) int {
	b := 0
	for i, x := range v {
		if x > v[b] {
			b = i
		}
	}
	return b
}

func equalDense(a, b *mat.Dense) bool {
	return a != nil && b != nil && mat.Equal(a, b)
}
