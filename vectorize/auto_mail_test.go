package vectorize

import "testing"

// TestAutoMailWithMarkup: a message that holds markup (an HTML part, or
// tags in its text) is read as mail, not as a page whose visible text
// would include the header fields.
func TestAutoMailWithMarkup(t *testing.T) {
	msg := "Path: news.example.edu!relay!poster\nFrom: ann@host.example.edu (Ann)\nNewsgroups: misc.forex\n" +
		"Subject: currency agreement\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"=_b1\"\n\n" +
		"This is a multi-part message in MIME format.\n\n--=_b1\nContent-Type: text/plain; charset=utf-8\n" +
		"Content-Transfer-Encoding: quoted-printable\n\nThe dollar held steady against the yen.\n\n--=_b1\n" +
		"Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" +
		"<p class=3D\"moz\">The dollar held steady<br>\nagainst the yen.</p>\n\n--=_b1--\n"
	a := Auto{Mail: Mail{}}
	if _, ok := a.Choose("", []byte(msg)).(Mail); !ok {
		t.Errorf("Auto chooses %T for a message with an HTML part", a.Choose("", []byte(msg)))
	}
	checkWords(t, a.Filter(nil, []byte(msg)), "currency dollar steady yen", "path relay newsgroups forex moz class multipart")
}
