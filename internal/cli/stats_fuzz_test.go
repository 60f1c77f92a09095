package cli

import (
	"bytes"
	"context"
	"io"
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

// FuzzStatsCommand runs every method on arbitrary CSV input: each run must
// end with exit status 0 or 2 (bad input), never a panic.
func FuzzStatsCommand(f *testing.F) {
	seeds := []string{
		"g,x,n,w,a\nA,1,10,5000,0\nA,2,20,5500,5\nB,0,5,5000,0\n",
		"g,x,n,w,a\nA,-1,10,1,1\n",
		"g,x,n,w,a\nA,NA,NA,NA,NA\nB,1e300,1e-300,0,90\n",
		"g,x,n,w,a\nA,5,0,0,0\n",
		"g,x,n,w,a\n\"A,1\",3,4,TRUE,1\n",
	}
	for _, s := range seeds {
		for m := 0; m < len(statsMethods); m++ {
			f.Add([]byte(s), uint8(m), "0.95")
		}
	}
	f.Add([]byte(seeds[0]), uint8(0), "0.95,0.998")
	f.Add([]byte(seeds[0]), uint8(5), "99,95")
	f.Fuzz(func(t *testing.T, data []byte, method uint8, conf string) {
		m := statsMethods[int(method)%len(statsMethods)]
		args := []string{"stats", m, "--confidence", conf, "--group-by", "g", "--repetitions", "1000"}
		switch m {
		case "proportion", "rate", "mean":
			args = append(args, "--x", "x", "--n", "n")
		case "dsr":
			args = append(args, "--x", "x", "--n", "n", "--stdpop", "w", "--ageband", "a")
		case "isratio", "israte":
			args = append(args, "--x", "x", "--n", "n", "--x-ref", "w", "--n-ref", "a")
		case "life-expectancy":
			args = append(args, "--deaths", "x", "--population", "n", "--startage", "a")
		case "quantile":
			args = append(args, "--values", "x", "--invert", "w", "--nquantiles", "2")
		case "funnel-limits", "funnel-significance":
			args = append(args, "--numerator", "x", "--denominator", "n", "--rate", "w", "--statistic", []string{"proportion", "ratio", "rate"}[int(method)%3], "--multiplier", "100", "--rate-type", "crude", "--ratio-type", "count", "--years-of-data", "1")
		case "funnel-points":
			args = append(args, "--numerator", "x", "--denominator", "n", "--rate", "w", "--rate-type", "dsr", "--years-of-data", "3", "--multiplier", "100000")
		case "sii":
			args = append(args, "--quantile", "a", "--population", "n", "--value", "x", "--se", "w")
		}
		std := IO{Stdin: bytes.NewReader(data), Stdout: io.Discard, Stderr: io.Discard}
		code := Run(context.Background(), args, std)
		if code != ExitOK && code != ExitBadInput {
			t.Fatalf("exit %d", code)
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
