package coherence

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"
)

// Measure names a coherence measure.
type Measure string

// The measures, with gensim's CoherenceModel definitions.
const (
	UMass Measure = "umass" // gensim u_mass: document co-occurrence, log conditional probability
	UCI   Measure = "uci"   // gensim c_uci: sliding windows of 10, PMI
	NPMI  Measure = "npmi"  // gensim c_npmi: sliding windows of 10, normalized PMI
	CV    Measure = "cv"    // gensim c_v: sliding windows of 110, cosine of NPMI context vectors
)

// Default window sizes, gensim's.
const (
	DefaultWindowUCI  = 10
	DefaultWindowNPMI = 10
	DefaultWindowCV   = 110
)

// Errors wrapped by the errors of this package.
var (
	ErrInput   = errors.New("invalid input")
	ErrMeasure = errors.New("unknown measure")
)

// ParseMeasures parses a comma-separated list of measures, such as
// "umass,uci,npmi,cv". It accepts gensim's names too (u_mass, c_uci,
// c_npmi, c_v), in any case, with spaces around the commas. A measure named
// twice is an error.
func ParseMeasures(s string) ([]Measure, error) {
	var ms []Measure
	for f := range strings.SplitSeq(s, ",") {
		m, err := parseMeasure(f)
		if err != nil {
			return nil, err
		}
		for _, o := range ms {
			if o == m {
				return nil, fmt.Errorf("coherence: measure %q named twice in %q: %w", m, s, ErrInput)
			}
		}
		ms = append(ms, m)
	}
	return ms, nil
}

func parseMeasure(s string) (Measure, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "umass", "u_mass":
		return UMass, nil
	case "uci", "c_uci":
		return UCI, nil
	case "npmi", "c_npmi":
		return NPMI, nil
	case "cv", "c_v":
		return CV, nil
	}
	return "", fmt.Errorf("coherence: %q (known: umass, uci, npmi, cv, or gensim's u_mass, c_uci, c_npmi, c_v): %w", s, ErrMeasure)
}

func (m Measure) valid() bool {
	switch m {
	case UMass, UCI, NPMI, CV:
		return true
	}
	return false
}

// window returns the window size m uses under opt, 0 for whole documents.
func (m Measure) window(opt Options) int {
	switch m {
	case UMass:
		return 0
	case CV:
		if opt.Window == 0 {
			return DefaultWindowCV
		}
	case UCI:
		if opt.Window == 0 {
			return DefaultWindowUCI
		}
	case NPMI:
		if opt.Window == 0 {
			return DefaultWindowNPMI
		}
	}
	return opt.Window
}

// Options adjust Score. The zero value is gensim's defaults.
type Options struct {
	// Window is the sliding window size of UCI, NPMI and CV; 0 means each
	// measure's default (10, 10 and 110, as gensim). UMass uses whole
	// documents and ignores it.
	Window int
	// Workers is the number of goroutines counting; 0 means GOMAXPROCS.
	// Results do not depend on it.
	Workers int
	// ExactWindows counts a word in a window whenever it occurs at one of
	// the window's positions. By default (false) windows are counted as
	// gensim counts them, which forgets a word while it still occurs later
	// in the window (see the package documentation); set it for the
	// definition of Röder et al. rather than gensim's numbers.
	ExactWindows bool
}

// Result holds one measure's scores.
type Result struct {
	Measure Measure
	// PerTopic holds the coherence of each topic, in the order given.
	PerTopic []float64
	// Mean is the arithmetic mean of PerTopic (gensim's get_coherence).
	Mean float64
	// Window is the sliding window size used; 0 for UMass (whole documents).
	Window int
	// Seconds is the wall time of the counting pass, which all the measures
	// of one call share, plus this measure's own scoring.
	Seconds float64
}

// Score computes each measure for each topic over docs.
//
// A topic is a list of word ids, best first; each doc is a sequence of word
// ids, in order. Word ids are any non-negative int32 (vocabulary rows, or
// the ids Strings gives); tokens of docs that are not topic words matter
// only by their positions, which count in the sliding windows. As gensim
// does, a topic word that occurs in no document is left out of its topic
// (gensim drops words its Dictionary does not hold).
//
// The results come in the order of measures. Errors: no documents, no
// topics, no measures or an unknown one, a negative id, a negative Window
// or Workers, a topic with fewer than two words, or fewer than two that
// occur in the documents (gensim would score it NaN, the mean of no pairs,
// or 1 for c_v; with none at all it raises ValueError), and ctx's error if
// it is cancelled.
func Score(ctx context.Context, docs [][]int32, topics [][]int32, measures []Measure, opt Options) ([]Result, error) {
	if err := checkScore(docs, topics, measures, opt); err != nil {
		return nil, err
	}
	start := time.Now()
	p := newPlan(topics, measures, opt)
	workers := opt.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	cs, err := count(ctx, docs, p, workers)
	if err != nil {
		return nil, err
	}
	kept, err := occurring(topics, p.v, &cs[0])
	if err != nil {
		return nil, err
	}
	counted := time.Since(start).Seconds()

	res := make([]Result, len(measures))
	for i, m := range measures {
		t0 := time.Now()
		w := m.window(opt)
		c := &cs[0]
		if m != UMass {
			c = &cs[1+indexInt(p.windows, w)]
		}
		per, err := scoreTopics(ctx, m, c, p.v, kept)
		if err != nil {
			return nil, err
		}
		res[i] = Result{
			Measure:  m,
			PerTopic: per,
			Mean:     mean(per),
			Window:   w,
			Seconds:  counted + time.Since(t0).Seconds(),
		}
	}
	return res, nil
}

// checkScore returns the error Score gives for input it cannot take.
func checkScore(docs [][]int32, topics [][]int32, measures []Measure, opt Options) error {
	if len(measures) == 0 {
		return fmt.Errorf("coherence: no measures: %w", ErrMeasure)
	}
	for _, m := range measures {
		if !m.valid() {
			return fmt.Errorf("coherence: %q (known: umass, uci, npmi, cv): %w", string(m), ErrMeasure)
		}
	}
	if opt.Window < 0 || opt.Workers < 0 {
		return fmt.Errorf("coherence: negative Window (%d) or Workers (%d): %w", opt.Window, opt.Workers, ErrInput)
	}
	if len(docs) == 0 {
		return fmt.Errorf("coherence: no documents: %w", ErrInput)
	}
	if len(topics) == 0 {
		return fmt.Errorf("coherence: no topics: %w", ErrInput)
	}
	for t, topic := range topics {
		if len(topic) < 2 {
			return fmt.Errorf("coherence: topic %d has %d words; every measure needs at least 2: %w", t, len(topic), ErrInput)
		}
		for _, w := range topic {
			if w < 0 {
				return fmt.Errorf("coherence: topic %d: negative word id %d: %w", t, w, ErrInput)
			}
		}
	}
	return nil
}

// newPlan is what the measures need counted: pairs in whole documents
// for UMass, and each distinct window size of the others.
func newPlan(topics [][]int32, measures []Measure, opt Options) *plan {
	p := &plan{v: newVocab(topics), exact: opt.ExactWindows, umassPairs: false}
	for _, m := range measures {
		if m == UMass {
			p.umassPairs = true
			continue
		}
		w := m.window(opt)
		if !containsInt(p.windows, w) {
			p.windows = append(p.windows, w)
		}
	}
	return p
}

// occurring returns the topics without their words that occur in no
// document (doc holds the counts of whole documents), as gensim's
// Dictionary does not hold them; each must keep two words.
func occurring(topics [][]int32, v *vocab, doc *counts) ([][]int32, error) {
	kept := make([][]int32, len(topics))
	for t, topic := range topics {
		for _, w := range topic {
			d := v.index[w]
			if doc.occ[d] > 0 {
				kept[t] = append(kept[t], d)
			}
		}
		if len(kept[t]) < 2 {
			return nil, fmt.Errorf("coherence: topic %d: %d of its %d words occur in the documents; every measure needs at least 2: %w", t, len(kept[t]), len(topic), ErrInput)
		}
	}
	return kept, nil
}

// scoreTopics scores each topic (of word indices in v) with m from the
// counts c.
func scoreTopics(ctx context.Context, m Measure, c *counts, v *vocab, topics [][]int32) ([]float64, error) {
	per := make([]float64, len(topics))
	for t, topic := range topics {
		if err := ctx.Err(); err != nil { // thousands of topics, each O(words²) or more
			return nil, err
		}
		switch m {
		case UMass:
			per[t] = umass(c, v, topic)
		case UCI:
			per[t] = logRatio(c, v, topic, false)
		case NPMI:
			per[t] = logRatio(c, v, topic, true)
		case CV:
			per[t] = cosineNPMI(c, v, topic)
		}
	}
	return per, nil
}

// Strings maps whitespace-tokenized texts and topics to ids for Score, for
// callers with plain text. Ids go first to the words of the topics, in
// order of first appearance (topic 0's words first), then to the other
// words of docs in order of first appearance; a topic word found in no doc
// keeps its id, and Score leaves it out as gensim does.
func Strings(docs [][]string, topics [][]string) (docIDs [][]int32, topicIDs [][]int32) {
	ids := make(map[string]int32)
	id := func(s string) int32 {
		i, ok := ids[s]
		if !ok {
			i = int32(len(ids))
			ids[s] = i
		}
		return i
	}
	topicIDs = make([][]int32, len(topics))
	for t, topic := range topics {
		topicIDs[t] = make([]int32, len(topic))
		for j, w := range topic {
			topicIDs[t][j] = id(w)
		}
	}
	n := 0
	for _, d := range docs {
		n += len(d)
	}
	flat := make([]int32, 0, n) // one allocation for all documents
	docIDs = make([][]int32, len(docs))
	for i, d := range docs {
		lo := len(flat)
		for _, w := range d {
			flat = append(flat, id(w))
		}
		docIDs[i] = flat[lo:len(flat):len(flat)]
	}
	return docIDs, topicIDs
}

func containsInt(s []int, x int) bool { return indexInt(s, x) >= 0 }

func indexInt(s []int, x int) int {
	for i, y := range s {
		if y == x {
			return i
		}
	}
	return -1
}
