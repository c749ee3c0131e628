package vectorize

import (
	"fmt"
	"strings"
	"testing"
)

// TestMailLongBody: a plain-text body longer than bufio.Scanner's first
// buffer (4096 bytes) comes out whole; lines kept from earlier scans must
// not be overwritten by later ones.
func TestMailLongBody(t *testing.T) {
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
