package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/topics"
)

func runFit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f fitFlags
	fs, paths, err := parseCommand("fit", fitUsage, f.register, args, stderr)
	if err != nil {
		return err
	}
	stop, err := f.profile.start()
	if err != nil {
		return err
	}
	defer stop()
	if !f.online.on { // an online fit's memory is bounded by its batch; it keeps Go's default
		defer lowerGCTarget()()
	}
	opt, err := f.options(ctx, fs, paths, stderr)
	if err != nil {
		return err
	}
	outs := f.outputs()
	if err := f.factor.checkOutputs(outs, f.inputs(paths)...); err != nil {
		return err
	}
	table := outs.table(stdout, stderr)
	docs, listed, err := f.documents(paths, &opt)
	if err != nil {
		return err
	}
	if f.online.on {
		return runFitOnline(ctx, docs, listed, paths, opt, &f, stdout, stderr, table)
	}
	fit, err := topics.Fit(ctx, docs, opt)
	if err != nil {
		return rankUsage(err)
	}
	model := fit.Model
	rep := newFitReport(model, fit.Report)
	if err := f.account(&rep, model, fit.Report, listed, stderr); err != nil {
		return err
	}
	files := outputFiles{stdout: stdout}
	files.add(f.docTopics, func(w io.Writer) error { return writeModelDocTopics(w, model) })
	f.addReport(ctx, &files, docs, paths, func() (*topics.Model, fitReport) { return model, rep })
	if err := files.write(); err != nil {
		return err
	}
	printTopics(table, rep)
	return nil
}

// documents lists the documents of paths, with what listing left out,
// and those of --coherence-corpus, read the same way, into opt; opt.Input
// records the way, for the model.
func (f *fitFlags) documents(paths []string, opt *topics.Options) ([]corpus.Document, corpus.Summary, error) {
	in, err := f.input.options()
	if err != nil {
		return nil, corpus.Summary{}, err
	}
	docs, listed, err := in.List(paths...)
	if err != nil {
		return nil, listed, err
	}
	opt.Input = in.Layout()
	if len(f.coherenceCorpus) > 0 {
		if opt.CoherenceDocs, _, err = in.List(f.coherenceCorpus...); err != nil {
			return nil, listed, fmt.Errorf("%v: %w", flagCoherenceCorpus, err)
		}
	}
	return docs, listed, nil
}

// account gives rep and the model m the corpus's account (what listing
// and reading docs met) and writes its warnings and one-line summary to
// stderr, as vectorize does; with --strict, a document left out when read
// is an error.
func (f *fitFlags) account(rep *fitReport, m *topics.Model, r topics.Report, listed corpus.Summary, stderr io.Writer) error {
	s, err := readSummary(listed, r.Summary, f.input.strict)
	if err != nil {
		return err
	}
	rep.Corpus = newCorpusReport(s)
	m.Run.Skipped = s.Counts()
	writeWarnings(stderr, s)
	fmt.Fprintf(stderr, "fit: %s\n", summaryLine(s, rep.Terms, rep.NNZ))
	return nil
}

// rankUsage makes topics.ErrRank, a k the corpus cannot have, a usage
// error of -k.
func rankUsage(err error) error {
	if errors.Is(err, topics.ErrRank) {
		return usageError{fmt.Errorf("%v: %w", flagK, err)}
	}
	return err
}

// runFitOnline fits with topics.FitOnline. The document topics are
// written as the last pass produces them, into the temporary file that
// atomicfile renames into place with the other outputs once all are
// complete, so that no output appears unless the whole run succeeded.
func runFitOnline(ctx context.Context, docs []corpus.Document, listed corpus.Summary, paths []string, opt topics.Options, f *fitFlags, stdout, stderr, table io.Writer) error {
	var model *topics.Model
	var rep fitReport
	var fitErr error // the fit's own error, returned as it is (not as the file's)
	fit := func(emit func(topics.Document, []float64) error) error {
		var res *topics.Result
		if res, fitErr = topics.FitOnline(ctx, docs, opt, f.online.opt, emit); fitErr != nil {
			fitErr = rankUsage(fitErr)
			return fitErr
		}
		model, rep = res.Model, newFitReport(res.Model, res.Report)
		fitErr = f.account(&rep, model, res.Report, listed, stderr)
		return fitErr
	}
	files := outputFiles{stdout: stdout}
	if f.docTopics != "" {
		files.add(f.docTopics, func(w io.Writer) error {
			return writeDocTopicsCSV(w, opt.K, func(row func(id string, weights []float64) error) error {
				return fit(func(d topics.Document, weights []float64) error { return row(d.ID, weights) })
			})
		})
	} else if err := fit(nil); err != nil {
		return err
	}
	// These are written after the fit: atomicfile writes the files in order.
	f.addReport(ctx, &files, docs, paths, func() (*topics.Model, fitReport) { return model, rep })
	if err := files.write(); err != nil {
		if fitErr != nil {
			return fitErr
		}
		return err
	}
	printTopics(table, rep)
	return nil
}

// addReport adds fit's JSON report, saved model and HTML page to files;
// get gives the model and its report when the files are written, docs
// the page's snippets and paths its title.
func (f *fitFlags) addReport(ctx context.Context, files *outputFiles, docs []corpus.Document, paths []string, get func() (*topics.Model, fitReport)) {
	files.add(f.json, func(w io.Writer) error { _, rep := get(); return writeJSON(w, rep) })
	files.add(f.save, func(w io.Writer) error { m, _ := get(); return saveModel(w, m) })
	files.add(f.report, func(w io.Writer) error { m, _ := get(); return writePage(ctx, w, m, docs, pageTitle(paths), nil) })
}

// fitGCPercent is the collector's target for fit. A fit's heap is mostly
// long-lived (X by rows and by columns, the tokens) and the factorization
// allocates nothing, so collecting at 40% growth instead of Go's 100%
// lowers the peak memory and costs collections only while the text is
// analyzed.
const fitGCPercent = 40

// lowerGCTarget sets the collector's target to fitGCPercent unless the
// user set GOGC, and returns what restores it.
func lowerGCTarget() (restore func()) {
	if _, set := os.LookupEnv("GOGC"); set {
		return func() {}
	}
	old := debug.SetGCPercent(fitGCPercent)
	return func() { debug.SetGCPercent(old) }
}

// newProgress returns a progress callback for a fit: a line updated in
// place when stderr is a terminal, nothing otherwise.
func newProgress(stderr io.Writer, maxIter int) func(topics.Progress) {
	if !isTerminal(stderr) {
		return nil
	}
	return func(p topics.Progress) {
		switch p.Stage {
		case "analyze":
			fmt.Fprintf(stderr, "\rreading and analyzing… %d documents", p.Documents)
		case "factorize":
			fmt.Fprintf(stderr, "\rfactorizing: iteration %d/%d, objective %.6g   ", p.Iteration, maxIter, p.Objective)
		case "project":
			fmt.Fprintf(stderr, "\rsolving document weights…                              ")
		case "coherence":
			fmt.Fprintf(stderr, "\rscoring coherence…                                     ")
		case "done":
			fmt.Fprintf(stderr, "\r%60s\r", "")
		}
	}
}
