package corpus

import (
	"compress/gzip"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRecordsBadInput(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"good.jsonl":   "{\"id\": \"a\", \"text\": \"first\"}\n\n{not json}\n{\"text\": 3}\n{\"text\": \"no id\"}\r\n",
		"notext.jsonl": "{\"body\": \"x\"}\n{\"body\": \"y\"}\n",
		"dup.jsonl":    "{\"id\": 7, \"text\": \"a\"}\n{\"id\": 7, \"text\": \"b\"}\n",
		"good.csv":     "id,text\n1,one\n2\n3,\"three,\nlines\"\n4,four\n",
		"nocol.csv":    "id,body\n1,one\n",
		"other.CSV":    "text\nx\n",
	})
	p := func(name string) string { return filepath.Join(dir, name) }

	docs, sum, err := Options{}.List(p("good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range docs {
		got = append(got, d.ID+"="+string(d.Text))
	}
	if want := "a=first good.jsonl:5=no id"; strings.Join(got, " ") != want {
		t.Errorf("jsonl: %q, want %q", strings.Join(got, " "), want)
	}
	if sum.Invalid != 2 || fmt.Sprint(sum.First(SkipInvalid)) != "[good.jsonl:3 good.jsonl:4]" || sum.Formats.JSONL != 2 {
		t.Errorf("jsonl summary: %d invalid %v, formats %+v", sum.Invalid, sum.First(SkipInvalid), sum.Formats)
	}
	_, _, err = Options{Strict: true}.List(p("good.jsonl"))
	var se *SkipError
	if !errors.As(err, &se) || se.Path != "good.jsonl:3" || se.Kind != SkipInvalid {
		t.Errorf("strict jsonl: err %v, want the invalid line named", err)
	}

	docs, sum, err = Options{}.List(p("good.csv"))
	got = got[:0]
	for _, d := range docs {
		got = append(got, d.ID+"="+string(d.Text))
	}
	if want := "1=one 3=three,\nlines 4=four"; err != nil || strings.Join(got, " ") != want {
		t.Errorf("csv: %q %v, want %q", strings.Join(got, " "), err, want)
	}
	if sum.Invalid != 1 || fmt.Sprint(sum.First(SkipInvalid)) != "[good.csv:3]" {
		t.Errorf("csv: short row %d %v, want good.csv:3", sum.Invalid, sum.First(SkipInvalid))
	}

	for name, want := range map[string]string{
		"notext.jsonl": `notext.jsonl: no record has a string field "text"`,
		"dup.jsonl":    `document id "7" is both dup.jsonl:1 and dup.jsonl:2`,
		"nocol.csv":    `nocol.csv: no column "text" in the header`,
	} {
		if _, _, err := (Options{}).List(p(name)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err %v, want %q", name, err, want)
		}
	}
	// Other field names; Auto by extension, case aside; File reads a
	// .csv as one document.
	docs, _, err = Options{TextField: "body", IDField: "none"}.List(p("notext.jsonl"))
	if err != nil || len(docs) != 2 || docs[1].ID != "notext.jsonl:2" || string(docs[1].Text) != "y" {
		t.Errorf("--text-field body: %v %v", docs, err)
	}
	if docs, _, err = (Options{}).List(p("other.CSV")); err != nil || len(docs) != 1 || string(docs[0].Text) != "x" {
		t.Errorf("other.CSV: %v %v", docs, err)
	}
	if docs, sum, err = (Options{Format: File}).List(p("good.csv")); err != nil || len(docs) != 1 || docs[0].Text != nil || sum.Formats.File != 1 {
		t.Errorf("file format: %v %+v %v", docs, sum.Formats, err)
	}
	for _, s := range []string{"auto", "file", "lines", "jsonl", "csv", "mbox"} {
		if f, err := ParseFormat(s); err != nil || f.String() != s {
			t.Errorf("ParseFormat(%q) = %v, %v", s, f, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("ParseFormat(xml): no error")
	}
}

func TestReadGzipFile(t *testing.T) {
	dir := t.TempDir()
	var zipped strings.Builder
	zw := gzip.NewWriter(&zipped)
	big := strings.Repeat("compressed words here\n", ChunkSize/10) // streamed: seeks back to the start
	zw.Write([]byte(big))
	zw.Close()
	writeTree(t, dir, map[string]string{"a.txt.gz": zipped.String(), "bad.gz": "not gzip"})
	docs, err := List(dir)
	if err != nil || len(docs) != 2 {
		t.Fatalf("%v %v", docs, err)
	}
	var r Reader
	got, enc, chunks, err := readAll(t, &r, docs[0])
	if err != nil || enc != UTF8 || got != big || chunks < 2 {
		t.Errorf("a.txt.gz: equal %v, %v %d chunks, %v", got == big, enc, chunks, err)
	}
	_, err = r.Read(docs[1], func([]byte) error { return nil })
	if k, ok := SkipOf(err); !ok || k != SkipUnreadable {
		t.Errorf("bad.gz: err %v, want a skip as unreadable", err)
	}
}

func TestMbox(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a.mbox": "preamble, not a message\n\n" +
			"From alice@example.com Thu Dec  3 08:00:00 2026\n" + // line 3
			"From: alice@example.com\nSubject: one\n\nBody with\n>From escaped once\n>>From escaped twice\n" +
			"From a line not after an empty one\n> quoted\n\n" +
			"From bob@example.com Thu Dec  3 08:01:00 2026\r\n" + // line 13
			"Subject: two\r\n\r\nsecond\r\n\r\n" +
			"From empty@example.com Thu Dec  3 08:02:00 2026\n\n\n" + // line 18: no text, no record
			"From last@example.com Thu Dec  3 08:03:00 2026\nlast", // line 21
		"plain.txt": "no From line here\n",
	})
	p := func(name string) string { return filepath.Join(dir, name) }
	docs, sum, err := Options{}.List(p("a.mbox"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a.mbox:3=From: alice@example.com\nSubject: one\n\nBody with\nFrom escaped once\n>From escaped twice\n" +
			"From a line not after an empty one\n> quoted",
		"a.mbox:13=Subject: two\r\n\r\nsecond",
		"a.mbox:21=last",
	}
	var got []string
	for _, d := range docs {
		got = append(got, d.ID+"="+string(d.Text))
	}
	if !slices.Equal(got, want) {
		t.Errorf("messages\n got %q\nwant %q", got, want)
	}
	if sum.Invalid != 1 || fmt.Sprint(sum.First(SkipInvalid)) != "[a.mbox:1]" || sum.Formats.Mbox != 3 {
		t.Errorf("summary: %d invalid %v, formats %+v", sum.Invalid, sum.First(SkipInvalid), sum.Formats)
	}
	_, _, err = Options{Strict: true}.List(p("a.mbox"))
	var se *SkipError
	if !errors.As(err, &se) || se.Path != "a.mbox:1" || se.Kind != SkipInvalid {
		t.Errorf("strict: err %v, want the text before the first message named", err)
	}
	_, _, err = Options{Format: Mbox}.List(p("plain.txt"))
	if err == nil || !strings.Contains(err.Error(), `plain.txt: no line starting "From " (not an mbox file)`) {
		t.Errorf("plain.txt as mbox: err %v", err)
	}
}
