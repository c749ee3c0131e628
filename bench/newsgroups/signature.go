package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// signature invents a poster's signature block in one of the styles of the
// time: most after a "-- " line, some after a rule of dashes, underscores
// or equal signs, some with no separator at all (a trailing block of name,
// address, phone and organization).
func signature(rng *rand.Rand, p *poster, first string) []string {
	quip := quips[rng.IntN(len(quips))]
	title := titles[rng.IntN(len(titles))]
	switch k := rng.IntN(20); {
	case k < 8:
		lines := []string{"-- ", p.name}
		if rng.IntN(2) == 0 {
			lines = append(lines, title+", "+shortOrg(p))
		}
		lines = append(lines, p.addr)
		return append(lines, wrap(`"`+quip+`"`, 70)...)
	case k < 11: // a boxed block
		half := wrap(quip, 36)
		left := []string{p.name + "  " + callSign(rng), p.addr, phone(rng)}
		lines := []string{"-- "}
		for i := range max(len(left), len(half)) {
			l, r := "", ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(half) {
				r = half[i]
			}
			lines = append(lines, fmt.Sprintf("%-34s| %s", l, r))
		}
		return lines
	case k < 14: // no separator: a trailing contact block
		label := []string{"Phone: ", "Voice: ", "Tel. ", "", "(w) "}[rng.IntN(5)]
		return []string{"", p.name, title, shortOrg(p), p.addr, label + phone(rng)}
	case k < 16:
		return []string{strings.Repeat("_", 62), p.name + ", " + title,
			p.addr + "  |  " + phone(rng), quip}
	case k < 18:
		return []string{strings.Repeat("=", 60), p.name + "   " + p.addr,
			quip, strings.Repeat("=", 60)}
	}
	return []string{"--", first, p.addr} // no space after the dashes
}

// shortOrg is an organization for a signature: the poster's organization
// up to its first comma, or their site's domain.
func shortOrg(p *poster) string {
	if p.org == "" {
		return p.site.domain
	}
	org, _, _ := strings.Cut(p.org, ",")
	return org
}
