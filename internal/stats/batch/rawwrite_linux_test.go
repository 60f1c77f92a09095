//go:build linux

package batch

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestPlainFileWriter checks that only regular files get the plain writer,
// that it writes everything it is given, and that its errors name the file
// like os.File's.
func TestPlainFileWriter(t *testing.T) {
	var buf bytes.Buffer
	if w := plainFileWriter(&buf); w != &buf {
		t.Errorf("a buffer got %T", w)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if got := plainFileWriter(w); got != w {
		t.Errorf("a pipe got %T", got)
	}

	path := filepath.Join(t.TempDir(), "out.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	pw := plainFileWriter(f)
	if _, ok := pw.(rawFileWriter); !ok {
		t.Fatalf("a regular file got %T", pw)
	}
	want := bytes.Repeat([]byte("E01,1,2,0.5\n"), 300000) // several megabytes
	for _, part := range [][]byte{want[:7], want[7 : 1<<20], want[1<<20:]} {
		if n, err := pw.Write(part); n != len(part) || err != nil {
			t.Fatalf("wrote %d of %d: %v", n, len(part), err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, want) {
		t.Fatalf("file holds %d bytes, want %d", len(got), len(want))
	}

	ro, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	_, rawErr := plainFileWriter(ro).Write([]byte("x"))
	_, fileErr := ro.Write([]byte("x"))
	if !errors.Is(rawErr, syscall.EBADF) || rawErr.Error() != fileErr.Error() {
		t.Errorf("writing to a read-only file: %v, os.File says %v", rawErr, fileErr)
	}
}
