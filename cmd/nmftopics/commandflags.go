package main

import (
	"context"
	"flag"
	"io"
	"path/filepath"
	"strings"

	"github.com/nmftopics/nmftopics/internal/atomicfile"
	"github.com/nmftopics/nmftopics/topics"
)

// Each command's flags: its own, and the shared groups it takes (see
// flaggroups.go). register defines them; outputs are the output flags
// given, in the order they are checked against each other.

// fitFlags are fit's flags.
type fitFlags struct {
	input           inputFlags
	analysis        analysisFlags
	factor          factorFlags
	top             int
	topDocs         int
	json            string
	docTopics       string
	save            string
	report          string
	coherenceCorpus pathList
	online          onlineFlags
	profile         profileFlags
}

const fitUsage = "fit [flags] PATH..."

func (f *fitFlags) register(fs *flag.FlagSet) {
	f.input.register(fs)
	f.analysis.register(fs)
	f.factor.register(fs, true)
	fs.IntVar(&f.top, string(flagTop), 10, "words shown per topic")
	fs.IntVar(&f.topDocs, string(flagTopDocs), 10, "documents listed per topic (its heaviest) in the JSON report, the model and the HTML report")
	fs.StringVar(&f.json, string(flagJSON), "", "write the report (topics, metrics) as JSON to this file (- for standard output)")
	fs.StringVar(&f.report, string(flagReport), "", "write the topics as one self-contained HTML page to this file (- for standard output): intertopic map, terms by relevance, documents, coherence")
	fs.StringVar(&f.docTopics, string(flagDocTopics), "", "write each document's topic weights (summing to 1) as CSV to this file (- for standard output)")
	fs.StringVar(&f.save, string(flagSave), "", "save the model to this file (for nmftopics transform; - for standard output)")
	fs.Var(&f.coherenceCorpus, string(flagCoherenceCorpus), "score coherence on this folder or file instead of the training documents, read as they are (--format, --text-field, --id-field, --content); repeat the flag for several")
	f.online.register(fs, "fit in memory that does not grow with the corpus: a pass for the vocabulary, --passes passes of mini-batch updates, a pass that writes each document's topics", "documents")
	f.profile.register(fs)
}

func (f *fitFlags) outputs() outputs {
	return outputsOf(pathFlag{flagDocTopics, f.docTopics}, pathFlag{flagJSON, f.json}, pathFlag{flagSave, f.save}, pathFlag{flagReport, f.report})
}

// inputs are the files and folders fit reads.
func (f *fitFlags) inputs(paths []string) []pathFlag {
	return append(inputPaths(paths, flagCoherenceCorpus, f.coherenceCorpus), f.analysis.inputs()...)
}

// options checks fit's flags and maps them to the fit's options.
func (f *fitFlags) options(ctx context.Context, fs *flag.FlagSet, paths []string, stderr io.Writer) (topics.Options, error) {
	if err := firstError(noPath(paths), atLeast(flagTop, f.top, 1), atLeast(flagTopDocs, f.topDocs, 0), f.online.check(fs)); err != nil {
		return topics.Options{}, err
	}
	opt, err := pipelineOptions(ctx, &f.analysis, &f.factor)
	if err != nil {
		return opt, err
	}
	opt.Top, opt.TopDocs, opt.Progress = f.top, f.topDocs, newProgress(stderr, opt.Settings.MaxIter)
	return opt, nil
}

// sweepFlags are sweep's flags.
type sweepFlags struct {
	input    inputFlags
	analysis analysisFlags
	factor   factorFlags
	k        string
	sweep    topics.SweepOptions // all but Ks and Progress, which runSweep sets
	json     string
	plot     string
	report   string
}

const sweepUsage = "sweep -k FROM:TO[:STEP] [flags] PATH..."

func (f *sweepFlags) register(fs *flag.FlagSet) {
	f.input.register(fs)
	f.analysis.register(fs)
	f.factor.register(fs, false)
	d := topics.DefaultSweepOptions()
	fs.StringVar(&f.k, string(flagK), "2:10", "candidate numbers of topics: FROM:TO or FROM:TO:STEP")
	fs.IntVar(&f.sweep.Runs, string(flagRuns), d.Runs, "models on random subsets of the documents per k")
	floatVar(fs, &f.sweep.Sample, flagSample, d.Sample, "share of the documents in each subset, in (0, 1]")
	fs.IntVar(&f.sweep.Top, string(flagTop), d.Top, "top terms per topic compared between models")
	fs.IntVar(&f.sweep.ConsensusDocs, string(flagConsensusDocs), d.ConsensusDocs, "documents sampled for the consensus matrices")
	fs.StringVar(&f.json, string(flagJSON), "", "write the measures per k as JSON to this file (- for standard output)")
	fs.StringVar(&f.plot, string(flagPlot), "", "draw the measures against k to this .png or .svg file")
	fs.StringVar(&f.report, string(flagReport), "", "fit the recommended k on all the documents and write its HTML report, with the measures against k, to this file (- for standard output)")
}

// check reports the first of sweep's own flags out of range.
func (f *sweepFlags) check() error {
	return firstError(
		atLeast(flagRuns, f.sweep.Runs, 1),
		proportion(flagSample, f.sweep.Sample),
		atLeast(flagTop, f.sweep.Top, 1),
		atLeast(flagConsensusDocs, f.sweep.ConsensusDocs, 2),
		plotFormat(f.plot),
	)
}

// plotFormat is the usage error of a --plot file that is neither PNG nor
// SVG.
func plotFormat(path string) error {
	if ext := strings.ToLower(filepath.Ext(path)); path != "" && ext != ".png" && ext != ".svg" {
		return usagef("%v %s: must end in .png or .svg", flagPlot, path)
	}
	return nil
}

func (f *sweepFlags) outputs() outputs {
	return outputsOf(pathFlag{flagJSON, f.json}, pathFlag{flagPlot, f.plot}, pathFlag{flagReport, f.report})
}

// factorCommandFlags are factor's flags.
type factorCommandFlags struct {
	factor  factorFlags
	wOut    string
	hOut    string
	json    string
	online  onlineFlags
	profile profileFlags
}

const factorUsage = "factor [flags] X.mtx"

func (f *factorCommandFlags) register(fs *flag.FlagSet) {
	f.factor.register(fs, true)
	fs.StringVar(&f.wOut, string(flagWOut), "", "write W (terms × k) to this Matrix Market file (- for standard output)")
	fs.StringVar(&f.hOut, string(flagHOut), "", "write H (k × documents) to this Matrix Market file (- for standard output)")
	fs.StringVar(&f.json, string(flagJSON), "", "write a JSON report to this file (- for standard output)")
	f.online.register(fs, "learn W from mini-batches of columns (--batch-size, --passes), then project H", "columns")
	f.profile.register(fs)
}

func (f *factorCommandFlags) outputs() outputs {
	return outputsOf(pathFlag{flagWOut, f.wOut}, pathFlag{flagHOut, f.hOut}, pathFlag{flagJSON, f.json})
}

// vectorizeFlags are vectorize's flags.
type vectorizeFlags struct {
	input    inputFlags
	analysis analysisFlags
	mtx      string
	vocab    string
	docs     string
	tokens   string
	profile  profileFlags
}

const vectorizeUsage = "vectorize [flags] PATH..."

func (f *vectorizeFlags) register(fs *flag.FlagSet) {
	f.input.register(fs)
	f.analysis.register(fs)
	fs.StringVar(&f.mtx, string(flagMTX), "", "write X (terms × documents) to this Matrix Market file")
	fs.StringVar(&f.vocab, string(flagVocab), "", "write the terms, one per line, in row order")
	fs.StringVar(&f.docs, string(flagDocs), "", "write the document ids in column order, one per line as a one-column CSV (quoted when an id holds a comma, quote or line break)")
	fs.StringVar(&f.tokens, string(flagTokens), "", "write each document's tokens (after stop words and stemming), one document per line")
	f.profile.register(fs)
}

func (f *vectorizeFlags) outputs() outputs {
	return outputsOf(pathFlag{flagMTX, f.mtx}, pathFlag{flagVocab, f.vocab}, pathFlag{flagDocs, f.docs}, pathFlag{flagTokens, f.tokens})
}

// transformFlags are transform's flags.
type transformFlags struct {
	input     inputFlags
	model     string
	docTopics string
	workers   int
}

const transformUsage = "transform --model MODEL [--doc-topics FILE] PATH..."

func (f *transformFlags) register(fs *flag.FlagSet) {
	f.input.register(fs)
	fs.StringVar(&f.model, string(flagModel), "", "the model file written by fit --save; documents are read with its --format, --text-field and --id-field unless given here")
	fs.StringVar(&f.docTopics, string(flagDocTopics), "", "write the documents' topic weights (summing to 1) as CSV to this file (default, or -: standard output)")
	fs.IntVar(&f.workers, string(flagWorkers), 0, "documents analyzed at once (0: one per CPU)")
}

// check reports a missing input or a flag out of range.
func (f *transformFlags) check(paths []string) error {
	if f.model == "" {
		return usagef("%v is required", flagModel)
	}
	return firstError(noPath(paths), atLeast(flagWorkers, f.workers, 0))
}

// reportFlags are report's flags.
type reportFlags struct {
	input inputFlags
	model string
	out   string
}

const reportUsage = "report --model MODEL [--out FILE.html] [PATH...]"

func (f *reportFlags) register(fs *flag.FlagSet) {
	f.input.register(fs)
	fs.StringVar(&f.model, string(flagModel), "", "the model file written by fit --save")
	fs.StringVar(&f.out, string(flagOut), "", "write the page to this file (- for standard output; default: the model's path with .html)")
}

// check reports a missing model.
func (f *reportFlags) check() error {
	if f.model == "" {
		return usagef("%v is required", flagModel)
	}
	return nil
}

// outPath is the page's file: --out, or the model's path with .html for
// its extension (standard output for a model read from standard input).
func (f *reportFlags) outPath() string {
	switch {
	case f.out != "":
		return f.out
	case f.model == atomicfile.StdoutPath:
		return atomicfile.StdoutPath
	}
	return strings.TrimSuffix(f.model, filepath.Ext(f.model)) + ".html"
}

// coherenceFlags are coherence's flags.
type coherenceFlags struct {
	texts    string
	topics   string
	measures string
	json     string
	window   int
}

const coherenceUsage = "coherence --texts FILE --topics FILE [--measures umass,uci,npmi,cv] [--json FILE]"

func (f *coherenceFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.texts, string(flagTexts), "", "the reference texts: one document per line, tokens separated by spaces")
	fs.StringVar(&f.topics, string(flagTopics), "", "the topics: one per line, words separated by spaces, best first")
	fs.StringVar(&f.measures, string(flagMeasures), "umass,uci,npmi,cv", "measures to compute: umass, uci, npmi, cv")
	fs.StringVar(&f.json, string(flagJSON), "", "write the scores as JSON to this file (- for standard output)")
	fs.IntVar(&f.window, string(flagWindow), 0, "sliding window of uci, npmi and cv (0: gensim's defaults, 10 and 110)")
}

// check reports a stray argument, a missing input or a window out of
// range.
func (f *coherenceFlags) check(rest []string) error {
	switch {
	case len(rest) > 0:
		return usagef("unexpected argument %q (the inputs are %v and %v)", rest[0], flagTexts, flagTopics)
	case f.texts == "" || f.topics == "":
		return usagef("%v and %v are both required", flagTexts, flagTopics)
	}
	return atLeast(flagWindow, f.window, 0)
}
