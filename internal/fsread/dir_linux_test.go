package fsread

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"
)

// record is a struct linux_dirent64 as the kernel writes it: the header,
// the name and a NUL, padded to 8 bytes.
func record(name []byte, dtype byte) []byte {
	reclen := (direntHeader + len(name) + 1 + 7) &^ 7
	b := make([]byte, reclen)
	binary.NativeEndian.PutUint64(b, 1)
	binary.NativeEndian.PutUint16(b[16:], uint16(reclen))
	b[18] = dtype
	copy(b[direntHeader:], name)
	return b
}

type dirent struct {
	name  string
	dtype byte
}

func parseAll(buf []byte) ([]dirent, error) {
	var out []dirent
	err := parseDirents(buf, func(name []byte, dtype byte) error {
		out = append(out, dirent{string(name), dtype})
		return nil
	})
	return out, err
}

func TestParseDirents(t *testing.T) {
	var buf []byte
	for _, d := range []dirent{{".", 4}, {"..", 4}, {"a.txt", 8}, {"folder", 4}, {"", 8}, {"exactly8", 0}} {
		buf = append(buf, record([]byte(d.name), d.dtype)...)
	}
	buf = append(buf, 1, 2, 3) // too few for a header: left
	got, err := parseAll(buf)
	want := []dirent{{".", 4}, {"..", 4}, {"a.txt", 8}, {"folder", 4}, {"exactly8", 0}} // an empty name is no entry
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("got %v, %v; want %v", got, err, want)
	}

	short := record([]byte("x"), 8)
	binary.NativeEndian.PutUint16(short[16:], direntHeader-1)
	long := record([]byte("x"), 8)
	binary.NativeEndian.PutUint16(long[16:], uint16(len(long)+1))
	for _, b := range [][]byte{short, long} {
		if _, err := parseAll(b); err != errDirent {
			t.Errorf("record length %d of %d: err %v, want errDirent", binary.NativeEndian.Uint16(b[16:]), len(b), err)
		}
	}
}

// FuzzParseDirents: names encoded as the kernel encodes them are read back
// with their types, and any buffer at all is read without a panic into
// names that are not empty and hold no NUL.
func FuzzParseDirents(f *testing.F) {
	f.Add([]byte("a.txt/folder/.hidden"), byte(8))
	f.Add([]byte("\x13\x00\x04x"), byte(4))
	f.Add(record([]byte("n"), 8), byte(0))
	f.Fuzz(func(t *testing.T, data []byte, dtype byte) {
		var buf []byte
		var want []dirent
		for name := range bytes.SplitSeq(data, []byte("/")) {
			if len(name) > 0 && bytes.IndexByte(name, 0) < 0 && len(name) < 1<<15 {
				buf = append(buf, record(name, dtype)...)
				want = append(want, dirent{string(name), dtype})
			}
		}
		if got, err := parseAll(buf); err != nil || !slices.Equal(got, want) {
			t.Fatalf("got %q, %v; want %q", got, err, want)
		}

		err := parseDirents(data, func(name []byte, _ byte) error {
			if len(name) == 0 || bytes.IndexByte(name, 0) >= 0 {
				t.Fatalf("name %q", name)
			}
			return nil
		})
		if err != nil && err != errDirent {
			t.Fatal(err)
		}
	})
}
