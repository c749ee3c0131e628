package vectorize

import (
	"fmt"
	"strings"
	"testing"
)

// TestMailLongBody: a plain-text body comes out whole when it is longer
// than bufio.Scanner's first buffer (4096 bytes) or its last line has no
// line end: lines split off earlier must not be overwritten by later reads.
func TestMailLongBody(t *testing.T) {
	short := "From: a@b.example.edu\nSubject: short\n\nthe first line of the body, longer than the last\nlast line"
	if got, want := string(Mail{}.Filter(nil, []byte(short))), "short\n\nthe first line of the body, longer than the last\nlast line\n"; got != want {
		t.Errorf("a body whose last line has no line end: %q, want %q", got, want)
	}
	for _, n := range []int{50, 120, 400} {
		var body strings.Builder
		for i := range n {
			fmt.Fprintf(&body, "line %d of a long body with words in it\r\n", i)
		}
		msg := "From: a@b.example.edu\nSubject: long\n\n" + body.String()
		want := "long\n\n" + strings.ReplaceAll(body.String(), "\r\n", "\n")
		if got := string(Mail{}.Filter(nil, []byte(msg))); got != want {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Errorf("%d lines (%d bytes): the text differs from byte %d on: %q", n, body.Len(), i, got[i:min(len(got), i+60)])
		}
	}
}
