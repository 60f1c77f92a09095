package routetest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/auth"
	"github.com/placeboard/placeboard/internal/store"
)

// TestRolesAPI: a partnership's administrator lists, grants and revokes
// its roles through the API; bad input is a problem naming the field.
func TestRolesAPI(t *testing.T) {
	f := newFixture(t)
	admin, au := f.srv.As(t, auth.RoleAdministrator, f.p.ID, false)
	ana := f.freshUser(t)
	base := f.srv.URL + "/api/v1/partnerships/" + itoa(f.p.ID) + "/roles"
	const js = "application/json"

	var granted struct {
		UserID int64  `json:"user_id"`
		Email  string `json:"email"`
		Role   string `json:"role"`
	}
	call(t, admin, "POST", base, js, `{"email":"`+strings.ToUpper(ana.Email)+`","role":"analyst"}`, http.StatusOK, &granted)
	if granted.UserID != ana.ID || granted.Role != "analyst" {
		t.Errorf("grant answered %+v", granted)
	}
	var list struct {
		Items []struct {
			UserID int64  `json:"user_id"`
			Email  string `json:"email"`
			Role   string `json:"role"`
		} `json:"items"`
		Total int `json:"total"`
	}
	call(t, admin, "GET", base, "", "", http.StatusOK, &list)
	roles := map[string]string{}
	for _, it := range list.Items {
		roles[it.Email] = it.Role
	}
	if list.Total != 2 || roles[ana.Email] != "analyst" || roles[au.Email] != "administrator" {
		t.Errorf("roles listed: %+v", list)
	}

	var problem struct {
		Status int `json:"status"`
		Errors []struct {
			Location string `json:"location"`
			Message  string `json:"message"`
		} `json:"errors"`
	}
	for _, tc := range []struct {
		body, location string
	}{
		{`{"email":"nobody@example.test","role":"analyst"}`, "body.email"},
		{`{"email":"` + ana.Email + `","role":"king"}`, "body.role"},
	} {
		problem.Errors = nil
		call(t, admin, "POST", base, js, tc.body, http.StatusUnprocessableEntity, &problem)
		if len(problem.Errors) == 0 || problem.Errors[0].Location != tc.location {
			t.Errorf("%s: problem %+v, want one at %s", tc.body, problem, tc.location)
		}
	}

	call(t, admin, "DELETE", base+"/"+itoa(ana.ID), "", "", http.StatusNoContent, nil)
	problem.Errors = nil
	call(t, admin, "DELETE", base+"/"+itoa(ana.ID), "", "", http.StatusNotFound, &problem)
	if len(problem.Errors) == 0 || problem.Errors[0].Location != "path.user_id" {
		t.Errorf("revoking twice: %+v", problem)
	}

	// An administrator of another partnership may not touch this one's roles.
	elsewhere, _ := f.srv.As(t, auth.RoleAdministrator, f.other.ID, false)
	call(t, elsewhere, "POST", base, js, `{"email":"`+ana.Email+`","role":"analyst"}`, http.StatusForbidden, nil)
	entries, _, err := f.srv.Store.AuditEntries(t.Context(), storeAuditFilter("user_role", itoa(ana.ID)+":"+itoa(f.p.ID)))
	must(t, err)
	if len(entries) != 2 {
		t.Errorf("%d audit entries for the analyst's role, want 2 (grant, revoke)", len(entries))
	}
}

func storeAuditFilter(entity, id string) store.AuditFilter {
	return store.AuditFilter{Entity: entity, EntityID: id}
}
