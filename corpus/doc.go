// Package corpus finds the documents of a text corpus in folders and reads
// each one as UTF-8 text.
//
// # Model
//
// A corpus is one or more paths: folders, walked recursively, or single
// files. Each file is a Document. Its ID is its slash-separated path relative
// to the root it was found under ("sport/199.txt"; a file given directly has
// its base name as ID) and its Label is the name of the folder that holds it
// ("sport"). A link is followed when it leads to a file, and a link to a
// folder is not walked. A Document may also carry its text in memory
// (Document.Text), and is then read like a file.
//
// List finds the documents; a Reader reads them, one at a time, handing
// the text over in chunks.
//
// # Invariants
//
//   - Documents come back from List in a stable order: roots in the order
//     given, and within a root sorted by ID (byte order, which is code
//     point order), so that column j of every matrix built from a corpus is
//     the same document on every run and every machine.
//   - List never returns two documents with the same ID; two different files
//     that would share one are an error that names both.
//   - Names starting with "." (".git", ".DS_Store") are not part of a corpus.
//   - List only lists: it reads each folder once and opens no file (a
//     file's type is asked of the system only when the folder's listing does
//     not give it, or for a link). Empty files and files holding a NUL byte
//     are found when read (Reader.Read returns ErrEmpty or ErrBinary), left
//     out, and counted in Summary.Empty and Summary.Binary.
//   - Text handed to callers is always valid UTF-8: a file that is not valid
//     UTF-8 is decoded as Windows-1252 instead (Summary.Windows1252 counts
//     them), so a stray Latin-1 pound sign stays a pound sign.
//   - Memory is bounded whatever a file's size: files up to ChunkSize bytes
//     are read whole; larger ones are streamed in chunks cut at white space
//     (a run of more than ChunkSize bytes without white space is cut at a
//     rune boundary).
package corpus
