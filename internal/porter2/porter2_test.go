package porter2

import (
	"bytes"
	"go/build"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/kljensen/snowball/english"
)

// moduleRoot is the module's folder, seen from this package's.
const moduleRoot = "../.."

// sharedCorpora is the folder of the real corpora: $CORPORA, or
// shared/corpora beside the project (as bench/identity.sh finds them).
func sharedCorpora() string {
	if dir := os.Getenv("CORPORA"); dir != "" {
		return dir
	}
	return filepath.Join(moduleRoot, "..", "shared", "corpora")
}

// accepts is the contract of what Stem takes: every byte in [a-z0-9_].
func accepts(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// compareWithReference stems every word both ways and reports mismatches; it
// returns how many words Stem accepted and compared.
func compareWithReference(t *testing.T, words []string) int {
	t.Helper()
	var dst []byte
	n, bad := 0, 0
	for _, w := range words {
		got, ok := Stem(dst, []byte(w))
		if ok != accepts(w) {
			t.Fatalf("Stem(%q) accepted = %v, want %v", w, ok, !ok)
		}
		if !ok {
			continue
		}
		dst = got
		n++
		if want := english.Stem(w, true); string(got) != want {
			if bad++; bad <= 30 {
				t.Errorf("Stem(%q) = %q, english.Stem = %q", w, got, want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d words differ", bad, n)
	}
	return n
}

// addTokens appends the distinct runs of two or more [a-z0-9_] bytes
// (the regexp [a-z0-9_]{2,}) of the lower-cased text to seen.
func addTokens(seen map[string]struct{}, text []byte) {
	text = bytes.ToLower(text)
	for i := 0; i < len(text); {
		if !accepted[text[i]] {
			i++
			continue
		}
		j := i
		for j < len(text) && accepted[text[j]] {
			j++
		}
		if j-i >= 2 {
			if _, ok := seen[string(text[i:j])]; !ok {
				seen[string(text[i:j])] = struct{}{}
			}
		}
		i = j
	}
}

// dirWords returns the sorted distinct tokens of the files under the
// directories.
func dirWords(tb testing.TB, dirs ...string) []string {
	tb.Helper()
	seen := make(map[string]struct{})
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			text, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			addTokens(seen, text)
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	words := make([]string, 0, len(seen))
	for w := range seen {
		words = append(words, w)
	}
	sort.Strings(words)
	return words
}

// stepSuffixes are the suffixes of every step, and a few of the endings
// the steps leave or create.
var stepSuffixes = strings.Fields(`
	s ss us sses ied ies eed eedly ed edly ing ingly
	y Y ational tional enci anci abli entli izer ization ation ator alism
	aliti alli fulness ousli ousness iveness iviti biliti bli ogi fulli
	lessli li alize icate iciti ical ful ness ative al ance ence er ic able
	ible ant ement ment ent ism ate iti ous ive ize ion sion tion e l ll
	at bl iz bb dd ff gg mm nn pp rr tt ly ily ably ibly ally ed es ings
	ers ies ness less ful ably ities ations ments ists ism isms izing ized
	izes izations alities abilities ively ingly edly eedly iest ier eer
	eers eering gener commun arsen`)

// trickyWords are hand-picked words for every rule of the stemmer.
var trickyWords = strings.Fields(`
	a i s y _ 1 9 z as is us ss ys ye yy ay by my 3d _s s_ ab aa
	ies ied yes yys say cry dry sky sly ski bus gas yay ayy yyy eyy
	skis skies dying lying tying idly gently ugly early only singly sky news
	howe atlas cosmos bias andes inning innings outing outings canning
	cannings herring herrings earring earrings proceed proceeds proceeded
	proceeding exceed exceeds exceeded exceeding succeed succeeds succeeded
	succeeding skiing skied dyings newsy biases atlases cosmoses andess
	boy boys toy toying buy buying enjoy enjoyed player layered yoyo yoyos
	youth eyes dye dyeing dyed lyed yelled yearly yielding bayonet sayings
	obeyed conveyance employee employees royalty joyfully betrayal journeys
	general generate generation generous gener generic generically
	generalization generalizations genera generals commune communal
	community communism communication commun communities arsenal arsenic
	arsen arsenals arsenide generativ communally
	caresses ponies ties cries dies died tied cried gaps kiwis this cactus
	press agreed feed bleed guaranteed agreedly feedly indeedly fished
	pirating luxuriated luxuriating troubled sized hopped hoped hopping
	hoping filed failed fitted rated rolled hissed fizzed falling
	controlling disabled tanned caring ed ing bed sing singing matting
	mating meeting milling messing meetings happy happily
	relational conditional rational valenci hesitanci digitizer conformabli
	radicalli differentli vileli analogousli vietnamization predication
	operator feudalism decisiveness hopefulness callousness formaliti
	sensitiviti sensibiliti fruitfulli carelessli triplicate formative
	formalize electriciti electrical hopeful goodness revival allowance
	inference airliner gyroscopic adjustable defensible irritant
	replacement adjustment dependent adoption homologou activate
	angulariti homologous effective bowdlerize probate rate cease controll
	roll analogi geologi biologi phraseologi ogi logi technologies
	apologies nationally nationalities generalities abilities usefulness
	kindly friendly likely lately hugely oddly badly warmly madly bli li
	eli ali nli tli cli dli gli hli kli mli rli
	sion tion ion lion vision fusion cation nation ration station
	sensational sensationalism ational tional anci ance ence ement ment
	ent ness ful alli ator izer aliti alism
	1990s 2000 123 mp3s a1 x_y __ ___ ___ing foo_bar snake_case_names y2k
	4ever ies1 1ies _ies 0ed ing_ _ing 9ly ly1 abc123ing 12ness
	ration rationale rationally rationalization irrationalities
	agree agreement agreements disagreement disagreements feeding feeds
	need needed needing needs heed heeded seed seeded speedily speeded
	hopeless hopelessly fullness fully fulfil fulfill fulfilled
	motorbike beautiful beautifully beauty beauties
	wed wedding weddings seed sed sing sings sling slings string strings
	bring brings ring rings king kings thing things nothing something
	tax taxes taxed fox boxes boxing mixed waxed sewing showed bowed owed
	fizz fizzes buzz buzzed tizz quizzes quizzed
	ill fall falls tall tell tells spell spelled spellings willing
	eee eeed eeing eing ieing aing oing uing yeing yying
	us uses usses ss sses ssss sssess ssed ssing`)

// exhaustive returns every word of length 1 to maxLen over the
// alphabet.
func exhaustive(alphabet string, maxLen int) []string {
	var words []string
	var rec func(prefix []byte)
	rec = func(prefix []byte) {
		if len(prefix) > 0 {
			words = append(words, string(prefix))
		}
		if len(prefix) == maxLen {
			return
		}
		for i := 0; i < len(alphabet); i++ {
			rec(append(prefix, alphabet[i]))
		}
	}
	rec(nil)
	return words
}

// combinations returns the words prefix+suffix and prefix+suffix+suffix
// for short prefixes and the step suffixes.
func combinations() []string {
	prefixes := []string{"", "a", "b", "y", "e", "ab", "ba", "by", "yb", "ay", "ya",
		"bab", "aba", "bay", "lab", "hop", "tr", "str", "gener", "commun",
		"arsen", "xyz", "eye", "syl", "3", "_", "ww", "awx", "sy", "cly",
		"nation", "condition", "sens", "valu", "digit", "form", "hope"}
	sfx := stepSuffixes
	var words []string
	for _, p := range prefixes {
		for _, s1 := range sfx {
			words = append(words, strings.ToLower(p+s1))
			for _, s2 := range sfx {
				words = append(words, strings.ToLower(p+s1+s2))
			}
		}
	}
	return words
}

// randomWords returns n pseudo-random English-like words: an
// optional prefix, one or two roots or random syllables, and up to three
// suffixes, now and then with a digit or underscore.
func randomWords(n int) []string {
	r := rand.New(rand.NewPCG(20240601, 42))
	prefixes := strings.Fields(`un re dis in pre over under inter gener commun
		arsen y by sky eye co de ex mis non out sub super trans anti auto`)
	roots := strings.Fields(`nation relat condit ration valu digit form hope
		sens activ adjust depend adopt effect probat electr hesit confor
		radic differ analog predic operat feud decis call fruit care trip
		revive allow infer airlin gyroscop irrit replac bowdler ceas control
		roll geolog biolog technolog apolog kind friend like late huge odd
		bad warm mad agree feed bleed guarant fish pirat luxuri troubl siz
		hop fil fail fit rat hiss fizz fall tann car mat meet mill mess happ
		play lay enjoy employ convey obey journ ski dy ly ty id gent ug earl
		sing news howe atlas cosm bias ande inn out cann herr earr proce
		exce succe gas kiwi cact press bus box tax wax sew show bow ow
		commit occur prefer refer admit equip quiz buzz spell fulfil`)
	consonants := "bcdfghjklmnpqrstvwxyzssttnnlrr"
	vowels := "aeiouyaeioue"
	words := make([]string, 0, n)
	var b []byte
	for len(words) < n {
		b = b[:0]
		if r.IntN(4) == 0 {
			b = append(b, prefixes[r.IntN(len(prefixes))]...)
		}
		for k := 1 + r.IntN(2); k > 0; k-- {
			if r.IntN(3) == 0 {
				// A random syllable or two.
				for m := 1 + r.IntN(2); m > 0; m-- {
					if r.IntN(4) != 0 {
						b = append(b, consonants[r.IntN(len(consonants))])
					}
					b = append(b, vowels[r.IntN(len(vowels))])
					if r.IntN(2) == 0 {
						b = append(b, consonants[r.IntN(len(consonants))])
					}
				}
			} else {
				b = append(b, roots[r.IntN(len(roots))]...)
			}
		}
		for k := r.IntN(4); k > 0; k-- {
			b = append(b, strings.ToLower(stepSuffixes[r.IntN(len(stepSuffixes))])...)
		}
		if r.IntN(50) == 0 {
			i := r.IntN(len(b) + 1)
			c := "0123456789_"[r.IntN(11)]
			b = append(b[:i], append([]byte{c}, b[i:]...)...)
		}
		words = append(words, string(b))
	}
	return words
}

// kljensenVocabulary reads the input words of the vocabulary test of
// kljensen/snowball, in the module cache at the version ../go.mod requires,
// or returns nil when it cannot be found.
func kljensenVocabulary(t *testing.T) []string {
	gomod, err := os.ReadFile(filepath.Join(moduleRoot, "go.mod"))
	if err != nil {
		t.Logf("go.mod not read: %v", err)
		return nil
	}
	m := regexp.MustCompile(`github\.com/kljensen/snowball (v\S+)`).FindSubmatch(gomod)
	if m == nil {
		return nil
	}
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		cache = filepath.Join(filepath.SplitList(build.Default.GOPATH)[0], "pkg", "mod")
	}
	path := filepath.Join(cache, "github.com", "kljensen", "snowball@"+string(m[1]), "english_vocab", "vocab_test.go")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Logf("kljensen vocabulary not read: %v", err)
		return nil
	}
	var words []string
	for _, m := range regexp.MustCompile(`\{"([^"]*)", "([^"]*)"\}`).FindAllSubmatch(src, -1) {
		words = append(words, string(m[1]))
	}
	return words
}

func TestStemMatchesKljensen(t *testing.T) {
	t.Run("kljensen_vocabulary", func(t *testing.T) {
		words := kljensenVocabulary(t)
		if len(words) == 0 {
			t.Skip("kljensen/snowball's english_vocab/vocab_test.go not found in the module cache")
		}
		n := compareWithReference(t, words)
		t.Logf("%d of %d vocabulary words compared", n, len(words))
	})
	t.Run("testdata_corpus", func(t *testing.T) {
		words := dirWords(t, filepath.Join(moduleRoot, "testdata", "corpus"))
		n := compareWithReference(t, words)
		t.Logf("%d corpus words compared", n)
	})
	t.Run("tricky", func(t *testing.T) {
		words := append([]string(nil), trickyWords...)
		for _, s := range stepSuffixes {
			words = append(words, strings.ToLower(s))
		}
		n := compareWithReference(t, words)
		t.Logf("%d tricky words compared", n)
	})
	t.Run("combinations", func(t *testing.T) {
		n := compareWithReference(t, combinations())
		t.Logf("%d prefix+suffix(+suffix) words compared", n)
	})
	t.Run("exhaustive", func(t *testing.T) {
		words := exhaustive("aeiysdltngbwx", 5)
		n := compareWithReference(t, words)
		t.Logf("%d words of length 1-5 over 13 letters compared", n)
	})
	t.Run("random", func(t *testing.T) {
		n := compareWithReference(t, randomWords(200000))
		t.Logf("%d pseudo-random words compared", n)
	})
}

func TestStemSharedCorpora(t *testing.T) {
	root := sharedCorpora()
	var dirs []string
	for _, name := range []string{"bbc", "reuters"} {
		dir := filepath.Join(root, name)
		if _, err := os.Stat(dir); err != nil {
			t.Skipf("shared corpus %s not found (%v): set CORPORA or put them in shared/corpora beside the project", name, err)
		}
		dirs = append(dirs, dir)
	}
	words := dirWords(t, dirs...)
	n := compareWithReference(t, words)
	t.Logf("%d distinct bbc+reuters tokens compared", n)
}

func TestStemRejects(t *testing.T) {
	dst := []byte("keep")
	for _, w := range []string{"Running", "don't", "'s", "naïve", "café", "a b", " x", "x\n",
		"a-b", "A", "Y", "yes!", "\xff", "\x00"} {
		got, ok := Stem(dst, []byte(w))
		if ok || string(got) != "keep" {
			t.Errorf("Stem(%q) = %q, %v; want dst unchanged, false", w, got, ok)
		}
	}
	if got, ok := Stem(dst, nil); !ok || len(got) != 0 {
		t.Errorf("Stem(empty) = %q, %v; want empty, true", got, ok)
	}
}

func TestStemInPlaceAndNoAlloc(t *testing.T) {
	words := append(dirWords(t, filepath.Join(moduleRoot, "testdata", "corpus")), trickyWords...)
	// Stemming in place (dst = word[:0]) gives the same stem.
	for _, w := range words {
		buf := []byte(w)
		got, ok := Stem(buf[:0], buf)
		if ok && string(got) != english.Stem(w, true) {
			t.Errorf("in place: %q -> %q, want %q", w, got, english.Stem(w, true))
		}
	}
	// With room in dst, nothing is allocated.
	in := make([][]byte, len(words))
	for i, w := range words {
		in[i] = []byte(w)
	}
	dst := make([]byte, 0, 64)
	allocs := testing.AllocsPerRun(10, func() {
		for _, w := range in {
			dst, _ = Stem(dst, w)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run of %d words, want 0", allocs, len(in))
	}
}

func FuzzStem(f *testing.F) {
	for _, w := range trickyWords {
		f.Add(w)
	}
	f.Add("Don't")
	f.Add("naïve")
	f.Fuzz(func(t *testing.T, w string) {
		checkOne(t, w)
		// Also the input mapped onto [a-z0-9_], so that every input
		// exercises the stemmer; vowels and y are made more frequent.
		const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_aeiouyaeiouyselnt"
		p := []byte(w)
		for i, c := range p {
			p[i] = alphabet[int(c)%len(alphabet)]
		}
		checkOne(t, string(p))
	})
}

// checkOne checks Stem on one word against english.Stem.
func checkOne(t *testing.T, w string) {
	t.Helper()
	in := []byte(w)
	dst := []byte("some old content of dst")
	got, ok := Stem(dst, in)
	if string(in) != w {
		t.Fatalf("input modified: %q -> %q", w, in)
	}
	if ok != accepts(w) {
		t.Fatalf("Stem(%q) accepted = %v, want %v", w, ok, !ok)
	}
	if !ok {
		if string(got) != "some old content of dst" {
			t.Fatalf("rejected %q but changed dst to %q", w, got)
		}
		return
	}
	if want := english.Stem(w, true); string(got) != want {
		t.Fatalf("Stem(%q) = %q, english.Stem = %q", w, got, want)
	}
}

// benchSets caches benchWords.
var benchSets map[string][]string

// benchWords returns the distinct tokens of the test corpus
// ("testdata") and, when present, of the shared BBC corpus ("bbc").
func benchWords(b *testing.B) map[string][]string {
	if benchSets == nil {
		sets := map[string][]string{"testdata": dirWords(b, filepath.Join(moduleRoot, "testdata", "corpus"))}
		dir := filepath.Join(sharedCorpora(), "bbc")
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			sets["bbc"] = dirWords(b, dir)
		}
		benchSets = sets
	}
	return benchSets
}

func BenchmarkStem(b *testing.B) {
	for _, name := range []string{"testdata", "bbc"} {
		b.Run(name, func(b *testing.B) {
			words := benchWords(b)[name]
			if words == nil {
				b.Skipf("shared corpus %s not found", name)
			}
			in := make([][]byte, len(words))
			for i, w := range words {
				in[i] = []byte(w)
			}
			dst := make([]byte, 0, 64)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for _, w := range in {
					dst, _ = Stem(dst, w)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(in)), "ns/word")
			b.ReportMetric(float64(len(in)), "words")
		})
	}
}

func BenchmarkStemKljensen(b *testing.B) {
	for _, name := range []string{"testdata", "bbc"} {
		b.Run(name, func(b *testing.B) {
			words := benchWords(b)[name]
			if words == nil {
				b.Skipf("shared corpus %s not found", name)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for _, w := range words {
					english.Stem(w, true)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(words)), "ns/word")
			b.ReportMetric(float64(len(words)), "words")
		})
	}
}
