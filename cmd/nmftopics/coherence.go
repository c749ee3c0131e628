package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nmftopics/nmftopics/coherence"
	"github.com/nmftopics/nmftopics/internal/atomicfile"
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
	fs := flag.NewFlagSet("coherence", flag.ContinueOnError)
	textsPath := fs.String("texts", "", "the reference texts: one document per line, tokens separated by spaces")
	topicsPath := fs.String("topics", "", "the topics: one per line, words separated by spaces, best first")
	measuresFlag := fs.String("measures", "umass,uci,npmi,cv", "measures to compute: umass, uci, npmi, cv")
	jsonPath := fs.String("json", "", "write the scores as JSON to this file (- for standard output)")
	window := fs.Int("window", 0, "sliding window of uci, npmi and cv (0: gensim's defaults, 10 and 110)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return helpRequested(err, fs, "coherence --texts FILE --topics FILE [--measures umass,uci,npmi,cv] [--json FILE]", stderr)
	}
	switch {
	case len(rest) > 0:
		return usagef("unexpected argument %q (the inputs are --texts and --topics)", rest[0])
	case *textsPath == "" || *topicsPath == "":
		return usagef("--texts and --topics are both required")
	case *window < 0:
		return usagef("--window %d: must be 0 or more", *window)
	}
	measures, err := coherence.ParseMeasures(*measuresFlag)
	if err != nil {
		return usagef("--measures: %v", err)
	}
	var outs outputs
	outs.add("--json", *jsonPath)
	if err := outs.check(pathFlag{"--texts", *textsPath}, pathFlag{"--topics", *topicsPath}); err != nil {
		return err
	}
	table := stdout
	if outs.toStdout() {
		table = stderr
	}
	texts, err := readTokenLines(*textsPath, "--texts", true)
	if err != nil {
		return err
	}
	topicWords, err := readTokenLines(*topicsPath, "--topics", false)
	if err != nil {
		return err
	}
	if len(topicWords) == 0 {
		return fmt.Errorf("--topics %s: no topic", *topicsPath)
	}
	docs, tops := coherence.Strings(texts, topicWords)
	results, err := coherence.Score(ctx, docs, tops, measures, coherence.Options{Window: *window})
	if err != nil {
		return err
	}
	rep := coherenceReport{Documents: len(texts), Topics: len(topicWords), Measures: map[string]coherenceMeasure{}}
	for _, r := range results {
		rep.Measures[string(r.Measure)] = coherenceMeasure{Mean: r.Mean, PerTopic: r.PerTopic, Seconds: r.Seconds}
		fmt.Fprintf(table, "%-6s mean %.6f (%.3f s)\n", r.Measure, r.Mean, r.Seconds)
	}
	if *jsonPath != "" {
		return atomicfile.Write(file(*jsonPath, stdout, func(w io.Writer) error { return writeJSON(w, rep) }))
	}
	return nil
}

// readTokenLines reads a file of lines of space-separated tokens; blank
// lines are documents with no tokens when keepBlank is set, and skipped
// otherwise.
func readTokenLines(path, flagName string, keepBlank bool) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flagName, err)
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
		return nil, fmt.Errorf("%s %s:%d: %w", flagName, path, line+1, err)
	}
	return out, nil
}
