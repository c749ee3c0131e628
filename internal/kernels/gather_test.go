package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestGatherAxpySameBits checks that the kernels this CPU runs (AVX-512,
// AVX) give the same bits as the portable loop, for every width.
func TestGatherAxpySameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for k := 1; k <= 41; k++ {
		rows := 50
		b := make([]float64, rows*k)
		for i := range b {
			b[i] = rng.NormFloat64() * math.Exp(rng.NormFloat64()*5)
		}
		for _, n := range []int{0, 1, 7, 100} {
			val := make([]float64, n)
			idx := make([]int32, n)
			for p := range n {
				val[p] = rng.NormFloat64()
				idx[p] = int32(rng.IntN(rows))
			}
			acc := make([]float64, k+3) // lanes past k must stay untouched
			for i := range acc {
				acc[i] = rng.Float64()
			}
			want := append([]float64(nil), acc...)
			gatherAxpyGo(want, val, idx, b, k)
			forEachKernelSet(func(kernels string) {
				got := append([]float64(nil), acc...)
				GatherAxpy(got, val, idx, b, k)
				for i := range got {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Fatalf("%s, k=%d n=%d: acc[%d] = %v, want %v", kernels, k, n, i, got[i], want[i])
					}
				}
			})
		}
	}
}

func BenchmarkGatherAxpy(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, k := range []int{10, 20} {
		rows := 12000
		m := make([]float64, rows*k)
		for i := range m {
			m[i] = rng.Float64()
		}
		val := make([]float64, 130)
		idx := make([]int32, 130)
		for p := range val {
			val[p], idx[p] = rng.Float64(), int32(rng.IntN(rows))
		}
		acc := make([]float64, k)
		b.Run("k="+string(rune('0'+k/10))+"0/kernel", func(b *testing.B) {
			for b.Loop() {
				GatherAxpy(acc, val, idx, m, k)
			}
		})
		b.Run("k="+string(rune('0'+k/10))+"0/go", func(b *testing.B) {
			for b.Loop() {
				gatherAxpyGo(acc, val, idx, m, k)
			}
		})
	}
}
