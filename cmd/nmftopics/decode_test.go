package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// charsetFixtures are corpus's fixtures of declared charsets.
const charsetFixtures = "../../corpus/testdata/charset"

// TestDeclaredCharsetsReported: documents decoded from the charset they
// declare are counted by its name, in vectorize's and fit's summary line
// and in fit --json's "decoded", and their words are read right.
func TestDeclaredCharsetsReported(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"koi8r-mail.txt", "latin2-meta.html", "http-equiv.html", "unknown-charset.txt"} {
		b, err := os.ReadFile(filepath.Join(charsetFixtures, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	vocab := filepath.Join(t.TempDir(), "vocab.txt")
	code, _, stderr := runCLI(t, "vectorize", "--no-stem", "--min-df", "1", "--vocab", vocab, dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"1 decoded as Windows-1252", "1 decoded from iso-8859-2", "1 decoded from koi8-r", "1 decoded from windows-1251"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("summary line lacks %q: %s", want, stderr)
		}
	}
	v := lines(t, vocab)
	for _, w := range []string{"москве", "łódź", "киеве", "jalapeño"} {
		if !slices.Contains(v, w) {
			t.Errorf("%q not in the vocabulary", w)
		}
	}
	out := filepath.Join(t.TempDir(), "fit.json")
	if code, _, stderr := runCLI(t, "fit", "-k", "2", "--min-df", "1", "--json", out, dir); code != 0 {
		t.Fatalf("fit: exit %d: %s", code, stderr)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Corpus corpusReport `json:"corpus"`
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	d := rep.Corpus.Decoded
	if d["koi8-r"] != 1 || d["iso-8859-2"] != 1 || d["windows-1251"] != 1 || d["windows-1252"] != 1 || d["utf-16"] != 0 || len(d) != 5 {
		t.Errorf("decoded: %v", d)
	}
}

// TestMalformedMessagesSkipped: with --content mail, a document that is no
// message is skipped and reported (warning, summary line, fit --json),
// named by its file or its mbox record's FILE:LINE with the reason;
// --strict makes it an error; --content auto reads it as plain text.
func TestMalformedMessagesSkipped(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"good1.txt": "From: ann@example.org\nSubject: escrow keys\n\nescrow agencies collude\n",
		"good2.txt": "From: bob@example.org\nSubject: clipper chips\n\nwiretap warrants and escrow\n",
		"bad.txt":   "just a note about escrow, no header at all\n",
		"box.mbox": "From ann@example.org Mon Apr 19 10:00:00 1993\nFrom: ann@example.org\nSubject: chips\n\nclipper escrow\n\n" +
			"From bob@example.org Mon Apr 19 11:00:00 1993\nnot a header line\n\nwiretap words\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := runCLI(t, "vectorize", "--content", "mail", "--min-df", "1", "--mtx", os.DevNull, dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"corpus: 2 skipped as malformed: " + filepath.Join(dir, "bad.txt") + " (line 1 is neither a header field nor a continuation), box.mbox:7 (line 1 is",
		"vectorize: 3 documents, ", "2 skipped (0 empty, 0 binary, 2 malformed)",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	code, _, stderr = runCLI(t, "vectorize", "--content", "mail", "--strict", "--mtx", os.DevNull, dir)
	if code == 0 || !strings.Contains(stderr, "bad.txt (line 1 is neither a header field nor a continuation): malformed (--strict)") {
		t.Errorf("--strict: exit %d, %s", code, stderr)
	}
	code, _, stderr = runCLI(t, "vectorize", "--min-df", "1", "--mtx", os.DevNull, dir)
	if code != 0 || !strings.Contains(stderr, "5 documents, ") || strings.Contains(stderr, "malformed") {
		t.Errorf("--content auto: exit %d, %s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "fit.json")
	code, _, stderr = runCLI(t, "fit", "-k", "2", "--min-df", "1", "--content", "mail", "--json", out, dir)
	if code != 0 || !strings.Contains(stderr, "corpus: 2 skipped as malformed") || !strings.Contains(stderr, "fit: 3 documents") {
		t.Fatalf("fit: exit %d: %s", code, stderr)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Corpus corpusReport `json:"corpus"`
	}
	if err := json.Unmarshal(raw, &rep); err != nil || rep.Corpus.Skipped["malformed"] != 2 || rep.Corpus.Documents != 3 {
		t.Errorf("corpus section %+v (%v)", rep.Corpus, err)
	}
}

// TestTransformReadsAsTheModel: transform reads new documents in the
// format and fields the model's documents were read in, unless its own
// flags say otherwise.
func TestTransformReadsAsTheModel(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, keys ...string) string {
		var b strings.Builder
		texts := []string{"escrow keys and clipper chips", "pasta sauce with basil and garlic", "escrow agencies wiretap chips", "garlic bread and basil pasta"}
		for i, k := range keys {
			rec, _ := json.Marshal(map[string]string{"body": texts[i%len(texts)], "key": k})
			b.Write(rec)
			b.WriteByte('\n')
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	train := write("train.txt", "a", "b", "c", "d") // .txt: auto would read it as one file
	fresh := write("new.txt", "n1", "n2")
	model := filepath.Join(t.TempDir(), "m.json")
	if code, _, stderr := runCLI(t, "fit", "-k", "2", "--min-df", "1", "--format", "jsonl", "--text-field", "body", "--id-field", "key", "--save", model, train); code != 0 {
		t.Fatalf("fit: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "transform", "--model", model, fresh)
	if code != 0 || !strings.Contains(stdout, "\nn1,") || !strings.Contains(stdout, "\nn2,") {
		t.Errorf("transform: exit %d: %s%s", code, stdout, stderr)
	}
	// An explicit --format wins over the model's.
	code, stdout, stderr = runCLI(t, "transform", "--model", model, "--format", "file", fresh)
	if code != 0 || !strings.Contains(stdout, "\nnew.txt,") || strings.Contains(stdout, "n1,") {
		t.Errorf("transform --format file: exit %d: %s%s", code, stdout, stderr)
	}
}

// TestCoherenceCorpusReadAsTraining: --coherence-corpus is read with the
// training documents' --format, --text-field and --id-field.
func TestCoherenceCorpusReadAsTraining(t *testing.T) {
	dir := t.TempDir()
	csvText := "key,body\n1,escrow keys and clipper chips\n2,pasta sauce with basil and garlic\n3,escrow agencies wiretap chips\n4,garlic bread and basil pasta\n"
	for _, name := range []string{"train.csv", "coherence.csv"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(csvText), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := runCLI(t, "fit", "-k", "2", "--min-df", "1", "--format", "csv", "--text-field", "body", "--id-field", "key",
		"--coherence-corpus", filepath.Join(dir, "coherence.csv"), filepath.Join(dir, "train.csv"))
	if code != 0 {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
