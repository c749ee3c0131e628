package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// poster is a regular of one or more groups: who they are, where they post
// from, and the habits that show in every post of theirs.
type poster struct {
	name       string
	addr       string // user@host
	site       *site
	machine    string // NNTP-Posting-Host, or ""
	org        string // Organization, or "" for none
	fromStyle  int    // how the From field writes name and address
	dateStyle  int
	attrStyle  int    // how their replies attribute quoted text
	newsreader string // X-Newsreader, or ""
	replyTo    bool
	sig        []string // signature block, or nil
}

// allSites is the sites posters come from: the named ones and invented
// small ones (siteList).
var allSites []site

// pool is the posters of a group with the weights of a heavy-tailed
// (Zipf) posting count: the regular at rank r posts in proportion to
// 1/(r+1)^0.75.
type pool struct {
	posters []*poster
	cum     []float64 // cumulative weights
}

// pick draws a poster by weight.
func (p *pool) pick(rng *rand.Rand) *poster {
	x := rng.Float64() * p.cum[len(p.cum)-1]
	lo, hi := 0, len(p.cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if p.cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return p.posters[lo]
}

// newPools makes each group's pool of posters, size in proportion to the
// group's posts; a share of each pool is borrowed from other groups' pools,
// so that some regulars post in two or three groups.
func newPools(rng *rand.Rand, groups []group, posts []int) []*pool {
	var base []float64
	allSites, base = siteList(rng)
	pools := make([]*pool, len(groups))
	for g := range groups {
		n := posts[g]/4 + 8
		pools[g] = &pool{}
		prefs := sitePrefs(rng, groups[g].name, base)
		for range n {
			pools[g].posters = append(pools[g].posters, newPoster(rng, prefs))
		}
	}
	for g, p := range pools {
		if len(pools) < 2 {
			break
		}
		for i := range p.posters {
			if rng.Float64() >= 0.3 {
				continue
			}
			o := rng.IntN(len(pools) - 1)
			if o >= g {
				o++
			}
			other := pools[o].posters
			p.posters[i] = other[rng.IntN(min(len(other), 40))] // a regular there
		}
	}
	for _, p := range pools {
		w := 0.0
		for r := range p.posters {
			w += 1 / math.Pow(float64(r+1), 0.75)
			p.cum = append(p.cum, w)
		}
	}
	return pools
}

// sitePrefs weighs the sites a group's posters come from: the sites'
// own weights, a few favourite sites per group, and universities more in
// the sci, comp, rec and talk hierarchies, companies more in the others.
func sitePrefs(rng *rand.Rand, groupName string, base []float64) []float64 {
	academic := strings.HasPrefix(groupName, "sci.") || strings.HasPrefix(groupName, "comp.") ||
		strings.HasPrefix(groupName, "rec.") || strings.HasPrefix(groupName, "talk.")
	w := make([]float64, len(base))
	for i, s := range allSites {
		w[i] = base[i]
		if s.edu == academic {
			w[i] *= 1.5
		}
	}
	for range 3 {
		w[rng.IntN(len(w))] *= 1.5
	}
	return w
}

// pickWeighted draws an index by weight.
func pickWeighted(rng *rand.Rand, w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	x := rng.Float64() * total
	for i, v := range w {
		if x < v {
			return i
		}
		x -= v
	}
	return len(w) - 1
}

// newPoster invents a poster at a site drawn by prefs.
func newPoster(rng *rand.Rand, prefs []float64) *poster {
	s := &allSites[pickWeighted(rng, prefs)]
	first := firstNames[rng.IntN(len(firstNames))]
	last := lastNames[rng.IntN(len(lastNames))]
	host := s.hosts[rng.IntN(len(s.hosts))]
	domain := s.domain
	if host != "" {
		domain = host + "." + s.domain
	}
	p := &poster{
		name: first + " " + last, site: s, org: s.org,
		addr:      userName(rng, first, last) + "@" + domain,
		fromStyle: rng.IntN(4), dateStyle: rng.IntN(5), attrStyle: rng.IntN(5),
		replyTo: rng.Float64() < 0.08,
	}
	if rng.Float64() < 0.45 {
		p.machine = machineName(rng) + "." + domain
	}
	if rng.Float64() < 0.08 {
		p.org = ""
	}
	if rng.Float64() < 0.35 {
		p.newsreader = newsreaders[rng.IntN(len(newsreaders))]
	}
	if rng.Float64() < 0.7 {
		p.sig = signature(rng, p, first)
	}
	return p
}

// userName invents a login name in one of the styles of the time.
func userName(rng *rand.Rand, first, last string) string {
	f, l := strings.ToLower(first), strings.ToLower(strings.ReplaceAll(last, "'", ""))
	switch rng.IntN(7) {
	case 0:
		return f[:1] + l
	case 1:
		return f + "." + l
	case 2:
		return f
	case 3: // Andrew style
		return fmt.Sprintf("%c%c%d%c+", f[0], l[0], rng.IntN(10), 'a'+rune(rng.IntN(26)))
	case 4:
		return l + fmt.Sprint(rng.IntN(90)+10)
	case 5:
		return f[:1] + l[:min(len(l), 5)] + fmt.Sprint(rng.IntN(9)+1)
	}
	return l
}

// machineName invents a workstation's name.
func machineName(rng *rand.Rand) string {
	names := []string{"sun", "vax", "hp", "sparc", "next", "mac", "pc", "ws", "lab", "ultrix"}
	return fmt.Sprintf("%s%d", names[rng.IntN(len(names))], rng.IntN(200))
}

// phone invents a phone number.
func phone(rng *rand.Rand) string {
	if rng.IntN(4) == 0 {
		return fmt.Sprintf("+44 %d %d", 100+rng.IntN(900), 100000+rng.IntN(900000))
	}
	return fmt.Sprintf("(%d) %d-%04d", 200+rng.IntN(800), 200+rng.IntN(800), rng.IntN(10000))
}

// callSign invents an amateur radio call sign.
func callSign(rng *rand.Rand) string {
	l := func() byte { return byte('A' + rng.IntN(26)) }
	return fmt.Sprintf("%c%d%c%c%c", "NKWA"[rng.IntN(4)], rng.IntN(10), l(), l(), l())
}
