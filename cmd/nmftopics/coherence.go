package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nmftopics/nmftopics/coherence"
)

// coherenceReport is the JSON that coherence writes.
type coherenceReport struct {
	Documents int                         `json:"documents"`
	Topics    int                         `json:"topics"`
	Measures  map[string]coherenceMeasure `json:"measures"`
}

type coherenceMeasure struct {
	Mean     float64   `json:"mean"`
	PerTopic []float64 `json:"per_topic"`
	Seconds  float64   `json:"seconds"`
}

func runCoherence(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f coherenceFlags
	_, rest, err := parseCommand("coherence", coherenceUsage, f.register, args, stderr)
	if err != nil {
		return err
	}
	if err := f.check(rest); err != nil {
		return err
	}
	measures, err := coherence.ParseMeasures(f.measures)
	if err != nil {
		return usagef("%v: %v", flagMeasures, err)
	}
	outs := outputsOf(pathFlag{flagJSON, f.json})
	if err := outs.check(pathFlag{flagTexts, f.texts}, pathFlag{flagTopics, f.topics}); err != nil {
		return err
	}
	table := outs.table(stdout, stderr)
	texts, topicWords, err := f.read()
	if err != nil {
		return err
	}
	docs, tops := coherence.Strings(texts, topicWords)
	results, err := coherence.Score(ctx, docs, tops, measures, coherence.Options{Window: f.window})
	if err != nil {
		return err
	}
	rep := coherenceReport{Documents: len(texts), Topics: len(topicWords), Measures: map[string]coherenceMeasure{}}
	for _, r := range results {
		rep.Measures[string(r.Measure)] = coherenceMeasure{Mean: r.Mean, PerTopic: r.PerTopic, Seconds: r.Seconds}
		fmt.Fprintf(table, "%-6s mean %.6f (%.3f s)\n", r.Measure, r.Mean, r.Seconds)
	}
	files := outputFiles{stdout: stdout}
	files.add(f.json, func(w io.Writer) error { return writeJSON(w, rep) })
	return files.write()
}

// read reads the texts and the topics, of which there must be one.
func (f *coherenceFlags) read() (texts, topicWords [][]string, err error) {
	if texts, err = readTokenLines(f.texts, flagTexts, true); err != nil {
		return nil, nil, err
	}
	if topicWords, err = readTokenLines(f.topics, flagTopics, false); err != nil {
		return nil, nil, err
	}
	if len(topicWords) == 0 {
		return nil, nil, fmt.Errorf("%v %s: no topic", flagTopics, f.topics)
	}
	return texts, topicWords, nil
}

// readTokenLines reads a file of lines of space-separated tokens; blank
// lines are documents with no tokens when keepBlank is set, and skipped
// otherwise.
func readTokenLines(path string, name flagName, keepBlank bool) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", name, err)
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 && !keepBlank {
			continue
		}
		out = append(out, fields)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%v %s:%d: %w", name, path, line+1, err)
	}
	return out, nil
}
