//go:build unix

package batch

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestOutputToFIFOAndSymlink is the regression test for --out /dev/null
// replacing /dev/null with a regular file (the output was renamed over it).
// A FIFO stands in for the device: it must still be a FIFO afterwards and
// carry the output. A symbolic link must stay a link, with the file it
// points to holding the output.
func TestOutputToFIFOAndSymlink(t *testing.T) {
	dir := t.TempDir()
	o := NewOptions("proportion")
	o.Columns["x"], o.Columns["n"] = "x", "n"
	tab := computeCSV(t, "x,n\n1,10\n2,20\n", o)
	var buf bytes.Buffer
	if err := tab.Write(&buf); err != nil {
		t.Fatal(err)
	}
	want := buf.String()

	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- "open: " + err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	out, err := CreateOutput(fifo)
	if err != nil {
		t.Fatal(err)
	}
	if err := out.Commit(tab); err != nil {
		t.Fatalf("FIFO: %v", err)
	}
	// Checked first: had the FIFO been replaced, its reader would wait on
	// the old one for ever.
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO was replaced: %v %v", st.Mode(), err)
	}
	if s := <-got; s != want {
		t.Errorf("FIFO carried %q, want %q", s, want)
	}

	target := filepath.Join(dir, "real.csv")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	out, err = CreateOutput(link)
	if err != nil {
		t.Fatal(err)
	}
	if err := out.Commit(tab); err != nil {
		t.Fatalf("symlink: %v", err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", st.Mode(), err)
	}
	if b, _ := os.ReadFile(target); string(b) != want {
		t.Errorf("the link's target holds %q, want %q", b, want)
	}
}
