package places

import (
	"context"
	"sync"
	"testing"
)

// nationalFacts: two footprints sharing Cumbria (split between them), one
// led by a council with two councils on its board, one led by an NHS
// trust with a district council and the trust on its board, and a third
// footprint with no partnership.
func nationalFacts() NationalFacts {
	council := func(code, name string) Area { return Area{Type: AreaUTLA, Code: code, Name: name} }
	cumbria := council("E10000006", "Cumbria")
	return NationalFacts{
		Footprints: []FootprintFacts{
			{Area: Area{Type: AreaSTP, Code: "E54000050", Name: "North"}, Councils: []Area{cumbria, council("E06000057", "Northumberland")}},
			{Area: Area{Type: AreaSTP, Code: "E54000048", Name: "Lancashire"}, Councils: []Area{cumbria, council("E10000017", "Lancashire")}},
			{Area: Area{Type: AreaSTP, Code: "E54000001", Name: "Alpha"}, Councils: []Area{council("E06000001", "Hartlepool")}},
		},
		Partnerships: []Partnership{
			{ID: 2, Kind: PartnershipFootprint, AreaType: AreaSTP, AreaCode: "E54000050", Name: "North partnership", LeadOrgID: 10},
			{ID: 1, Kind: PartnershipFootprint, AreaType: AreaSTP, AreaCode: "E54000050", Name: "Zulu (not chosen)", LeadOrgID: 12},
			{ID: 3, Kind: PartnershipFootprint, AreaType: AreaSTP, AreaCode: "E54000048", Name: "Lancashire partnership", LeadOrgID: 12},
		},
		Organisations: map[int64]Organisation{
			10: {ID: 10, Kind: OrgCouncilUpper, ONSCode: "E10000006", Name: "Cumbria County Council"},
			11: {ID: 11, Kind: OrgCouncilUpper, AreaCodes: []string{"E06000057"}, Name: "Northumberland County Council"},
			12: {ID: 12, Kind: OrgNHSTrust, Name: "A trust"},
			13: {ID: 13, Kind: OrgCouncilLower, ONSCode: "E10000017", Name: "A district speaking for no county"},
		},
		BoardOrgs: map[int64][]int64{2: {10, 11, 12}, 1: {13}, 3: {12, 13}},
	}
}

func TestSummariseNational(t *testing.T) {
	s := SummariseNational(nationalFacts())
	if len(s.Footprints) != 3 || s.Footprints[0].Area.Name != "Alpha" {
		t.Fatalf("footprints not by name: %+v", s.Footprints)
	}
	rows := map[string]Footprint{}
	for _, f := range s.Footprints {
		rows[f.Area.Code] = f
	}
	north := rows["E54000050"]
	if north.Partnership == nil || north.Partnership.ID != 2 || north.LeadSector != SectorLocalGovernment || north.CouncilsOnBoard != 2 {
		t.Errorf("north: partnership %+v, sector %q, on board %v", north.Partnership, north.LeadSector, north.OnBoard)
	}
	lancs := rows["E54000048"]
	if lancs.LeadSector != SectorNHS || lancs.CouncilsOnBoard != 0 {
		t.Errorf("lancashire: sector %q, on board %v (a district and a trust represent no county)", lancs.LeadSector, lancs.OnBoard)
	}
	if alpha := rows["E54000001"]; alpha.Partnership != nil || alpha.LeadOrg != nil || alpha.CouncilsOnBoard != 0 {
		t.Errorf("alpha has no partnership: %+v", alpha)
	}
	// Cumbria is in two footprints: one council, two council places.
	want := NationalTotals{Footprints: 3, LedByLocalGovernment: 1, LedByNHS: 1, NoLead: 1,
		Councils: 4, CouncilsOnBoard: 2, CouncilPlaces: 5, CouncilPlacesOnBoard: 2}
	if s.Totals != want {
		t.Errorf("totals %+v, want %+v", s.Totals, want)
	}
	// The filtered total counts by the same rule.
	if got := TotalFootprints([]Footprint{north, lancs}); got.Councils != 3 || got.CouncilPlaces != 4 || got.CouncilsOnBoard != 2 {
		t.Errorf("north and lancashire: %+v", got)
	}
}

func TestRepresentsCouncil(t *testing.T) {
	for _, tt := range []struct {
		name string
		org  Organisation
		want bool
	}{
		{"council by ONS code", Organisation{Kind: OrgCouncilUpper, ONSCode: "E06000001"}, true},
		{"council by served area", Organisation{Kind: OrgCouncilUpper, AreaCodes: []string{"E06000002", "E06000001"}}, true},
		{"another council", Organisation{Kind: OrgCouncilUpper, ONSCode: "E06000002"}, false},
		{"district serving the area", Organisation{Kind: OrgCouncilLower, AreaCodes: []string{"E06000001"}}, false},
		{"trust serving the area", Organisation{Kind: OrgNHSTrust, AreaCodes: []string{"E06000001"}}, false},
	} {
		if got := RepresentsCouncil(tt.org, "E06000001"); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// fakeNational counts fact reads; gen is what the store reports.
type fakeNational struct {
	gen   int64
	reads int
}

func (f *fakeNational) NationalGeneration(context.Context) (int64, error) { return f.gen, nil }
func (f *fakeNational) NationalFacts(context.Context) (NationalFacts, error) {
	f.reads++
	return nationalFacts(), nil
}

func TestNationalCachesByGeneration(t *testing.T) {
	st := &fakeNational{gen: 7}
	n := NewNational(st)
	ctx := context.Background()
	a, _ := n.Summary(ctx)
	b, _ := n.Summary(ctx)
	if a != b || st.reads != 1 || a.Generation != 7 {
		t.Fatalf("same generation: %d reads, generation %d", st.reads, a.Generation)
	}
	st.gen = 8
	c, _ := n.Summary(ctx)
	if c == a || st.reads != 2 || c.Generation != 8 {
		t.Errorf("new generation: %d reads, generation %d; want a rebuild", st.reads, c.Generation)
	}
	// A caller that read an older generation gets the newer summary.
	st.gen = 7
	if d, _ := n.Summary(ctx); d != c || st.reads != 2 {
		t.Errorf("older generation read: rebuilt (%d reads)", st.reads)
	}
}

// lockedNational is fakeNational safe for concurrent use.
type lockedNational struct {
	mu  sync.Mutex
	gen int64
}

func (f *lockedNational) NationalGeneration(context.Context) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gen, nil
}

func (f *lockedNational) NationalFacts(context.Context) (NationalFacts, error) {
	return nationalFacts(), nil
}

// Many requests at once while the generation moves: every answer is a
// whole summary of a generation no older than the one its caller read
// (run with -race).
func TestNationalConcurrent(t *testing.T) {
	st := &lockedNational{gen: 1}
	n := NewNational(st)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				if i == 0 && j%10 == 0 {
					st.mu.Lock()
					st.gen++
					st.mu.Unlock()
				}
				read, _ := st.NationalGeneration(context.Background())
				s, err := n.Summary(context.Background())
				if err != nil || s.Generation < read || s.Totals.Footprints != 3 {
					t.Errorf("summary of generation %d after reading %d: %v", s.Generation, read, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
