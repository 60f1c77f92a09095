// Package batch is the engine behind `placeboard stats`: it reads a CSV
// input (memory-mapped when it can), runs one internal/stats method over
// its rows or groups, and writes the result as CSV, to a stream or to a
// file that is replaced whole or not at all.
//
// Messages name options by their command-line names (--x, --multiplier,
// --type), as Columns and Options list them, so that the command can print
// them as they are.
package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/stats"
)

// Methods lists the methods Compute runs.
var Methods = []string{"proportion", "rate", "dsr", "isratio", "israte", "mean", "life-expectancy", "quantile", "funnel-limits", "funnel-points", "funnel-significance", "sii"}

// Column is an option that names an input column: its command-line name,
// the R argument it stands for (the key in Options.Columns) and what the
// column holds.
type Column struct{ Flag, Arg, Help string }

// Columns lists the options that name input columns.
var Columns = []Column{
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

// Options are the parameters of one run. NewOptions gives the defaults.
type Options struct {
	Method  string            // one of Methods
	Columns map[string]string // R argument (Column.Arg) → input column; "" or absent: not given

	GroupBy           string // comma-separated grouping columns
	Confidence        string // "0.95", "95", "0.95,0.998", "NA"; "" for the method's default
	Multiplier        string // a number; "" for the method's default
	RefValue          float64
	Type              string // full, standard, value, lower or upper
	IndependentEvents bool
	NQuantiles        int
	Invert            string // true, false, or a column of TRUE/FALSE per group
	Statistic         string // funnels: proportion, rate or ratio
	RateType          string // funnels: dsr or crude
	RatioType         string // funnel-limits: count or isr
	YearsOfData       float64
	ValueType         int // sii: 0 other, 1 rate, 2 proportion
	Transform         bool
	Repetitions       int
	Seed              int
	RII               bool
	Intercept         bool
	LEAge             string // life-expectancy: all, or start ages such as 0,65
}

// NewOptions returns the defaults for method, which follow the R package's.
func NewOptions(method string) Options {
	return Options{
		Method:            method,
		Columns:           map[string]string{},
		RefValue:          1,
		Type:              "full",
		IndependentEvents: true,
		NQuantiles:        10,
		Invert:            "true",
		Repetitions:       100000,
		Seed:              1,
		LEAge:             "all",
	}
}

// ReadInput returns the bytes of the file name, memory-mapped when it can
// be, or all of stdin when name is "-".
func ReadInput(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		if stdin == nil {
			return nil, errors.New("no input: give a FILE or pipe CSV to standard input")
		}
		return io.ReadAll(stdin)
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

// Compute parses data for o.Method and builds its output table. Bad input
// or options give an error naming the row (data rows from 1), the column
// or the option. progress, when not nil, hears of each stage.
func Compute(ctx context.Context, o Options, data []byte, progress func(format string, a ...any)) (*Table, error) {
	o.Columns = maps.Clone(o.Columns)
	if o.Columns == nil {
		o.Columns = map[string]string{}
	}
	if progress == nil {
		progress = func(string, ...any) {}
	}
	return compute(ctx, &o, data, progress)
}

// Rows is the number of data rows in the table.
func (o *Table) Rows() int { return o.rows }

// Warnings are the R package's warnings for this input.
func (o *Table) Warnings() []string { return o.warnings }

// Write writes the table to w (standard output, say).
func (o *Table) Write(w io.Writer) error {
	return o.writeTo(plainFileWriter(w), outputWriteback(w, false))
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

// flagError reports a bad option value in the same style as data errors.
func flagError(flagName, msg string) error {
	return &csvError{msg: "--" + flagName + ": " + msg}
}
