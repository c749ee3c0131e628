package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/report"
	"github.com/nmftopics/nmftopics/topics"
)

// runReport writes the HTML page of a saved model, with snippets of the
// documents its topics list when PATHs (read as the model's were, unless
// the flags say otherwise) hold them.
func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f reportFlags
	fs, paths, err := parseCommand("report", reportUsage, f.register, args, stderr)
	if err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	out := pathFlag{flagOut, f.outPath()}
	if err := (outputs{out}).check(append(inputPaths(paths, "", nil), pathFlag{flagModel, f.model})...); err != nil {
		return err
	}
	model, err := loadModel(ctx, f.model)
	if err != nil {
		return err
	}
	var docs []corpus.Document
	if len(paths) > 0 {
		f.input.follow(fs, model.Input)
		var listed corpus.Summary
		if docs, listed, err = f.input.list(paths); err != nil {
			return err
		}
		writeWarnings(stderr, listed)
	}
	title := pageTitle([]string{f.model})
	if len(paths) > 0 {
		title = pageTitle(paths)
	}
	files := outputFiles{stdout: stdout}
	files.add(out.path, func(w io.Writer) error { return writePage(ctx, w, model, docs, title, nil) })
	return files.write()
}

// writePage writes the HTML page of model m, with snippets of the
// documents its topics list that docs hold, and the sweep that chose its
// k, if any.
func writePage(ctx context.Context, w io.Writer, m *topics.Model, docs []corpus.Document, title string, sweep *topics.SweepResult) error {
	snippets, err := report.Snippets(ctx, m, docs)
	if err != nil {
		return err
	}
	data, err := report.New(m, report.Options{Title: title, Snippets: snippets, Sweep: sweep})
	if err != nil {
		return err
	}
	return report.WritePage(w, data)
}

// pageTitle names a page after the corpus's (or the model's) paths.
func pageTitle(paths []string) string {
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = filepath.Base(filepath.Clean(p))
		if p == "-" {
			names[i] = "standard input"
		}
	}
	return fmt.Sprintf("Topics of %s", strings.Join(names, ", "))
}
