package nmf

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/james-bowman/sparse"

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
				st := newState(d, f, m.m, p)
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
