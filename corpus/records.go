package corpus

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/text/transform"
)

// Format is how a file holds its documents.
type Format int

const (
	Auto  Format = iota // by the file's extension: .jsonl/.ndjson, .csv, .mbox, else File
	File                // the whole file is one document
	Lines               // one document per line
	JSONL               // one JSON object per line, its text in a field
	CSV                 // a header row, then one document per row, its text in a column
	Mbox                // mail messages, each after a "From " line
	numFormats
)

var formatNames = [numFormats]string{"auto", "file", "lines", "jsonl", "csv", "mbox"}

func (f Format) String() string {
	if f < 0 || f >= numFormats {
		return fmt.Sprintf("Format(%d)", int(f))
	}
	return formatNames[f]
}

// ParseFormat returns the format named s ("auto", "file", "lines",
// "jsonl", "csv", "mbox").
func ParseFormat(s string) (Format, error) {
	for f, name := range formatNames {
		if s == name {
			return Format(f), nil
		}
	}
	return Auto, fmt.Errorf("corpus: unknown format %q (want %s)", s, strings.Join(formatNames[:], ", "))
}

// MarshalText writes the format's name, as a model file keeps it.
func (f Format) MarshalText() ([]byte, error) {
	if f < 0 || f >= numFormats {
		return nil, fmt.Errorf("corpus: no format %d", int(f))
	}
	return []byte(f.String()), nil
}

// UnmarshalText reads a format's name.
func (f *Format) UnmarshalText(b []byte) error {
	g, err := ParseFormat(string(b))
	if err == nil {
		*f = g
	}
	return err
}

// Layout is how files hold documents: the part of Options that says how
// documents are read, which a topic model keeps so that documents it is
// given later are read as its own were. The zero Layout is the default
// reading (Auto, the default fields).
type Layout struct {
	Format    Format `json:"format"`
	TextField string `json:"text_field,omitempty"`
	IDField   string `json:"id_field,omitempty"`
}

// Layout is o's layout.
func (o Options) Layout() Layout {
	return Layout{Format: o.Format, TextField: o.TextField, IDField: o.IDField}
}

// WithLayout is o with l's format and fields.
func (o Options) WithLayout(l Layout) Options {
	o.Format, o.TextField, o.IDField = l.Format, l.TextField, l.IDField
	return o
}

// FormatCounts counts the documents listed per format.
type FormatCounts struct {
	File  int `json:"file,omitempty"`
	Lines int `json:"lines,omitempty"`
	JSONL int `json:"jsonl,omitempty"`
	CSV   int `json:"csv,omitempty"`
	Mbox  int `json:"mbox,omitempty"`
}

// add adds the counts of o to c.
func (c *FormatCounts) add(o FormatCounts) {
	c.File += o.File
	c.Lines += o.Lines
	c.JSONL += o.JSONL
	c.CSV += o.CSV
	c.Mbox += o.Mbox
}

func (c *FormatCounts) addFormat(f Format, n int) {
	switch f {
	case File:
		c.File += n
	case Lines:
		c.Lines += n
	case JSONL:
		c.JSONL += n
	case CSV:
		c.CSV += n
	case Mbox:
		c.Mbox += n
	}
}

// Default field (or column) names of a record's text and id.
const (
	DefaultTextField = "text"
	DefaultIDField   = "id"
)

// formatOf is the format a file named name is read in: o.Format, or with
// Auto the one its extension (after a ".gz") says.
func (o Options) formatOf(name string) Format {
	if o.Format != Auto {
		return o.Format
	}
	name = strings.ToLower(strings.TrimSuffix(name, ".gz"))
	switch {
	case strings.HasSuffix(name, ".jsonl"), strings.HasSuffix(name, ".ndjson"):
		return JSONL
	case strings.HasSuffix(name, ".csv"):
		return CSV
	case strings.HasSuffix(name, ".mbox"):
		return Mbox
	}
	return File
}

func (o Options) fields() (text, id string) {
	text, id = o.TextField, o.IDField
	if text == "" {
		text = DefaultTextField
	}
	if id == "" {
		id = DefaultIDField
	}
	return text, id
}

// records is a file of records being read into documents.
type records struct {
	o     Options
	file  string // the file's id, which a record's id starts with ("sub/data.jsonl")
	path  string // the file's path
	label string
	part  *listPart
	ids   map[string]int // line of each id given by a field
}

// readRecords reads the records of the file at path (standard input when
// in is not nil) in format f into part: its documents, and the records left
// out. An error is one that stops the whole file (a missing column).
func (o Options) readRecords(f Format, path, file, label string, in io.Reader, part *listPart) error {
	if in == nil {
		fh, err := os.Open(path)
		if err != nil {
			part.skip(statSkip(err), path, err)
			return nil
		}
		defer fh.Close()
		in = fh
	}
	text, utf16, err := decodeAll(in, strings.HasSuffix(path, ".gz"))
	if err != nil {
		return fmt.Errorf("corpus: %s: %w", path, err)
	}
	if utf16 {
		part.utf16++
	}
	r := &records{o: o, file: file, path: path, label: label, part: part}
	n := len(part.docs)
	switch f {
	case JSONL:
		err = r.jsonl(text)
	case CSV:
		err = r.csv(text)
	case Mbox:
		err = r.mbox(text)
	default:
		r.lines(text)
	}
	part.formats.addFormat(f, len(part.docs)-n)
	return err
}

// decodeAll reads all of in (decompressed when gz), decoded to UTF-8 when
// it starts with a UTF-16 byte order mark (then utf16 is true).
func decodeAll(in io.Reader, gz bool) (text []byte, utf16 bool, err error) {
	if gz {
		zr, err := gzip.NewReader(in)
		if err != nil {
			return nil, false, err
		}
		in = zr
	}
	b, err := io.ReadAll(in)
	if err != nil {
		return nil, false, err
	}
	mark := byteOrderMark(b)
	if mark.decoder != nil {
		b, _, err = transform.Bytes(mark.decoder(), b[len(mark.mark):])
		return b, true, err
	}
	return b[len(mark.mark):], false, nil
}

// eachLine calls fn with each line of text that holds more than white
// space, without its line ending, and its number from 1.
func eachLine(text []byte, fn func(line []byte, n int)) {
	for n := 1; len(text) > 0; n++ {
		line, rest, _ := bytes.Cut(text, []byte{'\n'})
		text = rest
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(bytes.TrimSpace(line)) > 0 {
			fn(line, n)
		}
	}
}

func (r *records) lines(text []byte) {
	eachLine(text, func(line []byte, n int) {
		r.add(bytes.Clone(line), "", n)
	})
}

// at is the place of line n of the file, as an id or in a message.
func (r *records) at(n int) string { return r.file + ":" + strconv.Itoa(n) }

// add adds a document of text at line n, with id (or FILE:LINE when id is
// empty).
func (r *records) add(text []byte, id string, n int) {
	if id == "" {
		id = r.at(n)
	}
	if text == nil {
		text = []byte{}
	}
	r.part.docs = append(r.part.docs, Document{ID: id, Label: r.label, Path: r.path, Text: text})
}

// checkID reports an error when id, given by a field at line n, is the id
// of an earlier record: a corpus has no two documents with the same id.
func (r *records) checkID(id string, n int) error {
	if r.ids == nil {
		r.ids = make(map[string]int)
	}
	if m, ok := r.ids[id]; ok {
		return fmt.Errorf("corpus: document id %q is both %s and %s", id, r.at(m), r.at(n))
	}
	r.ids[id] = n
	return nil
}

func (r *records) jsonl(text []byte) error {
	textField, idField := r.o.fields()
	var err error
	seen, withText := 0, 0
	eachLine(text, func(line []byte, n int) {
		if err != nil {
			return
		}
		seen++
		var rec map[string]json.RawMessage
		if e := json.Unmarshal(line, &rec); e != nil {
			r.part.skip(SkipInvalid, r.at(n), e)
			return
		}
		var t string
		if json.Unmarshal(rec[textField], &t) != nil {
			r.part.skip(SkipInvalid, r.at(n), fmt.Errorf("no string field %q", textField))
			return
		}
		withText++
		id, _ := jsonString(rec[idField])
		if id != "" {
			if err = r.checkID(id, n); err != nil {
				return
			}
		}
		r.add([]byte(t), id, n)
	})
	if err == nil && seen > 0 && withText == 0 {
		err = fmt.Errorf("corpus: %s: no record has a string field %q (see the text field option)", r.path, textField)
	}
	return err
}

// jsonString is a JSON value as text: a string's content, or a number as
// written; ok is false for anything else, or nothing.
func jsonString(v json.RawMessage) (s string, ok bool) {
	if len(v) == 0 {
		return "", false
	}
	if err := json.Unmarshal(v, &s); err == nil {
		return s, true
	}
	var n json.Number
	if err := json.Unmarshal(v, &n); err == nil {
		return n.String(), true
	}
	return "", false
}

func (r *records) csv(text []byte) error {
	textField, idField := r.o.fields()
	cr := csv.NewReader(bytes.NewReader(text))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return fmt.Errorf("corpus: %s: header: %w", r.path, err)
	}
	textCol, idCol := column(header, textField), column(header, idField)
	if textCol < 0 {
		return fmt.Errorf("corpus: %s: no column %q in the header (%s)", r.path, textField, strings.Join(header, ","))
	}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			r.part.skip(SkipInvalid, r.at(pe.StartLine), pe.Err)
			continue
		}
		if err != nil {
			return fmt.Errorf("corpus: %s: %w", r.path, err)
		}
		n, _ := cr.FieldPos(0)
		if textCol >= len(row) || (idCol >= 0 && idCol >= len(row)) {
			r.part.skip(SkipInvalid, r.at(n), fmt.Errorf("%d fields, fewer than the header's %d", len(row), len(header)))
			continue
		}
		id := ""
		if idCol >= 0 {
			id = row[idCol]
			if id != "" {
				if err := r.checkID(id, n); err != nil {
					return err
				}
			}
		}
		r.add([]byte(row[textCol]), id, n)
	}
}

// column is the index of name in header, or -1.
func column(header []string, name string) int {
	for i, h := range header {
		if strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) == name {
			return i
		}
	}
	return -1
}

// gzipFile is a gzip-compressed file read decompressed; it seeks only to
// its start, as Reader's stream does.
type gzipFile struct {
	f  io.ReadSeekCloser
	zr *gzip.Reader
}

func openGzip(f io.ReadSeekCloser) (*gzipFile, error) {
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%w: not gzip: %w", ErrUnreadable, err)
	}
	return &gzipFile{f: f, zr: zr}, nil
}

func (g *gzipFile) Read(p []byte) (int, error) { return g.zr.Read(p) }
func (g *gzipFile) Close() error               { return g.f.Close() }

func (g *gzipFile) Seek(offset int64, whence int) (int64, error) {
	if offset != 0 || whence != io.SeekStart {
		return 0, errors.New("corpus: a compressed file seeks only to its start")
	}
	if _, err := g.f.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	return 0, g.zr.Reset(g.f)
}
