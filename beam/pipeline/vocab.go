package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/vectorize"
)

func init() {
	register.DoFn3x1[context.Context, []byte, func(docRef), error](&listFn{})
	register.Emitter1[docRef]()
	register.DoFn3x1[context.Context, docRef, func(string, int), error](&analyzeFn{})
	register.Emitter2[string, int]()
	register.Function2x2(formatCount)
}

// listFn lists the input's documents (one call, from an impulse: the
// listing is sorted, so that document indices, and shards, are the same
// on every run).
type listFn struct {
	Input string `json:"input"`
}

func (fn *listFn) ProcessElement(ctx context.Context, _ []byte, emit func(docRef)) error {
	refs, err := listInput(ctx, fn.Input)
	if err != nil {
		return err
	}
	for _, r := range refs {
		emit(r)
	}
	return nil
}

// The vocabulary stage counts, for every document, with keys of one
// PCollection summed by one combiner:
//
//	"d\x00" term           1 per document holding the term (document frequency)
//	"c\x00" term           the term's occurrences (corpus frequency)
//	"s\x00" term "\x00" w  occurrences of the word w stemmed to the term
//	"n\x00" what           documents read, empty, binary, decoded as Windows-1252
//
// Terms and words are runs of word characters, so "\x00" never occurs in
// them.
const (
	keyDF      = "d"
	keyCF      = "c"
	keySurface = "s"
	keyCount   = "n"
	sep        = "\x00"
)

// analyzeFn reads and analyzes one document with the project's analyzer,
// as vectorize.Count does, and emits its counts.
type analyzeFn struct {
	Analysis vectorize.Settings `json:"analysis"`

	analyzer *vectorize.Analyzer
	reader   corpus.Reader
	tokens   vectorize.TokenStream
	files    fileSystems
	terms    map[string]int
	words    map[string]*wordCount
	sums     map[string]int // the bundle's counts, not yet emitted
}

type wordCount struct {
	term string
	n    int
}

func (fn *analyzeFn) Setup() error {
	a, err := vectorize.NewAnalyzer(fn.Analysis)
	if err != nil {
		return err
	}
	fn.analyzer = a
	fn.terms = make(map[string]int)
	fn.words = make(map[string]*wordCount)
	return nil
}

func (fn *analyzeFn) Teardown() { fn.files.close() }

func (fn *analyzeFn) ProcessElement(ctx context.Context, r docRef, emit func(string, int)) error {
	text, err := fn.files.read(ctx, r.Path)
	if err != nil {
		return err
	}
	clear(fn.terms)
	clear(fn.words)
	offset := 0
	enc, err := fn.reader.Read(r.document(text), func(chunk []byte) error {
		fn.tokens = fn.analyzer.Analyze(fn.tokens, chunk, offset)
		if n := len(fn.tokens); n > 0 {
			offset = fn.tokens[n-1].Position + 1
		}
		for _, t := range fn.tokens {
			fn.terms[string(t.Term)]++
			if t.Surface == nil {
				continue // no stemmer: the term is its own surface form
			}
			w := fn.words[string(t.Surface)]
			if w == nil {
				w = &wordCount{term: string(t.Term)}
				fn.words[string(t.Surface)] = w
			}
			w.n++
		}
		return nil
	})
	switch {
	case errors.Is(err, corpus.ErrEmpty):
		fn.add(keyCount+sep+"empty", 1)
		return nil
	case errors.Is(err, corpus.ErrBinary):
		fn.add(keyCount+sep+"binary", 1)
		return nil
	case err != nil:
		return fmt.Errorf("%s: %w", r.Path, err)
	}
	fn.add(keyCount+sep+"documents", 1)
	if enc == corpus.Windows1252 {
		fn.add(keyCount+sep+"windows_1252", 1)
	}
	for term, n := range fn.terms {
		fn.add(keyDF+sep+term, 1)
		fn.add(keyCF+sep+term, n)
	}
	for word, w := range fn.words {
		fn.add(keySurface+sep+w.term+sep+word, w.n)
	}
	if len(fn.sums) >= maxBundleKeys {
		fn.flush(emit)
	}
	return nil
}

// maxBundleKeys bounds the counts a bundle holds before it emits them.
const maxBundleKeys = 1 << 20

// add counts into the bundle's sums: the counts are summed within the
// bundle before they are emitted (the combiner then sums bundles), since a
// document's terms repeat from one document to the next and one element per
// term and document costs more to hand over than to add.
func (fn *analyzeFn) add(key string, n int) {
	if fn.sums == nil {
		fn.sums = make(map[string]int)
	}
	fn.sums[key] += n
}

func (fn *analyzeFn) flush(emit func(string, int)) {
	for k, n := range fn.sums {
		emit(k, n)
	}
	clear(fn.sums)
}

func (fn *analyzeFn) FinishBundle(emit func(string, int)) { fn.flush(emit) }

// formatCount writes a summed count as a JSON line: ["key", count].
func formatCount(key string, n int) (string, error) {
	b, err := json.Marshal([]any{key, n})
	return string(b), err
}

// vocabularyPipeline lists and analyzes the corpus and writes the summed
// counts to out, one JSON line per key.
func vocabularyPipeline(cfg Config, out string) *beam.Pipeline {
	p, s := beam.NewPipelineWithRoot()
	refs := beam.ParDo(s.Scope("list"), &listFn{Input: cfg.Input}, beam.Impulse(s))
	// The listing comes out of one call; the reshuffle spreads the
	// documents over the workers.
	refs = beam.Reshuffle(s, refs)
	counts := beam.ParDo(s.Scope("analyze"), &analyzeFn{Analysis: cfg.Analysis}, refs)
	sums := stats.SumPerKey(s.Scope("sum"), counts)
	textio.Write(s.Scope("write"), out, beam.ParDo(s, formatCount, sums))
	return p
}

// readCounts reads the vocabulary stage's sums into Counts holding the
// dictionary (Terms, Surface, DF, CF), Docs (as many as were read; only
// their number counts) and the Summary, as vectorize.Count with
// DictionaryOnly would make them, so that vectorize.NewVocabulary applies
// its own rules to them.
func readCounts(ctx context.Context, path string) (*vectorize.Counts, error) {
	data, err := readFile(ctx, path)
	if err != nil {
		return nil, err
	}
	sums := newCountSums()
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		key, n, ok := parseCount(sc.Bytes())
		if !ok {
			return nil, fmt.Errorf("%s:%d: not a [key, count] line", path, line)
		}
		if !sums.add(key, n) {
			return nil, fmt.Errorf("%s:%d: unknown key %q", path, line, key)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := sums.summary.Err(); err != nil {
		return nil, err
	}
	return sums.counts(), nil
}

// parseCount reads a line written by formatCount.
func parseCount(line []byte) (key string, n int, ok bool) {
	var kv []json.RawMessage
	if err := json.Unmarshal(line, &kv); err != nil || len(kv) != 2 ||
		json.Unmarshal(kv[0], &key) != nil || json.Unmarshal(kv[1], &n) != nil {
		return "", 0, false
	}
	return key, n, true
}

// countSums are the vocabulary stage's sums, by the kind of their key.
type countSums struct {
	df, cf  map[string]int
	surface map[string]surfaceCount // each term's surface form so far
	summary corpus.Summary
}

// surfaceCount is a word and its occurrences.
type surfaceCount struct {
	word string
	n    int
}

func newCountSums() *countSums {
	return &countSums{df: map[string]int{}, cf: map[string]int{}, surface: map[string]surfaceCount{}}
}

// add takes in one sum; it reports false for a key of no known kind.
func (s *countSums) add(key string, n int) bool {
	kind, rest, _ := strings.Cut(key, sep)
	switch kind {
	case keyDF:
		s.df[rest] = n
	case keyCF:
		s.cf[rest] = n
	case keySurface:
		term, word, _ := strings.Cut(rest, sep)
		// vectorize's rule: the most frequent word, ties to the smallest.
		if b, ok := s.surface[term]; !ok || n > b.n || (n == b.n && word < b.word) {
			s.surface[term] = surfaceCount{word, n}
		}
	case keyCount:
		switch rest {
		case "documents":
			s.summary.Documents = n
		case "empty":
			s.summary.Empty = n
		case "binary":
			s.summary.Binary = n
		case "windows_1252":
			s.summary.Windows1252 = n
		}
	default:
		return false
	}
	return true
}

// counts returns the sums as vectorize.Counts, terms sorted; a term with
// no surface word (no stemmer) is its own surface form.
func (s *countSums) counts() *vectorize.Counts {
	c := &vectorize.Counts{Docs: make([]corpus.Document, s.summary.Documents), Summary: s.summary}
	for t := range s.df {
		c.Terms = append(c.Terms, t)
	}
	sort.Strings(c.Terms)
	for _, t := range c.Terms {
		w := s.surface[t].word
		if w == "" {
			w = t
		}
		c.Surface = append(c.Surface, w)
		c.DF = append(c.DF, s.df[t])
		c.CF = append(c.CF, s.cf[t])
	}
	return c
}
