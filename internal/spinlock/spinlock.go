// Package spinlock is a mutual exclusion lock whose waiters spin rather than
// sleep, for a lock that is held very briefly and often: a waiter parked
// and woken by sync.Mutex waits longer than the holder holds it.
//
// A Mutex excludes as sync.Mutex does (the reference it is tested against):
// between Lock and Unlock no other goroutine holds it, and Unlock
// happens-before the next Lock returns. It is not fair, and a waiter burns
// its processor while it waits (yielding now and then, in case the holder
// is not running), so it only suits critical sections of a few hundred
// nanoseconds. The zero Mutex is unlocked; a Mutex must not be copied
// after first use.
package spinlock

import (
	"runtime"
	"sync/atomic"
)

// Mutex is a spin lock. It implements sync.Locker.
type Mutex struct{ state atomic.Int32 }

// Lock locks m, spinning until it is free.
func (m *Mutex) Lock() {
	for !m.state.CompareAndSwap(0, 1) {
		for i := 1; m.state.Load() != 0; i++ {
			if i%1024 == 0 {
				runtime.Gosched()
			}
		}
	}
}

// Unlock unlocks m. Unlocking an unlocked Mutex is a mistake it does not
// detect.
func (m *Mutex) Unlock() { m.state.Store(0) }
