package topics

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/internal/sysmem"
)

// A model file is one JSON object: "format" and "version", the Model's
// fields, then W and H as arrays of rows ("w", "h"). JSON, not gob,
// because a model is worth reading and using outside Go (its topics,
// vocabulary, W and H are plain arrays any language loads), and because
// a self-describing text format fails loudly, with an offset, when it is
// cut short. Numbers are written in the shortest form that reads back to the
// same float64, so a model saved and loaded transforms documents to the
// same bits.
const (
	// FileFormat is the value of a model file's "format" field.
	FileFormat = "nmftopics-model"
	// FileVersion is the version this package writes and reads.
	FileVersion = 1
)

// Errors wrapped by Load's errors.
var (
	ErrNotModel = errors.New("not an nmftopics model file")
	ErrVersion  = errors.New("unsupported model file version")
	ErrCorrupt  = errors.New("corrupted or truncated model file")
)

// modelFile is a model file as Save writes it.
type modelFile struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	*Model
	W [][]float64 `json:"w"` // per term, its k weights
	H [][]float64 `json:"h"` // per topic, its weight in each document
}

// Save writes the model as a versioned JSON file.
func (m *Model) Save(w io.Writer) error {
	f := modelFile{Format: FileFormat, Version: FileVersion, Model: m, W: rowsOf(m.W), H: rowsOf(m.H)}
	enc := json.NewEncoder(w)
	return enc.Encode(f)
}

func rowsOf(a *mat.Dense) [][]float64 {
	if a == nil {
		return [][]float64{} // a model fitted online keeps no H
	}
	r, _ := a.Dims()
	out := make([][]float64, r)
	for i := range r {
		out[i] = slices.Clone(a.RawRowView(i))
	}
	return out
}

// ErrTooLarge is wrapped by Load's error for a model file longer than its
// limit (see LoadLimit).
var ErrTooLarge = errors.New("model file too large")

// DefaultLoadLimit is the longest model file Load reads: a tenth of the
// memory this process may still allocate (internal/sysmem). Reading a
// model takes up to about nine times its text: the decoder holds the text
// of one field (W, the largest, at most the whole file) while it parses it,
// and each number, "0," at its shortest (2 bytes), becomes 8 bytes in a
// row of W or H and 8 more in the dense matrix they are copied to.
func DefaultLoadLimit() int64 {
	return int64(min(sysmem.Available()/10, math.MaxInt64))
}

// Load reads a model written by Save, checking its format, version and
// shapes; it reads at most DefaultLoadLimit bytes.
func Load(r io.Reader) (*Model, error) {
	return LoadLimit(r, DefaultLoadLimit())
}

// LoadLimit is Load reading at most limit bytes of r: a longer input is
// refused with ErrTooLarge as soon as its limit+1st byte is read. The file
// is decoded as a stream, one top-level field at a time, and reading stops
// at the first error: input that does not start with "{" is refused from
// its first byte, and garbage from the first invalid character.
func LoadLimit(r io.Reader, limit int64) (*Model, error) {
	br := bufio.NewReaderSize(&limitReader{r: r, n: limit, limit: limit}, 1<<16)
	if err := startsObject(br); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(br)
	if _, err := dec.Token(); err != nil { // the "{" seen above
		return nil, corrupt(err)
	}
	f := fileFields{rest: []byte{'{'}}
	for dec.More() {
		if err := f.read(dec); err != nil {
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil { // "}"
		return nil, corrupt(err)
	}
	if err := f.checkHead(true); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("invalid content after top-level value")
		}
		return nil, corrupt(err)
	}
	return f.model()
}

// startsObject reads br's white space and checks, from the first other
// byte, that a JSON object follows; it leaves that byte unread.
func startsObject(br *bufio.Reader) error {
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			return fmt.Errorf("%w: unexpected end of JSON input", ErrCorrupt)
		}
		if err != nil {
			return err
		}
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			continue
		}
		if c != '{' {
			return fmt.Errorf("%w (it does not start with a JSON object)", ErrNotModel)
		}
		return br.UnreadByte()
	}
}

// corrupt returns err, an error of the decoder, as a corrupted file's
// (ErrTooLarge as it is).
func corrupt(err error) error {
	if errors.Is(err, ErrTooLarge) {
		return err
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("%w: %v", ErrCorrupt, err)
}

// fileFields are a model file's top-level fields as Load reads them: its
// head (format and version), W and H, and the model's other fields as
// JSON, decoded at the end.
type fileFields struct {
	format                string
	version               int
	sawFormat, sawVersion bool
	w, h                  [][]float64
	rest                  []byte // "{" and the other fields
}

// read decodes the next field of dec, and checks the head as soon as it
// has been read (Save writes it first).
func (f *fileFields) read(dec *json.Decoder) error {
	t, err := dec.Token()
	if err != nil {
		return corrupt(err)
	}
	key, ok := t.(string)
	if !ok {
		return corrupt(fmt.Errorf("key %v", t))
	}
	switch {
	case strings.EqualFold(key, "format"):
		err, f.sawFormat = dec.Decode(&f.format), true
	case strings.EqualFold(key, "version"):
		err, f.sawVersion = dec.Decode(&f.version), true
	case strings.EqualFold(key, "w"):
		f.w = nil
		err = dec.Decode(&f.w)
	case strings.EqualFold(key, "h"):
		f.h = nil
		err = dec.Decode(&f.h)
	default:
		err = f.keep(dec, key)
	}
	if err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && !f.sawFormat {
			// A field of another kind of JSON file.
			return fmt.Errorf("%w (format %q)", ErrNotModel, f.format)
		}
		return corrupt(err)
	}
	return f.checkHead(false)
}

// keep adds the field key, whose value dec holds next, to the model's
// other fields.
func (f *fileFields) keep(dec *json.Decoder, key string) error {
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	if len(f.rest) > 1 {
		f.rest = append(f.rest, ',')
	}
	k, _ := json.Marshal(key)
	f.rest = append(append(append(f.rest, k...), ':'), raw...)
	return nil
}

// checkHead checks the format and version once read, or at the end
// (final) for a file without them.
func (f *fileFields) checkHead(final bool) error {
	if (f.sawFormat || final) && f.format != FileFormat {
		return fmt.Errorf("%w (format %q)", ErrNotModel, f.format)
	}
	if (f.sawVersion || final) && f.version != FileVersion {
		return fmt.Errorf("%w: the file is version %d, this nmftopics reads version %d", ErrVersion, f.version, FileVersion)
	}
	return nil
}

// model returns the model the fields hold, checking that its parts fit
// together. Fields of older files that a model no longer holds (the fit's
// report: iterations, status, timings...) are left out.
func (f *fileFields) model() (*Model, error) {
	m := &Model{}
	if err := json.Unmarshal(append(f.rest, '}'), m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if err := m.check(f.w, f.h); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	m.W = denseOf(f.w, m.K)
	if len(f.h) > 0 {
		m.H = denseOf(f.h, len(m.Documents))
	}
	return m, nil
}

// limitReader reads at most n bytes of r and fails with ErrTooLarge when
// r holds more.
type limitReader struct {
	r     io.Reader
	n     int64 // bytes still allowed
	limit int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, l.err()
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1] // one byte more than allowed tells a longer input
	}
	k, err := l.r.Read(p)
	l.n -= int64(k)
	if l.n < 0 {
		return k + int(l.n), l.err()
	}
	return k, err
}

func (l *limitReader) err() error {
	return fmt.Errorf("%w: more than %s (%d bytes), the most this process reads", ErrTooLarge, sysmem.Format(uint64(l.limit)), l.limit)
}

// check verifies that the parts of a loaded model fit together.
func (m *Model) check(w, h [][]float64) error {
	v := m.Vocabulary
	switch {
	case v == nil || len(v.Terms) == 0:
		return errors.New("no vocabulary")
	case len(v.Surface) != len(v.Terms) || len(v.DF) != len(v.Terms) || (v.IDF != nil && len(v.IDF) != len(v.Terms)):
		return errors.New("vocabulary arrays of different lengths")
	case m.K < 1 || m.K > len(v.Terms):
		return fmt.Errorf("k = %d for %d terms", m.K, len(v.Terms))
	case len(w) != len(v.Terms):
		return fmt.Errorf("w has %d rows for %d terms", len(w), len(v.Terms))
	case len(h) != m.K && len(h) != 0: // no rows: fitted online, no H kept
		return fmt.Errorf("h has %d rows for k = %d", len(h), m.K)
	}
	if err := v.Options.Validate(); err != nil {
		return err
	}
	for i, row := range w {
		if err := checkRow(row, m.K, "w", i); err != nil {
			return err
		}
	}
	for i, row := range h {
		if err := checkRow(row, len(m.Documents), "h", i); err != nil {
			return err
		}
	}
	return nil
}

func checkRow(row []float64, n int, name string, i int) error {
	if len(row) != n {
		return fmt.Errorf("%s row %d has %d values, want %d", name, i, len(row), n)
	}
	for _, x := range row {
		if !(x >= 0) || math.IsInf(x, 0) {
			return fmt.Errorf("%s row %d holds %v", name, i, x)
		}
	}
	return nil
}

func denseOf(rows [][]float64, c int) *mat.Dense {
	if len(rows) == 0 || c == 0 {
		return &mat.Dense{}
	}
	a := mat.NewDense(len(rows), c, nil)
	for i, row := range rows {
		a.SetRow(i, row)
	}
	return a
}
