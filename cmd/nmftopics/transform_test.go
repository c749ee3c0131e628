package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTransformRows: transform writes a row per document read, in input
// order; an empty or binary file gets none (as in fit's --doc-topics), a
// document with no word of the vocabulary a row of zeros.
func TestTransformRows(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "m.json")
	if code, _, stderr := runCLI(t, "fit", "-k", "3", "--save", model, testCorpus); code != 0 {
		t.Fatalf("fit: exit %d: %s", code, stderr)
	}
	docs := filepath.Join(dir, "docs")
	os.Mkdir(docs, 0o755)
	for name, text := range map[string]string{
		"a.txt": "The rocket carried two satellites into orbit.",
		"b.txt": "",
		"c.txt": "rocket\x00launch",
		"d.txt": "zebras quietly yawned",
		"e.txt": "The striker scored twice.",
	} {
		os.WriteFile(filepath.Join(docs, name), []byte(text), 0o644)
	}
	code, stdout, stderr := runCLI(t, "transform", "--model", model, docs)
	if code != 0 {
		t.Fatalf("transform: exit %d: %s", code, stderr)
	}
	var ids []string
	for _, row := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")[1:] {
		ids = append(ids, strings.Split(row, ",")[0])
		if strings.HasPrefix(row, "d.txt,") && row != "d.txt,0,0,0" {
			t.Errorf("a document with no known word: %q", row)
		}
	}
	if strings.Join(ids, " ") != "a.txt d.txt e.txt" {
		t.Errorf("rows for %v, want a.txt d.txt e.txt", ids)
	}
}
