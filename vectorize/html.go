package vectorize

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML is the CharFilter of HTML pages: it keeps the visible text and the
// title, with entities decoded, and drops tags, attributes, comments,
// scripts and styles. Every tag but those of inline elements (<b>, <i>,
// <a>, <span>, …) separates words, so "one<br>two" and "<td>one</td><td>two"
// give two words. Text holding a few tags among plain text (reviews with
// <br />) is read the same way: its tags go, its text stays.
type HTML struct{}

// Filter implements CharFilter.
func (HTML) Filter(dst, text []byte) []byte {
	z := html.NewTokenizer(bytes.NewReader(text))
	hidden := 0 // depth of open script, style and the like
	start := len(dst)
	for {
		switch z.Next() {
		case html.ErrorToken: // io.EOF: the tokenizer reads from memory
			return dst
		case html.TextToken:
			if hidden == 0 {
				dst = append(dst, z.Text()...)
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if hiddenElement(a) {
				hidden++
			}
			dst = separate(dst, start, a)
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if hiddenElement(a) && hidden > 0 {
				hidden--
			}
			dst = separate(dst, start, a)
		case html.SelfClosingTagToken:
			name, _ := z.TagName()
			dst = separate(dst, start, atom.Lookup(name))
		}
	}
}

// hiddenElement reports whether an element's text is not shown.
func hiddenElement(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math, atom.Object:
		return true
	}
	return false
}

// separate appends a line break after a tag that separates words, unless
// the text since start is empty or already ends in one.
func separate(dst []byte, start int, a atom.Atom) []byte {
	switch a {
	case atom.A, atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Cite, atom.Code, atom.Data, atom.Del,
		atom.Dfn, atom.Em, atom.Font, atom.I, atom.Ins, atom.Kbd, atom.Mark, atom.Q, atom.S, atom.Samp,
		atom.Small, atom.Span, atom.Strike, atom.Strong, atom.Sub, atom.Sup, atom.Time, atom.Tt,
		atom.U, atom.Var, atom.Wbr, atom.Big, atom.Nobr:
		return dst
	}
	if n := len(dst); n > start && dst[n-1] != '\n' {
		dst = append(dst, '\n')
	}
	return dst
}
