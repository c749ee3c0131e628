package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html"
)

// DataElementID is the id of the page's script element that holds its
// Data as JSON.
const DataElementID = "nmftopics-data"

// ReadData reads the Data of a page that WritePage wrote: for scripts
// that use a report's numbers, and for tests.
func ReadData(r io.Reader) (*Data, error) {
	doc, err := html.Parse(r)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	script := findByID(doc, DataElementID)
	if script == nil || script.FirstChild == nil {
		return nil, errors.New("report: no data in the page (no script element with id " + DataElementID + ")")
	}
	var text strings.Builder
	for c := script.FirstChild; c != nil; c = c.NextSibling {
		text.WriteString(c.Data)
	}
	d := &Data{}
	if err := json.Unmarshal([]byte(text.String()), d); err != nil {
		return nil, fmt.Errorf("report: the page's data: %w", err)
	}
	return d, nil
}

// findByID returns the first element under n with the id given.
func findByID(n *html.Node, id string) *html.Node {
	if n.Type == html.ElementNode {
		for _, a := range n.Attr {
			if a.Key == "id" && a.Val == id {
				return n
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if found := findByID(c, id); found != nil {
			return found
		}
	}
	return nil
}
