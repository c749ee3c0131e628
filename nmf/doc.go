// Package nmf factorizes a non-negative matrix X (m × n), sparse or dense,
// as X ≈ WH with W (m × k) and H (k × n) non-negative. It works for any
// data; nmftopics uses it on term-document matrices.
//
// # Model
//
// Two losses are minimized:
//
//	Frobenius  ½‖X − WH‖²_F
//	KL         Σ_ij X_ij log(X_ij / (WH)_ij) − X_ij + (WH)_ij
//
// (entries with X_ij = 0 contribute (WH)_ij only). A Method pairs a loss
// with a solver, and may add penalties and structure (see Method for the
// exact objective):
//
//	solver  loss       update                                         monotone
//	hals    Frobenius  exact coordinate descent, columns of W, rows of H   yes (default)
//	mu      both       Lee & Seung's multiplicative updates                yes
//	als     Frobenius  normal equations, then projection on ≥ 0            no: best iterate kept
//	anls    Frobenius  exact NNLS per row, active set (Kim & Park 2011)   yes
//	pgd     Frobenius  projected gradient, Armijo search (Lin 2007)        yes
//	cd      KL         coordinate descent, Newton steps (Hsieh & Dhillon)  in practice (default)
//
// Variants: L1 and L2 penalties on W and on H in every solver (sparse NMF);
// nsNMF, X ≈ W S H with S = (1−θ)I + (θ/k)11ᵀ (Pascual-Montano et al.
// 2006), in every solver; graph-regularized NMF, λ tr(H L Hᵀ) over the
// cosine k-nearest-neighbour graph of X's columns (Cai et al. 2011), with
// mu (both losses) and hals. An iteration is a full update of H, then of W,
// as scikit-learn's n_iter_ counts them (its W, for documents × terms
// input, is this package's H, and it updates that first too).
//
// Factorize takes Settings (iterations, tolerance and its StopRule,
// runtime limit, start, seed, a Recorder that sees every iteration and may
// stop the run) and returns a Result whose Status says why it stopped,
// apart from the error, which is only for bad input; its Trace and
// TraceSeconds give the objective and the time after every iteration, so
// that solvers with different stopping rules compare by time to an
// objective. Evaluate computes the Metrics of any X, W, H.
//
// # Sparse-aware evaluation
//
// X is held twice, by rows and by columns (O(nnz) memory), and W and Hᵀ
// row-major, so that both factors are updated by the same row-wise code.
// The model WH is never formed: it is evaluated only at X's non-zeros, row
// by row, and everything else comes from k × k Gram matrices and sums:
//
//	‖WH‖²_F = tr(WᵀW HHᵀ)     Σ_ij (WH)_ij = (1ᵀW)(H1)
//
// so memory stays O(nnz + (m + n)k) whatever the size of X; no m × n and no
// nnz × k temporary exists (a row's non-zeros times k at most, per worker,
// for KL; the graph of GNMF holds n × neighbours entries). Iterations
// allocate nothing: all workspace is made before them. During the
// iterations the Frobenius objective comes from the expansion
// ‖X‖² − 2 tr(Wᵀ X Hᵀ) + tr(WᵀW HHᵀ), whose terms the updates compute
// anyway; the final value is recomputed from the residual at the
// non-zeros, which keeps its digits when the fit is close.
//
// # Invariants
//
//   - W and H stay non-negative: HALS projects each coordinate on [0, ∞);
//     MU multiplies by non-negative ratios.
//   - Denominators that are exactly zero, and model values (WH)_ij that are
//     exactly zero at a non-zero of X, are replaced by eps = 2⁻²³ (float32's
//     epsilon), as scikit-learn does; the KL objective clamps (WH)_ij at eps
//     and leaves out entries X_ij ≤ eps, as scikit-learn's _beta_divergence
//     does. A zero entry of W or H stays zero under MU (NNDSVD's zeros are
//     kept; NNDSVDA and NNDSVDAR fill them).
//   - The MU objective never increases (Lee & Seung 2001); the trace shows
//     it.
//   - Results are bit-identical for the same input and seed whatever the
//     number of workers: work is split into fixed blocks of rows, each row
//     is computed by one goroutine, and sums over blocks are added in block
//     order; every reduction adds in an order fixed by the indices, never
//     by where the data sits in memory.
//   - Results are the same on every amd64 CPU: the inner loops that use
//     vector instructions where the CPU has them give the same bits as
//     their plain Go versions. They fuse multiply-adds on purpose
//     (math.FMA, exact on every machine); other code is not fused on amd64
//     by default (GOAMD64=v1), and a build that fuses it (GOAMD64=v3, or
//     arm64) may differ in the last bits.
//   - Randomness (Random, NNDSVDAR, the randomized SVD behind NNDSVD) comes
//     from math/rand/v2's PCG seeded with Settings.Seed.
//
// # Online learning
//
// Online learns W from batches of X's columns without holding X (Mairal,
// Bach, Ponce & Sapiro 2010; Lefèvre, Bach & Févotte 2011 for KL). Each
// batch's H_b is solved with W fixed (Project's column solver), then the
// sufficient statistics (Stats) are discounted by the forgetting factor
// and the batch's added, and W is updated from them alone:
//
//	Frobenius: A += X_b H_bᵀ, B += H_b H_bᵀ; W by coordinate descent on
//	           ½ tr(WᵀWB) − tr(WᵀA) (+ the penalties on W);
//	KL:        A += W ⊙ ((X_b ⊘ WH_b) H_bᵀ), B += H_b 1; W = A ⊘ B.
//
// Invariants: memory is O(m·k + k²) plus one batch; statistics of disjoint
// batches add (Stats.Add), so shards computed anywhere (the Beam pipeline
// in the nested module beam/) sum to the statistics of their union, and an
// epoch over all of X with no forgetting is one step of alternating
// minimization. FactorizeOnline runs the same over a matrix held in memory.
// Matrix prepares X once for several calls (Factorize, Project, Evaluate).
//
// # References
//
// D. D. Lee and H. S. Seung, Algorithms for non-negative matrix
// factorization, NIPS 2001. A. Cichocki and A.-H. Phan, Fast local
// algorithms for large scale nonnegative matrix and tensor factorizations,
// IEICE Trans. 2009. C. Boutsidis and E. Gallopoulos, SVD based
// initialization: a head start for nonnegative matrix factorization,
// Pattern Recognition 2008. N. Halko, P.-G. Martinsson and J. A. Tropp,
// Finding structure with randomness, SIAM Review 2011. J. Kim and H. Park,
// Fast nonnegative matrix factorization: an active-set-like method and
// comparisons, SIAM J. Sci. Comput. 2011. C.-J. Lin, Projected gradient
// methods for non-negative matrix factorization, Neural Computation 2007.
// C.-J. Hsieh and I. S. Dhillon, Fast coordinate descent methods with
// variable selection for non-negative matrix factorization, KDD 2011.
// A. Pascual-Montano et al., Nonsmooth nonnegative matrix factorization
// (nsNMF), IEEE TPAMI 2006. D. Cai, X. He, J. Han and T. S. Huang, Graph
// regularized nonnegative matrix factorization for data representation,
// IEEE TPAMI 2011. J. Mairal, F. Bach, J. Ponce and G. Sapiro, Online
// learning for matrix factorization and sparse coding, JMLR 2010. A.
// Lefèvre, F. Bach and C. Févotte, Online algorithms for nonnegative
// matrix factorization with the Itakura-Saito divergence, WASPAA 2011.
package nmf
