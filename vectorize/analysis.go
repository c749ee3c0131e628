package vectorize

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"

	"github.com/nmftopics/nmftopics/internal/porter2"
	"github.com/nmftopics/nmftopics/internal/textscan"
)

// Token is one token of a text.
type Token struct {
	// Term is the token's text as filters leave it (lower-cased, stemmed).
	// It may point into the analyzed text or into a filter's cache: it is
	// valid until the next call to Analyze, and must not be changed in place
	// by a filter that did not make it.
	Term []byte
	// Surface is the word before stemming, set by a stemming filter; nil
	// where no filter changed the word.
	Surface []byte
	// Position is the token's ordinal in the tokenizer's output for the
	// whole document, counting tokens that filters later removed.
	Position int
}

// TokenStream is a sequence of tokens; filters work on it in place.
type TokenStream []Token

// Tokenizer splits text into tokens, appending them to dst.
type Tokenizer interface {
	Tokenize(dst TokenStream, text []byte) TokenStream
}

// TokenFilter changes, removes or adds tokens of a stream, in place where it
// can, and returns the result. A filter used by several analyzers at once
// must be safe for concurrent use.
type TokenFilter interface {
	Filter(TokenStream) TokenStream
}

// TermFilter is a TokenFilter that treats each token on its own: what it
// does to a token (change its term, set its surface, remove it) depends on
// that token's Term alone, and it never adds tokens. An Analyzer whose
// filters are all TermFilters gives the same answer for a word wherever the
// word stands, so Count analyzes each distinct word once and reuses the
// answer. LowerCase, LetterFilter, StopWords and Stemmer are TermFilters.
type TermFilter interface {
	TokenFilter
	// TermOnly marks the filter as a TermFilter; it does nothing.
	TermOnly()
}

// Analyzer is char filters, then a tokenizer, then token filters.
type Analyzer struct {
	// CharFilters change a document's text, in order, before it is
	// tokenized; a Chooser among them is asked for each document which
	// filter it needs.
	CharFilters []CharFilter
	Tokenizer   Tokenizer
	Filters     []TokenFilter
}

// Analyze runs the char filters on text, tokenizes it, runs the token
// filters and returns the tokens, appended to dst[:0]. Positions start at
// offset. Text given in pieces (as Count reads long documents) should be
// given whole when the analyzer has char filters, which need the whole of
// a document. Analyze does not check a document (see CheckedCharFilter):
// each filter reads it as well as it can.
func (a *Analyzer) Analyze(dst TokenStream, text []byte, offset int) TokenStream {
	if fs := a.charFiltersFor(nil, "", text); len(fs) > 0 {
		text, _ = filterChars(nil, fs, text, false)
	}
	return a.tokenize(dst, text, offset)
}

// charFiltersFor appends to dst the char filters that the document named
// name, whose text starts with head, needs: a Chooser's choice in its
// place, as a guess (not checked).
func (a *Analyzer) charFiltersFor(dst []CharFilter, name string, head []byte) []CharFilter {
	for _, f := range a.CharFilters {
		if c, ok := f.(Chooser); ok {
			if f = c.Choose(name, head); f == nil {
				continue
			}
			f = guessed{f}
		}
		dst = append(dst, f)
	}
	return dst
}

// filterChars runs the char filters fs on text, in order, and returns the
// result appended to dst[:0]; text and dst must not overlap. With checked,
// a CheckedCharFilter among fs may refuse the text: its error is returned.
func filterChars(dst []byte, fs []CharFilter, text []byte, checked bool) ([]byte, error) {
	for i, f := range fs {
		if i > 0 {
			text = bytes.Clone(dst)
		}
		if c, ok := f.(CheckedCharFilter); ok && checked {
			var err error
			if dst, err = c.FilterChecked(dst[:0], text); err != nil {
				return dst[:0], err
			}
			continue
		}
		dst = f.Filter(dst[:0], text)
	}
	return dst, nil
}

// tokenize tokenizes text, runs the token filters and returns the tokens,
// appended to dst[:0]. Positions start at offset.
func (a *Analyzer) tokenize(dst TokenStream, text []byte, offset int) TokenStream {
	ts := a.Tokenizer.Tokenize(dst[:0], text)
	if offset != 0 {
		for i := range ts {
			ts[i].Position += offset
		}
	}
	for _, f := range a.Filters {
		ts = f.Filter(ts)
	}
	return ts
}

// termOnly reports whether every filter is a TermFilter.
func (a *Analyzer) termOnly() bool {
	for _, f := range a.Filters {
		if _, ok := f.(TermFilter); !ok {
			return false
		}
	}
	return true
}

// wordsLowerCased reports whether the analyzer is WordTokenizer, then
// LowerCase, then TermFilters only: Count then memoizes the analysis of
// ASCII words by their lower-cased form, so that "The" and "the" share it.
func (a *Analyzer) wordsLowerCased() bool {
	_, words := a.Tokenizer.(WordTokenizer)
	return words && len(a.Filters) > 0 && a.Filters[0] == TokenFilter(LowerCase{}) && a.termOnly()
}

// filterWord runs the filters on one token whose term is word (which they
// may change in place), using ts as scratch, and returns what is left of
// it: ts[:1], or ts[:0] when a filter removed it. A Stemmer writes the stem
// in *stem, which the term then points into until the next call.
func (a *Analyzer) filterWord(ts TokenStream, word []byte, stem *[]byte) TokenStream {
	ts = append(ts[:0], Token{Term: word})
	for _, f := range a.Filters {
		if s, ok := f.(*Stemmer); ok {
			ts[0].Surface = ts[0].Term
			*stem = s.stemInto((*stem)[:0], ts[0].Term)
			ts[0].Term = *stem
		} else {
			ts = f.Filter(ts)
		}
		if len(ts) == 0 {
			break
		}
	}
	return ts
}

// WordTokenizer finds runs of two or more word characters, a word character
// being a Unicode letter, a Unicode number or an underscore: the tokens
// scikit-learn's default pattern (?u)\b\w\w+\b finds.
type WordTokenizer struct{}

// Tokenize implements Tokenizer.
func (WordTokenizer) Tokenize(dst TokenStream, text []byte) TokenStream {
	found := foundWords.Get().(*[]textscan.Word)
	*found = textscan.Words((*found)[:0], text)
	for i, w := range *found {
		dst = append(dst, Token{Term: text[w.Start:w.End], Position: i})
	}
	foundWords.Put(found)
	return dst
}

// foundWords holds the scratch slices where Tokenize finds words.
var foundWords = sync.Pool{New: func() any { return new([]textscan.Word) }}

// LowerCase lower-cases each token, in place when its length does not change.
type LowerCase struct{}

// TermOnly implements TermFilter.
func (LowerCase) TermOnly() {}

// Filter implements TokenFilter.
func (LowerCase) Filter(ts TokenStream) TokenStream {
	for i := range ts {
		t := ts[i].Term
		ascii := true
		for _, c := range t {
			if c >= utf8.RuneSelf {
				ascii = false
				break
			}
		}
		if ascii {
			for j, c := range t {
				if 'A' <= c && c <= 'Z' {
					t[j] = c + 'a' - 'A'
				}
			}
			continue
		}
		ts[i].Term = bytes.ToLower(t)
	}
	return ts
}

// StopWords removes the tokens whose term is in the set.
type StopWords map[string]struct{}

// NewStopWords makes a stop word set of words.
func NewStopWords(words []string) StopWords {
	s := make(StopWords, len(words))
	for _, w := range words {
		s[w] = struct{}{}
	}
	return s
}

// TermOnly implements TermFilter.
func (StopWords) TermOnly() {}

// Filter implements TokenFilter.
func (s StopWords) Filter(ts TokenStream) TokenStream {
	out := ts[:0]
	for _, t := range ts {
		if _, stop := s[string(t.Term)]; !stop {
			out = append(out, t)
		}
	}
	return out
}

// ReadStopWords reads a stop word file: one word per line, lower-cased;
// blank lines and lines starting with # are ignored.
func ReadStopWords(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("stop words: %w", err)
	}
	defer f.Close()
	var words []string
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		w := strings.TrimSpace(sc.Text())
		if w == "" || strings.HasPrefix(w, "#") {
			continue
		}
		if !utf8.ValidString(w) {
			return nil, fmt.Errorf("stop words: %s:%d: not UTF-8", path, line)
		}
		words = append(words, strings.ToLower(w))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("stop words: %s:%d: %w", path, line+1, err)
	}
	sort.Strings(words)
	return words, nil
}

// stemmers are the Snowball stemmers of github.com/kljensen/snowball, by
// language name.
var stemmers = map[string]func(string, bool) string{
	"english":   english.Stem,
	"french":    french.Stem,
	"hungarian": hungarian.Stem,
	"norwegian": norwegian.Stem,
	"russian":   russian.Stem,
	"spanish":   spanish.Stem,
	"swedish":   swedish.Stem,
}

// Languages lists the stemming languages, sorted.
func Languages() []string {
	var l []string
	for k := range stemmers {
		l = append(l, k)
	}
	sort.Strings(l)
	return l
}

// Stemmer replaces each token's term by its Snowball stem and keeps the word
// in Surface. A Stemmer is safe for concurrent use. It keeps no cache:
// counting analyzes each distinct word of a corpus once.
type Stemmer struct {
	stem func(string, bool) string
	// fast, for English, stems the lower-case ASCII words the same way as
	// stem, and faster; other words go to stem.
	fast func(dst, word []byte) ([]byte, bool)
}

// NewStemmer returns a Stemmer for a language of Languages.
func NewStemmer(language string) (*Stemmer, error) {
	f, ok := stemmers[language]
	if !ok {
		return nil, fmt.Errorf("unknown stemming language %q (known: %s)", language, strings.Join(Languages(), ", "))
	}
	s := &Stemmer{stem: f}
	if language == "english" {
		s.fast = porter2.Stem
	}
	return s, nil
}

// stemInto appends the stem of word to dst.
func (s *Stemmer) stemInto(dst, word []byte) []byte {
	if s.fast != nil {
		if st, ok := s.fast(dst, word); ok {
			return st
		}
	}
	// Stop words are stemmed too (NLTK's default), since stop words are
	// removed by their own filter, before this one.
	return append(dst, s.stem(string(word), true)...)
}

// Stem returns the stem of word.
func (s *Stemmer) Stem(word []byte) []byte {
	return s.stemInto(make([]byte, 0, len(word)), word)
}

// TermOnly implements TermFilter.
func (*Stemmer) TermOnly() {}

// Filter implements TokenFilter.
func (s *Stemmer) Filter(ts TokenStream) TokenStream {
	for i := range ts {
		ts[i].Surface = ts[i].Term
		ts[i].Term = s.Stem(ts[i].Term)
	}
	return ts
}

// Settings are the analysis settings: what a model keeps to analyze new
// documents the way it analyzed its corpus.
type Settings struct {
	// Language is the Snowball stemming language; empty for no stemming.
	Language string `json:"language"`
	// StopWords are removed before stemming.
	StopWords []string `json:"stop_words"`
	// AddedStopWords are removed as well: words added to StopWords rather
	// than replacing them; empty adds none.
	AddedStopWords []string `json:"added_stop_words,omitempty"`
	// Content says what text the documents hold; empty is ContentPlain,
	// as models saved before it existed read their documents.
	Content Content `json:"content,omitempty"`
	// Quotes says what becomes of a message's quoted lines; empty is
	// QuotesKeep.
	Quotes Quotes `json:"quotes,omitempty"`
	// KeepNumbers says which tokens are terms (LetterFilter): false, those
	// holding a letter; true, those holding a letter or a number. nil, as
	// in a model saved before it existed, takes every token (numbers and
	// underscores alike), as such a model read its corpus.
	KeepNumbers *bool `json:"keep_numbers,omitempty"`
	// NGramRange is the lengths of the word n-grams that are terms; zero,
	// as in a model saved before it existed, is 1:1.
	NGramRange NGramRange `json:"ngram_range,omitzero"`
}

// DefaultSettings are English stemming, the built-in English stop words,
// ContentAuto, QuotesKeep, terms holding a letter, and single words.
func DefaultSettings() Settings {
	return Settings{Language: "english", StopWords: EnglishStopWords(), Content: ContentAuto, Quotes: QuotesKeep,
		KeepNumbers: new(false), NGramRange: NGramRange{1, 1}}
}

// CheckContent returns an error when s.Content or s.Quotes is unknown.
func (s Settings) CheckContent() error {
	_, err := charFilter(s.Content, s.Quotes)
	return err
}

// NewAnalyzer returns the analyzer of s: the char filter of s.Content (Auto,
// HTML or Mail; none for plain text), WordTokenizer, LowerCase,
// LetterFilter (unless s.KeepNumbers is nil), StopWords (of s.StopWords and
// s.AddedStopWords, if any), Stemmer (if a language is set) and NGrams
// (unless s.NGramRange is 1:1).
func NewAnalyzer(s Settings) (*Analyzer, error) {
	a := &Analyzer{Tokenizer: WordTokenizer{}, Filters: []TokenFilter{LowerCase{}}}
	cf, err := charFilter(s.Content, s.Quotes)
	if err != nil {
		return nil, err
	}
	if cf != nil {
		a.CharFilters = []CharFilter{cf}
	}
	if err := s.NGramRange.Check(); err != nil {
		return nil, err
	}
	if s.KeepNumbers != nil {
		a.Filters = append(a.Filters, LetterFilter{KeepNumbers: *s.KeepNumbers})
	}
	if words := slices.Concat(s.StopWords, s.AddedStopWords); len(words) > 0 {
		a.Filters = append(a.Filters, NewStopWords(words))
	}
	if s.Language != "" {
		st, err := NewStemmer(s.Language)
		if err != nil {
			return nil, err
		}
		a.Filters = append(a.Filters, st)
	}
	if lo, hi := s.NGramRange.Bounds(); hi > 1 {
		a.Filters = append(a.Filters, NGrams{Min: lo, Max: hi})
	}
	return a, nil
}

// FilterChars runs the analyzer's char filters on text, the whole of the
// document named name, as Analyze does before tokenizing it, and returns
// the result appended to dst[:0]: the text a person would read (a page's
// words without its markup, a message's body without its headers).
func (a *Analyzer) FilterChars(dst []byte, name string, text []byte) []byte {
	fs := a.charFiltersFor(nil, name, text)
	if len(fs) == 0 {
		return append(dst[:0], text...)
	}
	dst, _ = filterChars(dst, fs, text, false)
	return dst
}
