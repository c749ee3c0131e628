package vectorize

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/nmftopics/nmftopics/corpus"
)

// sharedCorpus returns the path of a corpus in ../shared/corpora, or skips
// the test or benchmark when that folder is absent.
func sharedCorpus(tb testing.TB, name string) string {
	tb.Helper()
	dir := filepath.Join("..", "..", "shared", "corpora", name)
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("shared corpus %s not found (%v): the real corpora live in ../shared/corpora beside the project", name, err)
	}
	return dir
}

// benchmarkVectorize times the whole vectorize stage: read, analyze,
// count, choose the vocabulary and build X. With inMemory the documents are
// read into memory first and the time is that of the work scikit-learn's
// TfidfVectorizer.fit_transform does on a list of strings.
func benchmarkVectorize(b *testing.B, dir string, inMemory bool) {
	docs, err := corpus.List(dir)
	if err != nil {
		b.Fatal(err)
	}
	for i := range docs {
		if !inMemory {
			break
		}
		if docs[i].Text, err = os.ReadFile(docs[i].Path); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	var nnz int
	for b.Loop() {
		if !inMemory {
			if docs, err = corpus.List(dir); err != nil {
				b.Fatal(err)
			}
		}
		a, err := NewAnalyzer(DefaultSettings())
		if err != nil {
			b.Fatal(err)
		}
		c, err := Count(context.Background(), docs, a, CountOptions{})
		if err != nil {
			b.Fatal(err)
		}
		v, err := NewVocabulary(c, DefaultOptions())
		if err != nil {
			b.Fatal(err)
		}
		nnz = v.Matrix(c).NNZ()
	}
	b.ReportMetric(float64(len(docs)), "docs")
	b.ReportMetric(float64(nnz), "nnz")
}

func BenchmarkVectorizeInMemoryBBC(b *testing.B) {
	benchmarkVectorize(b, sharedCorpus(b, "bbc"), true)
}
func BenchmarkVectorizeInMemoryReuters(b *testing.B) {
	benchmarkVectorize(b, sharedCorpus(b, "reuters"), true)
}

func BenchmarkVectorizeTestdata(b *testing.B) {
	benchmarkVectorize(b, filepath.Join("..", "testdata", "corpus"), false)
}
func BenchmarkVectorizeBBC(b *testing.B) { benchmarkVectorize(b, sharedCorpus(b, "bbc"), false) }
func BenchmarkVectorizeReuters(b *testing.B) {
	benchmarkVectorize(b, sharedCorpus(b, "reuters"), false)
}
