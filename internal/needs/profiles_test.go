package needs

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/validation"
)

func TestPeerType(t *testing.T) {
	for _, tt := range []struct{ area, peer places.AreaType }{
		{places.AreaCountry, places.AreaRegion},
		{places.AreaRegion, places.AreaRegion},
		{places.AreaNHSER, places.AreaNHSER},
		{places.AreaICB, places.AreaICB},
		{places.AreaSTP, places.AreaSTP},
		{places.AreaUTLA, places.AreaUTLA},
		{places.AreaLTLA, places.AreaLTLA},
	} {
		if got := PeerType(tt.area); got != tt.peer {
			t.Errorf("PeerType(%s) = %s, want %s", tt.area, got, tt.peer)
		}
	}
}

// profileStore serves a tiny world: England, one region, and five councils
// (so quintiles exist), with one quintile-benchmarked indicator.
type profileStore struct {
	areas    []places.Area
	peerType string // the peer type last asked for
}

const quintileIndicator = 1

func (s *profileStore) AreasByCode(_ context.Context, codes []string) ([]places.Area, error) {
	var out []places.Area
	for _, a := range s.areas {
		for _, c := range codes {
			if a.Code == c {
				out = append(out, a)
			}
		}
	}
	return out, nil
}

func (s *profileStore) NeedsCatalogue(context.Context) (*Catalogue, error) {
	return NewCatalogue([]Indicator{{ID: quintileIndicator, Name: "Q", Benchmark: BenchmarkQuintiles, Polarity: LowIsGood, ValueType: ValueProportion, Multiplier: 100}}), nil
}

func (s *profileStore) AreaProfileInputs(ctx context.Context, area, peerType, bench string) (ProfileData, error) {
	latest, series, err := s.areaProfileData(ctx, area, peerType, bench)
	return ProfileDataFromPoints(area, bench, latest, series), err
}

func (s *profileStore) areaProfileData(_ context.Context, area, peerType, bench string) (latest, series []DataPoint, err error) {
	s.peerType = peerType
	point := func(code string, v float64) DataPoint {
		p := NewDataPoint()
		p.IndicatorID, p.AreaCode, p.Value, p.Period.Label, p.Sex = quintileIndicator, code, v, "2024", "Persons"
		return p
	}
	latest = append(latest, point(bench, 5))
	for i, code := range []string{"C1", "C2", "C3", "C4", "C5"} {
		if peerType == "utla" || area == code {
			latest = append(latest, point(code, float64(i+1)))
		}
	}
	if area != bench && !strings.HasPrefix(area, "C") {
		latest = append(latest, point(area, 4))
	}
	for _, p := range latest {
		if p.AreaCode == area {
			series = append(series, p)
		}
	}
	return latest, series, nil
}

func TestProfilesAreaProfile(t *testing.T) {
	st := &profileStore{areas: []places.Area{
		{Type: places.AreaCountry, Code: EnglandCode, Name: "England"},
		{Type: places.AreaRegion, Code: "R1", Name: "Region"},
		{Type: places.AreaUTLA, Code: "C5", Name: "Council 5"},
		{Type: places.AreaLTLA, Code: "C5", Name: "Council 5"},
	}}
	p := Profiles{Store: st}
	ctx := context.Background()

	council, err := p.AreaProfile(ctx, ProfileQuery{Code: "c5"})
	if err != nil {
		t.Fatal(err)
	}
	if council.Area.Type != places.AreaUTLA || council.PeerType != places.AreaUTLA || st.peerType != "utla" || council.Benchmark != England {
		t.Errorf("council: %s compared with %s (store asked for %s), benchmark %+v", council.Area.Type, council.PeerType, st.peerType, council.Benchmark)
	}
	if len(council.Rows) != 1 || council.Rows[0].Comparison.Quintile != 5 || council.Rows[0].Comparison.Outcome != Worse || council.Rows[0].Areas != 5 {
		t.Errorf("council row: %+v", council.Rows)
	}

	region, err := p.AreaProfile(ctx, ProfileQuery{Code: "R1"})
	if err != nil {
		t.Fatal(err)
	}
	if region.PeerType != places.AreaRegion || st.peerType != "region" {
		t.Errorf("a region is compared with regions, got %s", region.PeerType)
	}

	england, err := p.AreaProfile(ctx, ProfileQuery{Code: EnglandCode})
	if err != nil {
		t.Fatal(err)
	}
	if england.PeerType != places.AreaRegion || len(england.Rows) != 1 || england.Rows[0].Comparison.Outcome != NotCompared ||
		england.Rows[0].Comparison.Reason != "this area is the benchmark" || england.Rows[0].Area.Value != 5 {
		t.Errorf("England: %+v", england.Rows)
	}

	if _, err := p.AreaProfile(ctx, ProfileQuery{Code: "C5", PeerType: places.AreaLSOA}); !errors.Is(err, ErrBadPeerType) {
		t.Errorf("lsoa peers: %v, want ErrBadPeerType", err)
	}
	if _, err := p.AreaProfile(ctx, ProfileQuery{Code: "C5", PeerType: places.AreaRegion}); err != nil || st.peerType != "region" {
		t.Errorf("asked-for peers: %v, store asked for %s", err, st.peerType)
	}
	if _, err := p.AreaProfile(ctx, ProfileQuery{Code: "E06000099"}); !errors.Is(err, places.ErrNoArea) {
		t.Errorf("unknown area: %v, want places.ErrNoArea", err)
	}
}

func TestCompareByPeriod(t *testing.T) {
	ind := Indicator{ID: 1, Benchmark: BenchmarkCI95, Polarity: LowIsGood}
	at := func(period, area string, v, lo, hi float64) DataPoint {
		p := pt(area, v, lo, hi)
		p.Period.Label = period
		return p
	}
	points := []DataPoint{at("2023", "A", 12, 11, 13), at("2024", "A", 12, 11, 13), at("2025", "A", 12, 11, 13)}
	england := []DataPoint{at("2023", EnglandCode, 10, 9, 11), at("2024", EnglandCode, 12, 11, 13)}
	got := CompareByPeriod(points, england, EnglandCode, ind)
	want := []Outcome{Worse, Similar, NotCompared}
	for i, c := range got {
		if c.Outcome != want[i] {
			t.Errorf("%s: %s, want %s", points[i].Period.Label, c.Outcome, want[i])
		}
	}
	if got[2].BenchmarkCode != EnglandCode {
		t.Errorf("missing benchmark names no area: %+v", got[2])
	}
}

func TestPriorityValidation(t *testing.T) {
	n := PriorityNote{IndicatorID: 0, Note: "  " + strings.Repeat("a", MaxPriorityNote+1) + " "}
	n.Normalize()
	ve, ok := validation.As(n.Validate())
	if !ok || !ve.Has("note") || !ve.Has("indicator_id") {
		t.Errorf("bad note: %v", n.Validate())
	}
	good := PriorityNote{IndicatorID: 93701, Note: " first "}
	good.Normalize()
	if err := good.Validate(); err != nil || good.Note != "first" {
		t.Errorf("good note: %q %v", good.Note, err)
	}
	pub := PriorityPublication{Title: "  "}
	pub.Normalize()
	if ve, ok := validation.As(pub.Validate()); !ok || !ve.Has("title") {
		t.Errorf("blank title accepted")
	}
	pub.Title = strings.Repeat("t", MaxPublicationTitle+1)
	if ve, ok := validation.As(pub.Validate()); !ok || !ve.Has("title") {
		t.Errorf("long title accepted")
	}
}

func TestWithNotes(t *testing.T) {
	ranked := []Priority{{Rank: 1, IndicatorID: 3, Standing: StandingRanked}, {Rank: 2, IndicatorID: 1, Standing: StandingRanked}, {Rank: 3, IndicatorID: 2, Standing: StandingRanked}}
	all, pinned := WithNotes(ranked, map[int]PriorityNote{1: {IndicatorID: 1, Pinned: true, Note: "n1"}, 2: {IndicatorID: 2, Note: "n2"}})
	// The pinned indicator comes first and takes rank 1.
	if len(all) != 3 || all[0].Note != "n1" || !all[0].Pinned || all[0].Rank != 1 || all[1].IndicatorID != 3 || all[1].Rank != 2 || all[2].Pinned || all[2].Note != "n2" {
		t.Errorf("all: %+v", all)
	}
	if len(pinned) != 1 || pinned[0].IndicatorID != 1 {
		t.Errorf("pinned: %+v", pinned)
	}
}
