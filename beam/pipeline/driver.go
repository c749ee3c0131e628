package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/nmf"
)

// driver is the program that runs a fit's pipelines one after the other:
// it hands them their inputs and reads their outputs through the run's
// own work folder, and builds the Result from them.
type driver struct {
	cfg     Config
	exec    Executor
	dir     string   // the run's folder, inside Config.Work
	written []string // the files the run writes in dir, removed at the end
	res     *Result
}

func newDriver(cfg Config, exec Executor) *driver {
	dir := joinPath(cfg.Work, fmt.Sprintf("run-%d-%d", time.Now().UnixNano(), os.Getpid()))
	return &driver{cfg: cfg, exec: exec, dir: dir, res: &Result{}}
}

// file returns the path of a file of the run, and records it for removal.
func (d *driver) file(name string) string {
	p := joinPath(d.dir, name)
	d.written = append(d.written, p)
	return p
}

// removeWork removes the run's files and, on the local file system, its
// folder.
func (d *driver) removeWork(ctx context.Context) {
	removeFiles(ctx, d.written)
	if !isRemote(d.dir) {
		os.RemoveAll(d.dir)
	}
}

// writeSettings writes the run's settings first into the work folder: a
// folder the driver cannot write is reported here, before any pipeline.
func (d *driver) writeSettings(ctx context.Context) error {
	settings, err := json.MarshalIndent(d.cfg, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFile(ctx, d.file("config.json"), settings); err != nil {
		return fmt.Errorf("--work: %w", err)
	}
	return nil
}

// vocabulary runs the vocabulary pipeline, builds the vocabulary from its
// sums and writes it to the work folder for the shards; it returns the
// vocabulary's path.
func (d *driver) vocabulary(ctx context.Context) (string, error) {
	defer lap(&d.res.Timings.Vocabulary)()
	countsPath := d.file("vocabulary-counts.jsonl")
	if err := d.exec(ctx, vocabularyPipeline(d.cfg, countsPath)); err != nil {
		return "", fmt.Errorf("vocabulary pipeline: %w", err)
	}
	counts, err := readCounts(ctx, countsPath)
	if err != nil {
		return "", err
	}
	vocab, err := d.res.setVocabulary(counts, d.cfg)
	if err != nil {
		return "", err
	}
	if d.cfg.StatBlocks > d.res.Terms {
		return "", fmt.Errorf("--stat-blocks %d: more blocks than the %d terms of the vocabulary", d.cfg.StatBlocks, d.res.Terms)
	}
	vocabJSON, err := json.Marshal(vocab)
	if err != nil {
		return "", err
	}
	vocabPath := d.file("vocabulary.json")
	if err := writeFile(ctx, vocabPath, vocabJSON); err != nil {
		return "", err
	}
	return vocabPath, nil
}

// shards runs the shards pipeline, which writes each shard's X_b, and
// records the shards' sizes; it returns the shards holding documents.
func (d *driver) shards(ctx context.Context, vocabPath string) ([]int, error) {
	defer lap(&d.res.Timings.Shards)()
	summaryPath := d.file("shards.jsonl")
	for b := range d.cfg.Shards {
		d.file(baseName(shardPath(d.dir, b)))
	}
	if err := d.exec(ctx, shardsPipeline(d.cfg, d.dir, vocabPath, summaryPath)); err != nil {
		return nil, fmt.Errorf("shards pipeline: %w", err)
	}
	summaries, err := readShardSummaries(ctx, summaryPath, d.cfg.Shards)
	if err != nil {
		return nil, err
	}
	return d.res.setShards(summaries)
}

// setShards records the shards' documents and non-zeros, checks that they
// hold the documents the vocabulary was built from, and returns the
// shards holding documents.
func (res *Result) setShards(summaries []shardSummary) ([]int, error) {
	var active []int
	docs := 0
	for _, s := range summaries {
		res.Shards = append(res.Shards, s.Documents)
		res.NNZ += s.NNZ
		docs += s.Documents
		if s.Documents > 0 {
			active = append(active, s.Shard)
		}
	}
	if docs != res.Documents {
		return nil, fmt.Errorf("the shards hold %d documents, the vocabulary was built from %d (did the corpus change during the run?)", docs, res.Documents)
	}
	return active, nil
}

// start reads shard 0 and makes W₀ from it.
func (d *driver) start(ctx context.Context) (*mat.Dense, error) {
	defer lap(&d.res.Timings.Start)()
	path := shardPath(d.dir, 0)
	b, err := readFile(ctx, path)
	if err != nil {
		return nil, err
	}
	x0, _, err := decodeShard(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return startW(ctx, x0, d.cfg)
}

// epochs runs Config.Epochs epochs, each a pipeline followed by the
// update of w, and records each epoch's objective.
func (d *driver) epochs(ctx context.Context, active []int, w *mat.Dense) error {
	defer lap(&d.res.Timings.Epochs)()
	for e := range d.cfg.Epochs {
		start := time.Now()
		p, err := d.runEpoch(ctx, epoch{Dir: d.dir, Name: fmt.Sprintf("%03d", e), Shards: active, Loss: d.cfg.Loss,
			Project: d.cfg.Project, Evaluate: d.cfg.Loss == nmf.KL, Blocks: d.cfg.StatBlocks}, w)
		if err != nil {
			return fmt.Errorf("epoch %d: %w", e+1, err)
		}
		obj, err := advance(p, w, d.cfg)
		if err != nil {
			return fmt.Errorf("epoch %d: %w", e+1, err)
		}
		d.res.Trace = append(d.res.Trace, Epoch{Epoch: e + 1, Objective: obj, Seconds: time.Since(start).Seconds()})
	}
	return nil
}

// evaluate runs the final pass, which solves H against the final W and
// measures the loss, and records W and its metrics.
func (d *driver) evaluate(ctx context.Context, active []int, w *mat.Dense) error {
	defer lap(&d.res.Timings.Evaluate)()
	p, err := d.runEpoch(ctx, epoch{Dir: d.dir, Name: "final", Shards: active, Loss: d.cfg.Loss,
		Project: d.cfg.Evaluate, Evaluate: true, Blocks: d.cfg.StatBlocks}, w)
	if err != nil {
		return fmt.Errorf("evaluation: %w", err)
	}
	d.res.W = w
	d.res.Metrics = metrics(p, d.cfg.Loss, w)
	return nil
}

// runEpoch writes W, runs an epoch pipeline with it and reads the summed
// partial, block by block.
func (d *driver) runEpoch(ctx context.Context, e epoch, w *mat.Dense) (Partial, error) {
	e.WPath = d.file("w-" + e.Name + ".bin")
	for b := range e.Blocks {
		d.file(baseName(statsPath(e.Dir, e.Name, b)))
	}
	if err := writeFile(ctx, e.WPath, encodeFactor(factorOf(w))); err != nil {
		return Partial{}, err
	}
	if err := d.exec(ctx, e.pipeline()); err != nil {
		return Partial{}, err
	}
	m, _ := w.Dims()
	p, err := readPartial(ctx, e, m)
	if err != nil {
		return Partial{}, err
	}
	if p.Shards != len(e.Shards) {
		return Partial{}, fmt.Errorf("the statistics sum %d shards of %d", p.Shards, len(e.Shards))
	}
	return p, nil
}

// readPartial reads the blocks of an epoch's summed partial and joins
// them into the partial of W's m rows.
func readPartial(ctx context.Context, e epoch, m int) (Partial, error) {
	blocks := make([]Partial, e.Blocks)
	for b := range blocks {
		path := statsPath(e.Dir, e.Name, b)
		data, err := readFile(ctx, path)
		if err != nil {
			return Partial{}, err
		}
		if blocks[b], err = decodePartial(data); err != nil {
			return Partial{}, fmt.Errorf("%s: %w", path, err)
		}
	}
	return joinPartials(blocks, m)
}
