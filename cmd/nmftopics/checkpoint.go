package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/internal/atomicfile"
	"github.com/nmftopics/nmftopics/nmf"
)

// A checkpoint file is JSON: a run's state after an iteration, everything
// its solver needs to continue exactly as if it had not stopped (see
// nmf.Snapshot). Go's encoding/json writes a float64 in the fewest digits
// that read back to the same bits, so nothing is lost on the way.
//
// Version 2 added the method, the objective trace and the solver's state
// to version 1's iteration, W and H. A version 1 file cannot continue a
// run exactly and is refused.
const (
	checkpointFormat  = "nmftopics-checkpoint"
	checkpointVersion = 2
)

type checkpointFile struct {
	Format    string      `json:"format"`
	Version   int         `json:"version"`
	Iteration int         `json:"iteration"`
	Method    nmf.Method  `json:"method"`
	W         [][]float64 `json:"w"`
	H         [][]float64 `json:"h"`
	// The objective before the first iteration and after each.
	Trace  []float64       `json:"objective_trace"`
	Solver checkpointState `json:"solver"`
}

// checkpointState is what the solver carries across iterations besides W
// and H.
type checkpointState struct {
	GramW         []float64   `json:"gram_w"` // WᵀW, k × k row-major
	GramH         []float64   `json:"gram_h"` // HHᵀ
	Violation0    float64     `json:"hals_violation0,omitempty"`
	Violation     float64     `json:"hals_violation,omitempty"`
	Steps         [2]float64  `json:"pgd_steps,omitzero"`
	BestObjective float64     `json:"als_best_objective,omitempty"`
	BestW         [][]float64 `json:"als_best_w,omitempty"`
	BestH         [][]float64 `json:"als_best_h,omitempty"`
}

func newCheckpointFile(s *nmf.Snapshot) checkpointFile {
	c := checkpointFile{Format: checkpointFormat, Version: checkpointVersion, Iteration: s.Iteration, Method: s.Method,
		W: denseRows(s.W), H: denseRows(s.H), Trace: s.Trace,
		Solver: checkpointState{GramW: s.GramW, GramH: s.GramH, Violation0: s.Violation0, Violation: s.Violation,
			Steps: s.Steps, BestObjective: s.BestObjective}}
	if s.BestW != nil {
		c.Solver.BestW, c.Solver.BestH = denseRows(s.BestW), denseRows(s.BestH)
	}
	return c
}

// checkpointWriter saves a run's snapshot to the checkpoint file at path,
// atomically.
func checkpointWriter(path string) func(*nmf.Snapshot) error {
	return func(snap *nmf.Snapshot) error {
		return atomicfile.Write(atomicfile.File{Path: path, Write: func(out io.Writer) error {
			return writeJSON(out, newCheckpointFile(snap))
		}})
	}
}

func denseRows(a *mat.Dense) [][]float64 {
	r, _ := a.Dims()
	out := make([][]float64, r)
	for i := range r {
		out[i] = append([]float64(nil), a.RawRowView(i)...)
	}
	return out
}

// readCheckpoint reads the checkpoint at path for a run of method m with
// --max-iter maxIter, which counts from the original start.
func readCheckpoint(ctx context.Context, path string, m nmf.Method, maxIter int) (*nmf.Snapshot, error) {
	f, err := openInput(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", flagResume, err)
	}
	b, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("%v: %w", flagResume, cancelled(ctx, path, err))
	}
	var c checkpointFile
	if err := json.Unmarshal(b, &c); err != nil || c.Format != checkpointFormat {
		return nil, fmt.Errorf("%v %s: not an nmftopics checkpoint file", flagResume, path)
	}
	switch {
	case c.Version == 1:
		return nil, fmt.Errorf("%v %s: checkpoint version 1 holds W and H but not the solver's state, so the run cannot continue exactly; this nmftopics reads version %d: run again with %v", flagResume, path, checkpointVersion, flagCheckpoint)
	case c.Version != checkpointVersion:
		return nil, fmt.Errorf("%v %s: checkpoint version %d, this nmftopics reads version %d", flagResume, path, c.Version, checkpointVersion)
	case c.Method != m:
		return nil, fmt.Errorf("%v %s: the checkpoint's run is %s; give the same %v, %v and method flags to continue it", flagResume, path, describeMethod(c.Method), flagLoss, flagSolver)
	case maxIter < c.Iteration:
		return nil, usagef("%v %d: the checkpoint is at iteration %d, and %v counts the iterations from the run's start", flagMaxIter, maxIter, c.Iteration, flagMaxIter)
	}
	w, errW := rowsDense(c.W)
	h, errH := rowsDense(c.H)
	if errW != nil || errH != nil {
		return nil, fmt.Errorf("%v %s: ragged or empty factors", flagResume, path)
	}
	s := &nmf.Snapshot{Method: c.Method, Iteration: c.Iteration, W: w, H: h, Trace: c.Trace,
		GramW: c.Solver.GramW, GramH: c.Solver.GramH, Violation0: c.Solver.Violation0, Violation: c.Solver.Violation,
		Steps: c.Solver.Steps, BestObjective: c.Solver.BestObjective}
	if c.Solver.BestW != nil || c.Solver.BestH != nil {
		if s.BestW, errW = rowsDense(c.Solver.BestW); errW == nil {
			s.BestH, errH = rowsDense(c.Solver.BestH)
		}
		if errW != nil || errH != nil {
			return nil, fmt.Errorf("%v %s: ragged or empty best factors", flagResume, path)
		}
	}
	return s, nil
}

// describeMethod names a method by its flags' values.
func describeMethod(m nmf.Method) string {
	s := fmt.Sprintf("%v %s %v %s", flagLoss, m.Loss, flagSolver, m.Solver)
	for _, mf := range methodFlags {
		if v, set := mf.value(&m); set {
			s += fmt.Sprintf(" %v %v", mf.name, v)
		}
	}
	return s
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
