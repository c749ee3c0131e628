package vectorize

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/nmftopics/nmftopics/corpus"
)

// CharFilter changes a document's text before it is tokenized: it appends
// the text it keeps of text to dst and returns the result. It sees a
// document's whole text at once. A filter used by several analyzers at
// once must be safe for concurrent use.
type CharFilter interface {
	Filter(dst, text []byte) []byte
}

// CheckedCharFilter is a CharFilter that can tell a text is not what it
// reads (a Mail filter given text that is no message). Count calls
// FilterChecked for the filters an Analyzer is given, and leaves out a
// document whose text is refused, counted as corpus.SkipMalformed; a
// filter a Chooser picked from a document's look is not checked (Filter
// reads the text as well as it can), since the choice was a guess.
type CheckedCharFilter interface {
	CharFilter
	// FilterChecked is Filter, or a *MalformedError when text is not what
	// the filter reads.
	FilterChecked(dst, text []byte) ([]byte, error)
}

// MalformedError is a document that a CheckedCharFilter refuses; it wraps
// corpus.ErrMalformed.
type MalformedError struct {
	What   string // what the document was to be ("message")
	Reason string // why it is not one ("no header block")
}

func (e *MalformedError) Error() string { return "malformed " + e.What + ": " + e.Reason }

func (e *MalformedError) Unwrap() error { return corpus.ErrMalformed }

// guessed is a filter a Chooser picked: a CharFilter only, so that it is
// not checked.
type guessed struct{ CharFilter }

// Chooser is a CharFilter that picks, for each document, the filter its
// text needs, from the document's name and the start of its text (head,
// up to corpus.ChunkSize bytes). It returns nil for a document whose text
// is to be read as it is: such a document costs the analyzer nothing.
type Chooser interface {
	CharFilter
	Choose(name string, head []byte) CharFilter
}

// Content says what text a document holds, and so which CharFilter reads
// it.
type Content string

// The kinds of content. The zero value, "", is ContentPlain: a model saved
// before contents existed reads text as it did.
const (
	ContentAuto  Content = "auto"  // HTML or mail when the document looks like it, else plain
	ContentPlain Content = "plain" // the text as it is
	ContentHTML  Content = "html"  // the visible text of an HTML page (HTML)
	ContentMail  Content = "mail"  // an RFC 5322 message or news post (Mail)
)

// Contents lists the kinds of content, for flags' help.
func Contents() []string { return []string{"auto", "plain", "html", "mail"} }

// Quotes says what becomes of a message's quoted lines (those starting
// with '>').
type Quotes string

// The quote settings. The zero value, "", is QuotesKeep.
const (
	QuotesKeep Quotes = "keep" // quoted text is read as text (without the '>' marks)
	QuotesDrop Quotes = "drop" // quoted lines are removed
)

// charFilter returns the CharFilter for content c (nil for plain text).
func charFilter(c Content, q Quotes) (CharFilter, error) {
	if q != "" && q != QuotesKeep && q != QuotesDrop {
		return nil, fmt.Errorf("unknown quotes setting %q (known: keep, drop)", q)
	}
	mail := Mail{DropQuotes: q == QuotesDrop}
	switch c {
	case "", ContentPlain:
		return nil, nil
	case ContentHTML:
		return HTML{}, nil
	case ContentMail:
		return mail, nil
	case ContentAuto:
		return Auto{Mail: mail}, nil
	}
	return nil, fmt.Errorf("unknown content %q (known: %s)", c, strings.Join(Contents(), ", "))
}

// Auto reads a document as HTML or as mail when it looks like one, and as
// it is otherwise:
//   - HTML: a name ending in .html, .htm or .xhtml; text starting with a
//     doctype or <html>; or text holding a tag that only markup writes: a
//     closing tag of an HTML element (</p>), a self-closing one (<br />),
//     one with attributes (<a href=…>), or <br> or <hr> in lower case.
//     A bare <em> or <DD> is not enough: news wires write ticker symbols so.
//   - mail: text starting with a block of two or more header fields
//     ("Name: value" lines, one of them From, Subject, Newsgroups,
//     Message-ID, Date, To, Path or Received), then a blank line; a
//     leading mbox "From " line is allowed. Such text is mail even when it
//     holds markup (an HTML part, tags in its text), but not when its name
//     or its start says HTML.
//
// Auto never leaves a document out: what it took for a message but cannot
// be parsed as one (broken MIME) is read as Mail.Filter reads it, as plain
// text where need be; so is a record of an mbox file that does not look
// like mail. ContentMail checks every document (see CheckedCharFilter).
type Auto struct {
	Mail Mail // how mail is read
}

// Choose implements Chooser.
func (a Auto) Choose(name string, head []byte) CharFilter {
	switch {
	case isHTMLName(name) || startsAsHTML(head):
		return HTML{}
	case startsAsMail(head): // before markup: a message may hold an HTML part
		return a.Mail
	case holdsMarkup(head):
		return HTML{}
	}
	return nil
}

// Filter implements CharFilter.
func (a Auto) Filter(dst, text []byte) []byte {
	if f := a.Choose("", text); f != nil {
		return f.Filter(dst, text)
	}
	return append(dst, text...)
}

func isHTMLName(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return true
	}
	return false
}

// startsAsHTML reports whether text starts (after a BOM and white space)
// with a doctype or an <html> tag.
func startsAsHTML(text []byte) bool {
	text = bytes.TrimPrefix(text, []byte("\xef\xbb\xbf"))
	text = bytes.TrimLeft(text, " \t\r\n")
	if len(text) > 32 {
		text = text[:32]
	}
	lower := bytes.ToLower(text)
	return bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) ||
		bytes.HasPrefix(lower, []byte("<?xml")) && bytes.Contains(bytes.ToLower(text), []byte("html"))
}

// holdsMarkup reports whether text holds a tag that only markup writes
// (see Auto).
func holdsMarkup(text []byte) bool {
	for {
		i := bytes.IndexByte(text, '<')
		if i < 0 {
			return false
		}
		text = text[i+1:]
		if isMarkupTag(text) {
			return true
		}
	}
}

// isMarkupTag reports whether the text after a '<' is a tag only markup
// writes.
func isMarkupTag(t []byte) bool {
	closing := len(t) > 0 && t[0] == '/'
	if closing {
		t = t[1:]
	}
	n := 0
	for n < len(t) && n < 12 && isASCIILetterOrDigit(t[n]) {
		n++
	}
	if n == 0 || n == len(t) {
		return false
	}
	name := string(bytes.ToLower(t[:n]))
	if _, known := htmlElements[name]; !known {
		return false
	}
	rest := t[n:]
	switch {
	case closing:
		return rest[0] == '>'
	case rest[0] == '>':
		return (name == "br" || name == "hr") && string(t[:n]) == name
	case rest[0] == '/':
		return len(rest) > 1 && rest[1] == '>'
	case rest[0] == ' ':
		rest = bytes.TrimLeft(rest, " ")
		if bytes.HasPrefix(rest, []byte("/>")) {
			return true
		}
		k := 0
		for k < len(rest) && isASCIILetterOrDigit(rest[k]) || k < len(rest) && rest[k] == '-' {
			k++
		}
		return k > 0 && k < len(rest) && rest[k] == '='
	}
	return false
}

func isASCIILetterOrDigit(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// htmlElements are the HTML elements whose tags holdsMarkup knows.
var htmlElements = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, e := range strings.Fields(`a abbr address article aside b blockquote body br caption center cite code
		dd del div dl dt em font footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins
		kbd label li link main meta nav ol option p pre q s script section select small span strike strong
		style sub sup table tbody td th thead title tr tt u ul`) {
		m[e] = struct{}{}
	}
	return m
}()

// mailFields are header fields of which a mail header block holds one.
var mailFields = []string{"from", "subject", "newsgroups", "message-id", "date", "to", "path", "received"}

// startsAsMail reports whether text starts with a block of two or more
// header fields, one of them a mailField, followed by a blank line.
func startsAsMail(text []byte) bool {
	if bytes.HasPrefix(text, []byte("From ")) { // an mbox separator line
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			return false
		}
		text = text[i+1:]
	}
	fields, known := 0, false
	for len(text) > 0 {
		line := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		switch {
		case len(line) == 0:
			return fields >= 2 && known
		case line[0] == ' ' || line[0] == '\t':
			if fields == 0 {
				return false
			}
			continue
		}
		name, ok := fieldName(line)
		if !ok {
			return false
		}
		fields++
		for _, f := range mailFields {
			known = known || strings.EqualFold(f, name)
		}
	}
	return false
}

// fieldName returns the name of a header field line "Name: value".
func fieldName(line []byte) (string, bool) {
	i := bytes.IndexByte(line, ':')
	if i <= 0 || i > 76 {
		return "", false
	}
	for _, c := range line[:i] {
		if c <= ' ' || c > '~' {
			return "", false
		}
	}
	return string(line[:i]), true
}
