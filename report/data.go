package report

import "github.com/nmftopics/nmftopics/topics"

// Data is everything a report page shows. WritePage writes it, as JSON,
// into the page's <script type="application/json" id="nmftopics-data">;
// the page's script draws from it alone. The JSON field names are the
// page's contract.
type Data struct {
	Title  string `json:"title"`
	Corpus Corpus `json:"corpus"`
	Fit    Fit    `json:"fit"`
	// Terms are the terms the page can show: the union of every topic's
	// candidates and the corpus's top terms. Topics refer to them by index.
	Terms []Term `json:"terms"`
	// CorpusTerms are the indices into Terms of the corpus's heaviest
	// terms (by Term.Weight, heaviest first): the bars shown when no topic
	// is selected.
	CorpusTerms []int   `json:"corpus_terms"`
	Topics      []Topic `json:"topics"`
	// Sweep, for a report written by sweep, holds its measures per k and
	// the recommended k.
	Sweep *topics.SweepResult `json:"sweep,omitempty"`
}

// Corpus is the header's account of the corpus.
type Corpus struct {
	Documents int `json:"documents"`
	Terms     int `json:"terms"`
	// Skipped counts the documents and paths left out, by kind; nil when
	// not known (a model saved before it was kept).
	Skipped map[string]int `json:"skipped,omitempty"`
}

// Fit is the header's account of the factorization and its measures.
type Fit struct {
	K                 int                `json:"k"`
	Loss              string             `json:"loss"`
	Solver            string             `json:"solver"`
	Iterations        int                `json:"iterations"` // 0 when not known
	RelativeError     float64            `json:"relative_error"`
	ExplainedVariance float64            `json:"explained_variance"`
	SparsityW         float64            `json:"sparsity_w"`
	SparsityH         float64            `json:"sparsity_h"`
	Diversity         float64            `json:"diversity"`
	Coherence         map[string]float64 `json:"coherence"` // mean over topics, by measure
}

// Term is a term of the vocabulary as the page shows it: its most
// frequent surface form, its stem, and its weight in the corpus p(w), the
// term's share of the model's whole reconstructed mass.
type Term struct {
	Surface string  `json:"surface"`
	Stem    string  `json:"stem"`
	Weight  float64 `json:"weight"`
}

// Topic is one topic as the page shows it.
type Topic struct {
	ID int `json:"id"`
	// Share is the topic's share of the corpus: of the total weight of H
	// once W's columns are scaled to sum 1. The shares sum to 1.
	Share float64 `json:"share"`
	// X and Y place the topic on the intertopic map: classical
	// multidimensional scaling of the Jensen–Shannon distances between
	// the topics' term distributions.
	X     float64  `json:"x"`
	Y     float64  `json:"y"`
	Words []string `json:"words"` // top words by weight, surface forms
	// Coherence holds the topic's score by each measure, by name.
	Coherence map[string]float64 `json:"coherence"`
	// Terms are the topic's candidate terms: each [index into Data.Terms,
	// p(w|t), weight], where weight = Share·p(w|t) is the term's weight
	// in the topic on the scale of Term.Weight. The page ranks them by
	// relevance λ·log p(w|t) + (1−λ)·log(p(w|t)/p(w)); they hold every
	// term among the top 30 for any λ in [0, 1] by steps of 0.01.
	Terms [][3]float64 `json:"terms"`
	// Documents are the topic's heaviest documents, heaviest first.
	Documents []Document `json:"documents"`
}

// Document is a document listed under a topic: its id, its weight (its
// share of the document's topic weight: the normalized document-topic
// row), and the start of its text when the text was available.
type Document struct {
	ID      string  `json:"id"`
	Weight  float64 `json:"weight"`
	Snippet string  `json:"snippet,omitempty"`
}
