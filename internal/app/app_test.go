package app_test

import (
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

func TestHealthz(t *testing.T) {
	srv := apptest.New(t)
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("healthz %d", resp.StatusCode)
	}
	// With the database gone, healthz says so.
	srv.Store.Close()
	resp, err = http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("healthz with the database closed: %d, want 503", resp.StatusCode)
	}
}

// apptest gives tests signed-in clients with real sessions.
func TestApptestClients(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	p, err := srv.Store.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: "E06000001", Name: "Hartlepool Health and Wellbeing Board"})
	if err != nil {
		t.Fatal(err)
	}
	_, u := srv.As(t, auth.RoleOfficer, p.ID, false)
	_, token := srv.Login(t, u.Email)
	pr, err := srv.Auth.Principal(ctx, token)
	if err != nil || pr == nil || pr.RoleIn(p.ID) != auth.RoleOfficer {
		t.Fatalf("principal %+v %v", pr, err)
	}
	anon := srv.Client(t)
	resp, err := anon.Get(srv.URL + "/api/v1/areas?type=icb&per_page=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("areas: %d %s", resp.StatusCode, body)
	}
}

func TestNewRejectsBadDatabaseURL(t *testing.T) {
	if _, err := app.New(context.Background(), app.Config{DatabaseURL: "mysql://nope"}); err == nil {
		t.Fatal("app.New accepted a non-PostgreSQL URL")
	}
}
