package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/stats"
)

const statsUsage = `stats METHOD [flags] [FILE|-]

Computes PHEindicatormethods statistics from a CSV file with a header row
(or standard input) and writes CSV to standard output or --out.

Methods: proportion, rate, dsr, isratio, israte, mean, life-expectancy,
quantile, funnel-limits, funnel-points, funnel-significance, sii.

Column flags name input columns (the R argument names in kebab case).
Missing values are written NA; numbers in shortest round-trip form.
Bad input stops with exit status 2 and a message naming the row (data rows
are numbered from 1; the header is not counted) and the column.`

var statsMethods = []string{"proportion", "rate", "dsr", "isratio", "israte", "mean", "life-expectancy", "quantile", "funnel-limits", "funnel-points", "funnel-significance", "sii"}

// statsOptions are the parsed flags of one stats run.
type statsOptions struct {
	method string
	col    map[string]*string // R argument name → input column

	groupBy           string
	confidence        string
	multiplier        string
	refvalue          float64
	typ               string
	out               string
	independentEvents bool
	nquantiles        int
	invert            string
	statistic         string
	rateType          string
	ratioType         string
	yearsOfData       float64
	valueType         int
	transform         bool
	repetitions       int
	seed              int
	rii               bool
	intercept         bool
	leAge             string
}

// columnFlags are the flags that name input columns, keyed by the R
// argument they stand for.
var columnFlags = []struct{ flag, arg, help string }{
	{"x", "x", "column of numerators / counts (mean: the values)"},
	{"n", "n", "column of denominators / populations"},
	{"stdpop", "stdpop", "column of standard populations, or esp2013 for the built-in 2013 European Standard Population"},
	{"x-ref", "x_ref", "column of reference counts (ISR)"},
	{"n-ref", "n_ref", "column of reference populations (ISR)"},
	{"eventfreq", "eventfreq", "column of event frequencies (DSR, non-independent events)"},
	{"ageband", "ageband", "column of age bands (DSR)"},
	{"deaths", "deaths", "column of deaths (life expectancy)"},
	{"population", "population", "column of populations (life expectancy, SII)"},
	{"startage", "startage", "column of band start ages (life expectancy)"},
	{"values", "values", "column of values (quantile)"},
	{"numerator", "numerator", "column of numerators (funnels)"},
	{"denominator", "denominator", "column of denominators (funnels)"},
	{"rate", "rate", "column of rates (rate funnels)"},
	{"quantile", "quantile", "column of quantile numbers (SII)"},
	{"value", "value", "column of indicator values (SII)"},
	{"se", "se", "column of standard errors (SII)"},
	{"lower-cl", "lower_cl", "column of lower confidence limits (SII)"},
	{"upper-cl", "upper_cl", "column of upper confidence limits (SII)"},
}

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
	known := false
	for _, m := range statsMethods {
		known = known || m == method
	}
	if !known {
		fmt.Fprintf(std.Stderr, "placeboard stats: unknown method %q (want one of %s)\n", method, strings.Join(statsMethods, ", "))
		return ExitBadInput
	}
	o := &statsOptions{method: method, col: map[string]*string{}}
	fs := newFlagSet("stats "+method, strings.Replace(statsUsage, "METHOD", method, 1), std)
	for _, c := range columnFlags {
		o.col[c.arg] = fs.String(c.flag, "", c.help)
	}
	fs.StringVar(&o.groupBy, "group-by", "", "comma-separated grouping columns; one output row per group, in order of first appearance")
	fs.StringVar(&o.confidence, "confidence", "", "confidence level: 0.95, 95, or 0.95,0.998 for two levels (life-expectancy and sii accept any list); NA for none (proportion)")
	fs.StringVar(&o.multiplier, "multiplier", "", "multiplier (defaults: proportion 1, rate/dsr/israte 100000, sii 1; required for funnels)")
	fs.Float64Var(&o.refvalue, "refvalue", 1, "reference value for isratio")
	fs.StringVar(&o.typ, "type", "full", "output: full, standard, value, lower or upper")
	fs.StringVar(&o.out, "out", "", "write to this file instead of standard output (written whole or not at all)")
	fs.BoolVar(&o.independentEvents, "independent-events", true, "dsr: false when persons can have several events (needs --eventfreq and --ageband)")
	fs.IntVar(&o.nquantiles, "nquantiles", 10, "quantile: number of quantiles")
	fs.StringVar(&o.invert, "invert", "true", "quantile: true, false, or a column of TRUE/FALSE per group")
	fs.StringVar(&o.statistic, "statistic", "", "funnels: proportion, rate or ratio")
	fs.StringVar(&o.rateType, "rate-type", "", "funnels: dsr or crude")
	fs.StringVar(&o.ratioType, "ratio-type", "", "funnel-limits: count or isr")
	fs.Float64Var(&o.yearsOfData, "years-of-data", 0, "funnel-limits and funnel-points for rates: years of data")
	fs.IntVar(&o.valueType, "value-type", 0, "sii: 0 other, 1 rate, 2 proportion")
	fs.BoolVar(&o.transform, "transform", false, "sii: regress on the log/logit scale")
	fs.IntVar(&o.repetitions, "repetitions", 100000, "sii: simulation repetitions (at least 1000)")
	fs.IntVar(&o.seed, "seed", 1, "sii: random seed (R's set.seed)")
	fs.BoolVar(&o.rii, "rii", false, "sii: also give the relative index of inequality")
	fs.BoolVar(&o.intercept, "intercept", false, "sii: also give the intercept")
	fs.StringVar(&o.leAge, "le-age", "all", "life-expectancy: all, or the start ages to give, e.g. 0,65")

	for _, a := range args[1:] {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(std.Stdout)
			fs.Usage()
			return ExitOK
		}
	}
	// Flags may come before or after the file name.
	rest := args[1:]
	var positional []string
	for {
		if stop, code := parseFlags(fs, rest); stop {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(positional) > 1 {
		fmt.Fprintf(std.Stderr, "placeboard stats %s: expected one input file, got %d\n", method, len(positional))
		return ExitBadInput
	}
	input := "-"
	if len(positional) == 1 {
		input = positional[0]
	}
	started := time.Now()
	// The run allocates a few large, long-lived tables: collect garbage only
	// when memory gets large rather than on every doubling.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(4 << 30))
	data, err := readInput(input, std)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard stats %s: %v\n", method, err)
		return ExitBadInput
	}
	progress := func(format string, a ...any) {
		if std.IsTerminal && len(data) > 8<<20 {
			fmt.Fprintf(std.Stderr, "placeboard stats %s: %s (%.1fs)\n", method, fmt.Sprintf(format, a...), time.Since(started).Seconds())
		}
	}
	progress("read %d MB", len(data)>>20)
	res, err := computeStats(ctx, o, data, progress)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard stats %s: %v\n", method, err)
		return ExitBadInput
	}
	for _, w := range res.warnings {
		fmt.Fprintf(std.Stderr, "placeboard stats %s: warning: %s\n", method, w)
	}
	if err := writeOutput(o.out, std.Stdout, res); err != nil {
		fmt.Fprintf(std.Stderr, "placeboard stats %s: %v\n", method, err)
		return ExitFailure
	}
	progress("wrote %d rows", res.rows)
	return ExitOK
}

func readInput(name string, std IO) ([]byte, error) {
	if name == "-" {
		if std.Stdin == nil {
			return nil, errors.New("no input: give a FILE or pipe CSV to standard input")
		}
		return io.ReadAll(std.Stdin)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read input: %w", err)
	}
	defer f.Close()
	if b, ok := mapFile(f); ok {
		return b, nil
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("cannot read input: %w", err)
	}
	return b, nil
}

// writeOutput writes the table to w, or to path via a temporary file in the
// same directory that is renamed into place only when complete. A path that
// is a device, pipe or socket (/dev/null, a FIFO) is written directly: a
// file renamed over it would replace it. A symbolic link is followed, so
// the file it points to is replaced, not the link.
func writeOutput(path string, w io.Writer, res *statsOutput) error {
	if path == "" {
		return res.writeTo(w, outputWriteback(w, false))
	}
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	st, statErr := os.Stat(path)
	if statErr == nil && !st.Mode().IsRegular() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("cannot write --out: %w", err)
		}
		werr := res.writeTo(f, nil)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return fmt.Errorf("cannot write %s: %w", path, werr)
		}
		return nil
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write --out: %w", err)
	}
	tmp := f.Name()
	werr := res.writeTo(f, outputWriteback(f, statErr == nil))
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		os.Remove(tmp)
		return fmt.Errorf("cannot write %s: %w", path, werr)
	}
	return nil
}

// parseConfidence reads --confidence: "0.95", "95", "0.95,0.998", "NA".
func parseConfidence(s string) ([]float64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []float64
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "NA" {
			out = append(out, stats.NA())
			continue
		}
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return nil, &csvError{msg: fmt.Sprintf("--confidence: %q is not a number", p)}
		}
		out = append(out, v)
	}
	return out, nil
}

// flagError reports a bad flag value in the same style as data errors.
func flagError(flagName, msg string) error {
	return &csvError{msg: "--" + flagName + ": " + msg}
}
