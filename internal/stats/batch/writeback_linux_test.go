//go:build linux

package batch

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestOutputWriteback checks when writeback is started early: only for a
// regular file that replaces an earlier one.
func TestOutputWriteback(t *testing.T) {
	if outputWriteback(&bytes.Buffer{}, true) != nil {
		t.Error("early writeback for a buffer")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	fresh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if outputWriteback(fresh, false) != nil {
		t.Error("early writeback for a new file")
	}
	if outputWriteback(fresh, true) == nil {
		t.Error("no early writeback for a file to be renamed over another")
	}
	if _, err := fresh.WriteString("earlier output\n"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond) // the truncation's change time must follow the creation
	again, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	var st unix.Statx_t
	if err := unix.Statx(unix.AT_FDCWD, path, 0, unix.STATX_BTIME, &st); err != nil || st.Mask&unix.STATX_BTIME == 0 {
		t.Skip("the file system does not record creation times")
	}
	wrote := outputWriteback(again, false)
	if wrote == nil {
		t.Fatal("no early writeback for a truncated existing file")
	}
	// Writes go on as usual, over several of the ranges it starts.
	data := bytes.Repeat([]byte("0123456789abcdef"), 200000)
	for p := 0; p < len(data); p += 300000 {
		n, err := again.Write(data[p:min(p+300000, len(data))])
		if err != nil {
			t.Fatal(err)
		}
		wrote(n)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("file holds %d bytes, want %d (%v)", len(got), len(data), err)
	}
}
