// Package topics is the user-facing topic model: it runs the whole
// pipeline on a set of documents and returns a Model whose topics a person
// can read, with numbers that say how good they are.
//
// Fit reads and analyzes the documents (package vectorize), builds the
// TF-IDF matrix X (terms × documents), factorizes X ≈ WH (package nmf),
// then sets H by projecting every document on the final W (nmf.Project):
// the H a Model holds is exactly what Transform gives for the same
// documents. A topic is a column of W read as its heaviest words, each
// shown in its most frequent surface form ("people") with the stem the
// model counts ("peopl") alongside; TopWords reads them from any W.
//
// A fit gives a Result of three parts, each with its own life:
//   - the Model: the analysis settings, how the documents were read
//     (Options.Input: format, text and id fields; a caller lists new
//     documents with Model.Input to read them as the model's own were),
//     the vocabulary with its document frequencies and idf, the method, W,
//     the documents and H, the topics and the metrics. It is what Save
//     writes to a versioned JSON file (see FileFormat for why JSON) and
//     Load reads back: everything needed to transform new documents the
//     way the model's own were.
//   - the Report: how the run went (iterations, status, restarts, time per
//     stage) and what it read (documents skipped, non-zeros of X). It is
//     the record of one run, not part of the model, and is not saved.
//   - the Reference: the tokens of the documents coherence was scored
//     over, to score the topics again without reading them again.
//
// FitOnline fits corpora that do not fit in memory: one pass counts the
// dictionary (vectorize.CountOptions.DictionaryOnly), passes of
// mini-batches learn W (nmf.Online), and a last pass projects every
// document on the final W, handing its weights to the caller as it goes;
// the Model keeps W, not H. An Online lets a caller feed the batches
// (from a database or a queue) itself: NewOnline starts one over a
// vocabulary, ContinueOnline from a fitted or loaded model's W, and each
// PartialFit learns one batch.
//
// Invariants:
//   - W's rows are Vocabulary.Terms, H's columns are Documents, in order.
//   - Transform's weights line up with its input: column j is document
//     j's. A document with no word of the vocabulary gets zeros; so do
//     empty and binary files, which are not read and are listed as
//     skipped. PartialFit's weights line up the same way.
//   - Transform of the training documents gives the model's H (bit for bit
//     on the same machine: Project solves each document on its own), except
//     for graph-regularized models, whose H is the factorization's own: the
//     graph ties the corpus's documents together, and a new document is
//     not in it.
//   - nsNMF models (Method.Theta > 0) explain documents by W S; topics are
//     read from W, the sparse factor, and documents are solved against W S.
//   - Metrics are those of the saved W and H (nmf.Evaluate), plus topic
//     diversity: the share of distinct words among the topics' top 10. An
//     online fit's metrics are those of the final W and the H its last pass
//     projected, summed batch by batch.
//   - A topic's Documents are its Options.TopDocs heaviest by their
//     normalized document-topic rows (DocumentTopics), ties to the one
//     with more raw weight, then the earlier; its Share is its part of
//     the corpus's total topic weight once W's columns are scaled to sum 1
//     (the shares sum to 1). Both come from the whole H, which an online
//     fit never holds: it ranks the documents as its last pass projects
//     them, keeping k·TopDocs of them.
//   - The model keeps a short record of its fit (Run: iterations, the
//     documents left out by kind) for pages drawn from a saved model
//     (package report); the rest of the run's account is the Report's.
//   - A model saved and loaded transforms documents to the same bits.
//     Load reads the files of every version-1 writer, including those that
//     also held the fit's report, which it leaves out.
package topics
