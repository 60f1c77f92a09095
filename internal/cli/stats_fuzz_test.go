package cli

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/placeboard/placeboard/internal/stats/batch"
)

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
		for m := 0; m < len(batch.Methods); m++ {
			f.Add([]byte(s), uint8(m), "0.95")
		}
	}
	f.Add([]byte(seeds[0]), uint8(0), "0.95,0.998")
	f.Add([]byte(seeds[0]), uint8(5), "99,95")
	f.Fuzz(func(t *testing.T, data []byte, method uint8, conf string) {
		m := batch.Methods[int(method)%len(batch.Methods)]
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
