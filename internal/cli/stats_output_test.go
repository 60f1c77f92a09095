package cli

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"testing"
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
func numberedOutput(rows int, useBlock bool) *statsOutput {
	o := &statsOutput{rows: rows}
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
