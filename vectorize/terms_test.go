package vectorize

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nmftopics/nmftopics/corpus"
)

func TestLetterFilter(t *testing.T) {
	words := "1993 00 ___ __ 1_000 __init__ b52 x² ½½ ²³ ⅫⅫ 日本 ٣٣ _x"
	for _, tc := range []struct {
		keepNumbers bool
		want        string
	}{
		{false, "__init__ b52 x² 日本 _x"},
		{true, "1993 00 1_000 __init__ b52 x² ½½ ²³ ⅫⅫ 日本 ٣٣ _x"},
	} {
		ts := WordTokenizer{}.Tokenize(nil, []byte(words))
		if got := terms(LetterFilter{KeepNumbers: tc.keepNumbers}.Filter(ts)); got != tc.want {
			t.Errorf("KeepNumbers %v: %q, want %q", tc.keepNumbers, got, tc.want)
		}
	}
}

// TestSettingsKeepNumbers: the default analyzer takes terms holding a
// letter; KeepNumbers takes numbers too, never underscores alone; nil (a
// model saved before the setting) takes every token, as it did.
func TestSettingsKeepNumbers(t *testing.T) {
	text := "In 1993, 00 agents ___ met __ 3 times at 221b"
	for _, tc := range []struct {
		keep *bool
		want string
	}{
		{new(false), "agent met time 221b"},
		{new(true), "1993 00 agent met time 221b"},
		{nil, "1993 00 agent ___ met __ time 221b"},
	} {
		s := DefaultSettings()
		s.KeepNumbers = tc.keep
		a, err := NewAnalyzer(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := terms(a.Analyze(nil, []byte(text), 0)); got != tc.want {
			t.Errorf("KeepNumbers %v: %q, want %q", ptrString(tc.keep), got, tc.want)
		}
		c, err := Count(context.Background(), []corpus.Document{{ID: "d", Text: []byte(text)}}, a, CountOptions{KeepTokens: true})
		if err != nil {
			t.Fatal(err)
		}
		var seq []string
		for _, id := range c.Tokens[0] {
			seq = append(seq, c.Terms[id])
		}
		if got := strings.Join(seq, " "); got != tc.want {
			t.Errorf("KeepNumbers %v: Count's tokens %q, want %q", ptrString(tc.keep), got, tc.want)
		}
	}
}

func ptrString(b *bool) string {
	if b == nil {
		return "nil"
	}
	return fmt.Sprint(*b)
}

// TestSettingsJSON: the new settings round-trip; their zero values (as in
// a model saved before them) are not written, and read back as zero.
func TestSettingsJSON(t *testing.T) {
	s := Settings{KeepNumbers: new(false), NGramRange: NGramRange{1, 2}}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"keep_numbers":false`) || !strings.Contains(string(b), `"ngram_range":[1,2]`) {
		t.Errorf("settings written as %s", b)
	}
	var back Settings
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, s) {
		t.Errorf("read back %+v (%v), want %+v", back, err, s)
	}
	b, _ = json.Marshal(Settings{})
	if strings.Contains(string(b), "keep_numbers") || strings.Contains(string(b), "ngram_range") {
		t.Errorf("zero settings written as %s", b)
	}
	var old Settings
	if err := json.Unmarshal([]byte(`{"language":"english","stop_words":[]}`), &old); err != nil || old.KeepNumbers != nil || old.NGramRange != (NGramRange{}) {
		t.Errorf("settings without the fields read as %+v (%v)", old, err)
	}
}

func TestNGramRangeCheck(t *testing.T) {
	for _, r := range []NGramRange{{}, {1, 1}, {1, 2}, {2, 2}, {1, 3}, {3, 3}} {
		if err := r.Check(); err != nil {
			t.Errorf("%v: %v", r, err)
		}
	}
	for _, r := range []NGramRange{{0, 2}, {2, 1}, {1, 4}, {-1, 1}, {0, 0 + 1}} {
		err := r.Check()
		if err == nil || !strings.HasPrefix(err.Error(), fmt.Sprintf("--ngram-range %d:%d: want MIN:MAX with 1 ≤ MIN ≤ MAX ≤ 3", r[0], r[1])) {
			t.Errorf("%v: %v", r, err)
		}
		if _, err := NewAnalyzer(Settings{NGramRange: r}); err == nil {
			t.Errorf("NewAnalyzer takes n-gram range %v", r)
		}
	}
}

func TestNGramsFilter(t *testing.T) {
	s := DefaultSettings()
	s.NGramRange = NGramRange{1, 3}
	a, err := NewAnalyzer(s)
	if err != nil {
		t.Fatal(err)
	}
	ts := a.Analyze(nil, []byte("The Clipper chips of 1993 encrypt"), 0)
	var got []string
	for _, tk := range ts {
		got = append(got, fmt.Sprintf("%s/%s@%d", tk.Term, tk.Surface, tk.Position))
	}
	// Stop words and numbers go first: n-grams span them, as scikit-learn's.
	want := "clipper/clipper@1 chip/chips@2 clipper chip/clipper chips@2 " +
		"encrypt/encrypt@5 chip encrypt/chips encrypt@5 clipper chip encrypt/clipper chips encrypt@5"
	if strings.Join(got, " ") != want {
		t.Errorf("n-grams\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
	g := NGrams{Min: 2, Max: 2}.Filter(TokenStream{{Term: []byte("a")}, {Term: []byte("b"), Surface: []byte("bs")}, {Term: []byte("c")}})
	if got := fmt.Sprintf("%s/%s %s/%s", g[0].Term, g[0].Surface, g[1].Term, g[1].Surface); got != "a b/a bs b c/bs c" {
		t.Errorf("bigrams only: %s", got)
	}
	if g := (NGrams{Min: 2, Max: 2}).Filter(TokenStream{{Term: []byte("a")}, {Term: []byte("b")}}); len(g) != 1 || g[0].Surface != nil {
		t.Errorf("an n-gram of tokens without surfaces has surface %q", g[0].Surface)
	}
}

// ngramReference counts docs by Analyze on each whole document: per term,
// its document and corpus frequencies, and per term and surface form its
// occurrences.
func ngramReference(a *Analyzer, docs []corpus.Document) (df, cf map[string]int, surf map[string]map[string]int) {
	df, cf, surf = map[string]int{}, map[string]int{}, map[string]map[string]int{}
	for _, d := range docs {
		seen := map[string]bool{}
		for _, tk := range a.Analyze(nil, slices.Clone(d.Text), 0) {
			term := string(tk.Term)
			cf[term]++
			if !seen[term] {
				seen[term] = true
				df[term]++
			}
			if tk.Surface != nil {
				if surf[term] == nil {
					surf[term] = map[string]int{}
				}
				surf[term][string(tk.Surface)]++
			}
		}
	}
	return df, cf, surf
}

// TestCountNGrams: Count forms the n-grams Analyze does, on each of its
// three paths, with any number of workers, across the chunks of a long
// document, and picks each n-gram's most frequent surface form.
func TestCountNGrams(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	vocab := strings.Fields("The clipper Clipper chip chips of 1993 encrypt encrypted Keys key escrow the a ___ NSA nsa running runs 42")
	var docs []corpus.Document
	for d := range 60 {
		var b strings.Builder
		n := 5 + rng.IntN(60)
		if d == 7 {
			n = corpus.ChunkSize / 4 // read in several chunks
		}
		for range n {
			b.WriteString(vocab[rng.IntN(len(vocab))])
			b.WriteString([]string{" ", ", ", "\n", ". "}[rng.IntN(4)])
		}
		docs = append(docs, corpus.Document{ID: fmt.Sprint(d), Text: []byte(b.String())})
	}
	for _, r := range []NGramRange{{1, 2}, {1, 3}, {2, 3}, {3, 3}} {
		s := DefaultSettings()
		s.NGramRange = r
		for name, a := range analyzers(t) {
			ref, _ := NewAnalyzer(s)
			a.Filters = append(a.Filters, ref.Filters[len(ref.Filters)-1])
			df, cf, surf := ngramReference(ref, docs)
			for _, workers := range []int{1, 3} {
				c, err := Count(context.Background(), docs, a, CountOptions{Workers: workers, KeepTokens: true})
				if err != nil {
					t.Fatal(err)
				}
				checkNGramCounts(t, fmt.Sprintf("%v %s %d workers", r, name, workers), c, r[0], df, cf, surf)
			}
		}
	}
}

// checkNGramCounts fails t unless c holds the reference's terms (and, when
// min > 1, the single words besides), frequencies and surface forms.
func checkNGramCounts(t *testing.T, name string, c *Counts, min int, df, cf map[string]int, surf map[string]map[string]int) {
	t.Helper()
	if c.NGramMin != min {
		t.Errorf("%s: NGramMin %d", name, c.NGramMin)
	}
	n := 0
	for i, term := range c.Terms {
		if ngramWords(term) < min {
			continue
		}
		n++
		if c.DF[i] != df[term] || c.CF[i] != cf[term] {
			t.Errorf("%s: %q df %d cf %d, want %d %d", name, term, c.DF[i], c.CF[i], df[term], cf[term])
		}
		best, bestN := term, 0
		for s, k := range surf[term] {
			if k > bestN || k == bestN && s < best {
				best, bestN = s, k
			}
		}
		if c.Surface[i] != best {
			t.Errorf("%s: %q shown as %q, want %q", name, term, c.Surface[i], best)
		}
	}
	if n != len(df) {
		t.Errorf("%s: %d terms, want %d", name, n, len(df))
	}
	if len(c.Tokens) != len(c.Docs) {
		t.Fatalf("%s: %d token sequences for %d documents", name, len(c.Tokens), len(c.Docs))
	}
	for _, seq := range c.Tokens {
		for _, id := range seq {
			if strings.Contains(c.Terms[id], " ") {
				t.Fatalf("%s: the n-gram %q among the tokens", name, c.Terms[id])
			}
		}
	}
}

// TestVocabularyNGramMin: with n-grams of two words or more, the single
// words that Counts holds are left out of the vocabulary.
func TestVocabularyNGramMin(t *testing.T) {
	s := DefaultSettings()
	s.NGramRange = NGramRange{2, 2}
	a, _ := NewAnalyzer(s)
	docs := []corpus.Document{{ID: "1", Text: []byte("clipper chips encrypt keys")}, {ID: "2", Text: []byte("the clipper chip encrypts")},
		{ID: "3", Text: []byte("escrowed keys")}}
	c, err := Count(context.Background(), docs, a, CountOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewVocabulary(c, Options{MinDF: 1, MaxDF: 1, Weighting: TFIDF, Norm: L2})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(v.Terms, "|"), "chip encrypt|clipper chip|encrypt key|escrow key"; got != want {
		t.Errorf("vocabulary %q, want %q", got, want)
	}
	if got, want := strings.Join(v.Surface, "|"), "chip encrypts|clipper chip|encrypt keys|escrowed keys"; got != want {
		t.Errorf("surfaces %q, want %q", got, want)
	}
}

// FuzzCountNGrams checks that Count forms the n-grams NGrams forms, on each
// of its three paths, for any text.
func FuzzCountNGrams(f *testing.F) {
	for _, s := range []string{"The Clipper chips of 1993 encrypt", "a b c de fg 00 ___ x_y", "café CAFÉ naïve cafés", "chips chip chips chip"} {
		f.Add([]byte(s), []byte("second document, Running runners run"))
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if !utf8.Valid(a) || !utf8.Valid(b) || bytes.IndexByte(a, 0) >= 0 || bytes.IndexByte(b, 0) >= 0 {
			t.Skip("Count decodes other text as Windows-1252 and leaves binary text out; the reference reads it as it is")
		}
		docs := []corpus.Document{{ID: "a", Text: a}, {ID: "b", Text: b}}
		s := DefaultSettings()
		s.NGramRange = NGramRange{1, 3}
		ref, _ := NewAnalyzer(s)
		df, cf, surf := ngramReference(ref, docs)
		for name, an := range analyzers(t) {
			an.Filters = append(an.Filters, ref.Filters[len(ref.Filters)-1])
			c, err := Count(context.Background(), docs, an, CountOptions{Workers: 2, KeepTokens: true})
			if err != nil {
				continue // no documents: empty or binary
			}
			checkNGramCounts(t, name, c, 1, df, cf, surf)
		}
	})
}
