// Package stability holds the measures for choosing the number of topics
// k and for trusting a topic model: how far the topics of repeated runs
// (other seeds, other samples of the documents) agree, and how crisply
// the runs cluster the documents. A k whose runs agree is one the data
// supports.
//
// # Model
//
// Topics as ranked term lists (Greene, O'Callaghan & Cunningham 2014).
// A topic is the list of its top terms, best first. Two lists a and b are
// compared by their average Jaccard similarity at depths 1..t,
//
//	AJ(a, b) = (1/t) Σ_{d=1..t} |A_d ∩ B_d| / |A_d ∪ B_d|,   A_d = {a_1, …, a_min(d, len a)},
//
// and two models ref and other, of k topics each (other may hold more), by
// their agreement
//
//	agree(ref, other) = max over one-to-one π of (1/k) Σ_i AJ(ref_i, other_π(i)),
//
// the matching π found exactly by Assign, a solver of the linear
// assignment problem (Hungarian method, shortest augmenting paths with
// potentials, O(k³)). Greene et al.'s stability of k is the mean agreement
// between a reference model fitted on all documents and models fitted on
// samples of them; the caller fits the models and averages Agreement.
//
// Documents as clusterings (Brunet et al. 2004; Monti et al. 2003). Each
// run labels each document with its heaviest topic (the argmax of its
// column of H). Consensus adds up, per pair of documents, the runs that
// held both (co-sampled) and the runs that also labeled them alike
// (co-clustered); the consensus matrix is
//
//	C_ij = co-clustered_ij / co-sampled_ij   (0 if never co-sampled; C_ii = 1 if i was ever present)
//
// and two numbers summarize it:
//
//	cophenetic  ρ_c = corr over i < j of (1 − C_ij, h_ij)
//	dispersion  ρ   = (1/n²) Σ_ij 4 (C_ij − ½)²
//
// where corr is Pearson's correlation and h_ij the cophenetic distance of
// i and j in the average-linkage (UPGMA) hierarchical clustering of the
// distances 1 − C: the height of the merge that first joins them. Both are
// 1 for a crisp consensus (every entry 0 or 1) and fall as runs disagree;
// Brunet et al. choose the k where the cophenetic coefficient starts to
// fall, Kim & Park (2007) the k of highest dispersion.
//
// # Invariants
//
//   - Results depend on the input only, bit for bit: there is no
//     randomness, no concurrency and no map iteration in any computation.
//     Ties are broken by fixed rules: Assign settles a free column before
//     an assigned one, then the lowest index (a constant cost matrix gives
//     the identity); the UPGMA tree makes scipy's choices among equal
//     distances, so its merges are scipy's linkage(method='average').
//     Consensus counts are exact integers, so C does not depend on the
//     order in which runs are added.
//   - Assign is exact for integer costs (while its potentials, integers
//     too, stay below 2⁵³) and optimal to rounding for real ones; it never
//     changes its input.
//   - Memory: Assign and Agreement O(k²) (the similarity matrix);
//     Consensus two 32-bit counts per pair of documents, 4n(n−1) bytes;
//     Matrix an n × n float64 matrix (8n² bytes: 32 MB for n = 2000);
//     Cophenetic one float64 per pair, 4n(n−1) bytes, beside its input.
//     The consensus measures are for n up to a few thousand documents:
//     for a larger corpus the caller follows a sample of its documents.
//   - Time: Assign O(n²m) for n × m; Agreement O(k·l·t + k²l) for k and l
//     topics; Consensus.Add O(p²) for the p documents present; Cophenetic
//     O(n²), by the nearest-neighbour chain (Murtagh 1983); bench_test.go
//     measures them.
//   - Accuracy: the cophenetic distances are scipy's bit for bit (the same
//     operations in the same order); the sums behind the correlation and
//     the dispersion are compensated (Neumaier), so both are within an ulp
//     or two of the exact value of their formula, and agree with scipy and
//     numpy to 1e-15 on the fixtures (testdata/README.md).
//   - Errors, not panics: bad input (empty, ragged, NaN or infinite
//     entries, wrong lengths) gives an error wrapping ErrInput; a measure
//     the input leaves undefined (the correlation of constant distances)
//     one wrapping ErrUndefined.
//
// # References
//
// D. Greene, D. O'Callaghan and P. Cunningham, How many topics? Stability
// analysis for topic models, ECML PKDD 2014. J.-P. Brunet, P. Tamayo,
// T. R. Golub and J. P. Mesirov, Metagenes and molecular pattern discovery
// using matrix factorization, PNAS 101(12), 2004. S. Monti, P. Tamayo,
// J. Mesirov and T. Golub, Consensus clustering: a resampling-based method
// for class discovery and visualization of gene expression microarray
// data, Machine Learning 52, 2003. H. Kim and H. Park, Sparse non-negative
// matrix factorizations via alternating non-negativity-constrained least
// squares for microarray data analysis, Bioinformatics 23(12), 2007.
// R. Jonker and A. Volgenant, A shortest augmenting path algorithm for
// dense and sparse linear assignment problems, Computing 38, 1987.
// H. W. Kuhn, The Hungarian method for the assignment problem, Naval
// Research Logistics Quarterly 2, 1955. F. Murtagh, A survey of recent
// advances in hierarchical clustering algorithms, The Computer Journal
// 26(4), 1983. R. R. Sokal and F. J. Rohlf, The comparison of dendrograms
// by objective methods, Taxon 11, 1962 (the cophenetic correlation).
package stability
