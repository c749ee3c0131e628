package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"net/mail"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// A document may declare its charset: a mail message in the Content-Type
// field of its header block, an HTML page in a <meta charset> or <meta
// http-equiv="Content-Type"> element near its start. The declaration is
// honoured when the bytes are not UTF-8. Valid UTF-8 that holds a byte
// above 127 stays UTF-8 whatever is declared: browsers and mail readers
// trust an 8-bit declaration, but text that happens to be valid UTF-8 in
// an 8-bit charset is rare, while UTF-8 labelled Latin-1 by a template or
// a mail client is common; and every document that is UTF-8 reads as it
// did before declarations were looked at. 7-bit text reads the same in
// every ASCII-compatible charset, except in ISO-2022-JP, whose escape
// sequences are ASCII: 7-bit text holding an escape byte is decoded when
// it declares ISO-2022-JP.

// escapeByte starts the escape sequences of ISO-2022-JP.
const escapeByte = 0x1b

// declaredEncoding is the encoding text declares for itself, by the start
// of its text, and its name; nil when it declares none that decoding
// uses (see usable).
func declaredEncoding(text []byte) (encoding.Encoding, Encoding) {
	e, name, _ := charset.DetermineEncoding(text, mailContentType(text))
	return usable(e, name)
}

// usable is e, named name, unless decoding does not use it: nil for none
// or an unknown name, for UTF-8 and UTF-16 (which the bytes would show),
// for Windows-1252 (the fallback anyway), and for the encodings the WHATWG
// standard replaces whole (ISO-2022-KR and the like). Names and labels are
// the WHATWG standard's, as browsers read them ("latin1" is Windows-1252).
func usable(e encoding.Encoding, name string) (encoding.Encoding, Encoding) {
	if _, ok := charsetIndex[name]; !ok || e == nil {
		return nil, UTF8
	}
	return e, Encoding(name)
}

// charsetNames are the charsets that decoding honours, by their names in
// the WHATWG encoding standard: all of the standard's but UTF-8,
// Windows-1252, replacement and UTF-16.
var charsetNames = [...]string{
	"ibm866", "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5", "iso-8859-6", "iso-8859-7",
	"iso-8859-8", "iso-8859-8-i", "iso-8859-10", "iso-8859-13", "iso-8859-14", "iso-8859-15",
	"iso-8859-16", "koi8-r", "koi8-u", "macintosh", "windows-874", "windows-1250", "windows-1251",
	"windows-1253", "windows-1254", "windows-1255", "windows-1256", "windows-1257", "windows-1258",
	"x-mac-cyrillic", "gbk", "gb18030", "big5", "euc-jp", "iso-2022-jp", "shift_jis", "euc-kr",
	"x-user-defined",
}

// charsetIndex is the index of each name in charsetNames.
var charsetIndex = func() map[string]int {
	m := make(map[string]int, len(charsetNames))
	for i, name := range charsetNames {
		m[name] = i
	}
	return m
}()

// CharsetCounts counts documents per declared charset (see Summary). It
// is an array, not a map, so that a Summary stays a comparable value that
// copies do not share.
type CharsetCounts [len(charsetNames)]int

// Count is the number of documents decoded from the charset named name.
func (c CharsetCounts) Count(name string) int {
	if i, ok := charsetIndex[name]; ok {
		return c[i]
	}
	return 0
}

// All yields each charset's name and count, for those counted, in a fixed
// order.
func (c CharsetCounts) All() iter.Seq2[string, int] {
	return func(yield func(string, int) bool) {
		for i, n := range c {
			if n > 0 && !yield(charsetNames[i], n) {
				return
			}
		}
	}
}

// MarshalJSON writes the counts as an object of the charsets counted.
func (c CharsetCounts) MarshalJSON() ([]byte, error) {
	return json.Marshal(maps.Collect(c.All()))
}

// UnmarshalJSON reads what MarshalJSON writes; names of no charset
// decoding honours are an error.
func (c *CharsetCounts) UnmarshalJSON(b []byte) error {
	var m map[string]int
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*c = CharsetCounts{}
	for name, n := range m {
		i, ok := charsetIndex[name]
		if !ok {
			return fmt.Errorf("corpus: unknown charset %q", name)
		}
		c[i] = n
	}
	return nil
}

// mailContentType is the Content-Type field of the header block text
// starts with (after an mbox "From " line), or "" when it starts with
// none.
func mailContentType(text []byte) string {
	if bytes.HasPrefix(text, []byte("From ")) {
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			text = text[i+1:]
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(text))
	if err != nil {
		return ""
	}
	return msg.Header.Get("Content-Type")
}

// Decode returns text as UTF-8, read in the charset declared for it (a
// label such as "koi8-r"; "" for none) by the rule Reader follows for a
// document's own declaration, and the encoding it was read in: valid
// UTF-8 that holds a byte above 127 is UTF-8; other text is read in the
// charset when decoding uses it, and else as Windows-1252 (7-bit text is
// then itself). The result is text itself when it is UTF-8. The Mail
// filter of package vectorize decodes a MIME part with it.
func Decode(text []byte, label string) ([]byte, Encoding) {
	return decodeAs(nil, text, func([]byte) (encoding.Encoding, Encoding) {
		if label == "" {
			return nil, UTF8
		}
		return usable(charset.Lookup(label))
	})
}

// decodeAs returns text as UTF-8 and the encoding it was read in, by the
// rule above, declared giving the encoding text declares; text decoded is
// appended to dst.
func decodeAs(dst, text []byte, declared func([]byte) (encoding.Encoding, Encoding)) ([]byte, Encoding) {
	valid := utf8.Valid(text)
	if valid && !sevenBitEscaped(text) {
		return text, UTF8
	}
	if e, name := declared(text); honoured(e, name, valid) {
		if out, err := e.NewDecoder().Bytes(text); err == nil {
			return append(dst, out...), name
		}
	}
	if valid {
		return text, UTF8
	}
	return appendWindows1252(dst, text), Windows1252
}

// honoured reports whether text is read in e, named name, the encoding it
// declares: when it is not UTF-8 (valid is false), and for 7-bit text
// when it declares ISO-2022-JP.
func honoured(e encoding.Encoding, name Encoding, valid bool) bool {
	return e != nil && (!valid || name == "iso-2022-jp")
}

// sevenBitEscaped reports whether text is 7-bit and holds an escape byte,
// as ISO-2022-JP text does.
func sevenBitEscaped(text []byte) bool {
	return bytes.IndexByte(text, escapeByte) >= 0 && sevenBit(text)
}

// sevenBit reports whether every byte of text is below 128.
func sevenBit(text []byte) bool {
	for _, c := range text {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
