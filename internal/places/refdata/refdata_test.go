package refdata

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func mustLoad(t testing.TB) *Set {
	t.Helper()
	s, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return s
}

func day(s string) time.Time {
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestAreaCounts(t *testing.T) {
	s := mustLoad(t)
	mid2021 := day("2021-06-30")
	tests := []struct {
		typ      AreaType
		on       time.Time
		want     int
		wantEver int
	}{
		{Country, mid2021, 1, 1},
		{Region, mid2021, 9, 9},
		{NHSRegion, mid2021, 7, 7},
		{ICB, day("2022-07-01"), 42, 42},
		{STP, day("2017-04-01"), 44, 44},
		// 152 in 2021; five more upper-tier codes of the 2017 list were
		// abolished between 2019 and 2021.
		{UTLA, mid2021, 152, 157},
		{UTLA, day("2017-04-01"), 152, 157},
		{LTLA, mid2021, 309, 309},
		{LSOA, mid2021, 32844, 32844},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ)+"@"+tt.on.Format(dateLayout), func(t *testing.T) {
			if got := len(s.InForce(tt.typ, tt.on)); got != tt.want {
				t.Errorf("%s valid on %s: got %d, want %d", tt.typ, tt.on.Format(dateLayout), got, tt.want)
			}
			if got := len(s.AreasOfType(tt.typ)); got != tt.wantEver {
				t.Errorf("%s of any date: got %d, want %d", tt.typ, got, tt.wantEver)
			}
		})
	}
}

func TestUpperTierPopulationIsEnglandTotal(t *testing.T) {
	s := mustLoad(t)
	const england = 56536419
	sums := map[AreaType]int{}
	for _, p := range s.Population {
		sums[p.Type] += p.Count
	}
	areaSums := map[AreaType]int{}
	for _, a := range s.Areas {
		areaSums[a.Type] += a.Population
	}
	for _, typ := range []AreaType{UTLA, LTLA} {
		if sums[typ] != england {
			t.Errorf("%s population cells sum to %d, want %d", typ, sums[typ], england)
		}
		if areaSums[typ] != england {
			t.Errorf("%s Area.Population sums to %d, want %d", typ, areaSums[typ], england)
		}
	}
	for _, typ := range []AreaType{Region, Country} {
		if areaSums[typ] != england {
			t.Errorf("%s populations sum to %d, want %d", typ, areaSums[typ], england)
		}
	}
}

func TestEveryCouncilHasEveryPopulationCell(t *testing.T) {
	s := mustLoad(t)
	for _, typ := range []AreaType{UTLA, LTLA} {
		for _, a := range s.AreasOfType(typ) {
			if !a.ValidOn(s.PopulationDate) {
				continue
			}
			cells := s.PopulationOf(typ, a.Code)
			if len(cells) != 2*len(AgeBands) {
				t.Errorf("%s %s: %d population cells, want %d", typ, a.Code, len(cells), 2*len(AgeBands))
				continue
			}
			total := 0
			for i, c := range cells {
				total += c.Count
				wantSex := Male
				if i >= len(AgeBands) {
					wantSex = Female
				}
				if c.Sex != wantSex || c.AgeBand != AgeBands[i%len(AgeBands)] {
					t.Errorf("%s %s cell %d is %s %s, want %s %s", typ, a.Code, i, c.Sex, c.AgeBand, wantSex, AgeBands[i%len(AgeBands)])
				}
			}
			if total != a.Population {
				t.Errorf("%s %s: cells sum to %d, Area.Population is %d", typ, a.Code, total, a.Population)
			}
		}
	}
}

func TestKnownAreas(t *testing.T) {
	s := mustLoad(t)
	tests := []struct {
		name        string
		typ         AreaType
		code        string
		wantName    string
		wantParents []Parent
	}{
		{"Hartlepool upper tier: region and STP", UTLA, "E06000001", "Hartlepool", []Parent{
			{Region, "E12000001", 1, 1},
			{STP, "E54000045", 58, 58},
		}},
		{"Hartlepool district: upper tier and ICB", LTLA, "E06000001", "Hartlepool", []Parent{
			{ICB, "E54000050", 58, 58},
			{UTLA, "E06000001", 1, 1},
		}},
		{"NENC ICB in North East and Yorkshire", ICB, "E54000050", "NHS North East and North Cumbria Integrated Care Board", []Parent{
			{NHSRegion, "E40000009", 1, 1},
		}},
		{"Essex spans three footprints", UTLA, "E10000012", "Essex", []Parent{
			{Region, "E12000006", 1, 1},
			{STP, "E54000023", 194, 872},
			{STP, "E54000025", 178, 872},
			{STP, "E54000026", 500, 872},
		}},
		{"old Northamptonshire keeps its 2017 footprints", UTLA, "E10000021", "Northamptonshire", []Parent{
			{Region, "E12000004", 1, 1},
			{STP, "E54000020", 413, 422},
			{STP, "E54000021", 9, 422},
		}},
		{"England", Country, "E92000001", "England", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, ok := s.Area(tt.typ, tt.code)
			if !ok {
				t.Fatalf("%s %s not found", tt.typ, tt.code)
			}
			if a.Name != tt.wantName {
				t.Errorf("name %q, want %q", a.Name, tt.wantName)
			}
			if len(a.Parents) != len(tt.wantParents) {
				t.Fatalf("parents %+v, want %+v", a.Parents, tt.wantParents)
			}
			for i, p := range a.Parents {
				if p != tt.wantParents[i] {
					t.Errorf("parent %d: %+v, want %+v", i, p, tt.wantParents[i])
				}
			}
		})
	}
}

func TestHartlepoolICBHasODSCode(t *testing.T) {
	s := mustLoad(t)
	a, _ := s.Area(LTLA, "E06000001")
	icbs := a.ParentsOfType(ICB)
	if len(icbs) != 1 {
		t.Fatalf("Hartlepool has %d ICBs, want 1", len(icbs))
	}
	icb, _ := s.Area(ICB, icbs[0].Code)
	if icb.ODSCode != "QHM" || !strings.Contains(icb.Name, "North East and North Cumbria") {
		t.Errorf("Hartlepool's ICB is %s %q (ODS %s), want North East and North Cumbria (QHM)", icb.Code, icb.Name, icb.ODSCode)
	}
	u, _ := s.Area(UTLA, "E06000001")
	stps := u.ParentsOfType(STP)
	if len(stps) != 1 {
		t.Fatalf("Hartlepool has %d footprints, want 1", len(stps))
	}
	stp, _ := s.Area(STP, stps[0].Code)
	if !strings.HasPrefix(stp.Name, "Durham, Darlington, Teesside") {
		t.Errorf("Hartlepool's footprint is %q", stp.Name)
	}
}

func TestEveryICBHasODSCodeAndNHSRegion(t *testing.T) {
	s := mustLoad(t)
	seen := map[string]bool{}
	for _, a := range s.AreasOfType(ICB) {
		if len(a.ODSCode) != 3 || a.ODSCode[0] != 'Q' {
			t.Errorf("ICB %s: ODS code %q", a.Code, a.ODSCode)
		}
		if seen[a.ODSCode] {
			t.Errorf("ODS code %s used twice", a.ODSCode)
		}
		seen[a.ODSCode] = true
		if len(a.ParentsOfType(NHSRegion)) != 1 {
			t.Errorf("ICB %s: NHS region parents %+v", a.Code, a.Parents)
		}
	}
}

// TestParentsOfEachType checks that every area has exactly the parents its
// type calls for, and that the shares of each child add up to exactly one.
func TestParentsOfEachType(t *testing.T) {
	s := mustLoad(t)
	need := map[AreaType][]AreaType{
		Region:    {Country},
		NHSRegion: {Country},
		ICB:       {NHSRegion},
		STP:       {Country},
		UTLA:      {Region, STP},
		LTLA:      {UTLA, ICB},
		LSOA:      {LTLA, ICB},
	}
	for _, typ := range AreaTypes {
		for _, a := range s.AreasOfType(typ) {
			for _, pt := range need[typ] {
				ps := a.ParentsOfType(pt)
				if len(ps) == 0 {
					t.Errorf("%s %s has no %s", typ, a.Code, pt)
					continue
				}
				sum, of := 0, ps[0].OfLSOAs
				for _, p := range ps {
					if p.OfLSOAs != of {
						t.Errorf("%s %s: %s shares have different totals", typ, a.Code, pt)
					}
					sum += p.LSOAs
					parent, ok := s.Area(p.Type, p.Code)
					if !ok {
						t.Errorf("%s %s: parent %s %s missing", typ, a.Code, p.Type, p.Code)
					}
					if typ != LSOA && !overlaps(a, parent) {
						t.Errorf("%s %s is never valid at the same time as its parent %s %s", typ, a.Code, p.Type, p.Code)
					}
				}
				if sum != of {
					t.Errorf("%s %s: %s shares sum to %d of %d", typ, a.Code, pt, sum, of)
				}
			}
		}
	}
}

func overlaps(a, b Area) bool {
	startsBeforeEnd := func(x, y Area) bool {
		return x.ValidFrom.IsZero() || y.ValidTo.IsZero() || !x.ValidFrom.After(y.ValidTo)
	}
	return startsBeforeEnd(a, b) && startsBeforeEnd(b, a)
}

func TestCouncilsSplitAcrossFootprints(t *testing.T) {
	s := mustLoad(t)
	split := 0
	for _, a := range s.AreasOfType(UTLA) {
		if a.ValidOn(day("2017-04-01")) && len(a.ParentsOfType(STP)) > 1 {
			split++
		}
	}
	// The anchors README: fourteen 2017 upper-tier councils span more than
	// one footprint.
	if split != 14 {
		t.Errorf("%d councils of 2017 span more than one footprint, want 14", split)
	}
	splitLTLA := 0
	for _, a := range s.AreasOfType(LTLA) {
		if len(a.ParentsOfType(ICB)) > 1 {
			splitLTLA++
		}
	}
	if splitLTLA != 12 {
		t.Errorf("%d districts span two ICBs, want 12", splitLTLA)
	}
}

func TestEveryFootprintHasCouncilsIn2017(t *testing.T) {
	s := mustLoad(t)
	on := day("2017-04-01")
	for _, stp := range s.AreasOfType(STP) {
		n := 0
		for _, k := range s.Children(stp.Key()) {
			if c, _ := s.Area(k.Type, k.Code); k.Type == UTLA && c.ValidOn(on) {
				n++
			}
		}
		if n == 0 {
			t.Errorf("footprint %s %s has no councils on %s", stp.Code, stp.Name, on.Format(dateLayout))
		}
	}
}

func TestBoundariesAndHexes(t *testing.T) {
	s := mustLoad(t)
	tests := []struct {
		typ       AreaType
		wantGeo   int
		wantHexes int
	}{
		{ICB, 42, 42},
		{UTLA, 152, 152},
		{LTLA, 309, -1},
		{STP, -1, 44},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ), func(t *testing.T) {
			if tt.wantGeo >= 0 {
				var fc struct {
					Type     string `json:"type"`
					Features []struct {
						Properties struct{ Code, Name string } `json:"properties"`
						Geometry   struct{ Type string }       `json:"geometry"`
					} `json:"features"`
				}
				if err := json.Unmarshal(s.Boundaries(tt.typ), &fc); err != nil {
					t.Fatalf("boundaries: %v", err)
				}
				if fc.Type != "FeatureCollection" || len(fc.Features) != tt.wantGeo {
					t.Errorf("boundaries: %s with %d features, want %d", fc.Type, len(fc.Features), tt.wantGeo)
				}
				for _, f := range fc.Features {
					if _, ok := s.Area(tt.typ, f.Properties.Code); !ok || f.Geometry.Type == "" {
						t.Errorf("feature %q: unknown area or no geometry", f.Properties.Code)
					}
				}
			} else if s.Boundaries(tt.typ) != nil {
				t.Errorf("unexpected boundaries for %s", tt.typ)
			}
			if tt.wantHexes >= 0 {
				var hx struct {
					Layout string `json:"layout"`
					Hexes  map[string]struct {
						N    string `json:"n"`
						Q, R int
					} `json:"hexes"`
				}
				if err := json.Unmarshal(s.Hex(tt.typ), &hx); err != nil {
					t.Fatalf("hexes: %v", err)
				}
				if hx.Layout != "odd-r" || len(hx.Hexes) != tt.wantHexes {
					t.Errorf("hexes: layout %q with %d hexes, want odd-r with %d", hx.Layout, len(hx.Hexes), tt.wantHexes)
				}
				cells := map[[2]int]string{}
				for code, h := range hx.Hexes {
					if _, ok := s.Area(tt.typ, code); !ok {
						t.Errorf("hex %s: unknown area", code)
					}
					if other, dup := cells[[2]int{h.Q, h.R}]; dup {
						t.Errorf("hexes %s and %s share q=%d r=%d", code, other, h.Q, h.R)
					}
					cells[[2]int{h.Q, h.R}] = code
				}
			}
		})
	}
}

func TestChildrenOfICBIncludeLSOAs(t *testing.T) {
	s := mustLoad(t)
	lsoas, ltlas := 0, 0
	for _, k := range s.Children(Key{ICB, "E54000050"}) {
		switch k.Type {
		case LSOA:
			lsoas++
		case LTLA:
			ltlas++
		}
	}
	// NENC: the ICB's LSOAs are the LSOA lookup rows naming it; its districts
	// are those with any LSOA in it.
	want := 0
	for _, l := range s.LSOAs {
		if l.Parents[1].Code == "E54000050" {
			want++
		}
	}
	if lsoas != want || lsoas == 0 {
		t.Errorf("NENC ICB has %d LSOA children, lookup gives %d", lsoas, want)
	}
	if ltlas == 0 {
		t.Errorf("NENC ICB has no district children")
	}
}

func gz(t testing.TB, s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

// validFiles is a minimal, consistent data folder for the error tests.
func validFiles(t testing.TB) fstest.MapFS {
	files := map[string]string{
		"areas.csv.gz":               "type,code,name,ods_code,valid_from,valid_to,population,note\ncountry,E92000001,England,,,,10,\nutla,E06000001,Hartlepool,,,,10,\nltla,E06000001,Hartlepool,,,,10,\nicb,E54000050,NENC,QHM,2022-07-01,,0,\n",
		"parents.csv.gz":             "child_type,child_code,parent_type,parent_code,lsoas,of_lsoas\nltla,E06000001,utla,E06000001,1,1\n",
		"lsoas.csv.gz":               "code,name,ltla,icb\nE01011954,Hartlepool 001A,E06000001,E54000050\n",
		"population.csv.gz":          "type,code,sex,age_band,count\nutla,E06000001,F,90+,10\n",
		"boundaries_icb.geojson.gz":  "{}",
		"boundaries_utla.geojson.gz": "{}",
		"boundaries_ltla.geojson.gz": "{}",
		"hex_icb.hexjson.gz":         "{}",
		"hex_utla.hexjson.gz":        "{}",
		"hex_stp.hexjson.gz":         "{}",
	}
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys["data/"+name] = &fstest.MapFile{Data: gz(t, body)}
	}
	return fsys
}

func TestLoadRejectsBrokenFilesNamingThePlace(t *testing.T) {
	if _, err := loadFS(validFiles(t)); err != nil {
		t.Fatalf("valid files: %v", err)
	}
	tests := []struct {
		name, file, body, wantErr string
	}{
		{"unknown type", "areas.csv.gz", "type,code,name,ods_code,valid_from,valid_to,population,note\ncounty,E1,X,,,,0,\n", "areas.csv.gz line 2 column type: unknown area type"},
		{"bad date", "areas.csv.gz", "type,code,name,ods_code,valid_from,valid_to,population,note\ncountry,E92000001,England,,2017-13-01,,0,\n", "line 2 column valid_from"},
		{"ends before it starts", "areas.csv.gz", "type,code,name,ods_code,valid_from,valid_to,population,note\ncountry,E92000001,England,,2020-01-01,2019-01-01,0,\n", "column valid_to"},
		{"negative population", "areas.csv.gz", "type,code,name,ods_code,valid_from,valid_to,population,note\ncountry,E92000001,England,,,,-3,\n", "column population"},
		{"wrong header", "parents.csv.gz", "child,child_code,parent_type,parent_code,lsoas,of_lsoas\n", "column 1 is \"child\""},
		{"dangling parent", "parents.csv.gz", "child_type,child_code,parent_type,parent_code,lsoas,of_lsoas\nltla,E06000001,utla,E06000099,1,1\n", "line 2 column parent_code: unknown area utla:E06000099"},
		{"share above one", "parents.csv.gz", "child_type,child_code,parent_type,parent_code,lsoas,of_lsoas\nltla,E06000001,utla,E06000001,3,2\n", "column lsoas"},
		{"LSOA in unknown ICB", "lsoas.csv.gz", "code,name,ltla,icb\nE01011954,H,E06000001,E54000999\n", "line 2 column icb"},
		{"short row", "lsoas.csv.gz", "code,name,ltla,icb\nE01011954,H\n", "lsoas.csv.gz"},
		{"bad sex", "population.csv.gz", "type,code,sex,age_band,count\nutla,E06000001,X,90+,1\n", "column sex"},
		{"bad band", "population.csv.gz", "type,code,sex,age_band,count\nutla,E06000001,F,90-94,1\n", "column age_band"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := validFiles(t)
			fsys["data/"+tt.file] = &fstest.MapFile{Data: gz(t, tt.body)}
			_, err := loadFS(fsys)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
	t.Run("not gzip", func(t *testing.T) {
		fsys := validFiles(t)
		fsys["data/areas.csv.gz"] = &fstest.MapFile{Data: []byte("type,code\n")}
		if _, err := loadFS(fsys); err == nil || !strings.Contains(err.Error(), "areas.csv.gz") {
			t.Errorf("error %v, want one naming areas.csv.gz", err)
		}
	})
}

// FuzzParseTable checks that no CSV input makes the table parser panic, and
// that every error names the file.
func FuzzParseTable(f *testing.F) {
	f.Add([]byte("type,code,sex,age_band,count\nutla,E06000001,F,90+,10\n"))
	f.Add([]byte("type,code\n\"unterminated"))
	f.Add([]byte(""))
	f.Add([]byte("type,code,sex,age_band,count\n,,,,\n"))
	want := []string{"type", "code", "sex", "age_band", "count"}
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, err := parseTable("population.csv", b, want)
		if err != nil {
			if !strings.Contains(err.Error(), "population.csv") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		for i := range tb.rows {
			if len(tb.rows[i]) != len(want) {
				t.Fatalf("row %d has %d fields", i, len(tb.rows[i]))
			}
			_, _ = tb.int(i, 4)
			_, _ = tb.areaType(i, 0)
		}
	})
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}
