package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/mtx"
	"github.com/nmftopics/nmftopics/nmf"
)

func runFactor(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f factorCommandFlags
	fs, paths, err := parseCommand("factor", factorUsage, f.register, args, stderr)
	if err != nil {
		return err
	}
	stop, err := f.profile.start()
	if err != nil {
		return err
	}
	defer stop()
	if err := f.online.check(fs); err != nil {
		return err
	}
	if len(paths) != 1 {
		return usagef("want one matrix file (X.mtx), got %d arguments", len(paths))
	}
	method, settings, err := f.factor.settings(ctx)
	if err != nil {
		return err
	}
	if err := f.factor.checkOutputs(f.outputs(), pathFlag{"", paths[0]}); err != nil {
		return err
	}
	x, err := readMatrix(ctx, paths[0], f.factor.k, method, settings)
	if err != nil {
		return err
	}
	res, err := f.factorize(ctx, x, method, settings)
	if err != nil {
		return fmt.Errorf("%s: %w", paths[0], err)
	}
	if res.Status == nmf.Cancelled {
		return ctx.Err()
	}
	rep, err := newFactorReport(ctx, x, f.factor.k, method, settings, res)
	if err != nil {
		return err
	}
	if err := f.write(res, rep, stdout); err != nil {
		return err
	}
	printFactor(stderr, rep, res)
	return nil
}

// factorize factorizes x in memory, or online with --online.
func (f *factorCommandFlags) factorize(ctx context.Context, x *sparse.CSR, method nmf.Method, settings nmf.Settings) (*nmf.Result, error) {
	k := f.factor.k
	if !f.online.on {
		return nmf.Factorize(ctx, x, k, method, settings)
	}
	oo := f.online.opt
	_, n := x.Dims()
	s := nmf.DefaultOnlineSettings()
	s.Forget = math.Pow(oo.Forget, float64(min(oo.BatchSize, n))/float64(n))
	s.Docs, s.Init, s.Seed, s.Workers = float64(n), settings.Init, settings.Seed, settings.Workers
	return nmf.FactorizeOnline(ctx, x, k, method, s, oo.BatchSize, oo.Passes)
}

// write writes the factors and the report that the flags ask for.
func (f *factorCommandFlags) write(res *nmf.Result, rep factorReport, stdout io.Writer) error {
	files := outputFiles{stdout: stdout}
	files.add(f.wOut, func(w io.Writer) error { return mtx.WriteDense(w, res.W) })
	files.add(f.hOut, func(w io.Writer) error { return mtx.WriteDense(w, res.H) })
	files.add(f.json, func(w io.Writer) error { return writeJSON(w, rep) })
	return files.write()
}

// factorReport is the JSON that factor writes.
type factorReport struct {
	K              int       `json:"k"`
	Loss           string    `json:"loss"`
	Solver         string    `json:"solver"`
	Init           string    `json:"init"`
	Iterations     int       `json:"iterations"`
	Seconds        float64   `json:"seconds"`
	Status         string    `json:"status"`
	ObjectiveTrace []float64 `json:"objective_trace"`
	// TraceSeconds: the wall seconds from the start to each value of
	// objective_trace (initialization included).
	TraceSeconds []float64   `json:"trace_seconds"`
	Metrics      nmf.Metrics `json:"metrics"`
	// With --restarts: every run's final objective, and the run kept.
	Restarts []float64 `json:"restarts,omitempty"`
	Run      int       `json:"run,omitempty"`
}

// newFactorReport is the report of the run res at rank k of method on x
// with settings: the run's account and the factors' measures.
func newFactorReport(ctx context.Context, x *sparse.CSR, k int, method nmf.Method, settings nmf.Settings, res *nmf.Result) (factorReport, error) {
	metrics, err := nmf.EvaluateContext(ctx, x, method.Smoothed(res.W), res.H)
	if err != nil {
		return factorReport{}, err
	}
	metrics.SparsityW = nmf.Hoyer(res.W)
	return factorReport{K: k, Loss: method.Loss.String(), Solver: method.Solver.String(), Init: settings.Init.String(),
		Iterations: res.Iterations, Seconds: res.Seconds, Status: res.Status.String(), ObjectiveTrace: res.Trace, TraceSeconds: res.TraceSeconds, Metrics: metrics,
		Restarts: res.Restarts, Run: res.Run}, nil
}

// printFactor writes the summary of a run to w (standard error).
func printFactor(w io.Writer, rep factorReport, res *nmf.Result) {
	fmt.Fprintf(w, "factor: k %d, %s/%s, %d iterations (%s), objective %.6g, relative error %.4f, %.2f s\n",
		rep.K, rep.Loss, rep.Solver, res.Iterations, res.Status, res.Objective(), rep.Metrics.RelativeError, res.Seconds)
	if len(res.Restarts) > 0 {
		fmt.Fprintf(w, "factor: %s\n", restartSpread(res.Restarts, res.Run))
	}
}

// readDense reads the dense Matrix Market file at path, named by flag
// name.
func readDense(ctx context.Context, path string, name flagName) (*mat.Dense, error) {
	f, err := openInput(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", name, err)
	}
	defer f.Close()
	d, err := mtx.ReadDense(f)
	if err != nil {
		return nil, fmt.Errorf("%v %s: %w", name, path, cancelled(ctx, path, err))
	}
	return d, nil
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
