package main

import (
	"fmt"
	"io"

	"github.com/nmftopics/nmftopics/corpus"
)

// corpusReport is the "corpus" section of fit's JSON report: the
// documents read, the paths and records left out per kind, the documents
// decoded from another encoding than UTF-8 (windows-1252 and utf-16
// always, a declared charset by its name when met), and the documents per
// format.
type corpusReport struct {
	Documents int            `json:"documents"`
	Skipped   map[string]int `json:"skipped"`
	Decoded   map[string]int `json:"decoded"`
	Formats   map[string]int `json:"formats"`
}

func newCorpusReport(s corpus.Summary) *corpusReport {
	r := &corpusReport{
		Documents: s.Documents,
		Skipped:   s.Counts(),
		Decoded:   map[string]int{corpus.Windows1252.String(): s.Windows1252, corpus.UTF16.String(): s.UTF16},
		Formats: map[string]int{corpus.File.String(): s.Formats.File, corpus.Lines.String(): s.Formats.Lines,
			corpus.JSONL.String(): s.Formats.JSONL, corpus.CSV.String(): s.Formats.CSV, corpus.Mbox.String(): s.Formats.Mbox},
	}
	for name, n := range s.Charsets.All() {
		r.Decoded[name] = n
	}
	return r
}

// readSummary is the account of a corpus read: what listing left out
// (listed), and what reading and analysis left out, with the documents
// read and decoded, that counts, the summary of vectorize.Count, holds
// (each document left out named by its path, or a record's id, and a
// malformed one with its reason). With strict, the first document left
// out is an error naming it.
func readSummary(listed, counts corpus.Summary, strict bool) (corpus.Summary, error) {
	s := listed
	s.Add(counts)
	if k, where, ok := counts.FirstSkip(); ok && strict {
		return s, fmt.Errorf("corpus: %s: %s (%v)", where, k, flagStrict)
	}
	return s, nil
}

// writeWarnings writes a line per kind of path left out of the corpus,
// with its count and first paths.
func writeWarnings(w io.Writer, s corpus.Summary) {
	for _, line := range s.Warnings() {
		fmt.Fprintln(w, line)
	}
}

// summaryLine is the one-line account of reading and vectorizing a corpus.
func summaryLine(s corpus.Summary, terms, nnz int) string {
	kinds := fmt.Sprintf("%d empty, %d binary", s.Empty, s.Binary)
	for _, k := range corpus.SkipKinds()[2:] {
		if n := s.Count(k); n > 0 {
			kinds += fmt.Sprintf(", %d %s", n, k)
		}
	}
	line := fmt.Sprintf("%d documents, %d terms, %d non-zeros, %d skipped (%s)",
		s.Documents, terms, nnz, s.Skipped(), kinds)
	if s.Windows1252 > 0 {
		line += fmt.Sprintf(", %d decoded as Windows-1252", s.Windows1252)
	}
	if s.UTF16 > 0 {
		line += fmt.Sprintf(", %d decoded from UTF-16", s.UTF16)
	}
	for name, n := range s.Charsets.All() {
		line += fmt.Sprintf(", %d decoded from %s", n, name)
	}
	return line
}
