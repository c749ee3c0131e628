// Package vectorize turns documents into the sparse term-document matrix X
// that the factorization works on.
//
// Analysis. An Analyzer is a Tokenizer followed by TokenFilters, each a
// one-method interface so that a caller can plug in their own. The default
// analyzer (NewAnalyzer with Settings) is:
//
//   - WordTokenizer: runs of two or more word characters (Unicode letters,
//     Unicode numbers, underscore), the tokens of scikit-learn's default
//     pattern (?u)\b\w\w+\b;
//   - LowerCase (Unicode simple case mapping, rune by rune: unlike Python's
//     str.lower, a final capital sigma becomes σ and İ becomes i);
//   - StopWords: scikit-learn's 318-word English list, none, or a file;
//     removed before stemming;
//   - Stemmer: Snowball, in any language of github.com/kljensen/snowball,
//     cached per distinct word; it keeps the word it stemmed in
//     Token.Surface.
//
// Counting. Count reads documents with a few workers, analyzes each as it is
// read and keeps only its term counts (and, if asked, its token sequence);
// its result does not depend on the number of workers. Each term keeps its
// most frequent surface form, so later stages print "people", not "peopl".
//
// How Count is fast. When every filter is a TermFilter (true of the default
// analyzer), a word is analyzed once for the whole corpus: the workers share
// a memo from raw token to (term, surface word), an open-addressing table
// that holds keys and values in its slots and is read without a lock, and a
// dictionary that numbers terms and words, changed under a spin lock (it is
// held about half a microsecond at a time). With the default analyzer the
// tokenizer and the look-up are one loop (countWords) that takes the text
// 64 bytes at a time, as a bit mask of word characters whose edges are the
// words' starts and ends, and keys ASCII tokens by their case-folded bytes,
// so "The" and "the" share an entry. Counting a token takes no branch on
// what it is (a stop word or not, met before in the document or not): such
// branches are unpredictable, and cost more than the look-up. The
// dictionary's numbers depend on which worker learned a word first; Count
// renumbers the terms in the order first met in the documents as it
// collects them.
//
// Vocabulary and weighting. NewVocabulary keeps the terms in at least MinDF
// documents and at most MaxDF × n of them (and the MaxTerms most frequent),
// sorted by term, as scikit-learn does. Vocabulary.Matrix weighs counts as
// scikit-learn's TfidfVectorizer does by default:
//
//	x_ij = tf_ij × (ln((1+n)/(1+df_i)) + 1), then each column scaled to unit L2 norm
//
// with options for raw counts (TF), Binary, sublinear tf (1 + ln tf) and no
// normalization. X is terms × documents and is built straight into CSC
// form (one column per document, rows sorted); it is never densified.
//
// Invariants:
//   - Row i of X is Vocabulary.Terms[i]; column j is Counts.Docs[j].
//   - Every entry of X is positive; a document with no term of the
//     vocabulary has an empty column (it is kept, as scikit-learn keeps it).
//   - The same documents and settings give the same X, bit for bit.
package vectorize
