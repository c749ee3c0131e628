package nmf

import (
	"math"

	"gonum.org/v1/gonum/floats"

	"github.com/nmftopics/nmftopics/internal/kernels"
)

// graphTerm is GNMF's part of the objective, λ tr(H L Hᵀ) with L = D − A
// the Laplacian of the documents' nearest-neighbour graph (graph.go). It
// composes with a solver in three places: H's update carries it (half.graph)
// and adds its gradient, λ(d_j h_j − Σ_l a_jl h_l), to each row's; after
// W's update it rescales the factors (normalize); and it adds its value to
// the objective (penalty).
type graphTerm struct {
	*model
	lambda float64
	adj    csr       // the graph's adjacency A, both triangles
	degree []float64 // D's diagonal
	// prev is Hᵀ as it was before H's update: each row's update sees its
	// neighbours' old values, so rows stay independent.
	prev  []float64
	scale []float64 // normalize's k column norms
	rows  func(lo, hi int) float64
}

// newGraphTerm builds the graph of X's columns. It stops early, leaving
// garbage, when the pool's context is done (p.err() tells).
func newGraphTerm(m *model, neighbors int, lambda float64) *graphTerm {
	g := &graphTerm{model: m, lambda: lambda,
		prev: make([]float64, m.f.n*m.f.k), scale: make([]float64, m.f.k)}
	g.adj, g.degree = knnGraph(m.p, &m.d.xt, neighbors)
	g.rows = g.penaltyRows
	return g
}

// remember keeps Hᵀ as it is before H's update.
func (g *graphTerm) remember() { copy(g.prev, g.f.ht) }

// neighbours sets dst (k) to Σ_l a_jl h_l over document j's neighbours l,
// at their values before H's update.
func (g *graphTerm) neighbours(dst []float64, j int) {
	neighbourSum(dst, &g.adj, j, g.prev, g.f.k)
}

// neighbourSum sets dst (k) to Σ_l a_jl h_l over j's neighbours l.
func neighbourSum(dst []float64, adj *csr, j int, h []float64, k int) {
	clear(dst)
	kernels.GatherAxpy(dst, adj.val[adj.ptr[j]:adj.ptr[j+1]], adj.idx[adj.ptr[j]:adj.ptr[j+1]], h, k)
}

// penalty is λ tr(H L Hᵀ) = λ Σ_j (d_j ‖h_j‖² − h_j·Σ_l a_jl h_l).
func (g *graphTerm) penalty() float64 {
	return g.lambda * g.p.sum(g.f.n, g.rows)
}

func (g *graphTerm) penaltyRows(lo, hi int) float64 {
	k := g.f.k
	nb := g.scratch[lo/grain][2*k:]
	total := 0.0
	for j := lo; j < hi; j++ {
		h := g.f.ht[j*k : (j+1)*k]
		neighbourSum(nb, &g.adj, j, g.f.ht, k)
		total += g.degree[j]*floats.Dot(h, h) - floats.Dot(h, nb)
	}
	return total
}

// normalize scales W's columns to unit length and H's rows the other way
// (WH is unchanged), as Cai et al. do for GNMF: without it the graph term
// could be lowered by shrinking H and growing W alone. The Grams follow
// the scaling.
func (g *graphTerm) normalize() {
	f, k := g.f, g.f.k
	scale := g.scale
	for t := range k {
		scale[t] = math.Sqrt(g.gw[t*k+t])
	}
	for i := 0; i < len(f.w); i += k {
		for t, c := range scale {
			if c > 0 {
				f.w[i+t] /= c
			}
		}
	}
	for j := 0; j < len(f.ht); j += k {
		for t, c := range scale {
			if c > 0 {
				f.ht[j+t] *= c
			}
		}
	}
	for t, ct := range scale {
		for r, cr := range scale {
			if ct > 0 && cr > 0 {
				g.gw[t*k+r] /= ct * cr
				g.gh[t*k+r] *= ct * cr
			}
		}
	}
}
