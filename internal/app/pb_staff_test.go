package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

func doJSON(t *testing.T, c *http.Client, method, url, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var v map[string]any
	_ = json.Unmarshal(b, &v)
	return res.StatusCode, v
}

// TestPBProcessThroughTheAPI: an officer sets up a knapsack process with
// a residence rule through the API, opens it, makes codes; voters vote by
// code and as signed-in residents (whose second ballot replaces the
// first); a paper ballot needs a second officer; the close counts, an
// override is published with its reason, and a recount runs as a River
// job and keeps the override.
func TestPBProcessThroughTheAPI(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	st := srv.Store
	part, err := st.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Hartlepool, Name: "Hartlepool Health and Wellbeing Board"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoadPostcodes(ctx, store.System, "test", func(emit func(places.PostcodeArea) error) (int, error) {
		return 1, emit(places.PostcodeArea{Postcode: "TS24 7AA", LSOA: storetest.LSOA1, District: storetest.Hartlepool})
	}); err != nil {
		t.Fatal(err)
	}
	officer, _ := srv.As(t, auth.RoleOfficer, part.ID, false)
	second, _ := srv.As(t, auth.RoleOfficer, part.ID, false)
	api := srv.URL + "/api/v1"

	status, body := doJSON(t, officer, "POST", fmt.Sprintf("%s/partnerships/%d/pb/processes", api, part.ID), `{
		"title": "Hartlepool Community Health Fund", "pot_pence": 4000000, "ballot_type": "knapsack", "threshold_percent": 70,
		"use_codes": true, "use_residence": true, "use_assisted": true, "min_age": 16, "area_type": "ltla", "area_code": "`+storetest.Hartlepool+`",
		"projects": [
			{"id": "walk", "title": "Walking for health", "cost_pence": 1500000, "feasible": true, "feasibility_reason": "costed by public health"},
			{"id": "garden", "title": "Community garden", "cost_pence": 2500000, "feasible": true, "feasibility_reason": "site agreed"},
			{"id": "cafe", "title": "Youth café", "cost_pence": 1200000, "feasible": true, "feasibility_reason": "lease offered"},
			{"id": "pool", "title": "New pool", "cost_pence": 900000000, "feasible": false, "feasibility_reason": "beyond the pot"}]}`)
	if status != http.StatusCreated || body["status"] != "draft" {
		t.Fatalf("create: %d %v", status, body)
	}
	url := fmt.Sprintf("%s/pb/processes/%v", api, body["id"])
	if status, body = doJSON(t, srv.Client(t), "GET", url, ""); status != http.StatusNotFound {
		t.Fatalf("a draft is visible to the public: %d %v", status, body)
	}
	if status, body = doJSON(t, officer, "POST", url+"/open", ""); status != http.StatusOK || body["lot"] == "" || body["status"] != "open" {
		t.Fatalf("open: %d %v", status, body)
	}
	status, body = doJSON(t, officer, "POST", url+"/codes", `{"count": 3}`)
	if status != http.StatusCreated {
		t.Fatalf("codes: %d %v", status, body)
	}
	var codes []string
	for _, c := range body["codes"].([]any) {
		codes = append(codes, c.(string))
	}
	anon := srv.Client(t)
	// £27,000 is under 70% of £40,000: refused naming the rule.
	status, body = doJSON(t, anon, "POST", url+"/ballots", `{"code":"`+codes[0]+`","projects":["cafe","walk"]}`)
	if status != http.StatusUnprocessableEntity || !strings.Contains(fmt.Sprint(body), "min_spend") {
		t.Fatalf("under the threshold: %d %v", status, body)
	}
	if status, body = doJSON(t, anon, "POST", url+"/ballots", `{"code":"`+codes[0]+`","projects":["walk","garden"]}`); status != http.StatusCreated {
		t.Fatalf("code ballot: %d %v", status, body)
	}
	first := body["receipt"].(string)
	// The code holder changes their mind with the receipt.
	if status, body = doJSON(t, anon, "POST", url+"/ballots", `{"code":"`+codes[0]+`","receipt":"`+first+`","projects":["garden","cafe"]}`); status != http.StatusCreated {
		t.Fatalf("replacement: %d %v", status, body)
	}
	if status, body = doJSON(t, anon, "GET", url+"/receipts/"+first, ""); status != http.StatusOK || body["status"] != "replaced" {
		t.Fatalf("first receipt: %d %v", status, body)
	}

	// Signed-in residents: inside the area and old enough, or not.
	resident, u := srv.As(t, "", 0, false)
	if err := st.SetResidentProfile(ctx, store.System, u.ID, places.ResidentProfile{Postcode: "TS24 7AA", LSOACode: storetest.LSOA1, DistrictCode: storetest.Hartlepool, AgeBand: "25-34"}); err != nil {
		t.Fatal(err)
	}
	if status, body = doJSON(t, resident, "POST", url+"/ballots", `{"projects":["garden","cafe"]}`); status != http.StatusCreated {
		t.Fatalf("resident: %d %v", status, body)
	}
	r1 := body["receipt"].(string)
	if status, body = doJSON(t, resident, "POST", url+"/ballots", `{"projects":["garden","walk"]}`); status != http.StatusCreated {
		t.Fatalf("resident again: %d %v", status, body)
	}
	if status, _ = doJSON(t, anon, "GET", url+"/receipts/"+r1, ""); status != http.StatusOK {
		t.Fatalf("resident's first receipt: %d", status)
	}
	outsider, u2 := srv.As(t, "", 0, false)
	if err := st.SetResidentProfile(ctx, store.System, u2.ID, places.ResidentProfile{Postcode: "DH1 1AA", AgeBand: "25-34"}); err != nil {
		t.Fatal(err)
	}
	if status, body = doJSON(t, outsider, "POST", url+"/ballots", `{"projects":["walk","garden"]}`); status != http.StatusForbidden {
		t.Fatalf("outside the area: %d %v", status, body)
	}
	young, u3 := srv.As(t, "", 0, false)
	if err := st.SetResidentProfile(ctx, store.System, u3.ID, places.ResidentProfile{Postcode: "TS24 7AA", AgeBand: "11-15"}); err != nil {
		t.Logf("age band 11-15 not storable (%v); skipping the age check", err)
	} else if status, body = doJSON(t, young, "POST", url+"/ballots", `{"projects":["walk","garden"]}`); status != http.StatusForbidden {
		t.Fatalf("under the minimum age: %d %v", status, body)
	}

	// A paper ballot with the second code: entered by one officer, checked
	// by another.
	status, body = doJSON(t, officer, "POST", url+"/paper-ballots", `{"channel":"paper","code":"`+codes[1]+`","projects":["garden","cafe"]}`)
	if status != http.StatusCreated {
		t.Fatalf("paper: %d %v", status, body)
	}
	paper := fmt.Sprintf("%s/paper-ballots/%v/check", url, body["id"])
	if status, _ = doJSON(t, officer, "POST", paper, `{"accept":true}`); status != http.StatusConflict {
		t.Fatalf("checked by the officer who entered it: %d", status)
	}
	if status, body = doJSON(t, second, "POST", paper, `{"accept":true}`); status != http.StatusOK || body["status"] != "accepted" {
		t.Fatalf("second officer: %d %v", status, body)
	}
	// The code's online ballot is now refused: one vote per person.
	if status, _ = doJSON(t, anon, "POST", url+"/ballots", `{"code":"`+codes[1]+`","projects":["walk","garden"]}`); status != http.StatusConflict {
		t.Fatalf("online after paper: %d", status)
	}

	if status, body = doJSON(t, officer, "POST", url+"/close", ""); status != http.StatusOK || body["ballots"] != float64(3) {
		t.Fatalf("close: %d %v", status, body)
	}
	counted := fmt.Sprint(body["winners"])
	if status, body = doJSON(t, officer, "POST", url+"/override", `{"winners":["walk"],"reason":"The garden site flooded after the vote."}`); status != http.StatusOK {
		t.Fatalf("override: %d %v", status, body)
	}
	if fmt.Sprint(body["winners"]) != "[walk]" || fmt.Sprint(body["counted_winners"]) != counted || body["override_reason"] == "" {
		t.Fatalf("override shown: %v", body)
	}
	status, body = doJSON(t, officer, "POST", url+"/recount", "")
	if status != http.StatusAccepted {
		t.Fatalf("recount: %d %v", status, body)
	}
	waitJobState(t, srv.App, int64(body["job_id"].(float64)), "completed")
	if status, body = doJSON(t, anon, "GET", url+"/result", ""); status != http.StatusOK || fmt.Sprint(body["counted_winners"]) != counted ||
		fmt.Sprint(body["winners"]) != "[walk]" || body["override_reason"] != "The garden site flooded after the vote." {
		t.Fatalf("result after the recount: %d %v", status, body)
	}
}
