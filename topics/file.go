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

// A model file is one JSON object (see the README for its fields): JSON, not
// gob, because a model is worth reading and using outside Go (its topics,
// vocabulary, W and H are plain arrays any language loads), and because a
// self-describing text format fails loudly, with an offset, when it is cut
// short. Numbers are written in the shortest form that reads back to the
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
	// The first byte other than white space says whether this is JSON.
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			return nil, fmt.Errorf("%w: unexpected end of JSON input", ErrCorrupt)
		}
		if err != nil {
			return nil, err
		}
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			continue
		}
		if c != '{' {
			return nil, fmt.Errorf("%w (it does not start with a JSON object)", ErrNotModel)
		}
		br.UnreadByte()
		break
	}
	dec := json.NewDecoder(br)
	corrupt := func(err error) error {
		if errors.Is(err, ErrTooLarge) {
			return err
		}
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if _, err := dec.Token(); err != nil { // the "{" seen above
		return nil, corrupt(err)
	}
	var (
		head struct {
			Format  string `json:"format"`
			Version int    `json:"version"`
		}
		sawFormat, sawVersion bool
		w, h                  [][]float64
		rest                  = []byte{'{'} // the model's own fields, decoded at the end
	)
	// checkHead checks the format and version as soon as they have been
	// read (Save writes them first), and at the end for files without them.
	checkHead := func(final bool) error {
		if (sawFormat || final) && head.Format != FileFormat {
			return fmt.Errorf("%w (format %q)", ErrNotModel, head.Format)
		}
		if (sawVersion || final) && head.Version != FileVersion {
			return fmt.Errorf("%w: the file is version %d, this nmftopics reads version %d", ErrVersion, head.Version, FileVersion)
		}
		return nil
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, corrupt(err)
		}
		key, ok := t.(string)
		if !ok {
			return nil, corrupt(fmt.Errorf("key %v", t))
		}
		switch {
		case strings.EqualFold(key, "format"):
			err, sawFormat = dec.Decode(&head.Format), true
		case strings.EqualFold(key, "version"):
			err, sawVersion = dec.Decode(&head.Version), true
		case strings.EqualFold(key, "w"):
			w = nil
			err = dec.Decode(&w)
		case strings.EqualFold(key, "h"):
			h = nil
			err = dec.Decode(&h)
		default:
			var raw json.RawMessage
			if err = dec.Decode(&raw); err == nil {
				if len(rest) > 1 {
					rest = append(rest, ',')
				}
				k, _ := json.Marshal(key)
				rest = append(append(append(rest, k...), ':'), raw...)
			}
		}
		if err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) && !sawFormat {
				// A field of another kind of JSON file.
				return nil, fmt.Errorf("%w (format %q)", ErrNotModel, head.Format)
			}
			return nil, corrupt(err)
		}
		if err := checkHead(false); err != nil {
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil { // "}"
		return nil, corrupt(err)
	}
	if err := checkHead(true); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("invalid content after top-level value")
		}
		return nil, corrupt(err)
	}
	f := modelFile{Model: &Model{}}
	if err := json.Unmarshal(append(rest, '}'), f.Model); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	f.W, f.H = w, h
	m := f.Model
	if err := m.check(f.W, f.H); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	m.W = denseOf(f.W, m.K)
	if len(f.H) > 0 {
		m.H = denseOf(f.H, len(m.Documents))
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
