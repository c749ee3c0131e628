package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/nmftopics/nmftopics/internal/fsread"
)

// ChunkSize is the most text a Reader hands over in one call, and the size
// up to which a file is read whole.
const ChunkSize = 1 << 20

// Encoding is the encoding a document was decoded from, by its name in
// the WHATWG encoding standard ("utf-8", "windows-1252", "koi8-r"); the
// empty Encoding is UTF-8.
type Encoding string

const (
	UTF8        Encoding = "utf-8"        // valid UTF-8 (a byte order mark is left out), handed over as it is
	Windows1252 Encoding = "windows-1252" // not valid UTF-8 and no other charset declared: decoded byte by byte as Windows-1252
	UTF16       Encoding = "utf-16"       // UTF-16, little- or big-endian as its byte order mark says
)

func (e Encoding) String() string {
	if e == "" {
		return string(UTF8)
	}
	return string(e)
}

// AddDecoded counts in s a document read from encoding e, when e is not
// UTF-8.
func (s *Summary) AddDecoded(e Encoding) {
	switch e {
	case "", UTF8:
	case Windows1252:
		s.Windows1252++
	case UTF16:
		s.UTF16++
	default:
		if i, ok := charsetIndex[string(e)]; ok {
			s.Charsets[i]++
		}
	}
}

// Reader.Read returns these for the files it leaves out.
var (
	ErrEmpty  = errors.New("empty file")
	ErrBinary = errors.New("binary file (NUL byte)")
)

// open opens the document's file (decompressed when its name ends in
// ".gz"), or its text when it has one.
func (d Document) open() (io.ReadSeekCloser, error) {
	if d.Text != nil {
		return memFile{bytes.NewReader(d.Text)}, nil
	}
	f, err := fsread.Open(d.Path)
	if err != nil || !strings.HasSuffix(d.Path, ".gz") {
		return f, err
	}
	return openGzip(f)
}

// memFile is a document's text in memory, read like a file.
type memFile struct{ *bytes.Reader }

func (memFile) Close() error { return nil }

// Reader reads documents as UTF-8 text. It keeps its buffers from one
// document to the next; a Reader is not safe for concurrent use, so each
// worker has its own.
type Reader struct {
	buf     []byte // raw bytes read from the file
	decoded []byte // text converted to UTF-8
}

// Read calls fn with the text of d, in order, in one or more chunks of valid
// UTF-8 cut at white space. A chunk is valid only during the call, as
// bufio.Scanner's Bytes. An error from fn stops the read and is returned.
func (r *Reader) Read(d Document, fn func(text []byte) error) (Encoding, error) {
	f, err := d.open()
	if errors.Is(err, fs.ErrPermission) {
		return UTF8, fmt.Errorf("corpus: %w: %w", ErrUnreadable, err)
	}
	if err != nil {
		return UTF8, fmt.Errorf("corpus: %w", err)
	}
	defer f.Close()
	if r.buf == nil {
		r.buf = make([]byte, ChunkSize)
	}
	n, err := io.ReadFull(f, r.buf)
	mark := byteOrderMark(r.buf[:n])
	switch {
	case n == len(mark.mark) && (err == io.EOF || err == io.ErrUnexpectedEOF):
		return UTF8, ErrEmpty
	case mark.decoder != nil:
		// UTF-16: decoded as it is streamed, so that no chunk is larger
		// than the buffer.
		_, err := r.stream(&bomFile{f: f, bom: mark}, d.Path, false, fn)
		return UTF16, err
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		// Whole file in the buffer: the common case.
		text := r.buf[len(mark.mark):n]
		if bytes.IndexByte(text, 0) >= 0 {
			return UTF8, ErrBinary
		}
		text, enc := r.decode(text)
		return enc, fn(text)
	case err != nil:
		return UTF8, fmt.Errorf("corpus: %s: %w", d.Path, err)
	}
	return r.stream(&bomFile{f: f, bom: mark}, d.Path, true, fn)
}

// decode returns text, a whole document, as UTF-8 (in r.decoded unless it
// is UTF-8 already) and the encoding it was read in: UTF-8, the charset it
// declares, or Windows-1252 (see charset.go).
func (r *Reader) decode(text []byte) ([]byte, Encoding) {
	out, enc := decodeAs(r.decoded[:0], text, declaredEncoding)
	if enc != UTF8 {
		r.decoded = out
	}
	return out, enc
}

// stream reads a file larger than the buffer, from its start, in two
// passes: the first decides the encoding (and finds NUL bytes), the second
// hands over the text. With declared, the charset the file's start
// declares is honoured as decode honours it (not for UTF-16, whose byte
// order mark says the encoding).
func (r *Reader) stream(f io.ReadSeeker, path string, declared bool, fn func([]byte) error) (Encoding, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return UTF8, fmt.Errorf("corpus: %s: %w", path, err)
	}
	enc, escaped, err := r.scanEncoding(f, path)
	if err != nil {
		return enc, err
	}
	var src io.Reader = f
	if declared && (enc == Windows1252 || escaped) {
		e, name, err := r.declaredHead(f, path)
		if err != nil {
			return enc, err
		}
		if honoured(e, name, enc == UTF8) {
			enc, src = name, transform.NewReader(f, e.NewDecoder())
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return enc, fmt.Errorf("corpus: %s: %w", path, err)
	}
	carry := 0 // bytes at the start of buf left from the previous chunk
	for {
		n, err := io.ReadFull(src, r.buf[carry:])
		end := carry + n
		last := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !last {
			return enc, fmt.Errorf("corpus: %s: %w", path, err)
		}
		cut := end
		if !last {
			cut = cutPoint(r.buf[:end], enc)
		}
		text := r.buf[:cut]
		if enc == Windows1252 {
			r.decoded = appendWindows1252(r.decoded[:0], text)
			text = r.decoded
		}
		if len(text) > 0 {
			if err := fn(text); err != nil {
				return enc, err
			}
		}
		if last {
			return enc, nil
		}
		carry = copy(r.buf, r.buf[cut:end])
	}
}

// declaredHead is the encoding the start of f (a buffer's worth) declares.
func (r *Reader) declaredHead(f io.ReadSeeker, path string) (encoding.Encoding, Encoding, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, UTF8, fmt.Errorf("corpus: %s: %w", path, err)
	}
	n, err := io.ReadFull(f, r.buf)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, UTF8, fmt.Errorf("corpus: %s: %w", path, err)
	}
	e, name := declaredEncoding(r.buf[:n])
	return e, name, nil
}

// scanEncoding reads f whole and returns UTF8 when it is valid UTF-8, else
// Windows1252; escaped is true when it is 7-bit and holds an escape byte
// (see sevenBitEscaped). A NUL byte is ErrBinary.
func (r *Reader) scanEncoding(f io.ReadSeeker, path string) (enc Encoding, escaped bool, err error) {
	enc = UTF8
	esc, high := false, false
	carry := 0 // bytes of an incomplete rune left from the previous read
	for {
		n, err := io.ReadFull(f, r.buf[carry:])
		last := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !last {
			return enc, false, fmt.Errorf("corpus: %s: %w", path, err)
		}
		b := r.buf[:carry+n]
		if bytes.IndexByte(b, 0) >= 0 {
			return enc, false, ErrBinary
		}
		if enc == UTF8 {
			end := len(b)
			if !last {
				end = runeBoundary(b)
			}
			if !utf8.Valid(b[:end]) {
				enc = Windows1252
			}
			esc = esc || bytes.IndexByte(b[:end], escapeByte) >= 0
			high = high || esc && !sevenBit(b[:end])
			carry = copy(r.buf, b[end:])
		} else {
			carry = 0
		}
		if last {
			return enc, esc && !high && enc == UTF8, nil
		}
	}
}

// bom is a byte order mark, and the decoder of the text after it (nil for
// UTF-8, which needs none).
type bom struct {
	mark    []byte
	decoder func() transform.Transformer
}

// byteOrderMark is the byte order mark b starts with, if any.
func byteOrderMark(b []byte) bom {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return bom{mark: b[:3]}
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return bom{mark: b[:2], decoder: func() transform.Transformer {
			return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder()
		}}
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return bom{mark: b[:2], decoder: func() transform.Transformer {
			return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder()
		}}
	}
	return bom{}
}

// bomFile is a file read from after its byte order mark, decoded to UTF-8
// when the mark says UTF-16. It seeks only to its start, as stream does.
type bomFile struct {
	f   io.ReadSeeker
	bom bom
	r   io.Reader
}

func (b *bomFile) Read(p []byte) (int, error) { return b.r.Read(p) }

func (b *bomFile) Seek(offset int64, whence int) (int64, error) {
	if offset != 0 || whence != io.SeekStart {
		return 0, errors.New("corpus: a decoded file seeks only to its start")
	}
	if _, err := b.f.Seek(int64(len(b.bom.mark)), io.SeekStart); err != nil {
		return 0, err
	}
	b.r = b.f
	if b.bom.decoder != nil {
		b.r = transform.NewReader(b.f, b.bom.decoder())
	}
	return 0, nil
}

// cutPoint is where to end a chunk of b: after its last ASCII white space, or
// failing that at its last rune boundary.
func cutPoint(b []byte, enc Encoding) int {
	for i := len(b) - 1; i >= 0; i-- {
		switch b[i] {
		case ' ', '\n', '\t', '\r', '\f', '\v':
			return i + 1
		}
	}
	if enc == Windows1252 {
		return len(b) // every byte is a character
	}
	return runeBoundary(b)
}

// runeBoundary is the length of b without an incomplete rune at its end.
func runeBoundary(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if utf8.FullRune(b[i:]) {
				return len(b)
			}
			return i
		}
	}
	return len(b)
}

// windows1252 maps the bytes 0x80 to 0x9F; the rest of Windows-1252 is
// Latin-1. The five bytes Windows-1252 leaves undefined map to the C1
// control of the same value, as the WHATWG encoding standard does.
var windows1252 = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

func appendWindows1252(dst, src []byte) []byte {
	for _, c := range src {
		switch {
		case c < 0x80:
			dst = append(dst, c)
		case c < 0xA0:
			dst = utf8.AppendRune(dst, windows1252[c-0x80])
		default:
			dst = utf8.AppendRune(dst, rune(c))
		}
	}
	return dst
}
