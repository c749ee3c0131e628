package spinlock

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// lockers are the spin lock and its reference, sync.Mutex: every test runs
// on both, so a test that the spin lock passes is one sync.Mutex passes.
func lockers() map[string]sync.Locker {
	return map[string]sync.Locker{"spinlock": new(Mutex), "sync.Mutex": new(sync.Mutex)}
}

// TestExcludes has goroutines update two plain variables under the lock,
// yielding inside it so that others run meanwhile, and checking on the way
// that no other goroutine is inside: without exclusion, the inside count
// exceeds one and increments are lost (and the race detector reports the
// unguarded accesses).
func TestExcludes(t *testing.T) {
	const goroutines, rounds = 8, 2000
	for name, l := range lockers() {
		var inside, total int
		var wg sync.WaitGroup
		var overlaps atomic.Int64
		for range goroutines {
			wg.Go(func() {
				for range rounds {
					l.Lock()
					inside++
					if inside != 1 {
						overlaps.Add(1)
					}
					n := total
					runtime.Gosched()
					total = n + 1
					inside--
					l.Unlock()
				}
			})
		}
		wg.Wait()
		if n := overlaps.Load(); n > 0 {
			t.Errorf("%s: %d times another goroutine held the lock", name, n)
		}
		if total != goroutines*rounds {
			t.Errorf("%s: %d increments counted, want %d", name, total, goroutines*rounds)
		}
	}
}

// TestHandsOver checks that a goroutine waiting for the lock gets it once
// the holder unlocks, and sees what the holder wrote.
func TestHandsOver(t *testing.T) {
	for name, l := range lockers() {
		var shared []int
		l.Lock()
		done := make(chan []int)
		go func() {
			l.Lock()
			got := append([]int(nil), shared...)
			l.Unlock()
			done <- got
		}()
		shared = append(shared, 1, 2, 3)
		l.Unlock()
		if got := <-done; len(got) != 3 {
			t.Errorf("%s: the waiter saw %v, want [1 2 3]", name, got)
		}
	}
}
