package vectorize

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"weak"

	"github.com/james-bowman/sparse"
)

// Weighting is how a count becomes a matrix entry, before normalization.
type Weighting string

const (
	TFIDF  Weighting = "tfidf"  // count × idf
	TF     Weighting = "tf"     // the count itself
	Binary Weighting = "binary" // 1 where the term occurs
)

// Norm is how each document's column is scaled.
type Norm string

const (
	L2     Norm = "l2"   // unit Euclidean length
	NoNorm Norm = "none" // as weighted
)

// Options are the vocabulary and weighting settings.
type Options struct {
	// MinDF keeps the terms found in at least MinDF documents.
	MinDF int `json:"min_df"`
	// MaxDF keeps the terms found in at most MaxDF × (number of documents)
	// documents; a proportion in (0, 1].
	MaxDF float64 `json:"max_df"`
	// MaxTerms, when positive, keeps only that many terms, the most frequent
	// by corpus count (ties broken by term), after the DF filters.
	MaxTerms int `json:"max_terms"`

	Weighting Weighting `json:"weighting"`
	// Sublinear replaces a count c by 1 + ln c (before idf).
	Sublinear bool `json:"sublinear_tf"`
	Norm      Norm `json:"norm"`
}

// DefaultOptions are scikit-learn's TfidfVectorizer defaults with the
// project's DF filters: min_df 2, max_df 0.95, smooth idf, L2 norm.
func DefaultOptions() Options {
	return Options{MinDF: 2, MaxDF: 0.95, Weighting: TFIDF, Norm: L2}
}

// OptionError is a setting out of range, or settings that contradict each
// other; its text names the settings by their command-line flags.
type OptionError string

func (e OptionError) Error() string { return string(e) }

func optionErrorf(format string, a ...any) error { return OptionError(fmt.Sprintf(format, a...)) }

// Validate reports the first setting that is out of range.
func (o Options) Validate() error {
	switch {
	case o.MinDF < 0:
		return optionErrorf("--min-df %d: must be 0 or more", o.MinDF)
	case !(o.MaxDF > 0 && o.MaxDF <= 1):
		return optionErrorf("--max-df %v: must be a proportion in (0, 1]", o.MaxDF)
	case o.MaxTerms < 0:
		return optionErrorf("--max-terms %d: must be 0 (all) or more", o.MaxTerms)
	}
	switch o.Weighting {
	case TFIDF, TF, Binary:
	default:
		return optionErrorf("--weighting %q: must be tfidf, tf or binary", o.Weighting)
	}
	switch o.Norm {
	case L2, NoNorm:
	default:
		return optionErrorf("--norm %q: must be l2 or none", o.Norm)
	}
	return nil
}

// ErrEmptyVocabulary is returned when the filters leave no term.
var ErrEmptyVocabulary = errors.New("empty vocabulary")

// Vocabulary is the set of terms that index the rows of X, with what is
// needed to weigh the counts of any document the same way.
type Vocabulary struct {
	Terms   []string  `json:"terms"`   // stems, sorted: row i of X is Terms[i]
	Surface []string  `json:"surface"` // per term, its most frequent surface form
	DF      []int     `json:"df"`      // per term, documents of the fitted corpus holding it
	IDF     []float64 `json:"idf"`     // per term, ln((1+n)/(1+df)) + 1; nil unless TFIDF
	Docs    int       `json:"documents"`
	Options Options   `json:"options"`

	index map[string]int
	// The counts the vocabulary was chosen from, and per term of theirs its
	// row (-1 if left out): Matrix and Rows of those counts need no look-up
	// by string. The pointer is weak, so that a vocabulary does not keep
	// the counts (and their documents' terms) alive.
	from     weak.Pointer[Counts]
	fromRows []int32
}

// NewVocabulary chooses the terms of c that pass opt's filters (and hold
// at least c.NGramMin words) and computes their idf.
func NewVocabulary(c *Counts, opt Options) (*Vocabulary, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	n := len(c.Docs)
	if len(c.Terms) == 0 {
		return nil, fmt.Errorf("%w: the %d documents hold no words (after stop words)", ErrEmptyVocabulary, n)
	}
	maxDocs := opt.MaxDF * float64(n)
	if maxDocs < float64(opt.MinDF) {
		return nil, optionErrorf("--max-df %v (%.4g of %d documents) is below --min-df %d", opt.MaxDF, maxDocs, n, opt.MinDF)
	}
	var keep []int
	afterMin := 0
	for t, df := range c.DF {
		if df < opt.MinDF || c.NGramMin > 1 && ngramWords(c.Terms[t]) < c.NGramMin {
			continue
		}
		afterMin++
		if float64(df) <= maxDocs {
			keep = append(keep, t)
		}
	}
	switch {
	case afterMin == 0:
		return nil, fmt.Errorf("%w: none of the %d terms is in at least %d documents (--min-df)", ErrEmptyVocabulary, len(c.Terms), opt.MinDF)
	case len(keep) == 0:
		return nil, fmt.Errorf("%w: all %d terms left by --min-df are in more than %v of the documents (--max-df)", ErrEmptyVocabulary, afterMin, opt.MaxDF)
	}
	if opt.MaxTerms > 0 && len(keep) > opt.MaxTerms {
		slices.SortFunc(keep, func(a, b int) int {
			if c.CF[a] != c.CF[b] {
				return c.CF[b] - c.CF[a]
			}
			return strings.Compare(c.Terms[a], c.Terms[b])
		})
		keep = keep[:opt.MaxTerms]
	}
	slices.SortFunc(keep, func(a, b int) int { return strings.Compare(c.Terms[a], c.Terms[b]) })

	v := &Vocabulary{Docs: n, Options: opt, from: weak.Make(c), fromRows: make([]int32, len(c.Terms))}
	for t := range v.fromRows {
		v.fromRows[t] = -1
	}
	for i, t := range keep {
		v.fromRows[t] = int32(i)
		v.Terms = append(v.Terms, c.Terms[t])
		v.Surface = append(v.Surface, c.Surface[t])
		v.DF = append(v.DF, c.DF[t])
	}
	if opt.Weighting == TFIDF {
		v.IDF = make([]float64, len(keep))
		for i, df := range v.DF {
			v.IDF[i] = math.Log(float64(1+n)/float64(1+df)) + 1
		}
	}
	return v, nil
}

// Index returns the row of term, or -1.
func (v *Vocabulary) Index(term string) int {
	if v.index == nil {
		v.index = make(map[string]int, len(v.Terms))
		for i, t := range v.Terms {
			v.index[t] = i
		}
	}
	if i, ok := v.index[term]; ok {
		return i
	}
	return -1
}

// Matrix returns X, the weighted terms × documents matrix of c's documents
// over v's terms (terms outside v are dropped), in CSC form: one column per
// document, rows ascending within each column. Counts made with
// DictionaryOnly hold no document's terms and give no columns.
func (v *Vocabulary) Matrix(c *Counts) *sparse.CSC {
	// Columns are built straight into place, in parallel over documents;
	// each is put in row order through a bitmap of the vocabulary (and one
	// of that bitmap's non-zero words) when it holds more than 16 terms, by
	// sorting when it holds fewer.
	m, n := len(v.Terms), max(0, len(c.ColPtr)-1)
	row := v.rowsOf(c)
	workers := max(1, min(runtime.GOMAXPROCS(0), n/256))
	// eachPart calls f on the workers' parts of the columns, in parallel.
	eachPart := func(f func(lo, hi int)) {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() { f(w*n/workers, (w+1)*n/workers) })
		}
		wg.Wait()
	}
	indptr := make([]int, n+1)
	eachPart(func(lo, hi int) {
		for j := lo; j < hi; j++ {
			k := 0
			for _, t := range c.ColTerm[c.ColPtr[j]:c.ColPtr[j+1]] {
				k += b2i(row[t] >= 0)
			}
			indptr[j+1] = k
		}
	})
	for j := range n {
		indptr[j+1] += indptr[j]
	}
	ind := make([]int, indptr[n])
	data := make([]float64, indptr[n])
	eachPart(func(lo, hi int) {
		sc := newDocScratch(m, c)
		for j := lo; j < hi; j++ {
			v.column(c, j, row, sc, ind[indptr[j]:indptr[j+1]], data[indptr[j]:indptr[j+1]])
		}
	})
	return sparse.NewCSC(m, n, indptr, ind, data)
}

// docScratch is a worker's scratch for weighing documents.
type docScratch struct {
	rows    []int32   // a document's rows, in the counts' order
	vals    []float64 // their weights
	weight  []float64 // per row of the vocabulary, its weight in the document
	present []uint64  // a bitmap of the vocabulary's rows, all clear between documents
	words   []uint64  // a bitmap of present's non-zero words, all clear between documents
}

func newDocScratch(m int, c *Counts) *docScratch {
	longest := 0
	for j := range len(c.ColPtr) - 1 {
		longest = max(longest, c.ColPtr[j+1]-c.ColPtr[j])
	}
	return &docScratch{rows: make([]int32, longest), vals: make([]float64, longest),
		weight: make([]float64, m), present: make([]uint64, (m+63)/64), words: make([]uint64, (m+64*64-1)/(64*64))}
}

// weigh puts the rows of document j's terms in v, and their weights, in
// sc.rows and sc.vals, in the counts' order, and returns how many there are
// and the column's norm: its L2 length (summed in that order, so Matrix and
// Rows give the same bits), or 1.
func (v *Vocabulary) weigh(c *Counts, j int, row []int32, sc *docScratch) (int, float64) {
	ss := 0.0
	k := 0
	terms, counts := c.ColTerm[c.ColPtr[j]:c.ColPtr[j+1]], c.ColCount[c.ColPtr[j]:c.ColPtr[j+1]]
	if idf := v.IDF; idf != nil && v.Options.Weighting == TFIDF && !v.Options.Sublinear {
		// The default weighting, as weight computes it, without its tests.
		for p, t := range terms {
			if r := row[t]; r >= 0 {
				x := float64(counts[p]) * idf[r]
				sc.rows[k], sc.vals[k] = r, x
				ss += x * x
				k++
			}
		}
	} else {
		for p, t := range terms {
			if r := row[t]; r >= 0 {
				x := v.weight(int(r), counts[p])
				sc.rows[k], sc.vals[k] = r, x
				ss += x * x
				k++
			}
		}
	}
	if v.Options.Norm == L2 && ss > 0 {
		return k, math.Sqrt(ss)
	}
	return k, 1
}

// column writes document j's rows and values, ascending by row, into ind
// and data (their lengths are its number of terms in v).
func (v *Vocabulary) column(c *Counts, j int, row []int32, sc *docScratch, ind []int, data []float64) {
	k, norm := v.weigh(c, j, row, sc)
	weight, present := sc.weight, sc.present
	for q, r := range sc.rows[:k] {
		weight[r] = sc.vals[q]
		ind[q] = int(r)
	}
	if len(ind) > 16 {
		// Set the rows' bits, and the bits of their words in words; then
		// read the rows back in order, visiting only the words that hold
		// one.
		words := sc.words
		for _, r := range ind {
			present[r>>6] |= 1 << (r & 63)
			words[r>>12] |= 1 << (r >> 6 & 63)
		}
		k = 0
		for s, ws := range words {
			for ; ws != 0; ws &= ws - 1 {
				w := s<<6 | bits.TrailingZeros64(ws)
				for b := present[w]; b != 0; b &= b - 1 {
					ind[k] = w<<6 | bits.TrailingZeros64(b)
					k++
				}
				present[w] = 0
			}
			words[s] = 0
		}
	} else {
		slices.Sort(ind)
	}
	for k, r := range ind {
		data[k] = weight[r] / norm
	}
}

// rowsOf maps c's terms to their rows in v, -1 for those left out.
func (v *Vocabulary) rowsOf(c *Counts) []int32 {
	if v.from.Value() == c && len(c.Terms) == len(v.fromRows) {
		return v.fromRows
	}
	row := make([]int32, len(c.Terms))
	for t, s := range c.Terms {
		row[t] = int32(v.Index(s))
	}
	return row
}

// Rows returns X (as Matrix weighs it) by rows: term i holds documents
// doc[ptr[i]:ptr[i+1]], ascending, with values val[ptr[i]:ptr[i+1]]. It is
// built by one counting pass over c's documents, so it costs X once; a
// caller that drops c's document terms afterwards (and hands the rows to
// nmf.NewMatrixRows) holds X only as the factorization needs it.
func (v *Vocabulary) Rows(c *Counts) (ptr []int, doc []int32, val []float64) {
	row := v.rowsOf(c)
	m, n := len(v.Terms), max(0, len(c.ColPtr)-1)
	ptr = make([]int, m+1)
	for p := range c.ColTerm {
		if r := row[c.ColTerm[p]]; r >= 0 {
			ptr[r+1]++
		}
	}
	for i := range m {
		ptr[i+1] += ptr[i]
	}
	nnz := ptr[m]
	doc = make([]int32, nnz)
	val = make([]float64, nnz)
	next := make([]int, m)
	copy(next, ptr)
	norm := make([]float64, n)
	sc := newDocScratch(0, c)
	for j := range n {
		var k int
		k, norm[j] = v.weigh(c, j, row, sc)
		for q, r := range sc.rows[:k] {
			doc[next[r]], val[next[r]] = int32(j), sc.vals[q]
			next[r]++
		}
	}
	for p, j := range doc {
		val[p] /= norm[j]
	}
	return ptr, doc, val
}

// weight is the entry for count occurrences of the term in row r, before
// normalization.
func (v *Vocabulary) weight(r int, count int32) float64 {
	tf := float64(count)
	switch {
	case v.Options.Weighting == Binary:
		tf = 1
	case v.Options.Sublinear:
		tf = 1 + math.Log(tf)
	}
	if v.IDF != nil {
		tf *= v.IDF[r]
	}
	return tf
}

// String summarizes the options the way the CLI spells them.
func (o Options) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "min-df %d, max-df %v", o.MinDF, o.MaxDF)
	if o.MaxTerms > 0 {
		fmt.Fprintf(&b, ", max-terms %d", o.MaxTerms)
	}
	fmt.Fprintf(&b, ", %s", o.Weighting)
	if o.Sublinear {
		b.WriteString(", sublinear tf")
	}
	fmt.Fprintf(&b, ", norm %s", o.Norm)
	return b.String()
}
