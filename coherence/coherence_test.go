package coherence

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The hand-worked corpus: a=0, b=1, c=2 are topic words, x=3 is not.
//
//	D1: a b
//	D2: a c
//	D3: a b c
//	D4: x
var (
	handDocs  = [][]int32{{0, 1}, {0, 2}, {0, 1, 2}, {3}}
	handTopic = [][]int32{{0, 1, 2}}
)

// ln is math.Log, short for the worked examples.
var ln = math.Log

const eps = 1e-12

func score1(t *testing.T, docs, topics [][]int32, m Measure, opt Options) []float64 {
	t.Helper()
	res, err := Score(context.Background(), docs, topics, []Measure{m}, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res[0].PerTopic
}

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s = %.17g, want %.17g (diff %.3g, tolerance %.3g)", name, got, want, got-want, tol)
	}
}

func TestHandUMass(t *testing.T) {
	// Documents, N = 4: D(a) = 3, D(b) = 2, D(c) = 2, D(a,b) = 2, D(a,c) = 2,
	// D(b,c) = 1. s_one_pre pairs each word with those ranked above it:
	//   (b|a): ln((2/4 + ε) / (3/4)) = ln(2/3) = -0.405465
	//   (c|a): ln((2/4 + ε) / (3/4)) = ln(2/3) = -0.405465
	//   (c|b): ln((1/4 + ε) / (2/4)) = ln(1/2) = -0.693147
	//   mean = -1.504077 / 3 = -0.501359 (gensim: -0.5013591322560914)
	want := (2*ln((2.0/4+eps)/(3.0/4)) + ln((1.0/4+eps)/(2.0/4))) / 3
	got := score1(t, handDocs, handTopic, UMass, Options{})
	near(t, "umass", got[0], want, 1e-15)
	near(t, "umass vs gensim", got[0], -0.5013591322560914, 1e-15)
}

// With window 2 the windows are D1 {a,b}; D2 {a,c}; D3 {a,b}, {b,c}; D4 {}
// (a document no longer than the window is one window): N = 5, W(a) = 3,
// W(b) = 3, W(c) = 2, W(a,b) = 2, W(a,c) = 1, W(b,c) = 1.
var handWindow = Options{Window: 2}

func TestHandUCI(t *testing.T) {
	// PMI(a,b) = ln((2/5) / (3/5 · 3/5)) = ln(10/9) =  0.105361
	// PMI(a,c) = ln((1/5) / (3/5 · 2/5)) = ln(5/6)  = -0.182322
	// PMI(b,c) = ln((1/5) / (3/5 · 2/5)) = ln(5/6)  = -0.182322
	// s_one_one takes each pair in both orders:
	// mean = (2 · 0.105361 − 4 · 0.182322) / 6 = -0.086428 (gensim: -0.08642753263919419)
	pmiAB := ln((2.0/5 + eps) / (3.0 / 5 * 3.0 / 5))
	pmiAC := ln((1.0/5 + eps) / (3.0 / 5 * 2.0 / 5))
	want := (2*pmiAB + 4*pmiAC) / 6
	got := score1(t, handDocs, handTopic, UCI, handWindow)
	near(t, "uci", got[0], want, 1e-15)
	near(t, "uci vs gensim", got[0], -0.08642753263919419, 1e-15)
}

func TestHandNPMI(t *testing.T) {
	// NPMI = PMI / −ln(P(wi,wj) + ε):
	// NPMI(a,b) = 0.105361 / −ln(2/5) = 0.105361 / 0.916291 =  0.114986
	// NPMI(a,c) = −0.182322 / −ln(1/5) = −0.182322 / 1.609438 = −0.113283
	// NPMI(b,c) = −0.113283
	// mean = (2 · 0.114986 − 4 · 0.113283) / 6 = -0.037193 (gensim: -0.03719320126990823)
	nAB := ln((2.0/5+eps)/(3.0/5*3.0/5)) / -ln(2.0/5+eps)
	nAC := ln((1.0/5+eps)/(3.0/5*2.0/5)) / -ln(1.0/5+eps)
	want := (2*nAB + 4*nAC) / 6
	got := score1(t, handDocs, handTopic, NPMI, handWindow)
	near(t, "npmi", got[0], want, 1e-15)
	near(t, "npmi vs gensim", got[0], -0.03719320126990823, 1e-15)
}

func TestHandCV(t *testing.T) {
	// NPMI of a word with itself: ln(P / P²) / −ln P = 1 (up to ε).
	// Context vectors over (a, b, c):
	//   v(a) = (1, 0.114986, −0.113283)
	//   v(b) = (0.114986, 1, −0.113283)
	//   v(c) = (−0.113283, −0.113283, 1)
	//   v({a,b,c}) = v(a) + v(b) + v(c) = (1.001703, 1.001703, 0.773434)
	// cos(v(a), v(W)) = cos(v(b), v(W)) = 0.629561, cos(v(c), v(W)) = 0.334325
	// mean = 1.593447 / 3 = 0.531149 (gensim: 0.5311488170337944)
	n := func(co, pa, pb float64) float64 { return ln((co+eps)/(pa*pb)) / -ln(co+eps) }
	aa, bb, cc := n(3.0/5, 3.0/5, 3.0/5), n(3.0/5, 3.0/5, 3.0/5), n(2.0/5, 2.0/5, 2.0/5)
	ab, ac, bc := n(2.0/5, 3.0/5, 3.0/5), n(1.0/5, 3.0/5, 2.0/5), n(1.0/5, 3.0/5, 2.0/5)
	va := []float64{aa, ab, ac}
	vb := []float64{ab, bb, bc}
	vc := []float64{ac, bc, cc}
	vw := []float64{aa + ab + ac, ab + bb + bc, ac + bc + cc}
	cos := func(u, v []float64) float64 {
		var d, nu, nv float64
		for i := range u {
			d += u[i] * v[i]
			nu += u[i] * u[i]
			nv += v[i] * v[i]
		}
		return d / math.Sqrt(nu) / math.Sqrt(nv)
	}
	want := (cos(va, vw) + cos(vb, vw) + cos(vc, vw)) / 3
	got := score1(t, handDocs, handTopic, CV, handWindow)
	near(t, "cv", got[0], want, 1e-14)
	near(t, "cv vs gensim", got[0], 0.5311488170337944, 1e-15)
}

func TestHandUnseenWord(t *testing.T) {
	// Word 9 occurs in no document: gensim's Dictionary does not hold it,
	// so the topic is scored as {a, b, c}.
	for _, m := range []Measure{UMass, UCI, NPMI, CV} {
		want := score1(t, handDocs, handTopic, m, handWindow)
		got := score1(t, handDocs, [][]int32{{0, 9, 1, 2}}, m, handWindow)
		if got[0] != want[0] {
			t.Errorf("%s with an unseen word: %v, want %v", m, got[0], want[0])
		}
	}
}

func TestGensimWindows(t *testing.T) {
	// D: a b a c, window 3: windows {a,b,a} and {b,a,c}. gensim slides by
	// marking the word that leaves (a, at position 0) absent and the one
	// that enters (c) present, so it misses the a at position 2 in the
	// second window: W(a) = 1, W(a,c) = 0. Counting the positions, W(a) = 2
	// and W(a,c) = 1. (gensim 4.2.0 gives W(a) = 1, W(b) = 2, W(c) = 1,
	// W(a,b) = 1, W(a,c) = 0, W(b,c) = 1, N = 2.)
	docs := [][]int32{{0, 1, 0, 2}}
	topics := [][]int32{{0, 1, 2}}
	for _, tc := range []struct {
		exact          bool
		occ            []int64
		ab, ac, bc, nw int64
	}{
		{false, []int64{1, 2, 1}, 1, 0, 1, 2},
		{true, []int64{2, 2, 1}, 2, 1, 1, 2},
	} {
		v := newVocab(topics)
		p := &plan{v: v, windows: []int{3}, exact: tc.exact}
		cs, err := count(context.Background(), docs, p, 1)
		if err != nil {
			t.Fatal(err)
		}
		c := &cs[1]
		got := []int64{c.n, c.occ[0], c.occ[1], c.occ[2], v.co(c, 0, 1), v.co(c, 0, 2), v.co(c, 1, 2)}
		want := []int64{tc.nw, tc.occ[0], tc.occ[1], tc.occ[2], tc.ab, tc.ac, tc.bc}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("exact %v: N, W(a), W(b), W(c), W(a,b), W(a,c), W(b,c) = %v, want %v", tc.exact, got, want)
		}
	}
}

// bruteCounts counts every window separately: as gensim's
// WordOccurrenceAccumulator._slide_window does, or, if exact, as the set of
// words at the window's positions. size 0 means whole documents.
func bruteCounts(docs [][]int32, v *vocab, size int, exact bool) counts {
	c := newCounts(v, true)
	pairOf := make(map[[2]int32]int32)
	for a := range v.ids {
		for k := v.off[a]; k < v.off[a+1]; k++ {
			pairOf[[2]int32{int32(a), v.partner[k]}] = v.pair[k]
		}
	}
	tally := func(on []bool) {
		c.n++
		for a := range on {
			if !on[a] {
				continue
			}
			c.occ[a]++
			for b := a + 1; b < len(on); b++ {
				if k, ok := pairOf[[2]int32{int32(a), int32(b)}]; ok && on[b] {
					c.pair[k]++
				}
			}
		}
	}
	dense := func(x int32) int {
		if d, ok := v.index[x]; ok {
			return int(d)
		}
		return -1
	}
	set := func(win []int32) []bool {
		on := make([]bool, len(v.ids))
		for _, x := range win {
			if d := dense(x); d >= 0 {
				on[d] = true
			}
		}
		return on
	}
	for _, d := range docs {
		if size == 0 || len(d) <= size {
			tally(set(d))
			continue
		}
		on := set(d[:size])
		tally(on)
		for s := 1; s+size <= len(d); s++ {
			if exact {
				on = set(d[s : s+size])
			} else {
				if a := dense(d[s-1]); a >= 0 {
					on[a] = false
				}
				if b := dense(d[s+size-1]); b >= 0 {
					on[b] = true
				}
			}
			tally(on)
		}
	}
	return c
}

// TestCountsAgainstBrute checks the incremental counts against counting
// every window, on random documents with many repeated words.
func TestCountsAgainstBrute(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		vocabSize := 3 + rng.IntN(12)
		docs := make([][]int32, 1+rng.IntN(20))
		for i := range docs {
			docs[i] = make([]int32, rng.IntN(40))
			for j := range docs[i] {
				docs[i][j] = int32(rng.IntN(vocabSize))
			}
		}
		topics := make([][]int32, 1+rng.IntN(4))
		for i := range topics {
			topics[i] = make([]int32, 2+rng.IntN(5))
			for j := range topics[i] {
				topics[i][j] = int32(rng.IntN(vocabSize + 2)) // some never occur
			}
		}
		sizes := []int{1 + rng.IntN(12), 1 + rng.IntN(3), 20}
		for _, exact := range []bool{false, true} {
			v := newVocab(topics)
			p := &plan{v: v, windows: sizes, umassPairs: true, exact: exact}
			cs, err := count(context.Background(), docs, p, 1+rng.IntN(3))
			if err != nil {
				t.Fatal(err)
			}
			for i, size := range append([]int{0}, sizes...) {
				want := bruteCounts(docs, v, size, exact)
				if !reflect.DeepEqual(cs[i], want) {
					t.Fatalf("trial %d, exact %v, window %d: counts %+v, want %+v", trial, exact, size, cs[i], want)
				}
			}
		}
	}
}

// gensimGolden is the output of ../shared/peers/coherence_peer.py.
type gensimGolden struct {
	Peer     string `json:"peer"`
	Measures map[string]struct {
		Mean     float64   `json:"mean"`
		PerTopic []float64 `json:"per_topic"`
	} `json:"measures"`
}

func readLines(t testing.TB, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for line := range strings.Lines(string(b)) {
		out = append(out, strings.Fields(line))
	}
	return out
}

// TestGensimParity compares with gensim's CoherenceModel on the fixture in
// testdata (see testdata/README.md for how the golden files were made).
func TestGensimParity(t *testing.T) {
	texts := readLines(t, filepath.Join("testdata", "texts.txt"))
	var topics [][]string
	for _, tp := range readLines(t, filepath.Join("testdata", "topics.txt")) {
		if len(tp) > 0 {
			topics = append(topics, tp)
		}
	}
	docs, tops := Strings(texts, topics)
	for _, g := range []struct {
		file string
		opt  Options
	}{
		{"gensim.json", Options{}},
		{"gensim_window5.json", Options{Window: 5}},
	} {
		b, err := os.ReadFile(filepath.Join("testdata", g.file))
		if err != nil {
			t.Fatal(err)
		}
		var gold gensimGolden
		if err := json.Unmarshal(b, &gold); err != nil {
			t.Fatal(err)
		}
		for name, want := range gold.Measures {
			m, err := parseMeasure(name)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Score(context.Background(), docs, tops, []Measure{m}, g.opt)
			if err != nil {
				t.Fatal(err)
			}
			got := res[0]
			if len(got.PerTopic) != len(want.PerTopic) {
				t.Fatalf("%s %s: %d topics, want %d", g.file, name, len(got.PerTopic), len(want.PerTopic))
			}
			maxDiff := 0.0
			for i := range want.PerTopic {
				near(t, fmt.Sprintf("%s %s topic %d", g.file, name, i), got.PerTopic[i], want.PerTopic[i], 1e-12)
				maxDiff = max(maxDiff, math.Abs(got.PerTopic[i]-want.PerTopic[i]))
			}
			near(t, fmt.Sprintf("%s %s mean", g.file, name), got.Mean, want.Mean, 1e-12)
			t.Logf("%s %-6s max |diff| %.3g", g.file, name, maxDiff)

			// The definition by positions gives other numbers on this
			// fixture, whose windows repeat words.
			if m != UMass {
				opt := g.opt
				opt.ExactWindows = true
				ex, err := Score(context.Background(), docs, tops, []Measure{m}, opt)
				if err != nil {
					t.Fatal(err)
				}
				if reflect.DeepEqual(ex[0].PerTopic, got.PerTopic) {
					t.Errorf("%s %s: ExactWindows gives gensim's numbers; the fixture does not tell them apart", g.file, name)
				}
			}
		}
	}
}

// synthetic makes a corpus of n documents of length tokens over a Zipf
// vocabulary, and k topics of words picked among the frequent ones.
func synthetic(seed uint64, n, length, k, words int) (docs, topics [][]int32) {
	rng := rand.New(rand.NewPCG(seed, 0))
	z := rand.NewZipf(rng, 1.1, 2, 19999)
	flat := make([]int32, n*length)
	for i := range flat {
		flat[i] = int32(z.Uint64())
	}
	docs = make([][]int32, n)
	for i := range docs {
		docs[i] = flat[i*length : (i+1)*length]
	}
	topics = make([][]int32, k)
	for i := range topics {
		seen := map[int32]bool{}
		for len(topics[i]) < words {
			w := int32(rng.IntN(500))
			if !seen[w] {
				seen[w] = true
				topics[i] = append(topics[i], w)
			}
		}
	}
	return docs, topics
}

var allMeasures = []Measure{UMass, UCI, NPMI, CV}

func TestDeterminism(t *testing.T) {
	docs, topics := synthetic(7, 1000, 150, 20, 10)
	var first []Result
	for _, workers := range []int{1, 2, 8} {
		for _, exact := range []bool{false, true} {
			res, err := Score(context.Background(), docs, topics, allMeasures, Options{Workers: workers, ExactWindows: exact})
			if err != nil {
				t.Fatal(err)
			}
			if exact {
				continue
			}
			for i := range res {
				res[i].Seconds = 0
			}
			if first == nil {
				first = res
				continue
			}
			if !reflect.DeepEqual(res, first) {
				t.Errorf("workers %d: results differ from workers 1", workers)
			}
		}
	}
	for _, r := range first {
		for i, x := range r.PerTopic {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Errorf("%s topic %d: %v", r.Measure, i, x)
			}
		}
	}
}

func TestParseMeasures(t *testing.T) {
	got, err := ParseMeasures("umass, c_uci,NPMI,c_v")
	if err != nil {
		t.Fatal(err)
	}
	if want := []Measure{UMass, UCI, NPMI, CV}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, s := range []string{"", "umass,", "c_w2v", "umass,u_mass"} {
		if _, err := ParseMeasures(s); err == nil {
			t.Errorf("ParseMeasures(%q): no error", s)
		}
	}
	if _, err := ParseMeasures("foo"); !errors.Is(err, ErrMeasure) {
		t.Errorf("ParseMeasures(foo): %v, want ErrMeasure", err)
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	docs := handDocs
	for _, tc := range []struct {
		name     string
		docs     [][]int32
		topics   [][]int32
		measures []Measure
		opt      Options
		want     error
	}{
		{"no documents", nil, handTopic, allMeasures, Options{}, ErrInput},
		{"no topics", docs, nil, allMeasures, Options{}, ErrInput},
		{"empty topic", docs, [][]int32{{0, 1}, {}}, allMeasures, Options{}, ErrInput},
		{"one word", docs, [][]int32{{0}}, []Measure{CV}, Options{}, ErrInput},
		{"one word occurs", docs, [][]int32{{0, 9}}, []Measure{UMass}, Options{}, ErrInput},
		{"negative topic id", docs, [][]int32{{0, -1}}, allMeasures, Options{}, ErrInput},
		{"negative doc id", [][]int32{{0, 1}, {2, -5}}, handTopic, allMeasures, Options{}, ErrInput},
		{"negative window", docs, handTopic, allMeasures, Options{Window: -1}, ErrInput},
		{"negative workers", docs, handTopic, allMeasures, Options{Workers: -1}, ErrInput},
		{"no measures", docs, handTopic, nil, Options{}, ErrMeasure},
		{"unknown measure", docs, handTopic, []Measure{"c_w2v"}, Options{}, ErrMeasure},
	} {
		_, err := Score(ctx, tc.docs, tc.topics, tc.measures, tc.opt)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Score(cctx, docs, handTopic, allMeasures, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v", err)
	}
}

func TestLargeIDs(t *testing.T) {
	// Ids beyond the lookup table go through a map; the scores are the same.
	const big = 1 << 30
	shift := func(x [][]int32) [][]int32 {
		out := make([][]int32, len(x))
		for i, s := range x {
			for _, w := range s {
				out[i] = append(out[i], w+big)
			}
		}
		return out
	}
	for _, m := range allMeasures {
		want := score1(t, handDocs, handTopic, m, handWindow)
		got := score1(t, shift(handDocs), shift(handTopic), m, handWindow)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: large ids give %v, want %v", m, got, want)
		}
	}
}

func TestStrings(t *testing.T) {
	docs, topics := Strings(
		[][]string{{"the", "cat", "sat"}, {}, {"a", "dog"}},
		[][]string{{"dog", "cat"}, {"cat", "bird"}},
	)
	wantTopics := [][]int32{{0, 1}, {1, 2}}
	wantDocs := [][]int32{{3, 1, 4}, {}, {5, 0}}
	if !reflect.DeepEqual(topics, wantTopics) || !reflect.DeepEqual(docs, wantDocs) {
		t.Errorf("Strings: %v %v, want %v %v", docs, topics, wantDocs, wantTopics)
	}
}

func BenchmarkScore(b *testing.B) {
	docs, topics := synthetic(1, 10000, 100, 20, 10)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Score(context.Background(), docs, topics, allMeasures, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
