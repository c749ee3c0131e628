package vectorize

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nmftopics/nmftopics/corpus"
)

func writeCorpus(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func countDir(t *testing.T, dir string, s Settings, opt CountOptions) *Counts {
	t.Helper()
	docs, err := corpus.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewAnalyzer(s)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Count(context.Background(), docs, a, opt)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var small = map[string]string{
	"a/1.txt": "Parties and the party: people running.",
	"a/2.txt": "The party runs; runners ran. Party!",
	"b/3.txt": "Caf\xe9 prices \xa3 rose",    // not UTF-8: decoded as Windows-1252
	"b/4.bin": "bin\x00ary",                  // binary: left out
	"b/5.txt": "the and of",                  // only stop words: a document with no terms
	"c/6.txt": "people parties people party", // "people" wins over nothing: one surface form
}

func TestCount(t *testing.T) {
	dir := writeCorpus(t, small)
	c := countDir(t, dir, DefaultSettings(), CountOptions{Workers: 1, KeepTokens: true})
	if got := c.Summary; got.Documents != 5 || got.Binary != 1 || got.Windows1252 != 1 || got.Skipped() != 1 {
		t.Errorf("summary %+v", got)
	}
	if got := c.Summary.First(corpus.SkipBinary); len(got) != 1 || filepath.Base(got[0]) != "4.bin" {
		t.Errorf("binary files left out: %q, want b/4.bin", got)
	}
	var ids []string
	for _, d := range c.Docs {
		ids = append(ids, d.ID)
	}
	if got, want := strings.Join(ids, " "), "a/1.txt a/2.txt b/3.txt b/5.txt c/6.txt"; got != want {
		t.Errorf("docs %q, want %q", got, want)
	}
	idx := map[string]int{}
	for i, s := range c.Terms {
		idx[s] = i
	}
	check := func(term string, df, cf int, surface string) {
		t.Helper()
		i, ok := idx[term]
		if !ok {
			t.Errorf("term %q missing", term)
			return
		}
		if c.DF[i] != df || c.CF[i] != cf || c.Surface[i] != surface {
			t.Errorf("%s: df %d cf %d surface %q, want %d %d %q", term, c.DF[i], c.CF[i], c.Surface[i], df, cf, surface)
		}
	}
	// parti: Parties(1) party(1) party(2, doc 2) parties(1) party(1) → party 4, parties 2.
	check("parti", 3, 6, "party")
	check("peopl", 2, 3, "people")
	check("run", 2, 2, "running") // running, runs: a tie goes to the smaller word
	check("price", 1, 1, "prices")
	st, _ := NewStemmer("english")
	check(string(st.Stem([]byte("café"))), 1, 1, "café") // decoded from Windows-1252
	if _, ok := idx["£"]; ok {
		t.Errorf("£ is not a word character")
	}

	if got := len(c.Tokens); got != 5 {
		t.Fatalf("%d token sequences, want 5", got)
	}
	var seq []string
	for _, id := range c.Tokens[1] {
		seq = append(seq, c.Terms[id])
	}
	if got, want := strings.Join(seq, " "), "parti run runner ran parti"; got != want {
		t.Errorf("tokens of a/2.txt %q, want %q", got, want)
	}
	if len(c.Tokens[3]) != 0 || c.ColPtr[4]-c.ColPtr[3] != 0 {
		t.Errorf("the stop-word-only document should have no tokens")
	}
	if c.TokenCount() != len(c.Tokens[0])+len(c.Tokens[1])+len(c.Tokens[2])+len(c.Tokens[4]) {
		t.Errorf("TokenCount %d disagrees with the sequences", c.TokenCount())
	}
}

func TestCountWorkersAgree(t *testing.T) {
	dir := filepath.Join("..", "testdata", "corpus")
	one := countDir(t, dir, DefaultSettings(), CountOptions{Workers: 1, KeepTokens: true})
	for _, w := range []int{2, 3, 8} {
		many := countDir(t, dir, DefaultSettings(), CountOptions{Workers: w, KeepTokens: true})
		if !reflect.DeepEqual(one, many) {
			t.Errorf("%d workers give other counts than one", w)
		}
	}
}

func TestCountCancelled(t *testing.T) {
	docs, err := corpus.List(filepath.Join("..", "testdata", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := NewAnalyzer(DefaultSettings())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Count(ctx, docs, a, CountOptions{Workers: 2}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestVocabularyFilters(t *testing.T) {
	c := &Counts{
		Docs:    make([]corpus.Document, 10),
		Terms:   []string{"d", "b", "a", "c", "e"},
		Surface: []string{"d", "b", "a", "c", "e"},
		DF:      []int{10, 1, 5, 5, 9},
		CF:      []int{20, 1, 7, 7, 30},
	}
	v, err := NewVocabulary(c, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	// d is in all 10 documents (> 0.95 × 10), b in one (< 2); the rest sorted.
	if got := strings.Join(v.Terms, " "); got != "a c e" {
		t.Errorf("terms %q", got)
	}
	opt := DefaultOptions()
	opt.MaxTerms = 2
	v, _ = NewVocabulary(c, opt)
	// Most frequent: e (30), then a and c tie at 7: a wins by term order.
	if got := strings.Join(v.Terms, " "); got != "a e" {
		t.Errorf("max-terms 2: %q", got)
	}
	if want := math.Log(11.0/6) + 1; v.IDF[0] != want {
		t.Errorf("idf(a) = %v, want %v", v.IDF[0], want)
	}
	if v.Index("e") != 1 || v.Index("zz") != -1 {
		t.Errorf("Index wrong")
	}

	for _, tt := range []struct {
		opt  func(*Options)
		want string
	}{
		{func(o *Options) { o.MinDF = 11 }, "--max-df 0.95 (9.5 of 10 documents) is below --min-df 11"},
		{func(o *Options) { o.MaxDF = 0 }, "--max-df 0: must be a proportion in (0, 1]"},
		{func(o *Options) { o.MaxDF = 1.5 }, "--max-df 1.5"},
		{func(o *Options) { o.MinDF = -1 }, "--min-df -1"},
		{func(o *Options) { o.MaxTerms = -3 }, "--max-terms -3"},
		{func(o *Options) { o.Weighting = "bm25" }, `--weighting "bm25"`},
		{func(o *Options) { o.Norm = "l1" }, `--norm "l1"`},
	} {
		o := DefaultOptions()
		tt.opt(&o)
		_, err := NewVocabulary(c, o)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
	}
	// Filters that empty the vocabulary say which did.
	c.DF = []int{3, 1, 5, 5, 3}
	for _, tt := range []struct {
		minDF int
		maxDF float64
		want  string
	}{
		{6, 1, "none of the 5 terms is in at least 6 documents (--min-df)"},
		{4, 0.45, "all 2 terms left by --min-df are in more than 0.45 of the documents (--max-df)"},
	} {
		_, err := NewVocabulary(c, Options{MinDF: tt.minDF, MaxDF: tt.maxDF, Weighting: TFIDF, Norm: L2})
		if !errors.Is(err, ErrEmptyVocabulary) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
	}
	if _, err := NewVocabulary(&Counts{Docs: make([]corpus.Document, 3)}, DefaultOptions()); !errors.Is(err, ErrEmptyVocabulary) {
		t.Errorf("no words: err = %v", err)
	}
}

func TestMatrixWeightings(t *testing.T) {
	// Three documents over terms x, y, z (first-met order z, x, y).
	c := &Counts{
		Docs:     make([]corpus.Document, 3),
		Terms:    []string{"z", "x", "y"},
		Surface:  []string{"z", "x", "y"},
		DF:       []int{1, 3, 2},
		CF:       []int{2, 6, 3},
		ColPtr:   []int{0, 3, 5, 6},
		ColTerm:  []int32{0, 1, 2, 2, 1, 1},
		ColCount: []int32{2, 1, 2, 1, 4, 1},
	}
	idf := func(df float64) float64 { return math.Log(4/(1+df)) + 1 }
	tests := []struct {
		name string
		opt  Options
		want [][]float64 // documents × (x, y, z), before normalization
	}{
		{"tfidf", Options{Weighting: TFIDF}, [][]float64{{idf(3), 2 * idf(2), 2 * idf(1)}, {4 * idf(3), idf(2), 0}, {idf(3), 0, 0}}},
		{"tf", Options{Weighting: TF}, [][]float64{{1, 2, 2}, {4, 1, 0}, {1, 0, 0}}},
		{"binary", Options{Weighting: Binary}, [][]float64{{1, 1, 1}, {1, 1, 0}, {1, 0, 0}}},
		{"sublinear", Options{Weighting: TF, Sublinear: true}, [][]float64{{1, 1 + math.Ln2, 1 + math.Ln2}, {1 + 2*math.Ln2, 1, 0}, {1, 0, 0}}},
	}
	for _, tt := range tests {
		for _, norm := range []Norm{NoNorm, L2} {
			opt := tt.opt
			opt.MaxDF, opt.Norm = 1, norm
			v, err := NewVocabulary(c, opt)
			if err != nil {
				t.Fatal(err)
			}
			x := v.Matrix(c)
			if r, cc := x.Dims(); r != 3 || cc != 3 {
				t.Fatalf("dims %d×%d", r, cc)
			}
			for j, doc := range tt.want {
				n := 1.0
				if norm == L2 {
					n = math.Sqrt(doc[0]*doc[0] + doc[1]*doc[1] + doc[2]*doc[2])
				}
				for i, w := range doc {
					if got := x.At(i, j); math.Abs(got-w/n) > 1e-15 {
						t.Errorf("%s %s: X[%d,%d] = %v, want %v", tt.name, norm, i, j, got, w/n)
					}
				}
			}
			if x.NNZ() != 6 {
				t.Errorf("%s: nnz %d, want 6", tt.name, x.NNZ())
			}
		}
	}
	// Terms outside the vocabulary are dropped, rows stay sorted.
	opt := DefaultOptions()
	opt.MaxDF = 1
	v, _ := NewVocabulary(c, opt) // min-df 2 drops z
	x := v.Matrix(c)
	raw := x.RawMatrix()
	if x.NNZ() != 5 || !reflect.DeepEqual(raw.Ind, []int{0, 1, 0, 1, 0}) {
		t.Errorf("rows %v", raw.Ind)
	}
}

func TestPipelineOnTestdata(t *testing.T) {
	c := countDir(t, filepath.Join("..", "testdata", "corpus"), DefaultSettings(), CountOptions{})
	if c.Summary.Documents != 48 {
		t.Fatalf("%d documents, want 48", c.Summary.Documents)
	}
	v, err := NewVocabulary(c, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	x := v.Matrix(c)
	m, n := x.Dims()
	if n != 48 || m != len(v.Terms) || m < 100 {
		t.Fatalf("X is %d×%d", m, n)
	}
	// Every column has unit length; every row is in at least two columns.
	colSS := make([]float64, n)
	rowDocs := make([]int, m)
	x.DoNonZero(func(i, j int, val float64) {
		if val <= 0 {
			t.Errorf("X[%d,%d] = %v", i, j, val)
		}
		colSS[j] += val * val
		rowDocs[i]++
	})
	for j, ss := range colSS {
		if math.Abs(ss-1) > 1e-12 {
			t.Errorf("column %d has squared norm %v", j, ss)
		}
	}
	for i, d := range rowDocs {
		if d < 2 || d != v.DF[i] {
			t.Errorf("term %s in %d documents, df %d", v.Terms[i], d, v.DF[i])
		}
	}
	for _, want := range []string{"launch", "rocket", "oven", "goal", "investor"} {
		if v.Index(want) < 0 {
			t.Errorf("term %q missing from the vocabulary", want)
		}
	}
	if s := v.Surface[v.Index("launch")]; s != "launch" {
		t.Errorf("surface of launch is %q", s)
	}
}

// notTermOnly hides that its filter treats tokens one at a time, so that
// Count takes its general path (no memo of analyzed words).
type notTermOnly struct{ TokenFilter }

func (f notTermOnly) Filter(ts TokenStream) TokenStream { return f.TokenFilter.Filter(ts) }

// otherTokenizer is WordTokenizer under another type, so that Count
// memoizes raw tokens but does not key them by their lower-cased form.
type otherTokenizer struct{ WordTokenizer }

// FuzzCountPaths checks that Count's three paths give the same counts,
// surfaces and tokens for any text: folded (the default analyzer: analysis
// memoized per word, ASCII ones by their lower-cased form), memo (another
// tokenizer: analysis memoized per raw token) and plain (a filter that is
// not a TermFilter: every token analyzed).
func FuzzCountPaths(f *testing.F) {
	for _, s := range []string{"The People's PARTIES ran; the Tories run!", "café CAFÉ naïve", "a b c de fg", "日本語 テキスト x_y",
		"\xff\xfe abc", "A_b a_B a\x7fb AB_ ab\x7f", "Internationalization INTERNATIONALIZATIONS internationalizations_x", "ab",
		"abcdefgh ABCDEFGHI abcdefghijklmnop ABCDEFGHIJKLMNOPQ", "naïveTÉ Éclair ÉCLAIR école x\u00a0y ab\u2019cd"} {
		f.Add([]byte(s), []byte("second document, Running runners"))
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		checkCountPaths(t, []corpus.Document{{ID: "a", Text: a}, {ID: "b", Text: b}})
	})
}

// checkCountPaths fails t unless Count's three paths count docs alike.
func checkCountPaths(t *testing.T, docs []corpus.Document) {
	t.Helper()
	an := analyzers(t)
	folded, memo, plain := an["folded"], an["memo"], an["plain"]
	var counts [3]*Counts
	var errs [3]error
	for i, an := range []*Analyzer{folded, memo, plain} {
		counts[i], errs[i] = Count(context.Background(), docs, an, CountOptions{KeepTokens: true, Workers: 1})
	}
	for i := 1; i < 3; i++ {
		if (errs[0] == nil) != (errs[i] == nil) {
			t.Fatalf("errors differ: %v, %v", errs[0], errs[i])
		}
		if errs[0] == nil && !reflect.DeepEqual(counts[0], counts[i]) {
			t.Fatalf("path %d counts differently from the folded path:\n%+v\n%+v", i, counts[0], counts[i])
		}
	}
}

// TestCountPathsLongTexts checks the three paths on random texts long
// enough to cross many of the word scan's 64-byte blocks: words of 1 to 90
// bytes, mixed case, non-ASCII letters and punctuation in and between words,
// at every offset in a block.
func TestCountPathsLongTexts(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{" ", "  ", "\n", ", ", ".", "-", "'", "é", "É", "£", "日本", "\u2019", "\u00a0", "_", "9"}
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	var docs []corpus.Document
	for d := range 300 {
		var b []byte
		for len(b) < 50+rng.IntN(1500) {
			n := 1 + rng.IntN(12)
			if rng.IntN(20) == 0 {
				n = 13 + rng.IntN(78)
			}
			for range n {
				b = append(b, letters[rng.IntN(len(letters))%(10+rng.IntN(len(letters)-9))])
			}
			b = append(b, pieces[rng.IntN(len(pieces))]...)
			if rng.IntN(3) == 0 {
				b = append(b, ' ')
			}
		}
		docs = append(docs, corpus.Document{ID: fmt.Sprint(d), Text: b})
	}
	checkCountPaths(t, docs)
}

func TestCountDictionaryOnly(t *testing.T) {
	dir := filepath.Join("..", "testdata", "corpus")
	full := countDir(t, dir, DefaultSettings(), CountOptions{})
	dict := countDir(t, dir, DefaultSettings(), CountOptions{DictionaryOnly: true})
	if dict.ColPtr != nil || dict.ColTerm != nil || dict.ColCount != nil {
		t.Errorf("DictionaryOnly kept document terms: %d pointers, %d terms", len(dict.ColPtr), len(dict.ColTerm))
	}
	if !reflect.DeepEqual(full.Terms, dict.Terms) || !reflect.DeepEqual(full.DF, dict.DF) || !reflect.DeepEqual(full.CF, dict.CF) ||
		!reflect.DeepEqual(full.Surface, dict.Surface) || !reflect.DeepEqual(full.Docs, dict.Docs) || full.Summary != dict.Summary {
		t.Errorf("DictionaryOnly counts another dictionary than a full count")
	}
}

// TestMatrixMatchesRows checks that Matrix (columns built in place, in
// parallel, put in row order by bitmap or by sorting) and Rows (built by
// rows) give the same X, bit for bit, on random counts with long and short
// documents over a vocabulary large enough for both orderings.
func TestMatrixMatchesRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const terms, docs = 9000, 700
	c := &Counts{Docs: make([]corpus.Document, docs), ColPtr: []int{0}}
	for i := range terms {
		c.Terms = append(c.Terms, fmt.Sprintf("t%05d", (i*7919)%terms)) // first-met order is not row order
	}
	c.Surface = c.Terms
	c.DF, c.CF = make([]int, terms), make([]int, terms)
	for range docs {
		k := 1 + rng.IntN(20)
		if rng.IntN(4) == 0 {
			k = 200 + rng.IntN(800)
		}
		for _, t := range rng.Perm(terms)[:k] {
			c.ColTerm = append(c.ColTerm, int32(t))
			c.ColCount = append(c.ColCount, int32(1+rng.IntN(5)))
			c.DF[t]++
			c.CF[t] += int(c.ColCount[len(c.ColCount)-1])
		}
		c.ColPtr = append(c.ColPtr, len(c.ColTerm))
	}
	for _, opt := range []Options{DefaultOptions(), {MinDF: 1, MaxDF: 1, Weighting: TF, Sublinear: true, Norm: NoNorm}, {MinDF: 3, MaxDF: 0.2, MaxTerms: 500, Weighting: Binary, Norm: L2}} {
		v, err := NewVocabulary(c, opt)
		if err != nil {
			t.Fatal(err)
		}
		ptr, doc, val := v.Rows(c)
		x := v.Matrix(c)
		raw := x.RawMatrix()
		if x.NNZ() != len(doc) {
			t.Fatalf("%v: Matrix has %d non-zeros, Rows %d", opt, x.NNZ(), len(doc))
		}
		for i := range len(v.Terms) {
			for p := ptr[i]; p < ptr[i+1]; p++ {
				if got := x.At(i, int(doc[p])); got != val[p] {
					t.Fatalf("%v: X[%d,%d] = %v by Matrix, %v by Rows", opt, i, doc[p], got, val[p])
				}
			}
		}
		for j := range docs {
			if !slices.IsSorted(raw.Ind[raw.Indptr[j]:raw.Indptr[j+1]]) {
				t.Fatalf("%v: column %d rows not ascending", opt, j)
			}
		}
		other := *c // counts the vocabulary was not chosen from: rows found by term
		if !reflect.DeepEqual(v.Matrix(&other).RawMatrix(), raw) {
			t.Fatalf("%v: Matrix of a copy of the counts differs", opt)
		}
	}
}

// TestCountManyWordsWorkersAgree counts a corpus of 50,000 distinct words
// (ASCII, longer than 16 bytes, and not ASCII) with one worker and with
// several: the shared memo grows while the workers read it, and the counts
// must not change.
func TestCountManyWordsWorkersAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
	word := func() string {
		n := 2 + rng.IntN(10)
		if rng.IntN(50) == 0 {
			n = 17 + rng.IntN(10)
		}
		b := make([]byte, n)
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		if rng.IntN(40) == 0 {
			return string(b) + "é"
		}
		return string(b)
	}
	vocab := make([]string, 50000)
	for i := range vocab {
		vocab[i] = word()
	}
	docs := make([]corpus.Document, 400)
	for d := range docs {
		var sb strings.Builder
		for range 400 {
			sb.WriteString(vocab[rng.IntN(len(vocab))])
			sb.WriteString(" ")
		}
		docs[d] = corpus.Document{ID: fmt.Sprint(d), Text: []byte(sb.String())}
	}
	count := func(workers int) *Counts {
		a, _ := NewAnalyzer(DefaultSettings())
		c, err := Count(context.Background(), docs, a, CountOptions{Workers: workers, KeepTokens: true})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	one := count(1)
	if len(one.Terms) < 40000 {
		t.Fatalf("only %d terms: the memo does not grow", len(one.Terms))
	}
	for _, w := range []int{2, 4, 8} {
		if many := count(w); !reflect.DeepEqual(one, many) {
			t.Errorf("%d workers give other counts than one", w)
		}
	}
}

// TestVocabularyDoesNotKeepCounts checks that a vocabulary, which remembers
// the counts it was chosen from to build their matrix faster, does not keep
// them (and their documents' terms) alive.
func TestVocabularyDoesNotKeepCounts(t *testing.T) {
	c := countDir(t, filepath.Join("..", "testdata", "corpus"), DefaultSettings(), CountOptions{})
	v, err := NewVocabulary(c, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	freed := make(chan struct{})
	runtime.AddCleanup(c, func(ch chan struct{}) { close(ch) }, freed)
	c = nil
	for range 50 {
		runtime.GC()
		select {
		case <-freed:
			runtime.KeepAlive(v)
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatal("the counts are still alive while their vocabulary is")
}
