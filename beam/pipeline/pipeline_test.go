package pipeline

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/nmf"
	"github.com/nmftopics/nmftopics/vectorize"
)

func TestMain(m *testing.M) { ptest.Main(m) }

// The tests run every pipeline in process on the prism runner.
var prism = RunnerExecutor("prism")

const testCorpus = "../../testdata/corpus"

func testConfig(t *testing.T) Config {
	cfg := DefaultConfig()
	cfg.Input = testCorpus
	cfg.Work = t.TempDir()
	cfg.K = 4
	cfg.Epochs = 6
	cfg.Shards = 5
	return cfg
}

// localVocabulary is the single-machine vocabulary: vectorize.Count and
// vectorize.NewVocabulary on the folder.
func localVocabulary(t *testing.T, cfg Config) (*vectorize.Vocabulary, corpus.Summary) {
	t.Helper()
	docs, err := corpus.List(testCorpus)
	if err != nil {
		t.Fatal(err)
	}
	a, err := vectorize.NewAnalyzer(cfg.Analysis)
	if err != nil {
		t.Fatal(err)
	}
	c, err := vectorize.Count(context.Background(), docs, a, vectorize.CountOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := vectorize.NewVocabulary(c, cfg.Vocabulary)
	if err != nil {
		t.Fatal(err)
	}
	return v, c.Summary
}

// beamVocabulary runs the vocabulary pipeline and builds the vocabulary
// from its sums.
func beamVocabulary(t *testing.T, cfg Config) (*vectorize.Vocabulary, corpus.Summary) {
	t.Helper()
	out := filepath.Join(cfg.Work, "counts.jsonl")
	if err := prism(context.Background(), vocabularyPipeline(cfg, out)); err != nil {
		t.Fatal(err)
	}
	c, err := readCounts(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	v, err := vectorize.NewVocabulary(c, cfg.Vocabulary)
	if err != nil {
		t.Fatal(err)
	}
	return v, c.Summary
}

func sameVocabulary(t *testing.T, got, want *vectorize.Vocabulary) {
	t.Helper()
	if len(want.Terms) == 0 {
		t.Fatal("empty local vocabulary")
	}
	for name, pair := range map[string][2]any{
		"terms":   {got.Terms, want.Terms},
		"surface": {got.Surface, want.Surface},
		"df":      {got.DF, want.DF},
		"idf":     {got.IDF, want.IDF}, // bit for bit: same df, same n, same formula
		"docs":    {got.Docs, want.Docs},
		"options": {got.Options, want.Options},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("vocabulary %s differ:\nbeam  %v\nlocal %v", name, pair[0], pair[1])
		}
	}
}

func TestVocabularyEqualsLocal(t *testing.T) {
	for _, tc := range []struct {
		name  string
		input string
		edit  func(*Config)
	}{
		{"folder", testCorpus, nil},
		{"glob", testCorpus + "/*/*.txt", nil},
		// No stemming (each term its own surface form), no stop words, a
		// cap on the terms (ties on corpus frequency broken by term).
		{"unstemmed", testCorpus, func(c *Config) {
			c.Analysis = vectorize.Settings{}
			c.Vocabulary.MaxTerms = 40
			c.Vocabulary.MinDF = 1
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.Input = tc.input
			if tc.edit != nil {
				tc.edit(&cfg)
			}
			want, wantSum := localVocabulary(t, cfg)
			got, gotSum := beamVocabulary(t, cfg)
			sameVocabulary(t, got, want)
			if gotSum != wantSum {
				t.Errorf("summary: beam %+v, local %+v", gotSum, wantSum)
			}
			// The stemmer's surface forms are there to be checked: some
			// term's surface differs from the term itself.
			differ := 0
			for i, s := range got.Surface {
				if s != got.Terms[i] {
					differ++
				}
			}
			if stemmed := cfg.Analysis.Language != ""; stemmed != (differ > 0) {
				t.Errorf("%d of %d surface forms differ from their terms (stemming %v)", differ, len(got.Terms), stemmed)
			}
			t.Logf("%d terms, %d documents, %d surface forms differ from their stems", len(got.Terms), got.Docs, differ)
		})
	}
}

func relDiff(a, b float64) float64 { return math.Abs(a-b) / math.Max(math.Abs(b), 1e-300) }

// evaluate measures W on the whole corpus, independently of the run that
// made it: X from the local vocabulary, H = Project(X, W).
func evaluate(t *testing.T, cfg Config, v *vectorize.Vocabulary, r *Result) float64 {
	t.Helper()
	docs, err := corpus.List(testCorpus)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := vectorize.NewAnalyzer(cfg.Analysis)
	c, err := vectorize.Count(context.Background(), docs, a, vectorize.CountOptions{})
	if err != nil {
		t.Fatal(err)
	}
	x := v.Matrix(c)
	h, err := nmf.Project(context.Background(), x, r.W, cfg.Method().Projection(), cfg.Evaluate)
	if err != nil {
		t.Fatal(err)
	}
	met, err := nmf.Evaluate(x, r.W, h)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Loss == nmf.KL {
		return met.KL
	}
	return met.FrobeniusHalfSq
}

func TestRunMatchesLocal(t *testing.T) {
	for _, tc := range []struct {
		loss   nmf.Loss
		blocks int
	}{{nmf.Frobenius, 1}, {nmf.Frobenius, 3}, {nmf.KL, 2}} {
		loss := tc.loss
		t.Run(fmt.Sprintf("%s/%d-blocks", loss, tc.blocks), func(t *testing.T) {
			cfg := testConfig(t)
			cfg.Loss, cfg.StatBlocks = loss, tc.blocks
			got, want, beamTime := runBoth(t, cfg)
			if got.Documents != 48 || want.Documents != 48 || got.NNZ != want.NNZ {
				t.Errorf("documents %d (local %d), non-zeros %d (local %d)", got.Documents, want.Documents, got.NNZ, want.NNZ)
			}
			sum := 0
			for _, n := range got.Shards {
				sum += n
			}
			if len(got.Shards) != cfg.Shards || sum != 48 || got.Shards[0] != 10 {
				t.Errorf("shards hold %v documents, want 5 shards of 48 round robin", got.Shards)
			}
			if len(got.Trace) != cfg.Epochs || len(want.Trace) != cfg.Epochs {
				t.Fatalf("traces of %d and %d epochs", len(got.Trace), len(want.Trace))
			}
			for e := range got.Trace {
				if d := relDiff(got.Trace[e].Objective, want.Trace[e].Objective); d > 1e-9 {
					t.Errorf("epoch %d: objective %.12g, local %.12g (relative difference %.2g)", e+1, got.Trace[e].Objective, want.Trace[e].Objective, d)
				}
			}
			// The fit made progress: the epochs are not a no-op.
			if first, last := want.Trace[0].Objective, want.Metrics.Objective; !(last < first*0.99) {
				t.Errorf("objective went from %g to %g in %d epochs", first, last, cfg.Epochs)
			}
			// The bar: within 0.5% of the local fit after the same
			// epochs. Sharding only changes the order of the sums, so they
			// agree far more closely.
			d := relDiff(got.Metrics.Objective, want.Metrics.Objective)
			if d > 0.005 {
				t.Errorf("final objective %.10g, local %.10g: relative difference %.3g > 0.5%%", got.Metrics.Objective, want.Metrics.Objective, d)
			}
			var dw float64
			m, k := got.W.Dims()
			for i := range m {
				for j := range k {
					dw = math.Max(dw, math.Abs(got.W.At(i, j)-want.W.At(i, j)))
				}
			}
			if dw > 1e-8 {
				t.Errorf("W differs from the local W by up to %g", dw)
			}
			// The objective the pipeline summed over shards is W's
			// objective on the whole corpus, measured here from scratch.
			if own := evaluate(t, cfg, want.Vocabulary, got); relDiff(got.Metrics.Objective, own) > 1e-9 {
				t.Errorf("pipeline's objective %.12g, measured on the whole X %.12g", got.Metrics.Objective, own)
			}
			t.Logf("%s k=%d, %d epochs, %d shards, %d blocks: beam %.10g, local %.10g, relative difference %.2g, max |ΔW| %.2g; beam %v (%d pipelines), local %.3fs",
				loss, cfg.K, cfg.Epochs, cfg.Shards, cfg.StatBlocks, got.Metrics.Objective, want.Metrics.Objective, d, dw, beamTime.Round(time.Millisecond), cfg.Epochs+3, want.Timings.Total)
		})
	}
}

func TestRunErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"missing input", func(c *Config) { c.Input = filepath.Join(c.Work, "nowhere") }, "nowhere"},
		{"glob matching nothing", func(c *Config) { c.Input = testCorpus + "/*/*.pdf" }, "*.pdf"},
		{"empty folder", func(c *Config) { c.Input = c.Work }, "no documents"},
		{"no input", func(c *Config) { c.Input = "" }, "--input"},
		{"k", func(c *Config) { c.K = 0 }, "-k 0"},
		{"epochs", func(c *Config) { c.Epochs = 0 }, "--epochs 0"},
		{"shards", func(c *Config) { c.Shards = -1 }, "--shards -1"},
		{"max-df", func(c *Config) { c.Vocabulary.MaxDF = 2 }, "--max-df 2"},
		{"k above the corpus", func(c *Config) { c.K = 49 }, "-k 49"},
		{"shard 0 too small", func(c *Config) { c.Shards = 24 }, "--shards 24"},
		{"no blocks", func(c *Config) { c.StatBlocks = 0 }, "--stat-blocks 0"},
		{"blocks above the terms", func(c *Config) { c.StatBlocks = 1000 }, "--stat-blocks 1000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(t)
			tc.edit(&cfg)
			_, err := Run(context.Background(), cfg, prism)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one naming %q", err, tc.want)
			}
			if strings.Contains(tc.name, "folder") && !errors.Is(err, corpus.ErrNoDocuments) {
				t.Errorf("error %v does not wrap corpus.ErrNoDocuments", err)
			}
		})
	}
}

// A file that cannot be read fails the pipeline with an error naming it.
func TestUnreadableDocument(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any file")
	}
	dir := t.TempDir()
	for _, name := range []string{"a.txt", "b.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("apples and oranges"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(dir, "b.txt"), 0); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	cfg.Input, cfg.K, cfg.Shards = dir, 1, 1
	_, err := Run(context.Background(), cfg, prism)
	if err == nil || !strings.Contains(err.Error(), "b.txt") {
		t.Fatalf("error %v, want one naming b.txt", err)
	}
}

// copyToMemfs copies the test corpus into Beam's in-memory file system,
// under memfs://<root>/, with a hidden folder and a hidden file that must
// be left out as corpus.List leaves them out.
func copyToMemfs(t *testing.T, root string) {
	t.Helper()
	docs, err := corpus.List(testCorpus)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		b, err := os.ReadFile(d.Path)
		if err != nil {
			t.Fatal(err)
		}
		memfs.Write("memfs://"+root+"/"+d.ID, b)
	}
	memfs.Write("memfs://"+root+"/.git/config", []byte("zebra zebra zebra"))
	memfs.Write("memfs://"+root+"/space/.notes", []byte("zebra zebra zebra"))
}

// A corpus on another file system than the local one goes through Beam's
// file systems: listing (level by level, as memfs and s3 have no
// recursive glob), reading, and the work folder.
func TestRemoteFileSystem(t *testing.T) {
	copyToMemfs(t, "remote-corpus")
	cfg := testConfig(t)
	want, err := LocalFit(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Input, cfg.Work = "memfs://remote-corpus", "memfs://work"
	got, err := Run(context.Background(), cfg, prism)
	if err != nil {
		t.Fatal(err)
	}
	sameVocabulary(t, got.Vocabulary, want.Vocabulary)
	if d := relDiff(got.Metrics.Objective, want.Metrics.Objective); d > 1e-9 {
		t.Errorf("objective %.12g, local %.12g", got.Metrics.Objective, want.Metrics.Objective)
	}
	// The run's work files are removed.
	fs := memfs.New(context.Background())
	if left, _ := fs.List(context.Background(), "memfs://work/*/*"); len(left) > 0 {
		t.Errorf("work files left behind: %v", left)
	}
}

// A work folder the driver cannot write is reported before any pipeline
// runs.
func TestWorkNotWritable(t *testing.T) {
	cfg := testConfig(t)
	notDir := filepath.Join(cfg.Work, "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg.Work = notDir
	_, err := Run(context.Background(), cfg, prism)
	if err == nil || !strings.Contains(err.Error(), "--work") || !strings.Contains(err.Error(), notDir) {
		t.Fatalf("error %v, want one naming --work and %s", err, notDir)
	}
}

// A failure inside a pipeline comes back from Run, naming what failed:
// here an epoch whose shard file is missing.
func TestPipelineErrorReported(t *testing.T) {
	dir := t.TempDir()
	w := factorOf(mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6}))
	wPath := filepath.Join(dir, "w.bin")
	if err := writeFile(context.Background(), wPath, encodeFactor(w)); err != nil {
		t.Fatal(err)
	}
	e := epoch{Dir: dir, Name: "x", Shards: []int{3}, Loss: nmf.Frobenius, Project: nmf.DefaultProjectSettings(), Blocks: 1, WPath: wPath}
	err := prism(context.Background(), e.pipeline())
	if err == nil || !strings.Contains(err.Error(), "x-00003.bin") {
		t.Fatalf("error %v, want one naming x-00003.bin", err)
	}
}

// The Frobenius loss of an epoch comes from the statistics; it is the loss
// nmf.Evaluate measures.
func TestFrobeniusFromStats(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	m, n, k := 30, 20, 4
	var ind []int
	var data []float64
	indptr := []int{0}
	for range n {
		for i := range m {
			if rng.Float64() < 0.3 {
				ind, data = append(ind, i), append(data, rng.Float64())
			}
		}
		indptr = append(indptr, len(ind))
	}
	x := sparse.NewCSC(m, n, indptr, ind, data)
	w := mat.NewDense(m, k, nil)
	for i := range m {
		for j := range k {
			w.Set(i, j, rng.Float64())
		}
	}
	p, err := shardPartial(context.Background(), x, factorOf(w), nmf.Frobenius, nmf.DefaultProjectSettings(), true)
	if err != nil {
		t.Fatal(err)
	}
	if got := frobenius(&p.Stats, p.SumSq, w); relDiff(got, p.Frobenius) > 1e-10 || !(got > 0) {
		t.Errorf("from the statistics %.15g, measured %.15g", got, p.Frobenius)
	}
}

// runBoth runs cfg on Beam (prism) and locally, checks that their
// vocabularies are equal, and returns both results and Beam's wall time.
func runBoth(t *testing.T, cfg Config) (got, want *Result, beamTime time.Duration) {
	t.Helper()
	start := time.Now()
	got, err := Run(context.Background(), cfg, prism)
	if err != nil {
		t.Fatal(err)
	}
	beamTime = time.Since(start)
	if want, err = LocalFit(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	sameVocabulary(t, got.Vocabulary, want.Vocabulary)
	return got, want, beamTime
}
