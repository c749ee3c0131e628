package coherence

import (
	"math"
	"slices"
)

// epsilon is gensim's EPSILON in direct_confirmation_measure, added to joint
// probabilities before taking logs.
const epsilon = 1e-12

// The scores below repeat gensim's floating-point operations in gensim's
// order (the counts are exact integers), so that they agree with gensim to
// the last bit or two of each logarithm.

// umass is gensim's log_conditional_probability over s_one_pre: for each
// word and each word ranked above it, ln((D(wi, wj)/N + ε) / (D(wj)/N)),
// averaged.
func umass(c *counts, v *vocab, t []int32) float64 {
	n := float64(c.n)
	sims := make([]float64, 0, len(t)*(len(t)-1)/2)
	for i := 1; i < len(t); i++ {
		for j := range i {
			co := float64(v.co(c, t[i], t[j]))
			sims = append(sims, math.Log((co/n+epsilon)/(float64(c.occ[t[j]])/n)))
		}
	}
	return mean(sims)
}

// logRatio is gensim's log_ratio_measure over s_one_one: PMI, or NPMI when
// normalize, of every ordered pair of distinct places of the topic,
// averaged.
func logRatio(c *counts, v *vocab, t []int32, normalize bool) float64 {
	sims := make([]float64, 0, len(t)*(len(t)-1))
	for i, a := range t {
		for j, b := range t {
			if i == j {
				continue
			}
			sims = append(sims, pmi(c, v, a, b, normalize))
		}
	}
	return mean(sims)
}

// pmi is ln((P(a,b) + ε) / (P(a) P(b))), divided by −ln(P(a,b) + ε) when
// normalize.
func pmi(c *counts, v *vocab, a, b int32, normalize bool) float64 {
	n := float64(c.n)
	co := float64(v.co(c, a, b)) / n
	r := math.Log((co + epsilon) / ((float64(c.occ[a]) / n) * (float64(c.occ[b]) / n)))
	if normalize {
		r /= -math.Log(co + epsilon)
	}
	return r
}

// cosineNPMI is gensim's cosine_similarity over s_one_set with NPMI and
// gamma 1: each word's context vector (its NPMI with each word of the
// topic) against the topic's (the sums of those vectors), by cosine,
// averaged.
func cosineNPMI(c *counts, v *vocab, t []int32) float64 {
	// The vectors have one entry per distinct word of the topic, in the
	// order of the dense ids (gensim's contiguous mapping over all topics),
	// which is the order gensim's sparse dot products and norms add in.
	slot := make(map[int32]int, len(t))
	var distinct []int32
	for _, a := range t {
		if _, ok := slot[a]; !ok {
			slot[a] = 0
			distinct = append(distinct, a)
		}
	}
	slices.Sort(distinct)
	for k, a := range distinct {
		slot[a] = k
	}
	m := len(distinct)

	// NPMI between the words of the topic (symmetric, as gensim's cache of
	// sorted pairs).
	npmi := make([]float64, m*m)
	for x, a := range distinct {
		for y := x; y < m; y++ {
			s := pmi(c, v, a, distinct[y], true)
			npmi[x*m+y], npmi[y*m+x] = s, s
		}
	}

	// The topic's vector: for each place j, the sum over places i of
	// NPMI(wi, wj), added into wj's slot.
	set := make([]float64, m)
	for _, b := range t {
		y := slot[b]
		for _, a := range t {
			set[y] += npmi[slot[a]*m+y]
		}
	}
	setNorm := norm(set)

	vec := make([]float64, m)
	sims := make([]float64, len(t))
	for i, a := range t {
		x := slot[a]
		clear(vec)
		for _, b := range t {
			vec[slot[b]] += npmi[x*m+slot[b]]
		}
		dot := 0.0
		for k := range vec {
			dot += vec[k] * set[k]
		}
		sims[i] = dot / (norm(vec) * setNorm)
	}
	return mean(sims)
}

// norm is the Euclidean norm as gensim's _magnitude takes it: numpy's sum
// of the squares of the stored (non-zero) entries.
func norm(x []float64) float64 {
	sq := make([]float64, 0, len(x))
	for _, e := range x {
		if e != 0 {
			sq = append(sq, e*e)
		}
	}
	return math.Sqrt(pairwiseSum(sq))
}

// mean is numpy's mean: the pairwise sum divided by the length.
func mean(x []float64) float64 {
	return pairwiseSum(x) / float64(len(x))
}

// pairwiseSum adds as numpy's pairwise_sum does (numpy/core/src/umath/
// loops_utils.h): sequentially below 8 terms, with 8 interleaved partial
// sums up to 128, and by halves above.
func pairwiseSum(x []float64) float64 {
	n := len(x)
	switch {
	case n < 8:
		s := 0.0
		for _, e := range x {
			s += e
		}
		return s
	case n <= 128:
		var r [8]float64
		copy(r[:], x[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for k := range r {
				r[k] += x[i+k]
			}
		}
		s := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			s += x[i]
		}
		return s
	default:
		n2 := n / 2
		n2 -= n2 % 8
		return pairwiseSum(x[:n2]) + pairwiseSum(x[n2:])
	}
}
