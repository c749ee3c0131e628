package pipeline

import (
	"context"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/nmf"
	"github.com/nmftopics/nmftopics/vectorize"
)

// The BBC corpus (2,225 documents) of the shared corpora, for measurements
// outside CI: TestBBC runs with NMFTOPICS_BEAM_BBC=1, the benchmarks with
// -bench. Both skip, saying why, when the corpus is absent.
const bbcCorpus = "../../../shared/corpora/bbc"

func needBBC(tb testing.TB) {
	tb.Helper()
	if _, err := os.Stat(bbcCorpus); err != nil {
		tb.Skipf("the BBC corpus is not at %s (%v): measured only where the shared corpora are", bbcCorpus, err)
	}
}

// TestBBC checks the bar on a real corpus: the Beam vocabulary
// equals the local one and W reaches the local fit's objective within 0.5%
// after the same epochs.
func TestBBC(t *testing.T) {
	if os.Getenv("NMFTOPICS_BEAM_BBC") == "" {
		t.Skip("set NMFTOPICS_BEAM_BBC=1 to run the pipeline on the BBC corpus (about 15 s)")
	}
	needBBC(t)
	cfg := DefaultConfig()
	cfg.Input, cfg.Work, cfg.K, cfg.Epochs, cfg.Shards = bbcCorpus, t.TempDir(), 10, 10, 8
	got, want, beamTime := runBoth(t, cfg)
	d := relDiff(got.Metrics.Objective, want.Metrics.Objective)
	if d > 0.005 {
		t.Errorf("objective %.10g, local %.10g: relative difference %.3g", got.Metrics.Objective, want.Metrics.Objective, d)
	}
	t.Logf("bbc k=%d, %d epochs, %d shards: %d documents, %d terms; beam %.10g in %v, local %.10g in %.2fs; relative difference %.2g",
		cfg.K, cfg.Epochs, cfg.Shards, got.Documents, got.Terms, got.Metrics.Objective, beamTime.Round(time.Millisecond), want.Metrics.Objective, want.Timings.Total, d)
}

// bbc is the corpus prepared once for the benchmarks: its documents, X,
// and W after 10 epochs for k = 10 and 20 (a W that has settled, so that
// the projection's iterations are those of a fit, not of the start).
var bbc struct {
	once sync.Once
	docs []corpus.Document
	x    *sparse.CSC
	w    map[int]*mat.Dense
	err  error
}

func loadBBC(b *testing.B) {
	needBBC(b)
	bbc.once.Do(func() {
		cfg := DefaultConfig()
		cfg.Input, cfg.Epochs, cfg.Shards = bbcCorpus, 10, 8
		refs, err := listInput(context.Background(), bbcCorpus)
		if err != nil {
			bbc.err = err
			return
		}
		for _, r := range refs {
			bbc.docs = append(bbc.docs, r.document(nil))
		}
		a, _ := vectorize.NewAnalyzer(cfg.Analysis)
		c, err := vectorize.Count(context.Background(), bbc.docs, a, vectorize.CountOptions{})
		if err != nil {
			bbc.err = err
			return
		}
		v, err := vectorize.NewVocabulary(c, cfg.Vocabulary)
		if err != nil {
			bbc.err = err
			return
		}
		bbc.x = v.Matrix(c)
		bbc.w = map[int]*mat.Dense{}
		for _, k := range []int{10, 20} {
			cfg.K = k
			r, err := LocalFit(context.Background(), cfg)
			if err != nil {
				bbc.err = err
				return
			}
			bbc.w[k] = r.W
		}
	})
	if bbc.err != nil {
		b.Fatal(bbc.err)
	}
}

// The per-document costs of the pipeline's work on one core (run with
// -cpu 1): analysis (read, tokenize, stem, count), and a shard's epoch
// (solve H_b, accumulate the statistics, measure the loss).

func BenchmarkAnalyze(b *testing.B) {
	loadBBC(b)
	a, _ := vectorize.NewAnalyzer(vectorize.DefaultSettings())
	for b.Loop() {
		if _, err := vectorize.Count(context.Background(), bbc.docs, a, vectorize.CountOptions{Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(bbc.docs)), "ns/doc")
}

func BenchmarkShardEpoch(b *testing.B) {
	loadBBC(b)
	for _, k := range []int{10, 20} {
		b.Run("k="+string(rune('0'+k/10))+"0", func(b *testing.B) {
			w := factorOf(bbc.w[k])
			ps := DefaultConfig().Project
			ps.Workers = 1
			for b.Loop() {
				if _, err := shardPartial(context.Background(), bbc.x, w, nmf.Frobenius, ps, false); err != nil {
					b.Fatal(err)
				}
			}
			_, n := bbc.x.Dims()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/doc")
			b.ReportMetric(float64(bbc.x.NNZ())/float64(n), "nnz/doc")
		})
	}
}

func BenchmarkProject(b *testing.B) {
	loadBBC(b)
	for _, k := range []int{10, 20} {
		b.Run("k="+string(rune('0'+k/10))+"0", func(b *testing.B) {
			ps := DefaultConfig().Project
			ps.Workers = 1
			for b.Loop() {
				if _, err := nmf.Project(context.Background(), bbc.x, bbc.w[k], nmf.DefaultMethod(nmf.Frobenius).Projection(), ps); err != nil {
					b.Fatal(err)
				}
			}
			_, n := bbc.x.Dims()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/doc")
		})
	}
}

// BenchmarkUpdateW is the driver's work per epoch, per term of the
// vocabulary.
func BenchmarkUpdateW(b *testing.B) {
	loadBBC(b)
	for _, k := range []int{10, 20} {
		b.Run("k="+string(rune('0'+k/10))+"0", func(b *testing.B) {
			w := factorOf(bbc.w[k])
			p, err := shardPartial(context.Background(), bbc.x, w, nmf.Frobenius, DefaultConfig().Project, false)
			if err != nil {
				b.Fatal(err)
			}
			wd := mat.DenseCopyOf(bbc.w[k])
			for b.Loop() {
				if err := p.Stats.UpdateW(wd, nmf.DefaultMethod(nmf.Frobenius), 1, p.Stats.Docs); err != nil {
					b.Fatal(err)
				}
			}
			m, _ := wd.Dims()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*m), "ns/term")
		})
	}
}

// wide spreads the BBC corpus over a vocabulary of 10⁶ terms, as a corpus
// of 10⁸ documents might have: its terms go to random rows of 10⁶, the
// columns are repeated 20 times (44,500 documents), and W holds the fitted
// W's rows at those rows (small random values elsewhere). Each document
// keeps its ~130 non-zeros, but W and the statistics (80–160 MB) no
// longer fit in a cache, so every non-zero costs memory latency.
func wide(b *testing.B, k int) (*sparse.CSC, Factor) {
	const m, copies = 1_000_000, 20
	rng := rand.New(rand.NewPCG(uint64(k), 7))
	mb, n := bbc.x.Dims()
	rows := rng.Perm(m)[:mb]
	raw := bbc.x.RawMatrix()
	indptr := []int{0}
	var ind []int
	var data []float64
	col := make([]struct {
		i int
		v float64
	}, 0, 512)
	for range copies {
		for j := range n {
			col = col[:0]
			for p := raw.Indptr[j]; p < raw.Indptr[j+1]; p++ {
				col = append(col, struct {
					i int
					v float64
				}{rows[raw.Ind[p]], raw.Data[p]})
			}
			sort.Slice(col, func(a, b int) bool { return col[a].i < col[b].i })
			for _, e := range col {
				ind, data = append(ind, e.i), append(data, e.v)
			}
			indptr = append(indptr, len(ind))
		}
	}
	x := sparse.NewCSC(m, copies*n, indptr, ind, data)
	w := Factor{M: m, K: k, Data: make([]float64, m*k)}
	for i := range w.Data {
		w.Data[i] = 1e-4 * rng.Float64()
	}
	for i, r := range rows {
		copy(w.Data[r*k:(r+1)*k], bbc.w[k].RawRowView(i))
	}
	return x, w
}

func BenchmarkWide(b *testing.B) {
	loadBBC(b)
	for _, k := range []int{10, 20} {
		x, w := wide(b, k)
		_, n := x.Dims()
		xm, err := nmf.NewMatrix(x)
		if err != nil {
			b.Fatal(err)
		}
		ps := DefaultConfig().Project
		ps.Workers = 1
		wd := w.Dense()
		h, err := nmf.Project(context.Background(), xm, wd, nmf.DefaultMethod(nmf.Frobenius).Projection(), ps)
		if err != nil {
			b.Fatal(err)
		}
		name := "k=" + strconv.Itoa(k) + "/"
		perDoc := func(b *testing.B) {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/doc")
		}
		b.Run(name+"project", func(b *testing.B) {
			for b.Loop() {
				nmf.Project(context.Background(), xm, wd, nmf.DefaultMethod(nmf.Frobenius).Projection(), ps)
			}
			perDoc(b)
		})
		b.Run(name+"accumulate", func(b *testing.B) {
			st := nmf.NewStats(nmf.Frobenius, w.M, w.K)
			for b.Loop() {
				st.Accumulate(xm, wd, h)
			}
			perDoc(b)
		})
		b.Run(name+"evaluate", func(b *testing.B) {
			for b.Loop() {
				nmf.Evaluate(xm, wd, h)
			}
			perDoc(b)
		})
		b.Run(name+"prepare", func(b *testing.B) { // X_b held by rows and columns
			for b.Loop() {
				nmf.NewMatrix(x)
			}
			perDoc(b)
		})
		// Per shard, whatever its size: the statistics made, encoded and
		// decoded, and W decoded.
		b.Run(name+"shard-fixed", func(b *testing.B) {
			for b.Loop() {
				p := Partial{Stats: *nmf.NewStats(nmf.Frobenius, w.M, w.K), Shards: 1}
				if _, err := decodePartial(encodePartial(p)); err != nil {
					b.Fatal(err)
				}
				if _, err := decodeFactor(encodeFactor(w)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"merge", func(b *testing.B) { // one shard's statistics added into the sum
			a, o := Partial{Stats: *nmf.NewStats(nmf.Frobenius, w.M, w.K), Shards: 1}, Partial{Stats: *nmf.NewStats(nmf.Frobenius, w.M, w.K), Shards: 1}
			for b.Loop() {
				a.add(&o)
			}
		})
		b.Run(name+"update-w", func(b *testing.B) {
			st := nmf.NewStats(nmf.Frobenius, w.M, w.K)
			st.Accumulate(xm, wd, h)
			for b.Loop() {
				st.UpdateW(wd, nmf.DefaultMethod(nmf.Frobenius), 1, st.Docs)
			}
		})
	}
}
