// Package wordmemo keeps tables keyed by byte strings, such as the words of
// a corpus, for counting them fast: Table numbers strings in the order
// first met, with a value each; Memo remembers a pair of int32 numbers for
// each string (what analyzing a word gave), for several goroutines at once.
// A Key is a string hashed once for all the tables it is looked up in:
// KeyOf(b) stands for b, and Folder.Key for an ASCII word lower-cased, read
// from the text 16 bytes at a time.
//
// Each is the equal of a plain version beside it, the definition that its
// tests and fuzz targets compare it with: Table of PlainTable, a map from
// each string to its number; a Memo, seen through one Reader, of Plain, a
// map from each string to its numbers; Folder.Key(word, text) of
// KeyOf(PlainFold(nil, word)). Every string is a key, whatever its length
// or bytes (empty, long, holding zero bytes or invalid UTF-8).
//
// Concurrency. A Table, a Folder and a Reader are each used by one
// goroutine at a time. A Memo is shared: each goroutine reads and writes it
// through its own Reader. Reader.Find takes no lock and may run at any
// time, even while another reader learns. Reader.Learn writes, and the
// calls to Learn of all the readers of one memo must not overlap: the
// caller holds one lock across each (vectorize holds its dictionary's,
// under which it also numbers the word). That is safe because:
//
//   - the keys of 1 to 16 bytes with no zero byte live in a shared
//     open-addressing table whose slots hold their key and numbers; a slot
//     is written once, its numbers and the key's second word first, then
//     the key's first word, atomically, which publishes it. A reader loads
//     the first word atomically and reads the rest only when it is the key
//     it looks for, and so non-zero: published whole.
//   - when the shared table grows, the new one is filled first and then
//     published whole by an atomic pointer store; the old one is never
//     written again. A reader whose view is out of date sees fewer keys,
//     so it misses, and Learn looks again in the latest table before it
//     adds a key, so no key is added twice.
//   - the other keys (empty, over 16 bytes, or holding a zero byte, which
//     could not be told from the padding) live in each reader's own Table,
//     which no other goroutine touches.
//
// Invariant: for a number function that gives the same numbers for a key
// every time (vectorize's dictionary numbers a word once and for all),
// Find returns either nothing or those numbers, and Learn returns them,
// calling number at most once per key and reader (for a shared key, once
// per memo) — what a plain map of the key's bytes would return. Seen
// through one reader alone, a Memo answers Find and Learn exactly as Plain
// does.
package wordmemo
