// Package pipeline fits the project's topic model with Apache Beam, so
// that a corpus too large for one machine can be factorized on a cluster
// (Flink, Google Cloud Dataflow), or in process on Beam's prism runner.
//
// # The model
//
// X is the corpus as the main command sees it: one column per document,
// one row per term of the vocabulary, weighted as Config.Vocabulary says
// (by default tf-idf, columns of unit length). It is factorized as X ≈ WH with W ≥ 0 (terms × k: the topics)
// and H ≥ 0 (k × documents: each document's weights), minimizing
// ½‖X − WH‖² (nmf.Frobenius) or the generalized Kullback–Leibler
// divergence (nmf.KL).
//
// The corpus is cut by document into Config.Shards shards: document i of
// the sorted listing goes to shard i mod Shards. Run is a driver that
// runs one Beam pipeline per stage and loops over the epochs:
//
//  1. vocabulary: every document is analyzed as vectorize analyzes it,
//     and the corpus's counts (document and corpus frequencies, the words
//     under each stem) are summed across workers; the driver chooses the
//     vocabulary from the sums with vectorize.NewVocabulary;
//  2. shards: each shard's columns X_b are made once, for all epochs;
//  3. start: W₀ is NNDSVDA of shard 0's columns, as the online fit
//     (topics.FitOnline) starts from its first batch;
//  4. epochs: with W fixed, every shard solves its H_b and returns its
//     sufficient statistics (nmf.Stats; for the Frobenius loss
//     A = X_b H_bᵀ and B = H_b H_bᵀ); the statistics are summed over the
//     shards and the driver updates W from the sums;
//  5. evaluate: H is solved once more against the final W, and the loss
//     and the metrics of the fit are measured.
//
// The driver and the pipelines hand each other their data (the
// vocabulary, the shards, W, the summed statistics) through files in a
// work folder, Config.Work, which the driver and every worker must be able
// to read and write.
//
// LocalFit runs the same stages on one machine, without Beam: it is the
// reference a run is checked against.
//
// # Invariants
//
//   - The vocabulary is exactly the one vectorize.NewVocabulary chooses
//     from the whole corpus counted on one machine: the same terms, surface
//     forms, document frequencies and idf, bit for bit.
//   - Shards, and so W₀, depend only on the sorted listing of the corpus:
//     every run of the same corpus and settings starts from the same W.
//   - The summed statistics are the whole corpus's (nothing is forgotten),
//     so an epoch is one alternating step over the whole corpus: H for
//     every document given W, then W given all of H. Run's W and objectives
//     are LocalFit's, up to the order of floating-point sums.
//   - An epoch's objective (Result.Trace) is the loss of the W the epoch
//     started from with the H solved against it; Result.Metrics measure
//     the final W.
//   - Settings out of range are errors naming their flag (Config.Validate),
//     reported before any pipeline runs, as is a work folder the driver
//     cannot write; the run's files are removed at the end unless
//     Config.KeepWork.
package pipeline
