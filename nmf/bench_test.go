package nmf

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/vectorize"
)

// sharedMatrix builds the TF-IDF matrix of a corpus in ../shared/corpora,
// or skips when that folder is absent.
func sharedMatrix(b *testing.B, name string) *sparse.CSC {
	b.Helper()
	dir := filepath.Join("..", "..", "shared", "corpora", name)
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("shared corpus %s not found (%v): the real corpora live in ../shared/corpora beside the project", name, err)
	}
	docs, err := corpus.List(dir)
	if err != nil {
		b.Fatal(err)
	}
	a, _ := vectorize.NewAnalyzer(vectorize.DefaultSettings())
	c, err := vectorize.Count(context.Background(), docs, a, vectorize.CountOptions{})
	if err != nil {
		b.Fatal(err)
	}
	v, err := vectorize.NewVocabulary(c, vectorize.DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	return v.Matrix(c)
}

var methods = []struct {
	name string
	m    Method
}{
	{"hals", Method{Loss: Frobenius, Solver: HALS}},
	{"mu", Method{Loss: Frobenius, Solver: MU}},
	{"mukl", Method{Loss: KL, Solver: MU}},
}

// benchmarkSolvers reports the time of one iteration (a full update of H
// and W, with the objective) of each method at each k, from a random
// start.
func benchmarkSolvers(b *testing.B, name string, x *sparse.CSC, ks []int) {
	for _, k := range ks {
		for _, m := range methods {
			b.Run(fmt.Sprintf("%s/k=%d/%s", name, k, m.name), func(b *testing.B) {
				s := DefaultSettings()
				s.MaxIter, s.Tol, s.Init = 10, 0, Random
				d, err := newData(x)
				if err != nil {
					b.Fatal(err)
				}
				p := newPool(s.Workers)
				defer p.close()
				f, _ := initialize(d, k, s, p)
				st := newAlternating(d, f, m.m, p)
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					st.iterate()
				}
				b.ReportMetric(float64(len(d.x.val)), "nnz")
			})
		}
	}
}

func BenchmarkIterationBBC(b *testing.B) {
	benchmarkSolvers(b, "bbc", sharedMatrix(b, "bbc"), []int{10, 20})
}

func BenchmarkIterationReuters(b *testing.B) {
	benchmarkSolvers(b, "reuters", sharedMatrix(b, "reuters"), []int{10, 20})
}

// BenchmarkIterationSynthetic grows a random sparse matrix (density 1%),
// fixed seed, to show how an iteration's time grows with nnz and k.
func BenchmarkIterationSynthetic(b *testing.B) {
	for _, size := range []int{1000, 4000, 16000} {
		x := randomSparse(42, size, size/2, 0.01)
		benchmarkSolvers(b, fmt.Sprintf("%dx%d", size, size/2), toCSC(x), []int{10, 40})
	}
}

func toCSC(x *sparse.CSR) *sparse.CSC { return x.ToCSC() }

// benchmarkOnline reports the kernels of an online fit on x, k = 10: a
// batch's projection (each column's H solved with W fixed), its statistics,
// W's update from them, and a whole PartialFit, per batch of 1024 columns.
func benchmarkOnline(b *testing.B, x *sparse.CSC) {
	const k, batch = 10, 1024
	d, err := newData(x)
	if err != nil {
		b.Fatal(err)
	}
	n := d.x.cols
	cols := make([]int, min(batch, n))
	for i := range cols {
		cols[i] = i * n / len(cols)
	}
	bd := d.columns(cols)
	p := newPool(0)
	defer p.close()
	f, _ := initialize(d, k, Settings{Init: NNDSVDA}, p)
	w := f.w
	wd := mat.NewDense(d.x.rows, k, w)
	var hb *factors
	b.Run("project", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			hb, _ = projectData(context.Background(), bd, wd, DefaultMethod(Frobenius).Projection(), DefaultOnlineSettings().Project, p)
		}
	})
	st := NewStats(Frobenius, d.x.rows, k)
	b.Run("accumulate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			st.accumulate(bd, w, hb.ht, p)
		}
	})
	b.Run("updateW", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			st.updateW(wd, DefaultMethod(Frobenius), 1, 0, p)
		}
	})
	b.Run("partialFit", func(b *testing.B) {
		on, _ := NewOnline(k, DefaultMethod(Frobenius), DefaultOnlineSettings())
		bm := &Matrix{d: bd}
		b.ReportAllocs()
		for b.Loop() {
			on.PartialFit(context.Background(), bm)
		}
	})
}

func BenchmarkOnlineReuters(b *testing.B) { benchmarkOnline(b, sharedMatrix(b, "reuters")) }

func BenchmarkOnlineSynthetic(b *testing.B) {
	benchmarkOnline(b, toCSC(randomSparse(42, 16000, 8000, 0.01)))
}
