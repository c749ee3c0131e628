package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"math/rand/v2"
	"mime/quotedprintable"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// The kinds of body a post has; most are plain text with no MIME fields.
const (
	plainBody       = iota
	asciiBody       // plain text declared US-ASCII
	latin1Body      // plain text in ISO-8859-1, declared
	alternativeBody // multipart/alternative: quoted-printable text/plain and text/html
	attachmentBody  // multipart/mixed: text/plain and a base64 attachment
	htmlBody        // text/html only
)

// bodyKind draws the kind of a post's body: a few percent MIME.
func bodyKind(rng *rand.Rand) int {
	switch x := rng.Float64(); {
	case x < 0.005:
		return alternativeBody
	case x < 0.009:
		return attachmentBody
	case x < 0.012:
		return htmlBody
	case x < 0.02:
		return latin1Body
	case x < 0.05:
		return asciiBody
	}
	return plainBody
}

// render writes a message as the bytes of a raw post, its body encoded by
// kind, with a Lines field, and only the header fields keep holds (nil:
// all).
func render(rng *rand.Rand, m *message, kind int, keep map[string]bool) []byte {
	body := strings.Join(m.body, "\n") + "\n"
	boundary := fmt.Sprintf("=_%08x.%04x", rng.Uint32(), rng.IntN(1<<16))
	switch kind {
	case asciiBody:
		m.mimeFields("text/plain; charset=US-ASCII", "7bit")
	case latin1Body:
		m.mimeFields("text/plain; charset=iso-8859-1", "8bit")
		body = toLatin1(body)
	case alternativeBody:
		m.mimeFields(`multipart/alternative; boundary="`+boundary+`"`, "")
		body = multipart(boundary, []string{
			part("text/plain; charset=utf-8", "quoted-printable", quotedPrintable(body)),
			part("text/html; charset=utf-8", "quoted-printable", quotedPrintable(toHTML(m.body))),
		})
	case attachmentBody:
		m.mimeFields(`multipart/mixed; boundary="`+boundary+`"`, "")
		body = multipart(boundary, []string{
			part("text/plain; charset=us-ascii", "7bit", body),
			attachment(rng),
		})
	case htmlBody:
		m.mimeFields("text/html; charset=utf-8", "8bit")
		body = toHTML(m.body)
	}
	m.field("Lines", fmt.Sprint(strings.Count(body, "\n")))
	if keep != nil {
		m.keepFields(keep)
	}
	var b bytes.Buffer
	for _, f := range m.fields {
		b.WriteString(f[0] + ": " + f[1] + "\n")
	}
	b.WriteString("\n" + body)
	return b.Bytes()
}

// mimeFields adds the MIME header fields.
func (m *message) mimeFields(contentType, encoding string) {
	m.field("MIME-Version", "1.0")
	m.field("Content-Type", contentType)
	if encoding != "" {
		m.field("Content-Transfer-Encoding", encoding)
	}
}

// part writes a MIME part.
func part(contentType, encoding, body string) string {
	return "Content-Type: " + contentType + "\nContent-Transfer-Encoding: " + encoding + "\n\n" + body
}

// multipart joins parts with a boundary, after a preamble.
func multipart(boundary string, parts []string) string {
	var b strings.Builder
	b.WriteString("This is a multi-part message in MIME format.\n")
	for _, p := range parts {
		b.WriteString("\n--" + boundary + "\n" + p)
	}
	b.WriteString("\n--" + boundary + "--\n")
	return b.String()
}

// attachment is a base64 part holding invented binary data.
func attachment(rng *rand.Rand) string {
	names := []string{"scan0042.gif", "diagram.gif", "results.zip", "patch.tar.Z", "photo.jpg", "budget.xls"}
	types := []string{"image/gif", "image/gif", "application/zip", "application/octet-stream", "image/jpeg", "application/vnd.ms-excel"}
	i := rng.IntN(len(names))
	data := make([]byte, 300+rng.IntN(2500))
	for j := range data {
		data[j] = byte(rng.IntN(256))
	}
	enc := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\n")
	return fmt.Sprintf("Content-Type: %s; name=\"%s\"\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=\"%s\"\n\n%s",
		types[i], names[i], names[i], b.String())
}

// quotedPrintable encodes text as quoted-printable.
func quotedPrintable(text string) string {
	var b bytes.Buffer
	w := quotedprintable.NewWriter(&b)
	w.Write([]byte(text))
	w.Close()
	return b.String()
}

// toLatin1 encodes text in ISO-8859-1; characters it lacks become '?'.
func toLatin1(text string) string {
	var b strings.Builder
	enc := charmap.ISO8859_1
	for _, r := range text {
		c, ok := enc.EncodeRune(r)
		if !ok {
			c = '?'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// toHTML renders body lines as an HTML page, as mail programs did: blocks
// of quoted lines as blockquotes, other blocks as paragraphs with line
// breaks.
func toHTML(lines []string) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">` + "\n" +
		`<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">` + "\n" +
		`<style type="text/css">body { font-family: Verdana, Arial, sans-serif; font-size: 10pt }</style>` +
		"\n</head>\n<body bgcolor=\"#ffffff\" text=\"#000000\">\n<div class=\"moz-text-flowed\">\n")
	for _, block := range blocks(lines) {
		quoted := strings.HasPrefix(block[0], ">")
		open, close := "<p>", "</p>\n"
		if quoted {
			open, close = `<blockquote type="cite" style="border-left: 2px solid #1010ff; padding-left: 5px">`, "</blockquote>\n"
		}
		b.WriteString(open)
		for i, l := range block {
			if quoted {
				l = strings.TrimLeft(l, "> ")
			}
			if i > 0 {
				b.WriteString("<br>\n")
			}
			b.WriteString(strings.ReplaceAll(html.EscapeString(l), "  ", " &nbsp;"))
		}
		b.WriteString(close)
	}
	b.WriteString("</div>\n</body></html>\n")
	return b.String()
}

// blocks splits lines at empty lines and where quoting starts or stops.
func blocks(lines []string) [][]string {
	var out [][]string
	var cur []string
	for _, l := range lines {
		if strings.TrimSpace(l) == "" || (len(cur) > 0 && strings.HasPrefix(cur[0], ">") != strings.HasPrefix(l, ">")) {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			if strings.TrimSpace(l) == "" {
				continue
			}
		}
		cur = append(cur, l)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}
