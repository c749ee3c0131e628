package nmf

import (
	"context"
	"runtime"
	"sync"
	"testing"
)

// TestRestartsKeepOnlyTheBest checks that restarts hold the best run's
// factors and one objective per run, not every run's result: the live heap
// measured late in a thousand restarts is no larger than early on, where
// keeping every run's W and H (48 kB each here) would add 38 MB between
// the two.
func TestRestartsKeepOnlyTheBest(t *testing.T) {
	x := randomSparse(21, 200, 100, 0.1)
	s := DefaultSettings()
	s.MaxIter, s.Tol, s.Restarts = 5, 0, 1000
	var mu sync.Mutex
	heap := map[int]uint64{}
	s.Recorder = func(p Progress) bool {
		if p.Iteration == 1 && (p.Run == 100 || p.Run == 900) {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			mu.Lock()
			heap[p.Run] = ms.HeapAlloc
			mu.Unlock()
		}
		return false
	}
	res, err := Factorize(context.Background(), x, 20, DefaultMethod(Frobenius), s)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Restarts) != 1001 || res.Restarts[res.Run] != res.Objective() {
		t.Fatalf("%d objectives, run %d kept at %v", len(res.Restarts), res.Run, res.Objective())
	}
	for r, o := range res.Restarts {
		if o < res.Objective() || (o == res.Objective() && r < res.Run) {
			t.Errorf("run %d reached %v, the run kept (%d) %v", r, o, res.Run, res.Objective())
		}
	}
	growth := int64(heap[900]) - int64(heap[100])
	t.Logf("heap at run 100: %d B, at run 900: %d B", heap[100], heap[900])
	if growth > 4<<20 {
		t.Errorf("the heap grew by %d bytes over 800 restarts", growth)
	}
}
