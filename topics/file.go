package topics

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
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

// Load reads a model written by Save, checking its format, version and
// shapes.
func Load(r io.Reader) (*Model, error) {
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(body, &head); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) && len(body) > 0 && body[0] != '{' {
			return nil, fmt.Errorf("%w (it does not start with a JSON object)", ErrNotModel)
		}
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if head.Format != FileFormat {
		return nil, fmt.Errorf("%w (format %q)", ErrNotModel, head.Format)
	}
	if head.Version != FileVersion {
		return nil, fmt.Errorf("%w: the file is version %d, this nmftopics reads version %d", ErrVersion, head.Version, FileVersion)
	}
	f := modelFile{Model: &Model{}}
	if err := json.Unmarshal(body, &f); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
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
