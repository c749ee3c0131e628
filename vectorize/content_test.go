package vectorize

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nmftopics/nmftopics/corpus"
)

// fixture reads a file of testdata/content.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "content", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// words returns the lower-cased words WordTokenizer finds in text.
func words(text []byte) map[string]bool {
	m := map[string]bool{}
	for _, t := range (WordTokenizer{}).Tokenize(nil, text) {
		m[strings.ToLower(string(t.Term))] = true
	}
	return m
}

// checkWords fails when a word of want is missing from text or a word of
// gone is in it.
func checkWords(t *testing.T, text []byte, want, gone string) {
	t.Helper()
	w := words(text)
	for _, x := range strings.Fields(want) {
		if !w[x] {
			t.Errorf("%q missing from %q", x, text)
		}
	}
	for _, x := range strings.Fields(gone) {
		if w[x] {
			t.Errorf("%q kept in %q", x, text)
		}
	}
}

func TestHTMLVisibleText(t *testing.T) {
	out := HTML{}.Filter(nil, fixture(t, "page.html"))
	checkWords(t, out,
		"orbital telescopes mirrors segmented primary eighteen hexagonal segments beryllium alignment cryogenic infrared spectrograph café boldly italic words next line home",
		"doctype html head meta charset utf title style font family serif script var tracker document getelementbyid analytics navigation comment sidebar widget div class nav href https example org mdash nbsp eacute amp li td tr br noscript enable javascript")
	for _, pair := range []string{"alignment\ncryogenic", "infrared\nspectrograph", "boldly italic words.\nNext\nline", "Telescopes & Mirrors", "mirror—eighteen"} {
		if !strings.Contains(string(out), pair) {
			t.Errorf("%q not in %q", pair, out)
		}
	}
}

func TestHTMLScatteredTags(t *testing.T) {
	out := HTML{}.Filter(nil, fixture(t, "review.txt"))
	checkWords(t, out, "burn acting superb recommended noir fans", "br")
	if !strings.Contains(string(out), "burn.\nThe acting") {
		t.Errorf("tags do not separate words: %q", out)
	}
}

func TestAutoChooses(t *testing.T) {
	a := Auto{}
	for _, c := range []struct {
		name, text string
		want       CharFilter
	}{
		{"a.html", "plain words", HTML{}},
		{"a.HTM", "plain words", HTML{}},
		{"a.xhtml", "plain words", HTML{}},
		{"a.txt", "\ufeff  <!DOCTYPE html><p>x", HTML{}},
		{"a.txt", "<HTML><body>x", HTML{}},
		{"a.txt", "a review.<br /><br />More", HTML{}},
		{"a.txt", "a review.<br>More", HTML{}},
		{"a.txt", "see <a href=\"x\">this</a>", HTML{}},
		{"a.txt", "one</p>two", HTML{}},
		// News wires write ticker symbols in angle brackets.
		{"a.txt", "Entertainment Marketing Inc <em> said", nil},
		{"a.txt", "Dow Chemical <DD> and <U> and <BR> rose; 3 < 4 > 2", nil},
		{"a.txt", "USX: STEEL OUTPUT UP\n\nUSX Corp said", nil},
		{"a.txt", "Subject: only one field\n\nbody", nil},
		{"a.txt", "From: a@b.c\nSubject: hi\n\nbody", Mail{}},
		{"a.txt", "From a@b.c Mon May 3 1993\nFrom: a@b.c\nSubject: hi\n\nbody", Mail{}},
		{"a.txt", "X-Mailer: x\nReceived: from x\n\tby y\nTo: z\n\nbody", Mail{}},
		{"a.txt", "From: a@b.c\nSubject: hi\nno blank line after", nil},
		{"a.txt", "plain text, nothing else", nil},
	} {
		if got := a.Choose(c.name, []byte(c.text)); got != c.want {
			t.Errorf("Choose(%q, %q) = %#v, want %#v", c.name, c.text, got, c.want)
		}
	}
}

func TestMailNewsPost(t *testing.T) {
	out := Mail{}.Filter(nil, fixture(t, "news-post.txt"))
	checkWords(t, out,
		"clipper chip escrow keys agencies collude classified skipjack scrutiny split wiretap warrant halves",
		"xref cantaloupe srv cs cmu edu path netcom grady ward newsgroups sci crypt message id gmt organization online lines article qualcomm karn phil writes pacific arcata design voice compassion morality 1993apr19")
	out = Mail{DropQuotes: true}.Filter(nil, fixture(t, "news-post.txt"))
	checkWords(t, out, "clipper escrow collude skipjack", "split wiretap warrant halves")
}

func TestMailReplySignature(t *testing.T) {
	out := Mail{}.Filter(nil, fixture(t, "reply.eml"))
	checkWords(t, out,
		"neutrino oscillation seminar summarize detector calibration cosmic muons scintillator unfolding spectrum",
		"return path received esmtp lena marsh physics dept tom haller wrote sun example edu mime")
}

func TestMailMultipart(t *testing.T) {
	out := Mail{}.Filter(nil, fixture(t, "multipart.eml"))
	checkWords(t, out,
		"glacier field notes moraine glaciers retreat meltwater moraines sediment cores café meeting résumé attached soft wrapped",
		"htmlonlyword payloadsecret attachmentword binarystuff ana ruiz utf octet stream boundary outer alt base64")
	if strings.Contains(string(out), "=\n") {
		t.Errorf("quoted-printable left encoded: %q", out)
	}
}

func TestMailHTMLPart(t *testing.T) {
	out := Mail{}.Filter(nil, fixture(t, "html-only.eml"))
	checkWords(t, out, "spring catalogue gardening tools seedlings crème trowels", "html body style color red newsletter shop")
}

func TestMailMalformed(t *testing.T) {
	// Broken MIME: the body is read as plain text.
	out := Mail{}.Filter(nil, fixture(t, "broken.eml"))
	checkWords(t, out, "broken multipart text parts boundary appears", "someone mime")
	// Not a message at all: the text as it is.
	text := []byte("no header here\n\njust words")
	if out := (Mail{}).Filter(nil, text); string(out) != string(text) {
		t.Errorf("Filter(%q) = %q, want the text as it is", text, out)
	}
}

func TestAttributionsAndSignatures(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{"In article <1@x.edu>, bob@x.edu (Bob) writes:\n> quoted\nreply\n", "quoted\nreply\n"},
		{"In article <1@x.edu>,\n  bob@x.edu (Bob) writes:\nreply\n", "reply\n"},
		{"> In article <1@x.edu> bob@x.edu writes:\n>> deep\nreply\n", "deep\nreply\n"},
		{"On Tue, Bob Smith wrote:\nreply\n", "reply\n"},
		{"reply\n-- \nBob\nlong signature\n", "reply\n"},
		{"reply\n\nBob Smith\nbob@x.edu\n+1 555 010 1234\n", "reply\n"},
		{"reply\n\nThanks for reading\n", "reply\n\nThanks for reading\n"},
		{"body\n---------\nBob, Acme\n", "body\n"},
		{"She said the plan\nwould work\n", "She said the plan\nwould work\n"},
	} {
		if got := string(Mail{}.appendBody(nil, []byte(c.body))); got != c.want {
			t.Errorf("appendBody(%q) = %q, want %q", c.body, got, c.want)
		}
	}
}

func TestSettingsContent(t *testing.T) {
	for _, c := range []struct {
		s    Settings
		want string // the char filter's type, "" for none
	}{
		{Settings{}, ""}, // a model saved before contents existed
		{Settings{Content: ContentPlain}, ""},
		{Settings{Content: ContentHTML}, "vectorize.HTML"},
		{Settings{Content: ContentMail, Quotes: QuotesDrop}, "vectorize.Mail"},
		{DefaultSettings(), "vectorize.Auto"},
	} {
		a, err := NewAnalyzer(c.s)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if len(a.CharFilters) == 1 {
			got = strings.TrimPrefix(typeName(a.CharFilters[0]), "*")
		}
		if got != c.want || len(a.CharFilters) > 1 {
			t.Errorf("%+v: char filters %v, want %s", c.s.Content, a.CharFilters, c.want)
		}
	}
	a, _ := NewAnalyzer(Settings{Content: ContentMail, Quotes: QuotesDrop})
	if m := a.CharFilters[0].(Mail); !m.DropQuotes {
		t.Error("Quotes: drop not passed on")
	}
	for _, s := range []Settings{{Content: "pdf"}, {Quotes: "hide"}} {
		if _, err := NewAnalyzer(s); err == nil || s.CheckContent() == nil {
			t.Errorf("%+v accepted", s)
		}
	}
}

func typeName(v any) string { return fmt.Sprintf("%T", v) }

// TestCountCharFilters checks that Count on each of its paths reads a
// document through the char filter Auto chooses for it, as if the
// document's text were the filter's output, and reads the others as they
// are: pages, a review with tags, a news post, plain text, and an HTML
// page longer than a reader's chunk, which is gathered whole.
func TestCountCharFilters(t *testing.T) {
	var long strings.Builder
	long.WriteString("<!DOCTYPE html><title>long</title>")
	for i := 0; long.Len() < 2*corpus.ChunkSize+100; i++ {
		fmt.Fprintf(&long, "<p class=\"x\">word%d</p>\n<br />", i%5000)
	}
	docs := []corpus.Document{
		{ID: "page.html", Text: fixture(t, "page.html")},
		{ID: "review.txt", Text: fixture(t, "review.txt")},
		{ID: "news-post.txt", Text: fixture(t, "news-post.txt")},
		{ID: "plain.txt", Text: []byte("Plain text: <AMX> shares rose, a < b; class href.")},
		{ID: "notes.htm", Text: []byte("<i class=\"c\">tagged</i> by name")},
		{ID: "long.txt", Text: []byte(long.String())},
	}
	filtered := make([]corpus.Document, len(docs))
	for i, d := range docs {
		filtered[i] = corpus.Document{ID: d.ID, Text: d.Text}
		if f := (Auto{}).Choose(d.ID, d.Text); f != nil {
			filtered[i].Text = f.Filter(nil, d.Text)
		}
	}
	for name, a := range analyzers(t) {
		a.CharFilters = []CharFilter{Auto{}}
		got, err := Count(context.Background(), docs, a, CountOptions{KeepTokens: true, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		a.CharFilters = nil
		want, err := Count(context.Background(), filtered, a, CountOptions{KeepTokens: true, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		got.Docs, want.Docs = nil, nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Count with Auto differs from Count of the filtered texts", name)
		}
		for _, term := range []string{"br", "class", "href", "doctyp", "xref", "cmu"} {
			if df := dfOf(got, term); df > 1 {
				t.Errorf("%s: %q in %d documents", name, term, df)
			}
		}
		if dfOf(got, "word4999") != 1 {
			t.Errorf("%s: the long page's last words not counted", name)
		}
	}
}

func dfOf(c *Counts, term string) int {
	for i, t := range c.Terms {
		if t == term {
			return c.DF[i]
		}
	}
	return 0
}

func TestAnalyzeRunsCharFilters(t *testing.T) {
	a, err := NewAnalyzer(DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	if got := terms(a.Analyze(nil, fixture(t, "review.txt"), 0)); strings.Contains(" "+got+" ", " br ") {
		t.Errorf("br among the terms: %s", got)
	}
}

// FuzzCharFilters: the content filters take any text without failing, and
// do not depend on dst; HTML keeps only text of the input, in order
// (entities aside).
func FuzzCharFilters(f *testing.F) {
	for _, name := range []string{"page.html", "review.txt", "news-post.txt", "reply.eml", "multipart.eml", "html-only.eml", "broken.eml"} {
		b, err := os.ReadFile(filepath.Join("testdata", "content", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("From: a\nSubject: b\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: message/rfc822\n\nFrom: c\n\n--x--"))
	f.Fuzz(func(t *testing.T, text []byte) {
		for _, cf := range []CharFilter{HTML{}, Mail{}, Mail{DropQuotes: true}, Auto{}} {
			out := cf.Filter(nil, text)
			if again := cf.Filter([]byte("prefix"), text); string(again) != "prefix"+string(out) {
				t.Fatalf("%T: output depends on dst", cf)
			}
		}
		if !bytes.ContainsAny(text, "&\x00\r") {
			// Without entities, HTML's text is the input's, in order, with
			// line breaks between blocks.
			out := HTML{}.Filter(nil, text)
			if !subsequence(bytes.ReplaceAll(out, []byte("\n"), nil), text) {
				t.Fatalf("HTML made up text: %q", out)
			}
		}
	})
}

// subsequence reports whether a's bytes are found in b, in order.
func subsequence(a, b []byte) bool {
	for _, c := range a {
		i := bytes.IndexByte(b, c)
		if i < 0 {
			return false
		}
		b = b[i+1:]
	}
	return true
}

// TestMailNestingBounded: attached messages and multiparts are read a few
// levels deep, not deeper, so that a crafted message cannot make reading
// quadratic.
func TestMailNestingBounded(t *testing.T) {
	nested := func(levels int, word string) []byte {
		return []byte(strings.Repeat("From: a@b.c\nContent-Type: message/rfc822\n\n", levels) + "From: a@b.c\nSubject: s\n\n" + word + "\n")
	}
	checkWords(t, Mail{}.Filter(nil, nested(3, "shallowword")), "shallowword", "")
	checkWords(t, Mail{}.Filter(nil, nested(40, "deepword")), "", "deepword")
}
