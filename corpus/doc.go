// Package corpus finds the documents of a text corpus in folders, files of
// records and standard input, and reads each one as UTF-8 text.
//
// # Model
//
// A corpus is one or more paths: folders, walked recursively, single
// files, or "-" (standard input). A file holds documents in a Format:
// File (the whole file is one Document), Lines (one per line), JSONL (one
// JSON object per line, its text in a field), CSV (a header row, then
// one per row, its text in a column) or Mbox (one per mail message: each
// starts at a "From " line, at the file's start or after an empty line,
// which is not part of its text; ">From " lines lose one '>'); Auto picks
// JSONL for ".jsonl" and ".ndjson", CSV for ".csv", Mbox for ".mbox", and
// File otherwise, and standard input is Lines unless the format is JSONL,
// CSV or Mbox. A file whose name ends in
// ".gz" is read decompressed, its format taken from the name before it.
// A record's Document carries its text in memory (Document.Text), so that
// reading and analysis do not tell records from files; its ID is its id
// field or column (Options.IDField) when it has one, else FILE:LINE (the
// file's own ID and the line the record starts on, "stdin:LINE" for
// standard input; a message's is its "From " line, as a Message-ID may
// repeat across mailboxes), and its Label is the file's. Lines, and
// messages, holding only white space are not records.
//
// For the File format, each file is a Document. Its ID is its slash-separated path relative
// to the root it was found under ("sport/199.txt"; a file given directly has
// its base name as ID) and its Label is the name of the folder that holds it
// ("sport"). Links are followed: a link to a file is a file, and a link to
// a folder is walked as a folder, under the link's name. A Document may also carry its text in memory
// (Document.Text), and is then read like a file.
//
// List finds the documents; a Reader reads them, one at a time, handing
// the text over in chunks. Options.Layout (the format and the fields) is
// what a topic model keeps of the reading, so that documents it is given
// later are read as its own were.
//
// What cannot be a document is skipped and reported, not fatal: a Summary
// counts the paths left out per SkipKind (empty, binary, unreadable,
// dangling, loop, invalid, malformed) and keeps the first few of each, for
// a warning line per kind (Summary.Warnings), and the first of all
// (Summary.FirstSkip). Options.List returns what listing left out;
// Reader.Read's errors say what reading leaves out (SkipOf). A document
// that reads as text but is not what it was said to be (text read as mail
// that is no message) is found by the analysis after reading, whose error
// wraps ErrMalformed (package vectorize counts it as SkipMalformed, named
// with its reason). With Options.Strict, a skip met while listing is an
// error naming the path.
//
// # Invariants
//
//   - Documents come back from List in a stable order: roots in the order
//     given, within a root sorted by file ID (byte order, which is code
//     point order), and a file's records in the file's order, so that
//     column j of every matrix built from a corpus is the same document on
//     every run and every machine.
//   - The same documents give the same texts through every format: a
//     folder of files, lines, JSONL, CSV, mbox messages (once the framing
//     is removed), standard input, compressed or not.
//   - List never returns two documents with the same ID; two different files
//     (or records) that would share one are an error that names both.
//   - Names starting with "." (".git", ".DS_Store") are not part of a corpus.
//   - A walk ends: a folder whose real path (links resolved) is one of the
//     folders on the walk's own path to it is not walked again, and is
//     counted in Summary.Loop. The same folder reached by two paths that do
//     not loop is listed under both.
//   - A root that does not exist or cannot be read is an error; below a
//     root, a dangling link, an unreadable folder or a loop is skipped.
//   - List only lists: it reads each folder once and opens no file of
//     format File (a file's type is asked of the system only when the
//     folder's listing does not give it, or for a link); files of records
//     are read whole when listed. A record that cannot be parsed (invalid
//     JSON, a CSV row shorter than its columns, no text field, text before
//     an mbox file's first "From " line) is skipped
//     and counted in Summary.Invalid as FILE:LINE; a CSV file without the
//     text column, or a JSONL file none of whose records has the text
//     field, or a file read as Mbox without a "From " line, is an error
//     naming the file. Empty files and files holding a NUL byte
//     are found when read (Reader.Read returns ErrEmpty or ErrBinary), left
//     out, and counted in Summary.Empty and Summary.Binary.
//   - Text handed to callers is always valid UTF-8: a file that starts with
//     a UTF-16 byte order mark (little- or big-endian) is decoded from
//     UTF-16 (Summary.UTF16 counts them); a UTF-8 byte order mark is left
//     out; a file that is not valid UTF-8 is decoded from the charset it
//     declares, if any (Summary.Charsets counts them by name), else as
//     Windows-1252 (Summary.Windows1252 counts them), so a stray Latin-1
//     pound sign stays a pound sign. The mark is looked for before NUL
//     bytes: UTF-16 text holds them, and a file is binary when its decoded
//     text holds one.
//   - A declared charset is the Content-Type of the mail header block a
//     document starts with (net/mail, mime.ParseMediaType), else an HTML
//     <meta charset> or <meta http-equiv="Content-Type"> in its first 1024
//     bytes (golang.org/x/net/html/charset's prescan), whatever the
//     content setting: decoding comes before any char filter, and a
//     declaration is better evidence than the fallback. Names are the
//     WHATWG encoding standard's (golang.org/x/text); an unknown name, or
//     UTF-8 declared on bytes that are not, leaves the fallback. Valid
//     UTF-8 holding a byte above 127 stays UTF-8 whatever it declares
//     (UTF-8 labelled Latin-1 is common, Latin-1 that happens to be valid
//     UTF-8 is rare), so every UTF-8 document reads as it did; 7-bit text
//     is decoded only when it declares ISO-2022-JP and holds its escape
//     byte. A mbox file's messages each declare their own. Decode applies
//     the same rule to a MIME part and its charset.
//   - Memory is bounded whatever a file's size, for the File format (files
//     of records are held in memory, as their documents' texts): files up
//     to ChunkSize bytes are read whole; larger ones are streamed in chunks cut at white space
//     (a run of more than ChunkSize bytes without white space is cut at a
//     rune boundary).
package corpus
