// Package mtx reads and writes matrices in the Matrix Market exchange
// format, so that sparse and dense matrices can be exchanged with
// scipy.io.mmread/mmwrite, R (Matrix::readMM/writeMM) and MATLAB
// (mmread.m/mmwrite.m).
//
// # Supported subset
//
// A Matrix Market file starts with a banner line
//
//	%%MatrixMarket matrix <format> <field> <symmetry>
//
// followed by optional comment lines (starting with %) and blank lines, a
// size line and the entries. The keywords are matched case-insensitively
// and may be separated by any number of spaces or tabs.
//
// Writing always produces real general files: WriteSparse writes the
// coordinate format ("%%MatrixMarket matrix coordinate real general", one
// "i j v" line per entry, 1-based indices) and WriteDense writes the array
// format ("%%MatrixMarket matrix array real general", one value per line in
// column-major order, as the format requires). Values are formatted with
// strconv.AppendFloat(buf, v, 'g', -1, 64), the shortest representation that
// parses back to the same float64, so writing and reading back gives a
// bit-identical matrix. The output is deterministic.
//
// Reading accepts
//
//   - coordinate files with field real, double (an alias for real), integer
//     or pattern, and symmetry general, symmetric or skew-symmetric
//     (pattern skew-symmetric is meaningless and rejected);
//   - array files with field real, double or integer, and symmetry general,
//     symmetric or skew-symmetric (the latter two store the lower triangle,
//     column by column, as the format specifies).
//
// The object must be "matrix"; complex and hermitian files are rejected.
// Comment and blank lines are accepted anywhere after the banner, including
// between and after the entries (but the banner must be the first line).
// Lines may end in "\n" or "\r\n" and may be of any length. Real values are
// read exactly as strconv.ParseFloat reads them (common forms take a faster
// route that gives identical results), except that hexadecimal mantissas and
// digit-separating underscores are rejected; integer values must be decimal
// integers and are converted to the nearest float64.
//
// # Orientation
//
// No transposition happens in this package: row i, column j of the file is
// row i-1, column j-1 of the matrix in Go, in both directions. A
// documents×terms matrix written by WriteSparse is read by
// scipy.io.mmread as a documents×terms matrix, and vice versa.
//
// # Entries
//
// Coordinate entries with the same (i, j) are summed, as scipy does, in the
// order they appear in the file. In symmetric files every off-diagonal entry
// (i, j) also sets (j, i); in skew-symmetric files it sets (j, i) to the
// negated value. Entries of pattern files have the value 1. Explicit zeros
// in coordinate files are kept as stored entries of the returned CSR matrix;
// zeros of array files read by ReadSparse are not stored.
//
// WriteSparse writes exactly the entries its argument's DoNonZero method
// yields, in that order. For *sparse.CSR that is row-major order, for
// *sparse.CSC column-major order, and for *sparse.COO the order the entries
// were added; explicit zeros stored in the matrix are written, duplicates in
// a COO matrix are written as they are (and summed again when read).
// Neither writer accepts NaN or infinite values, since the reader rejects
// them.
//
// # Errors
//
// Every error returned by ReadSparse and ReadDense is a *ParseError holding
// the 1-based line number the problem was found on and an underlying error.
// Parse failures wrap one of the sentinel errors ErrHeader, ErrSize,
// ErrEntry, ErrTruncated, ErrRange, ErrNotFinite, ErrTrailing or ErrMemory
// (then through a *MemoryError naming the figures), so callers
// can test them with errors.Is; read failures of the underlying io.Reader
// are wrapped as they are. Errors found only after all entries were read (a
// sum of duplicate entries that overflows to infinity) carry the number of
// the last line of the input.
//
// The readers never allocate in proportion to a size the file merely
// declares: storage grows as entries arrive. The only allocations that depend
// on the declared size alone are the row pointer slice of the CSR matrix
// (rows+1 ints; ReadSparse refuses more than 1<<27 rows) and the dense
// matrix ReadDense returns for a coordinate file (ReadDense refuses more
// than 1<<31 elements, and a coordinate file whose dense form exceeds 64 MiB
// while it stores fewer than one entry per 1,024 elements). Both are
// reported as ErrSize.
//
// # Memory
//
// Before reading the entries, the readers compare the memory the matrix
// will take at its peak with the memory this process may still allocate
// (internal/sysmem: MemAvailable and the cgroup's limit) and refuse with a
// *MemoryError (ErrMemory) when it does not fit: for ReadSparse 8 bytes per
// row and 36 per entry, for ReadDense 8 bytes per element (9 for a
// coordinate file) and the values read. The entries counted are those the
// file declares, or, when the input's size is known (a regular *os.File, a
// reader with a Len method), the fewer its remaining bytes can hold, each
// entry taking a line of at least "1 1 1\n"; such a file is then read and
// found truncated rather than refused for memory it would never use.
// NewReader and Reader.Header read the banner and size line alone, so that
// a caller can judge the declared size before the entries are read.
package mtx
