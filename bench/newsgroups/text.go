package main

import (
	"strings"
	"unicode/utf8"
)

// maxPiece is the length past which a paragraph is split at sentence ends
// (-piece).
var maxPiece = 700

const (
	lineWidth = 72  // columns a post's text is wrapped to
	minUnit   = 160 // a unit holds at least this many characters when it can
)

// unitsOf turns paragraphs into units: table rows are kept line by line and
// gathered into one block, long paragraphs are split at sentence ends,
// prose is wrapped, and units shorter than minUnit are merged with the next.
func unitsOf(paras []string) []unit {
	var pieces [][]string // each a paragraph's lines
	var rows []string
	for _, p := range paras {
		if isRow(p) {
			rows = append(rows, p)
			continue
		}
		if len(rows) > 0 {
			pieces, rows = append(pieces, rows), nil
		}
		for _, s := range splitLong(strings.Join(strings.Fields(p), " ")) {
			pieces = append(pieces, wrap(s, lineWidth))
		}
	}
	if len(rows) > 0 {
		pieces = append(pieces, rows)
	}
	var units []unit
	var cur unit
	size := 0
	for _, lines := range pieces {
		if len(cur) > 0 {
			cur = append(cur, "")
		}
		cur = append(cur, lines...)
		size += len(strings.Join(lines, " "))
		if size >= minUnit {
			units, cur, size = append(units, cur), nil, 0
		}
	}
	if len(cur) > 0 {
		if len(units) > 0 { // a short tail joins the unit before it
			last := &units[len(units)-1]
			*last = append(append(*last, ""), cur...)
		} else {
			units = append(units, cur)
		}
	}
	return units
}

// isRow reports whether a paragraph is a table row: one short line without
// a final stop.
func isRow(p string) bool {
	return !strings.Contains(p, "\n") && len(p) < 60 && !strings.HasSuffix(p, ".")
}

// splitLong splits a paragraph longer than maxPiece at sentence ends into
// pieces of about half maxPiece or more.
func splitLong(p string) []string {
	if len(p) <= maxPiece {
		return []string{p}
	}
	var out []string
	start := 0
	for i := 0; i+2 < len(p); i++ {
		if (p[i] == '.' || p[i] == '?' || p[i] == '!') && p[i+1] == ' ' &&
			i+1-start >= maxPiece/2 && len(p)-(i+2) >= maxPiece/4 {
			out = append(out, p[start:i+1])
			start = i + 2
		}
	}
	return append(out, p[start:])
}

// wrap breaks text into lines of at most width columns (longer words stand
// alone on their line).
func wrap(text string, width int) []string {
	var lines []string
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(text) {
		wn := utf8.RuneCountInString(w)
		if n > 0 && n+1+wn > width {
			lines = append(lines, b.String())
			b.Reset()
			n = 0
		}
		if n > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += wn
	}
	if n > 0 {
		lines = append(lines, b.String())
	}
	return lines
}
