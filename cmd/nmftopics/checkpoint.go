package main

import (
	"encoding/json"
	"fmt"
	"os"

	"gonum.org/v1/gonum/mat"
)

// A checkpoint file is JSON: the factors of a run and the iteration they
// were saved at.
const checkpointFormat = "nmftopics-checkpoint"

type checkpointFile struct {
	Format    string      `json:"format"`
	Version   int         `json:"version"`
	Iteration int         `json:"iteration"`
	W         [][]float64 `json:"w"`
	H         [][]float64 `json:"h"`
}

type checkpoint struct{ w, h *mat.Dense }

func denseRows(a *mat.Dense) [][]float64 {
	r, _ := a.Dims()
	out := make([][]float64, r)
	for i := range r {
		out[i] = append([]float64(nil), a.RawRowView(i)...)
	}
	return out
}

func readCheckpoint(path string) (checkpoint, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return checkpoint{}, fmt.Errorf("--resume: %w", err)
	}
	var c checkpointFile
	if err := json.Unmarshal(b, &c); err != nil || c.Format != checkpointFormat {
		return checkpoint{}, fmt.Errorf("--resume %s: not an nmftopics checkpoint file", path)
	}
	if c.Version != 1 {
		return checkpoint{}, fmt.Errorf("--resume %s: checkpoint version %d, this nmftopics reads version 1", path, c.Version)
	}
	w, errW := rowsDense(c.W)
	h, errH := rowsDense(c.H)
	if errW != nil || errH != nil {
		return checkpoint{}, fmt.Errorf("--resume %s: ragged or empty factors", path)
	}
	return checkpoint{w, h}, nil
}

func rowsDense(rows [][]float64) (*mat.Dense, error) {
	if len(rows) == 0 || len(rows[0]) == 0 {
		return nil, fmt.Errorf("empty")
	}
	a := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		if len(r) != len(rows[0]) {
			return nil, fmt.Errorf("ragged")
		}
		a.SetRow(i, r)
	}
	return a, nil
}
