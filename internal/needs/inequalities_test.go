package needs_test

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/needs"
	"github.com/placeboard/placeboard/internal/needs/importer"
)

func TestDecileOf(t *testing.T) {
	const lsoa = "LSOA11 deprivation deciles within area (IMD  trend)"
	for _, tt := range []struct {
		typ, cat string
		want     int
		ok       bool
	}{
		// Fingertips Next's words (categories.csv), then the legacy CSV's.
		{lsoa, "Most deprived decile", 1, true},
		{lsoa, "Second most deprived decile", 2, true},
		{lsoa, "Third more deprived decile", 3, true},
		{lsoa, "Fourth more deprived decile", 4, true},
		{lsoa, "Fifth more deprived decile", 5, true},
		{lsoa, "Fifth less deprived decile", 6, true},
		{lsoa, "Fourth less deprived decile", 7, true},
		{lsoa, "Third less deprived decile", 8, true},
		{lsoa, "Second least deprived decile", 9, true},
		{lsoa, "Least deprived decile", 10, true},
		{"County & UA deprivation deciles in England (IMD2019, 4/21 geog.)", "Most deprived decile (IMD2019)", 1, true},
		{"Deprivation decile", "Least deprived decile (IMD2019)", 10, true},
		{"Deprivation decile (IMD2019)", "Decile 3", 3, true},
		{"IMD decile", "7", 7, true},
		// Not deciles of deprivation.
		{"LSOA11 deprivation quintiles in England (IMD2019)", "Most deprived quintile", 0, false},
		{"Ethnic groups", "White British", 0, false},
		{"Deprivation decile", "Decile 11", 0, false},
		{"Deprivation decile", "Unknown", 0, false},
		{"", "", 0, false},
	} {
		got, ok := needs.DecileOf(tt.typ, tt.cat)
		if got != tt.want || ok != tt.ok {
			t.Errorf("DecileOf(%q, %q) = %d, %v; want %d, %v", tt.typ, tt.cat, got, ok, tt.want, tt.ok)
		}
	}
}

// rcheckSII reads one group of the stats package's R check of phe_sii: the
// input rows of area s01 (sex F) and R's answer for a case, so the
// inequalities view is held to the same R output as internal/stats.
func rcheckSII(t *testing.T, outFile string) (in [][]string, sii, lo, hi float64) {
	t.Helper()
	read := func(name string) [][]string {
		f, err := os.Open("../stats/testdata/rcheck/" + name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	for _, r := range read("sii_rate_limits_negative_multiplier.in.csv")[1:] {
		if r[0] == "s01" {
			in = append(in, r) // area,sex,quantile,population,x,value,lower,upper,se
		}
	}
	for _, r := range read(outFile)[1:] {
		if r[0] == "s01" {
			f := func(s string) float64 {
				v, err := strconv.ParseFloat(s, 64)
				if err != nil {
					t.Fatal(err)
				}
				return v
			}
			return in, f(r[1]), f(r[2]), f(r[3])
		}
	}
	t.Fatalf("%s has no s01", outFile)
	return
}

var decileWords = []string{"", "Most deprived decile", "Second most deprived decile", "Third more deprived decile", "Fourth more deprived decile",
	"Fifth more deprived decile", "Fifth less deprived decile", "Fourth less deprived decile", "Third less deprived decile",
	"Second least deprived decile", "Least deprived decile"}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.17g, want %.17g", what, got, want)
	}
}

// TestInequalitiesSIIMatchesR: the SII and its simulated limits equal
// PHEindicatormethods' phe_sii on the R check's data (case
// sii_proportion_untransformed_standard: value_type 2, repetitions 1000,
// set.seed(5)), the deciles named in Fingertips' words and fed in any
// order; with the values as percentages (multiplier 100) the SII is R's
// times 100.
func TestInequalitiesSIIMatchesR(t *testing.T) {
	in, sii, lo, hi := rcheckSII(t, "sii_proportion_untransformed_standard.out.csv")
	if len(in) != 10 {
		t.Fatalf("%d input rows for s01, want 10", len(in))
	}
	for _, mult := range []float64{1, 100} {
		ind := needs.Indicator{ID: 7, Name: "Test proportion", ValueType: needs.ValueProportion, Multiplier: mult, Benchmark: needs.BenchmarkCI95}
		var pts []needs.DataPoint
		for i := len(in) - 1; i >= 0; i-- { // least deprived first: the view orders them
			r := in[i]
			q, _ := strconv.Atoi(r[2])
			p := needs.NewDataPoint()
			p.IndicatorID, p.AreaCode, p.Sex, p.Age = 7, "E92000001", "Persons", "All ages"
			p.Period = needs.Period{Label: "2022", From: "2022-01-01", To: "2022-12-31"}
			p.CategoryType, p.Category = "Deprivation decile (IMD2019)", decileWords[q]
			p.Denominator, _ = strconv.ParseFloat(r[3], 64)
			v, _ := strconv.ParseFloat(r[5], 64)
			l, _ := strconv.ParseFloat(r[6], 64)
			u, _ := strconv.ParseFloat(r[7], 64)
			p.Value, p.Lower95, p.Upper95 = v*mult, l*mult, u*mult
			pts = append(pts, p)
		}
		v, err := needs.BuildInequalities(ind, pts, "", "", needs.InequalityOptions{Repetitions: 1000, Seed: 5, Weights: needs.WeightsDenominator})
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Deciles) != 10 || v.Deciles[0].Decile != 1 || v.Deciles[0].Point.Category != "Most deprived decile" || v.Deciles[9].Decile != 10 {
			t.Fatalf("deciles not ordered most to least deprived: %+v", v.Deciles)
		}
		if v.SII == nil {
			t.Fatalf("no SII: %s", v.SIINote)
		}
		near(t, "sii", v.SII.Value, sii*mult)
		near(t, "sii lower 95%", v.SII.Lower, lo*mult)
		near(t, "sii upper 95%", v.SII.Upper, hi*mult)
		if v.SII.ValueType != 2 || v.SII.Repetitions != 1000 || v.SII.Seed != 5 || v.SII.Weights != needs.WeightsDenominator {
			t.Errorf("SII settings %+v", v.SII)
		}
		if !strings.Contains(v.SII.Sentence("%"), "The slope index of inequality is "+needs.FormatValue(sii*mult)+" % (95% CI ") {
			t.Errorf("sentence %q", v.SII.Sentence("%"))
		}
	}
}

// demoDeciles reads the shipped extract of indicator 93088 for England: by
// deprivation decile, and its headline values by sex and age.
func demoDeciles(t *testing.T) (needs.Indicator, []needs.DataPoint) {
	t.Helper()
	cat := seed(t)
	im := &importer.Importer{Catalogue: cat}
	_, pts, err := collect(t, im, needs.FormatFingertipsNext, "deciles.csv", extract(t, "fingertipsnext_93088_england_deciles.csv"))
	if err != nil {
		t.Fatal(err)
	}
	ind, ok := cat.Get(93088)
	if !ok {
		t.Fatal("93088 is not in the seed catalogue")
	}
	return ind, pts
}

// TestInequalitiesOfTheDemoExtract: England's adult overweight prevalence
// by LSOA decile, 2022, as published, with the SII weighted equally (a
// survey's denominators are its samples), and the values by sex.
func TestInequalitiesOfTheDemoExtract(t *testing.T) {
	ind, pts := demoDeciles(t)
	v, err := needs.BuildInequalities(ind, pts, "", "", needs.InequalityOptions{Repetitions: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if v.Period != "2022" || strings.Join(v.Periods, ",") != "2018,2019,2020,2021,2022" || v.DecileType != "LSOA11 deprivation deciles within area (IMD  trend)" {
		t.Errorf("period %q of %v, type %q", v.Period, v.Periods, v.DecileType)
	}
	if len(v.Deciles) != 10 {
		t.Fatalf("%d deciles", len(v.Deciles))
	}
	// The published values: most deprived 71.54076, least 59.55784.
	if v.Deciles[0].Point.Value != 71.54076 || v.Deciles[9].Point.Value != 59.55784 || v.Overall.Value != 63.9507 {
		t.Errorf("most %v, least %v, overall %v", v.Deciles[0].Point.Value, v.Deciles[9].Point.Value, v.Overall.Value)
	}
	// Low is good: the most deprived decile's interval lies above England's value.
	if v.Deciles[0].Comparison.Outcome != needs.Worse || v.Deciles[9].Comparison.Outcome != needs.Better {
		t.Errorf("comparisons %s, %s", v.Deciles[0].Comparison.Outcome, v.Deciles[9].Comparison.Outcome)
	}
	if v.SII == nil || v.SII.Weights != needs.WeightsEqual || v.SII.Value >= 0 || v.SII.Upper >= 0 || v.SII.Lower > v.SII.Value || v.SII.Upper < v.SII.Value {
		t.Fatalf("SII %+v (%s)", v.SII, v.SIINote)
	}
	if !strings.Contains(v.SIINote, "weighted equally") || !strings.Contains(v.SII.Sentence(""), "significantly lower towards the least deprived end") {
		t.Errorf("note %q, sentence %q", v.SIINote, v.SII.Sentence(""))
	}
	var sexes []string
	for _, s := range v.BySex {
		sexes = append(sexes, s.Point.Sex+"="+needs.FormatValue(s.Point.Value))
	}
	if strings.Join(sexes, " ") != "Persons=63.95 Female=58.57 Male=69.22" {
		t.Errorf("by sex %v", sexes)
	}
	if !strings.HasPrefix(v.SexNote, "Male values are higher than female") {
		t.Errorf("sex note %q", v.SexNote)
	}
	// An earlier period, and the errors that name their field.
	if v, err := needs.BuildInequalities(ind, pts, "2018", "", needs.InequalityOptions{Repetitions: 1000}); err != nil || v.Deciles[0].Point.Value != 67.2874 {
		t.Errorf("2018: %v %+v", err, v.Deciles)
	}
	var qe *needs.InequalityQueryError
	if _, err := needs.BuildInequalities(ind, pts, "1999", "", needs.InequalityOptions{}); !errors.As(err, &qe) || qe.Field != "period" || !strings.Contains(qe.Message, "2018, 2019") {
		t.Errorf("bad period: %v", err)
	}
	if _, err := needs.BuildInequalities(ind, pts, "", "Ethnic groups", needs.InequalityOptions{}); !errors.As(err, &qe) || qe.Field != "deciles" {
		t.Errorf("bad decile type: %v", err)
	}
}

// TestInequalitiesWithoutDeciles: values with no decile breakdown give no
// deciles and no SII, but still the values by sex; too few deciles with
// limits give no SII and say why.
func TestInequalitiesWithoutDeciles(t *testing.T) {
	ind, pts := demoDeciles(t)
	var headline, few []needs.DataPoint
	for _, p := range pts {
		if p.Category == "" {
			headline = append(headline, p)
		} else if d, _ := needs.DecileOf(p.CategoryType, p.Category); d <= 4 && p.Period.Label == "2022" {
			few = append(few, p)
		}
	}
	v, err := needs.BuildInequalities(ind, headline, "", "", needs.InequalityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Deciles) != 0 || v.SII != nil || v.SIINote != "" || len(v.BySex) != 3 || v.Period != "2022" {
		t.Errorf("without deciles: %d deciles, SII %v %q, %d sexes, period %q", len(v.Deciles), v.SII, v.SIINote, len(v.BySex), v.Period)
	}
	v, err = needs.BuildInequalities(ind, append(few, headline...), "", "", needs.InequalityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Deciles) != 4 || v.SII != nil || !strings.Contains(v.SIINote, "at least 5 deciles; 4 have them") {
		t.Errorf("four deciles: %d, SII %v, note %q", len(v.Deciles), v.SII, v.SIINote)
	}
}

// BenchmarkBuildInequalities is one inequalities answer (page or API) for
// England's adult overweight by decile, with phe_sii's default 100,000
// repetitions: computed (a new seed each time, so never from the cache),
// and repeated (the same data again, from the cache).
func BenchmarkBuildInequalities(b *testing.B) {
	cat, err := needs.SeedCatalogue()
	if err != nil {
		b.Fatal(err)
	}
	im := &importer.Importer{Catalogue: cat}
	_, pts, err := collect(b, im, needs.FormatFingertipsNext, "deciles.csv", extract(b, "fingertipsnext_93088_england_deciles.csv"))
	if err != nil {
		b.Fatal(err)
	}
	ind, _ := cat.Get(93088)
	seed := int32(1000)
	b.Run("computed", func(b *testing.B) {
		for b.Loop() {
			seed++
			if v, err := needs.BuildInequalities(ind, pts, "", "", needs.InequalityOptions{Seed: seed}); err != nil || v.SII == nil {
				b.Fatal(err, v.SIINote)
			}
		}
	})
	b.Run("repeated", func(b *testing.B) {
		for b.Loop() {
			if v, err := needs.BuildInequalities(ind, pts, "", "", needs.InequalityOptions{}); err != nil || v.SII == nil {
				b.Fatal(err, v.SIINote)
			}
		}
	})
}

// TestInequalitiesDefaultPeriodHasTheValuesBySex: an area whose values by
// sex are of an earlier period than its latest persons value has its
// profile row linked to the inequalities view (ShowsInequality), so the
// view opens on a period that has them, not on the latest persons-only
// period, where it showed nothing by sex. The other periods can still be
// chosen.
func TestInequalitiesDefaultPeriodHasTheValuesBySex(t *testing.T) {
	ind, pts := demoDeciles(t)
	var headline []needs.DataPoint
	var other []needs.OtherSeries
	earliest := ""
	for _, p := range pts {
		if p.Category == "" && (earliest == "" || p.Period.Label < earliest) {
			earliest = p.Period.Label
		}
	}
	for _, p := range pts {
		if p.Category != "" || (!strings.EqualFold(p.Sex, "Persons") && p.Period.Label != earliest) {
			continue
		}
		headline = append(headline, p)
		other = append(other, needs.OtherSeries{IndicatorID: ind.ID, Sex: p.Sex, CategoryType: p.CategoryType, Category: p.Category})
	}
	if !needs.InequalityIndicators(other)[ind.ID] {
		t.Fatal("the profile does not link the indicator to its inequalities")
	}
	v, err := needs.BuildInequalities(ind, headline, "", "", needs.InequalityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var sexes []string
	for _, s := range v.BySex {
		sexes = append(sexes, s.Point.Sex)
	}
	if v.Period != earliest || strings.Join(sexes, " ") != "Persons Female Male" || len(v.Periods) < 2 {
		t.Errorf("the view opens on %q (of %v) with %v, want %s with persons, female and male", v.Period, v.Periods, sexes, earliest)
	}
}
