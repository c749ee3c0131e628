package corpus

import (
	"bytes"
	"errors"
	"fmt"
)

// mboxFrom starts the line that separates two messages of an mbox file.
var mboxFrom = []byte("From ")

// mbox reads text as mail messages in an mbox file: a message starts at a
// line beginning "From " at the start of the file or after an empty line,
// and runs to the next. Its text is its lines without that "From " line,
// without the line endings and empty lines that end it, and with one '>'
// taken from each line that starts with '>'s and "From " (mboxrd's
// escape, which also reads mboxo's ">From "). Its id is FILE:LINE of its
// "From " line, which no other message shares, not its Message-ID, which
// a message copied into two mailboxes keeps. Text before the first
// "From " line is skipped as invalid; a file with text but no "From "
// line is not an mbox file, and an error.
func (r *records) mbox(text []byte) error {
	var msg []byte
	from := 0     // line of the message's "From " line; 0 before the first
	lead := 0     // first line of text before the first "From " line
	blank := true // the line before is empty, or there is none
	for n := 1; len(text) > 0; n++ {
		line := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line = text[:i+1]
		}
		text = text[len(line):]
		content := bytes.TrimSuffix(bytes.TrimSuffix(line, []byte{'\n'}), []byte{'\r'})
		startsMessage := blank && bytes.HasPrefix(content, mboxFrom)
		blank = len(content) == 0
		switch {
		case startsMessage:
			r.addMessage(msg, from)
			msg, from = nil, n
		case from == 0:
			if lead == 0 && len(bytes.TrimSpace(content)) > 0 {
				lead = n
			}
		default:
			msg = append(msg, unescapeFrom(line)...)
		}
	}
	r.addMessage(msg, from)
	switch {
	case from == 0 && lead > 0:
		return fmt.Errorf("corpus: %s: no line starting \"From \" (not an mbox file)", r.path)
	case lead > 0:
		r.part.skip(SkipInvalid, r.at(lead), errors.New("text before the first \"From \" line"))
	}
	return nil
}

// addMessage adds the message msg whose "From " line is line from (none
// when from is 0), unless it holds only white space.
func (r *records) addMessage(msg []byte, from int) {
	msg = bytes.TrimRight(msg, "\r\n")
	if from == 0 || len(bytes.TrimSpace(msg)) == 0 {
		return
	}
	r.add(msg, "", from)
}

// unescapeFrom is line without its first '>' when it is '>'s then "From ".
func unescapeFrom(line []byte) []byte {
	if rest := bytes.TrimLeft(line, ">"); len(rest) < len(line) && bytes.HasPrefix(rest, mboxFrom) {
		return line[1:]
	}
	return line
}
