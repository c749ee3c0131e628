package stability

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func BenchmarkAssign(b *testing.B) {
	for _, k := range []int{20, 50} {
		rng := rand.New(rand.NewPCG(1, uint64(k)))
		c := randomMatrix(rng, k, k, false, 0)
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := Assign(c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAgreement(b *testing.B) {
	// k = 50 topics of t = 20 terms from a vocabulary of 400: the
	// similarity matrix and the matching.
	const k, t = 50, 20
	rng := rand.New(rand.NewPCG(2, 3))
	topics := func() [][]string {
		m := make([][]string, k)
		for i := range m {
			m[i] = make([]string, t)
			for j := range m[i] {
				m[i][j] = fmt.Sprintf("w%d", rng.IntN(400))
			}
		}
		return m
	}
	ref, other := topics(), topics()
	for b.Loop() {
		if _, _, err := Agreement(ref, other, t); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkConsensusAdd(b *testing.B) {
	const n, k = 1000, 10
	rng := rand.New(rand.NewPCG(4, 5))
	c, _ := NewConsensus(n)
	labels := make([]int, n)
	present := make([]bool, n)
	for i := range labels {
		labels[i] = rng.IntN(k)
		present[i] = rng.Float64() < 0.8
	}
	for b.Loop() {
		if err := c.Add(labels, present); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCophenetic(b *testing.B) {
	const n = 1000
	rng := rand.New(rand.NewPCG(6, 7))
	b.Run("n=1000/consensus", func(b *testing.B) {
		// 20 noisy runs in 10 groups: entries are ratios of small
		// integers, with many ties.
		c := simulatedConsensus(rng, n, 10, 20)
		for b.Loop() {
			if _, err := Cophenetic(c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("n=1000/random", func(b *testing.B) {
		c := randomConsensus(rng, n)
		for b.Loop() {
			if _, err := Cophenetic(c); err != nil {
				b.Fatal(err)
			}
		}
	})
}
