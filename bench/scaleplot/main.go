// Command scaleplot draws the benchmark harness's seconds against corpus
// size: the whole process and the factorization of nmftopics and of the
// Python pipeline, on log–log axes, from one or more harness JSON files.
//
//	go run ./bench/scaleplot OUT.png|OUT.svg HARNESS.json...
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// stage is one stage's medians in a harness row.
type stage struct {
	Ours float64 `json:"ours"`
	Peer float64 `json:"peer"`
}

// row is what the harness writes per corpus.
type row struct {
	Documents     int   `json:"documents"`
	NNZ           int   `json:"nnz"`
	ReadVectorize stage `json:"read_vectorize"`
	Factorize     stage `json:"factorize"`
	Process       stage `json:"process"`
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "scaleplot:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) < 2 {
		return fmt.Errorf("usage: scaleplot OUT.png|OUT.svg HARNESS.json...")
	}
	rows, err := readRows(args[1:])
	if err != nil {
		return err
	}
	p, err := plotRows(rows)
	if err != nil {
		return err
	}
	return save(p, args[0])
}

// readRows reads the rows of the harness files at paths, sorted by corpus
// size.
func readRows(paths []string) ([]row, error) {
	var rows []row
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var m map[string]row
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for _, r := range m {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no rows in %s", strings.Join(paths, ", "))
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Documents < rows[j].Documents })
	return rows, nil
}

// plotRows draws each stage's seconds of both pipelines against the
// number of documents, on log–log axes.
func plotRows(rows []row) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "nmftopics fit against scikit-learn, by corpus size"
	p.X.Label.Text = "documents"
	p.Y.Label.Text = "seconds (median)"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	series := []struct {
		name string
		val  func(row) float64
	}{
		{"nmftopics: whole process", func(r row) float64 { return r.Process.Ours }},
		{"Python pipeline: whole process", func(r row) float64 { return r.Process.Peer }},
		{"nmftopics: factorize", func(r row) float64 { return r.Factorize.Ours }},
		{"scikit-learn NMF (cd)", func(r row) float64 { return r.Factorize.Peer }},
		{"nmftopics: read + vectorize", func(r row) float64 { return r.ReadVectorize.Ours }},
		{"scikit-learn: read + vectorize", func(r row) float64 { return r.ReadVectorize.Peer }},
	}
	var lines []any
	for _, s := range series {
		pts := make(plotter.XYs, len(rows))
		for i, r := range rows {
			pts[i].X, pts[i].Y = float64(r.Documents), s.val(r)
		}
		lines = append(lines, s.name, pts)
	}
	if err := plotutil.AddLinePoints(p, lines...); err != nil {
		return nil, err
	}
	p.Legend.Top, p.Legend.Left = true, true
	return p, nil
}

// save writes p to out, as PNG or SVG by its extension, through a
// temporary file renamed into place, so that out is whole or untouched.
func save(p *plot.Plot, out string) error {
	wt, err := p.WriterTo(8*vg.Inch, 5*vg.Inch, strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), "."))
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(out), ".scaleplot-*")
	if err != nil {
		return err
	}
	if _, err := wt.WriteTo(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), out)
}
