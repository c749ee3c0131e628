package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/nmf"
	"github.com/nmftopics/nmftopics/topics"
)

// fitReport is the JSON that fit writes; its schema is in the README.
type fitReport struct {
	Documents  int           `json:"documents"`
	Terms      int           `json:"terms"`
	NNZ        int           `json:"nnz"`
	K          int           `json:"k"`
	Loss       string        `json:"loss"`
	Solver     string        `json:"solver"`
	Iterations int           `json:"iterations"`
	Seconds    float64       `json:"seconds"`
	Metrics    fitMetrics    `json:"metrics"`
	Topics     []topicReport `json:"topics"`
	Restarts   []float64     `json:"restarts,omitempty"`
	Run        int           `json:"run,omitempty"`
	// Timings are the wall seconds of the stages (analyze, factorize,
	// project, coherence, total); not part of the deterministic output.
	Timings topics.Timings `json:"timings"`
	// Corpus is what listing and reading the corpus met.
	Corpus *corpusReport `json:"corpus,omitempty"`
}

type fitMetrics struct {
	nmf.Metrics
	Coherence map[string]float64 `json:"coherence"`
	Diversity float64            `json:"diversity"`
}

type topicReport struct {
	ID        int                    `json:"id"`
	Words     []topics.Word          `json:"words"`
	Coherence map[string]float64     `json:"coherence"`
	Documents []topics.TopicDocument `json:"documents"`
}

// The commands touch topics.Model in these three functions and in
// transform (transform.go) only: the fit's report, its document topics
// and its saved file.

// newFitReport is the report of the fitted model m.
func newFitReport(m *topics.Model, r topics.Report) fitReport {
	terms, _ := m.W.Dims()
	rep := fitReport{Documents: len(m.Documents), Terms: terms, NNZ: r.NNZ, K: m.K,
		Loss: m.Method.Loss.String(), Solver: m.Method.Solver.String(), Iterations: r.Iterations, Seconds: r.Seconds,
		Restarts: r.Restarts, Run: r.Run, Timings: r.Timings,
		Metrics: fitMetrics{Metrics: m.Metrics.Metrics, Diversity: m.Metrics.Diversity, Coherence: orEmpty(m.Metrics.Coherence)}}
	for _, t := range m.Topics {
		docs := t.Documents
		if docs == nil {
			docs = []topics.TopicDocument{}
		}
		rep.Topics = append(rep.Topics, topicReport{ID: t.ID, Words: t.Words, Coherence: orEmpty(t.Coherence), Documents: docs})
	}
	return rep
}

// writeModelDocTopics writes the document topics of the fitted model m
// (see writeDocTopics).
func writeModelDocTopics(w io.Writer, m *topics.Model) error {
	return writeDocTopics(w, m.Documents, m.H)
}

// saveModel writes the fitted model m to its file (for transform).
func saveModel(w io.Writer, m *topics.Model) error { return m.Save(w) }

// orEmpty keeps a JSON object an object ({}) when there is nothing in it.
func orEmpty(m map[string]float64) map[string]float64 {
	if m == nil {
		return map[string]float64{}
	}
	return m
}

// printTopics writes the topics as a table and a summary block.
func printTopics(w io.Writer, rep fitReport) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	measures := []string{"umass", "uci", "npmi", "cv"}
	head := "topic"
	for _, ms := range measures {
		if _, ok := rep.Metrics.Coherence[ms]; ok {
			head += "\t" + ms
		}
	}
	fmt.Fprintln(tw, head+"\twords")
	for _, t := range rep.Topics {
		words := make([]string, len(t.Words))
		for i, wd := range t.Words {
			words[i] = wd.Term
		}
		line := strconv.Itoa(t.ID)
		for _, ms := range measures {
			if v, ok := t.Coherence[ms]; ok {
				line += fmt.Sprintf("\t%.3f", v)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\n", line, strings.Join(words, " "))
	}
	tw.Flush()
	m := rep.Metrics
	fmt.Fprintf(w, "\ndocuments %d, terms %d, non-zeros %d\n", rep.Documents, rep.Terms, rep.NNZ)
	fmt.Fprintf(w, "k %d, %s/%s, %d iterations, %.2f s\n", rep.K, rep.Loss, rep.Solver, rep.Iterations, rep.Seconds)
	if len(rep.Restarts) > 0 {
		fmt.Fprintf(w, "restarts: %s\n", restartSpread(rep.Restarts, rep.Run))
	}
	fmt.Fprintf(w, "relative error %.4f, explained variance %.4f, sparsity W %.3f H %.3f, diversity %.2f\n",
		m.RelativeError, m.ExplainedVariance, m.SparsityW, m.SparsityH, m.Diversity)
	if len(m.Coherence) > 0 {
		line := "mean coherence"
		for _, ms := range measures {
			if v, ok := m.Coherence[ms]; ok {
				line += fmt.Sprintf(", %s %.4f", ms, v)
			}
		}
		fmt.Fprintln(w, line)
	}
}

// writeDocTopics writes a header row, then per document its id and its k
// topic weights, normalized to sum 1.
func writeDocTopics(w io.Writer, docs []topics.Document, h *mat.Dense) error {
	k, _ := h.Dims()
	return writeDocTopicsCSV(w, k, func(row func(id string, weights []float64) error) error {
		for j, weights := range topics.DocumentTopics(h) {
			if err := row(docs[j].ID, weights); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeDocTopicsCSV writes the document-topics CSV of k topics: a header
// row, then the rows that rows gives, one call of row each.
func writeDocTopicsCSV(w io.Writer, k int, rows func(row func(id string, weights []float64) error) error) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(docTopicsHeader(k)); err != nil {
		return err
	}
	if err := rows(func(id string, weights []float64) error { return cw.Write(docTopicsRecord(id, weights)) }); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// docTopicsHeader and docTopicsRecord are the document-topics CSV's rows.
func docTopicsHeader(k int) []string {
	head := []string{"document"}
	for t := range k {
		head = append(head, "topic_"+strconv.Itoa(t))
	}
	return head
}

func docTopicsRecord(id string, weights []float64) []string {
	rec := []string{id}
	for _, v := range weights {
		rec = append(rec, strconv.FormatFloat(v, 'g', -1, 64))
	}
	return rec
}
