package report

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// JensenShannon returns the Jensen–Shannon distance between the
// distributions p and q (each summing to 1, of the same length): the
// square root of their Jensen–Shannon divergence in bits,
// ½ KL(p‖m) + ½ KL(q‖m) with m = (p + q)/2. It lies in [0, 1]: 0 for equal
// distributions, 1 for distributions with no term in common. LDAvis places
// topics by the divergence itself; its square root is a metric, which is
// what classical scaling assumes of its distances.
func JensenShannon(p, q []float64) float64 {
	div := 0.0
	for i, a := range p {
		b := q[i]
		m := (a + b) / 2
		if a > 0 {
			div += a * math.Log2(a/m)
		}
		if b > 0 {
			div += b * math.Log2(b/m)
		}
	}
	return math.Sqrt(max(0, div/2)) // rounding can make an equal pair's sum a hair below 0
}

// ClassicalScaling places n points in the plane so that their distances
// approximate d (n × n, symmetric, zero diagonal): Torgerson's classical
// multidimensional scaling, as R's cmdscale(d, k = 2). It double-centres
// B = −½ J D² J (J = I − 11ᵀ/n) and returns each point's coordinates on
// B's two leading eigenvectors, scaled by the square roots of their
// eigenvalues; a coordinate whose eigenvalue is not positive (beyond
// rounding: 1e-10 of the largest) is 0. Each
// axis's sign is chosen so that its largest coordinate in magnitude is
// positive, so that the same distances always give the same picture.
func ClassicalScaling(d [][]float64) [][2]float64 {
	n := len(d)
	out := make([][2]float64, n)
	if n < 2 {
		return out
	}
	b := doubleCentred(d)
	var eig mat.EigenSym
	if !eig.Factorize(b, true) {
		return out
	}
	values := eig.Values(nil)
	var vectors mat.Dense
	eig.VectorsTo(&vectors)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, c int) bool { return values[order[a]] > values[order[c]] })
	for axis := range min(2, n) {
		j := order[axis]
		if values[j] <= 1e-10*values[order[0]] || values[j] <= 0 {
			continue
		}
		col := mat.Col(nil, j, &vectors)
		scale := math.Sqrt(values[j]) * signOfLargest(col)
		for i := range n {
			out[i][axis] = col[i] * scale
		}
	}
	return out
}

// doubleCentred returns −½ J D² J for the distances d.
func doubleCentred(d [][]float64) *mat.SymDense {
	n := len(d)
	sq := make([][]float64, n)
	rowMean := make([]float64, n)
	all := 0.0
	for i := range n {
		sq[i] = make([]float64, n)
		for j := range n {
			sq[i][j] = d[i][j] * d[i][j]
			rowMean[i] += sq[i][j] / float64(n)
		}
		all += rowMean[i] / float64(n)
	}
	b := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			b.SetSym(i, j, -(sq[i][j]-rowMean[i]-rowMean[j]+all)/2)
		}
	}
	return b
}

// signOfLargest is the sign (±1) of v's entry largest in magnitude (the
// first of equal ones).
func signOfLargest(v []float64) float64 {
	best := 0.0
	for _, x := range v {
		if math.Abs(x) > math.Abs(best)+1e-12 {
			best = x
		}
	}
	if best < 0 {
		return -1
	}
	return 1
}

// Relevance is LDAvis's relevance of a term to a topic (Sievert & Shirley
// 2014): λ·log p(w|t) + (1−λ)·log(p(w|t)/p(w)), from the term's weight in
// the topic (pwt) and in the corpus (pw). λ = 1 ranks a topic's terms by
// their weight in it; λ = 0 by lift, which favours terms rare outside it.
func Relevance(pwt, pw, lambda float64) float64 {
	return lambda*math.Log(pwt) + (1-lambda)*math.Log(pwt/pw)
}
