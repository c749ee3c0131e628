package topics

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/nmftopics/nmftopics/corpus"
)

// TestSweepChecksKsFirst: a k above the number of documents is refused
// before any document is read (these name files that do not exist), and
// a k the analysis shows too large is refused before the sweep's own
// allocations.
func TestSweepChecksKsFirst(t *testing.T) {
	docs := make([]corpus.Document, 10)
	for i := range docs {
		docs[i] = corpus.Document{ID: "missing", Path: "/nonexistent/missing.txt"}
	}
	so := DefaultSweepOptions()
	for _, ks := range [][]int{{2, 1000000000}, {11}, {0, 2}, {-5}} {
		so.Ks = ks
		_, err := Sweep(context.Background(), docs, DefaultOptions(), so)
		if !errors.Is(err, ErrRank) || !strings.Contains(err.Error(), "10 documents") {
			t.Errorf("ks %v: %v", ks, err)
		}
	}

	all, err := corpus.List(testCorpus)
	if err != nil {
		t.Fatal(err)
	}
	so.Ks = []int{2}
	so.Runs = 1 << 40 // the runs' subsets alone would take petabytes
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = Sweep(context.Background(), all, DefaultOptions(), so)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "sweep: 1099511627776 runs of 38 documents for 1 ks need") {
		t.Errorf("2⁴⁰ runs: %v", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 256<<20 {
		t.Errorf("2⁴⁰ runs: allocated %d bytes", n)
	}
	t.Log(err)
}
