//go:build linux

package batch

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"
)

// openFDs counts this process's open descriptors.
func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	return len(ents)
}

// TestPrepareReplacedKeepsContent prepares a file that is about to be
// replaced: its content must be unchanged, no descriptor may be left open
// once the function it gives has run, and a path that does not exist must
// give a function too.
func TestPrepareReplacedKeepsContent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "earlier.csv")
	want := bytes.Repeat([]byte("area,x,n\n"), 100000)
	if err := os.WriteFile(path, want, 0o644); err != nil {
		t.Fatal(err)
	}
	before := openFDs(t)
	release := <-prepareReplaced(path)
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("after preparing: %d bytes, want %d (%v)", len(got), len(want), err)
	}
	// The rename's part: the file is unlinked while held.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	release()
	if after := openFDs(t); after != before {
		t.Errorf("%d descriptors open after the release, %d before", after, before)
	}
	(<-prepareReplaced(filepath.Join(dir, "missing.csv")))()
}

// TestHoldOpen checks that a file registered with an io_uring instance
// stays referenced by it, not by the descriptor given (closed here), and
// that closing the instance leaves nothing open. It is skipped where
// io_uring is not available (prepareReplaced then does without).
func TestHoldOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "held.csv")
	if err := os.WriteFile(path, []byte("x,n\n1,10\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := openFDs(t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ring, ok := holdOpen(f)
	f.Close()
	if !ok {
		t.Skip("no io_uring here")
	}
	// The instance lists the file it holds, by name, also once unlinked.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	info, err := os.ReadFile(filepath.Join("/proc/self/fdinfo", strconv.Itoa(ring)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(info, []byte(filepath.Base(path))) {
		t.Errorf("the io_uring instance does not list the held file:\n%s", info)
	}
	if err := unix.Close(ring); err != nil {
		t.Fatal(err)
	}
	if after := openFDs(t); after != before {
		t.Errorf("%d descriptors open after closing the instance, %d before", after, before)
	}
}
