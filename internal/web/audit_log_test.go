package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app/apptest"
	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
)

// The audit page names who and what, and shows each changed field's old
// and new value rather than raw JSON.
func TestAuditPageShowsNamesAndDifferences(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	admin, u := srv.As(t, "", 0, true)
	by := store.Actor{UserID: u.ID, Name: u.Email, ClientAddr: "192.0.2.44"}
	org, err := srv.Store.CreateOrganisation(ctx, by, places.Organisation{Name: "Hartlepool Borough Council", Kind: places.OrgCouncilUpper})
	if err != nil {
		t.Fatal(err)
	}
	org.Name = "Hartlepool Council"
	org.AreaCodes = []string{"E06000001"}
	if _, err := srv.Store.UpdateOrganisation(ctx, by, org); err != nil {
		t.Fatal(err)
	}
	if err := srv.Store.RecordEvent(ctx, by, store.AuditEvent{Action: audit.ActionSignInFailed, Entity: "user",
		Detail: map[string]string{"email": "mallory@example.test", "reason": "wrong password"}}); err != nil {
		t.Fatal(err)
	}
	status, body := get(t, admin, srv.URL, "/admin/audit")
	if status != http.StatusOK {
		t.Fatalf("GET /admin/audit = %d", status)
	}
	for _, want := range []string{
		u.Name,               // the actor's name
		u.Email,              // and e-mail
		"from 192.0.2.44",    // the client address
		"Hartlepool Council", // the subject's name
		`<span class="app-audit__field">Name</span>:`,
		"Hartlepool Borough Council <span aria-hidden=\"true\">→</span>", // old → new
		`<span class="app-audit__field">Area codes</span>:`,
		"sign-in-failed user",
		"mallory@example.test",
		`class="app-table-scroll"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	for _, raw := range []string{`"name":`, `{&#34;`, "app-json", "name_lower", "updated_at"} {
		if strings.Contains(body, raw) {
			t.Errorf("audit page still shows raw JSON or bookkeeping: %q", raw)
		}
	}
}
