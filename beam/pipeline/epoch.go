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
	register.DoFn4x1[context.Context, int, Factor, func(int, Partial), error](&epochFn{})
	register.Emitter2[int, Partial]()
	register.Combiner1[Partial](&sumPartialsFn{})
	register.DoFn3x1[context.Context, int, Partial, error](&writePartialFn{})
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

// epochFn is one shard's part of an epoch: it reads X_b, solves H_b with
// W (the side input) fixed, and emits the shard's sufficient statistics
// (nmf.Stats.Accumulate, as the online fit accumulates a batch) and the
// loss of its columns.
//
// The statistics go out in Blocks blocks of rows of A, keyed by block, so
// that CombinePerKey sums the blocks on as many workers: A has m·k
// entries, and with one key a single worker would receive every shard's
// (at 10⁶ terms and k = 20, 160 MB from each). Rows of W are independent
// given the sums, so the blocks are put back together only for the
// update. Block b holds rows [b·m/Blocks, (b+1)·m/Blocks) of A, all of B
// and the document count; block 0 alone carries the loss and ‖X_b‖².
type epochFn struct {
	Dir      string              `json:"dir"`
	Loss     nmf.Loss            `json:"loss"`
	Project  nmf.ProjectSettings `json:"project"`
	Evaluate bool                `json:"evaluate"`
	Blocks   int                 `json:"blocks"`
}

func (fn *epochFn) ProcessElement(ctx context.Context, shard int, w Factor, emit func(int, Partial)) error {
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
	for blk, part := range splitPartial(p, max(1, fn.Blocks)) {
		emit(blk, part)
	}
	return nil
}

// blockRows is the first row of block b of r blocks over m rows.
func blockRows(b, r, m int) int { return b * m / r }

// splitPartial cuts a partial into r blocks of rows of A. The blocks'
// rows of A are disjoint parts of p's; each has its own copy of B, since
// a combiner may add into its first input in place.
func splitPartial(p Partial, r int) []Partial {
	s := p.Stats
	out := make([]Partial, r)
	for b := range r {
		lo, hi := blockRows(b, r, s.M), blockRows(b+1, r, s.M)
		out[b] = Partial{
			Stats:  nmf.Stats{Loss: s.Loss, M: hi - lo, K: s.K, A: s.A[lo*s.K : hi*s.K], B: slices.Clone(s.B), Docs: s.Docs},
			NNZ:    p.NNZ,
			Shards: p.Shards,
		}
	}
	out[0].Frobenius, out[0].KL, out[0].SumSq = p.Frobenius, p.KL, p.SumSq
	return out
}

// joinPartials puts summed blocks back together, checking that they fit.
func joinPartials(blocks []Partial, m int) (Partial, error) {
	p := blocks[0]
	p.Stats.A = make([]float64, 0, m*p.Stats.K)
	p.Stats.M = 0
	for b, q := range blocks {
		s := q.Stats
		if want := blockRows(b+1, len(blocks), m) - blockRows(b, len(blocks), m); s.M != want || s.K != p.Stats.K || s.Loss != p.Stats.Loss ||
			len(s.A) != s.M*s.K || q.Shards != p.Shards || s.Docs != p.Stats.Docs {
			return Partial{}, fmt.Errorf("block %d of the statistics (%d×%d, %d shards, %v documents) does not fit block 0 (%d shards, %v documents) and %d rows in %d blocks",
				b, s.M, s.K, q.Shards, s.Docs, p.Shards, p.Stats.Docs, want, len(blocks))
		}
		p.Stats.A = append(p.Stats.A, s.A...)
		p.Stats.M += s.M
	}
	return p, nil
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
	h, err := nmf.Project(ctx, xm, wd, nmf.DefaultMethod(loss).Projection(), ps)
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

// statsPath is the file of block b of an epoch's summed statistics.
func statsPath(dir, name string, b int) string {
	return joinPath(dir, fmt.Sprintf("stats-%s-%04d.bin", name, b))
}

// writePartialFn writes a block of the summed partial for the driver to
// read.
type writePartialFn struct {
	Dir  string `json:"dir"`
	Name string `json:"name"`
}

func (fn *writePartialFn) ProcessElement(ctx context.Context, block int, p Partial) error {
	return writeFile(ctx, statsPath(fn.Dir, fn.Name, block), encodePartial(p))
}

// epoch describes one epoch's pipeline.
type epoch struct {
	Dir      string // the work folder of the run
	Name     string // names the epoch's files
	Shards   []int  // shards holding documents
	Loss     nmf.Loss
	Project  nmf.ProjectSettings
	Evaluate bool // measure the loss on every shard
	Blocks   int  // blocks of rows the statistics are combined in
	WPath    string
}

// pipeline runs one epoch: every shard solves its H_b with W read from
// WPath as a side input and emits its statistics, in blocks of rows; they
// are summed with CombinePerKey, block by block, and each block's sum is
// written to the work folder.
func (e epoch) pipeline() *beam.Pipeline {
	p, s := beam.NewPipelineWithRoot()
	w := beam.ParDo(s.Scope("W"), &readFactorFn{Path: e.WPath}, beam.Impulse(s))
	ids := beam.Reshuffle(s, beam.CreateList(s, e.Shards))
	parts := beam.ParDo(s.Scope("shard"), &epochFn{Dir: e.Dir, Loss: e.Loss, Project: e.Project, Evaluate: e.Evaluate, Blocks: e.Blocks}, ids, beam.SideInput{Input: w})
	sum := beam.CombinePerKey(s.Scope("sum"), &sumPartialsFn{}, parts)
	beam.ParDo0(s.Scope("write"), &writePartialFn{Dir: e.Dir, Name: e.Name}, sum)
	return p
}
