package main

import (
	"context"
	"flag"
	"io"
	"os"

	"golang.org/x/term"
	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/internal/atomicfile"
	"github.com/nmftopics/nmftopics/topics"
)

// isTerminal reports whether w is a terminal (progress is shown only there).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func runTransform(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("transform", flag.ContinueOnError)
	modelPath := fs.String("model", "", "the model file written by fit --save")
	docTopics := fs.String("doc-topics", "", "write the documents' topic weights (summing to 1) as CSV to this file (default, or -: standard output)")
	workers := fs.Int("workers", 0, "documents analyzed at once (0: one per CPU)")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return helpRequested(err, fs, "transform --model MODEL [--doc-topics FILE] PATH...", stderr)
	}
	switch {
	case *modelPath == "":
		return usagef("--model is required")
	case len(paths) == 0:
		return usagef("no PATH given: name one or more folders or files of documents")
	case *workers < 0:
		return usagef("--workers %d: must be 0 or more", *workers)
	}
	var outs outputs
	outs.add("--doc-topics", *docTopics)
	if err := outs.check(append(inputPaths(paths, "", nil), pathFlag{"--model", *modelPath})...); err != nil {
		return err
	}
	model, err := loadModel(ctx, *modelPath)
	if err != nil {
		return err
	}
	docs, err := corpus.List(paths...)
	if err != nil {
		return err
	}
	h, skipped, err := model.Transform(ctx, docs)
	if err != nil {
		return err
	}
	ids, h := readOnly(docs, h, skipped)
	if *docTopics == "" {
		*docTopics = atomicfile.StdoutPath
	}
	return atomicfile.Write(file(*docTopics, stdout, func(w io.Writer) error { return writeDocTopics(w, ids, h) }))
}

// readOnly returns the documents read and their columns of h, leaving out
// the skipped ones: empty and binary files get no row, as in fit's
// --doc-topics.
func readOnly(docs []corpus.Document, h *mat.Dense, skipped []int) ([]topics.Document, *mat.Dense) {
	var ids []topics.Document
	var cols []int
	for j, d := range docs {
		if len(skipped) > 0 && skipped[0] == j {
			skipped = skipped[1:]
			continue
		}
		ids = append(ids, topics.Document{ID: d.ID, Label: d.Label})
		cols = append(cols, j)
	}
	if len(cols) == len(docs) {
		return ids, h
	}
	k, _ := h.Dims()
	read := mat.NewDense(k, len(cols), nil)
	for i, j := range cols {
		read.SetCol(i, mat.Col(nil, j, h))
	}
	return ids, read
}
