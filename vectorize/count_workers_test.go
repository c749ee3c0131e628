package vectorize

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nmftopics/nmftopics/corpus"
)

// These tests check that a worker's per-term and per-word arrays hold every
// term and word it meets, however far ahead of the terms it has met the
// dictionary's numbers jump: a worker that is busy while another numbers
// many new terms then meets terms numbered far ahead (issue "Reliability
// II": before the fix, the arrays of a term's counts grew by rules that
// drifted apart, and a term could fit in one and not the others).

// xWords returns "x00000 x00001 …" for i in [from, to), space separated:
// words the default analyzer keeps as they are, one term each.
func xWords(from, to int) string {
	var b strings.Builder
	for i := from; i < to; i++ {
		fmt.Fprintf(&b, "x%05d ", i)
	}
	return b.String()
}

// TestCountIssueReliabilityII counts the issue's corpus with two workers:
// one numbers the 30,000 words of a00.txt while the other reads the long
// stop-word files b16…b30, then meets x10000 x10001 x20002 in b31.txt,
// numbered far ahead of any term it has met. Before the fix this panicked
// every time with "index out of range [20002] with length 20002".
func TestCountIssueReliabilityII(t *testing.T) {
	reps := 300000 // as in the issue
	if testing.Short() {
		reps = 100000 // still long enough for the other worker to number a00.txt first, and streamed
	}
	files := map[string]string{"a00.txt": strings.TrimSpace(xWords(0, 30000))}
	for i := 1; i <= 15; i++ {
		files[fmt.Sprintf("a%02d.txt", i)] = "hello"
	}
	stop := strings.Repeat("the and of ", reps)
	for i := 16; i <= 30; i++ {
		files[fmt.Sprintf("b%02d.txt", i)] = stop
	}
	files["b31.txt"] = "x10000 x10001 x20002"
	dir := writeCorpus(t, files)
	two := countDir(t, dir, DefaultSettings(), CountOptions{Workers: 2, KeepTokens: true})
	one := countDir(t, dir, DefaultSettings(), CountOptions{Workers: 1, KeepTokens: true})
	if !reflect.DeepEqual(one, two) {
		t.Errorf("two workers give other counts than one")
	}
	if len(one.Terms) != 30001 || len(one.Docs) != 32 {
		t.Errorf("%d terms in %d documents, want 30001 in 32", len(one.Terms), len(one.Docs))
	}
}

// analyzers returns the default analyzer for each of Count's three paths:
// folded (analysis memoized per word, ASCII ones by their lower-cased
// form), memo (analysis memoized per raw token) and plain (every token
// analyzed).
func analyzers(t testing.TB) map[string]*Analyzer {
	t.Helper()
	folded, _ := NewAnalyzer(DefaultSettings())
	memo, _ := NewAnalyzer(DefaultSettings())
	memo.Tokenizer = otherTokenizer{}
	plain, _ := NewAnalyzer(DefaultSettings())
	for i, flt := range plain.Filters {
		plain.Filters[i] = notTermOnly{flt}
	}
	if !folded.wordsLowerCased() || memo.wordsLowerCased() || !memo.termOnly() || plain.termOnly() {
		t.Fatal("the analyzers do not take the three paths")
	}
	return map[string]*Analyzer{"folded": folded, "memo": memo, "plain": plain}
}

// TestWorkerTermJump has one worker number many terms and then another,
// which has met few or none, analyze documents whose terms are numbered far
// ahead, in the orders that made the per-term arrays drift apart: no
// scheduling is involved, so it fails every time if they do.
func TestWorkerTermJump(t *testing.T) {
	jumps := [][]int{
		{10000, 10001, 20002}, // the issue's
		{5000, 5001, 10002, 10003, 20006, 20007, 29999},
		{4095, 4096, 8191, 8192, 16383, 16384},
		{29999, 0, 1, 29998},
		{0, 4094, 4095, 9000, 9001, 18002, 18003, 18004},
	}
	// Documents of terms first met in increasing order, from a jump on:
	// every index the arrays can reach is met.
	froms := []int{4095, 6001, 7777}
	if testing.Short() {
		froms = froms[:1]
	}
	for _, from := range froms {
		var run []int
		for i := from; i < 30000; i++ {
			run = append(run, i)
		}
		jumps = append(jumps, run)
	}
	for name, a := range analyzers(t) {
		for _, opt := range []CountOptions{{KeepTokens: true}, {DictionaryOnly: true}} {
			dict := newDictionary(a)
			ctx := context.Background()
			first := newWorker(a, dict, opt, nil)
			if res := first.analyze(ctx, corpus.Document{ID: "a", Text: []byte(xWords(0, 30000))}); res.err != nil || len(res.terms) != 30000 {
				t.Fatalf("%s: the first worker found %d terms (%v)", name, len(res.terms), res.err)
			}
			for _, seq := range jumps {
				other := newWorker(a, dict, opt, nil) // with none of the dictionary's terms met
				var text strings.Builder
				for _, i := range seq {
					fmt.Fprintf(&text, "x%05d ", i)
				}
				// A second document with a new term and word, numbered after the
				// others: the counts of the first were cleared.
				for d, extra := range []string{"", "Héllo"} {
					res := other.analyze(ctx, corpus.Document{ID: "b", Text: []byte(text.String() + extra)})
					if res.err != nil {
						t.Fatal(res.err)
					}
					want := seq
					if extra != "" {
						want = append(slices.Clip(seq), 30000)
					}
					if len(res.terms) != len(want) {
						t.Fatalf("%s %v, document %d: %d terms, want %d", name, seq[:min(len(seq), 8)], d, len(res.terms), len(want))
					}
					for k, i := range want {
						if res.terms[k] != int32(i) {
							t.Fatalf("%s: term %d numbered %d, want %d", name, k, res.terms[k], i)
						}
					}
				}
				c := &other.counts
				if len(c.df) != len(c.cf) || len(c.docCount) != len(c.df)+1 {
					t.Errorf("%s %v: %d documents, %d occurrences and %d document counts kept per term", name, seq[:min(len(seq), 8)],
						len(c.df), len(c.cf), len(c.docCount))
				}
				for _, i := range seq {
					if c.df[i] != 2 || c.cf[i] != 2 {
						t.Fatalf("%s: term %d in %d documents, %d times, want 2 and 2", name, i, c.df[i], c.cf[i])
					}
				}
			}
		}
	}
}

// adversarialCorpora returns in-memory corpora that stress how the workers
// share the dictionary: terms first met in every worker, huge jumps in the
// term numbers a worker meets, empty, binary and stop-word-only documents,
// non-ASCII words, words over 16 and 64 bytes. n scales the largest;
// stopReps is how many times the stop words that keep a worker busy are
// repeated in each of their documents.
func adversarialCorpora(n, stopReps int) map[string][]corpus.Document {
	rng := rand.New(rand.NewPCG(11, 12))
	doc := func(i int, s string) corpus.Document {
		return corpus.Document{ID: fmt.Sprintf("%05d", i), Text: []byte(s)}
	}
	out := map[string][]corpus.Document{}

	// The issue's shape in memory: one document of n new terms, then in
	// each later batch stop words, read while the first batch's worker
	// numbers those terms, and a document of terms from t1 to 2*t1+2 in
	// increasing order, the first that batch's worker meets (t1 at least
	// the arrays' initial 4096): the arrays grow from t1's index by doubling.
	var jump []corpus.Document
	jump = append(jump, doc(0, xWords(0, n)))
	for i := 1; i < 16; i++ {
		jump = append(jump, doc(i, "hello"))
	}
	stop := strings.Repeat("the and of ", stopReps)
	for b := 1; b < 4; b++ {
		for i := 16 * b; i < 16*b+15; i++ {
			jump = append(jump, doc(i, stop))
		}
		t1 := n*2/5 - 97*b
		jump = append(jump, doc(16*b+15, xWords(t1, 2*t1+3)))
	}
	out["jump"] = jump

	// Each document brings its own new terms, so every worker numbers some
	// and meets others' far ahead.
	var spread []corpus.Document
	for i := range 200 {
		k := 5 + rng.IntN(40)
		if i%37 == 0 {
			k = n / 4
		}
		var b strings.Builder
		for j := range k {
			fmt.Fprintf(&b, "d%03dw%05d ", i, j)
			if j%5 == 0 { // and some earlier document's, numbered by another worker
				p := rng.IntN(i + 1)
				fmt.Fprintf(&b, "d%03dw%05d ", p, rng.IntN(5))
			}
		}
		spread = append(spread, doc(i, b.String()))
	}
	out["spread"] = spread

	// Odd documents: empty, binary, stop words only, not ASCII, not UTF-8,
	// long words, between documents of many new terms.
	long := strings.Repeat("Abcdefghij", 7) // 70 bytes
	odd := []string{
		"", "\x00binary", "the and of THE", "café Café CAFÉ naïve 日本語 テキスト Ωμέγα",
		"caf\xe9 \xa3 na\xefve", long + " " + long + "x " + strings.ToUpper(long) + " é" + long,
		"internationalizations INTERNATIONALIZATIONS internationalization_x", "a b c", "   \n\t ",
	}
	var mixed []corpus.Document
	for i := range 300 {
		switch {
		case i%50 == 7:
			mixed = append(mixed, doc(i, xWords(i*n/10, i*n/10+n/3)))
		case i%3 == 0:
			mixed = append(mixed, doc(i, odd[rng.IntN(len(odd))]))
		default:
			var b strings.Builder
			for range 1 + rng.IntN(30) {
				fmt.Fprintf(&b, "x%05d %s ", rng.IntN(n*3), odd[rng.IntN(len(odd))])
			}
			mixed = append(mixed, doc(i, b.String()))
		}
	}
	out["mixed"] = mixed
	return out
}

// TestCountWorkersAdversarial checks that Count gives the same counts with
// 1, 2, 3 and 8 workers on the adversarial corpora, on each of its paths,
// keeping tokens and counting the dictionary only. In short mode (as under
// the race detector in CI) the corpora are smaller, 8 workers are left out
// and the memo and plain paths are run with one of the options each.
func TestCountWorkersAdversarial(t *testing.T) {
	n, stopReps := 30000, 90000
	workers := []int{2, 3, 8}
	if testing.Short() {
		n, stopReps = 12000, 12000
		workers = workers[:2]
	}
	for cname, docs := range adversarialCorpora(n, stopReps) {
		for aname, a := range analyzers(t) {
			for _, opt := range []CountOptions{{KeepTokens: true}, {DictionaryOnly: true}} {
				if testing.Short() && (aname == "memo" && opt.DictionaryOnly || aname == "plain" && opt.KeepTokens) {
					continue
				}
				opt.Workers = 1
				one, err := Count(context.Background(), docs, a, opt)
				if err != nil {
					t.Fatal(err)
				}
				for _, w := range workers {
					opt.Workers = w
					many, err := Count(context.Background(), docs, a, opt)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(one, many) {
						t.Errorf("%s, %s path, dictionary only %v: %d workers give other counts than one", cname, aname, opt.DictionaryOnly, w)
					}
				}
			}
		}
	}
}

// fuzzCorpus builds documents from fuzz input: text cut at '#' into up to
// 64 documents, a document of terms new distinct words put among them at
// position at, and in every document a few of those words chosen by its
// bytes: when it holds a '!', a run of them in increasing order from its
// first, and when its length is odd, three others; so that workers meet
// words another numbered, far ahead.
func fuzzCorpus(text []byte, terms uint16, at uint8) []corpus.Document {
	parts := strings.SplitN(string(text), "#", 64)
	nt := int(terms) % 20000
	var docs []corpus.Document
	for i, p := range parts {
		if i == int(at)%(len(parts)+1) && nt > 0 {
			docs = append(docs, corpus.Document{Text: []byte(xWords(0, nt))})
		}
		b := []byte(p)
		if rest, ok := strings.CutPrefix(p, "~"); ok { // a busy document: its text 30,000 times
			b = bytes.Repeat([]byte(rest), 30000)
		}
		if nt > 0 {
			h := uint32(i)*2654435761 + uint32(len(p))
			for _, c := range []byte(p) {
				h = h*31 + uint32(c)
			}
			if strings.Contains(p, "!") && nt >= 3 { // terms t1 to 2*t1+2, in increasing order
				t1 := max(0, (nt-3)/2-int(h%uint32(nt/4+1)))
				b = append(b, ' ')
				b = append(b, xWords(t1, 2*t1+3)...)
			}
			for k := range 3 * (len(p) % 2) {
				b = fmt.Appendf(b, " x%05d", (int(h>>(8*k))*(k+1))%nt)
			}
		}
		docs = append(docs, corpus.Document{Text: b})
	}
	if int(at)%(len(parts)+1) == len(parts) && nt > 0 {
		docs = append(docs, corpus.Document{Text: []byte(xWords(0, nt))})
	}
	for i := range docs {
		docs[i].ID = fmt.Sprint(i)
	}
	return docs
}

// The fuzz input stays small: a part that starts with "~" stands for its
// text repeated 30,000 times (a long stop-word document that keeps a worker
// busy), so the mutator never works on megabytes.
//
// FuzzCountWorkers checks that Count with several workers counts a corpus
// built from the fuzz input (fuzzCorpus) as one worker does, on the path
// and with the options the input chooses.
func FuzzCountWorkers(f *testing.F) {
	f.Add([]byte("The People's PARTIES ran#the and of#café CAFÉ#"), uint16(12000), uint8(0), uint8(1), uint8(0))
	f.Add([]byte("#####x#y#z####"), uint16(9000), uint8(1), uint8(6), uint8(1))
	f.Add([]byte("hello#hello#hello#hello#hello#hello#hello#hello#hello#hello#hello#hello#hello#hello#hello#hello#x10000 x10001 x20002"), uint16(19999), uint8(0), uint8(0), uint8(2))
	f.Add([]byte("a\x00b#caf\xe9#日本語 テキスト#"+strings.Repeat("Abcdefghij", 8)+"#the"), uint16(4097), uint8(3), uint8(2), uint8(4))
	f.Add([]byte(""), uint16(0), uint8(0), uint8(3), uint8(5))
	f.Add([]byte(strings.Repeat("word#", 40)), uint16(5000), uint8(20), uint8(7), uint8(3))
	// The issue's shape: stop words in the batches after the first, then a
	// run of terms numbered far ahead.
	busy := "hello#hello#hello#hello#hello#hello#hello#hello#hello#hello#hello#hello#hello#hello#hello#" +
		strings.Repeat("~the and of #", 15) + "!!"
	for mode := range uint8(3) {
		f.Add([]byte(busy), uint16(19999), uint8(0), uint8(0), mode)
	}
	paths := analyzers(f)
	names := []string{"folded", "memo", "plain"}
	f.Fuzz(func(t *testing.T, text []byte, terms uint16, at, workers, mode uint8) {
		docs := fuzzCorpus(text, terms, at)
		a := paths[names[int(mode)%3]]
		opt := CountOptions{Workers: 1, KeepTokens: mode&4 == 0, DictionaryOnly: mode&8 != 0}
		one, err1 := Count(context.Background(), docs, a, opt)
		opt.Workers = 2 + int(workers)%7
		many, err := Count(context.Background(), docs, a, opt)
		if (err1 == nil) != (err == nil) {
			t.Fatalf("one worker: %v; %d workers: %v", err1, opt.Workers, err)
		}
		if err1 == nil && !reflect.DeepEqual(one, many) {
			t.Fatalf("%d workers give other counts than one", opt.Workers)
		}
	})
}
