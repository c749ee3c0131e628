package vectorize

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"
)

func terms(ts TokenStream) string {
	var s []string
	for _, t := range ts {
		s = append(s, string(t.Term))
	}
	return strings.Join(s, " ")
}

// TestWordTokenizer checks the tokens' terms and positions; the words a text
// holds are textscan's contract (and FuzzWordTokenizer's).
func TestWordTokenizer(t *testing.T) {
	ts := WordTokenizer{}.Tokenize(nil, []byte("Hello, café-goers: £50m, e.g. x²!"))
	if got, want := terms(ts), "Hello café goers 50m x²"; got != want {
		t.Errorf("terms %q, want %q", got, want)
	}
	for i, tk := range ts {
		if tk.Position != i {
			t.Errorf("token %d (%s) at position %d", i, tk.Term, tk.Position)
		}
	}
}

func TestAnalyzerPipeline(t *testing.T) {
	a, err := NewAnalyzer(DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	text := []byte("The People's PARTIES were running, and the Tories ran.")
	ts := a.Analyze(nil, append([]byte(nil), text...), 10)
	if got, want := terms(ts), "peopl parti run tori ran"; got != want {
		t.Errorf("terms %q, want %q", got, want)
	}
	var surf, pos []string
	for _, tk := range ts {
		surf = append(surf, string(tk.Surface))
		pos = append(pos, string(rune('0'+tk.Position-10)))
	}
	if got, want := strings.Join(surf, " "), "people parties running tories ran"; got != want {
		t.Errorf("surfaces %q, want %q", got, want)
	}
	// Positions count the tokens that stop words removed: the(0) people(1)
	// parties(2) were(3) running(4) and(5) the(6) tories(7) ran(8); "s" is
	// one character, not a token.
	if got, want := strings.Join(pos, ""), "12478"; got != want {
		t.Errorf("positions %q, want %q", got, want)
	}
}

func TestAnalyzerNoStemNoStop(t *testing.T) {
	a, err := NewAnalyzer(Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := a.Analyze(nil, []byte("The ÉCOLE runs"), 0)
	if got, want := terms(ts), "the école runs"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if ts[0].Surface != nil {
		t.Errorf("surface set without a stemmer")
	}
}

// TestAddedStopWords: AddedStopWords are stop words besides StopWords,
// with or without them, and a JSON round trip keeps them; the zero value
// adds none and is not written.
func TestAddedStopWords(t *testing.T) {
	text := "The Tories ran and the parties ran"
	for _, c := range []struct {
		s    Settings
		want string
	}{
		{Settings{Language: "english", StopWords: EnglishStopWords(), AddedStopWords: []string{"tories"}}, "ran parti ran"},
		{Settings{AddedStopWords: []string{"ran"}}, "the tories and the parties"},
		{DefaultSettings(), "tori ran parti ran"},
	} {
		b, err := json.Marshal(c.s)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "added_stop_words") != (c.s.AddedStopWords != nil) {
			t.Errorf("JSON %s", b)
		}
		var s Settings
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatal(err)
		}
		a, err := NewAnalyzer(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := terms(a.Analyze(nil, []byte(text), 0)); got != c.want {
			t.Errorf("%v: terms %q, want %q", c.s.AddedStopWords, got, c.want)
		}
	}
}

func TestNewAnalyzerUnknownLanguage(t *testing.T) {
	_, err := NewAnalyzer(Settings{Language: "klingon"})
	if err == nil || !strings.Contains(err.Error(), `"klingon"`) || !strings.Contains(err.Error(), "english") {
		t.Fatalf("err = %v", err)
	}
}

func TestStemmerLanguagesAndCache(t *testing.T) {
	for _, tt := range []struct{ lang, word, stem string }{
		{"english", "generously", "generous"},
		{"english", "parties", "parti"},
		{"spanish", "chicas", "chic"},
		{"french", "continuellement", "continuel"},
		{"russian", "важнейшими", "важн"},
	} {
		s, err := NewStemmer(tt.lang)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(s.Stem([]byte(tt.word))); got != tt.stem {
			t.Errorf("%s %s: got %s, want %s", tt.lang, tt.word, got, tt.stem)
		}
	}
	// Concurrent use gives the same stems (run with -race to check the cache).
	s, _ := NewStemmer("english")
	words := strings.Fields("running runner runs ran generously generous parties party tories")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				for _, w := range words {
					if got, want := string(s.Stem([]byte(w))), s.stem(w, true); got != want {
						t.Errorf("%s: %s != %s", w, got, want)
					}
				}
			}
		})
	}
	wg.Wait()
}

func TestStopWords(t *testing.T) {
	if n := len(EnglishStopWords()); n != 318 {
		t.Errorf("built-in list has %d words, want scikit-learn's 318", n)
	}
	p := filepath.Join(t.TempDir(), "stop.txt")
	if err := os.WriteFile(p, []byte("# mine\nFoo\n\n bar \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	words, err := ReadStopWords(p)
	if err != nil || strings.Join(words, ",") != "bar,foo" {
		t.Fatalf("ReadStopWords = %v, %v", words, err)
	}
	ts := NewStopWords(words).Filter(WordTokenizer{}.Tokenize(nil, []byte("foo keeps bar out")))
	if got := terms(ts); got != "keeps out" {
		t.Errorf("filtered %q", got)
	}
	if _, err := ReadStopWords(filepath.Join(t.TempDir(), "none.txt")); err == nil || !strings.Contains(err.Error(), "none.txt") {
		t.Errorf("missing file: %v", err)
	}
}

// referenceTokens is the plain definition WordTokenizer implements: maximal
// runs of word runes (letters, numbers, '_'), kept when two runes or longer.
func referenceTokens(text []byte) []string {
	var out []string
	notWord := func(r rune) bool { return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_') }
	for _, f := range strings.FieldsFunc(string(text), notWord) {
		if utf8.RuneCountInString(f) >= 2 {
			out = append(out, f)
		}
	}
	return out
}

func FuzzWordTokenizer(f *testing.F) {
	for _, s := range []string{"Hello, world!", "café naïve 日本語", "a\xffb c\xc3", "x²½ _a_", "ab\u00a0cd", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		var got []string
		for i, tok := range (WordTokenizer{}).Tokenize(nil, text) {
			got = append(got, string(tok.Term))
			if tok.Position != i {
				t.Fatalf("token %d has position %d", i, tok.Position)
			}
		}
		// Invalid UTF-8 decodes as U+FFFD, which is not a word rune, in both.
		if want := referenceTokens(text); strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("Tokenize(%q) = %q, want %q", text, got, want)
		}
	})
}
