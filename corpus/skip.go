package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
)

// SkipKind is why a path was left out of a corpus.
type SkipKind int

const (
	SkipEmpty      SkipKind = iota // an empty file
	SkipBinary                     // a file holding a NUL byte
	SkipUnreadable                 // a file or folder that cannot be opened or listed
	SkipDangling                   // a link that leads nowhere
	SkipLoop                       // a link back to a folder the walk is already in
	SkipInvalid                    // a record that cannot be parsed (a line of invalid JSON, a short CSV row)
	SkipMalformed                  // a document that is not what it was said to be (text read as mail that is no message)
	numSkipKinds
)

var skipNames = [numSkipKinds]string{"empty", "binary", "unreadable", "dangling", "loop", "invalid", "malformed"}

// String is the kind's name as the JSON report spells it ("dangling").
func (k SkipKind) String() string {
	if k < 0 || k >= numSkipKinds {
		return fmt.Sprintf("SkipKind(%d)", int(k))
	}
	return skipNames[k]
}

// SkipKinds lists every kind, in a fixed order.
func SkipKinds() []SkipKind {
	out := make([]SkipKind, numSkipKinds)
	for k := range out {
		out[k] = SkipKind(k)
	}
	return out
}

// FirstPaths is how many paths a Summary keeps per kind of skip.
const FirstPaths = 3

// ErrUnreadable is returned by Reader.Read for a file it may not open.
var ErrUnreadable = errors.New("unreadable file")

// ErrMalformed is wrapped by the error of an analysis that finds a
// document is not what it was said to be: text read as a mail message
// that is not one (package vectorize's Mail filter). The document is left
// out and counted as SkipMalformed.
var ErrMalformed = errors.New("malformed")

// SkipError is a path left out of a corpus. With Options.Strict it is the
// error List returns; otherwise it is only counted in the Summary.
type SkipError struct {
	Kind SkipKind
	Path string // the path left out, as found under its root (FILE:LINE for a record)
	Err  error  // what was met, if anything more than the kind
}

func (e *SkipError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("corpus: %s: %s", e.Path, e.Kind)
	}
	return fmt.Sprintf("corpus: %s: %s: %v", e.Path, e.Kind, e.Err)
}

func (e *SkipError) Unwrap() error { return e.Err }

// SkipOf reports the kind of skip an error of Reader.Read (or of the
// analysis after it) is: ErrEmpty, ErrBinary, ErrUnreadable and
// ErrMalformed leave a document out; any other error stops a read.
func SkipOf(err error) (SkipKind, bool) {
	switch {
	case errors.Is(err, ErrEmpty):
		return SkipEmpty, true
	case errors.Is(err, ErrBinary):
		return SkipBinary, true
	case errors.Is(err, ErrUnreadable):
		return SkipUnreadable, true
	case errors.Is(err, ErrMalformed):
		return SkipMalformed, true
	}
	return 0, false
}

// statSkip is the kind of skip an error from following a link is: a link
// to nowhere is dangling, a chain of links that never ends a loop, and
// anything else (no permission, an I/O error) unreadable.
func statSkip(err error) SkipKind {
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return SkipDangling
	case errors.Is(err, syscall.ELOOP):
		return SkipLoop
	}
	return SkipUnreadable
}

// Count is the number of paths of kind k left out.
func (s Summary) Count(k SkipKind) int {
	switch k {
	case SkipEmpty:
		return s.Empty
	case SkipBinary:
		return s.Binary
	case SkipUnreadable:
		return s.Unreadable
	case SkipDangling:
		return s.Dangling
	case SkipLoop:
		return s.Loop
	case SkipInvalid:
		return s.Invalid
	case SkipMalformed:
		return s.Malformed
	}
	return 0
}

// Counts returns the number of paths left out by kind, by the kind's name
// (every kind, zeros included).
func (s Summary) Counts() map[string]int {
	out := map[string]int{}
	for _, k := range SkipKinds() {
		out[k.String()] = s.Count(k)
	}
	return out
}

// counter is the field of s that counts kind k.
func (s *Summary) counter(k SkipKind) *int {
	switch k {
	case SkipEmpty:
		return &s.Empty
	case SkipBinary:
		return &s.Binary
	case SkipUnreadable:
		return &s.Unreadable
	case SkipDangling:
		return &s.Dangling
	case SkipLoop:
		return &s.Loop
	case SkipMalformed:
		return &s.Malformed
	}
	return &s.Invalid
}

// Skip counts path as left out for kind k, keeping it among the first
// FirstPaths paths of its kind.
func (s *Summary) Skip(k SkipKind, path string) {
	if k < 0 || k >= numSkipKinds {
		panic(fmt.Sprintf("corpus: Summary.Skip of %v", k))
	}
	n := s.counter(k)
	if *n < FirstPaths {
		s.first[k][*n] = path
	}
	*n++
	if s.firstKind == 0 {
		s.firstKind = int8(k) + 1
	}
}

// FirstSkip returns the first path left out (as Skip was given it) and its
// kind; ok is false when none was.
func (s Summary) FirstSkip() (k SkipKind, path string, ok bool) {
	if s.firstKind == 0 {
		return 0, "", false
	}
	k = SkipKind(s.firstKind - 1)
	return k, s.first[k][0], true
}

// First returns the first paths of kind k left out, up to FirstPaths, in
// the order met (the order of the documents).
func (s Summary) First(k SkipKind) []string {
	if k < 0 || k >= numSkipKinds {
		return nil
	}
	n := min(s.Count(k), FirstPaths)
	var out []string
	for _, p := range s.first[k][:n] {
		if p != "" { // a count set directly, not by Skip, keeps no path
			out = append(out, p)
		}
	}
	return out
}

// Add adds the counts of o to s; s keeps its own first paths and fills
// the room left with those of o.
func (s *Summary) Add(o Summary) {
	s.Documents += o.Documents
	s.Windows1252 += o.Windows1252
	s.UTF16 += o.UTF16
	for i, n := range o.Charsets {
		s.Charsets[i] += n
	}
	s.Formats.add(o.Formats)
	if s.firstKind == 0 {
		s.firstKind = o.firstKind
	}
	for _, k := range SkipKinds() {
		n := s.counter(k)
		first := s.First(k)
		for _, p := range o.First(k) {
			if len(first) < FirstPaths {
				s.first[k][len(first)] = p
				first = append(first, p)
			}
		}
		*n += o.Count(k)
	}
}

// Warnings returns a line per kind of skip met, with its count and first
// paths, for a command to print ("corpus: 2 dangling links skipped: a/x,
// b/y").
func (s Summary) Warnings() []string {
	var out []string
	for _, k := range SkipKinds() {
		n := s.Count(k)
		if n == 0 {
			continue
		}
		line := fmt.Sprintf("corpus: %d skipped as %s", n, k)
		if first := s.First(k); len(first) > 0 {
			line += ": " + strings.Join(first, ", ")
			if n > len(first) {
				line += ", …"
			}
		}
		out = append(out, line)
	}
	return out
}
