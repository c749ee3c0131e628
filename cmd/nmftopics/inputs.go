package main

import (
	"context"
	"fmt"
	"os"

	"github.com/james-bowman/sparse"

	"github.com/nmftopics/nmftopics/internal/sysmem"
	"github.com/nmftopics/nmftopics/mtx"
	"github.com/nmftopics/nmftopics/nmf"
	"github.com/nmftopics/nmftopics/topics"
)

// available is the memory the command may still allocate; tests replace
// it.
var available = sysmem.Available

// emptyAllowance is the memory of factors that rows and columns holding no
// entry may take before the matrix is refused, when the rest's is smaller.
const emptyAllowance = 64 << 20

// openInput opens path for reading such that cancelling ctx abandons it:
// the open runs in its own goroutine (opening a FIFO blocks until a writer
// comes), and a file that is not a regular file (a FIFO, a device, a
// socket) is closed when ctx is cancelled, so that a read blocked on it
// returns. Errors name the file.
func openInput(ctx context.Context, path string) (*os.File, error) {
	type opened struct {
		f   *os.File
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		ch <- opened{f, err}
	}()
	var f *os.File
	select {
	case o := <-ch:
		if o.err != nil {
			return nil, o.err // *PathError: "open PATH: ..."
		}
		f = o.f
	case <-ctx.Done():
		// The open may still succeed (a writer comes): close what it gives.
		go func() {
			if o := <-ch; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, fmt.Errorf("%s: %w", path, ctx.Err())
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		context.AfterFunc(ctx, func() { f.Close() })
	}
	return f, nil
}

// cancelled returns ctx's error, naming path, when ctx is done, and err
// otherwise: a read that failed because openInput closed the file on
// cancellation reports the cancellation.
func cancelled(ctx context.Context, path string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s: %w", path, ctx.Err())
	}
	return err
}

// readMatrix reads the Matrix Market file at path for a factorization at
// rank k with meth and s, checking sizes before memory is allocated: k
// against the declared rows and columns (a usage error); the memory the
// factorization takes for the declared size (nmf.Footprint, X's entries
// aside) against the memory available, before any entry is read; the
// matrix itself (mtx checks its own storage); and then the rows and columns
// that hold no entry, which cost factors and nothing else: the matrix is
// refused when their factors (8·k bytes per row or column) exceed both
// 64 MiB and the factors of the rows and columns that hold entries.
func readMatrix(ctx context.Context, path string, k int, meth nmf.Method, s nmf.Settings) (*sparse.CSR, error) {
	f, err := openInput(ctx, path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := mtx.NewReader(f)
	h, err := r.Header()
	if err != nil {
		return nil, cancelled(ctx, path, fmt.Errorf("%s: %w", path, err))
	}
	m, n := h.Rows, h.Cols
	if k > min(m, n) {
		return nil, usagef("%v %d: must be at most min(rows, columns) = %d of %s (%d×%d)", flagK, k, min(m, n), path, m, n)
	}
	need := nmf.Footprint(m, n, 0, k, meth, s)
	if avail := available(); need > avail {
		return nil, fmt.Errorf("%s: declares %d × %d with %s: the factors need %s for k = %d, more than the %s available",
			path, m, n, entries(h.Entries), sysmem.Format(need), k, sysmem.Format(avail))
	}
	x, err := r.ReadSparse()
	if err != nil {
		return nil, cancelled(ctx, path, fmt.Errorf("%s: %w", path, err))
	}
	if err := checkEmpty(path, x, k); err != nil {
		return nil, err
	}
	return x, nil
}

func entries(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return fmt.Sprintf("%d entries", n)
}

// checkEmpty refuses x when the factors of its rows and columns that hold
// no entry cost more than emptyAllowance and more than the factors of the
// others.
func checkEmpty(path string, x *sparse.CSR, k int) error {
	m, n := x.Dims()
	raw := x.RawMatrix()
	emptyRows := 0
	for i := range m {
		if raw.Indptr[i+1] == raw.Indptr[i] {
			emptyRows++
		}
	}
	used := make([]bool, n)
	for _, j := range raw.Ind {
		used[j] = true
	}
	emptyCols := 0
	for _, u := range used {
		if !u {
			emptyCols++
		}
	}
	empty := 8 * uint64(k) * uint64(emptyRows+emptyCols)
	rest := 8 * uint64(k) * uint64(m-emptyRows+n-emptyCols)
	if empty <= max(emptyAllowance, rest) {
		return nil
	}
	return fmt.Errorf("%s: %d of %d rows and %d of %d columns hold no entry: at k = %d they would cost %s of factors; drop them",
		path, emptyRows, m, emptyCols, n, k, sysmem.Format(empty))
}

// loadModel reads the model file at path (transform --model): a regular
// file longer than topics.DefaultLoadLimit is refused from its size, and
// any file is read through topics.LoadLimit, which stops at the limit and
// at the first byte that is not a model's. Errors name the flag and file.
func loadModel(ctx context.Context, path string) (*topics.Model, error) {
	f, err := openInput(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", flagModel, err)
	}
	defer f.Close()
	limit := topics.DefaultLoadLimit()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > limit {
		return nil, fmt.Errorf("%v %s: %w: %s, more than the %s this process reads (a tenth of the memory available)",
			flagModel, path, topics.ErrTooLarge, sysmem.Format(uint64(st.Size())), sysmem.Format(uint64(limit)))
	}
	model, err := topics.LoadLimit(f, limit)
	if err != nil {
		return nil, cancelled(ctx, path, fmt.Errorf("%v %s: %w", flagModel, path, err))
	}
	return model, nil
}
