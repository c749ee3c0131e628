package main

import (
	"context"
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
	var f transformFlags
	fs, paths, err := parseCommand("transform", transformUsage, f.register, args, stderr)
	if err != nil {
		return err
	}
	if err := f.check(paths); err != nil {
		return err
	}
	if err := outputsOf(pathFlag{flagDocTopics, f.docTopics}).check(append(inputPaths(paths, "", nil), pathFlag{flagModel, f.model})...); err != nil {
		return err
	}
	model, err := loadModel(ctx, f.model)
	if err != nil {
		return err
	}
	f.input.follow(fs, model.Input)
	docs, listed, err := f.input.list(paths)
	if err != nil {
		return err
	}
	writeWarnings(stderr, listed)
	ids, h, err := transform(ctx, model, docs)
	if err != nil {
		return err
	}
	if f.docTopics == "" {
		f.docTopics = atomicfile.StdoutPath
	}
	return atomicfile.Write(file(f.docTopics, stdout, func(w io.Writer) error { return writeDocTopics(w, ids, h) }))
}

// transform gives docs topic weights with model: the documents it read,
// and their weights (k × documents read). Empty and binary files, which
// are not read, get no row, as in fit's --doc-topics.
func transform(ctx context.Context, model *topics.Model, docs []corpus.Document) ([]topics.Document, *mat.Dense, error) {
	h, skipped, err := model.Transform(ctx, docs)
	if err != nil {
		return nil, nil, err
	}
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
		return ids, h, nil
	}
	k, _ := h.Dims()
	read := mat.NewDense(k, len(cols), nil)
	for i, j := range cols {
		read.SetCol(i, mat.Col(nil, j, h))
	}
	return ids, read, nil
}
