package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// A flagName is a flag's name as the flag package knows it ("max-iter").
// Messages write it as a user types it: "--max-iter", or "-k".
type flagName string

func (n flagName) String() string {
	switch len(n) {
	case 0:
		return ""
	case 1:
		return "-" + string(n)
	}
	return "--" + string(n)
}

// The flags' names, each defined here once: the flag sets register the
// flags by these names and the messages name the flags by them.
const (
	// Analysis and vocabulary (analysisFlags).
	flagLang         flagName = "lang"
	flagNoStem       flagName = "no-stem"
	flagStopwords    flagName = "stopwords"
	flagStopwordsAdd flagName = "stopwords-add"
	flagMinDF        flagName = "min-df"
	flagMaxDF        flagName = "max-df"
	flagMaxTerms     flagName = "max-terms"
	flagWeighting    flagName = "weighting"
	flagSublinear    flagName = "sublinear-tf"
	flagNorm         flagName = "norm"
	flagWorkers      flagName = "workers"
	flagContent      flagName = "content"
	flagQuotes       flagName = "quotes"
	flagKeepNumbers  flagName = "keep-numbers"
	flagNGramRange   flagName = "ngram-range"

	// Factorization (factorFlags).
	flagK               flagName = "k"
	flagLoss            flagName = "loss"
	flagSolver          flagName = "solver"
	flagInit            flagName = "init"
	flagInitW           flagName = "init-w"
	flagInitH           flagName = "init-h"
	flagMaxIter         flagName = "max-iter"
	flagTol             flagName = "tol"
	flagStop            flagName = "stop"
	flagSeed            flagName = "seed"
	flagThreads         flagName = "threads"
	flagRestarts        flagName = "restarts"
	flagCheckpoint      flagName = "checkpoint"
	flagCheckpointEvery flagName = "checkpoint-every"
	flagResume          flagName = "resume"

	// The method's penalties and variants (methodFlags).
	flagL1W            flagName = "l1-w"
	flagL1H            flagName = "l1-h"
	flagL2W            flagName = "l2-w"
	flagL2H            flagName = "l2-h"
	flagNSNMFTheta     flagName = "nsnmf-theta"
	flagGraphNeighbors flagName = "graph-neighbors"
	flagGraphLambda    flagName = "graph-lambda"

	// Online fits (onlineFlags) and profiles (profileFlags).
	flagOnline     flagName = "online"
	flagBatchSize  flagName = "batch-size"
	flagPasses     flagName = "passes"
	flagCPUProfile flagName = "cpu-profile"
	flagMemProfile flagName = "mem-profile"

	// Output files.
	flagJSON      flagName = "json"
	flagDocTopics flagName = "doc-topics"
	flagSave      flagName = "save"
	flagPlot      flagName = "plot"
	flagReport    flagName = "report"
	flagOut       flagName = "out"
	flagWOut      flagName = "w-out"
	flagHOut      flagName = "h-out"
	flagMTX       flagName = "mtx"
	flagVocab     flagName = "vocab"
	flagDocs      flagName = "docs"
	flagTokens    flagName = "tokens"

	// How documents are read (inputFlags).
	flagFormat    flagName = "format"
	flagTextField flagName = "text-field"
	flagIDField   flagName = "id-field"
	flagStrict    flagName = "strict"

	// Input files.
	flagCoherenceCorpus flagName = "coherence-corpus"
	flagModel           flagName = "model"
	flagTexts           flagName = "texts"
	flagTopics          flagName = "topics"

	// The rest, of one command each.
	flagTop           flagName = "top"
	flagTopDocs       flagName = "top-docs"
	flagRuns          flagName = "runs"
	flagSample        flagName = "sample"
	flagConsensusDocs flagName = "consensus-docs"
	flagMeasures      flagName = "measures"
	flagWindow        flagName = "window"
)

// parseCommand defines a command's flags with register and parses args
// with them; it prints the flags' help on -h (usage is the command's
// synopsis). It returns the flag set and the positional arguments.
func parseCommand(name, usage string, register func(*flag.FlagSet), args []string, stderr io.Writer) (*flag.FlagSet, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	register(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return fs, nil, helpRequested(err, fs, usage, stderr)
	}
	return fs, rest, nil
}

// parseFlags parses args with fs, allowing flags after positional
// arguments ("nmftopics fit corpus/ -k 5"); "--" ends the flags.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// helpRequested prints fs's usage to w when parseFlags saw -h.
func helpRequested(err error, fs *flag.FlagSet, usage string, w io.Writer) error {
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(w, "usage: nmftopics %s\n\nflags:\n", usage)
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	return err
}

// setFlags are the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[flagName]bool {
	set := map[flagName]bool{}
	fs.Visit(func(f *flag.Flag) { set[flagName(f.Name)] = true })
	return set
}

// firstError returns the first error that is not nil: checks listed in
// the order they are reported.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// atLeast is the usage error of a flag whose value is below least.
func atLeast[T int | float64](name flagName, v, least T) error {
	if v < least {
		return usagef("%v %v: must be %v or more", name, v, least)
	}
	return nil
}

// proportion is the usage error of a flag whose value is not in (0, 1].
func proportion(name flagName, v float64) error {
	if !(v > 0 && v <= 1) {
		return usagef("%v %v: must be in (0, 1]", name, v)
	}
	return nil
}

// together is the usage error of one of two flags given without the other.
func together(a, b flagName, hasA, hasB bool) error {
	if hasA != hasB {
		return usagef("%v and %v go together", a, b)
	}
	return nil
}

// apart is the usage error of two flags given together that must not be.
func apart(a, b string, both bool) error {
	if both {
		return usagef("%s and %s do not go together", a, b)
	}
	return nil
}

// noPath is the usage error of a command given no PATH.
func noPath(paths []string) error {
	if len(paths) == 0 {
		return usagef("no PATH given: name one or more folders or files of documents")
	}
	return nil
}

// finiteFloat is a float flag that refuses NaN and infinities, which
// strconv (and so the flag package) accepts.
type finiteFloat float64

func (f *finiteFloat) String() string { return strconv.FormatFloat(float64(*f), 'g', -1, 64) }

func (f *finiteFloat) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return errors.New("not a number")
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return errors.New("must be a finite number")
	}
	*f = finiteFloat(v)
	return nil
}

// trackedFloat is a finite float flag that records whether it was given.
type trackedFloat struct {
	value *finiteFloat
	set   *bool
}

func (t *trackedFloat) String() string {
	if t == nil || t.value == nil {
		return "0"
	}
	return t.value.String()
}

func (t *trackedFloat) Set(s string) error {
	*t.set = true
	return t.value.Set(s)
}

// floatVar defines a float flag that must be finite.
func floatVar(fs *flag.FlagSet, p *float64, name flagName, value float64, usage string) {
	*p = value
	fs.Var((*finiteFloat)(p), string(name), usage)
}

// pathList is a flag that may be given several times, one path each: a
// path may hold any character, commas included.
type pathList []string

func (l *pathList) String() string { return strings.Join(*l, " ") }

func (l *pathList) Set(s string) error {
	if s == "" {
		return errors.New("empty path")
	}
	*l = append(*l, s)
	return nil
}
