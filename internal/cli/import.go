package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/store"
)

func runImport(ctx context.Context, args []string, std IO) int {
	return subcommand(ctx, "import", map[string]func(context.Context, []string, IO) int{
		"indicators": runImportIndicators,
	}, args, std)
}

const importIndicatorsUsage = "import indicators FILE --format fingertips|fingertips-next|generic [--mapping FILE] [--data DIR] [--database URL]"

func runImportIndicators(ctx context.Context, args []string, std IO) int {
	fs := newFlagSet("import indicators", importIndicatorsUsage, std)
	format := fs.String("format", "", "file `FORMAT`: fingertips (Fingertips CSV export), fingertips-next (Fingertips Next health-data CSV) or generic (CSV or XLSX with --mapping)")
	mappingPath := fs.String("mapping", "", "column mapping `FILE` (JSON) for --format generic")
	var db dbFlags
	db.register(fs)
	// Flags may come before or after FILE.
	var files []string
	rest := args
	for {
		if stop, code := parseFlags(fs, rest); stop {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	const cmd = "import indicators"
	switch {
	case len(files) == 0:
		fmt.Fprintf(std.Stderr, "placeboard %s: name the FILE to import\nUsage: placeboard %s\n", cmd, importIndicatorsUsage)
		return ExitBadInput
	case len(files) > 1:
		fmt.Fprintf(std.Stderr, "placeboard %s: one FILE at a time (got %q and %q)\n", cmd, files[0], files[1])
		return ExitBadInput
	}
	f, ok := needs.ParseFormat(*format)
	if !ok {
		fmt.Fprintf(std.Stderr, "placeboard %s: --format must be fingertips, fingertips-next or generic (got %q)\n", cmd, *format)
		return ExitBadInput
	}
	var mapping *importer.Mapping
	switch {
	case f == needs.FormatGeneric && *mappingPath == "":
		fmt.Fprintf(std.Stderr, "placeboard %s: --format generic needs --mapping FILE\n", cmd)
		return ExitBadInput
	case f != needs.FormatGeneric && *mappingPath != "":
		fmt.Fprintf(std.Stderr, "placeboard %s: --mapping is only for --format generic\n", cmd)
		return ExitBadInput
	case *mappingPath != "":
		mf, err := os.Open(*mappingPath)
		if err != nil {
			fmt.Fprintf(std.Stderr, "placeboard %s: --mapping: %v\n", cmd, err)
			return ExitBadInput
		}
		mapping, err = importer.ParseMapping(mf)
		mf.Close()
		if err != nil {
			fmt.Fprintf(std.Stderr, "placeboard %s: mapping file %s: %v\n", cmd, *mappingPath, mappingErr(err))
			return ExitBadInput
		}
	}
	if !db.check(cmd, std) {
		return ExitBadInput
	}
	file, err := os.Open(files[0])
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitBadInput
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil || info.IsDir() {
		fmt.Fprintf(std.Stderr, "placeboard %s: %s is not a readable file\n", cmd, files[0])
		return ExitBadInput
	}

	st, err := db.openStore(ctx, slog.New(slog.DiscardHandler), std)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitFailure
	}
	defer st.Close()
	cat, err := st.NeedsCatalogue(ctx)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitFailure
	}

	bar := newProgressBar(std, info.Size())
	counted := &countingReader{r: file, onRead: bar.bytes}
	im := &importer.Importer{Catalogue: cat, Mapping: mapping, ProgressEvery: 10000, Progress: bar.rows}
	start := time.Now()
	name := filepath.Base(files[0])
	res, err := st.ImportIndicators(ctx, cliActor, store.IndicatorImportFile{Format: f, FileName: name}, cat,
		func(emit needs.Emit) (needs.Summary, error) { return im.Import(f, name, counted, emit) })
	bar.done()
	if ie, ok := needs.AsImportError(err); ok {
		fmt.Fprintf(std.Stderr, "placeboard %s: %s: %v\n", cmd, files[0], ie)
		return ExitBadInput
	}
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitFailure
	}
	fmt.Fprintf(std.Stdout, "Imported %d rows from %s in %s (import %d): %d indicators; %d computed from counts, %d verified against counts, %d kept as published.\n",
		res.Rows, name, time.Since(start).Round(time.Millisecond), res.ID, len(res.Summary.Indicators), res.Computed, res.Verified, res.Precomputed)
	if res.Skipped > 0 {
		fmt.Fprintf(std.Stdout, "Skipped %d rows that exactly repeat earlier rows.\n", res.Skipped)
	}
	if res.Replaced > 0 {
		fmt.Fprintf(std.Stdout, "Replaced %d earlier values; they are kept as versions.\n", res.Replaced)
	}
	if res.Summary.ParentComparisonColumn != "" {
		fmt.Fprintf(std.Stdout, "Parent comparison column: %q.\n", res.Summary.ParentComparisonColumn)
	}
	for _, ind := range res.Summary.NewIndicators {
		fmt.Fprintf(std.Stdout, "New indicator %d %q: %s.\n", ind.ID, ind.Name, ind.MetadataOrigin)
	}
	return ExitOK
}

func mappingErr(err error) string {
	ie, ok := needs.AsImportError(err)
	if !ok {
		return err.Error()
	}
	var parts []string
	for _, e := range ie.Errors {
		if e.Column != "" {
			parts = append(parts, e.Column+": "+e.Message)
		} else {
			parts = append(parts, e.Message)
		}
	}
	return strings.Join(parts, "; ")
}

type countingReader struct {
	r      io.Reader
	n      int64
	onRead func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.onRead != nil {
		c.onRead(c.n)
	}
	return n, err
}

// progressBar draws "[#####     ]  48%  480,000 rows" on a terminal's
// standard error; elsewhere it stays silent.
type progressBar struct {
	w       io.Writer
	on      bool
	total   int64
	read    int64
	nrows   int
	last    time.Time
	started bool
}

func newProgressBar(std IO, total int64) *progressBar {
	return &progressBar{w: std.Stderr, on: std.IsTerminal && total > 0, total: total}
}

func (p *progressBar) bytes(n int64) { p.read = n; p.draw(false) }
func (p *progressBar) rows(n int)    { p.nrows = n; p.draw(false) }

func (p *progressBar) draw(force bool) {
	if !p.on || (!force && time.Since(p.last) < 100*time.Millisecond) {
		return
	}
	p.last = time.Now()
	p.started = true
	frac := float64(p.read) / float64(p.total)
	if frac > 1 {
		frac = 1
	}
	const width = 30
	filled := int(frac * width)
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%%  %s rows", strings.Repeat("#", filled), strings.Repeat(" ", width-filled), frac*100, thousands(p.nrows))
}

func (p *progressBar) done() {
	if p.on && p.started {
		p.read = p.total
		p.draw(true)
		fmt.Fprintln(p.w)
	}
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
