package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/internal/atomicfile"
	"github.com/nmftopics/nmftopics/nmf"
	"github.com/nmftopics/nmftopics/topics"
	"github.com/nmftopics/nmftopics/vectorize"
)

// The flag groups that several commands share, each defined once: its
// flags, and the settings of the package it configures. The packages check
// their settings; the groups name the flag in the packages' errors.

// inputFlags say how the commands that read documents find them in their
// PATHs (corpus.Options).
type inputFlags struct {
	format    string
	textField string
	idField   string
	strict    bool
}

func (f *inputFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.format, string(flagFormat), "auto", "how files hold documents: auto (by extension: .jsonl/.ndjson, .csv, .mbox, else file), file, lines, jsonl, csv, mbox (one per mail message, id FILE:LINE of its \"From \" line); - (standard input) is lines unless jsonl, csv or mbox")
	fs.StringVar(&f.textField, string(flagTextField), corpus.DefaultTextField, "the JSON field or CSV column holding a record's text")
	fs.StringVar(&f.idField, string(flagIDField), corpus.DefaultIDField, "the JSON field or CSV column holding a record's id (else FILE:LINE)")
	fs.BoolVar(&f.strict, string(flagStrict), false, "stop on any path or record skipped (empty, binary, unreadable, dangling, loop, invalid, malformed) instead of warning")
}

// options checks the flags and returns the corpus's options.
func (f *inputFlags) options() (corpus.Options, error) {
	format, err := corpus.ParseFormat(f.format)
	if err != nil {
		return corpus.Options{}, usagef("%v %q: want auto, file, lines, jsonl, csv or mbox", flagFormat, f.format)
	}
	return corpus.Options{Format: format, TextField: f.textField, IDField: f.idField, Strict: f.strict}, nil
}

// list lists the documents of paths, and what listing left out.
func (f *inputFlags) list(paths []string) ([]corpus.Document, corpus.Summary, error) {
	opt, err := f.options()
	if err != nil {
		return nil, corpus.Summary{}, err
	}
	return opt.List(paths...)
}

// follow takes, from l (the way a model's documents were read), the
// format and fields that fs's command line does not set: transform reads
// new documents as the model's own were, unless told otherwise. The zero
// Layout (a model saved before it was kept) changes nothing.
func (f *inputFlags) follow(fs *flag.FlagSet, l corpus.Layout) {
	if l == (corpus.Layout{}) {
		return
	}
	set := setFlags(fs)
	if !set[flagFormat] {
		f.format = l.Format.String()
	}
	if !set[flagTextField] && l.TextField != "" {
		f.textField = l.TextField
	}
	if !set[flagIDField] && l.IDField != "" {
		f.idField = l.IDField
	}
}

// analysisFlags are the analysis and vocabulary flags that vectorize, fit
// and the other corpus commands share.
type analysisFlags struct {
	lang      string
	noStem    bool
	stopwords string
	addStop   string
	opt       vectorize.Options
	weighting string
	norm      string
	workers   int
	content   string
	quotes    string
	keepNums  bool
	ngrams    string
	sublinear optionalBool // unset: the default of vectorize, or of the loss
}

func (f *analysisFlags) register(fs *flag.FlagSet) {
	d := vectorize.DefaultOptions()
	fs.StringVar(&f.lang, string(flagLang), "english", "stemming language: "+strings.Join(vectorize.Languages(), ", "))
	fs.BoolVar(&f.noStem, string(flagNoStem), false, "do not stem")
	fs.StringVar(&f.stopwords, string(flagStopwords), "english", "stop words: english, none, or a file with one word per line")
	fs.StringVar(&f.addStop, string(flagStopwordsAdd), "", "a file of stop words (one per line) added to those of --stopwords")
	fs.IntVar(&f.opt.MinDF, string(flagMinDF), d.MinDF, "keep terms in at least this many documents")
	floatVar(fs, &f.opt.MaxDF, flagMaxDF, d.MaxDF, "keep terms in at most this proportion of documents, in (0, 1]")
	fs.IntVar(&f.opt.MaxTerms, string(flagMaxTerms), 0, "keep at most this many terms, the most frequent (0: all)")
	fs.StringVar(&f.weighting, string(flagWeighting), string(d.Weighting), "tfidf, tf (raw counts) or binary")
	fs.Var(&f.sublinear, string(flagSublinear), "use 1 + ln(count) instead of the count (fit and sweep: on for --loss frobenius unless --sublinear-tf=false, off for kl)")
	fs.StringVar(&f.norm, string(flagNorm), string(d.Norm), "document normalization: l2 or none")
	fs.IntVar(&f.workers, string(flagWorkers), 0, "documents analyzed at once (0: one per CPU)")
	fs.StringVar(&f.content, string(flagContent), string(vectorize.ContentAuto), "what text a document holds: "+strings.Join(vectorize.Contents(), ", ")+" (auto: HTML or mail when a document looks like it, else plain; mail: a document that is no message is skipped as malformed)")
	fs.StringVar(&f.quotes, string(flagQuotes), string(vectorize.QuotesKeep), "a message's quoted lines (starting with >): keep or drop")
	fs.BoolVar(&f.keepNums, string(flagKeepNumbers), false, "keep numbers (1993, 00) as terms; by default a term holds a letter, and underscores alone (___) are never one")
	fs.StringVar(&f.ngrams, string(flagNGramRange), "1:1", fmt.Sprintf("MIN:MAX: terms are the word n-grams of MIN to MAX words (at most %d), of stems after stop words, as scikit-learn's ngram_range; 1:2 adds pairs such as \"clipper chip\"", vectorize.MaxNGram))
}

// inputs are the files the analysis flags read.
func (f *analysisFlags) inputs() []pathFlag {
	var in []pathFlag
	switch f.stopwords {
	case "english", "none", "":
	default:
		in = append(in, pathFlag{flagStopwords, f.stopwords})
	}
	if f.addStop != "" {
		in = append(in, pathFlag{flagStopwordsAdd, f.addStop})
	}
	return in
}

// settings checks the flags and returns the analyzer's settings and the
// vectorizer's options. vectorize's errors name the flags themselves.
func (f *analysisFlags) settings() (vectorize.Settings, vectorize.Options, error) {
	var s vectorize.Settings
	opt := f.opt
	if f.sublinear.set {
		opt.Sublinear = f.sublinear.value
	}
	opt.Weighting = vectorize.Weighting(f.weighting)
	opt.Norm = vectorize.Norm(f.norm)
	if err := opt.Validate(); err != nil {
		return s, opt, usageError{err}
	}
	if err := atLeast(flagWorkers, f.workers, 0); err != nil {
		return s, opt, err
	}
	if !f.noStem {
		if _, err := vectorize.NewStemmer(f.lang); err != nil {
			return s, opt, usagef("%v: %v", flagLang, err)
		}
		s.Language = f.lang
	}
	s.Content, s.Quotes = vectorize.Content(f.content), vectorize.Quotes(f.quotes)
	if err := (vectorize.Settings{Content: s.Content}).CheckContent(); err != nil {
		return s, opt, usagef("%v: %v", flagContent, err)
	}
	if err := (vectorize.Settings{Quotes: s.Quotes}).CheckContent(); err != nil {
		return s, opt, usagef("%v: %v", flagQuotes, err)
	}
	s.KeepNumbers = new(f.keepNums)
	var err error
	if s.NGramRange, err = parseNGramRange(f.ngrams); err != nil {
		return s, opt, err
	}
	if s.StopWords, err = f.stopWords(); err != nil {
		return s, opt, err
	}
	if f.addStop != "" {
		if s.AddedStopWords, err = vectorize.ReadStopWords(f.addStop); err != nil {
			return s, opt, fmt.Errorf("%v: %w", flagStopwordsAdd, err)
		}
	}
	return s, opt, nil
}

// parseNGramRange reads --ngram-range MIN:MAX and checks its bounds.
func parseNGramRange(v string) (vectorize.NGramRange, error) {
	var r vectorize.NGramRange
	lo, hi, ok := strings.Cut(v, ":")
	var errLo, errHi error
	r[0], errLo = strconv.Atoi(lo)
	r[1], errHi = strconv.Atoi(hi)
	if !ok || errLo != nil || errHi != nil {
		return r, usagef("%v %q: want MIN:MAX with 1 ≤ MIN ≤ MAX ≤ %d", flagNGramRange, v, vectorize.MaxNGram)
	}
	if err := r.Check(); err != nil {
		return r, usageError{err}
	}
	return r, nil
}

// stopWords are the stop words --stopwords names.
func (f *analysisFlags) stopWords() ([]string, error) {
	switch f.stopwords {
	case "english":
		return vectorize.EnglishStopWords(), nil
	case "none", "":
		return nil, nil
	}
	words, err := vectorize.ReadStopWords(f.stopwords)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", flagStopwords, err)
	}
	return words, nil
}

// factorFlags are the factorization flags that factor, fit and sweep
// share.
type factorFlags struct {
	k        int
	loss     string
	solver   string
	init     string
	initW    string
	initH    string
	maxIter  int
	tol      float64
	tolSet   bool // --tol given: else fit and sweep take the loss's default
	stop     string
	seed     uint64
	workers  int
	restarts int
	// Checkpoints of long runs.
	checkpoint      string
	checkpointEvery int
	resume          string
	// The method's penalties and variants (methodFlags); its loss and
	// solver are the flags above.
	variant nmf.Method
}

// register adds the flags to fs; -k only with withK (sweep has its own).
func (f *factorFlags) register(fs *flag.FlagSet, withK bool) {
	d := nmf.DefaultSettings()
	f.k = 10
	if withK {
		fs.IntVar(&f.k, string(flagK), 10, "number of topics (factorization rank)")
	}
	fs.StringVar(&f.loss, string(flagLoss), "frobenius", "loss: frobenius or kl")
	fs.StringVar(&f.solver, string(flagSolver), "", "solver: hals, mu, als, anls, pgd (frobenius); mu, cd (kl); default hals for frobenius, cd for kl")
	fs.StringVar(&f.init, string(flagInit), d.Init.String(), "initialization: nndsvd, nndsvda, nndsvdar or random")
	fs.StringVar(&f.initW, string(flagInitW), "", "start from this W (terms × k, Matrix Market); needs --init-h")
	fs.StringVar(&f.initH, string(flagInitH), "", "start from this H (k × documents, Matrix Market); needs --init-w")
	fs.IntVar(&f.maxIter, string(flagMaxIter), d.MaxIter, "most iterations (full updates of W and H)")
	f.tol = d.Tol
	fs.Var(&trackedFloat{value: (*finiteFloat)(&f.tol), set: &f.tolSet}, string(flagTol), "the tolerance of the --stop rule (0: run all iterations); fit and sweep: 1e-3 for --loss kl")
	fs.StringVar(&f.stop, string(flagStop), d.Stop.String(), "stop rule: objective (every 10 iterations, stop when the error sqrt(2·objective) fell by less than tol × its start, scikit-learn's mu rule) or gradient (hals: when the projected gradient falls to tol × the first iteration's, scikit-learn's cd rule)")
	fs.Uint64Var(&f.seed, string(flagSeed), 0, "seed of all randomness")
	fs.IntVar(&f.workers, string(flagThreads), 0, "goroutines for the factorization (0: one per CPU)")
	fs.IntVar(&f.restarts, string(flagRestarts), 0, "also run this many random starts (seeds seed+1…) and keep the lowest objective")
	fs.StringVar(&f.checkpoint, string(flagCheckpoint), "", "save W and H to this file every --checkpoint-every iterations, to --resume from")
	fs.IntVar(&f.checkpointEvery, string(flagCheckpointEvery), 10, "iterations between checkpoints")
	fs.StringVar(&f.resume, string(flagResume), "", "continue the run saved in this checkpoint file, exactly (--max-iter counts from the run's start)")
	for _, mf := range methodFlags {
		mf.register(fs, &f.variant)
	}
}

// checkOutputs checks outs and the checkpoint file against each other and
// against the inputs: the command's own and the starting factors. A
// checkpoint may be the file resumed from.
func (f *factorFlags) checkOutputs(outs outputs, inputs ...pathFlag) error {
	if f.checkpoint == atomicfile.StdoutPath {
		return usagef("%v -: a checkpoint is a file to resume from, not standard output", flagCheckpoint)
	}
	outs.add(flagCheckpoint, f.checkpoint)
	inputs = append(inputs, pathFlag{flagInitW, f.initW}, pathFlag{flagInitH, f.initH})
	if f.resume != f.checkpoint {
		inputs = append(inputs, pathFlag{flagResume, f.resume})
	}
	return outs.check(inputs...)
}

// settings checks the flags and returns the method and settings; it reads
// the checkpoint to resume or the initial factors if given.
func (f *factorFlags) settings(ctx context.Context) (nmf.Method, nmf.Settings, error) {
	m, err := f.method()
	if err != nil {
		return m, nmf.Settings{}, err
	}
	s, err := f.runSettings()
	if err != nil {
		return m, s, err
	}
	err = f.readStart(ctx, m, &s)
	return m, s, err
}

// method maps the method flags to an nmf.Method, which nmf checks: first
// the loss and solver, then each penalty or variant on its own, so that
// the error names its flag, then all together.
func (f *factorFlags) method() (nmf.Method, error) {
	loss, err := nmf.ParseLoss(f.loss)
	if err != nil {
		return nmf.Method{}, usagef("%v: %v", flagLoss, err)
	}
	m := nmf.DefaultMethod(loss)
	if f.solver != "" {
		if m.Solver, err = nmf.ParseSolver(f.solver); err != nil {
			return m, usagef("%v: %v", flagSolver, err)
		}
	}
	if err := m.Validate(); err != nil {
		return m, usagef("%v %v %v %v: %w", flagLoss, m.Loss, flagSolver, m.Solver, err)
	}
	base := m
	for _, mf := range methodFlags {
		alone := base
		mf.copy(&alone, &f.variant)
		if err := alone.Validate(); err != nil {
			v, _ := mf.value(&f.variant)
			return m, usagef("%v %v: %w", mf.name, v, err)
		}
		mf.copy(&m, &f.variant)
	}
	if err := together(flagGraphNeighbors, flagGraphLambda, m.GraphNeighbors > 0, m.GraphLambda > 0); err != nil {
		return m, err
	}
	if err := m.Validate(); err != nil {
		return m, usagef("%s: %w", describeMethod(m), err)
	}
	return m, nil
}

// runSettings checks the flags of the run (its start, length and
// checkpoints) and maps them to nmf.Settings.
func (f *factorFlags) runSettings() (nmf.Settings, error) {
	s := nmf.DefaultSettings()
	var err error
	if s.Init, err = nmf.ParseInit(f.init); err != nil || s.Init == nmf.Custom {
		return s, usagef("%v %q: must be nndsvd, nndsvda, nndsvdar or random (give %v and %v for a custom start)", flagInit, f.init, flagInitW, flagInitH)
	}
	if s.Stop, err = nmf.ParseStopRule(f.stop); err != nil {
		return s, usagef("%v %q: must be objective or gradient", flagStop, f.stop)
	}
	if err := f.checkRun(); err != nil {
		return s, err
	}
	if f.checkpoint != "" {
		if err := atomicfile.Check(f.checkpoint); err != nil {
			return s, fmt.Errorf("%v %w", flagCheckpoint, err)
		}
		s.CheckpointEvery, s.Checkpoint = f.checkpointEvery, checkpointWriter(f.checkpoint)
	}
	s.MaxIter, s.Tol, s.Seed, s.Workers, s.Restarts = f.maxIter, f.tol, f.seed, f.workers, f.restarts
	return s, nil
}

// checkRun reports the first flag of the run out of range, or two that
// contradict each other.
func (f *factorFlags) checkRun() error {
	return firstError(
		atLeast(flagK, f.k, 1),
		atLeast(flagMaxIter, f.maxIter, 0),
		atLeast(flagTol, f.tol, 0),
		atLeast(flagThreads, f.workers, 0),
		atLeast(flagRestarts, f.restarts, 0),
		together(flagInitW, flagInitH, f.initW != "", f.initH != ""),
		apart(flagCheckpoint.String(), flagRestarts.String(), f.checkpoint != "" && f.restarts > 0),
		atLeast(flagCheckpointEvery, f.checkpointEvery, 1),
		apart(flagResume.String(), flagInitW.String()+"/"+flagInitH.String(), f.resume != "" && f.initW != ""),
	)
}

// readStart reads where the run starts when the flags name it: the
// checkpoint to resume, or the starting factors.
func (f *factorFlags) readStart(ctx context.Context, m nmf.Method, s *nmf.Settings) error {
	if f.resume != "" {
		snap, err := readCheckpoint(ctx, f.resume, m, f.maxIter)
		if err != nil {
			return err
		}
		s.Init, s.Resume = nmf.Custom, snap
	}
	if f.initW == "" {
		return nil
	}
	s.Init = nmf.Custom
	var err error
	if s.W0, err = readDense(ctx, f.initW, flagInitW); err != nil {
		return err
	}
	s.H0, err = readDense(ctx, f.initH, flagInitH)
	return err
}

// A methodFlag sets one of nmf.Method's penalties or variants.
type methodFlag struct {
	name  flagName
	usage string
	field func(*nmf.Method) any // the field it sets: a *float64 or an *int
}

// methodFlags are the flags of the method's penalties and variants, in the
// order describeMethod names them.
var methodFlags = []methodFlag{
	{flagL1W, "L1 penalty on W (sparse NMF): adds l1-w·‖W‖₁", func(m *nmf.Method) any { return &m.L1W }},
	{flagL1H, "L1 penalty on H: adds l1-h·‖H‖₁", func(m *nmf.Method) any { return &m.L1H }},
	{flagL2W, "L2 penalty on W: adds ½·l2-w·‖W‖²", func(m *nmf.Method) any { return &m.L2W }},
	{flagL2H, "L2 penalty on H: adds ½·l2-h·‖H‖²", func(m *nmf.Method) any { return &m.L2H }},
	{flagNSNMFTheta, "non-smooth NMF: X ≈ W S H with S = (1−θ)I + (θ/k)11ᵀ, θ in [0, 1]", func(m *nmf.Method) any { return &m.Theta }},
	{flagGraphLambda, "graph-regularized NMF: weight λ of tr(H L Hᵀ)", func(m *nmf.Method) any { return &m.GraphLambda }},
	{flagGraphNeighbors, "graph-regularized NMF: neighbours of each document in the cosine k-NN graph", func(m *nmf.Method) any { return &m.GraphNeighbors }},
}

// register defines the flag, which sets its field of m.
func (mf methodFlag) register(fs *flag.FlagSet, m *nmf.Method) {
	switch p := mf.field(m).(type) {
	case *float64:
		floatVar(fs, p, mf.name, 0, mf.usage)
	case *int:
		fs.IntVar(p, string(mf.name), 0, mf.usage)
	}
}

// value is the flag's value in m, and whether it is set (not zero).
func (mf methodFlag) value(m *nmf.Method) (v any, set bool) {
	switch p := mf.field(m).(type) {
	case *float64:
		return *p, *p != 0
	case *int:
		return *p, *p != 0
	}
	panic("methodFlag: the field is neither a float64 nor an int")
}

// copy sets the flag's field of dst to its value in src.
func (mf methodFlag) copy(dst, src *nmf.Method) {
	switch p := mf.field(dst).(type) {
	case *float64:
		*p = *mf.field(src).(*float64)
	case *int:
		*p = *mf.field(src).(*int)
	}
}

// pipelineOptions checks the analysis and factorization flags of a
// command that runs the whole pipeline and maps them to topics.Options.
func pipelineOptions(ctx context.Context, af *analysisFlags, ff *factorFlags) (topics.Options, error) {
	opt := topics.DefaultOptions()
	var err error
	if opt.Analysis, opt.Vocabulary, err = af.settings(); err != nil {
		return opt, err
	}
	if opt.Method, opt.Settings, err = ff.settings(ctx); err != nil {
		return opt, err
	}
	byLoss := topics.DefaultOptionsFor(opt.Method.Loss)
	if !af.sublinear.set {
		opt.Vocabulary.Sublinear = byLoss.Vocabulary.Sublinear
	}
	if !ff.tolSet {
		opt.Settings.Tol = byLoss.Settings.Tol
	}
	opt.K, opt.Workers = ff.k, af.workers
	return opt, nil
}

// onlineFlags are --online, --batch-size and --passes.
type onlineFlags struct {
	on  bool
	opt topics.OnlineOptions
}

// register adds the flags; what names the batches' units.
func (f *onlineFlags) register(fs *flag.FlagSet, usage, what string) {
	f.opt = topics.DefaultOnlineOptions()
	fs.BoolVar(&f.on, string(flagOnline), false, usage)
	fs.IntVar(&f.opt.BatchSize, string(flagBatchSize), f.opt.BatchSize, what+" per mini-batch (--online)")
	fs.IntVar(&f.opt.Passes, string(flagPasses), f.opt.Passes, "passes of updates over the "+what+" (--online)")
}

// notOnline are the flags an online fit cannot honour, in the order they
// are reported.
var notOnline = []flagName{flagRestarts, flagCheckpoint, flagCheckpointEvery, flagResume, flagInitW, flagInitH,
	flagGraphNeighbors, flagGraphLambda, flagNSNMFTheta, flagSolver, flagMaxIter, flagTol, flagStop}

// check rejects the online flags without --online, and with it the flags
// of fs that an online fit cannot honour.
func (f *onlineFlags) check(fs *flag.FlagSet) error {
	set := setFlags(fs)
	if !f.on {
		for _, name := range []flagName{flagBatchSize, flagPasses} {
			if set[name] {
				return usagef("%v: only with %v", name, flagOnline)
			}
		}
		return nil
	}
	if err := firstError(atLeast(flagBatchSize, f.opt.BatchSize, 1), atLeast(flagPasses, f.opt.Passes, 1)); err != nil {
		return err
	}
	for _, name := range notOnline {
		if set[name] {
			return usagef("%v: not with %v (an online fit starts from its first batch and runs %v passes of mini-batch updates)", name, flagOnline, flagPasses)
		}
	}
	return nil
}

// profileFlags are --cpu-profile and --mem-profile.
type profileFlags struct{ cpuPath, memPath string }

func (f *profileFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.cpuPath, string(flagCPUProfile), "", "write a CPU profile of the run to this file (go tool pprof)")
	fs.StringVar(&f.memPath, string(flagMemProfile), "", "write a heap profile (allocations, and what is live at the end) to this file")
}

// start starts a CPU profile and arranges a heap profile; stop ends both.
// Profiles are diagnostics, written as they are (not atomically).
func (f *profileFlags) start() (stop func(), err error) {
	cpuPath, memPath := f.cpuPath, f.memPath
	var cpu *os.File
	if cpuPath != "" {
		if cpu, err = os.Create(cpuPath); err != nil {
			return nil, fmt.Errorf("%v: %w", flagCPUProfile, err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, fmt.Errorf("%v: %w", flagCPUProfile, err)
		}
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if memPath != "" {
			if f, err := os.Create(memPath); err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}
	}, nil
}

// optionalBool is a boolean flag that knows whether it was given, so that
// its default can depend on other flags.
type optionalBool struct{ value, set bool }

func (b *optionalBool) String() string {
	if b == nil {
		return "false"
	}
	return strconv.FormatBool(b.value)
}

func (b *optionalBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	b.value, b.set = v, true
	return nil
}

// IsBoolFlag lets the flag be given without a value.
func (b *optionalBool) IsBoolFlag() bool { return true }
