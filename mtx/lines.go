package mtx

import (
	"bufio"
	"io"
)

// lineReader splits its input into lines of any length, without the
// trailing "\n" or "\r\n".
type lineReader struct {
	br   *bufio.Reader
	n    int   // number of lines returned so far
	off  int64 // bytes of the input consumed by the lines returned so far
	term bool  // whether the last line returned ended in '\n'
	long []byte
}

func (lr *lineReader) next() ([]byte, error) {
	b, err := lr.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		lr.long = append(lr.long[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = lr.br.ReadSlice('\n')
			lr.long = append(lr.long, b...)
		}
		b = lr.long
	}
	if err != nil && (err != io.EOF || len(b) == 0) {
		return nil, err
	}
	lr.n++
	lr.off += int64(len(b))
	lr.term = len(b) > 0 && b[len(b)-1] == '\n'
	if lr.term {
		b = b[:len(b)-1]
	}
	if len(b) > 0 && b[len(b)-1] == '\r' {
		b = b[:len(b)-1]
	}
	return b, nil
}

// endLine returns the number of the line on which the input ended.
func (lr *lineReader) endLine() int {
	if lr.n == 0 || lr.term {
		return lr.n + 1
	}
	return lr.n
}

// spaceTab marks the bytes that separate fields.
var spaceTab = [256]bool{' ': true, '\t': true, '\r': true, '\v': true, '\f': true}

func isSpace(c byte) bool { return spaceTab[c] }

// skippable reports whether b is a blank or comment line.
func skippable(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return c == '%'
		}
	}
	return true
}

// splitFields splits b at runs of spaces and tabs into dst, returning the
// total number of fields, which may exceed len(dst).
func splitFields(b []byte, dst [][]byte) int {
	n := 0
	i := 0
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return n
		}
		start := i
		for i < len(b) && !isSpace(b[i]) {
			i++
		}
		if n < len(dst) {
			dst[n] = b[start:i]
		}
		n++
	}
}
