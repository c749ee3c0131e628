package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/topics"
)

func runSweep(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f sweepFlags
	_, paths, err := parseCommand("sweep", sweepUsage, f.register, args, stderr)
	if err != nil {
		return err
	}
	if err := noPath(paths); err != nil {
		return err
	}
	span, err := parseKRange(f.k)
	if err != nil {
		return usagef("%v %q: %v", flagK, f.k, err)
	}
	if err := f.check(); err != nil {
		return err
	}
	opt, err := pipelineOptions(ctx, &f.analysis, &f.factor)
	if err != nil {
		return err
	}
	outs := f.outputs()
	if err := f.factor.checkOutputs(outs, append(inputPaths(paths, "", nil), f.analysis.inputs()...)...); err != nil {
		return err
	}
	table := outs.table(stdout, stderr)
	docs, listed, err := f.input.list(paths)
	if err != nil {
		return err
	}
	writeWarnings(stderr, listed)
	so := f.sweep
	if so.Ks, err = span.list(len(docs)); err != nil {
		return usagef("%v %q: %v", flagK, f.k, err)
	}
	res, err := sweep(ctx, docs, opt, so, stderr)
	if err != nil {
		return err
	}
	var best *topics.Model
	if f.report != "" {
		if best, err = fitBest(ctx, docs, opt, res); err != nil {
			return err
		}
	}
	if err := f.write(ctx, res, best, docs, paths, stdout); err != nil {
		return err
	}
	printSweep(table, res, so.Runs, so.Sample)
	return nil
}

// sweep runs topics.Sweep, showing its progress on stderr when that is a
// terminal.
func sweep(ctx context.Context, docs []corpus.Document, opt topics.Options, so topics.SweepOptions, stderr io.Writer) (*topics.SweepResult, error) {
	if isTerminal(stderr) {
		so.Progress = func(done, total int) { fmt.Fprintf(stderr, "\rmodels %d/%d", done, total) }
	}
	res, err := topics.Sweep(ctx, docs, opt, so)
	if so.Progress != nil {
		fmt.Fprintf(stderr, "\r%30s\r", "")
	}
	return res, rankUsage(err)
}

// fitBest fits the sweep's recommended k on all of docs, for its report.
func fitBest(ctx context.Context, docs []corpus.Document, opt topics.Options, res *topics.SweepResult) (*topics.Model, error) {
	opt.K = res.BestK
	fit, err := topics.Fit(ctx, docs, opt)
	if err != nil {
		return nil, fmt.Errorf("%v: the fit of k = %d: %w", flagReport, res.BestK, err)
	}
	return fit.Model, nil
}

// write writes the measures, their plot and the report of best, the
// model of the recommended k fitted on docs (read from paths), as the
// flags ask.
func (f *sweepFlags) write(ctx context.Context, res *topics.SweepResult, best *topics.Model, docs []corpus.Document, paths []string, stdout io.Writer) error {
	files := outputFiles{stdout: stdout}
	files.add(f.json, func(w io.Writer) error { return writeJSON(w, res) })
	files.add(f.plot, func(w io.Writer) error { return drawSweep(w, res, filepath.Ext(f.plot)) })
	files.add(f.report, func(w io.Writer) error { return writePage(ctx, w, best, docs, pageTitle(paths), res) })
	return files.write()
}

// kSpan is the -k range FROM:TO:STEP, kept as its bounds: its ks are
// listed only once TO has been checked against the documents, so that
// "-k 2:1000000000" allocates nothing.
type kSpan struct{ from, to, step int }

// parseKRange reads FROM:TO[:STEP].
func parseKRange(s string) (kSpan, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return kSpan{}, fmt.Errorf("want FROM:TO or FROM:TO:STEP")
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return kSpan{}, fmt.Errorf("%q is not a whole number", p)
		}
		nums[i] = v
	}
	step := 1
	if len(nums) == 3 {
		step = nums[2]
	}
	if nums[0] < 1 || nums[1] < nums[0] || step < 1 {
		return kSpan{}, fmt.Errorf("want 1 ≤ FROM ≤ TO and STEP ≥ 1")
	}
	return kSpan{nums[0], nums[1], step}, nil
}

// list returns the ks of the span, which must not exceed the number of
// documents: no k can.
func (r kSpan) list(docs int) ([]int, error) {
	if r.to > docs {
		return nil, fmt.Errorf("TO %d is above the %d documents listed; k must be at most the number of documents", r.to, docs)
	}
	var ks []int
	for k := r.from; k <= r.to; k += r.step {
		ks = append(ks, k)
	}
	return ks, nil
}

func printSweep(w io.Writer, res *topics.SweepResult, runs int, share float64) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "k\tstability\tcophenetic\tdispersion\trel. error\texpl. var.\tumass\tuci\tnpmi\tcv\tdiversity\t")
	for _, r := range res.Ranks {
		mark := ""
		if r.K == res.BestK {
			mark = " ←"
		}
		fmt.Fprintf(tw, "%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.3f\t%.3f\t%.3f\t%.3f\t%.2f\t%s\n", r.K, r.Stability, r.Cophenetic, r.Dispersion,
			r.RelativeError, r.ExplainedVariance, r.Coherence["umass"], r.Coherence["uci"], r.Coherence["npmi"], r.Coherence["cv"], r.Diversity, mark)
	}
	tw.Flush()
	how := "the most stable peak of the stability curve"
	if !res.Peak {
		how = "the stability curve has no inner peak over this range, so the highest stability; a wider range may show one"
	}
	fmt.Fprintf(w, "\nrecommended k: %d (%s; stability over %d runs on %.0f%% subsets; a k within 0.01 counts as tied, broken by cophenetic correlation, then the smaller k)\n",
		res.BestK, how, runs, 100*share)
	if len(res.Tied) > 1 {
		fmt.Fprintf(w, "tied within 0.01: k = %s\n", joinInts(res.Tied))
	}
	if res.ConsensusDocs < res.Documents {
		fmt.Fprintf(w, "consensus over a fixed sample of %d of the %d documents\n", res.ConsensusDocs, res.Documents)
	}
}

// drawSweep plots stability, cophenetic correlation, dispersion, explained
// variance, c_v and diversity against k (all in [0, 1], on one axis), with
// the recommended k marked.
func drawSweep(w io.Writer, res *topics.SweepResult, ext string) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Choosing k: recommended k = %d", res.BestK)
	p.X.Label.Text = "number of topics k"
	p.Y.Label.Text = "score"
	p.Y.Min, p.Y.Max = 0, 1
	series := []struct {
		name string
		val  func(topics.Rank) float64
	}{
		{"stability", func(r topics.Rank) float64 { return r.Stability }},
		{"cophenetic", func(r topics.Rank) float64 { return r.Cophenetic }},
		{"dispersion", func(r topics.Rank) float64 { return r.Dispersion }},
		{"explained variance", func(r topics.Rank) float64 { return r.ExplainedVariance }},
		{"coherence c_v", func(r topics.Rank) float64 { return r.Coherence["cv"] }},
		{"diversity", func(r topics.Rank) float64 { return r.Diversity }},
	}
	var lines []any
	for _, s := range series {
		pts := make(plotter.XYs, len(res.Ranks))
		for i, r := range res.Ranks {
			pts[i].X, pts[i].Y = float64(r.K), s.val(r)
		}
		lines = append(lines, s.name, pts)
	}
	if err := plotutil.AddLinePoints(p, lines...); err != nil {
		return err
	}
	best := plotter.XYs{{X: float64(res.BestK), Y: 0}, {X: float64(res.BestK), Y: 1}}
	marker, err := plotter.NewLine(best)
	if err != nil {
		return err
	}
	marker.Dashes = []vg.Length{vg.Points(4), vg.Points(4)}
	p.Add(marker)
	p.Legend.Add(fmt.Sprintf("recommended k = %d", res.BestK), marker)
	p.Legend.Top, p.Legend.Left = false, false
	// Above the explained-variance curve and below the others.
	p.Legend.YOffs, p.Legend.XOffs = vg.Points(45), vg.Points(-10)
	ticks := make([]plot.Tick, len(res.Ranks))
	for i, r := range res.Ranks {
		ticks[i] = plot.Tick{Value: float64(r.K), Label: strconv.Itoa(r.K)}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	wt, err := p.WriterTo(8*vg.Inch, 5*vg.Inch, strings.TrimPrefix(strings.ToLower(ext), "."))
	if err != nil {
		return err
	}
	_, err = wt.WriteTo(w)
	return err
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ", ")
}
