package report

import (
	"cmp"
	"math"
	"slices"
)

// candidates returns the terms, by vocabulary index in increasing order,
// that are among a topic's top Bars by Relevance at some λ = i/lambdaSteps,
// for the topic's term distribution pwt and the corpus's pw. Terms absent
// from the topic (p(w|t) = 0) are never candidates.
//
// A term that Bars others beat in both log p(w|t) and lift (the two ends
// of the relevance, λ = 1 and λ = 0) is beaten by them at every λ, so only
// the others are ranked at each step: a few hundred terms at most, not
// the vocabulary.
func candidates(pwt, pw []float64) []int {
	terms := undominated(pwt, pw, Bars)
	keep := map[int]bool{}
	rel := make([]float64, len(pwt))
	for step := 0; step <= lambdaSteps; step++ {
		lambda := float64(step) / lambdaSteps
		for _, i := range terms {
			rel[i] = Relevance(pwt[i], pw[i], lambda)
		}
		slices.SortStableFunc(terms, func(a, b int) int {
			if c := cmp.Compare(rel[b], rel[a]); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
		for _, i := range terms[:min(Bars, len(terms))] {
			keep[i] = true
		}
	}
	out := make([]int, 0, len(keep))
	for i := range keep {
		out = append(out, i)
	}
	slices.Sort(out)
	return out
}

// undominated returns the terms of the topic (p(w|t) > 0) that fewer than
// n others beat strictly in both log p(w|t) and log(p(w|t)/p(w)).
func undominated(pwt, pw []float64, n int) []int {
	var terms []int
	for i, p := range pwt {
		if p > 0 {
			terms = append(terms, i)
		}
	}
	lift := make([]float64, len(pwt))
	for _, i := range terms {
		lift[i] = math.Log(pwt[i] / pw[i])
	}
	// Rank the lifts, highest first, equal lifts sharing a rank.
	byLift := slices.Clone(terms)
	slices.SortFunc(byLift, func(a, b int) int { return cmp.Compare(lift[b], lift[a]) })
	rank := make(map[int]int, len(terms))
	for j, i := range byLift {
		if j > 0 && lift[i] == lift[byLift[j-1]] {
			rank[i] = rank[byLift[j-1]]
		} else {
			rank[i] = j
		}
	}
	// Go down p(w|t); each group of equal weights counts, among the terms
	// seen before it (all heavier), those of higher lift.
	slices.SortFunc(terms, func(a, b int) int { return cmp.Compare(pwt[b], pwt[a]) })
	seen := newFenwick(len(terms))
	var out []int
	for lo := 0; lo < len(terms); {
		hi := lo
		for hi < len(terms) && pwt[terms[hi]] == pwt[terms[lo]] {
			hi++
		}
		for _, i := range terms[lo:hi] {
			if seen.countBelow(rank[i]) < n {
				out = append(out, i)
			}
		}
		for _, i := range terms[lo:hi] {
			seen.add(rank[i])
		}
		lo = hi
	}
	return out
}

// fenwick counts ranks added, by prefix (a binary indexed tree).
type fenwick []int

func newFenwick(n int) fenwick { return make(fenwick, n+1) }

func (f fenwick) add(rank int) {
	for i := rank + 1; i < len(f); i += i & -i {
		f[i]++
	}
}

// countBelow returns how many ranks less than rank were added.
func (f fenwick) countBelow(rank int) int {
	c := 0
	for i := rank; i > 0; i -= i & -i {
		c += f[i]
	}
	return c
}
