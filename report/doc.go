// Package report writes a fitted topic model as one self-contained HTML
// page: an intertopic map, each topic's terms ranked by relevance with a
// λ slider, its heaviest documents, coherence, a sortable table of all
// topics, a search box and, for a sweep, its measures against k.
//
// The page holds everything inline (script, style, data as JSON) and
// opens from file:// with no network. New computes the page's Data from a
// model; WritePage writes it.
package report
