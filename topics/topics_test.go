package topics

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
)

var testCorpus = filepath.Join("..", "testdata", "corpus")

func fitTestdata(t *testing.T, k int) *Model {
	t.Helper()
	docs, err := corpus.List(testCorpus)
	if err != nil {
		t.Fatal(err)
	}
	opt := DefaultOptions()
	opt.K = k
	res, err := Fit(context.Background(), docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res.Model
}

func TestFitFindsTheThemes(t *testing.T) {
	m := fitTestdata(t, 4)
	_, n := m.H.Dims()
	heaviest := make([]int, n)
	for j := range heaviest {
		heaviest[j] = argmaxSlice(mat.Col(nil, j, m.H))
	}
	checkThemes(t, m.Documents, heaviest)
	for _, tp := range m.Topics {
		if len(tp.Words) != 10 {
			t.Fatalf("topic %d has %d words", tp.ID, len(tp.Words))
		}
		for i := 1; i < len(tp.Words); i++ {
			if tp.Words[i].Weight > tp.Words[i-1].Weight {
				t.Errorf("topic %d words not by weight", tp.ID)
			}
		}
	}
	if m.Metrics.Diversity <= 0.5 || m.Metrics.Diversity > 1 {
		t.Errorf("diversity %v", m.Metrics.Diversity)
	}
}

func TestSurfaceForms(t *testing.T) {
	m := fitTestdata(t, 4)
	found := false
	for _, tp := range m.Topics {
		for _, w := range tp.Words {
			if w.Stem != w.Term && strings.HasPrefix(w.Term, w.Stem) {
				found = true
			}
			if w.Term == "" || w.Stem == "" {
				t.Errorf("empty word in topic %d: %+v", tp.ID, w)
			}
		}
	}
	if !found {
		t.Errorf("no topic word is shown in a surface form that differs from its stem")
	}
}

func TestTransformGivesBackH(t *testing.T) {
	m := fitTestdata(t, 4)
	docs, _ := corpus.List(testCorpus)
	h, skipped, err := m.Transform(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 0 {
		t.Fatalf("documents %v skipped", skipped)
	}
	checkClose(t, h, m.H, 1e-6)
	// One document alone gets the same weights.
	one, _, err := m.Transform(context.Background(), docs[5:6])
	if err != nil {
		t.Fatal(err)
	}
	for tp := range m.K {
		if a, b := one.At(tp, 0), m.H.At(tp, 5); a != b {
			t.Errorf("alone: H[%d] = %v, in the model %v", tp, a, b)
		}
	}
}

func checkClose(t *testing.T, got, want *mat.Dense, rel float64) {
	t.Helper()
	r, c := want.Dims()
	if gr, gc := got.Dims(); gr != r || gc != c {
		t.Fatalf("dims %d×%d, want %d×%d", gr, gc, r, c)
	}
	scale := mat.Max(want)
	for i := range r {
		for j := range c {
			if d := got.At(i, j) - want.At(i, j); d > rel*scale || -d > rel*scale {
				t.Fatalf("[%d,%d] = %v, want %v", i, j, got.At(i, j), want.At(i, j))
			}
		}
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	m := fitTestdata(t, 3)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.String()
	l, err := Load(strings.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(l.W, m.W) || !mat.Equal(l.H, m.H) {
		t.Fatalf("factors differ after a round trip")
	}
	var again bytes.Buffer
	if err := l.Save(&again); err != nil {
		t.Fatal(err)
	}
	if again.String() != saved {
		t.Errorf("saving a loaded model gives other bytes")
	}
	docs, _ := corpus.List(testCorpus)
	h, _, err := l.Transform(context.Background(), docs[:3])
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, h, m.H.Slice(0, 3, 0, 3).(*mat.Dense), 0)
}

func TestLoadErrors(t *testing.T) {
	m := fitTestdata(t, 2)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	tests := []struct {
		name, in string
		want     error
	}{
		{"truncated", good[:len(good)/2], ErrCorrupt},
		{"not json", "hello world", ErrNotModel},
		{"other json", `{"a": 1}`, ErrNotModel},
		{"other version", strings.Replace(good, `"version":1`, `"version":2`, 1), ErrVersion},
		{"bad shape", strings.Replace(good, `"k":2`, `"k":3`, 1), ErrCorrupt},
		{"negative weight", strings.Replace(good, `"w":[[`, `"w":[[-1,`, 1), ErrCorrupt},
		{"empty", "", ErrCorrupt},
	}
	for _, tt := range tests {
		if _, err := Load(strings.NewReader(tt.in)); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestFitErrors(t *testing.T) {
	docs, _ := corpus.List(testCorpus)
	opt := DefaultOptions()
	opt.K = 49
	if _, err := Fit(context.Background(), docs, opt); !errors.Is(err, ErrRank) || !strings.Contains(err.Error(), "at most 48") {
		t.Errorf("k = 49: %v", err)
	}
	opt.K = 0
	if _, err := Fit(context.Background(), docs, opt); !errors.Is(err, ErrRank) {
		t.Errorf("k = 0: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	opt.K = 2
	if _, err := Fit(ctx, docs, opt); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// FuzzLoad feeds arbitrary bytes to Load: an error or a model, never a
// panic; a model that loads saves and loads again to the same factors.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"format":"nmftopics-model","version":1}`))
	f.Add([]byte(`{"format":"nmftopics-model","version":1,"k":1,"vocabulary":{"terms":["a"],"surface":["a"],"df":[1],"options":{"min_df":1,"max_df":1,"weighting":"tf","norm":"l2"}},"w":[[1]],"h":[[0.5]],"documents":[{"id":"d"}]}`))
	f.Add([]byte("not json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Load(bytes.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			t.Fatal(err)
		}
		again, err := Load(&buf)
		if err != nil {
			t.Fatalf("a loaded model does not load after saving: %v", err)
		}
		if !mat.Equal(again.W, m.W) || !mat.Equal(again.H, m.H) {
			t.Fatalf("factors changed")
		}
	})
}

// checkThemes checks that each theme's documents (by label, 12 each) mostly
// share one heaviest topic (10 or more of 12) and that the four themes go
// to four different topics; heaviest[j] is document j's heaviest topic.
func checkThemes(t *testing.T, docs []Document, heaviest []int) {
	t.Helper()
	byLabel := map[string]map[int]int{}
	for j, d := range docs {
		if byLabel[d.Label] == nil {
			byLabel[d.Label] = map[int]int{}
		}
		byLabel[d.Label][heaviest[j]]++
	}
	used := map[int]bool{}
	for label, counts := range byLabel {
		top, n := -1, 0
		for tp, c := range counts {
			if c > n {
				top, n = tp, c
			}
		}
		if n < 10 {
			t.Errorf("%s: only %d of 12 documents share a topic: %v", label, n, counts)
		}
		used[top] = true
	}
	if len(used) != 4 {
		t.Errorf("themes map to %d topics, want 4: %v", len(used), byLabel)
	}
}
