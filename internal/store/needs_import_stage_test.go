package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

// An import staged in many small batches (each its own transaction, written
// while the next is parsed) stores every row as given, a re-import keeps the
// replaced rows as versions, and a bad row after several batches have been
// committed leaves no trace: not a value, not a staged row, not a period.
func TestStagedImportInSmallBatches(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		m, err := importer.ParseMapping(strings.NewReader(`{"columns": {"area_code": "Code", "period": "Year", "value": "Value"},
			"indicator": {"id": 990003, "name": "Staged rate", "value_type": "crude_rate", "multiplier": 1000}}`))
		if err != nil {
			t.Fatal(err)
		}
		const rows, batch = 3000, 500
		// Three periods interleaved, as a file sorted by area brings them.
		file := func(areas int, value func(area, year int) string) string {
			var b strings.Builder
			b.WriteString("Code,Year,Value\n")
			for a := 0; a < areas; a++ {
				for y := 2020; y < 2023; y++ {
					fmt.Fprintf(&b, "E%08d,%d,%s\n", a, y, value(a, y))
				}
			}
			return b.String()
		}
		first := func(a, y int) string { return fmt.Sprintf("%d.25", a+y) }
		var progress []int
		run := func(name, data string) (store.IndicatorImport, error) {
			cat, err := needs.SeedCatalogue()
			if err != nil {
				t.Fatal(err)
			}
			progress = nil
			im := &importer.Importer{Catalogue: cat, Mapping: m}
			return s.ImportIndicatorsStaged(ctx, store.System, store.IndicatorImportFile{Format: needs.FormatGeneric, FileName: name}, cat,
				func(emit needs.Emit) (needs.Summary, error) {
					return im.Import(needs.FormatGeneric, name, strings.NewReader(data), emit)
				}, store.ImportOptions{BatchRows: batch, Progress: func(phase string, n int) {
					if phase == needs.PhaseStaging {
						progress = append(progress, n)
					}
				}})
		}
		values := func() map[string]float64 {
			t.Helper()
			pts, err := s.IndicatorValues(ctx, store.ValueQuery{IndicatorID: 990003})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]float64{}
			for _, p := range pts {
				out[p.AreaCode+" "+p.Period.Label] = p.Value
			}
			return out
		}

		res, err := run("first.csv", file(rows/3, first))
		if err != nil || res.Rows != rows {
			t.Fatalf("first import: %+v %v", res, err)
		}
		if len(progress) != rows/batch || progress[len(progress)-1] != rows {
			t.Errorf("staging progress %v, want %d batches ending at %d", progress, rows/batch, rows)
		}
		got := values()
		if len(got) != rows {
			t.Fatalf("%d values stored, want %d", len(got), rows)
		}
		for a := 0; a < rows/3; a++ {
			for y := 2020; y < 2023; y++ {
				if v := got[fmt.Sprintf("E%08d %d", a, y)]; v != float64(a+y)+0.25 {
					t.Fatalf("E%08d %d = %g, want %g", a, y, v, float64(a+y)+0.25)
				}
			}
		}

		// The first 400 areas again, with new values: 1,200 rows replaced.
		res, err = run("second.csv", file(400, func(a, y int) string { return fmt.Sprintf("%d.5", a) }))
		if err != nil || res.Replaced != 1200 {
			t.Fatalf("re-import: %+v %v", res, err)
		}
		got = values()
		if len(got) != rows || got["E00000399 2021"] != 399.5 || got["E00000400 2021"] != 400+2021+0.25 {
			t.Errorf("after the re-import: %d values, E00000399 %g, E00000400 %g", len(got), got["E00000399 2021"], got["E00000400 2021"])
		}
		old, by, err := s.IndicatorValueVersions(ctx, 990003, "2021")
		if err != nil || len(old) != 400 || by[0] != res.ID {
			t.Errorf("versions kept: %d by %v, %v", len(old), by, err)
		}

		// A bad row at line 2,600: five batches went in before it.
		bad := strings.Split(file(rows/3, first), "\n")
		bad[2599] = strings.Replace(bad[2599], ".25", "x", 1)
		_, err = run("bad.csv", strings.Join(bad, "\n"))
		if ie, ok := needs.AsImportError(err); !ok || ie.Errors[0].Line != 2600 {
			t.Fatalf("bad file: %v", err)
		}
		if after := values(); len(after) != len(got) || after["E00000399 2021"] != 399.5 || after["E00000500 2020"] != 500+2020+0.25 {
			t.Errorf("the failed import changed the values: %d values", len(after))
		}
		var orphans, periods int
		if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM indicator_value_rows v WHERE NOT EXISTS (SELECT 1 FROM indicator_current c
			WHERE c.indicator_id = v.indicator_id AND c.period = v.period AND c.version = v.version)`).Scan(&orphans); err != nil {
			t.Fatal(err)
		}
		if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM indicator_import_periods`).Scan(&periods); err != nil {
			t.Fatal(err)
		}
		if orphans != 0 || periods != 0 {
			t.Errorf("left behind: %d staged or replaced rows, %d import periods", orphans, periods)
		}
	})
}
