package main

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// archive is the planned posts and the posters of each group.
type archive struct {
	posts [][]*post // per group, in date order
	pools []*pool
}

// plan shares the posts among groups, invents their posters, and cuts
// each group's documents into dated threads.
func plan(rng *rand.Rand, groups []group, total int) archive {
	counts := postCounts(groups, total)
	a := archive{pools: newPools(rng, groups, counts)}
	for g, gr := range groups {
		threads := splitDocs(rng, g, gr.docs, counts[g])
		a.posts = append(a.posts, schedule(rng, threads, 20000+rng.IntN(80000)))
	}
	return a
}

// crossPost is the groups a first post goes to: its own and, for about 5%,
// another, of its hierarchy when there is one.
func crossPost(rng *rand.Rand, g int, groups []group) []int {
	if len(groups) < 2 || rng.Float64() >= 0.05 {
		return []int{g}
	}
	var near []int
	for o := range groups {
		if o != g && hierarchy(groups[o].name) == hierarchy(groups[g].name) {
			near = append(near, o)
		}
	}
	if len(near) == 0 || rng.IntN(3) == 0 {
		o := rng.IntN(len(groups) - 1)
		if o >= g {
			o++
		}
		return []int{g, o}
	}
	return []int{g, near[rng.IntN(len(near))]}
}

// finish gives a post its poster (for a reply, not its parent's when it
// can), groups, subject and Message-ID.
func finish(rng *rand.Rand, p *post, pl *pool, groups []group) {
	p.poster = pl.pick(rng)
	for try := 0; p.parent != nil && p.poster == p.parent.poster && try < 3; try++ {
		p.poster = pl.pick(rng)
	}
	if p.parent != nil {
		p.groups = p.parent.groups
	} else {
		p.groups = crossPost(rng, p.group, groups)
	}
	p.subject = subjectOf(p)
	p.msgID = messageID(rng, p)
}

// write composes every post and writes the archive's files, with only the
// header fields keep holds (nil: all).
func write(rng *rand.Rand, out, mbox string, keep map[string]bool, groups []group, a archive) error {
	var labels, box bytes.Buffer
	labels.WriteString("id,group\n")
	for g, posts := range a.posts {
		name := groups[g].name
		for _, dir := range []string{"raw", "bodies"} {
			if err := os.MkdirAll(filepath.Join(out, dir, name), 0o755); err != nil {
				return err
			}
		}
		for _, p := range posts {
			finish(rng, p, a.pools[g], groups)
			m := compose(rng, p)
			headers(rng, p, groups, &m)
			raw := render(rng, &m, bodyKind(rng), keep)
			id := fmt.Sprintf("%s/%d", name, p.number)
			if err := os.WriteFile(filepath.Join(out, "raw", id), raw, 0o644); err != nil {
				return err
			}
			inside := strings.Join(m.inside, "\n") + "\n"
			if err := os.WriteFile(filepath.Join(out, "bodies", id), []byte(inside), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(&labels, "%s,%s\n", id, name)
			if mbox != "" {
				appendMbox(&box, p, raw)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(out, "labels.csv"), labels.Bytes(), 0o644); err != nil {
		return err
	}
	if mbox != "" {
		return os.WriteFile(mbox, box.Bytes(), 0o644)
	}
	return nil
}

var fromLine = regexp.MustCompile(`^>*From `)

// appendMbox appends a post to an mboxrd file: a "From " line, the post
// with its "From " lines escaped by one more '>', and an empty line.
func appendMbox(box *bytes.Buffer, p *post, raw []byte) {
	fmt.Fprintf(box, "From %s %s\n", p.poster.addr, p.at.Format("Mon Jan _2 15:04:05 2006"))
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, len(raw)+1)
	for sc.Scan() {
		line := sc.Text()
		if fromLine.MatchString(line) {
			line = ">" + line
		}
		box.WriteString(line + "\n")
	}
	box.WriteString("\n")
}
