package needs_test

import (
	"io"
	"sort"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
)

// seed is the seed catalogue, failing the test if it does not load.
func seed(t testing.TB) *needs.Catalogue {
	t.Helper()
	c, err := needs.SeedCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// extract opens one of the real extracts the tests parse.
func extract(t testing.TB, name string) io.Reader {
	t.Helper()
	r, err := needs.OpenExtract(name)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// collect parses a file and returns its points in file order.
func collect(t testing.TB, im *importer.Importer, f needs.Format, name string, r io.Reader) (needs.Summary, []needs.DataPoint, error) {
	t.Helper()
	type lined struct {
		line int
		p    needs.DataPoint
	}
	var got []lined
	sum, err := im.Import(f, name, r, func(line int, p needs.DataPoint) error {
		got = append(got, lined{line, p})
		return nil
	})
	sort.SliceStable(got, func(i, j int) bool { return got[i].line < got[j].line })
	pts := make([]needs.DataPoint, len(got))
	for i, g := range got {
		pts[i] = g.p
	}
	return sum, pts, err
}
