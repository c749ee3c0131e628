package report

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strings"
)

// The page's parts: a skeleton with the places of the title, the style,
// the data and the script; kept as files to be read and edited as what
// they are.
var (
	//go:embed assets/page.html
	skeleton string
	//go:embed assets/page.css
	style string
	//go:embed assets/page.js
	script string
)

// WritePage writes d as one self-contained HTML page.
//
// The data goes into a JSON script element. encoding/json escapes <, >
// and & (and U+2028, U+2029) in strings, so no text of a document can end
// the element; the script sets text from it as text.
func WritePage(w io.Writer, d *Data) error {
	data, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	parts := map[string]string{
		"title":  html.EscapeString(d.Title),
		"style":  style,
		"data":   string(data),
		"script": script,
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	rest := skeleton
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(rest[i:], "}}")
		part, ok := parts[rest[i+2:i+j]]
		if j < 0 || !ok {
			return fmt.Errorf("report: the page's skeleton has an unknown place %.20q", rest[i:])
		}
		bw.WriteString(rest[:i])
		bw.WriteString(part)
		rest = rest[i+j+2:]
	}
	bw.WriteString(rest)
	return bw.Flush()
}
