package pipeline

import (
	"fmt"
	"math"

	"github.com/nmftopics/nmftopics/nmf"
	"github.com/nmftopics/nmftopics/vectorize"
)

// Config is what a run needs: the corpus, the vocabulary and analysis
// settings, and the factorization's.
type Config struct {
	// Input is the corpus: a folder (walked recursively), a file, or a
	// glob pattern, on the local file system or any file system Beam has
	// registered (gs://, s3://).
	Input string
	// Work is the folder for the files the pipelines and the driver hand
	// each other (the vocabulary, the shards of X, W and the summed
	// statistics of each epoch). The driver and every worker must be able
	// to read and write it: a local folder for the prism runner or Flink
	// in loopback mode, a gs:// or s3:// folder on a cluster.
	Work string
	// KeepWork leaves the run's work files in place.
	KeepWork bool

	Analysis   vectorize.Settings
	Vocabulary vectorize.Options

	K      int
	Loss   nmf.Loss
	Epochs int
	// Shards is the number of shards X is cut into, by document: each
	// shard solves its H_b and emits its statistics in every epoch.
	// Document i (in the sorted listing) goes to shard i mod Shards.
	Shards int
	// StatBlocks is the number of blocks of rows of A the statistics are
	// combined in, each under its own key: 1 sums them on one worker; a
	// large vocabulary wants about one block per worker.
	StatBlocks int
	// Sweeps is the number of coordinate-descent sweeps on W per epoch
	// (Frobenius), as in the online fit.
	Sweeps int
	// Seed drives the start: NNDSVDA of shard 0's columns.
	Seed uint64
	// Project solves H_b in the epochs; Evaluate solves H for the final
	// objective.
	Project  nmf.ProjectSettings
	Evaluate nmf.ProjectSettings
}

// DefaultConfig returns the project's defaults: English analysis, min-df
// 2 and max-df 0.95, tf-idf with L2 norm, the Frobenius loss, k = 10, 10
// epochs over 8 shards, the online fit's sweeps and projection.
func DefaultConfig() Config {
	on := nmf.DefaultOnlineSettings()
	return Config{
		Analysis:   vectorize.DefaultSettings(),
		Vocabulary: vectorize.DefaultOptions(),
		K:          10,
		Loss:       nmf.Frobenius,
		Epochs:     10,
		Shards:     8,
		StatBlocks: 1,
		Sweeps:     on.Sweeps,
		Project:    on.Project,
		Evaluate:   nmf.DefaultProjectSettings(),
	}
}

// Method is the factorization method of the loss: HALS for Frobenius, CD
// for KL, without penalties.
func (c Config) Method() nmf.Method { return nmf.DefaultMethod(c.Loss) }

// Validate reports the first setting out of range, naming its flag.
func (c Config) Validate() error {
	switch {
	case c.Input == "":
		return fmt.Errorf("--input: no corpus given (a folder, a file or a glob pattern)")
	case c.Work == "":
		return fmt.Errorf("--work: no work folder given")
	case c.K < 1:
		return fmt.Errorf("-k %d: must be 1 or more", c.K)
	case c.Epochs < 1:
		return fmt.Errorf("--epochs %d: must be 1 or more", c.Epochs)
	case c.Shards < 1:
		return fmt.Errorf("--shards %d: must be 1 or more", c.Shards)
	case c.StatBlocks < 1:
		return fmt.Errorf("--stat-blocks %d: must be 1 or more", c.StatBlocks)
	case c.Sweeps < 1:
		return fmt.Errorf("--sweeps %d: must be 1 or more", c.Sweeps)
	case c.Loss != nmf.Frobenius && c.Loss != nmf.KL:
		return fmt.Errorf("--loss %v: must be frobenius or kl", c.Loss)
	}
	for _, p := range []nmf.ProjectSettings{c.Project, c.Evaluate} {
		if p.MaxIter < 1 || !(p.Tol >= 0) || math.IsInf(p.Tol, 0) {
			return fmt.Errorf("projection settings %+v: need at least one iteration and a finite tolerance ≥ 0", p)
		}
	}
	if _, err := vectorize.NewAnalyzer(c.Analysis); err != nil {
		return fmt.Errorf("--language: %w", err)
	}
	return c.Vocabulary.Validate()
}
