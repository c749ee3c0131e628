package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// messageID invents a Message-ID in one of the styles of the time, at the
// poster's news host.
func messageID(rng *rand.Rand, p *post) string {
	host := p.poster.site.domain
	if p.poster.machine != "" && rng.IntN(2) == 0 {
		host = p.poster.machine
	}
	const base36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	rnd := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = base36[rng.IntN(len(base36))]
		}
		return string(b)
	}
	switch (len(host) + p.poster.fromStyle) % 4 {
	case 0:
		return fmt.Sprintf("%s.%d@%s", p.at.Format("2006Jan2.150405"), rng.IntN(30000), host)
	case 1:
		return fmt.Sprintf("C%s.%s@%s", rnd(5), rnd(3), host)
	case 2:
		return fmt.Sprintf("1%sINN%s@%s", strings.ToLower(rnd(5)), strings.ToLower(rnd(3)), host)
	}
	return fmt.Sprintf("%d%s.AA%05d@%s", 730000000+p.at.Unix()%3000000, "", rng.IntN(100000), host)
}

// fromField writes the From field in the poster's style.
func fromField(p *poster) string {
	switch p.fromStyle {
	case 0, 1:
		return p.addr + " (" + p.name + ")"
	case 2:
		return `"` + p.name + `" <` + p.addr + ">"
	}
	return p.name + " <" + p.addr + ">"
}

// pathField is the relay hosts a post passed through, from the archive's
// host back to the poster.
func pathField(rng *rand.Rand, p *poster) string {
	var b strings.Builder
	b.WriteString(collector)
	for _, r := range rng.Perm(len(relays))[:2+rng.IntN(4)] {
		b.WriteString(relays[r] + "!")
	}
	user, host, _ := strings.Cut(p.addr, "@")
	b.WriteString(host + "!" + user)
	return b.String()
}

// headers writes a post's header fields, in the order newsreaders wrote
// them; the optional ones come with the poster's habits or by chance.
func headers(rng *rand.Rand, p *post, groups []group, m *message) {
	m.field("Path", pathField(rng, p.poster))
	m.field("From", fromField(p.poster))
	names := make([]string, len(p.groups))
	for i, g := range p.groups {
		names[i] = groups[g].name
	}
	m.field("Newsgroups", strings.Join(names, ","))
	m.field("Subject", p.subject)
	m.field("Message-ID", "<"+p.msgID+">")
	m.field("Date", formatDate(p.at, p.poster, p.poster.dateStyle))
	switch rng.IntN(10) {
	case 0, 1:
		m.field("Sender", "news@"+p.poster.site.domain+" (USENET News System)")
	case 2:
		m.field("Sender", p.poster.addr)
	}
	if p.poster.org != "" {
		m.field("Organization", p.poster.org)
	}
	if p.parent != nil {
		m.field("References", references(p))
	}
	if p.poster.replyTo {
		m.field("Reply-To", p.poster.addr)
	}
	if rng.IntN(8) == 0 {
		m.field("Distribution", []string{"world", "na", "usa", "local"}[rng.IntN(4)])
	}
	if p.parent == nil && rng.IntN(25) == 0 {
		m.field("Keywords", keywords(p.subject))
	}
	if p.parent == nil && rng.IntN(40) == 0 {
		m.field("Summary", firstWords(p.own, 8))
	}
	if p.poster.machine != "" {
		m.field("NNTP-Posting-Host", p.poster.machine)
	}
	if p.poster.newsreader != "" {
		m.field("X-Newsreader", p.poster.newsreader)
	}
}

// references is a reply's References field: its parent's references and
// the parent itself, the last few.
func references(p *post) string {
	var ids []string
	for q := p.parent; q != nil && len(ids) < 5; q = q.parent {
		ids = append([]string{"<" + q.msgID + ">"}, ids...)
	}
	return strings.Join(ids, " ")
}

// keywords picks the longer words of a subject.
func keywords(subject string) string {
	var kw []string
	for _, w := range strings.Fields(subject) {
		if len(w) > 4 && len(kw) < 4 {
			kw = append(kw, strings.ToLower(strings.Trim(w, ".,:;\"'()<>")))
		}
	}
	return strings.Join(kw, ", ")
}

// firstWords is the first n words of lines.
func firstWords(lines []string, n int) string {
	words := strings.Fields(strings.Join(lines, " "))
	return strings.Join(words[:min(n, len(words))], " ")
}

// bydateFields are the header fields the 18,846 posts of the "bydate"
// 20 Newsgroups archive keep (-fields bydate); it drops Path, Newsgroups,
// Message-ID, Date, Sender and References.
var bydateFields = map[string]bool{
	"From": true, "Subject": true, "Organization": true, "Lines": true, "NNTP-Posting-Host": true,
	"Reply-To": true, "Distribution": true, "Keywords": true, "Summary": true, "X-Newsreader": true,
	"MIME-Version": true, "Content-Type": true, "Content-Transfer-Encoding": true,
}

// keepFields leaves out the header fields that keep does not hold.
func (m *message) keepFields(keep map[string]bool) {
	var kept [][2]string
	for _, f := range m.fields {
		if keep[f[0]] {
			kept = append(kept, f)
		}
	}
	m.fields = kept
}
