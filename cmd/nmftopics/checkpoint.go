package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"gonum.org/v1/gonum/mat"

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
		return nil, fmt.Errorf("--resume: %w", err)
	}
	b, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("--resume: %w", cancelled(ctx, path, err))
	}
	var c checkpointFile
	if err := json.Unmarshal(b, &c); err != nil || c.Format != checkpointFormat {
		return nil, fmt.Errorf("--resume %s: not an nmftopics checkpoint file", path)
	}
	switch {
	case c.Version == 1:
		return nil, fmt.Errorf("--resume %s: checkpoint version 1 holds W and H but not the solver's state, so the run cannot continue exactly; this nmftopics reads version %d: run again with --checkpoint", path, checkpointVersion)
	case c.Version != checkpointVersion:
		return nil, fmt.Errorf("--resume %s: checkpoint version %d, this nmftopics reads version %d", path, c.Version, checkpointVersion)
	case c.Method != m:
		return nil, fmt.Errorf("--resume %s: the checkpoint's run is %s; give the same --loss, --solver and method flags to continue it", path, describeMethod(c.Method))
	case maxIter < c.Iteration:
		return nil, usagef("--max-iter %d: the checkpoint is at iteration %d, and --max-iter counts the iterations from the run's start", maxIter, c.Iteration)
	}
	w, errW := rowsDense(c.W)
	h, errH := rowsDense(c.H)
	if errW != nil || errH != nil {
		return nil, fmt.Errorf("--resume %s: ragged or empty factors", path)
	}
	s := &nmf.Snapshot{Method: c.Method, Iteration: c.Iteration, W: w, H: h, Trace: c.Trace,
		GramW: c.Solver.GramW, GramH: c.Solver.GramH, Violation0: c.Solver.Violation0, Violation: c.Solver.Violation,
		Steps: c.Solver.Steps, BestObjective: c.Solver.BestObjective}
	if c.Solver.BestW != nil || c.Solver.BestH != nil {
		if s.BestW, errW = rowsDense(c.Solver.BestW); errW == nil {
			s.BestH, errH = rowsDense(c.Solver.BestH)
		}
		if errW != nil || errH != nil {
			return nil, fmt.Errorf("--resume %s: ragged or empty best factors", path)
		}
	}
	return s, nil
}

// describeMethod names a method by its flags' values.
func describeMethod(m nmf.Method) string {
	s := fmt.Sprintf("--loss %s --solver %s", m.Loss, m.Solver)
	for _, v := range []struct {
		flag string
		val  float64
	}{{"--l1-w", m.L1W}, {"--l1-h", m.L1H}, {"--l2-w", m.L2W}, {"--l2-h", m.L2H}, {"--nsnmf-theta", m.Theta}, {"--graph-lambda", m.GraphLambda}} {
		if v.val != 0 {
			s += fmt.Sprintf(" %s %v", v.flag, v.val)
		}
	}
	if m.GraphNeighbors != 0 {
		s += fmt.Sprintf(" --graph-neighbors %d", m.GraphNeighbors)
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
