package batch

import (
	"bytes"
	"testing"
)

// FuzzReadCSV feeds arbitrary bytes to the CSV reader: it must return a
// table or an error, never panic, and a table must be consistent.
func FuzzReadCSV(f *testing.F) {
	seeds := []string{
		"a,b,c\n1,2,x\n3,4,y\n",
		"a,b,c\r\n1,2,\"x,y\"\r\n3,4,\"he said \"\"hi\"\"\"\r\n",
		"a,b,c\n1,NA,\n\n2,Inf,z\n",
		"a,b,c\r1,2,3\r4,5,6",
		"\xef\xbb\xbfa,b,c\n1,2,3",
		"a,b,c\n\"unclosed,1,2\n",
		"a,a,b\n1,2,3\n",
		"a,b,c\n1,2\n",
		"",
		"a,b,c\n1e308,-1e309,0x1p3\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, lines bool) {
		req := columnRequest{numeric: []int{0, 1}, text: []int{2}, group: []int{2}, keepLines: lines}
		names, _, _, err := parseHeader(data)
		if err != nil {
			return
		}
		if len(names) < 3 {
			req = columnRequest{numeric: []int{0}, group: []int{0}, keepLines: lines}
		}
		tab, err := readCSV(data, req)
		if err != nil {
			return
		}
		for k := range tab.nums {
			if len(tab.nums[k]) != tab.rows {
				t.Fatalf("numeric column %d has %d values for %d rows", k, len(tab.nums[k]), tab.rows)
			}
		}
		for k := range tab.texts {
			if len(tab.texts[k]) != tab.rows {
				t.Fatalf("text column %d has %d values for %d rows", k, len(tab.texts[k]), tab.rows)
			}
			for r := 0; r < tab.rows; r++ {
				_ = tab.text(k, r)
			}
		}
		if len(tab.gid) != tab.rows {
			t.Fatalf("%d group ids for %d rows", len(tab.gid), tab.rows)
		}
		for _, g := range tab.gid {
			if int(g) >= len(tab.groupKeys) {
				t.Fatalf("group %d of %d", g, len(tab.groupKeys))
			}
		}
		if lines {
			// Rows read in order through line marks match the kept lines.
			req.keepLines, req.rowLines = false, true
			marked, err := readCSV(data, req)
			if err != nil || marked.rows != tab.rows {
				t.Fatalf("with row lines: %v, %d rows for %d", err, marked.rows, tab.rows)
			}
			c := marked.linesFrom(0)
			for r := 0; r < tab.rows; r++ {
				if got, want := c.next(), tab.line(r); string(got) != string(want) {
					t.Fatalf("row %d: %q, want %q", r+1, got, want)
				}
			}
		}
	})
}

// FuzzPlainParser compares the fast parser for quote-free chunks with the
// general parser on arbitrary input: same table, or both reject it.
func FuzzPlainParser(f *testing.F) {
	for _, s := range []string{
		"g,x,n,h\nA,1,2,p\nA,3,4,p\n\n\nB,5,6,q",
		"g,x,n,h\nA,00012,1e3,p\nB, 7 ,-0,q\nC,NA,,r\n",
		"g,x,n,h\nA,1,2,p,\n",
		"g,x,n,h\nA,1,2,p,",
		"g,x,n,h\nA,1\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		names, _, _, err := parseHeader(data)
		if err != nil || len(names) < 4 {
			return
		}
		for _, req := range plainParserRequests {
			plain, general, ok, err := parseChunkBothWays(data, req)
			if err != nil {
				return
			}
			if !ok {
				// It may give up on quotes and CRs; otherwise only on bad input.
				if general.err == nil && !bytes.ContainsAny(data, "\"\r") {
					t.Fatal("plain parser gave up on good input")
				}
				continue
			}
			if general.err != nil {
				t.Fatalf("plain parser accepted what the general one rejects: %v", general.err)
			}
			if d := sameChunkResults(data, plain, general); d != "" {
				t.Fatal(d)
			}
		}
	})
}
