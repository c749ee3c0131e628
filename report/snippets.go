package report

import (
	"context"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nmftopics/nmftopics/corpus"
	"github.com/nmftopics/nmftopics/topics"
	"github.com/nmftopics/nmftopics/vectorize"
)

// SnippetLength is the number of characters of a document's text a page
// shows under a topic.
const SnippetLength = 300

// snippetSource is the most of a document read for its snippet: the char
// filters need a whole message or page, and a longer one is cut.
const snippetSource = 1 << 20

var errEnough = errors.New("enough text")

// Snippets returns the start of the text of the documents the model's
// topics list, by id, from docs (those the model was fitted on, or any
// with the same ids): read as the model read them (decoded, then its char
// filters: a page's words without its markup, a message's body without
// its headers), white space runs made one space, cut to SnippetLength
// characters. A document that cannot be read gets no snippet.
func Snippets(ctx context.Context, m *topics.Model, docs []corpus.Document) (map[string]string, error) {
	analyzer, err := vectorize.NewAnalyzer(m.Analysis)
	if err != nil {
		return nil, err
	}
	wanted := map[string]bool{}
	for _, t := range m.Topics {
		for _, d := range t.Documents {
			wanted[d.ID] = true
		}
	}
	out := map[string]string{}
	var r corpus.Reader
	var text, filtered []byte
	for _, d := range docs {
		if !wanted[d.ID] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		delete(wanted, d.ID) // the first document of an id, as a fit numbers them
		text = text[:0]
		_, err := r.Read(d, func(chunk []byte) error {
			text = append(text, chunk[:min(len(chunk), snippetSource-len(text))]...)
			if len(text) == snippetSource {
				return errEnough
			}
			return nil
		})
		if err != nil && !errors.Is(err, errEnough) {
			continue
		}
		filtered = analyzer.FilterChars(filtered, d.ID, text)
		out[d.ID] = snippet(filtered, SnippetLength)
	}
	return out, nil
}

// snippet returns the first n characters of text with each run of white
// space made one space, and "…" when it is cut.
func snippet(text []byte, n int) string {
	var b strings.Builder
	space := false
	for len(text) > 0 {
		c, size := utf8.DecodeRune(text)
		text = text[size:]
		if unicode.IsSpace(c) || unicode.IsControl(c) {
			space = b.Len() > 0
			continue
		}
		if n == 0 {
			b.WriteString("…")
			break
		}
		if space {
			b.WriteByte(' ')
			n--
			space = false
			if n == 0 {
				b.WriteString("…")
				break
			}
		}
		b.WriteRune(c)
		n--
	}
	return b.String()
}
