package routetest

import (
	"context"
	"testing"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// TestNationalFootprints: the national view lists the 44 footprints of
// 2017, each with its councils; a footprint partnership led by a council
// with one council on its board shows "1 of M" and counts as led by local
// government.
func TestNationalFootprints(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.srv.Client(t)
	url := f.srv.URL + "/api/v1/national/footprints?per_page=100"

	type view struct {
		Items []struct {
			Code            string `json:"code"`
			LeadSector      string `json:"lead_sector"`
			Councils        []struct{ Code string }
			CouncilsTotal   int `json:"councils_total"`
			CouncilsOnBoard int `json:"councils_on_board"`
		} `json:"items"`
		Total   int `json:"total"`
		Summary struct {
			Footprints           int `json:"footprints"`
			LedByLocalGovernment int `json:"led_by_local_government"`
		} `json:"summary"`
	}
	var before view
	getJSON(t, c, url, &before)
	if before.Total != 44 || len(before.Items) != 44 || before.Summary.Footprints != 44 {
		t.Fatalf("total %d, items %d, summary %d; want 44", before.Total, len(before.Items), before.Summary.Footprints)
	}
	var hartlepool string // the footprint Hartlepool (E06000001) sits in
	for _, it := range before.Items {
		if it.CouncilsTotal != len(it.Councils) || it.CouncilsTotal == 0 {
			t.Errorf("%s: councils_total %d, %d councils listed", it.Code, it.CouncilsTotal, len(it.Councils))
		}
		for _, cl := range it.Councils {
			if cl.Code == "E06000001" {
				hartlepool = it.Code
			}
		}
	}
	if hartlepool == "" {
		t.Fatal("no footprint lists Hartlepool")
	}

	fp, err := f.srv.Store.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipFootprint,
		AreaCode: hartlepool, Name: "Footprint partnership", LeadOrgID: f.org.ID})
	must(t, err)
	_, err = f.srv.Store.AddMember(ctx, store.System, places.Member{PartnershipID: fp.ID, PersonName: "Council Leader",
		OrgID: f.org.ID, Role: places.RoleChair})
	must(t, err)

	var after view
	getJSON(t, c, url, &after)
	for _, it := range after.Items {
		if it.Code != hartlepool {
			continue
		}
		if it.LeadSector != "local_government" || it.CouncilsOnBoard != 1 {
			t.Errorf("%s: lead_sector %q, %d of %d on board; want local_government, 1 of %d",
				it.Code, it.LeadSector, it.CouncilsOnBoard, it.CouncilsTotal, it.CouncilsTotal)
		}
	}
	if got, want := after.Summary.LedByLocalGovernment, before.Summary.LedByLocalGovernment+1; got != want {
		t.Errorf("led by local government = %d, want %d", got, want)
	}
}
