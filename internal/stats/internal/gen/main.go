// Command gen writes the synthetic CSV inputs used for the statistics
// engine's speed measurements (docs/benchmarks.md, "Statistics engine").
//
//	go run ./internal/stats/internal/gen -kind dsr -out /tmp/dsr.csv
//
// Kinds and default sizes match the R reference timings: proportion and rate
// (1,000,000 rows), dsr and isratio (100,000 groups × 19 age bands),
// life-expectancy (10,000 areas × 20 bands), mean (100,000 groups × 10
// values). Inputs include zero counts and small totals; the seed is fixed so
// runs are repeatable.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
)

var esp = []int{5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000}
var leAges = []int{0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90}

func main() {
	kind := flag.String("kind", "proportion", "proportion, rate, dsr, isratio, life-expectancy or mean")
	n := flag.Int("n", 0, "rows (proportion, rate) or groups (others); 0 = the benchmark size")
	out := flag.String("out", "-", "output file")
	seed := flag.Uint64("seed", 2026, "random seed")
	flag.Parse()
	rng := rand.New(rand.NewPCG(*seed, 1))
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		w = bufio.NewWriterSize(f, 1<<20)
	}
	defer w.Flush()
	size := func(def int) int {
		if *n > 0 {
			return *n
		}
		return def
	}
	var b []byte
	line := func(fields ...any) {
		b = b[:0]
		for i, f := range fields {
			if i > 0 {
				b = append(b, ',')
			}
			switch v := f.(type) {
			case int:
				b = strconv.AppendInt(b, int64(v), 10)
			case float64:
				b = strconv.AppendFloat(b, v, 'g', -1, 64)
			case string:
				b = append(b, v...)
			}
		}
		b = append(b, '\n')
		w.Write(b)
	}
	area := func(i int) string { return "E" + strconv.Itoa(10000000+i) }
	switch *kind {
	case "proportion", "rate":
		line("area", "x", "n")
		for i := 0; i < size(1000000); i++ {
			den := 1 + rng.IntN(20000)
			num := 0
			if rng.IntN(10) > 0 { // one in ten is a zero count
				num = rng.IntN(den + 1)
				if *kind == "rate" {
					num = rng.IntN(den/10 + 1)
				}
			}
			line(area(i), num, den)
		}
	case "dsr", "isratio":
		if *kind == "dsr" {
			line("area", "ageband", "x", "n", "stdpop")
		} else {
			line("area", "ageband", "x", "n", "x_ref", "n_ref")
		}
		for g := 0; g < size(100000); g++ {
			scale := 1 + rng.IntN(50) // some areas have small totals
			for k := 0; k < 19; k++ {
				pop := 1 + rng.IntN(200*scale)
				x := rng.IntN(pop/20 + 1)
				if *kind == "dsr" {
					line(area(g), k*5, x, pop, esp[k])
				} else {
					refPop := 20000 + rng.IntN(20000)
					line(area(g), k*5, x, pop, rng.IntN(refPop/20+1), refPop)
				}
			}
		}
	case "life-expectancy":
		line("area", "startage", "deaths", "population")
		for g := 0; g < size(10000); g++ {
			for k, age := range leAges {
				pop := 300 + rng.IntN(5000)
				// mortality rising with age
				m := 0.0005 * float64(1+k*k) / 10
				d := int(m*float64(pop)) + rng.IntN(5)
				if d > pop {
					d = pop
				}
				if k == len(leAges)-1 && d == 0 {
					d = 1
				}
				line(area(g), age, d, pop)
			}
		}
	case "mean":
		line("area", "value")
		for g := 0; g < size(100000); g++ {
			for k := 0; k < 10; k++ {
				line(area(g), 50+rng.NormFloat64()*12)
			}
		}
	default:
		fmt.Fprintf(os.Stderr, "unknown kind %q\n", *kind)
		os.Exit(2)
	}
}
