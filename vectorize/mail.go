package vectorize

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/nmftopics/nmftopics/corpus"
)

// Mail is the CharFilter of an RFC 5322 message or a news post. It keeps
// the Subject as text and drops every other header field. It decodes the
// body's MIME parts (quoted-printable, base64, and the part's declared
// charset for the bytes these held, by corpus.Decode's rule; text sent as
// it is, 8bit, was decoded by corpus with the document, from the
// message's own declared charset, and is not decoded twice): of
// alternatives it reads text/plain, else text/html through HTML; it skips
// attachments and parts that are not text. In plain text it removes
// attribution lines ("In article <…> someone@host writes:", "On … wrote:"),
// the signature (after a "-- " line, or a short block after a line of
// dashes or underscores) and a short trailing block of contact lines
// (addresses, links, phone numbers); quoted lines (starting with '>') are
// kept without their marks, or dropped with DropQuotes. A message that
// net/mail cannot parse, or whose multipart body holds no part, is read as
// plain text by Filter (FilterChecked refuses it); parts nested more than
// eight deep are skipped.
type Mail struct {
	DropQuotes bool
}

// Filter implements CharFilter.
func (m Mail) Filter(dst, text []byte) []byte { return m.filter(dst, text, 0) }

// FilterChecked implements CheckedCharFilter: it refuses a text that is
// not a message, with the reason (a *MalformedError): one that does not
// start with a header block (after an mbox "From " line), whose header
// holds a line that is neither a field ("Name: value", the name printable
// ASCII without spaces) nor a continuation (starting with white space),
// that net/mail cannot parse, or whose body is a multipart without a
// boundary or with no part at it. A message whose parts are partly
// readable (a part cut short, no closing boundary, a broken part nested
// inside) is read as far as it can be, and not refused.
func (m Mail) FilterChecked(dst, text []byte) ([]byte, error) {
	if reason := checkMessage(text); reason != "" {
		return dst, &MalformedError{What: "message", Reason: reason}
	}
	return m.Filter(dst, text), nil
}

// checkMessage says why text is not a message, or "" when it is one.
func checkMessage(text []byte) string {
	if bytes.HasPrefix(text, []byte("From ")) { // an mbox separator line
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			text = text[i+1:]
		}
	}
	if reason := checkHeader(text); reason != "" {
		return reason
	}
	msg, err := mail.ReadMessage(bytes.NewReader(text))
	if err != nil {
		return err.Error()
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mediaType, "multipart/") {
		return ""
	}
	if params["boundary"] == "" {
		return "multipart without a boundary"
	}
	body := transferDecoded(msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	if _, err := multipart.NewReader(body, params["boundary"]).NextRawPart(); err != nil {
		return fmt.Sprintf("no MIME part at boundary %q", params["boundary"])
	}
	return ""
}

// checkHeader says why the header block text starts with is not one, or
// "" when it is: each line up to the first blank one (or the end) is a
// field or a continuation of one.
func checkHeader(text []byte) string {
	fields := 0
	for n := 1; len(text) > 0; n++ {
		line := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		switch {
		case len(line) == 0:
			if fields == 0 {
				return "no header block"
			}
			return ""
		case (line[0] == ' ' || line[0] == '\t') && fields > 0:
			continue
		}
		if _, ok := fieldName(line); !ok || line[0] == ' ' || line[0] == '\t' {
			return fmt.Sprintf("line %d is neither a header field nor a continuation", n)
		}
		fields++
	}
	if fields == 0 {
		return "no header block"
	}
	return ""
}

// maxNesting is the depth of multiparts and attached messages read; parts
// nested deeper are skipped, so that reading stays linear in the text.
const maxNesting = 8

// filter appends the text of a message at nesting depth.
func (m Mail) filter(dst, text []byte, depth int) []byte {
	if bytes.HasPrefix(text, []byte("From ")) { // an mbox separator line
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			text = text[i+1:]
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(text))
	if err != nil {
		return append(dst, text...)
	}
	if s := msg.Header.Get("Subject"); s != "" {
		dst = append(dst, decodeHeader(s)...)
		dst = append(dst, '\n', '\n')
	}
	return m.appendEntity(dst, msg.Header, msg.Body, depth)
}

// header is what Mail reads of a MIME entity's header.
type header interface{ Get(string) string }

// decodeHeader decodes RFC 2047 encoded words; it leaves the value as it
// is when it cannot.
func decodeHeader(s string) string {
	d := mime.WordDecoder{CharsetReader: charsetReader}
	if out, err := d.DecodeHeader(s); err == nil {
		return out
	}
	return s
}

// charsetReader decodes text in a named charset to UTF-8.
func charsetReader(charset string, r io.Reader) (io.Reader, error) {
	e, err := htmlindex.Get(charset)
	if err != nil {
		return nil, err
	}
	return e.NewDecoder().Reader(r), nil
}

// appendEntity appends the text of a MIME entity (a message or a part)
// whose header is h and body r.
func (m Mail) appendEntity(dst []byte, h header, r io.Reader, depth int) []byte {
	if depth > maxNesting {
		return dst
	}
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		mediaType, params = "text/plain", nil
	}
	if strings.HasPrefix(h.Get("Content-Disposition"), "attachment") {
		return dst
	}
	encoded := transferEncoded(h.Get("Content-Transfer-Encoding"))
	r = transferDecoded(h.Get("Content-Transfer-Encoding"), r)
	switch {
	case strings.HasPrefix(mediaType, "multipart/"):
		return m.appendParts(dst, mediaType, params["boundary"], r, depth+1)
	case mediaType == "message/rfc822":
		body, _ := io.ReadAll(r)
		return m.filter(dst, body, depth+1)
	case mediaType != "text/plain" && mediaType != "text/html":
		return dst
	}
	body, err := io.ReadAll(r)
	if err != nil && len(body) == 0 {
		return dst
	}
	if encoded {
		// The bytes a transfer encoding held are in the part's charset;
		// text sent as it is was decoded by corpus, with the whole document.
		body, _ = corpus.Decode(body, params["charset"])
	}
	if mediaType == "text/html" {
		return HTML{}.Filter(dst, body)
	}
	return m.appendBody(dst, body)
}

// transferEncoded reports whether a Content-Transfer-Encoding is one that
// transferDecoded undoes: quoted-printable or base64. Others (7bit, 8bit,
// binary) send the text as it is.
func transferEncoded(encoding string) bool {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "base64", "quoted-printable":
		return true
	}
	return false
}

// transferDecoded undoes a Content-Transfer-Encoding.
func transferDecoded(encoding string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// appendParts appends the text of a multipart body: of alternatives the
// first text/plain part (else the last readable one), of other kinds every
// readable part.
func (m Mail) appendParts(dst []byte, mediaType, boundary string, r io.Reader, depth int) []byte {
	body, _ := io.ReadAll(r)
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	var alternatives [][]byte
	plain := -1
	for parts := 0; ; parts++ {
		p, err := mr.NextRawPart() // quoted-printable is undone with the charset, in appendEntity
		if err != nil {
			if parts == 0 { // broken MIME: read the body as plain text
				return m.appendBody(dst, body)
			}
			break
		}
		h := partHeader{p}
		if mediaType == "multipart/alternative" {
			if t, _, _ := mime.ParseMediaType(h.Get("Content-Type")); t == "text/plain" && plain < 0 {
				plain = len(alternatives)
			}
			alternatives = append(alternatives, m.appendEntity(nil, h, p, depth))
			continue
		}
		n := len(dst)
		dst = m.appendEntity(dst, h, p, depth)
		if len(dst) > n {
			dst = append(dst, '\n')
		}
	}
	switch {
	case plain >= 0:
		return append(dst, alternatives[plain]...)
	case len(alternatives) > 0:
		return append(dst, alternatives[len(alternatives)-1]...)
	}
	return dst
}

// partHeader is a part's header, read raw: its transfer encoding is
// undone in appendEntity.
type partHeader struct{ p *multipart.Part }

func (h partHeader) Get(k string) string { return h.p.Header.Get(k) }

// appendBody appends the text of a plain-text body, without attribution
// lines, signature and trailing contact lines, and with quoted lines kept
// (without their marks) or dropped.
func (m Mail) appendBody(dst, body []byte) []byte {
	lines := bodyLines(body)
	lines = withoutSignature(lines)
	for i := 0; i < len(lines); i++ {
		line, quoted := unquoted(lines[i])
		if quoted && m.DropQuotes {
			continue
		}
		if isAttribution(line) {
			continue
		}
		if bytes.HasPrefix(bytes.TrimSpace(line), []byte("In article")) && i+1 < len(lines) {
			if next, _ := unquoted(lines[i+1]); isAttribution(next) {
				i++ // an attribution wrapped onto two lines
				continue
			}
		}
		dst = append(dst, line...)
		dst = append(dst, '\n')
	}
	return dst
}

// bodyLines splits a body into lines, without their line ends (and a
// final '\r'), as bufio.ScanLines does; the lines are slices of body (a
// Scanner's would be overwritten by its later reads).
func bodyLines(body []byte) [][]byte {
	var lines [][]byte
	for len(body) > 0 {
		line, rest, _ := bytes.Cut(body, []byte("\n"))
		lines = append(lines, bytes.TrimSuffix(line, []byte("\r")))
		body = rest
	}
	return lines
}

// unquoted returns a line without its quote marks ('>', possibly several,
// with spaces between), and whether it had any.
func unquoted(line []byte) ([]byte, bool) {
	t := bytes.TrimLeft(line, " \t")
	if len(t) == 0 || t[0] != '>' {
		return line, false
	}
	return bytes.TrimLeft(t, "> \t"), true
}

// isAttribution reports whether a line introduces quoted text: it ends in
// "writes:" or "wrote:"; or in "said:", "writes" or "wrote" and names an
// address or starts as attributions do ("In article", "On …"); or it
// starts with "In article <" and ends with a comma (the rest on the next
// line). Longer lines are text.
func isAttribution(line []byte) bool {
	t := bytes.TrimSpace(line)
	if len(t) > 240 {
		return false
	}
	if bytes.HasSuffix(t, []byte("writes:")) || bytes.HasSuffix(t, []byte("wrote:")) {
		return true
	}
	named := bytes.Contains(t, []byte("@")) || bytes.HasPrefix(t, []byte("In article")) || bytes.HasPrefix(t, []byte("On "))
	for _, end := range []string{"said:", "writes", "wrote"} {
		if bytes.HasSuffix(t, []byte(end)) && named {
			return true
		}
	}
	return bytes.HasPrefix(t, []byte("In article <")) && bytes.HasSuffix(t, []byte(","))
}

// withoutSignature returns lines without the signature: from the last
// "-- " line on; or from the last line of dashes, underscores or equal
// signs when at most sigLines non-blank lines follow it; and without a
// trailing block of at most sigLines/2+1 lines, after a blank line, that
// reads as contact lines (isContactBlock).
func withoutSignature(lines [][]byte) [][]byte {
	const sigLines = 10
	for i := len(lines) - 1; i >= 0; i-- {
		if t := bytes.TrimRight(lines[i], " \t\r"); string(t) == "--" {
			lines = lines[:i]
			break
		}
	}
	for i := len(lines) - 1; i >= 0 && i >= len(lines)-sigLines-1; i-- {
		if isRule(lines[i]) && nonBlank(lines[i+1:]) <= sigLines {
			lines = lines[:i]
			break
		}
	}
	lines = trimBlank(lines)
	start := len(lines)
	for start > 0 && len(bytes.TrimSpace(lines[start-1])) > 0 {
		start--
	}
	if block := lines[start:]; start > 0 && len(block) <= sigLines/2+1 && isContactBlock(block) {
		lines = trimBlank(lines[:start])
	}
	return lines
}

// isContactBlock reports whether a trailing block reads as an unmarked
// signature: mostly contact lines, or at least one contact line among
// lines as short as a name, title or organization (a paragraph of a body
// is wrapped near 70 characters).
func isContactBlock(block [][]byte) bool {
	const shortLine = 50
	contacts := contactLines(block)
	if contacts*2 >= len(block) {
		return true
	}
	if contacts == 0 {
		return false
	}
	for _, l := range block {
		if utf8.RuneCount(bytes.TrimSpace(l)) > shortLine {
			return false
		}
	}
	return true
}

// isRule reports whether a line is made of three or more dashes,
// underscores, equal signs or stars, and nothing else.
func isRule(line []byte) bool {
	t := bytes.TrimSpace(line)
	return len(t) >= 3 && len(bytes.Trim(t, "-_=*~+")) == 0
}

func nonBlank(lines [][]byte) int {
	n := 0
	for _, l := range lines {
		if len(bytes.TrimSpace(l)) > 0 {
			n++
		}
	}
	return n
}

func trimBlank(lines [][]byte) [][]byte {
	for len(lines) > 0 && len(bytes.TrimSpace(lines[len(lines)-1])) == 0 {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// contactLines counts the lines that hold an address, a link or a phone
// number, or hardly any letters.
func contactLines(lines [][]byte) int {
	n := 0
	for _, l := range lines {
		lower := bytes.ToLower(l)
		switch {
		case bytes.Contains(l, []byte("@")), bytes.Contains(lower, []byte("http")), bytes.Contains(lower, []byte("www.")),
			digits(l) >= 7, letters(l)*2 < len(bytes.TrimSpace(l)):
			n++
		}
	}
	return n
}

func digits(b []byte) int {
	n := 0
	for _, c := range b {
		if '0' <= c && c <= '9' {
			n++
		}
	}
	return n
}

func letters(b []byte) int {
	n := 0
	for _, c := range b {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80 {
			n++
		}
	}
	return n
}
