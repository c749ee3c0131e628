package nmf

import (
	"context"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"

	"github.com/james-bowman/sparse"
)

// footprintMatrix is a random m × n CSR with about density·m·n entries.
func footprintMatrix(m, n int, density float64) *sparse.CSR {
	rnd := rand.New(rand.NewPCG(5, 6))
	ptr := []int{0}
	var ind []int
	var val []float64
	for range m {
		for j := range n {
			if rnd.Float64() < density {
				ind = append(ind, j)
				val = append(val, 1+rnd.Float64())
			}
		}
		ptr = append(ptr, len(ind))
	}
	return sparse.NewCSR(m, n, ptr, ind, val)
}

// TestFootprintAgainstAllocations runs Factorize from a random start,
// where nothing it allocates is freed before the end but a few small
// temporaries, so that the bytes it allocates in all (MemStats.TotalAlloc)
// are its peak: the estimate must not be below them by more than 10%, nor
// above them by more than 60%.
func TestFootprintAgainstAllocations(t *testing.T) {
	const m, n, k = 3000, 2000, 10
	x := footprintMatrix(m, n, 0.01)
	nnz := x.NNZ()
	methods := []Method{
		{Loss: Frobenius, Solver: HALS},
		{Loss: Frobenius, Solver: MU},
		{Loss: Frobenius, Solver: ALS},
		{Loss: Frobenius, Solver: ANLS},
		{Loss: Frobenius, Solver: PGD},
		{Loss: KL, Solver: CD},
		{Loss: KL, Solver: MU},
		{Loss: Frobenius, Solver: HALS, Theta: 0.5},
		{Loss: Frobenius, Solver: MU, GraphNeighbors: 5, GraphLambda: 0.1},
	}
	for _, meth := range methods {
		s := DefaultSettings()
		s.Init, s.MaxIter, s.Tol, s.Workers = Random, 3, 0, 2
		est := Footprint(m, n, nnz, k, meth, s)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if _, err := Factorize(context.Background(), x, k, meth, s); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		got := after.TotalAlloc - before.TotalAlloc
		t.Logf("%+v: estimate %d bytes, allocated %d (%.2f)", meth, est, got, float64(est)/float64(got))
		if float64(est) < 0.9*float64(got) || float64(est) > 1.6*float64(got) {
			t.Errorf("%+v: estimate %d bytes, allocated %d", meth, est, got)
		}
	}
}

// TestFootprintNNDSVD: an NNDSVDA start frees its SVD's arrays as it goes
// (allocating some of them again in every power iteration), so the bytes
// allocated in all overstate its peak. The live heap is sampled, with the
// collector running at 5% growth, between the SVD's allocations; the
// estimate must not be below the highest sample by more than 10% (the
// samples hold up to 5% of garbage), and must not exceed what was
// allocated in all.
func TestFootprintNNDSVD(t *testing.T) {
	const m, n, k = 20000, 3000, 10
	x := footprintMatrix(m, n, 0.002)
	meth := DefaultMethod(Frobenius)
	s := DefaultSettings()
	s.MaxIter, s.Tol, s.Workers = 1, 0, 2
	est := Footprint(m, n, x.NNZ(), k, meth, s)

	defer debug.SetGCPercent(debug.SetGCPercent(5))
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	live := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	runtime.GC()
	base := live()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	stop, peak := make(chan struct{}), make(chan uint64)
	go func() {
		var top uint64
		for {
			select {
			case <-stop:
				peak <- top
				return
			default:
			}
			top = max(top, live())
			runtime.Gosched()
		}
	}()
	_, err := Factorize(context.Background(), x, k, meth, s)
	close(stop)
	top := <-peak
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	grew := top - min(top, base)
	total := after.TotalAlloc - before.TotalAlloc
	t.Logf("estimate %d bytes, sampled peak %d (%.2f), allocated in all %d", est, grew, float64(est)/float64(grew), total)
	if float64(est) < float64(grew)/1.1 {
		t.Errorf("estimate %d bytes, below the sampled peak %d", est, grew)
	}
	if est > total {
		t.Errorf("estimate %d bytes, above the %d allocated in all", est, total)
	}
}

func TestFactorBytes(t *testing.T) {
	// 2²⁷ × 2²⁷ at k = 10: W and Hᵀ alone are 20 GiB; with the SVD of the
	// NNDSVDA start (four arrays of 2²⁷ × 20), the factors, the copies
	// returned and the row pointers, over 100.
	got := FactorBytes(1<<27, 1<<27, 10)
	if got < 100<<30 || got > 130<<30 {
		t.Errorf("FactorBytes(2²⁷, 2²⁷, 10) = %d GiB", got>>30)
	}
	if FactorBytes(0, 5, 1) != 0 {
		t.Error("an empty matrix needs memory")
	}
	s := DefaultSettings()
	s.Init = Random
	if r := Footprint(1000, 1000, 0, 10, DefaultMethod(Frobenius), s); r >= FactorBytes(1000, 1000, 10) {
		t.Errorf("a random start (%d) needs no less than NNDSVDA (%d)", r, FactorBytes(1000, 1000, 10))
	}
}
