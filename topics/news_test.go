package topics

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/vectorize"
)

// newsFixture is the mail-like fixture written by bench/newsgroups from
// testdata/corpus: raw/GROUP/N are posts with full headers, attributions,
// quoting and signatures; bodies/GROUP/N are the same posts' inside text.
var newsFixture = filepath.Join("..", "testdata", "news")

// TestNewsTopicsAreSubjects: on the mail-like fixture, the default analysis
// finds topics of the posts' subjects, none of them made of header,
// attribution or signature words, and each group's posts share their
// heaviest topic; read as plain text, the same posts give topics made of
// such words.
func TestNewsTopicsAreSubjects(t *testing.T) {
	outside := wordsOutsideBodies(t)
	docs, err := corpus.List(filepath.Join(newsFixture, "raw"))
	if err != nil {
		t.Fatal(err)
	}
	for _, content := range []vectorize.Content{vectorize.ContentAuto, vectorize.ContentPlain} {
		opt := DefaultOptions()
		opt.K, opt.Coherence, opt.Analysis.Content = 4, nil, content
		res, err := Fit(context.Background(), docs, opt)
		if err != nil {
			t.Fatal(err)
		}
		header := 0
		for _, tp := range res.Model.Topics {
			var words []string
			n := 0
			for _, w := range tp.Words {
				if outside[w.Stem] {
					n++
					words = append(words, w.Term+"*")
				} else {
					words = append(words, w.Term)
				}
			}
			if n >= 3 {
				header++
			}
			t.Logf("%s: %s", content, strings.Join(words, " "))
		}
		switch {
		case content == vectorize.ContentAuto && header > 0:
			t.Errorf("%s: %d topics hold 3 or more words from outside the bodies", content, header)
		case content == vectorize.ContentPlain && header == 0:
			t.Errorf("%s: no topic holds header or signature words", content)
		}
		if content == vectorize.ContentAuto {
			checkGroupsShareTopics(t, res.Model)
		}
	}
}

// wordsOutsideBodies are the stems that live mostly outside the posts'
// bodies (as bench/news_eval.py defines it): read as plain text, fewer
// bodies than half the raw posts that hold them hold them.
func wordsOutsideBodies(t *testing.T) map[string]bool {
	t.Helper()
	df := func(tree string) map[string]int {
		docs, err := corpus.List(filepath.Join(newsFixture, tree))
		if err != nil {
			t.Fatal(err)
		}
		s := vectorize.DefaultSettings()
		s.Content = vectorize.ContentPlain
		a, err := vectorize.NewAnalyzer(s)
		if err != nil {
			t.Fatal(err)
		}
		c, err := vectorize.Count(context.Background(), docs, a, vectorize.CountOptions{})
		if err != nil {
			t.Fatal(err)
		}
		m := make(map[string]int, len(c.Terms))
		for i, term := range c.Terms {
			m[term] = c.DF[i]
		}
		return m
	}
	raw, bodies := df("raw"), df("bodies")
	outside := make(map[string]bool)
	for term, n := range raw {
		if 2*bodies[term] < n {
			outside[term] = true
		}
	}
	return outside
}

// checkGroupsShareTopics checks that nine posts in ten or more have the
// heaviest topic most posts of their group have (the group is the folder).
func checkGroupsShareTopics(t *testing.T, m *Model) {
	t.Helper()
	_, n := m.H.Dims()
	votes := map[string]map[int]int{}
	for j := range n {
		group := filepath.Base(filepath.Dir(m.Documents[j].ID))
		if votes[group] == nil {
			votes[group] = map[int]int{}
		}
		votes[group][argmaxSlice(mat.Col(nil, j, m.H))]++
	}
	agree := 0
	for _, v := range votes {
		most := 0
		for _, c := range v {
			most = max(most, c)
		}
		agree += most
	}
	if 10*agree < 9*n {
		t.Errorf("%d of %d posts have their group's usual heaviest topic", agree, n)
	}
}
