package pipeline

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/james-bowman/sparse"
	"gonum.org/v1/gonum/mat"

	"github.com/nmftopics/nmftopics/nmf"
)

// Factor is a dense row-major matrix, W (m × k) as the epoch pipelines
// carry it: written to the work folder by the driver, read into a
// singleton PCollection and handed to every shard as a side input.
type Factor struct {
	M, K int
	Data []float64
}

// Dense returns the factor as a *mat.Dense sharing its data.
func (f Factor) Dense() *mat.Dense { return mat.NewDense(f.M, f.K, f.Data) }

// factorOf copies w into a Factor.
func factorOf(w *mat.Dense) Factor {
	m, k := w.Dims()
	f := Factor{M: m, K: k, Data: make([]float64, m*k)}
	for i := range m {
		copy(f.Data[i*k:(i+1)*k], w.RawRowView(i))
	}
	return f
}

// Partial is what a shard of documents contributes in an epoch: the
// online fit's sufficient statistics of its columns (nmf.Stats: A = X_b
// H_bᵀ and B = H_b H_bᵀ for the Frobenius loss) and the loss of its
// columns with H_b solved against W. Partials add: the CombineFn sums them
// over shards, and the sum is the whole corpus's.
type Partial struct {
	Stats     nmf.Stats
	Frobenius float64 // ½‖X_b − W H_b‖²_F
	KL        float64 // KL(X_b ‖ W H_b)
	SumSq     float64 // ‖X_b‖²_F
	NNZ       int     // non-zeros of X_b
	Shards    int     // shards summed
}

// add adds o into p. A zero Partial (the accumulator Beam starts from) is
// the identity.
func (p *Partial) add(o *Partial) error {
	if o.Shards == 0 {
		return nil
	}
	if p.Shards == 0 {
		*p = *o
		return nil
	}
	if err := p.Stats.Add(&o.Stats); err != nil {
		return err
	}
	p.Frobenius += o.Frobenius
	p.KL += o.KL
	p.SumSq += o.SumSq
	p.NNZ += o.NNZ
	p.Shards += o.Shards
	return nil
}

func init() {
	beam.RegisterCoder(reflect.TypeOf(Factor{}), encodeFactor, decodeFactor)
	beam.RegisterCoder(reflect.TypeOf(Partial{}), encodePartial, decodePartial)
}

// The coders are plain little-endian binary: exact, and no larger than the
// numbers themselves (W and the statistics are m·k floats each).

const (
	factorMagic  = "NMFTW001"
	partialMagic = "NMFTP001"
	shardMagic   = "NMFTX001"
)

var errCorrupt = errors.New("corrupt or truncated data")

type encoder struct{ b []byte }

func (e *encoder) u64(v uint64)  { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *encoder) f64(v float64) { e.u64(math.Float64bits(v)) }
func (e *encoder) floats(a []float64) {
	e.u64(uint64(len(a)))
	for _, v := range a {
		e.f64(v)
	}
}
func (e *encoder) str(s string) {
	e.b = binary.AppendUvarint(e.b, uint64(len(s)))
	e.b = append(e.b, s...)
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) magic(m string) {
	if len(d.b) < len(m) || string(d.b[:len(m)]) != m {
		d.err = fmt.Errorf("not a %s file: %w", m, errCorrupt)
		return
	}
	d.b = d.b[len(m):]
}

func (d *decoder) u64() uint64 {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 8 {
		d.err = errCorrupt
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

// count reads a length and checks that at least size bytes per element
// remain, so that a corrupt length never makes a huge allocation.
func (d *decoder) count(size int) int {
	n := d.u64()
	if d.err == nil && n > uint64(len(d.b)/size) {
		d.err = errCorrupt
		return 0
	}
	return int(n)
}

func (d *decoder) f64() float64 { return math.Float64frombits(d.u64()) }

func (d *decoder) floats() []float64 {
	n := d.count(8)
	if d.err != nil {
		return nil
	}
	a := make([]float64, n)
	for i := range a {
		a[i] = d.f64()
	}
	return a
}

func (d *decoder) str() string {
	if d.err != nil {
		return ""
	}
	n, w := binary.Uvarint(d.b)
	if w <= 0 || n > uint64(len(d.b)-w) {
		d.err = errCorrupt
		return ""
	}
	s := string(d.b[w : w+int(n)])
	d.b = d.b[w+int(n):]
	return s
}

func (d *decoder) end() error {
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%d bytes after the end: %w", len(d.b), errCorrupt)
	}
	return d.err
}

func encodeFactor(f Factor) []byte {
	e := encoder{b: make([]byte, 0, len(factorMagic)+24+8*len(f.Data))}
	e.b = append(e.b, factorMagic...)
	e.u64(uint64(f.M))
	e.u64(uint64(f.K))
	e.floats(f.Data)
	return e.b
}

func decodeFactor(b []byte) (Factor, error) {
	d := decoder{b: b}
	d.magic(factorMagic)
	f := Factor{M: int(d.u64()), K: int(d.u64())}
	f.Data = d.floats()
	if err := d.end(); err != nil {
		return Factor{}, err
	}
	if f.M < 1 || f.K < 1 || f.M > len(f.Data) || f.K > len(f.Data) || f.M*f.K != len(f.Data) {
		return Factor{}, fmt.Errorf("factor of %d×%d holds %d values: %w", f.M, f.K, len(f.Data), errCorrupt)
	}
	return f, nil
}

func encodePartial(p Partial) []byte {
	s := &p.Stats
	e := encoder{b: make([]byte, 0, len(partialMagic)+128+8*(len(s.A)+len(s.B)))}
	e.b = append(e.b, partialMagic...)
	e.u64(uint64(s.Loss))
	e.u64(uint64(s.M))
	e.u64(uint64(s.K))
	e.floats(s.A)
	e.floats(s.B)
	e.f64(s.Docs)
	e.f64(p.Frobenius)
	e.f64(p.KL)
	e.f64(p.SumSq)
	e.u64(uint64(p.NNZ))
	e.u64(uint64(p.Shards))
	return e.b
}

func decodePartial(b []byte) (Partial, error) {
	d := decoder{b: b}
	d.magic(partialMagic)
	var p Partial
	s := &p.Stats
	s.Loss = nmf.Loss(d.u64())
	s.M, s.K = int(d.u64()), int(d.u64())
	s.A = d.floats()
	s.B = d.floats()
	s.Docs = d.f64()
	p.Frobenius, p.KL, p.SumSq = d.f64(), d.f64(), d.f64()
	p.NNZ, p.Shards = int(d.u64()), int(d.u64())
	if err := d.end(); err != nil {
		return Partial{}, err
	}
	if p.Shards == 0 && s.M == 0 && s.K == 0 && len(s.A) == 0 && len(s.B) == 0 {
		return p, nil // the empty sum a combiner may start from
	}
	nb := s.K * s.K
	if s.Loss == nmf.KL {
		nb = s.K
	}
	if (s.Loss != nmf.Frobenius && s.Loss != nmf.KL) || s.M < 1 || s.K < 1 || s.M > len(s.A) || s.K > len(s.A) ||
		s.M*s.K != len(s.A) || nb != len(s.B) || p.Shards < 0 || p.NNZ < 0 {
		return Partial{}, fmt.Errorf("statistics of %v %d×%d with %d and %d values: %w", s.Loss, s.M, s.K, len(s.A), len(s.B), errCorrupt)
	}
	return p, nil
}

// A shard file holds X_b, the columns of one shard's documents over the
// vocabulary (CSC), and the documents' IDs, in column order.

func encodeShard(x *sparse.CSC, ids []string) []byte {
	m, n := x.Dims()
	raw := x.RawMatrix()
	nnz := len(raw.Data)
	e := encoder{b: make([]byte, 0, len(shardMagic)+32+8*(n+1)+12*nnz)}
	e.b = append(e.b, shardMagic...)
	e.u64(uint64(m))
	e.u64(uint64(n))
	e.u64(uint64(nnz))
	for _, p := range raw.Indptr[:n+1] {
		e.u64(uint64(p))
	}
	for _, i := range raw.Ind[:nnz] {
		e.b = binary.LittleEndian.AppendUint32(e.b, uint32(i))
	}
	for _, v := range raw.Data {
		e.f64(v)
	}
	for _, id := range ids {
		e.str(id)
	}
	return e.b
}

// decodeShard reads a shard file, checking its structure: it returns
// X_b (nil when the shard holds no document) and the IDs.
func decodeShard(b []byte) (*sparse.CSC, []string, error) {
	d := decoder{b: b}
	d.magic(shardMagic)
	m, n, nnz := d.u64(), d.u64(), d.u64()
	if d.err != nil {
		return nil, nil, d.err
	}
	if m < 1 || m > math.MaxInt32 || n > uint64(len(d.b))/8 || nnz > uint64(len(d.b))/12 {
		return nil, nil, fmt.Errorf("header %d×%d with %d non-zeros: %w", m, n, nnz, errCorrupt)
	}
	indptr := make([]int, n+1)
	for j := range indptr {
		indptr[j] = int(d.u64())
		if d.err == nil && (indptr[j] > int(nnz) || (j > 0 && indptr[j] < indptr[j-1]) || (j == 0 && indptr[0] != 0)) {
			d.err = fmt.Errorf("column pointers out of order: %w", errCorrupt)
		}
	}
	if d.err == nil && indptr[n] != int(nnz) {
		d.err = fmt.Errorf("column pointers end at %d, not %d: %w", indptr[n], nnz, errCorrupt)
	}
	if d.err != nil {
		return nil, nil, d.err
	}
	if uint64(len(d.b)) < 12*nnz {
		return nil, nil, errCorrupt
	}
	ind := make([]int, nnz)
	for p := range ind {
		ind[p] = int(binary.LittleEndian.Uint32(d.b[4*p:]))
		if uint64(ind[p]) >= m {
			return nil, nil, fmt.Errorf("row %d of a %d-row matrix: %w", ind[p], m, errCorrupt)
		}
	}
	d.b = d.b[4*nnz:]
	data := make([]float64, nnz)
	for p := range data {
		data[p] = d.f64()
		if !(data[p] > 0) || math.IsInf(data[p], 0) {
			return nil, nil, fmt.Errorf("entry %v: %w", data[p], errCorrupt)
		}
	}
	ids := make([]string, n)
	for j := range ids {
		ids[j] = d.str()
	}
	if err := d.end(); err != nil {
		return nil, nil, err
	}
	if n == 0 {
		return nil, ids, nil
	}
	return sparse.NewCSC(int(m), int(n), indptr, ind, data), ids, nil
}
