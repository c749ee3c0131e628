package report

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/topics"
)

// These tests open pages in a real browser, headless: Chromium (Debian's
// chromium package, which .ci/run installs), or the one NMFTOPICS_BROWSER
// names. Without one they are skipped, saying so.

// browser returns the browser's path, or skips the test when there is
// none.
func browser(t *testing.T) string {
	t.Helper()
	if b := os.Getenv("NMFTOPICS_BROWSER"); b != "" {
		return b
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skip("no browser found: install Chromium (apt-get install -y chromium) or set NMFTOPICS_BROWSER to run the page's tests")
	return ""
}

// openPage writes page to a file and loads it, with fragment, in the
// browser with args (--dump-dom, --screenshot=...). It returns what the
// browser wrote to stdout and the console lines it logged: Chromium logs
// every console message and uncaught error as a "CONSOLE" line with
// --enable-logging=stderr, whatever its level, and the page's own script
// logs nothing, so any such line is a fault.
func openPage(t *testing.T, page []byte, fragment string, args ...string) (stdout []byte, console []string) {
	t.Helper()
	bin := browser(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args = append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
		"--user-data-dir=" + filepath.Join(dir, "profile"), "--enable-logging=stderr", "--v=0",
		"--virtual-time-budget=5000"}, args...)
	cmd := exec.CommandContext(ctx, bin, append(args, "file://"+file+fragment)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, tail(errOut.String(), 2000))
	}
	for line := range strings.Lines(errOut.String()) {
		if strings.Contains(line, ":CONSOLE") {
			console = append(console, strings.TrimSpace(line))
		}
	}
	return out.Bytes(), console
}

func tail(s string, n int) string { return s[max(0, len(s)-n):] }

// renderDOM loads page with fragment and returns its DOM once its script
// has run, failing the test on any console line.
func renderDOM(t *testing.T, page []byte, fragment string) *html.Node {
	t.Helper()
	out, console := openPage(t, page, fragment, "--dump-dom")
	if len(console) > 0 {
		t.Errorf("the page logged to the console:\n%s", strings.Join(console, "\n"))
	}
	dom, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if body := find(dom, func(n *html.Node) bool { return n.Data == "body" }); body == nil || attr(body[0], "data-ready") != "1" {
		t.Fatalf("the page's script did not finish (no data-ready on body)")
	}
	return dom
}

// find returns the elements under n for which match holds, in document
// order.
func find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(key string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		return slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == key })
	}
}

// within returns the elements with attribute key under the element of id.
func within(dom *html.Node, id, key string) []*html.Node {
	el := findByID(dom, id)
	if el == nil {
		return nil
	}
	return find(el, hasAttr(key))
}

func values(nodes []*html.Node, key string) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = attr(n, key)
	}
	return out
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

var (
	fitOnce sync.Once
	fitData *Data
	fitErr  error
)

// testdataPage returns the data of a fit of the project's testdata corpus
// (k = 4, with snippets) and its page.
func testdataPage(t *testing.T) (*Data, []byte) {
	t.Helper()
	fitOnce.Do(func() {
		docs, err := corpus.List(filepath.Join("..", "testdata", "corpus"))
		if err != nil {
			fitErr = err
			return
		}
		opt := topics.DefaultOptions()
		opt.K = 4
		res, err := topics.Fit(context.Background(), docs, opt)
		if err != nil {
			fitErr = err
			return
		}
		snippets, err := Snippets(context.Background(), res.Model, docs)
		if err != nil {
			fitErr = err
			return
		}
		fitData, fitErr = New(res.Model, Options{Title: "testdata", Snippets: snippets})
	})
	if fitErr != nil {
		t.Fatal(fitErr)
	}
	var page bytes.Buffer
	if err := WritePage(&page, fitData); err != nil {
		t.Fatal(err)
	}
	return fitData, page.Bytes()
}

// goRanking is a topic's bars as Go ranks them: its candidates by
// Relevance at lambda, the lower page index first among equals.
func goRanking(d *Data, topic int, lambda float64) []string {
	terms := slices.Clone(d.Topics[topic].Terms)
	rel := func(e [3]float64) float64 { return Relevance(e[1], d.Terms[int(e[0])].Weight, lambda) }
	slices.SortStableFunc(terms, func(a, b [3]float64) int {
		switch ra, rb := rel(a), rel(b); {
		case ra > rb:
			return -1
		case ra < rb:
			return 1
		}
		return int(a[0] - b[0])
	})
	var out []string
	for _, e := range terms[:min(Bars, len(terms))] {
		out = append(out, d.Terms[int(e[0])].Surface)
	}
	return out
}

// TestPageInBrowser renders the report of a testdata fit and checks its
// hooks: k topics on the map, the selected topic's bars in the order of
// the relevance at the fragment's λ, its documents; and that another λ
// reorders the bars.
func TestPageInBrowser(t *testing.T) {
	d, page := testdataPage(t)
	dom := renderDOM(t, page, "#topic=2&lambda=0.2")
	if got := values(within(dom, "map", "data-topic"), "data-topic"); len(got) != len(d.Topics) {
		t.Errorf("the map shows %d topics (%v), want %d", len(got), got, len(d.Topics))
	}
	low := values(within(dom, "bars", "data-term"), "data-term")
	if want := goRanking(d, 2, 0.2); !slices.Equal(low, want) {
		t.Errorf("bars at λ = 0.2:\n got  %v\n want %v", low, want)
	}
	if len(low) != min(Bars, len(d.Topics[2].Terms)) {
		t.Errorf("%d bars", len(low))
	}
	var wantDocs []string
	for _, doc := range d.Topics[2].Documents {
		wantDocs = append(wantDocs, doc.ID)
	}
	docs := within(dom, "docs", "data-doc")
	if got := values(docs, "data-doc"); len(got) == 0 || !slices.Equal(got, wantDocs) {
		t.Errorf("documents %v, want %v", got, wantDocs)
	}
	if len(docs) > 0 && !strings.Contains(text(docs[0]), d.Topics[2].Documents[0].Snippet[:40]) {
		t.Errorf("the first document does not show its snippet: %q", text(docs[0]))
	}
	selected := find(findByID(dom, "map"), func(n *html.Node) bool {
		return strings.Contains(attr(n, "class"), "selected") && attr(n, "data-topic") != ""
	})
	if len(selected) != 1 || attr(selected[0], "data-topic") != "2" {
		t.Errorf("selected on the map: %v", values(selected, "data-topic"))
	}

	high := values(within(renderDOM(t, page, "#topic=2&lambda=1"), "bars", "data-term"), "data-term")
	if want := goRanking(d, 2, 1); !slices.Equal(high, want) {
		t.Errorf("bars at λ = 1:\n got  %v\n want %v", high, want)
	}
	if slices.Equal(low, high) {
		t.Errorf("λ = 0.2 and λ = 1 give the same bars: %v", low)
	}
}

// TestPageCorpusView checks the page with no topic selected: the corpus's
// heaviest terms, no documents.
func TestPageCorpusView(t *testing.T) {
	d, page := testdataPage(t)
	dom := renderDOM(t, page, "")
	var want []string
	for _, i := range d.CorpusTerms {
		want = append(want, d.Terms[i].Surface)
	}
	if got := values(within(dom, "bars", "data-term"), "data-term"); !slices.Equal(got, want) {
		t.Errorf("corpus bars:\n got  %v\n want %v", got, want)
	}
	if docs := within(dom, "docs", "data-doc"); len(docs) != 0 {
		t.Errorf("%d documents listed with no topic selected", len(docs))
	}
	if sweep := findByID(dom, "sweep"); sweep == nil || !slices.ContainsFunc(sweep.Attr, func(a html.Attribute) bool { return a.Key == "hidden" }) {
		t.Errorf("a fit's page shows a sweep section")
	}
}

// TestPageSearch checks that #q= highlights the topics whose top terms
// hold the word, and only those.
func TestPageSearch(t *testing.T) {
	d, page := testdataPage(t)
	word := d.Topics[1].Words[0]
	dom := renderDOM(t, page, "#q="+word)
	var want []string
	for i, topic := range d.Topics {
		for _, s := range goRanking(d, i, 0.6) {
			if strings.HasPrefix(s, word) {
				want = append(want, fmt.Sprint(topic.ID))
				break
			}
		}
	}
	matched := find(findByID(dom, "map"), func(n *html.Node) bool {
		return attr(n, "data-topic") != "" && slices.Contains(strings.Fields(attr(n, "class")), "match")
	})
	if got := values(matched, "data-topic"); len(got) == 0 || !slices.Equal(sorted(got), sorted(want)) {
		t.Errorf("searching %q highlights %v, want %v", word, got, want)
	}
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

// TestPageEscapesText checks that a document's text and the title are
// shown as text: a snippet holding a script end tag and markup neither
// runs nor becomes elements.
func TestPageEscapesText(t *testing.T) {
	d, _ := testdataPage(t)
	evil := *d
	evil.Title = "<i>title</i>"
	evil.Topics = slices.Clone(d.Topics)
	evil.Topics[0].Documents = []Document{{ID: "a</script>.txt", Weight: 0.5,
		Snippet: `</script><script>document.body.setAttribute("data-pwned", "1")</script><b>bold</b> & more`}}
	var page bytes.Buffer
	if err := WritePage(&page, &evil); err != nil {
		t.Fatal(err)
	}
	dom := renderDOM(t, page.Bytes(), "#topic=0")
	if body := find(dom, func(n *html.Node) bool { return n.Data == "body" }); attr(body[0], "data-pwned") != "" {
		t.Fatalf("a snippet's script ran")
	}
	docs := within(dom, "docs", "data-doc")
	if len(docs) != 1 || attr(docs[0], "data-doc") != "a</script>.txt" {
		t.Fatalf("documents %v", values(docs, "data-doc"))
	}
	if bold := find(docs[0], func(n *html.Node) bool { return n.Data == "b" }); len(bold) > 0 {
		t.Errorf("a snippet's markup became elements")
	}
	if !strings.Contains(text(docs[0]), "<b>bold</b> & more") {
		t.Errorf("the snippet is not shown as text: %q", text(docs[0]))
	}
	if h1 := findByID(dom, "title"); h1 == nil || text(h1) != "<i>title</i>" {
		t.Errorf("the title is not shown as text")
	}
}

// TestConsoleErrorsAreSeen checks that openPage sees a page's script
// errors, so that the tests above can fail.
func TestConsoleErrorsAreSeen(t *testing.T) {
	page := []byte(`<!doctype html><body><script>console.error("logged"); notDefined();</script></body>`)
	_, console := openPage(t, page, "", "--dump-dom")
	if len(console) != 2 || !strings.Contains(console[1], "Uncaught ReferenceError") {
		t.Errorf("console lines: %q", console)
	}
}

// TestSweepPage checks a sweep's section: a chart per measure and the
// recommended k.
func TestSweepPage(t *testing.T) {
	d, _ := testdataPage(t)
	sw := *d
	sw.Sweep = &topics.SweepResult{BestK: 4, Peak: true, Tied: []int{4}, Documents: 48}
	for k := 2; k <= 6; k++ {
		sw.Sweep.Ranks = append(sw.Sweep.Ranks, topics.Rank{K: k, Stability: 1 - float64((k-4)*(k-4))/10, Cophenetic: 0.9,
			Coherence: map[string]float64{"umass": -1, "uci": float64(k), "npmi": 0.1, "cv": 0.5 + float64(k)/20}})
	}
	var page bytes.Buffer
	if err := WritePage(&page, &sw); err != nil {
		t.Fatal(err)
	}
	dom := renderDOM(t, page.Bytes(), "")
	section := findByID(dom, "sweep")
	if section == nil || attr(section, "hidden") != "" || slices.ContainsFunc(section.Attr, func(a html.Attribute) bool { return a.Key == "hidden" }) {
		t.Fatalf("the sweep's section is hidden")
	}
	if charts := find(section, func(n *html.Node) bool { return n.Data == "figure" }); len(charts) != 6 {
		t.Errorf("%d charts, want 6 (stability, cophenetic, four coherences)", len(charts))
	}
	if !strings.Contains(text(section), "Recommended k = 4") {
		t.Errorf("the section does not state the recommended k: %q", text(section))
	}
}

// TestScreenshotIsNotBlank takes a screenshot at 1280 × 800 and checks
// that the page drew: many colours, and ink in the map's area. Set
// NMFTOPICS_SCREENSHOT_DIR to keep the screenshots.
func TestScreenshotIsNotBlank(t *testing.T) {
	_, page := testdataPage(t)
	for name, fragment := range map[string]string{"topic": "#topic=2&lambda=0.6", "corpus": ""} {
		shot := filepath.Join(t.TempDir(), name+".png")
		_, console := openPage(t, page, fragment, "--window-size=1280,800", "--screenshot="+shot)
		if len(console) > 0 {
			t.Errorf("console: %v", console)
		}
		img := decodePNG(t, shot)
		if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 800 {
			t.Errorf("%s: screenshot of %v", name, b)
		}
		colours, inked := map[[3]uint32]bool{}, 0
		area := image.Rect(40, 200, 600, 700) // the map
		for y := area.Min.Y; y < area.Max.Y; y++ {
			for x := area.Min.X; x < area.Max.X; x++ {
				r, g, b, _ := img.At(x, y).RGBA()
				colours[[3]uint32{r >> 8, g >> 8, b >> 8}] = true
				if r>>8 < 200 || g>>8 < 200 || b>>8 < 200 {
					inked++
				}
			}
		}
		if share := float64(inked) / float64(area.Dx()*area.Dy()); len(colours) < 20 || share < 0.02 {
			t.Errorf("%s: the map's area looks blank: %d colours, %.1f%% inked", name, len(colours), 100*share)
		}
		if dir := os.Getenv("NMFTOPICS_SCREENSHOT_DIR"); dir != "" {
			b, _ := os.ReadFile(shot)
			if err := os.WriteFile(filepath.Join(dir, name+".png"), b, 0o644); err != nil {
				t.Error(err)
			}
		}
	}
}

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}
