package topics

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/vectorize"
)

// TestModelKeepsTermSettings: a model saves KeepNumbers and NGramRange,
// loads them back, and Transform reads new documents through them: its
// n-gram terms weigh a document the way the fit weighed its own.
func TestModelKeepsTermSettings(t *testing.T) {
	docs, err := corpus.List(testCorpus)
	if err != nil {
		t.Fatal(err)
	}
	opt := DefaultOptions()
	opt.K = 3
	opt.Analysis.KeepNumbers = new(true)
	opt.Analysis.NGramRange = vectorize.NGramRange{1, 2}
	res, err := Fit(context.Background(), docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	m := res.Model
	pairs := 0
	for _, term := range m.Vocabulary.Terms {
		if strings.Contains(term, " ") {
			pairs++
		}
	}
	if pairs == 0 {
		t.Fatal("no n-gram in the vocabulary")
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"keep_numbers":true,"ngram_range":[1,2]`) {
		t.Fatal("the model does not save its term settings")
	}
	l, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(l.Analysis, m.Analysis) {
		t.Fatalf("loaded analysis %+v, want %+v", l.Analysis, m.Analysis)
	}
	h, _, err := l.Transform(context.Background(), docs[:4])
	if err != nil {
		t.Fatal(err)
	}
	r, _ := h.Dims()
	if !mat.EqualApprox(h, m.H.Slice(0, r, 0, 4), 1e-3) {
		t.Errorf("the loaded model transforms its own documents to\n%v\nwant\n%v", mat.Formatted(h), mat.Formatted(m.H.Slice(0, r, 0, 4)))
	}
	l.Analysis.NGramRange = vectorize.NGramRange{} // as a model saved before n-grams
	h1, _, err := l.Transform(context.Background(), docs[:4])
	if err != nil {
		t.Fatal(err)
	}
	if mat.EqualApprox(h, h1, 1e-3) {
		t.Error("the model's n-grams do not weigh its documents")
	}
}

// TestVersion1FileKeepsEveryToken: a model saved before terms needed a
// letter reads every token as it did then (numbers and underscores are
// terms), and single words.
func TestVersion1FileKeepsEveryToken(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "model-v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("keep_numbers")) || bytes.Contains(raw, []byte("ngram_range")) {
		t.Fatal("testdata/model-v1.json holds the settings it predates")
	}
	m, err := Load(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if m.Analysis.KeepNumbers != nil || m.Analysis.NGramRange != (vectorize.NGramRange{}) {
		t.Errorf("keep numbers %v, n-gram range %v", m.Analysis.KeepNumbers, m.Analysis.NGramRange)
	}
	a, err := vectorize.NewAnalyzer(m.Analysis)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range a.Analyze(nil, []byte("In 1993 the ___ bakers baked 00 loaves"), 0) {
		got = append(got, string(tk.Term))
	}
	if strings.Join(got, " ") != "1993 ___ baker bake 00 loav" {
		t.Errorf("a version 1 model reads %q", got)
	}
	var saved bytes.Buffer
	if err := m.Save(&saved); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(saved.String(), "keep_numbers") || strings.Contains(saved.String(), "ngram_range") {
		t.Error("a version 1 model saved again gains term settings")
	}
}
