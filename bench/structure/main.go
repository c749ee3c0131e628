// Command structure reports the measures of the issue "Structure" for a
// tree: functions over 60 lines, the largest structs, files over 600
// lines, assembly and generators outside internal/. Tests and generated
// files are left out; the nested beam module is measured with the rest.
//
//	go run ./bench/structure .
package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// item is a named thing and its size (lines or fields).
type item struct {
	name string
	n    int
}

// measures are a tree's functions, structs and files with their sizes.
type measures struct {
	funcs, structs, files []item
	engine                []string // assembly and generators outside internal/
}

func main() {
	root := "."
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	var m measures
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if isEngineRoom(p) && !underInternal(root, p) {
			m.engine = append(m.engine, p)
		}
		if strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			m.addFile(fset, p)
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	m.report()
}

// addFile measures one Go file, unless it is generated.
func (m *measures) addFile(fset *token.FileSet, path string) {
	src, err := os.ReadFile(path)
	if err != nil {
		return
	}
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil || ast.IsGenerated(f) {
		return
	}
	m.files = append(m.files, item{path, bytes.Count(src, []byte("\n"))})
	ast.Inspect(f, func(n ast.Node) bool {
		switch d := n.(type) {
		case *ast.FuncDecl:
			if d.Body != nil {
				lines := fset.Position(d.End()).Line - fset.Position(d.Pos()).Line + 1
				m.funcs = append(m.funcs, item{path + ":" + funcName(d), lines})
			}
		case *ast.TypeSpec:
			if st, ok := d.Type.(*ast.StructType); ok {
				m.structs = append(m.structs, item{path + ":" + d.Name.Name, fieldCount(st)})
			}
		}
		return true
	})
}

func (m *measures) report() {
	for _, s := range [][]item{m.funcs, m.structs, m.files} {
		sort.Slice(s, func(i, j int) bool { return s[i].n > s[j].n })
	}
	fmt.Printf("functions over 60 lines: %d\n", printOver(m.funcs, 60, "func"))
	for _, s := range m.structs[:min(5, len(m.structs))] {
		fmt.Printf("struct %3d fields %s\n", s.n, s.name)
	}
	fmt.Printf("files over 600 lines: %d\n", printOver(m.files, 600, "file"))
	for _, p := range m.engine {
		fmt.Printf("engine %s\n", p)
	}
	fmt.Printf("assembly and generators outside internal/: %d\n", len(m.engine))
}

// isEngineRoom reports whether a file is assembly or a code generator.
func isEngineRoom(p string) bool {
	return strings.HasSuffix(p, ".s") || strings.HasSuffix(p, "_gen.py") || strings.HasSuffix(p, "_gen.go")
}

// underInternal reports whether p lies in an internal/ folder of root.
func underInternal(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return false
	}
	return slices.Contains(strings.Split(filepath.ToSlash(rel), "/"), "internal")
}

// printOver prints the items over limit and returns how many there are.
func printOver(items []item, limit int, kind string) int {
	n := 0
	for _, it := range items {
		if it.n > limit {
			n++
			fmt.Printf("%s %4d %s\n", kind, it.n, it.name)
		}
	}
	return n
}

func fieldCount(st *ast.StructType) int {
	n := 0
	for _, f := range st.Fields.List {
		n += max(1, len(f.Names)) // an embedded field has no name
	}
	return n
}

func funcName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	return "(" + typeName(d.Recv.List[0].Type) + ")." + d.Name.Name
}

func typeName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return "*" + typeName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return typeName(t.X)
	}
	return "?"
}
