// Command newsgroups writes a newsgroup-like archive made from labelled
// corpora, a stand-in for the real archives whose header fields, quoting
// and signatures make topic models find mail machinery instead of
// subjects.
//
//	go run ./bench/newsgroups -seed 1 -out DIR BODYDIR...
//
// Each BODYDIR is a labelled corpus (a folder per class, a file per
// document, the first line a title); each of its -classes largest classes
// becomes a newsgroup (bbc's and reuters' classes get names such as
// rec.sport.misc or misc.invest.earnings). Documents are cut into units of
// a paragraph or more (paragraphs longer than -piece bytes are split at
// sentence ends); the -posts posts are shared among the groups (each
// group at most as many as its units, the largest groups capped), and a
// group with more documents than posts leaves the rest out. A document with several posts becomes a thread:
// its first post carries its title as Subject, the others reply, each to an
// earlier post of the thread. Other first posts reply to a recent post of
// the group, so that about half the posts are replies. No text is used
// twice, except as quoted text.
//
// Every post has the header fields of a Usenet archive (Path, From,
// Newsgroups, Subject, Message-ID, Date, and by the poster's habits or by
// chance Sender, Organization, References, Reply-To, Distribution,
// Keywords, Summary, NNTP-Posting-Host, X-Newsreader, Lines); about 5% are
// cross-posted, mostly within their hierarchy. With -fields bydate a post
// keeps only the fields the 18,846 posts of the "bydate" 20 Newsgroups
// archive keep (From, Subject, Organization, Lines and the optional ones
// but Sender and References), from the same draws. Each group has a pool
// of posters whose counts of posts are heavy-tailed (Zipf); a poster has a
// home site (sites are heavy-tailed too: a few dozen named large ones,
// such as cmu.edu or netcom.com, and a long tail of invented small ones;
// each has its hosts and organization; a few are favoured per group, and
// universities in sci, comp, rec and talk), a From style, a newsreader and,
// for most, a signature block (after "-- " for most, some after a rule or
// with no separator at all); some post in two or three groups. A reply
// starts with an attribution line ("In article <id>, user@host (Name)
// writes:", "On DATE, Name wrote:", "user@host writes:") and 2 to 15
// quoted lines of its parent ("> ", sometimes nested ">>" with the
// parent's own attribution, sometimes interleaved with the reply). A few
// percent are MIME: multipart/alternative (quoted-printable text/plain and
// text/html), multipart/mixed with a base64 attachment, HTML only, and
// text declared US-ASCII or ISO-8859-1 (the latter encoded so).
//
// It writes DIR/raw/GROUP/N (the posts as they would be archived, N the
// article number), DIR/bodies/GROUP/N (the same post's inside text: its
// Subject, own text and quoted text, without header fields, attributions,
// signatures or markup), DIR/labels.csv (id,group; id is GROUP/N) and,
// with -mbox FILE, all posts in one mboxrd file.
//
// Invariants: the same seed, flags and corpora give the same bytes; every
// unit of a document used is in exactly one post's own text.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
)

func main() {
	seed := flag.Uint64("seed", 1, "seed of all randomness")
	out := flag.String("out", "", "folder to write the archive to (raw/, bodies/, labels.csv)")
	posts := flag.Int("posts", 19000, "posts to write, about")
	classes := flag.Int("classes", 15, "largest classes of each BODYDIR to use (0: all)")
	mbox := flag.String("mbox", "", "also write every post to this mbox file")
	fields := flag.String("fields", "full", "header fields: full, or bydate (those the 18,846-post 20 Newsgroups archive keeps)")
	flag.IntVar(&maxPiece, "piece", maxPiece, "split paragraphs longer than this many bytes at sentence ends")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: newsgroups [flags] -out DIR BODYDIR...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	var keep map[string]bool
	switch *fields {
	case "full":
	case "bydate":
		keep = bydateFields
	default:
		fmt.Fprintf(os.Stderr, "newsgroups: -fields %q: want full or bydate\n", *fields)
		os.Exit(2)
	}
	if err := run(*seed, *out, *mbox, keep, *posts, *classes, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "newsgroups:", err)
		os.Exit(1)
	}
}

// run reads the corpora, plans and composes the posts, and writes them.
func run(seed uint64, out, mbox string, keep map[string]bool, total, top int, dirs []string) error {
	var groups []group
	seen := map[string]bool{}
	for _, dir := range dirs {
		classes, err := readCorpus(dir, top)
		if err != nil {
			return err
		}
		for _, c := range classes {
			name := groupName(c.name)
			for i := 2; seen[name]; i++ {
				name = fmt.Sprintf("%s%d", groupName(c.name), i)
			}
			seen[name] = true
			groups = append(groups, group{name: name, docs: c.docs})
		}
	}
	if len(groups) == 0 {
		return fmt.Errorf("no classes with documents in %v", dirs)
	}
	rng := rand.New(rand.NewPCG(seed, 0x6e657773))
	archive := plan(rng, groups, total)
	return write(rng, out, mbox, keep, groups, archive)
}
