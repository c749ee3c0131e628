// Command nmftopics-beam fits the topic model with Apache Beam: the
// vocabulary is counted by a pipeline, X is cut into shards by document,
// and W is learned by a driver loop of epochs, each a pipeline that sums
// the shards' sufficient statistics with W as a side input.
//
//	nmftopics-beam --input ../testdata/corpus -k 4 --epochs 10 --out fit
//
// runs in process on the prism runner. The same binary submits the same
// pipelines to Flink (--runner flink --endpoint host:8099) or Google Cloud
// Dataflow (--runner dataflow --project ... --region ... --staging_location
// gs://... --temp_location gs://...); see beam/README.md. Beam's runner
// flags are accepted alongside the command's own.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	beamlog "github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/options/jobopts"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners"

	// File systems for --input, --work and --out beyond local paths.
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"

	// Runners, registered by name for --runner.
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/dataflow"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/flink"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal"

	"github.com/nmftopics/nmftopics/beam/pipeline"
	"github.com/nmftopics/nmftopics/mtx"
	"github.com/nmftopics/nmftopics/nmf"
)

// The command's flags live on flag.CommandLine with Beam's own (--runner,
// --endpoint, --project, ...): Beam reads its options from there, and a
// worker started by a runner is this same binary, given Beam's flags.
var (
	input    = flag.String("input", "", "corpus: a folder (walked recursively), a file or a glob pattern; local, gs:// or s3://")
	k        = flag.Int("k", 10, "number of topics")
	epochs   = flag.Int("epochs", 10, "epochs: pipelines that each solve H for every document and update W once")
	shards   = flag.Int("shards", 8, "shards X is cut into by document (document i goes to shard i mod shards)")
	blocks   = flag.Int("stat-blocks", 1, "blocks of rows the statistics are combined in, each on its own key (about one per worker for a large vocabulary)")
	out      = flag.String("out", "", "output folder: vocabulary.json, w.mtx, report.json (local, gs:// or s3://)")
	work     = flag.String("work", "", "folder for the files the driver and the pipelines share; default <out>/work. Must be readable by the driver and every worker")
	keepWork = flag.Bool("keep-work", false, "keep the work files (shards of X, W and statistics of each epoch)")
	loss     = flag.String("loss", "frobenius", "loss: frobenius or kl")
	minDF    = flag.Int("min-df", 2, "keep terms in at least this many documents")
	maxDF    = flag.Float64("max-df", 0.95, "keep terms in at most this proportion of the documents")
	maxTerms = flag.Int("max-terms", 0, "keep only this many terms, the most frequent (0: all)")
	language = flag.String("language", "english", "stemming language; empty for none")
	noStop   = flag.Bool("no-stop-words", false, "keep stop words")
	sweeps   = flag.Int("sweeps", nmf.DefaultOnlineSettings().Sweeps, "coordinate-descent sweeps on W per epoch (frobenius)")
	seed     = flag.Uint64("seed", 0, "seed of the start (NNDSVDA of shard 0)")
	top      = flag.Int("top", 10, "words per topic in the report")
	check    = flag.Bool("check", false, "also run the same epochs locally, without Beam, and report the difference (local input only)")
	verbose  = flag.Bool("verbose", false, "show the runner's log")
)

// own lists the command's flags, reset to their defaults before each parse.
var own = []string{"input", "k", "epochs", "shards", "stat-blocks", "out", "work", "keep-work", "loss", "min-df", "max-df",
	"max-terms", "language", "no-stop-words", "sweeps", "seed", "top", "check", "verbose"}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// usage lists the command's own flags; Beam's (dozens, for every runner)
// are documented in beam/README.md.
func usage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintf(w, "Usage: nmftopics-beam --input CORPUS --out FOLDER [flags] [Beam runner flags]\n\n")
	mine := flag.NewFlagSet("", flag.ContinueOnError)
	mine.SetOutput(w)
	for _, name := range own {
		f := fs.Lookup(name)
		mine.Var(f.Value, f.Name, f.Usage)
	}
	mine.PrintDefaults()
	fmt.Fprintf(w, "\nBeam's flags select and configure the runner: --runner (prism, the default; flink; dataflow;\nuniversal), --endpoint, --environment_type, --project, --region, --temp_location, ...\n(see beam/README.md).\n")
}

// usageError is a wrong flag: exit status 2.
type usageError struct{ error }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.CommandLine
	fs.Init("nmftopics-beam", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { usage(fs, stderr) }
	// Flags keep their values from an earlier call in the same process
	// (tests): the command's own and Beam's that choose how to run are
	// reset. (Beam's --endpoint is left: prism sets it to its in-process
	// server, which later runs share.)
	for _, name := range append(own, "runner", "async", "execute_async") {
		f := fs.Lookup(name)
		f.Value.Set(f.DefValue)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "nmftopics-beam: unexpected argument %q (all settings are flags)\n", fs.Arg(0))
		return 2
	}
	// Beam's log (and prism's) goes through slog, set up by beam.Init.
	beamlog.LogLevel = "warn"
	if *verbose {
		beamlog.LogLevel = "info"
	}
	// A runner starts this binary as a worker with --worker: Init then runs
	// the worker and does not return.
	beam.Init()

	err := fit(context.Background(), stdout, stderr)
	var u usageError
	switch {
	case errors.As(err, &u):
		fmt.Fprintf(stderr, "nmftopics-beam: %v\n", err)
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "nmftopics-beam: %v\n", err)
		return 1
	}
	return 0
}

// config turns the flags into a pipeline configuration.
func config() (pipeline.Config, string, error) {
	cfg := pipeline.DefaultConfig()
	cfg.Input, cfg.K, cfg.Epochs, cfg.Shards, cfg.Sweeps, cfg.Seed = *input, *k, *epochs, *shards, *sweeps, *seed
	cfg.KeepWork, cfg.StatBlocks = *keepWork, *blocks
	l, err := nmf.ParseLoss(*loss)
	if err != nil {
		return cfg, "", fmt.Errorf("--loss: %w", err)
	}
	cfg.Loss = l
	cfg.Vocabulary.MinDF, cfg.Vocabulary.MaxDF, cfg.Vocabulary.MaxTerms = *minDF, *maxDF, *maxTerms
	cfg.Analysis.Language = *language
	if *noStop {
		cfg.Analysis.StopWords = nil
	}
	if *out == "" {
		return cfg, "", errors.New("--out: no output folder given")
	}
	cfg.Work = *work
	if cfg.Work == "" {
		cfg.Work = joinPath(*out, "work")
	}
	if *top < 1 {
		return cfg, "", fmt.Errorf("--top %d: must be 1 or more", *top)
	}
	runner := strings.ToLower(*runners.Runner)
	switch runner {
	case "", "direct", "prism":
		runner = "prism" // the direct runner is deprecated in favour of prism
	case "flink", "dataflow", "universal":
	case "spark":
		return cfg, "", errors.New("--runner spark: not a target; the epochs need W as a side input, which the Go SDK's pipelines cannot get on Spark's portable runner (see beam/README.md); use flink or dataflow")
	default:
		return cfg, "", fmt.Errorf("--runner %s: unknown (prism, flink, dataflow or universal)", *runners.Runner)
	}
	if *jobopts.Async {
		return cfg, "", errors.New("--async: the driver loop waits for each epoch's pipeline; run without it")
	}
	if runner == "dataflow" {
		for flagName, p := range map[string]string{"--input": cfg.Input, "--work": cfg.Work} {
			if !strings.HasPrefix(p, "gs://") {
				return cfg, "", fmt.Errorf("%s %s: Dataflow's workers read and write Cloud Storage: give a gs:// path", flagName, p)
			}
		}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, "", err
	}
	return cfg, runner, nil
}

func joinPath(dir, name string) string {
	if strings.Contains(dir, "://") {
		return strings.TrimSuffix(dir, "/") + "/" + name
	}
	return strings.TrimSuffix(dir, string(os.PathSeparator)) + string(os.PathSeparator) + name
}

// report is report.json.
type report struct {
	Input  string `json:"input"`
	Runner string `json:"runner"`
	K      int    `json:"k"`
	Loss   string `json:"loss"`
	Epochs int    `json:"epochs"`
	Shards int    `json:"shards"`
	*pipeline.Result
	Topics [][]string   `json:"topics"`
	Check  *checkReport `json:"check,omitempty"`
}

// checkReport compares the run with the local reference.
type checkReport struct {
	VocabularyEqual    bool    `json:"vocabulary_equal"`
	LocalObjective     float64 `json:"local_objective"`
	RelativeDifference float64 `json:"relative_difference"`
	MaxWDifference     float64 `json:"max_w_difference"`
	LocalSeconds       float64 `json:"local_seconds"`
}

func fit(ctx context.Context, stdout, stderr io.Writer) error {
	cfg, runner, err := config()
	if err != nil {
		return usageError{err}
	}
	if *check && strings.Contains(cfg.Input, "://") {
		return usageError{fmt.Errorf("--check: the local reference reads local files; --input %s is not", cfg.Input)}
	}
	if runner != "prism" && !strings.Contains(cfg.Work, "://") && !strings.EqualFold(*jobopts.EnvironmentType, "loopback") {
		fmt.Fprintf(stderr, "nmftopics-beam: warning: --work %s is local: every worker must see the same folder (use a gs:// or s3:// folder on a cluster)\n", cfg.Work)
	}
	res, err := pipeline.Run(ctx, cfg, pipeline.RunnerExecutor(runner))
	if *work == "" && !strings.Contains(cfg.Work, "://") && !cfg.KeepWork {
		os.Remove(cfg.Work) // the default work folder, if the run left it empty
	}
	if err != nil {
		return err
	}
	for _, e := range res.Trace {
		fmt.Fprintf(stdout, "epoch %3d  objective %.8g  %.2fs\n", e.Epoch, e.Objective, e.Seconds)
	}
	fmt.Fprintf(stdout, "%d documents, %d terms, %d non-zeros, %d shards; final objective %.10g (relative error %.4f) in %.2fs\n",
		res.Documents, res.Terms, res.NNZ, cfg.Shards, res.Metrics.Objective, res.Metrics.RelativeError, res.Timings.Total)
	rep := report{Input: cfg.Input, Runner: runner, K: cfg.K, Loss: cfg.Loss.String(), Epochs: cfg.Epochs, Shards: cfg.Shards,
		Result: res, Topics: pipeline.TopWords(res.W, res.Vocabulary, *top)}
	if *check {
		local, err := pipeline.LocalFit(ctx, cfg)
		if err != nil {
			return fmt.Errorf("--check: %w", err)
		}
		c := &checkReport{
			VocabularyEqual:    vocabularyEqual(res, local),
			LocalObjective:     local.Metrics.Objective,
			RelativeDifference: math.Abs(res.Metrics.Objective-local.Metrics.Objective) / local.Metrics.Objective,
			LocalSeconds:       local.Timings.Total,
		}
		m, kk := res.W.Dims()
		for i := range m {
			for j := range kk {
				c.MaxWDifference = math.Max(c.MaxWDifference, math.Abs(res.W.At(i, j)-local.W.At(i, j)))
			}
		}
		rep.Check = c
		fmt.Fprintf(stdout, "check: vocabulary equal %v; local objective %.10g; relative difference %.3g; max |ΔW| %.3g; local fit %.2fs\n",
			c.VocabularyEqual, c.LocalObjective, c.RelativeDifference, c.MaxWDifference, c.LocalSeconds)
	}
	for t, words := range rep.Topics {
		fmt.Fprintf(stdout, "topic %2d: %s\n", t+1, strings.Join(words, " "))
	}
	return save(ctx, *out, res, rep)
}

func vocabularyEqual(a, b *pipeline.Result) bool {
	va, vb := a.Vocabulary, b.Vocabulary
	ja, err1 := json.Marshal(va)
	jb, err2 := json.Marshal(vb)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// save writes vocabulary.json, w.mtx and report.json to dir.
func save(ctx context.Context, dir string, res *pipeline.Result, rep report) error {
	vocab, err := json.MarshalIndent(res.Vocabulary, "", " ")
	if err != nil {
		return err
	}
	var w bytes.Buffer
	if err := mtx.WriteDense(&w, res.W); err != nil {
		return err
	}
	r, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	for name, data := range map[string][]byte{"vocabulary.json": vocab, "w.mtx": w.Bytes(), "report.json": r} {
		if err := pipeline.WriteFile(ctx, joinPath(dir, name), data); err != nil {
			return fmt.Errorf("--out: %w", err)
		}
	}
	return nil
}
