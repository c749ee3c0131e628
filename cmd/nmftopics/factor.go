package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/internal/atomicfile"
	"github.com/nmftopics/nmftopics/mtx"
	"github.com/nmftopics/nmftopics/nmf"
)

// factorFlags are the factorization flags that factor and fit share.
type factorFlags struct {
	k        int
	loss     string
	solver   string
	init     string
	initW    string
	initH    string
	maxIter  int
	tol      float64
	seed     uint64
	workers  int
	restarts int
	// Checkpoints of long runs.
	checkpoint      string
	checkpointEvery int
	resume          string
	// Regularized and structured variants, copied into the method.
	variant nmf.Method
}

// register adds the flags to fs; -k only with withK (sweep has its own).
func (f *factorFlags) register(fs *flag.FlagSet, withK bool) {
	d := nmf.DefaultSettings()
	f.k = 10
	if withK {
		fs.IntVar(&f.k, "k", 10, "number of topics (factorization rank)")
	}
	fs.StringVar(&f.loss, "loss", "frobenius", "loss: frobenius or kl")
	fs.StringVar(&f.solver, "solver", "", "solver: hals, mu, als, anls, pgd (frobenius); mu, cd (kl); default hals for frobenius, cd for kl")
	fs.StringVar(&f.init, "init", d.Init.String(), "initialization: nndsvd, nndsvda, nndsvdar or random")
	fs.StringVar(&f.initW, "init-w", "", "start from this W (terms × k, Matrix Market); needs --init-h")
	fs.StringVar(&f.initH, "init-h", "", "start from this H (k × documents, Matrix Market); needs --init-w")
	fs.IntVar(&f.maxIter, "max-iter", d.MaxIter, "most iterations (full updates of W and H)")
	floatVar(fs, &f.tol, "tol", d.Tol, "stop when an iteration lowers the objective by less than this fraction (0: run all iterations)")
	fs.Uint64Var(&f.seed, "seed", 0, "seed of all randomness")
	fs.IntVar(&f.workers, "threads", 0, "goroutines for the factorization (0: one per CPU)")
	fs.IntVar(&f.restarts, "restarts", 0, "also run this many random starts (seeds seed+1…) and keep the lowest objective")
	fs.StringVar(&f.checkpoint, "checkpoint", "", "save W and H to this file every --checkpoint-every iterations, to --resume from")
	fs.IntVar(&f.checkpointEvery, "checkpoint-every", 10, "iterations between checkpoints")
	fs.StringVar(&f.resume, "resume", "", "continue the run saved in this checkpoint file, exactly (--max-iter counts from the run's start)")
	floatVar(fs, &f.variant.L1W, "l1-w", 0, "L1 penalty on W (sparse NMF): adds l1-w·‖W‖₁")
	floatVar(fs, &f.variant.L1H, "l1-h", 0, "L1 penalty on H: adds l1-h·‖H‖₁")
	floatVar(fs, &f.variant.L2W, "l2-w", 0, "L2 penalty on W: adds ½·l2-w·‖W‖²")
	floatVar(fs, &f.variant.L2H, "l2-h", 0, "L2 penalty on H: adds ½·l2-h·‖H‖²")
	floatVar(fs, &f.variant.Theta, "nsnmf-theta", 0, "non-smooth NMF: X ≈ W S H with S = (1−θ)I + (θ/k)11ᵀ, θ in [0, 1]")
	fs.IntVar(&f.variant.GraphNeighbors, "graph-neighbors", 0, "graph-regularized NMF: neighbours of each document in the cosine k-NN graph")
	floatVar(fs, &f.variant.GraphLambda, "graph-lambda", 0, "graph-regularized NMF: weight λ of tr(H L Hᵀ)")
}

// checkOutputs checks outs and the checkpoint file against each other and
// against the inputs: the command's own and the starting factors. A
// checkpoint may be the file resumed from.
func (f *factorFlags) checkOutputs(outs outputs, inputs ...pathFlag) error {
	if f.checkpoint == atomicfile.StdoutPath {
		return usagef("--checkpoint -: a checkpoint is a file to resume from, not standard output")
	}
	outs.add("--checkpoint", f.checkpoint)
	inputs = append(inputs, pathFlag{"--init-w", f.initW}, pathFlag{"--init-h", f.initH})
	if f.resume != f.checkpoint {
		inputs = append(inputs, pathFlag{"--resume", f.resume})
	}
	return outs.check(inputs...)
}

// settings checks the flags and returns the method and settings; it reads
// the initial factors if given.
func (f *factorFlags) settings(ctx context.Context) (nmf.Method, nmf.Settings, error) {
	s := nmf.DefaultSettings()
	var m nmf.Method
	loss, err := nmf.ParseLoss(f.loss)
	if err != nil {
		return m, s, usagef("--loss: %v", err)
	}
	m = nmf.DefaultMethod(loss)
	if f.solver != "" {
		if m.Solver, err = nmf.ParseSolver(f.solver); err != nil {
			return m, s, usagef("--solver: %v", err)
		}
	}
	m.L1W, m.L1H, m.L2W, m.L2H = f.variant.L1W, f.variant.L1H, f.variant.L2W, f.variant.L2H
	m.Theta, m.GraphNeighbors, m.GraphLambda = f.variant.Theta, f.variant.GraphNeighbors, f.variant.GraphLambda
	for _, v := range []struct {
		name string
		val  float64
	}{{"--l1-w", m.L1W}, {"--l1-h", m.L1H}, {"--l2-w", m.L2W}, {"--l2-h", m.L2H}, {"--graph-lambda", m.GraphLambda}} {
		if !(v.val >= 0) || math.IsInf(v.val, 0) {
			return m, s, usagef("%s %v: must be 0 or more", v.name, v.val)
		}
	}
	switch {
	case !(m.Theta >= 0 && m.Theta <= 1):
		return m, s, usagef("--nsnmf-theta %v: must be in [0, 1]", m.Theta)
	case m.GraphNeighbors < 0:
		return m, s, usagef("--graph-neighbors %d: must be 0 or more", m.GraphNeighbors)
	case (m.GraphNeighbors > 0) != (m.GraphLambda > 0):
		return m, s, usagef("--graph-neighbors and --graph-lambda go together")
	}
	if err := m.Validate(); err != nil {
		return m, s, usageError{err}
	}
	if s.Init, err = nmf.ParseInit(f.init); err != nil || s.Init == nmf.Custom {
		return m, s, usagef("--init %q: must be nndsvd, nndsvda, nndsvdar or random (give --init-w and --init-h for a custom start)", f.init)
	}
	switch {
	case f.k < 1:
		return m, s, usagef("-k %d: must be 1 or more", f.k)
	case f.maxIter < 0:
		return m, s, usagef("--max-iter %d: must be 0 or more", f.maxIter)
	case f.tol < 0:
		return m, s, usagef("--tol %v: must be 0 or more", f.tol)
	case f.workers < 0:
		return m, s, usagef("--threads %d: must be 0 or more", f.workers)
	case f.restarts < 0:
		return m, s, usagef("--restarts %d: must be 0 or more", f.restarts)
	case (f.initW == "") != (f.initH == ""):
		return m, s, usagef("--init-w and --init-h go together")
	case f.checkpoint != "" && f.restarts > 0:
		return m, s, usagef("--checkpoint and --restarts do not go together")
	case f.checkpointEvery < 1:
		return m, s, usagef("--checkpoint-every %d: must be 1 or more", f.checkpointEvery)
	case f.resume != "" && f.initW != "":
		return m, s, usagef("--resume and --init-w/--init-h do not go together")
	}
	if f.checkpoint != "" {
		if err := atomicfile.Check(f.checkpoint); err != nil {
			return m, s, fmt.Errorf("--checkpoint %w", err)
		}
		path := f.checkpoint
		s.CheckpointEvery = f.checkpointEvery
		s.Checkpoint = func(snap *nmf.Snapshot) error {
			return atomicfile.Write(atomicfile.File{Path: path, Write: func(out io.Writer) error {
				return writeJSON(out, newCheckpointFile(snap))
			}})
		}
	}
	if f.resume != "" {
		snap, err := readCheckpoint(ctx, f.resume, m, f.maxIter)
		if err != nil {
			return m, s, err
		}
		s.Init, s.Resume = nmf.Custom, snap
	}
	s.MaxIter, s.Tol, s.Seed, s.Workers, s.Restarts = f.maxIter, f.tol, f.seed, f.workers, f.restarts
	if f.initW != "" {
		s.Init = nmf.Custom
		if s.W0, err = readDense(ctx, f.initW, "--init-w"); err != nil {
			return m, s, err
		}
		if s.H0, err = readDense(ctx, f.initH, "--init-h"); err != nil {
			return m, s, err
		}
	}
	return m, s, nil
}

func readDense(ctx context.Context, path, flagName string) (*mat.Dense, error) {
	f, err := openInput(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flagName, err)
	}
	defer f.Close()
	d, err := mtx.ReadDense(f)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", flagName, path, cancelled(ctx, path, err))
	}
	return d, nil
}

// factorReport is the JSON that factor writes.
type factorReport struct {
	K              int         `json:"k"`
	Loss           string      `json:"loss"`
	Solver         string      `json:"solver"`
	Init           string      `json:"init"`
	Iterations     int         `json:"iterations"`
	Seconds        float64     `json:"seconds"`
	Status         string      `json:"status"`
	ObjectiveTrace []float64   `json:"objective_trace"`
	Metrics        nmf.Metrics `json:"metrics"`
	// With --restarts: every run's final objective, and the run kept.
	Restarts []float64 `json:"restarts,omitempty"`
	Run      int       `json:"run,omitempty"`
}

func runFactor(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("factor", flag.ContinueOnError)
	var ff factorFlags
	ff.register(fs, true)
	wPath := fs.String("w-out", "", "write W (terms × k) to this Matrix Market file (- for standard output)")
	hPath := fs.String("h-out", "", "write H (k × documents) to this Matrix Market file (- for standard output)")
	jsonPath := fs.String("json", "", "write a JSON report to this file (- for standard output)")
	var of onlineFlags
	of.register(fs, "learn W from mini-batches of columns (--batch-size, --passes), then project H", "columns")
	var pf profileFlags
	pf.register(fs)
	paths, err := parseFlags(fs, args)
	if err != nil {
		return helpRequested(err, fs, "factor [flags] X.mtx", stderr)
	}
	stop, err := pf.start()
	if err != nil {
		return err
	}
	defer stop()
	online, oo := of.on, of.opt
	if err := checkOnlineFlags(fs, online, oo); err != nil {
		return err
	}
	if len(paths) != 1 {
		return usagef("want one matrix file (X.mtx), got %d arguments", len(paths))
	}
	method, settings, err := ff.settings(ctx)
	if err != nil {
		return err
	}
	var outs outputs
	outs.add("--w-out", *wPath)
	outs.add("--h-out", *hPath)
	outs.add("--json", *jsonPath)
	if err := ff.checkOutputs(outs, pathFlag{"", paths[0]}); err != nil {
		return err
	}
	x, err := readMatrix(ctx, paths[0], ff.k, method, settings)
	if err != nil {
		return err
	}
	var res *nmf.Result
	if online {
		_, n := x.Dims()
		s := nmf.DefaultOnlineSettings()
		s.Forget = math.Pow(oo.Forget, float64(min(oo.BatchSize, n))/float64(n))
		s.Docs, s.Init, s.Seed, s.Workers = float64(n), settings.Init, settings.Seed, settings.Workers
		res, err = nmf.FactorizeOnline(ctx, x, ff.k, method, s, oo.BatchSize, oo.Passes)
	} else {
		res, err = nmf.Factorize(ctx, x, ff.k, method, settings)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", paths[0], err)
	}
	if res.Status == nmf.Cancelled {
		return ctx.Err()
	}
	metrics, err := nmf.EvaluateContext(ctx, x, method.Smoothed(res.W), res.H)
	if err != nil {
		return err
	}
	metrics.SparsityW = nmf.Hoyer(res.W)
	rep := factorReport{K: ff.k, Loss: method.Loss.String(), Solver: method.Solver.String(), Init: settings.Init.String(),
		Iterations: res.Iterations, Seconds: res.Seconds, Status: res.Status.String(), ObjectiveTrace: res.Trace, Metrics: metrics,
		Restarts: res.Restarts, Run: res.Run}
	var files []atomicfile.File
	if *wPath != "" {
		files = append(files, file(*wPath, stdout, func(w io.Writer) error { return mtx.WriteDense(w, res.W) }))
	}
	if *hPath != "" {
		files = append(files, file(*hPath, stdout, func(w io.Writer) error { return mtx.WriteDense(w, res.H) }))
	}
	if *jsonPath != "" {
		files = append(files, file(*jsonPath, stdout, func(w io.Writer) error { return writeJSON(w, rep) }))
	}
	if err := atomicfile.Write(files...); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "factor: k %d, %s/%s, %d iterations (%s), objective %.6g, relative error %.4f, %.2f s\n",
		ff.k, rep.Loss, rep.Solver, res.Iterations, res.Status, res.Objective(), metrics.RelativeError, res.Seconds)
	if len(res.Restarts) > 0 {
		fmt.Fprintf(stderr, "factor: %s\n", restartSpread(res.Restarts, res.Run))
	}
	return nil
}

// restartSpread describes the final objectives of restarts.
func restartSpread(objs []float64, kept int) string {
	lo, hi := objs[0], objs[0]
	for _, o := range objs {
		lo, hi = min(lo, o), max(hi, o)
	}
	return fmt.Sprintf("%d runs, objectives %.6g to %.6g (spread %.2f%%), kept run %d", len(objs), lo, hi, 100*(hi-lo)/lo, kept)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(v)
}
