package stability

import "fmt"

// AverageJaccard is the average Jaccard similarity of two ranked lists at
// depths 1..t (Greene, O'Callaghan & Cunningham 2014):
//
//	AJ(a, b) = (1/t) Σ_{d=1..t} |A_d ∩ B_d| / |A_d ∪ B_d|
//
// where A_d is the set of the first min(d, len(a)) items of a, and B_d
// likewise. A list shorter than t is used as it is: past its end its set
// stops growing, and the depth still counts in the mean, so that scores
// taken at the same t compare. A repeated item counts once. A depth at
// which both sets are empty scores 0: an empty list agrees with nothing,
// not even another empty list.
//
// AJ lies in [0, 1]; it is 1 for identical lists (non-empty), symmetric,
// and weighs agreement at the top of the lists most, since the first
// items are in every depth's sets. AverageJaccard returns 0 for t < 1.
func AverageJaccard(a, b []string, t int) float64 {
	if t < 1 {
		return 0
	}
	a = a[:min(t, len(a))]
	b = b[:min(t, len(b))]
	ids := make(map[string]int32, len(a)+len(b))
	ia := intern(ids, a, nil)
	ib := intern(ids, b, nil)
	return averageJaccard(ia, ib, t, make([]uint8, len(ids)))
}

// intern appends to dst the ids of the items of list, giving new items
// the next ids.
func intern(ids map[string]int32, list []string, dst []int32) []int32 {
	for _, s := range list {
		id, ok := ids[s]
		if !ok {
			id = int32(len(ids))
			ids[s] = id
		}
		dst = append(dst, id)
	}
	return dst
}

// averageJaccard is AverageJaccard over interned lists, at most t long.
// mark has an entry for every id, all zero, and is left so.
func averageJaccard(a, b []int32, t int, mark []uint8) float64 {
	const inA, inB = 1, 2
	inter, union := 0, 0
	sum := 0.0
	for d := range t {
		if d < len(a) {
			if x := a[d]; mark[x]&inA == 0 {
				if mark[x]&inB != 0 {
					inter++
				} else {
					union++
				}
				mark[x] |= inA
			}
		}
		if d < len(b) {
			if x := b[d]; mark[x]&inB == 0 {
				if mark[x]&inA != 0 {
					inter++
				} else {
					union++
				}
				mark[x] |= inB
			}
		}
		if union > 0 {
			sum += float64(inter) / float64(union)
		}
	}
	for _, x := range a {
		mark[x] = 0
	}
	for _, x := range b {
		mark[x] = 0
	}
	return sum / float64(t)
}

// Agreement is the agreement of two topic models, each given as its
// topics' ranked term lists, best first (Greene, O'Callaghan & Cunningham
// 2014): the topics of other are matched one to one with those of ref so
// as to maximize the total AverageJaccard at depth t (by Assign on the
// negated similarities), and
//
//	score = (1/k) Σ_i AJ(ref[i], other[match[i]])
//
// over the k = len(ref) topics of ref; match[i] is the topic of other
// matched with ref's topic i. score lies in [0, 1] and is 1 when other
// holds ref's topics, in any order, each with the same first t terms.
//
// other may hold more topics than ref (the best k of them are matched),
// not fewer. Ties between equally good matchings are broken as Assign
// breaks them, so the result depends on the input only. Cost: k·len(other)
// similarities of O(t) each, then O(k²·len(other)) for the matching.
//
// Agreement returns an error wrapping ErrInput if ref or other has no
// topics, if other has fewer topics than ref, or if t < 1.
func Agreement(ref, other [][]string, t int) (score float64, match []int, err error) {
	k, l := len(ref), len(other)
	switch {
	case k == 0 || l == 0:
		return 0, nil, fmt.Errorf("stability: Agreement: %d and %d topics; both need some: %w", k, l, ErrInput)
	case k > l:
		return 0, nil, fmt.Errorf("stability: Agreement: ref has %d topics, other only %d: %w", k, l, ErrInput)
	case t < 1:
		return 0, nil, fmt.Errorf("stability: Agreement: depth t = %d < 1: %w", t, ErrInput)
	}
	ids := make(map[string]int32)
	flat := make([]int32, 0, (k+l)*t)
	start := make([]int, 0, k+l+1)
	for _, list := range [][][]string{ref, other} {
		for _, topic := range list {
			start = append(start, len(flat))
			flat = intern(ids, topic[:min(t, len(topic))], flat)
		}
	}
	start = append(start, len(flat))
	mark := make([]uint8, len(ids))
	topic := func(i int) []int32 { return flat[start[i]:start[i+1]] }

	sim := make([][]float64, k)
	cost := make([][]float64, k)
	for i := range k {
		sim[i] = make([]float64, l)
		cost[i] = make([]float64, l)
		for j := range l {
			s := averageJaccard(topic(i), topic(k+j), t, mark)
			sim[i][j] = s
			cost[i][j] = -s
		}
	}
	match, _, err = Assign(cost)
	if err != nil {
		return 0, nil, err
	}
	for i, j := range match {
		score += sim[i][j]
	}
	return score / float64(k), match, nil
}
