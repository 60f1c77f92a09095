package cli

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/stats/batch"
)

const statsUsage = `stats METHOD [flags] [FILE|-]

Computes PHEindicatormethods statistics from a CSV file with a header row
(or standard input) and writes CSV to standard output or --out.

Methods: proportion, rate, dsr, isratio, israte, mean, life-expectancy,
quantile, funnel-limits, funnel-points, funnel-significance, sii.

Column flags name input columns (the R argument names in kebab case).
Missing values are written NA; numbers in shortest round-trip form.
Bad input stops with exit status 2 and a message naming the row (data rows
are numbered from 1; the header is not counted) and the column. So does,
before any work, an --out path that cannot be written or a flag value that
is not UTF-8 text or holds a control character. Flags may come before or
after FILE.`

func runStats(ctx context.Context, args []string, std IO) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		w := std.Stdout
		if len(args) == 0 {
			w = std.Stderr
		}
		fmt.Fprintf(w, "Usage: placeboard %s\n\nRun 'placeboard stats METHOD --help' for the flags.\n", statsUsage)
		if len(args) == 0 {
			return ExitBadInput
		}
		return ExitOK
	}
	method := args[0]
	if !slices.Contains(batch.Methods, method) {
		fmt.Fprintf(std.Stderr, "placeboard stats: unknown method %q (want one of %s)\n", method, strings.Join(batch.Methods, ", "))
		return ExitBadInput
	}
	o := batch.NewOptions(method)
	var out string
	fs := newFlagSet("stats "+method, strings.Replace(statsUsage, "METHOD", method, 1), std)
	columns := map[string]*string{}
	for _, c := range batch.Columns {
		columns[c.Arg] = fs.String(c.Flag, "", c.Help)
	}
	fs.StringVar(&o.GroupBy, "group-by", "", "comma-separated grouping columns; one output row per group, in order of first appearance")
	fs.StringVar(&o.Confidence, "confidence", "", "confidence level: 0.95, 95, or 0.95,0.998 for two levels (life-expectancy and sii accept any list); NA for none (proportion)")
	fs.StringVar(&o.Multiplier, "multiplier", "", "multiplier (defaults: proportion 1, rate/dsr/israte 100000, sii 1; required for funnels)")
	fs.Float64Var(&o.RefValue, "refvalue", o.RefValue, "reference value for isratio")
	fs.StringVar(&o.Type, "type", o.Type, "output: full, standard, value, lower or upper")
	fs.StringVar(&out, "out", "", "write to this file instead of standard output (written whole or not at all)")
	fs.BoolVar(&o.IndependentEvents, "independent-events", o.IndependentEvents, "dsr: false when persons can have several events (needs --eventfreq and --ageband)")
	fs.IntVar(&o.NQuantiles, "nquantiles", o.NQuantiles, "quantile: number of quantiles")
	fs.StringVar(&o.Invert, "invert", o.Invert, "quantile: true, false, or a column of TRUE/FALSE per group")
	fs.StringVar(&o.Statistic, "statistic", "", "funnels: proportion, rate or ratio")
	fs.StringVar(&o.RateType, "rate-type", "", "funnels: dsr or crude")
	fs.StringVar(&o.RatioType, "ratio-type", "", "funnel-limits: count or isr")
	fs.Float64Var(&o.YearsOfData, "years-of-data", 0, "funnel-limits and funnel-points for rates: years of data")
	fs.IntVar(&o.ValueType, "value-type", 0, "sii: 0 other, 1 rate, 2 proportion")
	fs.BoolVar(&o.Transform, "transform", false, "sii: regress on the log/logit scale")
	fs.IntVar(&o.Repetitions, "repetitions", o.Repetitions, "sii: simulation repetitions (at least 1000)")
	fs.IntVar(&o.Seed, "seed", o.Seed, "sii: random seed (R's set.seed)")
	fs.BoolVar(&o.RII, "rii", false, "sii: also give the relative index of inequality")
	fs.BoolVar(&o.Intercept, "intercept", false, "sii: also give the intercept")
	fs.StringVar(&o.LEAge, "le-age", o.LEAge, "life-expectancy: all, or the start ages to give, e.g. 0,65")

	for _, a := range args[1:] {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(std.Stdout)
			fs.Usage()
			return ExitOK
		}
	}
	if stop, code := parseFlags(fs, args[1:]); stop {
		return code
	}
	cmd := "stats " + method
	if !textFlagsValid(cmd, fs, std) {
		return ExitBadInput
	}
	if fs.NArg() > 1 {
		fmt.Fprintf(std.Stderr, "placeboard %s: expected one input file, got %d\n", cmd, fs.NArg())
		return ExitBadInput
	}
	input := "-"
	if fs.NArg() == 1 {
		input = fs.Arg(0)
	}
	for arg, p := range columns {
		if *p != "" {
			o.Columns[arg] = *p
		}
	}
	// A bad --out shows before any work is done.
	var outFile *batch.OutputFile
	if out != "" {
		f, err := batch.CreateOutput(out)
		if err != nil {
			fmt.Fprintf(std.Stderr, "placeboard %s: --out: %v\n", cmd, err)
			return ExitBadInput
		}
		defer f.Discard()
		outFile = f
	}
	started := time.Now()
	// The run allocates a few large, long-lived tables: collect garbage only
	// when memory gets large rather than on every doubling.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(4 << 30))
	data, err := batch.ReadInput(input, std.Stdin)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitBadInput
	}
	progress := func(format string, a ...any) {
		if std.IsTerminal && len(data) > 8<<20 {
			fmt.Fprintf(std.Stderr, "placeboard %s: %s (%.1fs)\n", cmd, fmt.Sprintf(format, a...), time.Since(started).Seconds())
		}
	}
	progress("read %d MB", len(data)>>20)
	res, err := batch.Compute(ctx, o, data, progress)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitBadInput
	}
	for _, w := range res.Warnings() {
		fmt.Fprintf(std.Stderr, "placeboard %s: warning: %s\n", cmd, w)
	}
	if outFile != nil {
		err = outFile.Commit(res)
	} else {
		err = res.Write(std.Stdout)
	}
	var pathErr *batch.PathError
	switch {
	case errors.As(err, &pathErr):
		fmt.Fprintf(std.Stderr, "placeboard %s: --out: %v\n", cmd, err)
		return ExitBadInput
	case err != nil:
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitFailure
	}
	progress("wrote %d rows", res.Rows())
	return ExitOK
}
