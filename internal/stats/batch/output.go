package batch

import (
	"io"
	"runtime"
	"sync"
	"sync/atomic"
)

// outCol is one output column: its header name and a function that appends
// the cell for row i.
type outCol struct {
	name  string
	write func(b []byte, i int) []byte
	raw   bool // name is already CSV text (a copied header)
}

// Table is a table ready to be written.
type Table struct {
	cols     []outCol
	rows     int
	warnings []string
	// block, when set, writes rows lo to hi-1 (each with its line end)
	// in place of the columns' write functions.
	block func(b []byte, lo, hi int) []byte
}

func (o *Table) add(name string, write func(b []byte, i int) []byte) {
	o.cols = append(o.cols, outCol{name: name, write: write})
}

func (o *Table) addNums(name string, v []float64) {
	o.add(name, func(b []byte, i int) []byte { return appendNumber(b, v[i]) })
}

func (o *Table) addConst(name, text string) {
	cell := appendText(nil, text)
	o.add(name, func(b []byte, _ int) []byte { return append(b, cell...) })
}

func (o *Table) addTexts(name string, v []string) {
	o.add(name, func(b []byte, i int) []byte { return appendText(b, v[i]) })
}

// outBlockRows is the rows formatted as one block: small enough that a few
// blocks in flight stay in cache and reuse the same buffers (fresh memory
// costs a page fault per 4 KiB), large enough to amortise the hand-offs.
const outBlockRows = 4096

// writeTo formats rows in parallel blocks and writes them in order;
// wrote, when not nil, is called with the size of each write.
func (o *Table) writeTo(w io.Writer, wrote func(int)) error {
	return o.writeBlocks(w, runtime.GOMAXPROCS(0), outBlockRows, wrote)
}

// writeBlocks formats blockRows rows at a time on the given number of
// workers and writes the blocks to w in order.
//
// The workers write too: whoever formats the block that is next in line
// writes it, and any following blocks already formatted, while the others
// go on formatting. No goroutine waits for another to be scheduled in
// order to hand a block on, and a write keeps its core busy in the kernel
// while the other core formats.
func (o *Table) writeBlocks(w io.Writer, workers, blockRows int, wrote func(int)) error {
	write := func(b []byte) error {
		n, err := w.Write(b)
		if wrote != nil {
			wrote(n)
		}
		return err
	}
	var hdr []byte
	for k, c := range o.cols {
		if k > 0 {
			hdr = append(hdr, ',')
		}
		if c.raw {
			hdr = append(hdr, c.name...)
		} else {
			hdr = appendField(hdr, c.name)
		}
	}
	hdr = append(hdr, '\n')
	blocks := (o.rows + blockRows - 1) / blockRows
	format := func(blk int, buf []byte) []byte {
		if blk == 0 {
			// The header goes out with the first rows: one write fewer.
			buf = append(buf, hdr...)
		}
		lo := blk * blockRows
		hi := min(lo+blockRows, o.rows)
		if o.block != nil {
			return o.block(buf, lo, hi)
		}
		for i := lo; i < hi; i++ {
			for k, c := range o.cols {
				if k > 0 {
					buf = append(buf, ',')
				}
				buf = c.write(buf, i)
			}
			buf = append(buf, '\n')
		}
		return buf
	}
	if blocks == 0 {
		return write(hdr)
	}
	if workers < 2 || blocks < 2 {
		var buf []byte
		for blk := 0; blk < blocks; blk++ {
			buf = format(blk, buf[:0])
			if err := write(buf); err != nil {
				return err
			}
		}
		return nil
	}
	// Formatting may run this many blocks ahead of writing, which bounds
	// the memory held and lets the buffers be reused while still hot.
	window := 2 * workers
	var (
		mu        sync.Mutex
		room      = sync.NewCond(&mu)
		ready     = make([][]byte, blocks) // formatted, not yet written
		nextWrite int                      // first block not yet written
		writing   bool                     // a worker is writing
		werr      error
		free      [][]byte // buffers to reuse
		largest   = 256 << 10
		claimed   atomic.Int64
	)
	work := func() {
		for {
			blk := int(claimed.Add(1) - 1)
			if blk >= blocks {
				return
			}
			mu.Lock()
			for blk >= nextWrite+window && werr == nil {
				room.Wait()
			}
			if werr != nil {
				mu.Unlock()
				return
			}
			var buf []byte
			if k := len(free); k > 0 {
				buf, free = free[k-1], free[:k-1]
			} else {
				// sized from the blocks so far so that it need not grow
				buf = make([]byte, 0, largest*5/4)
			}
			mu.Unlock()

			buf = format(blk, buf)

			mu.Lock()
			largest = max(largest, len(buf))
			ready[blk] = buf
			if writing || blk != nextWrite {
				mu.Unlock()
				continue
			}
			writing = true
			for nextWrite < blocks && ready[nextWrite] != nil && werr == nil {
				b := ready[nextWrite]
				ready[nextWrite] = nil
				mu.Unlock()
				err := write(b)
				mu.Lock()
				free = append(free, b[:0])
				if err != nil {
					werr = err
				}
				nextWrite++
				room.Broadcast()
			}
			writing = false
			failed := werr != nil
			mu.Unlock()
			if failed {
				return
			}
		}
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work()
		}()
	}
	work()
	wg.Wait()
	return werr
}
