package batch

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// jitterWriter collects writes, yielding now and then so that the
// formatters overtake the writer and each other in varying orders.
type jitterWriter struct {
	buf    bytes.Buffer
	writes int
	failAt int // fail on this write (1-based); 0: never
}

var errWriteFailed = errors.New("disk full")

func (w *jitterWriter) Write(p []byte) (int, error) {
	w.writes++
	if w.writes == w.failAt {
		return 0, errWriteFailed
	}
	if w.writes%3 == 0 {
		runtime.Gosched()
	}
	return w.buf.Write(p)
}

// numberedOutput has rows of uneven length (so that block buffers differ
// in size) that say which row they are; columns or a block function.
func numberedOutput(rows int, useBlock bool) *Table {
	o := &Table{rows: rows}
	o.add("row", func(b []byte, i int) []byte { return strconv.AppendInt(b, int64(i), 10) })
	o.add("pad", func(b []byte, i int) []byte { return append(b, bytes.Repeat([]byte{'x'}, i%37)...) })
	if useBlock {
		o.block = func(b []byte, lo, hi int) []byte {
			for i := lo; i < hi; i++ {
				b = append(strconv.AppendInt(b, int64(i), 10), ',')
				b = append(append(b, bytes.Repeat([]byte{'x'}, i%37)...), '\n')
			}
			return b
		}
	}
	return o
}

// TestWriteBlocksInOrder writes the same table on 1 to 5 workers with
// blocks of several sizes, spanning many blocks: the bytes must equal the
// one-worker output, rows in order, the header once.
func TestWriteBlocksInOrder(t *testing.T) {
	for _, useBlock := range []bool{false, true} {
		for _, rows := range []int{0, 1, 5, 1000, 20011} {
			var want bytes.Buffer
			if err := numberedOutput(rows, useBlock).writeBlocks(&want, 1, 4096, nil); err != nil {
				t.Fatal(err)
			}
			var sb bytes.Buffer
			sb.WriteString("row,pad\n")
			for i := 0; i < rows; i++ {
				fmt.Fprintf(&sb, "%d,%s\n", i, bytes.Repeat([]byte{'x'}, i%37))
			}
			if want.String() != sb.String() {
				t.Fatalf("rows %d: sequential output is wrong", rows)
			}
			for _, workers := range []int{2, 3, 5} {
				for _, blockRows := range []int{1, 7, 64, 4096} {
					var w jitterWriter
					if err := numberedOutput(rows, useBlock).writeBlocks(&w, workers, blockRows, nil); err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(w.buf.Bytes(), want.Bytes()) {
						t.Fatalf("block function %v, %d rows, %d workers, %d-row blocks: output differs", useBlock, rows, workers, blockRows)
					}
				}
			}
		}
	}
}

// TestWriteBlocksStopsAtWriteError fails one write: writeBlocks returns
// that error, without hanging, and writes nothing after it.
func TestWriteBlocksStopsAtWriteError(t *testing.T) {
	for _, workers := range []int{1, 2, 4} {
		for _, failAt := range []int{1, 2, 50} {
			w := jitterWriter{failAt: failAt}
			err := numberedOutput(5000, true).writeBlocks(&w, workers, 16, nil)
			if !errors.Is(err, errWriteFailed) {
				t.Fatalf("%d workers, failing write %d: error %v", workers, failAt, err)
			}
			if w.writes != failAt {
				t.Fatalf("%d workers, failing write %d: %d writes", workers, failAt, w.writes)
			}
		}
	}
}

// TestWriteBlocksReportsEveryWrite checks that the write callback sees
// each write, in order: its sizes add up to the output.
func TestWriteBlocksReportsEveryWrite(t *testing.T) {
	for _, workers := range []int{1, 3} {
		var w jitterWriter
		total, calls := 0, 0
		if err := numberedOutput(3000, true).writeBlocks(&w, workers, 64, func(n int) { total += n; calls++ }); err != nil {
			t.Fatal(err)
		}
		if total != w.buf.Len() || calls != w.writes {
			t.Fatalf("%d workers: %d bytes in %d calls reported, %d bytes in %d writes made", workers, total, calls, w.buf.Len(), w.writes)
		}
	}
}

// TestCreateOutputBadPath is the regression test for a bad output path
// reported with the temporary file's name: the error is a *PathError that
// names the path as given, and nothing is left behind.
func TestCreateOutputBadPath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, path, why string }{
		{"missing folder", filepath.Join(dir, "missing", "o.csv"), "no such file or directory"},
		{"a file as the folder", filepath.Join(file, "o.csv"), "not a directory"},
		{"a folder", dir, "it is a folder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := CreateOutput(c.path)
			var pe *PathError
			if !errors.As(err, &pe) {
				if out != nil {
					out.Discard()
				}
				t.Fatalf("got %v (%T), want a *PathError", err, err)
			}
			msg := err.Error()
			if pe.Path != c.path || !strings.Contains(msg, strconv.Quote(c.path)) || !strings.Contains(msg, c.why) || strings.Contains(msg, ".tmp-") {
				t.Errorf("message %q: want the path %q and %q, no temporary name", msg, c.path, c.why)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left files behind: %v", entries)
	}
}

// TestOutputFileDiscard leaves no temporary file when the table is never
// committed (bad input found after the output was created), and the
// earlier file untouched.
func TestOutputFileDiscard(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "o.csv")
	if err := os.WriteFile(path, []byte("earlier"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := CreateOutput(path)
	if err != nil {
		t.Fatal(err)
	}
	out.Discard()
	out.Discard() // twice is harmless
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left files behind: %v", entries)
	}
	if b, _ := os.ReadFile(path); string(b) != "earlier" {
		t.Errorf("the earlier file holds %q", b)
	}
}

// TestOutputReplacesLargerFile writes over a longer earlier output with an
// OutputFile, and to a stream that is an existing file truncated (where
// the writeback is started early): both times the file must hold exactly
// the new output, the same as written to a buffer.
func TestOutputReplacesLargerFile(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("area,x,n\n")
	for i := 0; i < 30000; i++ {
		fmt.Fprintf(&sb, "E%d,%d,%d\n", i, i%97, 100+i%1000)
	}
	o := NewOptions("proportion")
	o.Columns["x"], o.Columns["n"] = "x", "n"
	tab := computeCSV(t, sb.String(), o)
	var want bytes.Buffer
	if err := tab.Write(&want); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "out.csv")
	earlier := bytes.Repeat([]byte("earlier output\n"), want.Len()/5)
	if err := os.WriteFile(path, earlier, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := CreateOutput(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := out.Commit(tab); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("over an earlier file: %d bytes, want %d (%v)", len(got), want.Len(), err)
	}
	if err := os.WriteFile(path, earlier, 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond) // the truncation's change time must follow the creation
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	werr := tab.Write(f)
	if err := f.Close(); err != nil || werr != nil {
		t.Fatal(err, werr)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("a stream over an earlier file: %d bytes, want %d (%v)", len(got), want.Len(), err)
	}
}
