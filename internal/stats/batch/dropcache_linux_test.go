//go:build linux

package batch

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestDropCachedPagesKeepsContent drops the cache of a file that is about
// to be replaced: its content must be unchanged, and the channel must
// close also for a path that does not exist.
func TestDropCachedPagesKeepsContent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "earlier.csv")
	want := bytes.Repeat([]byte("area,x,n\n"), 100000)
	if err := os.WriteFile(path, want, 0o644); err != nil {
		t.Fatal(err)
	}
	<-dropCachedPages(path)
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("after dropping the cache: %d bytes, want %d (%v)", len(got), len(want), err)
	}
	<-dropCachedPages(filepath.Join(dir, "missing.csv"))
}
