// Command gen builds the embedded reference-data files of package refdata
// from the anchor files in ../shared/anchors/uk. It is a developer tool, run
// by hand when the sources change:
//
//	go run ./internal/places/refdata/gen -shared /work/shared
//
// It cross-checks the sources against each other (LSOA counts against the
// derived share files, council totals against the England total) and stops
// with a message naming the file and row when they disagree.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func main() {
	shared := flag.String("shared", "../shared", "folder holding anchors/uk")
	out := flag.String("out", "internal/places/refdata/data", "folder to write the embedded files to")
	flag.Parse()
	g := &generator{src: filepath.Join(*shared, "anchors", "uk")}
	if err := g.run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := g.write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// Dates used for validity. Zero ("") means unbounded.
const (
	stpFrom     = "2017-04-01"
	stpTo       = "2022-06-30"
	icbFrom     = "2022-07-01"
	dorsetFrom  = "2019-04-01" // Bournemouth, Christchurch and Poole; Dorset unitary
	bucksFrom   = "2020-04-01" // Buckinghamshire unitary
	northsFrom  = "2021-04-01" // North and West Northamptonshire
	changes2023 = "2023-03-31" // last day of Cumbria, North Yorkshire and Somerset's two-tier councils
)

type area struct {
	typ, code, name, ods, from, to, note string
	population                           int
}

type parent struct {
	childType, childCode, parentType, parentCode string
	lsoas, of                                    int
}

type lsoa struct{ code, name, ltla, icb string }

type pop struct {
	typ, code, sex, band string
	count                int
}

type generator struct {
	src string

	areas   map[string]*area // key type:code
	parents []parent
	lsoas   []lsoa
	pops    []pop
	files   map[string][]byte // extra files: boundaries and hexes

	regionName map[string]string
	ltlaRegion map[string]string
	ltlaUTLA   map[string]string
	icbODS     map[string]string // E54 → ODS
	icbByODS   map[string]string // ODS → E54
	icbNHSER   map[string]string
}

func key(t, c string) string { return t + ":" + c }

func (g *generator) add(a *area) {
	g.areas[key(a.typ, a.code)] = a
}

func (g *generator) run() error {
	g.areas = map[string]*area{}
	g.files = map[string][]byte{}
	steps := []func() error{
		g.countryAndRegions, g.councils, g.nhsRegionsAndICBs, g.lsoasAndICBShares,
		g.footprints, g.oldCouncils, g.endDates2023, g.population, g.boundaries, g.hexLayouts,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// readCSV returns the rows of a CSV file as maps keyed by header name.
func (g *generator) readCSV(name string) ([]map[string]string, error) {
	f, err := os.Open(filepath.Join(g.src, name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	var rows []map[string]string
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		m := make(map[string]string, len(header))
		for i, h := range header {
			m[strings.TrimPrefix(h, "\ufeff")] = rec[i]
		}
		m["#line"] = strconv.Itoa(line)
		rows = append(rows, m)
	}
}

func (g *generator) countryAndRegions() error {
	g.add(&area{typ: "country", code: "E92000001", name: "England"})
	rows, err := g.readCSV("lookups/geographr_lookup_ltla21_region21.csv")
	if err != nil {
		return err
	}
	g.regionName = map[string]string{}
	g.ltlaRegion = map[string]string{}
	for _, r := range rows {
		g.regionName[r["region21_code"]] = r["region21_name"]
		g.ltlaRegion[r["ltla21_code"]] = r["region21_code"]
	}
	if len(g.regionName) != 9 || len(g.ltlaRegion) != 309 {
		return fmt.Errorf("ltla21_region21: want 9 regions and 309 districts, got %d and %d", len(g.regionName), len(g.ltlaRegion))
	}
	for code, name := range g.regionName {
		g.add(&area{typ: "region", code: code, name: name})
		g.parents = append(g.parents, parent{"region", code, "country", "E92000001", 1, 1})
	}
	return nil
}

// councils adds the 2021 upper- and lower-tier councils.
func (g *generator) councils() error {
	rows, err := g.readCSV("lookups/geographr_lookup_ltla21_utla21.csv")
	if err != nil {
		return err
	}
	g.ltlaUTLA = map[string]string{}
	utlaName := map[string]string{}
	for _, r := range rows {
		lc, uc := r["ltla21_code"], r["utla21_code"]
		if !strings.HasPrefix(lc, "E") {
			continue
		}
		if _, ok := g.ltlaRegion[lc]; !ok {
			return fmt.Errorf("ltla21_utla21 line %s: %s has no region", r["#line"], lc)
		}
		g.ltlaUTLA[lc] = uc
		utlaName[uc] = r["utla21_name"]
		g.add(&area{typ: "ltla", code: lc, name: r["ltla21_name"]})
		g.parents = append(g.parents, parent{"ltla", lc, "utla", uc, 1, 1})
	}
	if len(g.ltlaUTLA) != 309 || len(utlaName) != 152 {
		return fmt.Errorf("ltla21_utla21: want 309 districts and 152 upper-tier councils, got %d and %d", len(g.ltlaUTLA), len(utlaName))
	}
	utlaRegion := map[string]string{}
	for lc, uc := range g.ltlaUTLA {
		rg := g.ltlaRegion[lc]
		if prev, ok := utlaRegion[uc]; ok && prev != rg {
			return fmt.Errorf("upper-tier council %s spans regions %s and %s", uc, prev, rg)
		}
		utlaRegion[uc] = rg
	}
	for uc, name := range utlaName {
		g.add(&area{typ: "utla", code: uc, name: name})
		g.parents = append(g.parents, parent{"utla", uc, "region", utlaRegion[uc], 1, 1})
	}
	// Councils created after 2017, with the date they came into being.
	for code, from := range map[string]string{
		"E06000058": dorsetFrom, "E06000059": dorsetFrom, "E06000060": bucksFrom,
		"E06000061": northsFrom, "E06000062": northsFrom,
	} {
		for _, t := range []string{"utla", "ltla"} {
			a := g.areas[key(t, code)]
			if a == nil {
				return fmt.Errorf("expected council %s missing from ltla21_utla21", code)
			}
			a.from = from
		}
	}
	return nil
}

func (g *generator) nhsRegionsAndICBs() error {
	rows, err := g.readCSV("lookups/ons_nhser19_names_codes_apr2019.csv")
	if err != nil {
		return err
	}
	for _, r := range rows {
		g.add(&area{typ: "nhser", code: r["NHSER19CD"], name: r["NHSER19NM"], ods: r["NHSER19CDH"]})
		g.parents = append(g.parents, parent{"nhser", r["NHSER19CD"], "country", "E92000001", 1, 1})
	}
	if len(rows) != 7 {
		return fmt.Errorf("nhser19 names: want 7 NHS regions, got %d", len(rows))
	}
	// ICB → NHS region comes from the ICB hex layout, keyed by ODS code.
	var hex struct {
		Hexes map[string]map[string]any `json:"hexes"`
	}
	if err := g.readJSON("hex/nhs-icb-2022.hexjson", &hex); err != nil {
		return err
	}
	nhserByODS := map[string]string{}
	for ods, h := range hex.Hexes {
		nhserByODS[ods], _ = h["NHSER21CD"].(string)
	}
	g.icbNHSER = map[string]string{}
	g.icbODS = map[string]string{}
	g.icbByODS = map[string]string{}
	return g.eachLSOA(func(r map[string]string) error {
		code, ods := r["icb22_code"], r["icb22_code_h"]
		if _, done := g.icbODS[code]; done {
			return nil
		}
		region := nhserByODS[ods]
		if g.areas[key("nhser", region)] == nil {
			return fmt.Errorf("ICB %s (%s) has no NHS region in nhs-icb-2022.hexjson", code, ods)
		}
		g.icbODS[code], g.icbByODS[ods], g.icbNHSER[code] = ods, code, region
		g.add(&area{typ: "icb", code: code, name: r["icb22_name"], ods: ods, from: icbFrom})
		g.parents = append(g.parents, parent{"icb", code, "nhser", region, 1, 1})
		return nil
	})
}

func (g *generator) eachLSOA(fn func(map[string]string) error) error {
	rows, err := g.readCSV("lookups/geographr_lookup_lsoa11_sicbl22_icb22_ltla22.csv")
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := fn(r); err != nil {
			return fmt.Errorf("lsoa11_sicbl22_icb22_ltla22 line %s: %w", r["#line"], err)
		}
	}
	return nil
}

// lsoasAndICBShares adds the LSOAs and the district→ICB shares, and checks
// the shares against derived_lad22_to_icb22_by_lsoa_count.csv.
func (g *generator) lsoasAndICBShares() error {
	type pair struct{ ltla, icb string }
	counts := map[pair]int{}
	totals := map[string]int{}
	err := g.eachLSOA(func(r map[string]string) error {
		l := lsoa{code: r["lsoa11_code"], name: r["lsoa11_name"], ltla: r["ltla22_code"], icb: r["icb22_code"]}
		if g.areas[key("ltla", l.ltla)] == nil {
			return fmt.Errorf("LSOA %s: district %s is not a 2021 district", l.code, l.ltla)
		}
		g.lsoas = append(g.lsoas, l)
		counts[pair{l.ltla, l.icb}]++
		totals[l.ltla]++
		return nil
	})
	if err != nil {
		return err
	}
	if len(g.lsoas) != 32844 {
		return fmt.Errorf("want 32,844 LSOAs, got %d", len(g.lsoas))
	}
	derived, err := g.readCSV("lookups/derived_lad22_to_icb22_by_lsoa_count.csv")
	if err != nil {
		return err
	}
	if len(derived) != len(counts) {
		return fmt.Errorf("derived_lad22_to_icb22: %d pairs, LSOAs give %d", len(derived), len(counts))
	}
	for _, r := range derived {
		n, _ := strconv.Atoi(r["lsoa11_count"])
		if counts[pair{r["lad22_code"], r["icb22_code"]}] != n {
			return fmt.Errorf("derived_lad22_to_icb22 line %s: %d LSOAs, lookup gives %d", r["#line"], n, counts[pair{r["lad22_code"], r["icb22_code"]}])
		}
	}
	for p, n := range counts {
		g.parents = append(g.parents, parent{"ltla", p.ltla, "icb", p.icb, n, totals[p.ltla]})
	}
	return nil
}

// footprints adds the 44 STP footprints of April 2017 and each 2021
// upper-tier council's share of them, counted from LSOAs. For councils whose
// code did not change since 2017 the counts must equal those in
// derived_utla17_to_stp17_by_lsoa_count.csv.
func (g *generator) footprints() error {
	rows, err := g.readCSV("lookups/ons_ccg17_to_stp17_apr2017_v3.csv")
	if err != nil {
		return err
	}
	for _, r := range rows {
		if g.areas[key("stp", r["STP17CD"])] != nil {
			continue
		}
		g.add(&area{typ: "stp", code: r["STP17CD"], name: r["STP17NM"], from: stpFrom, to: stpTo})
		g.parents = append(g.parents, parent{"stp", r["STP17CD"], "country", "E92000001", 1, 1})
	}
	lsoaSTP := map[string]string{}
	lsoaRows, err := g.readCSV("lookups/ons_lsoa11_ccg17_stp17_lad17_apr2017.csv")
	if err != nil {
		return err
	}
	for _, r := range lsoaRows {
		if g.areas[key("stp", r["STP17CD"])] == nil {
			return fmt.Errorf("ons_lsoa11_ccg17_stp17_lad17 line %s: unknown STP %s", r["#line"], r["STP17CD"])
		}
		lsoaSTP[r["LSOA11CD"]] = r["STP17CD"]
	}
	type pair struct{ utla, stp string }
	counts := map[pair]int{}
	totals := map[string]int{}
	for _, l := range g.lsoas {
		stp, ok := lsoaSTP[l.code]
		if !ok {
			return fmt.Errorf("LSOA %s has no 2017 STP", l.code)
		}
		u := g.ltlaUTLA[l.ltla]
		counts[pair{u, stp}]++
		totals[u]++
	}
	derived, err := g.readCSV("lookups/derived_utla17_to_stp17_by_lsoa_count.csv")
	if err != nil {
		return err
	}
	checked := 0
	for _, r := range derived {
		u := r["utla17_code"]
		if _, current := totals[u]; !current {
			continue // a 2017 code that no longer exists: see oldCouncils
		}
		n, _ := strconv.Atoi(r["lsoa11_count"])
		if counts[pair{u, r["stp17_code"]}] != n {
			return fmt.Errorf("derived_utla17_to_stp17 line %s: %s in %s has %d LSOAs, the 2021 lookup gives %d", r["#line"], u, r["stp17_code"], n, counts[pair{u, r["stp17_code"]}])
		}
		checked++
	}
	if len(g.areas) == 0 || checked < 140 {
		return fmt.Errorf("derived_utla17_to_stp17: only %d rows checked", checked)
	}
	for p, n := range counts {
		g.parents = append(g.parents, parent{"utla", p.utla, "stp", p.stp, n, totals[p.utla]})
	}
	return nil
}

// oldCouncils adds the upper-tier councils of the 2017 footprint list whose
// codes no longer exist, valid-dated, with their footprint shares taken from
// derived_utla17_to_stp17_by_lsoa_count.csv.
func (g *generator) oldCouncils() error {
	old := []struct{ code, region, to, note string }{
		{"E06000028", "E12000009", "2019-03-31", "Abolished 2019-04-01; now part of E06000058 Bournemouth, Christchurch and Poole."},
		{"E06000029", "E12000009", "2019-03-31", "Abolished 2019-04-01; now part of E06000058 Bournemouth, Christchurch and Poole."},
		{"E10000009", "E12000009", "2019-03-31", "Two-tier county abolished 2019-04-01; Christchurch joined E06000058 Bournemouth, Christchurch and Poole, the rest became the unitary E06000059 Dorset."},
		{"E10000002", "E12000008", "2020-03-31", "Two-tier county replaced 2020-04-01 by the unitary E06000060 Buckinghamshire (same area)."},
		{"E10000021", "E12000004", "2021-03-31", "Two-tier county replaced 2021-04-01 by the unitaries E06000061 North Northamptonshire and E06000062 West Northamptonshire."},
	}
	derived, err := g.readCSV("lookups/derived_utla17_to_stp17_by_lsoa_count.csv")
	if err != nil {
		return err
	}
	for _, o := range old {
		var name string
		var rows []map[string]string
		total := 0
		for _, r := range derived {
			if r["utla17_code"] == o.code {
				name = r["utla17_name"]
				rows = append(rows, r)
				n, _ := strconv.Atoi(r["lsoa11_count"])
				total += n
			}
		}
		if len(rows) == 0 {
			return fmt.Errorf("derived_utla17_to_stp17 has no rows for %s", o.code)
		}
		g.add(&area{typ: "utla", code: o.code, name: name, to: o.to, note: o.note})
		g.parents = append(g.parents, parent{"utla", o.code, "region", o.region, 1, 1})
		for _, r := range rows {
			n, _ := strconv.Atoi(r["lsoa11_count"])
			g.parents = append(g.parents, parent{"utla", o.code, "stp", r["stp17_code"], n, total})
		}
	}
	return nil
}

// endDates2023 closes the councils replaced on 2023-04-01 (Cumbria, North
// Yorkshire, Somerset), read from the 2022→2023 district lookup.
func (g *generator) endDates2023() error {
	rows, err := g.readCSV("lookups/geographr_lookup_ltla22_ltla23.csv")
	if err != nil {
		return err
	}
	ended := map[string]bool{}
	for _, r := range rows {
		if r["ltla22_code"] == r["ltla23_code"] || !strings.HasPrefix(r["ltla22_code"], "E") {
			continue
		}
		a := g.areas[key("ltla", r["ltla22_code"])]
		if a == nil {
			return fmt.Errorf("ltla22_ltla23 line %s: unknown district %s", r["#line"], r["ltla22_code"])
		}
		a.to = changes2023
		a.note = fmt.Sprintf("Abolished 2023-04-01; now part of %s %s (not in this data set).", r["ltla23_code"], r["ltla23_name"])
		ended[g.ltlaUTLA[a.code]] = true
	}
	for u := range ended {
		a := g.areas[key("utla", u)]
		a.to = changes2023
		a.note = "Two-tier county replaced on 2023-04-01 by unitary councils (not in this data set: the population figures are for 2021)."
	}
	if len(ended) != 3 {
		return fmt.Errorf("ltla22_ltla23: want 3 counties changed in 2023, got %d", len(ended))
	}
	return nil
}

func (g *generator) population() error {
	ltla, err := g.readPopulation("population/ons_mye2021_england_lad21_sex_5yr.csv", "ltla", "lad21_code")
	if err != nil {
		return err
	}
	utla, err := g.readPopulation("population/ons_mye2021_england_utla21_sex_5yr.csv", "utla", "utla21_code")
	if err != nil {
		return err
	}
	const england = 56536419
	sum := func(m map[string]int) int {
		t := 0
		for _, n := range m {
			t += n
		}
		return t
	}
	if sum(ltla) != england || sum(utla) != england {
		return fmt.Errorf("population: districts sum to %d, upper tier to %d, want %d", sum(ltla), sum(utla), england)
	}
	if len(ltla) != 309 || len(utla) != 152 {
		return fmt.Errorf("population: want 309 districts and 152 upper-tier councils, got %d and %d", len(ltla), len(utla))
	}
	byUTLA := map[string]int{}
	byRegion := map[string]int{}
	byNHSER := map[string]int{}
	nhserOK := true
	for lc, n := range ltla {
		if g.areas[key("ltla", lc)] == nil {
			return fmt.Errorf("population: unknown district %s", lc)
		}
		g.areas[key("ltla", lc)].population = n
		byUTLA[g.ltlaUTLA[lc]] += n
		byRegion[g.ltlaRegion[lc]] += n
		// An NHS region's population is exact only if each district lies in
		// ICBs of one NHS region.
		regions := map[string]bool{}
		for _, p := range g.parents {
			if p.childType == "ltla" && p.childCode == lc && p.parentType == "icb" {
				regions[g.icbNHSER[p.parentCode]] = true
			}
		}
		if len(regions) != 1 {
			nhserOK = false
		}
		for r := range regions {
			byNHSER[r] += n
		}
	}
	for uc, n := range utla {
		if byUTLA[uc] != n {
			return fmt.Errorf("population: %s districts sum to %d, upper-tier file says %d", uc, byUTLA[uc], n)
		}
		g.areas[key("utla", uc)].population = n
	}
	for rc, n := range byRegion {
		g.areas[key("region", rc)].population = n
	}
	if nhserOK {
		for rc, n := range byNHSER {
			g.areas[key("nhser", rc)].population = n
		}
	} else {
		fmt.Fprintln(os.Stderr, "gen: a district spans two NHS regions; NHS region populations left at 0")
	}
	g.areas[key("country", "E92000001")].population = england
	return nil
}

func (g *generator) readPopulation(name, typ, codeCol string) (map[string]int, error) {
	rows, err := g.readCSV(name)
	if err != nil {
		return nil, err
	}
	totals := map[string]int{}
	for _, r := range rows {
		n, err := strconv.Atoi(r["population_mid2021"])
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%s line %s: population_mid2021 %q is not a count", name, r["#line"], r["population_mid2021"])
		}
		sex := r["sex"]
		if sex != "M" && sex != "F" {
			return nil, fmt.Errorf("%s line %s: sex %q", name, r["#line"], sex)
		}
		g.pops = append(g.pops, pop{typ, r[codeCol], sex, r["age_band"], n})
		totals[r[codeCol]] += n
	}
	return totals, nil
}

func (g *generator) readJSON(name string, v any) error {
	b, err := os.ReadFile(filepath.Join(g.src, name))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

type feature struct {
	Type       string            `json:"type"`
	Properties map[string]string `json:"properties"`
	Geometry   json.RawMessage   `json:"geometry"`
}

type featureCollection struct {
	Type     string    `json:"type"`
	Features []feature `json:"features"`
}

// boundaries keeps the English features of each layer, with the properties
// renamed to code and name, sorted by code.
func (g *generator) boundaries() error {
	layers := []struct{ typ, file, prefix string }{
		{"icb", "geo/geographr_boundaries_icb22.geojson", "icb22"},
		{"utla", "geo/geographr_boundaries_utla21.geojson", "utla21"},
		{"ltla", "geo/geographr_boundaries_ltla21.geojson", "ltla21"},
	}
	for _, l := range layers {
		var fc featureCollection
		if err := g.readJSON(l.file, &fc); err != nil {
			return err
		}
		var kept []feature
		for _, f := range fc.Features {
			code := f.Properties[l.prefix+"_code"]
			a := g.areas[key(l.typ, code)]
			if a == nil {
				continue
			}
			kept = append(kept, feature{Type: "Feature", Properties: map[string]string{"code": code, "name": a.name}, Geometry: f.Geometry})
		}
		sort.Slice(kept, func(i, j int) bool { return kept[i].Properties["code"] < kept[j].Properties["code"] })
		want := 0
		for _, a := range g.areas {
			if a.typ == l.typ && (l.typ != "utla" || a.population > 0) {
				want++
			}
		}
		if len(kept) != want {
			return fmt.Errorf("%s: %d English features, want %d", l.file, len(kept), want)
		}
		b, err := json.Marshal(featureCollection{Type: "FeatureCollection", Features: kept})
		if err != nil {
			return err
		}
		g.files["boundaries_"+l.typ+".geojson.gz"] = b
	}
	return nil
}

type hexLayout struct {
	Layout string                    `json:"layout"`
	Hexes  map[string]map[string]any `json:"hexes"`
}

// hexLayouts writes the ICB, upper-tier and footprint hex maps, keyed by ONS
// code. The changes to the source layouts are listed in docs/reference-data.md.
func (g *generator) hexLayouts() error {
	var icbSrc hexLayout
	if err := g.readJSON("hex/nhs-icb-2022.hexjson", &icbSrc); err != nil {
		return err
	}
	icb := hexLayout{Layout: icbSrc.Layout, Hexes: map[string]map[string]any{}}
	stp21Pos := map[string][2]int{}
	for ods, h := range icbSrc.Hexes {
		code := g.icbByODS[ods]
		if code == "" {
			return fmt.Errorf("nhs-icb-2022.hexjson: ODS code %s is not a 2022 ICB", ods)
		}
		q, r := num(h["q"]), num(h["r"])
		icb.Hexes[code] = map[string]any{"n": g.areas[key("icb", code)].name, "ods": ods, "nhser": h["NHSER21CD"], "q": q, "r": r}
		stp21, _ := h["STP21CD"].(string)
		stp21Pos[stp21] = [2]int{q, r}
	}
	if len(icb.Hexes) != 42 {
		return fmt.Errorf("nhs-icb-2022.hexjson: %d ICBs, want 42", len(icb.Hexes))
	}
	if err := g.putJSON("hex_icb.hexjson.gz", icb); err != nil {
		return err
	}

	// Upper tier: the 2020 layout still has Buckinghamshire's county code and
	// one Northamptonshire; North Northamptonshire keeps that hex and West
	// Northamptonshire takes the nearest free hex to its south-west.
	var utlaSrc hexLayout
	if err := g.readJSON("hex/uk-upper-tier-local-authorities.hexjson", &utlaSrc); err != nil {
		return err
	}
	utla := hexLayout{Layout: utlaSrc.Layout, Hexes: map[string]map[string]any{}}
	used := map[[2]int]bool{}
	for code, h := range utlaSrc.Hexes {
		used[[2]int{num(h["q"]), num(h["r"])}] = true
		switch code {
		case "E10000002":
			code = "E06000060"
		case "E10000021":
			code = "E06000061"
		}
		a := g.areas[key("utla", code)]
		if a == nil || a.population == 0 {
			return fmt.Errorf("uk-upper-tier-local-authorities.hexjson: %s is not a 2021 upper-tier council", code)
		}
		utla.Hexes[code] = map[string]any{"n": a.name, "q": num(h["q"]), "r": num(h["r"])}
	}
	// Row 6 runs Herefordshire, Warwickshire, Northamptonshire: shift the
	// first two one hex west (the hex west of Herefordshire is free) and put
	// West Northamptonshire where Warwickshire was, between it and North
	// Northamptonshire.
	shift := []string{"E06000019", "E10000031"} // Herefordshire, Warwickshire, west to east
	for _, code := range shift {
		h := utla.Hexes[code]
		to := [2]int{num(h["q"]) - 1, num(h["r"])}
		if code == shift[0] && used[to] {
			return fmt.Errorf("upper-tier hex layout: the hex west of Herefordshire (q=%d r=%d) is taken", to[0], to[1])
		}
		if num(h["r"]) != num(utla.Hexes["E06000061"]["r"]) {
			return fmt.Errorf("upper-tier hex layout: %s is not in Northamptonshire's row", code)
		}
		h["q"] = to[0]
	}
	west := utla.Hexes["E06000061"]
	utla.Hexes["E06000062"] = map[string]any{"n": g.areas[key("utla", "E06000062")].name, "q": num(west["q"]) - 1, "r": num(west["r"])}
	if num(utla.Hexes["E10000031"]["q"]) != num(west["q"])-2 {
		return fmt.Errorf("upper-tier hex layout: Warwickshire is not two hexes west of Northamptonshire")
	}
	if len(utla.Hexes) != 152 {
		return fmt.Errorf("upper-tier hex layout: %d hexes, want 152", len(utla.Hexes))
	}
	if err := g.putJSON("hex_utla.hexjson.gz", utla); err != nil {
		return err
	}

	// Footprints (2017): each takes the hex of the 2021 STP with its code, or
	// of the 2021 STP that succeeded it; the three North East and Cumbria
	// footprints share the North East and North Cumbria hex and its free
	// neighbours.
	successor := map[string]string{
		"E54000005": "E54000054", // West Yorkshire → West Yorkshire and Harrogate
		"E54000006": "E54000051", // Humber, Coast and Vale
		"E54000033": "E54000053", // Sussex and East Surrey → Sussex
		"E54000035": "E54000052", // Surrey Heartlands
		"E54000045": "E54000050", // Durham, Darlington, Teesside… → Cumbria and North East
	}
	stpUsed := map[[2]int]bool{}
	for _, p := range stp21Pos {
		stpUsed[p] = true
	}
	stp := hexLayout{Layout: icbSrc.Layout, Hexes: map[string]map[string]any{}}
	for _, a := range g.areas {
		if a.typ != "stp" {
			continue
		}
		src := a.code
		if s, ok := successor[a.code]; ok {
			src = s
		}
		p, ok := stp21Pos[src]
		if !ok {
			continue // placed below
		}
		stp.Hexes[a.code] = map[string]any{"n": a.name, "q": p[0], "r": p[1]}
	}
	ne := stp21Pos["E54000050"]
	for _, x := range []struct {
		code string
		dirs []string
	}{{"E54000046", []string{"ne", "nw", "e"}}, {"E54000047", []string{"w", "nw", "sw"}}} {
		q, r, err := freeNeighbour(stpUsed, ne[0], ne[1], x.dirs)
		if err != nil {
			return fmt.Errorf("placing footprint %s: %w", x.code, err)
		}
		stpUsed[[2]int{q, r}] = true
		stp.Hexes[x.code] = map[string]any{"n": g.areas[key("stp", x.code)].name, "q": q, "r": r}
	}
	if len(stp.Hexes) != 44 {
		return fmt.Errorf("footprint hex layout: %d hexes, want 44", len(stp.Hexes))
	}
	return g.putJSON("hex_stp.hexjson.gz", stp)
}

// num reads a hex coordinate, whether decoded from JSON (float64) or set
// here (int).
func num(v any) int {
	switch n := v.(type) {
	case float64:
		return int(n)
	case int:
		return n
	}
	return 0
}

// freeNeighbour returns the first free neighbour of (q, r) in an odd-r layout
// whose rows grow northwards (as in the odileeds layouts), trying the
// directions in order.
func freeNeighbour(used map[[2]int]bool, q, r int, dirs []string) (int, int, error) {
	odd := r%2 != 0
	for _, d := range dirs {
		nq, nr := q, r
		switch d {
		case "e":
			nq++
		case "w":
			nq--
		case "ne", "nw", "se", "sw":
			if d[0] == 'n' {
				nr++
			} else {
				nr--
			}
			// In odd-r, odd rows are shifted right by half a hex.
			if d[1] == 'e' && odd {
				nq++
			}
			if d[1] == 'w' && !odd {
				nq--
			}
		}
		if !used[[2]int{nq, nr}] {
			return nq, nr, nil
		}
	}
	return 0, 0, fmt.Errorf("no free neighbour of q=%d r=%d among %v", q, r, dirs)
}

func (g *generator) putJSON(name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	g.files[name] = b
	return nil
}

func (g *generator) write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var as []*area
	for _, a := range g.areas {
		as = append(as, a)
	}
	order := map[string]int{"country": 0, "region": 1, "nhser": 2, "icb": 3, "stp": 4, "utla": 5, "ltla": 6}
	sort.Slice(as, func(i, j int) bool {
		if as[i].typ != as[j].typ {
			return order[as[i].typ] < order[as[j].typ]
		}
		return as[i].code < as[j].code
	})
	files := map[string][][]string{}
	areaRows := [][]string{{"type", "code", "name", "ods_code", "valid_from", "valid_to", "population", "note"}}
	for _, a := range as {
		areaRows = append(areaRows, []string{a.typ, a.code, a.name, a.ods, a.from, a.to, strconv.Itoa(a.population), a.note})
	}
	files["areas.csv.gz"] = areaRows

	sort.Slice(g.parents, func(i, j int) bool {
		a, b := g.parents[i], g.parents[j]
		if a.childType != b.childType {
			return order[a.childType] < order[b.childType]
		}
		if a.childCode != b.childCode {
			return a.childCode < b.childCode
		}
		if a.parentType != b.parentType {
			return order[a.parentType] < order[b.parentType]
		}
		return a.parentCode < b.parentCode
	})
	parentRows := [][]string{{"child_type", "child_code", "parent_type", "parent_code", "lsoas", "of_lsoas"}}
	for _, p := range g.parents {
		parentRows = append(parentRows, []string{p.childType, p.childCode, p.parentType, p.parentCode, strconv.Itoa(p.lsoas), strconv.Itoa(p.of)})
	}
	files["parents.csv.gz"] = parentRows

	sort.Slice(g.lsoas, func(i, j int) bool { return g.lsoas[i].code < g.lsoas[j].code })
	lsoaRows := [][]string{{"code", "name", "ltla", "icb"}}
	for _, l := range g.lsoas {
		lsoaRows = append(lsoaRows, []string{l.code, l.name, l.ltla, l.icb})
	}
	files["lsoas.csv.gz"] = lsoaRows

	bandRank := map[string]int{}
	for i, b := range []string{"0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44",
		"45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"} {
		bandRank[b] = i
	}
	// Male first, then female; bands youngest first.
	sort.SliceStable(g.pops, func(i, j int) bool {
		a, b := g.pops[i], g.pops[j]
		if a.typ != b.typ {
			return order[a.typ] < order[b.typ]
		}
		if a.code != b.code {
			return a.code < b.code
		}
		if a.sex != b.sex {
			return a.sex == "M"
		}
		return bandRank[a.band] < bandRank[b.band]
	})
	popRows := [][]string{{"type", "code", "sex", "age_band", "count"}}
	for _, p := range g.pops {
		popRows = append(popRows, []string{p.typ, p.code, p.sex, p.band, strconv.Itoa(p.count)})
	}
	files["population.csv.gz"] = popRows

	for name, rows := range files {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		if err := w.WriteAll(rows); err != nil {
			return err
		}
		g.files[name] = buf.Bytes()
	}
	for name, b := range g.files {
		if err := writeGzip(filepath.Join(dir, name), b); err != nil {
			return err
		}
		fmt.Printf("%s: %d bytes before compression\n", name, len(b))
	}
	return nil
}

// writeGzip writes b compressed, with no timestamp, so regenerating from the
// same sources gives the same bytes.
func writeGzip(path string, b []byte) error {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(b); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
