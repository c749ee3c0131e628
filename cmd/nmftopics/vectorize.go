package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/james-bowman/sparse"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/mtx"
	"github.com/nmftopics/nmftopics/vectorize"
)

func runVectorize(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f vectorizeFlags
	_, paths, err := parseCommand("vectorize", vectorizeUsage, f.register, args, stderr)
	if err != nil {
		return err
	}
	stop, err := f.profile.start()
	if err != nil {
		return err
	}
	defer stop()
	if err := noPath(paths); err != nil {
		return err
	}
	settings, opt, err := f.analysis.settings()
	if err != nil {
		return err
	}
	if err := f.outputs().check(append(inputPaths(paths, "", nil), f.analysis.inputs()...)...); err != nil {
		return err
	}
	start := time.Now()
	v, err := vectorizeCorpus(ctx, &f.input, paths, settings, opt, vectorize.CountOptions{Workers: f.analysis.workers, KeepTokens: f.tokens != ""})
	if err != nil {
		return err
	}
	elapsed := time.Since(start).Seconds()
	if err := f.write(v, stdout); err != nil {
		return err
	}
	writeWarnings(stderr, v.summary)
	fmt.Fprintf(stderr, "vectorize: %s, %.3f s\n", summaryLine(v.summary, len(v.vocab.Terms), v.x.NNZ()), elapsed)
	return nil
}

// vectorized is a corpus read and vectorized: its counts, its vocabulary,
// X (terms × documents), and the account of listing and reading it.
type vectorized struct {
	counts  *vectorize.Counts
	vocab   *vectorize.Vocabulary
	x       *sparse.CSC
	summary corpus.Summary
}

// vectorizeCorpus lists (as in says), reads and analyzes the documents of
// paths, and builds their vocabulary and X.
func vectorizeCorpus(ctx context.Context, in *inputFlags, paths []string, settings vectorize.Settings, opt vectorize.Options, co vectorize.CountOptions) (vectorized, error) {
	var v vectorized
	docs, listed, err := in.list(paths)
	if err != nil {
		return v, err
	}
	analyzer, err := vectorize.NewAnalyzer(settings)
	if err != nil {
		return v, err
	}
	if v.counts, err = vectorize.Count(ctx, docs, analyzer, co); err != nil {
		return v, err
	}
	if v.summary, err = readSummary(listed, v.counts.Summary, in.strict); err != nil {
		return v, err
	}
	if v.vocab, err = vectorize.NewVocabulary(v.counts, opt); err != nil {
		return v, err
	}
	v.x = v.vocab.Matrix(v.counts)
	return v, nil
}

// write writes the outputs that the flags ask for.
func (f *vectorizeFlags) write(v vectorized, stdout io.Writer) error {
	files := outputFiles{stdout: stdout}
	files.add(f.mtx, func(w io.Writer) error { return mtx.WriteSparse(w, v.x) })
	files.add(f.vocab, func(w io.Writer) error { return writeLines(w, v.vocab.Terms) })
	files.add(f.docs, func(w io.Writer) error { return writeIDs(w, documentIDs(v.counts)) })
	files.add(f.tokens, func(w io.Writer) error { return writeTokens(w, v.counts) })
	return files.write()
}

// documentIDs are the ids of the counted documents, in column order.
func documentIDs(c *vectorize.Counts) []string {
	ids := make([]string, len(c.Docs))
	for i, d := range c.Docs {
		ids[i] = d.ID
	}
	return ids
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
