package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// message is a composed post: its header fields in order, its body lines,
// and the text a reader would call its content (Subject, own and quoted
// text, without headers, attributions or signature).
type message struct {
	fields [][2]string
	body   []string
	inside []string
}

// field appends a header field.
func (m *message) field(name, value string) { m.fields = append(m.fields, [2]string{name, value}) }

// subjectOf is a post's Subject: its document's title (or first words) for
// a document's first post (a later post that starts a thread: its first
// words), else "Re: " and the subject of the post it replies to.
func subjectOf(p *post) string {
	if p.parent != nil {
		return "Re: " + strings.TrimPrefix(p.parent.subject, "Re: ")
	}
	if p.first && p.doc.title != "" {
		return p.doc.title
	}
	return firstWords(p.units[0], 7)
}

// compose writes a post's plain-text body: for a reply an attribution line
// and quoted lines of the parent (sometimes nested, sometimes interleaved
// with the reply), the own text, and the poster's signature.
func compose(rng *rand.Rand, p *post) message {
	m := message{inside: []string{p.subject, ""}}
	var own [][]string
	for _, u := range p.units {
		own = append(own, u)
	}
	p.own = joinUnits(own)
	if p.parent == nil {
		m.body = append(m.body, p.own...)
		m.inside = append(m.inside, p.own...)
	} else {
		p.attr = attribution(rng, p.poster, p.parent)
		m.body = append(m.body, p.attr)
		blocks := 1
		if len(own) > 1 && rng.IntN(4) == 0 {
			blocks = 2
		}
		nested := rng.IntN(3) == 0 && len(p.parent.quoted) > 0
		for b := range blocks {
			if nested && b == 0 {
				m.addNested(rng, p.parent)
			}
			q := excerpt(rng, p.parent.own)
			p.quoted = append(p.quoted, q...)
			m.addQuoted(q, "> ")
			m.body = append(m.body, "")
			part := own
			if blocks == 2 {
				part = own[:1]
				if b == 1 {
					part = own[1:]
				}
			}
			m.body = append(m.body, joinUnits(part)...)
			m.inside = append(m.inside, joinUnits(part)...)
			if b+1 < blocks {
				m.body = append(m.body, "")
			}
		}
	}
	if p.poster.sig != nil && rng.Float64() < 0.92 {
		m.body = append(append(m.body, ""), p.poster.sig...)
	}
	return m
}

// addNested adds what the parent quoted, one level deeper, after the
// parent's attribution line.
func (m *message) addNested(rng *rand.Rand, parent *post) {
	m.body = append(m.body, "> "+parent.attr)
	q := parent.quoted[:min(len(parent.quoted), 1+rng.IntN(4))]
	m.addQuoted(q, ">> ")
	m.body = append(m.body, ">")
}

// addQuoted adds lines with a quote mark to the body and without it to the
// inside text.
func (m *message) addQuoted(lines []string, mark string) {
	for _, l := range lines {
		m.body = append(m.body, strings.TrimRight(mark+l, " "))
	}
	m.inside = append(m.inside, lines...)
}

// joinUnits joins units with an empty line between them.
func joinUnits(units [][]string) []string {
	var lines []string
	for i, u := range units {
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, u...)
	}
	return lines
}

// excerpt is 2 to 15 consecutive non-empty lines of text (fewer when the
// text is shorter).
func excerpt(rng *rand.Rand, text []string) []string {
	var lines []string
	for _, l := range text {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	n := min(len(lines), 2+rng.IntN(14))
	from := rng.IntN(len(lines) - n + 1)
	return lines[from : from+n]
}

// attribution is the line that introduces a reply's quoted text, in the
// replying poster's style.
func attribution(rng *rand.Rand, replier *poster, parent *post) string {
	who := parent.poster
	switch replier.attrStyle {
	case 0, 1:
		return fmt.Sprintf("In article <%s>, %s (%s) writes:", parent.msgID, who.addr, who.name)
	case 2:
		return fmt.Sprintf("In article <%s> %s writes:", parent.msgID, who.addr)
	case 3:
		return fmt.Sprintf("On %s, %s wrote:", formatDate(parent.at, who, 0), who.name)
	}
	if rng.IntN(2) == 0 {
		return fmt.Sprintf("%s (%s) writes:", who.addr, who.name)
	}
	return fmt.Sprintf("%s writes:", who.addr)
}

// formatDate writes a date in one of the styles of Date fields.
func formatDate(t time.Time, p *poster, style int) string {
	zone := p.site.zone
	offsets := map[string]int{"EST": -5, "CST": -6, "MST": -7, "PST": -8, "BST": 1}
	local := t.In(time.FixedZone(zone, offsets[zone]*3600))
	switch style {
	case 1:
		return t.Format("2 Jan 06 15:04:05") + " GMT"
	case 2:
		return local.Format("Mon, 02 Jan 2006 15:04:05 -0700")
	case 3:
		return local.Format("Mon, 2 Jan 2006 15:04:05 MST")
	}
	return t.Format("Mon, 2 Jan 2006 15:04:05") + " GMT"
}
