package cli

import (
	"bufio"
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

// statsOutput is a table ready to be written.
type statsOutput struct {
	cols     []outCol
	rows     int
	warnings []string
	// block, when set, writes rows lo to hi-1 (each with its line end)
	// in place of the columns' write functions.
	block func(b []byte, lo, hi int) []byte
}

func (o *statsOutput) add(name string, write func(b []byte, i int) []byte) {
	o.cols = append(o.cols, outCol{name: name, write: write})
}

func (o *statsOutput) addNums(name string, v []float64) {
	o.add(name, func(b []byte, i int) []byte { return appendNumber(b, v[i]) })
}

func (o *statsOutput) addConst(name, text string) {
	cell := appendText(nil, text)
	o.add(name, func(b []byte, _ int) []byte { return append(b, cell...) })
}

func (o *statsOutput) addTexts(name string, v []string) {
	o.add(name, func(b []byte, i int) []byte { return appendText(b, v[i]) })
}

// outBlockRows is the rows formatted as one block: small enough that a few
// blocks in flight stay in cache and reuse the same buffers (fresh memory
// costs a page fault per 4 KiB), large enough to amortise the hand-offs.
const outBlockRows = 4096

// writeTo formats rows in parallel blocks and writes them in order.
func (o *statsOutput) writeTo(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<20)
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
	if _, err := bw.Write(hdr); err != nil {
		return err
	}
	blocks := (o.rows + outBlockRows - 1) / outBlockRows
	format := func(blk int, buf []byte) []byte {
		lo := blk * outBlockRows
		hi := min(lo+outBlockRows, o.rows)
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
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || blocks < 2 {
		var buf []byte
		for blk := 0; blk < blocks; blk++ {
			buf = format(blk, buf[:0])
			if _, err := bw.Write(buf); err != nil {
				return err
			}
		}
		return bw.Flush()
	}
	results := make([]chan []byte, blocks)
	for i := range results {
		results[i] = make(chan []byte, 1)
	}
	// Buffers are reused; a new one is sized from the blocks already
	// formatted so that it does not have to grow.
	var blockBytes atomic.Int64
	blockBytes.Store(256 << 10)
	pool := sync.Pool{New: func() any { return make([]byte, 0, blockBytes.Load()*5/4) }}
	// Limit how far the formatters run ahead of the writer.
	ahead := make(chan struct{}, 2*workers)
	next := make(chan int)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for blk := range next {
				buf := format(blk, pool.Get().([]byte)[:0])
				if n := int64(len(buf)); n > blockBytes.Load() {
					blockBytes.Store(n)
				}
				results[blk] <- buf
			}
		}()
	}
	go func() {
		defer close(next)
		for blk := 0; blk < blocks; blk++ {
			select {
			case ahead <- struct{}{}:
			case <-done:
				return
			}
			select {
			case next <- blk:
			case <-done:
				return
			}
		}
	}()
	// Blocks are large: write them straight through rather than copying
	// them into the buffered writer.
	werr := bw.Flush()
	for blk := 0; blk < blocks; blk++ {
		buf := <-results[blk]
		<-ahead
		if werr == nil {
			_, werr = w.Write(buf)
		}
		//lint:ignore SA6002 one slice-header allocation is negligible beside a 16,384-row block
		pool.Put(buf[:0])
		if werr != nil {
			close(done)
			// drain so the formatters can exit
			for b := blk + 1; b < blocks; b++ {
				select {
				case <-results[b]:
				default:
				}
			}
			break
		}
	}
	wg.Wait()
	return werr
}
