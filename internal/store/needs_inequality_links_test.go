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

// TestAreaProfileInputsOtherSeries: a profile's data name the area's
// series by sex or category with a value, of any current period, so its
// rows say which indicators have inequalities to show; a re-import's
// staged rows count only once they are current.
func TestAreaProfileInputsOtherSeries(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		mapping := func(id int, name string) *importer.Mapping {
			m, err := importer.ParseMapping(strings.NewReader(fmt.Sprintf(`{"columns": {"area_code": "Code", "period": "Year", "sex": "Sex",
				"category_type": "Type", "category": "Category", "count": "N", "denominator": "D"},
				"indicator": {"id": %d, "name": %q, "value_type": "proportion", "polarity": "low_is_good"}}`, id, name)))
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		const withDeciles, plain = 990011, 990012
		const deciles = "County & UA deprivation deciles in England (IMD2019, 4/23 geog.)"
		// Every area persons 2020–2022; Hartlepool also by decile in 2021
		// only (an earlier period than its latest) and by ethnic group.
		file := func(extra string) string {
			var b strings.Builder
			b.WriteString("Code,Year,Sex,Type,Category,N,D\n")
			for y := 2020; y <= 2022; y++ {
				for i, code := range []string{storetest.England, storetest.Hartlepool, storetest.Durham} {
					fmt.Fprintf(&b, "%s,%d,Persons,,,%d,1000\n", code, y, 100+5*i)
				}
			}
			b.WriteString(extra)
			return b.String()
		}
		first := file(storetest.Hartlepool + ",2021,Persons,\"" + deciles + "\",Most deprived decile (IMD2019),150,1000\n" +
			storetest.Hartlepool + ",2021,Persons,\"" + deciles + "\",Least deprived decile (IMD2019),90,1000\n")
		if _, _, err := importFile(t, s, needs.FormatGeneric, "deciles.csv", strings.NewReader(first), mapping(withDeciles, "With deciles")); err != nil {
			t.Fatal(err)
		}
		if _, _, err := importFile(t, s, needs.FormatGeneric, "plain.csv", strings.NewReader(file(storetest.Hartlepool+",2022,Persons,Ethnic groups,Asian,120,1000\n")),
			mapping(plain, "Plain")); err != nil {
			t.Fatal(err)
		}
		// has reports HasInequalities of each indicator's rows, or what is
		// wrong.
		has := func() string {
			cat, err := s.NeedsCatalogue(ctx)
			if err != nil {
				return err.Error()
			}
			d, err := s.AreaProfileInputs(ctx, storetest.Hartlepool, "utla", needs.EnglandCode)
			if err != nil {
				return err.Error()
			}
			got := map[int]bool{}
			for _, r := range needs.BuildProfileData(cat, storetest.Hartlepool, needs.EnglandCode, d) {
				got[r.Indicator.ID] = got[r.Indicator.ID] || r.HasInequalities
			}
			return fmt.Sprintf("deciles %v, plain %v", got[withDeciles], got[plain])
		}
		if got, want := has(), "deciles true, plain false"; got != want {
			t.Fatalf("after the imports: %s, want %s", got, want)
		}
		// Re-import the plain indicator with Hartlepool's values by sex:
		// while staged they are not current and do not count.
		cat, err := needs.SeedCatalogue()
		if err != nil {
			t.Fatal(err)
		}
		im := &importer.Importer{Catalogue: cat, Mapping: mapping(plain, "Plain")}
		bySex := file(storetest.Hartlepool + ",2022,Male,,,130,1000\n" + storetest.Hartlepool + ",2022,Female,,,110,1000\n")
		seen := map[string]string{}
		_, err = s.ImportIndicatorsStaged(ctx, store.System, store.IndicatorImportFile{Format: needs.FormatGeneric, FileName: "by-sex.csv"}, cat,
			func(emit needs.Emit) (needs.Summary, error) {
				return im.Import(needs.FormatGeneric, "by-sex.csv", strings.NewReader(bySex), emit)
			}, store.ImportOptions{Progress: func(phase string, _ int) {
				if _, ok := seen[phase]; !ok && phase == needs.PhaseSwapping {
					seen[phase] = has()
				}
			}})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := seen[needs.PhaseSwapping], "deciles true, plain false"; got != want {
			t.Errorf("while staged: %s, want %s", got, want)
		}
		if got, want := has(), "deciles true, plain true"; got != want {
			t.Errorf("after the re-import: %s, want %s", got, want)
		}
	})
}
