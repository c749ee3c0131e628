package pipeline

import (
	"context"
	"fmt"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/james-bowman/sparse"

	"github.com/nmftopics/nmftopics/nmf"
)

func init() {
	register.DoFn3x1[context.Context, []byte, func(Factor), error](&readFactorFn{})
	register.Emitter1[Factor]()
	register.DoFn4x1[context.Context, int, Factor, func(string, Partial), error](&epochFn{})
	register.Emitter2[string, Partial]()
	register.Combiner1[Partial](&sumPartialsFn{})
	register.DoFn3x1[context.Context, string, Partial, error](&writePartialFn{})
}

// readFactorFn reads W from the work folder into a singleton PCollection:
// the epoch's side input. (W goes through a file, not into the pipeline's
// definition: at 10⁶ terms × 20 topics it is 160 MB, far more than a job
// submission carries.)
type readFactorFn struct {
	Path string `json:"path"`
}

func (fn *readFactorFn) ProcessElement(ctx context.Context, _ []byte, emit func(Factor)) error {
	b, err := readFile(ctx, fn.Path)
	if err != nil {
		return err
	}
	f, err := decodeFactor(b)
	if err != nil {
		return fmt.Errorf("%s: %w", fn.Path, err)
	}
	emit(f)
	return nil
}

// statsKey is the one key the shards' partials are combined under.
const statsKey = "stats"

// epochFn is one shard's part of an epoch: it reads X_b, solves H_b with
// W (the side input) fixed, and emits the shard's sufficient statistics
// (nmf.Stats.Accumulate, as the online fit accumulates a batch) and the
// loss of its columns.
type epochFn struct {
	Dir      string              `json:"dir"`
	Loss     nmf.Loss            `json:"loss"`
	Project  nmf.ProjectSettings `json:"project"`
	Evaluate bool                `json:"evaluate"`
}

func (fn *epochFn) ProcessElement(ctx context.Context, shard int, w Factor, emit func(string, Partial)) error {
	path := shardPath(fn.Dir, shard)
	b, err := readFile(ctx, path)
	if err != nil {
		return err
	}
	x, _, err := decodeShard(b)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if x == nil {
		return nil // only empty or binary files: nothing to add
	}
	p, err := shardPartial(ctx, x, w, fn.Loss, fn.Project, fn.Evaluate)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	emit(statsKey, p)
	return nil
}

// shardPartial solves H_b for X_b with W fixed and returns the shard's
// statistics, ‖X_b‖², and, if evaluate is set, its losses measured by
// nmf.Evaluate (which costs as much as solving H_b; the Frobenius loss
// of an epoch comes from the statistics instead, see frobenius). The local
// reference calls it on the whole X.
func shardPartial(ctx context.Context, x *sparse.CSC, w Factor, loss nmf.Loss, ps nmf.ProjectSettings, evaluate bool) (Partial, error) {
	if m, _ := x.Dims(); m != w.M {
		return Partial{}, fmt.Errorf("X_b has %d rows for W of %d×%d", m, w.M, w.K)
	}
	xm, err := nmf.NewMatrix(x) // X_b prepared once for the three calls
	if err != nil {
		return Partial{}, err
	}
	wd := w.Dense()
	h, err := nmf.Project(ctx, xm, wd, projection(nmf.DefaultMethod(loss)), ps)
	if err != nil {
		return Partial{}, err
	}
	st := nmf.NewStats(loss, w.M, w.K)
	if err := st.Accumulate(xm, wd, h); err != nil {
		return Partial{}, err
	}
	p := Partial{Stats: *st, NNZ: xm.NNZ(), Shards: 1}
	for _, v := range x.RawMatrix().Data {
		p.SumSq += v * v
	}
	if evaluate && p.NNZ > 0 { // columns with no term of the vocabulary add nothing
		met, err := nmf.Evaluate(xm, wd, h)
		if err != nil {
			return Partial{}, err
		}
		p.Frobenius, p.KL = met.FrobeniusHalfSq, met.KL
	}
	return p, nil
}

// sumPartialsFn adds partials: the statistics of the whole corpus are the
// sum of its shards'. Beam lifts it before the shuffle, so each worker
// sends one sum, not one partial per shard.
type sumPartialsFn struct{}

func (sumPartialsFn) MergeAccumulators(a, b Partial) (Partial, error) {
	if a.Shards == 0 && b.Shards > 0 {
		// Start from a copy, so that the sum never writes into an input.
		a = b
		a.Stats.A, a.Stats.B = slices.Clone(b.Stats.A), slices.Clone(b.Stats.B)
		return a, nil
	}
	err := a.add(&b)
	return a, err
}

// writePartialFn writes the summed partial for the driver to read.
type writePartialFn struct {
	Path string `json:"path"`
}

func (fn *writePartialFn) ProcessElement(ctx context.Context, _ string, p Partial) error {
	return writeFile(ctx, fn.Path, encodePartial(p))
}

// epochPipeline runs one epoch: every shard in shards solves its H_b with
// W read from wPath as a side input and emits its statistics; they are
// summed with CombinePerKey and written to out.
func epochPipeline(dir string, shards []int, loss nmf.Loss, ps nmf.ProjectSettings, evaluate bool, wPath, out string) *beam.Pipeline {
	p, s := beam.NewPipelineWithRoot()
	w := beam.ParDo(s.Scope("W"), &readFactorFn{Path: wPath}, beam.Impulse(s))
	ids := beam.Reshuffle(s, beam.CreateList(s, shards))
	parts := beam.ParDo(s.Scope("shard"), &epochFn{Dir: dir, Loss: loss, Project: ps, Evaluate: evaluate}, ids, beam.SideInput{Input: w})
	sum := beam.CombinePerKey(s.Scope("sum"), &sumPartialsFn{}, parts)
	beam.ParDo0(s.Scope("write"), &writePartialFn{Path: out}, sum)
	return p
}
