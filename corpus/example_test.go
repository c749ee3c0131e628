package corpus_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"

	"github.com/nmftopics/nmftopics/corpus"
)

// List a folder of documents, one subfolder per theme, and read them all.
func Example() {
	docs, err := corpus.List("../testdata/corpus")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(docs), "documents, from", docs[0].ID, "to", docs[len(docs)-1].ID)

	perLabel := make(map[string]int)
	words := 0
	var r corpus.Reader
	for _, d := range docs {
		perLabel[d.Label]++
		_, err := r.Read(d, func(text []byte) error {
			words += len(bytes.Fields(text))
			return nil
		})
		if err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(perLabel)
	fmt.Println(words, "words")
	// Output:
	// 48 documents, from cooking/01.txt to space/12.txt
	// map[cooking:12 football:12 markets:12 space:12]
	// 4679 words
}

// Read documents held in memory: text that is not UTF-8 is decoded as
// Windows-1252, and an empty document is left out.
func ExampleReader_Read() {
	var r corpus.Reader
	for _, d := range []corpus.Document{
		{ID: "utf8", Text: []byte("café au lait")},
		{ID: "latin1", Text: []byte("caf\xe9 cr\xe8me")},
		{ID: "empty", Text: []byte{}},
	} {
		enc, err := r.Read(d, func(text []byte) error {
			fmt.Printf("%s: %q", d.ID, text)
			return nil
		})
		switch {
		case errors.Is(err, corpus.ErrEmpty):
			fmt.Printf("%s: left out (%v)\n", d.ID, err)
		case err != nil:
			log.Fatal(err)
		default:
			fmt.Println(",", enc)
		}
	}
	// Output:
	// utf8: "café au lait", utf-8
	// latin1: "café crème", windows-1252
	// empty: left out (empty file)
}
