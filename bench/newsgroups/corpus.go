package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// document is one source document: its class, title and body as units,
// each unit a few lines of text ready to post.
type document struct {
	class string
	name  string // file name inside the class folder
	title string
	units []unit
}

// unit is the smallest piece of a document a post carries: one or more
// paragraphs, wrapped to lines; paragraphs are separated by an empty line.
type unit []string

// class is a labelled class of a body corpus.
type class struct {
	name string
	docs []document
}

// readCorpus reads a labelled corpus (a folder per class, a file per
// document) and keeps its top largest classes, largest first.
func readCorpus(dir string, top int) ([]class, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var classes []class
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		c, err := readClass(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		if len(c.docs) > 0 {
			classes = append(classes, c)
		}
	}
	slices.SortStableFunc(classes, func(a, b class) int {
		return len(b.docs) - len(a.docs) // ReadDir's order breaks ties
	})
	if top > 0 && len(classes) > top {
		classes = classes[:top]
	}
	return classes, nil
}

// readClass reads the documents of one class folder, in name order.
func readClass(dir string) (class, error) {
	c := class{name: filepath.Base(dir)}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return c, err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return c, err
		}
		d := parseDocument(toUTF8(b))
		d.class, d.name = c.name, e.Name()
		if len(d.units) > 0 {
			c.docs = append(c.docs, d)
		}
	}
	return c, nil
}

// toUTF8 reads bytes as UTF-8, or as Latin-1 when they are not valid UTF-8.
func toUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// parseDocument splits a document into its title (the first line) and its
// body's units. Paragraphs are separated by blank lines or, as in Reuters,
// by lines indented with spaces; short lines with no final stop (table
// rows) are kept as they are, other paragraphs are reflowed.
func parseDocument(text string) document {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\t", " ")
	title, body, _ := strings.Cut(strings.TrimLeft(text, "\n "), "\n")
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, line := range strings.Split(body, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || trimmed == "Reuter" || trimmed == "REUTER":
			flush()
		case strings.HasPrefix(line, "   "):
			flush()
			cur = append(cur, trimmed)
		default:
			cur = append(cur, trimmed)
		}
	}
	flush()
	return document{title: strings.TrimSpace(title), units: unitsOf(paras)}
}
