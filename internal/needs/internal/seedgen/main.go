// Command seedgen builds internal/needs/seed/indicators.json.gz, the
// catalogue placeboard starts with, from the Fingertips Next metadata
// (indicators.json), the Fingertips API catalogue CSV and our overrides.
//
//	go run ./internal/needs/internal/seedgen \
//	  -meta ../shared/anchors/uk/fingertips/fingertipsnext_indicators_meta.json \
//	  -catalogue ../shared/anchors/uk/fingertips/fingertipsnext_ft_indicator_catalogue.csv \
//	  -overrides internal/needs/seed/overrides.csv -out internal/needs/seed/indicators.json.gz
package main

import (
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/needs"
)

type meta struct {
	IndicatorID       int     `json:"indicatorID"`
	IndicatorName     string  `json:"indicatorName"`
	Definition        string  `json:"indicatorDefinition"`
	Rationale         string  `json:"rationale"`
	DataSource        string  `json:"dataSource"`
	CountSource       *string `json:"countSource"`
	DenominatorSource *string `json:"denominatorSource"`
	UnitLabel         string  `json:"unitLabel"`
	UnitValue         string  `json:"unitValue"`
	ValueType         string  `json:"valueType"`
	CIMethod          string  `json:"ciMethod"`
	Polarity          string  `json:"polarity"`
	Benchmark         string  `json:"benchmarkComparisonMethod"`
	Frequency         string  `json:"frequency"`
	StandardPop       *string `json:"standardPopulation"`
	Caveats           *string `json:"caveats"`
}

func main() {
	metaPath := flag.String("meta", "", "Fingertips Next indicators.json")
	catPath := flag.String("catalogue", "", "Fingertips catalogue CSV")
	overPath := flag.String("overrides", "", "overrides CSV")
	out := flag.String("out", "", "output .json.gz")
	flag.Parse()
	if err := run(*metaPath, *catPath, *overPath, *out); err != nil {
		fmt.Fprintln(os.Stderr, "seedgen:", err)
		os.Exit(1)
	}
}

func clean(s string) string {
	return strings.TrimSpace(strings.Join(strings.Fields(html.UnescapeString(s)), " "))
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return clean(*p)
}

func run(metaPath, catPath, overPath, out string) error {
	byID := map[int]*needs.Indicator{}

	// The catalogue first: it has the widest coverage but no polarity.
	f, err := os.Open(catPath)
	if err != nil {
		return err
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		return err
	}
	for _, r := range rows[1:] {
		id, err := strconv.Atoi(r[0])
		if err != nil {
			return fmt.Errorf("catalogue id %q: %w", r[0], err)
		}
		vt, ok := needs.ParseValueType(r[5])
		if !ok {
			vt = needs.ValueOther
		}
		mult, _ := strconv.ParseFloat(r[4], 64)
		if mult == 0 {
			mult = 1
		}
		byID[id] = &needs.Indicator{
			ID: id, Name: clean(r[1]), Unit: clean(r[3]), ValueType: vt, Multiplier: mult,
			CIMethod: clean(r[7]), Benchmark: needs.BenchmarkCI95, PeriodType: needs.ParsePeriodType(r[6]),
			Sources: nonEmpty(clean(r[2])), Sex: "Persons",
			MetadataOrigin: "Fingertips API indicator catalogue (ft.json, FingertipsNext @2f2c803); polarity not given there",
		}
	}

	// Fingertips Next metadata is richer: it wins where both have the id.
	raw, err := os.ReadFile(metaPath)
	if err != nil {
		return err
	}
	var metas []meta
	if err := json.Unmarshal(raw, &metas); err != nil {
		return err
	}
	for _, m := range metas {
		vt, ok := needs.ParseValueType(m.ValueType)
		if !ok {
			return fmt.Errorf("indicator %d: unknown value type %q", m.IndicatorID, m.ValueType)
		}
		pol, ok := needs.ParsePolarity(m.Polarity)
		if !ok {
			return fmt.Errorf("indicator %d: unknown polarity %q", m.IndicatorID, m.Polarity)
		}
		bm, ok := needs.ParseBenchmarkMethod(m.Benchmark)
		if !ok {
			return fmt.Errorf("indicator %d: unknown benchmark method %q", m.IndicatorID, m.Benchmark)
		}
		mult, _ := strconv.ParseFloat(m.UnitValue, 64)
		if mult == 0 {
			mult = 1
		}
		periodType := needs.PeriodCalendar
		if old, ok := byID[m.IndicatorID]; ok {
			periodType = old.PeriodType
		}
		ind := &needs.Indicator{
			ID: m.IndicatorID, Name: clean(m.IndicatorName), Definition: clean(m.Definition), Rationale: clean(m.Rationale),
			Unit: clean(m.UnitLabel), ValueType: vt, Multiplier: mult, CIMethod: clean(m.CIMethod),
			Polarity: pol, Benchmark: bm, Sex: "Persons", PeriodType: periodType, Frequency: clean(m.Frequency),
			StandardPop: deref(m.StandardPop), Caveats: deref(m.Caveats),
			Sources:        nonEmpty(clean(m.DataSource), deref(m.CountSource), deref(m.DenominatorSource)),
			MetadataOrigin: "Fingertips Next indicator metadata (indicators.json, FingertipsNext @c6f6183)",
		}
		byID[m.IndicatorID] = ind
	}

	// Overrides: polarity and benchmark for indicators whose metadata lacks them.
	if overPath != "" {
		f, err := os.Open(overPath)
		if err != nil {
			return err
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			return err
		}
		for i, r := range rows[1:] {
			id, err := strconv.Atoi(r[0])
			if err != nil {
				return fmt.Errorf("overrides line %d: %w", i+2, err)
			}
			ind, ok := byID[id]
			if !ok {
				return fmt.Errorf("overrides line %d: indicator %d is not in the catalogue", i+2, id)
			}
			pol, ok1 := needs.ParsePolarity(r[1])
			bm, ok2 := needs.ParseBenchmarkMethod(r[2])
			if !ok1 || !ok2 {
				return fmt.Errorf("overrides line %d: bad polarity or benchmark", i+2)
			}
			ind.Polarity, ind.Benchmark = pol, bm
			ind.MetadataOrigin += "; " + r[3]
		}
	}

	list := make([]needs.Indicator, 0, len(byID))
	for _, ind := range byID {
		list = append(list, *ind)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	of, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(of, gzip.BestCompression)
	enc := json.NewEncoder(zw)
	if err := enc.Encode(list); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return of.Close()
}

func nonEmpty(ss ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
