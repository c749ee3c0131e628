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
		Skipped:   map[string]int{},
		Decoded:   map[string]int{corpus.Windows1252.String(): s.Windows1252, corpus.UTF16.String(): s.UTF16},
		Formats: map[string]int{corpus.File.String(): s.Formats.File, corpus.Lines.String(): s.Formats.Lines,
			corpus.JSONL.String(): s.Formats.JSONL, corpus.CSV.String(): s.Formats.CSV, corpus.Mbox.String(): s.Formats.Mbox},
	}
	for _, k := range corpus.SkipKinds() {
		r.Skipped[k.String()] = s.Count(k)
	}
	for name, n := range s.Charsets.All() {
		r.Decoded[name] = n
	}
	return r
}

// readSummary is the account of a corpus read: what listing left out
// (listed), and what reading left out, found again among docs as those
// whose ids are not among readIDs (the ids of the documents read, in
// order) with their paths, and the documents read and decoded that
// counts, the reader's summary, holds. With strict, a document left out
// when read is an error naming it.
func readSummary(listed corpus.Summary, docs []corpus.Document, readIDs []string, counts corpus.Summary, strict bool) (corpus.Summary, error) {
	s := listed
	s.Documents = counts.Documents
	s.Windows1252 += counts.Windows1252
	s.UTF16 += counts.UTF16
	for i, n := range counts.Charsets {
		s.Charsets[i] += n
	}
	if counts.Skipped() == 0 {
		return s, nil
	}
	var left corpus.Summary
	var r corpus.Reader
	j := 0
	for _, d := range docs {
		if j < len(readIDs) && readIDs[j] == d.ID {
			j++
			continue
		}
		_, err := r.Read(d, func([]byte) error { return nil })
		if k, ok := corpus.SkipOf(err); ok {
			where := d.Path
			if d.Text != nil { // a record
				where = d.ID
			}
			if strict {
				return s, fmt.Errorf("corpus: %s: %s (%v)", where, k, flagStrict)
			}
			left.Skip(k, where)
		}
	}
	s.Add(left)
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

// idsOf are the ids of docs.
func idsOf[D any](docs []D, id func(D) string) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = id(d)
	}
	return out
}
