package main

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// post is one article of the archive.
type post struct {
	group   int
	number  int // article number in its group
	at      time.Time
	doc     *document
	units   []unit // the post's own text
	first   bool   // the first post made from its document
	parent  *post  // the post it replies to, or nil
	poster  *poster
	groups  []int // Newsgroups, its own group first
	msgID   string
	subject string
	own     []string // its own text's lines, as a reply quotes them
	quoted  []string // the lines it quoted, without marks
	attr    string   // its attribution line, if a reply
}

// start is the first day of the archive; span is how long it runs.
var start = time.Date(1993, time.March, 1, 0, 0, 0, 0, time.UTC)

const span = 75 * 24 * time.Hour

// postCounts shares total posts among groups: each group gets at most as
// many posts as it has units, and at most a cap chosen so that the counts
// add up to total (or every unit is a post).
func postCounts(groups []group, total int) []int {
	capacity := make([]int, len(groups))
	most := 0
	for g, gr := range groups {
		for _, d := range gr.docs {
			capacity[g] += len(d.units)
		}
		most = max(most, capacity[g])
	}
	sum := func(c int) int {
		s := 0
		for _, m := range capacity {
			s += min(c, m)
		}
		return s
	}
	lo, hi := 1, most
	for lo < hi { // the least cap that reaches total
		mid := (lo + hi) / 2
		if sum(mid) >= total {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	counts := make([]int, len(groups))
	for g, m := range capacity {
		counts[g] = min(lo, m)
	}
	return counts
}

// splitDocs turns a group's documents into threads of posts: n posts in
// all, one per document when the group has more documents than posts
// (the others are left out), else the longer documents split into several
// posts, each a run of their units.
func splitDocs(rng *rand.Rand, g int, docs []document, n int) [][]*post {
	order := rng.Perm(len(docs))
	if n < len(order) {
		order = order[:n]
	}
	parts := make([]int, len(order))
	for i := range parts {
		parts[i] = 1
	}
	for extra := n - len(order); extra > 0; extra-- { // the most units per post first
		best, bestRatio := -1, 0.0
		for i, d := range order {
			r := float64(len(docs[d].units)) / float64(parts[i])
			if parts[i] < len(docs[d].units) && r > bestRatio {
				best, bestRatio = i, r
			}
		}
		if best < 0 {
			break
		}
		parts[best]++
	}
	threads := make([][]*post, len(order))
	for i, d := range order {
		doc := &docs[d]
		units := doc.units
		for k := range parts[i] {
			take := len(units) / (parts[i] - k)
			threads[i] = append(threads[i], &post{group: g, doc: doc, units: units[:take], first: k == 0})
			units = units[take:]
		}
	}
	return threads
}

// schedule dates a group's threads (a thread starts at a random time, its
// posts follow hours or days apart, each replying to an earlier post of
// the thread); so that about half the posts are replies, it makes some
// first posts replies to a recent post of the group, or some later posts
// start threads of their own; and it numbers the posts in date order.
func schedule(rng *rand.Rand, threads [][]*post, firstNumber int) []*post {
	var posts []*post
	for _, th := range threads {
		at := start.Add(time.Duration(rng.Float64() * float64(span)))
		for k, p := range th {
			if k > 0 {
				at = at.Add(time.Duration(rng.ExpFloat64() * float64(10*time.Hour)))
				p.parent = th[k-1]
				if k > 1 && rng.IntN(4) == 0 {
					p.parent = th[rng.IntN(k)]
				}
			}
			p.at = at.Truncate(time.Second)
			posts = append(posts, p)
		}
	}
	slices.SortStableFunc(posts, func(a, b *post) int { return a.at.Compare(b.at) })
	half, replies := float64(len(posts))/2, float64(len(posts)-len(threads))
	drift := math.Max(0, half-replies) / float64(len(threads))
	detach := 0.0
	if replies > 0 {
		detach = math.Max(0, replies-half) / replies
	}
	number := firstNumber
	for i, p := range posts {
		switch {
		case p.first && i > 0 && rng.Float64() < drift:
			p.parent = posts[max(0, i-1-rng.IntN(min(i, 40)))]
		case !p.first && rng.Float64() < detach: // a new thread
			p.parent = nil
		}
		p.number = number
		number += 1 + rng.IntN(3)
	}
	return posts
}
