// Package pipeline fits the project's topic model with Apache Beam: the
// corpus is read from files on any file system Beam supports, analyzed with
// the project's corpus and vectorize packages, and factorized by a driver
// loop of epochs, each a Beam pipeline.
//
// Run does, with one pipeline per step:
//
//   - vocabulary: the documents are listed (sorted, as corpus.List lists
//     a folder), reshuffled and analyzed one by one; document frequencies,
//     corpus frequencies and the counts of each stem's surface words are
//     summed by one combiner (stats.SumPerKey). The driver turns the sums
//     into vectorize.Counts and calls vectorize.NewVocabulary, so the
//     vocabulary follows the local rules exactly (min-df, max-df,
//     max-terms, sorted terms, smooth idf, most frequent surface form with
//     ties to the smallest word);
//   - shards: document i goes to shard i mod Shards; each shard counts
//     its documents (vectorize.Count), weighs them (Vocabulary.Matrix) and
//     writes its X_b to the work folder, once for all epochs;
//   - epochs: W goes to the work folder and into each epoch's pipeline as
//     a side input; each shard solves its H_b (nmf.Project) and emits its
//     partial statistics (nmf.Stats.Accumulate, the online fit's type and
//     code); a CombineFn sums them (nmf.Stats.Add) under one key; the
//     driver reads the sum and updates W (nmf.Stats.UpdateW). With no
//     forgetting the sums are the whole corpus's, so an epoch is one
//     alternating step: H for every document given W, then W given all H.
//
// LocalFit runs the same epochs on one machine without Beam; the tests
// check that both give the same vocabulary exactly and the same W up to
// the order of floating-point sums.
package pipeline
