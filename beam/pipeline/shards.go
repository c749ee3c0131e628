package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/james-bowman/sparse"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/vectorize"
)

func init() {
	register.DoFn1x2[docRef, int, docRef](&keyByShardFn{})
	register.DoFn4x1[context.Context, int, func(*docRef) bool, func(string), error](&shardFn{})
	register.Iter1[docRef]()
	register.Emitter1[string]()
}

// keyByShardFn keys each document by its shard: index mod shards, so
// that shards are balanced and each mixes the corpus's folders.
type keyByShardFn struct {
	Shards int `json:"shards"`
}

func (fn *keyByShardFn) ProcessElement(r docRef) (int, docRef) { return r.Index % fn.Shards, r }

// shardPath is the file of shard b's columns.
func shardPath(dir string, b int) string { return joinPath(dir, fmt.Sprintf("x-%05d.bin", b)) }

// shardSummary is what a shard reports of itself.
type shardSummary struct {
	Shard     int `json:"shard"`
	Documents int `json:"documents"`
	NNZ       int `json:"nnz"`
}

// shardChunk is how many documents a shard reads and counts at once, so
// that a shard's memory holds its matrix and one chunk of text.
const shardChunk = 256

// shardFn builds a shard's X_b: it reads its documents (in listing order),
// counts them with vectorize.Count and weighs them with the vocabulary
// (Vocabulary.Matrix), chunk by chunk, and writes X_b to the work folder,
// so that the epochs read matrices, not text.
type shardFn struct {
	Analysis  vectorize.Settings `json:"analysis"`
	VocabPath string             `json:"vocab_path"`
	Dir       string             `json:"dir"`

	analyzer *vectorize.Analyzer
	vocab    *vectorize.Vocabulary
	files    fileSystems
}

func (fn *shardFn) Setup() error {
	a, err := vectorize.NewAnalyzer(fn.Analysis)
	fn.analyzer = a
	return err
}

func (fn *shardFn) Teardown() { fn.files.close() }

func (fn *shardFn) ProcessElement(ctx context.Context, shard int, iter func(*docRef) bool, emit func(string)) error {
	if err := fn.loadVocabulary(ctx); err != nil {
		return err
	}
	refs := inListingOrder(iter)
	x := columns{m: len(fn.vocab.Terms), indptr: []int{0}}
	docs := make([]corpus.Document, 0, shardChunk)
	for lo := 0; lo < len(refs); lo += shardChunk {
		var err error
		if docs, err = fn.readChunk(ctx, docs[:0], refs[lo:min(len(refs), lo+shardChunk)]); err != nil {
			return err
		}
		counts, err := vectorize.Count(ctx, docs, fn.analyzer, vectorize.CountOptions{Workers: 1})
		if errors.Is(err, corpus.ErrNoDocuments) {
			continue // only empty or binary files: no column
		}
		if err != nil {
			return fmt.Errorf("shard %d: %w", shard, err)
		}
		x.append(fn.vocab.Matrix(counts), counts.Docs)
	}
	if err := writeFile(ctx, shardPath(fn.Dir, shard), encodeShard(x.csc(), x.ids)); err != nil {
		return err
	}
	line, err := json.Marshal(shardSummary{Shard: shard, Documents: len(x.ids), NNZ: len(x.data)})
	if err != nil {
		return err
	}
	emit(string(line))
	return nil
}

// loadVocabulary reads the vocabulary from the work folder, once per
// DoFn instance.
func (fn *shardFn) loadVocabulary(ctx context.Context) error {
	if fn.vocab != nil {
		return nil
	}
	b, err := fn.files.read(ctx, fn.VocabPath)
	if err != nil {
		return err
	}
	var v vectorize.Vocabulary
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("%s: %w", fn.VocabPath, err)
	}
	fn.vocab = &v
	return nil
}

// inListingOrder collects a shard's references, in the order of the
// listing.
func inListingOrder(iter func(*docRef) bool) []docRef {
	var refs []docRef
	var r docRef
	for iter(&r) {
		refs = append(refs, r)
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].Index < refs[j].Index })
	return refs
}

// readChunk appends the documents of refs, with their text, to docs.
func (fn *shardFn) readChunk(ctx context.Context, docs []corpus.Document, refs []docRef) ([]corpus.Document, error) {
	for _, r := range refs {
		text, err := fn.files.read(ctx, r.Path)
		if err != nil {
			return docs, err
		}
		docs = append(docs, r.document(text))
	}
	return docs, nil
}

// columns is a CSC matrix of m rows built chunk by chunk, with the IDs
// of its columns' documents.
type columns struct {
	m      int
	indptr []int
	ind    []int
	data   []float64
	ids    []string
}

// append adds the columns of x, the documents docs.
func (c *columns) append(x *sparse.CSC, docs []corpus.Document) {
	raw := x.RawMatrix()
	base := len(c.ind)
	for _, p := range raw.Indptr[1:] {
		c.indptr = append(c.indptr, base+p)
	}
	c.ind = append(c.ind, raw.Ind...)
	c.data = append(c.data, raw.Data...)
	for _, d := range docs {
		c.ids = append(c.ids, d.ID)
	}
}

func (c *columns) csc() *sparse.CSC {
	return sparse.NewCSC(c.m, len(c.ids), c.indptr, c.ind, c.data)
}

// shardsPipeline cuts the corpus into shards and writes each shard's X_b;
// it writes the shards' summaries to out.
func shardsPipeline(cfg Config, dir, vocabPath, out string) *beam.Pipeline {
	p, s := beam.NewPipelineWithRoot()
	refs := beam.ParDo(s.Scope("list"), &listFn{Input: cfg.Input}, beam.Impulse(s))
	keyed := beam.ParDo(s.Scope("key"), &keyByShardFn{Shards: cfg.Shards}, refs)
	grouped := beam.GroupByKey(s, keyed)
	lines := beam.ParDo(s.Scope("shard"), &shardFn{Analysis: cfg.Analysis, VocabPath: vocabPath, Dir: dir}, grouped)
	textio.Write(s.Scope("write"), out, lines)
	return p
}

// readShardSummaries reads the summaries written by shardsPipeline, by
// shard.
func readShardSummaries(ctx context.Context, path string, shards int) ([]shardSummary, error) {
	data, err := readFile(ctx, path)
	if err != nil {
		return nil, err
	}
	out := make([]shardSummary, shards)
	for i := range out {
		out[i].Shard = -1
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		var s shardSummary
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil || s.Shard < 0 || s.Shard >= shards {
			return nil, fmt.Errorf("%s:%d: not a shard summary of shards 0 to %d", path, line, shards-1)
		}
		out[s.Shard] = s
	}
	for b := range out {
		if out[b].Shard < 0 { // no document was listed for it
			out[b] = shardSummary{Shard: b}
		}
	}
	return out, sc.Err()
}
