// Package report writes a fitted topic model as one self-contained HTML
// page: an intertopic map, each topic's terms ranked by relevance with a
// λ slider, its heaviest documents with the start of their text,
// coherence, a sortable table of all topics, a search box and, for a
// sweep, its measures against k.
//
// New computes the page's Data from a model (and Snippets, from the
// documents, the text under each listed document); WritePage writes it;
// ReadData reads it back. The page's script draws from the Data alone.
//
// The model behind the page, as LDAvis (Sievert and Shirley 2014) reads
// LDA, but from W and the topics' shares:
//   - p(w|t) is W's column t scaled to sum 1; a topic's share p(t) is its
//     part of the corpus's topic weight (topics.Topic.Share); the corpus's
//     term weights are p(w) = Σ_t p(t) p(w|t), the term's part of the
//     model's reconstruction of the corpus. A term's bar shows p(t) p(w|t)
//     against p(w): the part of the term that the topic explains.
//   - Relevance is λ log p(w|t) + (1−λ) log(p(w|t)/p(w)).
//   - Topics are placed by classical scaling (ClassicalScaling) of the
//     Jensen–Shannon distances between their p(·|t) (JensenShannon).
//
// Invariants:
//   - The page needs nothing outside its file: no network, no fonts, no
//     images; its data cannot end its script element (JSON escapes <, >
//     and &), and the script writes text, never markup, from it.
//   - A topic's candidate terms (Topic.Terms) hold its top Bars terms by
//     relevance at every λ = i/100, so the slider shows what ranking the
//     whole vocabulary would; they are a few hundred at most, so a page
//     stays small (about 250 KB for 20 topics of 100,000 reviews) whatever
//     the vocabulary and the corpus.
//   - The same model and documents give the same bytes.
package report
