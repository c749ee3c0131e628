package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/internal/atomicfile"
	"github.com/nmftopics/nmftopics/mtx"
	"github.com/nmftopics/nmftopics/vectorize"
)

// analysisFlags are the analysis and vocabulary flags that vectorize, fit
// and the other corpus commands share.
type analysisFlags struct {
	lang      string
	noStem    bool
	stopwords string
	opt       vectorize.Options
	weighting string
	norm      string
	workers   int
}

func (f *analysisFlags) register(fs *flag.FlagSet) {
	d := vectorize.DefaultOptions()
	fs.StringVar(&f.lang, "lang", "english", "stemming language: "+strings.Join(vectorize.Languages(), ", "))
	fs.BoolVar(&f.noStem, "no-stem", false, "do not stem")
	fs.StringVar(&f.stopwords, "stopwords", "english", "stop words: english, none, or a file with one word per line")
	fs.IntVar(&f.opt.MinDF, "min-df", d.MinDF, "keep terms in at least this many documents")
	floatVar(fs, &f.opt.MaxDF, "max-df", d.MaxDF, "keep terms in at most this proportion of documents, in (0, 1]")
	fs.IntVar(&f.opt.MaxTerms, "max-terms", 0, "keep at most this many terms, the most frequent (0: all)")
	fs.StringVar(&f.weighting, "weighting", string(d.Weighting), "tfidf, tf (raw counts) or binary")
	fs.BoolVar(&f.opt.Sublinear, "sublinear-tf", false, "use 1 + ln(count) instead of the count")
	fs.StringVar(&f.norm, "norm", string(d.Norm), "document normalization: l2 or none")
	fs.IntVar(&f.workers, "workers", 0, "documents analyzed at once (0: one per CPU)")
}

// inputs are the files the analysis flags read.
func (f *analysisFlags) inputs() []pathFlag {
	switch f.stopwords {
	case "english", "none", "":
		return nil
	}
	return []pathFlag{{"--stopwords", f.stopwords}}
}

// settings checks the flags and returns the analyzer's settings and the
// vectorizer's options.
func (f *analysisFlags) settings() (vectorize.Settings, vectorize.Options, error) {
	var s vectorize.Settings
	opt := f.opt
	opt.Weighting = vectorize.Weighting(f.weighting)
	opt.Norm = vectorize.Norm(f.norm)
	if err := opt.Validate(); err != nil {
		return s, opt, usageError{err}
	}
	if f.workers < 0 {
		return s, opt, usagef("--workers %d: must be 0 or more", f.workers)
	}
	if !f.noStem {
		if _, err := vectorize.NewStemmer(f.lang); err != nil {
			return s, opt, usagef("--lang: %v", err)
		}
		s.Language = f.lang
	}
	switch f.stopwords {
	case "english":
		s.StopWords = vectorize.EnglishStopWords()
	case "none", "":
	default:
		words, err := vectorize.ReadStopWords(f.stopwords)
		if err != nil {
			return s, opt, fmt.Errorf("--stopwords: %w", err)
		}
		s.StopWords = words
	}
	return s, opt, nil
}

// summaryLine is the one-line account of reading and vectorizing a corpus.
func summaryLine(c *vectorize.Counts, v *vectorize.Vocabulary, nnz int) string {
	s := c.Summary
	line := fmt.Sprintf("%d documents, %d terms, %d non-zeros, %d skipped (%d empty, %d binary)",
		s.Documents, len(v.Terms), nnz, s.Skipped(), s.Empty, s.Binary)
	if s.Windows1252 > 0 {
		line += fmt.Sprintf(", %d decoded as Windows-1252", s.Windows1252)
	}
	return line
}

func runVectorize(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("vectorize", flag.ContinueOnError)
	var af analysisFlags
	af.register(fs)
	mtxPath := fs.String("mtx", "", "write X (terms × documents) to this Matrix Market file")
	vocabPath := fs.String("vocab", "", "write the terms, one per line, in row order")
	docsPath := fs.String("docs", "", "write the document ids in column order, one per line as a one-column CSV (quoted when an id holds a comma, quote or line break)")
	tokensPath := fs.String("tokens", "", "write each document's tokens (after stop words and stemming), one document per line")
	var pf profileFlags
	pf.register(fs)
	paths, err := parseFlags(fs, args)
	if err != nil {
		return helpRequested(err, fs, "vectorize [flags] PATH...", stderr)
	}
	stop, err := pf.start()
	if err != nil {
		return err
	}
	defer stop()
	if len(paths) == 0 {
		return usagef("no PATH given: name one or more folders or files of documents")
	}
	settings, opt, err := af.settings()
	if err != nil {
		return err
	}
	var outs outputs
	outs.add("--mtx", *mtxPath)
	outs.add("--vocab", *vocabPath)
	outs.add("--docs", *docsPath)
	outs.add("--tokens", *tokensPath)
	if err := outs.check(append(inputPaths(paths, "", nil), af.inputs()...)...); err != nil {
		return err
	}

	start := time.Now()
	docs, err := corpus.List(paths...)
	if err != nil {
		return err
	}
	analyzer, err := vectorize.NewAnalyzer(settings)
	if err != nil {
		return err
	}
	counts, err := vectorize.Count(ctx, docs, analyzer, vectorize.CountOptions{Workers: af.workers, KeepTokens: *tokensPath != ""})
	if err != nil {
		return err
	}
	vocab, err := vectorize.NewVocabulary(counts, opt)
	if err != nil {
		return err
	}
	x := vocab.Matrix(counts)
	elapsed := time.Since(start).Seconds()

	var files []atomicfile.File
	if *mtxPath != "" {
		files = append(files, file(*mtxPath, stdout, func(w io.Writer) error { return mtx.WriteSparse(w, x) }))
	}
	if *vocabPath != "" {
		files = append(files, file(*vocabPath, stdout, func(w io.Writer) error { return writeLines(w, vocab.Terms) }))
	}
	if *docsPath != "" {
		ids := make([]string, len(counts.Docs))
		for i, d := range counts.Docs {
			ids[i] = d.ID
		}
		files = append(files, file(*docsPath, stdout, func(w io.Writer) error { return writeIDs(w, ids) }))
	}
	if *tokensPath != "" {
		files = append(files, file(*tokensPath, stdout, func(w io.Writer) error { return writeTokens(w, counts) }))
	}
	if err := atomicfile.Write(files...); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "vectorize: %s, %.3f s\n", summaryLine(counts, vocab, x.NNZ()), elapsed)
	return nil
}

func writeLines(w io.Writer, lines []string) error {
	for _, l := range lines {
		if _, err := io.WriteString(w, l); err != nil {
			return err
		}
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
	}
	return nil
}

// writeTokens writes each document's tokens on a line, separated by spaces.
func writeTokens(w io.Writer, c *vectorize.Counts) error {
	for _, seq := range c.Tokens {
		for i, t := range seq {
			if i > 0 {
				if _, err := io.WriteString(w, " "); err != nil {
					return err
				}
			}
			if _, err := io.WriteString(w, c.Terms[t]); err != nil {
				return err
			}
		}
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
	}
	return nil
}
