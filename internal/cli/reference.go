package cli

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/validation"
)

func runReference(ctx context.Context, args []string, std IO) int {
	return subcommand(ctx, "reference", map[string]func(context.Context, []string, IO) int{
		"load-postcodes":      runLoadPostcodes,
		"load-parent-changes": runLoadParentChanges, // reference_parent_changes.go
	}, args, std)
}

const loadPostcodesUsage = "reference load-postcodes FILE [--data DIR] [--database URL]\n\n" +
	"Loads the ONS National Statistics Postcode Lookup (NSPL) or ONS Postcode Directory (ONSPD):\n" +
	"the CSV, or the .zip as downloaded from the ONS Open Geography Portal. Columns are found by\n" +
	"header (pcds or pcd; lsoa21cd, lsoa21, lsoa11cd or lsoa11; osward, ward or wdNNcd; oslaua,\n" +
	"laua or ladNNcd). The whole lookup is replaced in one transaction: a file with a bad row\n" +
	"changes nothing, and the row and column are named."

func runLoadPostcodes(ctx context.Context, args []string, std IO) int {
	const cmd = "reference load-postcodes"
	fs := newFlagSet(cmd, loadPostcodesUsage, std)
	var db dbFlags
	db.register(fs)
	files, stop, code := parseFlagsAround(fs, args)
	if stop {
		return code
	}
	file, ok := oneFileArg(std, cmd, files, "to load (the NSPL or ONSPD .csv or .zip)")
	if !ok {
		return ExitBadInput
	}
	if !db.check(cmd, std) {
		return ExitBadInput
	}
	src, err := openPostcodeFile(file)
	if err != nil {
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitBadInput
	}
	defer src.Close()

	st, ok := db.openFor(ctx, cmd, std)
	if !ok {
		return ExitFailure
	}
	defer st.Close()

	bar := newProgressBar(std, src.size)
	counted := &countingReader{r: src, onRead: bar.bytes}
	start := time.Now()
	res, err := st.LoadPostcodes(ctx, cliActor, filepath.Base(file)+src.member,
		func(emit func(places.PostcodeArea) error) (int, error) {
			n := 0
			return places.ReadPostcodeLookup(counted, func(a places.PostcodeArea) error {
				n++
				if n%10000 == 0 {
					bar.rows(n)
				}
				return emit(a)
			})
		})
	bar.done()
	if ve, ok := validation.As(err); ok {
		fmt.Fprintf(std.Stderr, "placeboard %s: %s%s: nothing was loaded (the lookup is as it was):\n", cmd, file, src.member)
		for _, f := range ve.Fields {
			where := "column " + f.Field
			if f.Field == "file" {
				where = "the file"
			}
			if f.Row > 0 {
				fmt.Fprintf(std.Stderr, "  row %d, %s: %s\n", f.Row, where, f.Message)
			} else {
				fmt.Fprintf(std.Stderr, "  %s: %s\n", where, f.Message)
			}
		}
		if len(ve.Fields) >= places.MaxPostcodeErrors {
			fmt.Fprintf(std.Stderr, "  (stopped after %d problems)\n", places.MaxPostcodeErrors)
		}
		return ExitBadInput
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintf(std.Stderr, "placeboard %s: interrupted: nothing was loaded\n", cmd)
			return ExitInterrupted
		}
		fmt.Fprintf(std.Stderr, "placeboard %s: %v\n", cmd, err)
		return ExitFailure
	}
	fmt.Fprintf(std.Stdout, "Loaded %s postcodes from %s%s (%s rows) in %s.\n", thousands(res.Postcodes), filepath.Base(file), src.member,
		thousands(res.Rows), time.Since(start).Round(time.Millisecond))
	return ExitOK
}

// postcodeFile is the CSV to read: the file itself, or the lookup's CSV
// inside a .zip.
type postcodeFile struct {
	io.Reader
	size   int64
	member string // ":Data/NSPL_….csv" for a zip
	close  func() error
}

func (p *postcodeFile) Close() error { return p.close() }

func openPostcodeFile(name string) (*postcodeFile, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil || info.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s is not a readable file", name)
	}
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	if n < 4 || string(head) != "PK\x03\x04" {
		return &postcodeFile{Reader: f, size: info.Size(), close: f.Close}, nil
	}
	zr, err := zip.NewReader(f, info.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: not a readable zip file: %v", name, err)
	}
	entry := lookupCSV(zr.File)
	if entry == nil {
		f.Close()
		return nil, fmt.Errorf("%s: the zip holds no CSV file (expected Data/NSPL_….csv or Data/ONSPD_….csv)", name)
	}
	rc, err := entry.Open()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %s: %v", name, entry.Name, err)
	}
	return &postcodeFile{Reader: rc, size: int64(entry.UncompressedSize64), member: ":" + entry.Name,
		close: func() error { return errors.Join(rc.Close(), f.Close()) }}, nil
}

// lookupCSV picks the whole lookup from an NSPL or ONSPD download: the
// largest CSV, leaving out the per-area split files (multi_csv) and the
// names-and-codes documents, where a single CSV is not the only one.
func lookupCSV(files []*zip.File) *zip.File {
	var best *zip.File
	for _, f := range files {
		name := strings.ToLower(f.Name)
		if !strings.HasSuffix(name, ".csv") || strings.Contains(name, "multi_csv") || strings.Contains(name, "documents/") {
			continue
		}
		base := path.Base(name)
		preferred := strings.HasPrefix(base, "nspl") || strings.HasPrefix(base, "onspd")
		if best == nil {
			best = f
			continue
		}
		bestBase := path.Base(strings.ToLower(best.Name))
		bestPreferred := strings.HasPrefix(bestBase, "nspl") || strings.HasPrefix(bestBase, "onspd")
		if preferred && !bestPreferred || preferred == bestPreferred && f.UncompressedSize64 > best.UncompressedSize64 {
			best = f
		}
	}
	return best
}
