package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/validation"
)

func importFile(t *testing.T, s *store.Store, f needs.Format, name string, r io.Reader, m *importer.Mapping) (store.IndicatorImport, *needs.Catalogue, error) {
	t.Helper()
	cat, err := needs.SeedCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	im := &importer.Importer{Catalogue: cat, Mapping: m}
	res, err := s.ImportIndicators(context.Background(), store.System, store.IndicatorImportFile{Format: f, FileName: name}, cat,
		func(emit needs.Emit) (needs.Summary, error) { return im.Import(f, name, r, emit) })
	return res, cat, err
}

func openExtract(t *testing.T, name string) io.Reader {
	t.Helper()
	r, err := needs.OpenExtract(name)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestImportIndicatorsRoundTrip(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		res, _, err := importFile(t, s, needs.FormatFingertips, "london.csv", openExtract(t, "fingertips_london_utla_2023.csv"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Rows != 231 || res.Replaced != 0 || res.Verified == 0 {
			t.Errorf("import %+v", res)
		}
		n, _ := s.CountIndicatorValues(ctx)
		if n != 231 {
			t.Errorf("%d values stored", n)
		}
		inds, err := s.ListIndicators(ctx)
		if err != nil || len(inds) != 7 {
			t.Fatalf("indicators %d %v", len(inds), err)
		}
		ind, err := s.GetIndicator(ctx, 93701)
		if err != nil || ind.ValueType != needs.ValueProportion || ind.Polarity != needs.LowIsGood {
			t.Errorf("93701 = %+v %v", ind, err)
		}
		if _, err := s.GetIndicator(ctx, 1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing indicator err = %v", err)
		}
		// Values come back exactly as imported, NULLs as missing.
		pts, err := s.IndicatorValues(ctx, store.ValueQuery{IndicatorID: 93701, AreaCodes: []string{"E09000002", "E09000001"}})
		if err != nil || len(pts) != 2 {
			t.Fatalf("values %v %v", pts, err)
		}
		bd := pts[1]
		if pts[0].AreaCode != "E09000001" || needs.Has(pts[0].Value) || pts[0].Note == "" {
			t.Errorf("City of London %+v", pts[0])
		}
		if bd.Value != 19.10248742 || bd.Lower95 != 18.78142455 || bd.Upper95 != 19.42772591 || bd.Count != 10859 || bd.Denominator != 56846 ||
			bd.Origin != needs.OriginVerified || !needs.Has(bd.Lower998) || bd.Period.From != "2021-04-01" || bd.Period.Type != needs.PeriodFinancial {
			t.Errorf("Barking and Dagenham %+v", bd)
		}
		// The import is in the audit log and the chain verifies.
		rep, err := s.VerifyAudit(ctx)
		if err != nil || rep.Entries == 0 || rep.Rows == 0 {
			t.Errorf("audit verify %+v %v", rep, err)
		}
	})
}

func TestImportBadRowLeavesDatabaseUnchanged(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, _, err := importFile(t, s, needs.FormatFingertips, "london.csv", openExtract(t, "fingertips_london_utla_2023.csv"), nil); err != nil {
			t.Fatal(err)
		}
		before, _ := s.CountIndicatorValues(ctx)
		imports, _ := s.ListIndicatorImports(ctx, 10)
		// A generated generic file with a bad row in the middle: rows before
		// it have been written inside the transaction and must vanish.
		const rows, bad = 5000, 2500
		var b strings.Builder
		b.WriteString("Code,Year,Numerator,Denominator\n")
		for i := 2; i <= rows+1; i++ {
			num := "5"
			if i == bad {
				num = "five"
			}
			fmt.Fprintf(&b, "E%08d,2022,%s,100\n", i, num)
		}
		m, err := importer.ParseMapping(strings.NewReader(`{"columns": {"area_code": "Code", "period": "Year", "count": "Numerator", "denominator": "Denominator"},
			"indicator": {"id": 990001, "name": "Generated", "value_type": "proportion"}}`))
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = importFile(t, s, needs.FormatGeneric, "gen.csv", strings.NewReader(b.String()), m)
		ie, ok := needs.AsImportError(err)
		if !ok || ie.Errors[0].Line != bad || ie.Errors[0].Column != "Numerator" {
			t.Fatalf("err = %v", err)
		}
		after, _ := s.CountIndicatorValues(ctx)
		imports2, _ := s.ListIndicatorImports(ctx, 10)
		if after != before || len(imports2) != len(imports) {
			t.Errorf("values %d → %d, imports %d → %d", before, after, len(imports), len(imports2))
		}
		if _, err := s.GetIndicator(ctx, 990001); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the failed import's indicator was stored: %v", err)
		}
		// A duplicate row is an error naming both lines.
		dup := "Code,Year,Numerator,Denominator\nE06000001,2022,1,10\nE06000002,2022,1,10\nE06000001,2022,2,10\n"
		_, _, err = importFile(t, s, needs.FormatGeneric, "dup.csv", strings.NewReader(dup), m)
		if ie, ok := needs.AsImportError(err); !ok || ie.Errors[0].Line != 4 || !strings.Contains(ie.Errors[0].Message, "line 2") {
			t.Errorf("duplicate err = %v", err)
		}
		// An exact repeat is skipped and counted.
		same := "Code,Year,Numerator,Denominator\nE06000001,2022,1,10\nE06000002,2022,1,10\nE06000001,2022,1,10\n"
		res, _, err := importFile(t, s, needs.FormatGeneric, "same.csv", strings.NewReader(same), m)
		if err != nil || res.Skipped != 1 || res.Rows != 2 {
			t.Errorf("exact repeat: %+v %v", res, err)
		}
	})
}

func TestReimportReplacesPeriodAndKeepsVersion(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		m, err := importer.ParseMapping(strings.NewReader(`{"columns": {"area_code": "Code", "period": "Year", "value": "Value"},
			"indicator": {"id": 990002, "name": "Local rate", "value_type": "crude_rate", "multiplier": 1000}}`))
		if err != nil {
			t.Fatal(err)
		}
		first := "Code,Year,Value\nE06000001,2021,1.5\nE06000002,2021,2.5\nE06000001,2022,3.5\nE06000004,2022,6.5\n"
		r1, _, err := importFile(t, s, needs.FormatGeneric, "v1.csv", strings.NewReader(first), m)
		if err != nil {
			t.Fatal(err)
		}
		second := "Code,Year,Value\nE06000001,2022,4.5\nE06000003,2022,5.5\n"
		r2, _, err := importFile(t, s, needs.FormatGeneric, "v2.csv", strings.NewReader(second), m)
		if err != nil {
			t.Fatal(err)
		}
		if r2.Replaced != 1 {
			t.Errorf("replaced %d", r2.Replaced)
		}
		cur, _ := s.IndicatorValues(ctx, store.ValueQuery{IndicatorID: 990002})
		got := []string{}
		for _, p := range cur {
			got = append(got, fmt.Sprintf("%s %s %g", p.Period.Label, p.AreaCode, p.Value))
		}
		// E06000004 is not in the second file: its 2022 value stays.
		want := "2021 E06000001 1.5|2021 E06000002 2.5|2022 E06000001 4.5|2022 E06000003 5.5|2022 E06000004 6.5"
		if strings.Join(got, "|") != want {
			t.Errorf("current values %v, want %s", got, want)
		}
		old, by, err := s.IndicatorValueVersions(ctx, 990002, "2022")
		if err != nil || len(old) != 1 || old[0].Value != 3.5 || by[0] != r2.ID || r1.ID == r2.ID {
			t.Errorf("versions %+v by %v err %v", old, by, err)
		}
		imps, _ := s.ListIndicatorImports(ctx, 10)
		if len(imps) != 2 || imps[0].ID != r2.ID || imps[0].Summary.Rows != 2 {
			t.Errorf("imports %+v", imps)
		}
		// Area type filter: the reference fixture knows which codes are UTLAs.
		if _, err := s.IndicatorValues(ctx, store.ValueQuery{IndicatorID: 990002, AreaType: "utla"}); err != nil {
			t.Error(err)
		}
	})
}

func TestAreaProfileData(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		m, err := importer.ParseMapping(strings.NewReader(`{"columns": {"area_code": "Code", "period": "Year", "count": "N", "denominator": "D"},
			"indicator": {"id": 990003, "name": "Local proportion", "value_type": "proportion", "polarity": "low_is_good"}}`))
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		b.WriteString("Code,Year,N,D\n")
		counts := map[string]int{storetest.England: 1000, storetest.Hartlepool: 150, storetest.Durham: 95, storetest.Northumb: 100, storetest.Cumbria: 60}
		for y := 2018; y <= 2022; y++ {
			for _, code := range []string{storetest.England, storetest.Hartlepool, storetest.Durham, storetest.Northumb, storetest.Cumbria} {
				// Hartlepool rises each year; the others stay put.
				n := counts[code]
				if code == storetest.Hartlepool {
					n += (y - 2018) * 40
				}
				fmt.Fprintf(&b, "%s,%d,%d,1000\n", code, y, n)
			}
		}
		// England's denominator is larger: its value is 10%.
		data := strings.ReplaceAll(b.String(), storetest.England+",", "ENGLAND,")
		data = strings.ReplaceAll(data, "ENGLAND,2018,1000,1000", "ENGLAND,2018,1000,10000")
		for y := 2019; y <= 2022; y++ {
			data = strings.ReplaceAll(data, fmt.Sprintf("ENGLAND,%d,1000,1000", y), fmt.Sprintf("ENGLAND,%d,1000,10000", y))
		}
		data = strings.ReplaceAll(data, "ENGLAND,", storetest.England+",")
		res, cat, err := importFile(t, s, needs.FormatGeneric, "p.csv", strings.NewReader(data), m)
		if err != nil || res.Rows != 25 {
			t.Fatalf("%+v %v", res, err)
		}
		latest, series, err := s.AreaProfileData(ctx, storetest.Hartlepool, "utla", needs.EnglandCode)
		if err != nil {
			t.Fatal(err)
		}
		if len(series) != 5 || len(latest) != 5 {
			t.Fatalf("series %d latest %d", len(series), len(latest))
		}
		rows := needs.BuildProfile(cat, storetest.Hartlepool, needs.EnglandCode, latest, series)
		if len(rows) != 1 {
			t.Fatalf("rows %+v", rows)
		}
		r := rows[0]
		if r.Period != "2022" || r.Area.Value != 31 || r.Benchmark.Value != 10 || r.Comparison.Outcome != needs.Worse || r.Areas != 4 || r.Max != 31 || r.Min != 6 {
			t.Errorf("profile row %+v", r)
		}
		if r.Trend.Marker != needs.TrendIncreasing || r.Trend.Direction != needs.Worse {
			t.Errorf("trend %+v", r.Trend)
		}
	})
}

func TestPriorityNotesAndPublications(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		n, err := s.SetPriorityNote(ctx, store.System, needs.PriorityNote{AreaCode: storetest.Hartlepool, IndicatorID: 93701, Pinned: true, Note: "Child poverty: first"})
		if err != nil || n.ID == 0 {
			t.Fatalf("%+v %v", n, err)
		}
		if _, err := s.SetPriorityNote(ctx, store.System, needs.PriorityNote{AreaCode: storetest.Hartlepool, IndicatorID: 93701, Pinned: false, Note: "changed"}); err != nil {
			t.Fatal(err)
		}
		_, err = s.SetPriorityNote(ctx, store.System, needs.PriorityNote{AreaCode: storetest.Hartlepool, IndicatorID: 93701, Note: strings.Repeat("a", needs.MaxPriorityNote+1)})
		if ve, ok := validation.As(err); !ok || !ve.Has("note") {
			t.Errorf("overlong note err = %v", err)
		}
		notes, err := s.PriorityNotes(ctx, storetest.Hartlepool)
		if err != nil || len(notes) != 1 || notes[93701].Pinned || notes[93701].Note != "changed" {
			t.Errorf("notes %+v %v", notes, err)
		}
		if _, err := s.LatestPriorityPublication(ctx, storetest.Hartlepool); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("no publication yet: %v", err)
		}
		if _, err := s.PublishPriorities(ctx, store.System, needs.PriorityPublication{AreaCode: storetest.Hartlepool, Title: " "}); err == nil {
			t.Error("publication without a title accepted")
		}
		p, err := s.PublishPriorities(ctx, store.System, needs.PriorityPublication{AreaCode: storetest.Hartlepool, Title: "JSNA 2026", Ranking: `[{"rank":1}]`})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.LatestPriorityPublication(ctx, storetest.Hartlepool)
		if err != nil || got.ID != p.ID || got.Ranking != `[{"rank":1}]` {
			t.Errorf("latest %+v %v", got, err)
		}
		if rep, err := s.VerifyAudit(ctx); err != nil || rep.Entries < 3 {
			t.Errorf("audit %+v %v", rep, err)
		}
	})
}

// TestAreaProfileInputsTakesTheAreasOwnLatestPeriods: an area missing an
// indicator's newest periods is profiled on its own latest five (what the
// recent trend uses) and compared with its peers in its latest one, and a
// second import moves the cached peer groups to the new values.
func TestAreaProfileInputsTakesTheAreasOwnLatestPeriods(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		m, err := importer.ParseMapping(strings.NewReader(`{"columns": {"area_code": "Code", "period": "Year", "count": "N", "denominator": "D"},
			"indicator": {"id": 990004, "name": "Gappy proportion", "value_type": "proportion", "polarity": "low_is_good"}}`))
		if err != nil {
			t.Fatal(err)
		}
		file := func(bump int) string {
			var b strings.Builder
			b.WriteString("Code,Year,N,D\n")
			for y := 2014; y <= 2023; y++ {
				for i, code := range []string{storetest.England, storetest.Hartlepool, storetest.Durham, storetest.Northumb, storetest.Cumbria} {
					if code == storetest.Hartlepool && y > 2020 {
						continue // Hartlepool's last three years are missing
					}
					fmt.Fprintf(&b, "%s,%d,%d,1000\n", code, y, 100+10*i+y-2014+bump)
				}
			}
			return b.String()
		}
		if _, _, err := importFile(t, s, needs.FormatGeneric, "gappy.csv", strings.NewReader(file(0)), m); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name       string
			bump       int
			wantDurham float64
		}{
			{"first import", 0, 12.6},
			{"after a re-import", 50, 17.6},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if tt.bump != 0 {
					if _, _, err := importFile(t, s, needs.FormatGeneric, "gappy2.csv", strings.NewReader(file(tt.bump)), m); err != nil {
						t.Fatal(err)
					}
				}
				// Hartlepool's read must not change after Durham's, whose
				// periods (2021–2023) fill the peer cache for later dates.
				var first needs.ProfileData
				for i, area := range []string{storetest.Hartlepool, storetest.Durham} {
					d, err := s.AreaProfileInputs(ctx, area, "utla", needs.EnglandCode)
					if err != nil {
						t.Fatal(err)
					}
					if i == 0 {
						first = d
					}
				}
				d, err := s.AreaProfileInputs(ctx, storetest.Hartlepool, "utla", needs.EnglandCode)
				if err != nil {
					t.Fatal(err)
				}
				// %+v, not DeepEqual: older series rows leave their 99.8%
				// limits missing (NaN), which DeepEqual never finds equal.
				if fmt.Sprintf("%+v", first.Series) != fmt.Sprintf("%+v", d.Series) || fmt.Sprintf("%+v", first.Latest) != fmt.Sprintf("%+v", d.Latest) {
					t.Errorf("profile read differs once the dates are known:\n%+v\n%+v", first.Series, d.Series)
				}
				var periods []string
				for _, p := range d.Series {
					periods = append(periods, p.Period.Label)
				}
				if got := strings.Join(periods, ","); got != "2016,2017,2018,2019,2020" {
					t.Errorf("series periods %s, want Hartlepool's own latest five", got)
				}
				if len(d.Latest) != 1 || d.Latest[0].Period.Label != "2020" || len(d.Groups) != 1 || d.Groups[0].Period != "2020" {
					t.Fatalf("latest %+v groups %+v", d.Latest, d.Groups)
				}
				var durham float64
				for _, pv := range d.Groups[0].Peers {
					if pv.AreaCode == storetest.Durham {
						durham = pv.Value
					}
				}
				if math.Abs(durham-tt.wantDurham) > 1e-9 || len(d.Groups[0].Benchmark) != 1 {
					t.Errorf("Durham in 2020 = %v, want %v; benchmark %+v", durham, tt.wantDurham, d.Groups[0].Benchmark)
				}
			})
		}
	})
}

// TestAreaProfileInputsReadsTheCurrentVersion profiles an area while a
// re-import has staged its rows (not yet current) and while it deletes the
// rows it replaced: the (area, series) index a profile reads holds every
// version, and only the current one may show.
func TestAreaProfileInputsReadsTheCurrentVersion(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		m, err := importer.ParseMapping(strings.NewReader(`{"columns": {"area_code": "Code", "period": "Year", "count": "N", "denominator": "D"},
			"indicator": {"id": 990005, "name": "Versioned proportion", "value_type": "proportion", "polarity": "low_is_good"}}`))
		if err != nil {
			t.Fatal(err)
		}
		// Hartlepool's count is 105+bump every year, of 1,000.
		file := func(bump int) string {
			var b strings.Builder
			b.WriteString("Code,Year,N,D\n")
			for y := 2015; y <= 2022; y++ {
				for i, code := range []string{storetest.England, storetest.Hartlepool, storetest.Durham, storetest.Northumb} {
					fmt.Fprintf(&b, "%s,%d,%d,1000\n", code, y, 100+5*i+bump)
				}
			}
			return b.String()
		}
		if _, _, err := importFile(t, s, needs.FormatGeneric, "first.csv", strings.NewReader(file(0)), m); err != nil {
			t.Fatal(err)
		}
		// The series' values (each the year's value), or what is wrong.
		profile := func() string {
			d, err := s.AreaProfileInputs(ctx, storetest.Hartlepool, "utla", needs.EnglandCode)
			if err != nil {
				return err.Error()
			}
			var vals []string
			for _, p := range d.Series {
				vals = append(vals, fmt.Sprintf("%s:%g", p.Period.Label, p.Value))
			}
			if len(d.Latest) != 1 || len(d.Series) == 0 || fmt.Sprint(d.Latest[0]) != fmt.Sprint(d.Series[len(d.Series)-1]) {
				return fmt.Sprintf("latest %+v", d.Latest)
			}
			return strings.Join(vals, " ")
		}
		const before, after = "2018:10.5 2019:10.5 2020:10.5 2021:10.5 2022:10.5", "2018:15.5 2019:15.5 2020:15.5 2021:15.5 2022:15.5"
		if got := profile(); got != before {
			t.Fatalf("first import: %s, want %s", got, before)
		}
		seen := map[string]string{}
		cat, err := needs.SeedCatalogue()
		if err != nil {
			t.Fatal(err)
		}
		im := &importer.Importer{Catalogue: cat, Mapping: m}
		_, err = s.ImportIndicatorsStaged(ctx, store.System, store.IndicatorImportFile{Format: needs.FormatGeneric, FileName: "second.csv"}, cat,
			func(emit needs.Emit) (needs.Summary, error) {
				return im.Import(needs.FormatGeneric, "second.csv", strings.NewReader(file(50)), emit)
			}, store.ImportOptions{Progress: func(phase string, _ int) {
				if _, ok := seen[phase]; !ok && (phase == needs.PhaseSwapping || phase == needs.PhaseCleaning) {
					seen[phase] = profile()
				}
			}})
		if err != nil {
			t.Fatal(err)
		}
		for phase, want := range map[string]string{needs.PhaseSwapping: before, needs.PhaseCleaning: after, "done": after} {
			got, ok := seen[phase]
			if phase == "done" {
				got, ok = profile(), true
			}
			if !ok || got != want {
				t.Errorf("%s: profile %q, want %q", phase, got, want)
			}
		}
	})
}
