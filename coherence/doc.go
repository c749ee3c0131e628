// Package coherence scores topics by how often their words occur together
// in a reference corpus: the UMass, UCI, NPMI and C_V coherence measures,
// defined exactly as gensim's CoherenceModel (gensim 4.2) computes them, so
// that the numbers can be checked against it.
//
// # Model
//
// A topic is a list of n words w1..wn, best first; the corpus is a list of
// documents, each a sequence of tokens. Each measure counts, over N units
// (documents or sliding windows), D(w), the units holding w, and D(wi, wj),
// the units holding both, and sets P(w) = D(w)/N, P(wi, wj) = D(wi, wj)/N.
// With ε = 1e-12 (gensim's EPSILON):
//
//	PMI(wi, wj)  = ln((P(wi, wj) + ε) / (P(wi) P(wj)))
//	NPMI(wi, wj) = PMI(wi, wj) / −ln(P(wi, wj) + ε)
//
// and a topic's coherence is the arithmetic mean of its segments' scores:
//
//	UMass (u_mass): units are documents; segments are the pairs i > j
//	                (s_one_pre), scored ln((P(wi, wj) + ε) / P(wj)), the
//	                log probability of the lower-ranked word given the higher.
//	UCI   (c_uci):  units are windows of 10; segments are the ordered pairs
//	                i ≠ j (s_one_one), scored PMI(wi, wj).
//	NPMI  (c_npmi): as UCI, scored NPMI(wi, wj).
//	C_V   (c_v):    units are windows of 110; segments are each word against
//	                the whole topic (s_one_set), scored cos(v(wi), v(W)),
//	                where v(w) has one entry per distinct topic word u, the
//	                sum of NPMI(w, wj) over the places j with wj = u, and
//	                v(W) = Σi v(wi) (gensim's indirect cosine measure with
//	                NPMI and gamma 1). NPMI(w, w) uses D(w, w) = D(w).
//
// Result.Mean is the mean over topics (gensim's get_coherence). A topic
// listing a word twice is scored as gensim scores it: every place is a
// word of its own, and a word paired with itself co-occurs D(w) times.
//
// # Windows
//
// A document of L tokens, with window size s, gives L − s + 1 windows, the
// runs of s consecutive positions, if L > s, and one window, the whole
// document, if L ≤ s (an empty document too). N is the number of windows
// over all documents. Tokens that are not topic words are never counted but
// keep their positions, so they hold words apart.
//
// gensim does not quite count the words in each window: its
// WordOccurrenceAccumulator finds the words of a document's first window,
// then on each slide marks the word at the position that leaves absent and
// the word at the position that enters present. A word that leaves while
// it still occurs later in the window is absent from that window on, until
// one of its occurrences enters again (or the same word enters as it
// leaves). Score counts this way by default, to give gensim's numbers;
// Options.ExactWindows counts a word in every window that holds it, the
// definition of Röder et al. On the BBC corpus the two differ by up to 0.4
// in a topic's UCI and 0.03 in its C_V.
//
// Score does not visit the windows one by one: it reads each document
// once for all measures and all window sizes, keeps the positions of topic
// words only, and for each word (and each pair of words of a common topic)
// adds up the runs of consecutive windows in which it is present when such
// a run ends.
// Its cost is linear in the tokens, plus, for each topic word entering or
// leaving a window, the number of its partners.
//
// # Invariants
//
//   - A topic word that occurs in no document is left out of its topic, as
//     gensim leaves out words its Dictionary (built from the same texts)
//     does not hold; a topic with fewer than two words left is an error
//     (gensim gives NaN, the mean of no segments, or 1 for c_v).
//   - The counts are exact integers, summed over workers in any order, and
//     the scores are computed from them in one goroutine: results do not
//     depend on Options.Workers, bit for bit.
//   - The scores repeat gensim's floating-point operations in gensim's
//     order, numpy's pairwise summation included, and agree with gensim to
//     about 1e-16 (the last bits of a logarithm).
//   - Memory is O(topic words + pairs) per worker, whatever the number of
//     documents.
//
// # Differences from gensim
//
//   - Score scores every word it is given. CoherenceModel keeps the first
//     topn words of every topic, but only when its first topic (after
//     dropping unknown words) is longer than topn; callers truncate.
//   - An empty document is one window with no words. gensim's sliding
//     window accumulator fails on it (IndexError); for u_mass it is one
//     document, as here.
//   - Topics with fewer than two words that occur are errors, not NaN.
//
// # References
//
// M. Röder, A. Both and A. Hinneburg, Exploring the space of topic
// coherence measures, WSDM 2015. D. Mimno, H. Wallach, E. Talley, M. Leenders
// and A. McCallum, Optimizing semantic coherence in topic models, EMNLP 2011
// (UMass). D. Newman, J. H. Lau, K. Grieser and T. Baldwin, Automatic
// evaluation of topic coherence, NAACL 2010 (UCI). G. Bouma, Normalized
// (pointwise) mutual information in collocation extraction, GSCL 2009.
package coherence
