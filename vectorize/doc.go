// Package vectorize turns documents into the sparse term-document matrix X
// that the factorization works on, in four steps: analysis, counting,
// vocabulary and weighting.
//
// Analysis. An Analyzer is CharFilters, then a Tokenizer, then
// TokenFilters, each a one-method interface so that a caller can plug in
// their own. The default analyzer (NewAnalyzer with Settings) is:
//
//   - a CharFilter by Settings.Content: HTML keeps a page's visible text
//     and title (golang.org/x/net/html; entities decoded; tags of block
//     elements separate words); Mail keeps a message's Subject and body
//     text (net/mail, mime/multipart; quoted-printable and base64 decoded,
//     then the part's declared charset by corpus.Decode's rule: text sent
//     as it is was decoded by corpus from the message's own declaration,
//     and is not decoded twice; attachments, other header fields, attribution
//     lines and signatures dropped; quoted lines kept or dropped by
//     Settings.Quotes); Auto chooses HTML or Mail for each document that
//     looks like one and reads the others as they are (plain: no filter).
//     The empty Content, as in a model saved before contents existed, is
//     plain;
//   - WordTokenizer: runs of two or more word characters (Unicode letters,
//     Unicode numbers, underscore), the tokens of scikit-learn's default
//     pattern (?u)\b\w\w+\b;
//   - LowerCase (Unicode simple case mapping, rune by rune: unlike Python's
//     str.lower, a final capital sigma becomes σ and İ becomes i);
//   - LetterFilter: a term holds a letter (Unicode category L), so that
//     numbers (1993, 00) and runs of underscores (___) are not terms; with
//     Settings.KeepNumbers, a letter or a number, so that numbers are
//     terms and underscores alone still are not (scikit-learn's
//     token_pattern (?u)\b(?=\w*[^\W\d_])\w\w+\b, resp. [^\W_], but for
//     numeric signs such as ½, which that pattern takes for letters). A nil
//     KeepNumbers, as in a model saved before it existed, has no such
//     filter: every token is a term, as it was for that model;
//   - StopWords: scikit-learn's 318-word English list, none, or a file,
//     with the words of Settings.AddedStopWords added; removed before
//     stemming;
//   - Stemmer: Snowball, in any language of github.com/kljensen/snowball,
//     whose stems it gives exactly; it keeps the word it stemmed in
//     Token.Surface;
//   - NGrams, when Settings.NGramRange is not 1:1: the word n-grams of MIN
//     to MAX words (MAX at most MaxNGram) of the tokens left, as
//     scikit-learn's ngram_range forms them after stop words (so they span
//     stop words and numbers); an n-gram's term is its stems joined by a
//     space ("clipper chip"), its surface form its words ("clipper chips").
//
// A TermFilter treats each token on its own, so it gives the same answer
// for a word wherever the word stands; LowerCase, LetterFilter, StopWords
// and Stemmer are TermFilters. When every filter is one, Count analyzes
// each distinct word once for the whole corpus and reuses the answer.
// NGrams is no TermFilter, but Count forms the n-grams itself when it is
// the last filter: from the numbers of the last few words' analyses,
// across the chunks of a document, holding no list of a document's
// n-grams.
//
// A CharFilter sees a document whole. Count reads a document in chunks of
// up to corpus.ChunkSize; a document that a char filter applies to is
// gathered whole first, up to 64 MiB, and read as it is past there. A
// Chooser (as Auto) picks the filter from the document's name and its
// first chunk; a document it reads as plain text goes to the tokenizer as
// it is read, at no cost.
//
// Counting. Count reads documents with a few workers, analyzes each as it
// is read and keeps only its term counts (and, if asked, its token
// sequence as indices of terms). Counts holds every term met, in the order
// first met in the documents, with its document and corpus frequencies,
// and each term's most frequent surface form (ties: the smallest), so that
// later stages print "people", not "peopl", and "clipper chips" for the
// n-gram "clipper chip". With n-grams of two words or more (MIN ≥ 2),
// Counts holds the single words as well, and Tokens (single words only)
// their sequence; NewVocabulary leaves them out.
//
// Vocabulary and weighting. NewVocabulary keeps the terms in at least MinDF
// documents and at most MaxDF × n of them (and the MaxTerms most frequent),
// sorted by term, as scikit-learn does, n-grams and single words alike.
// Vocabulary.Matrix weighs counts as
// scikit-learn's TfidfVectorizer does by default:
//
//	x_ij = tf_ij × (ln((1+n)/(1+df_i)) + 1), then each column scaled to unit L2 norm
//
// with options for raw counts (TF), Binary, sublinear tf (1 + ln tf) and no
// normalization. X is terms × documents and is built straight into CSC
// form (one column per document, rows sorted); it is never densified.
//
// Invariants:
//   - Counts does not depend on the number of workers nor on their timing:
//     the same documents and analyzer give the same Counts, field by field.
//   - Row i of X is Vocabulary.Terms[i]; column j is Counts.Docs[j].
//   - Every entry of X is positive; a document with no term of the
//     vocabulary has an empty column (it is kept, as scikit-learn keeps it).
//   - Empty, binary and unreadable files, and documents a
//     CheckedCharFilter refuses (ContentMail given text that is no
//     message: no header block, a header line that is neither a field nor
//     a continuation, a multipart with no part), are left out of
//     Counts.Docs and counted in Counts.Summary by corpus.SkipKind, named by
//     their path (a record by its id) and, when malformed, the reason.
//     Auto, which only guesses a document is mail, never leaves one out.
//   - The same documents and settings give the same X, bit for bit.
package vectorize
