package api

import (
	"context"
	"net/http"
	"sort"

	"github.com/danielgtaylor/huma/v2"
)

// Me is the signed-in user.
type Me struct {
	ID    int64      `json:"id"`
	Email string     `json:"email"`
	Name  string     `json:"name"`
	Admin bool       `json:"admin" doc:"Global administrator."`
	Roles []RoleHeld `json:"roles" doc:"The user's role in each partnership."`
}

// RoleHeld is a user's role in one partnership.
type RoleHeld struct {
	PartnershipID int64  `json:"partnership_id"`
	Role          string `json:"role" enum:"administrator,officer,analyst,board_member,resident"`
}

type meOutput struct{ Body Me }

// registerAccounts lists the operations on the caller's own account; the
// audit log is in audit_entries.go.
func (a *API) registerAccounts() {
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "get-me", Method: http.MethodGet, Path: "/users/me",
		Summary: "The signed-in user and their roles", Tags: []string{"accounts"}, Security: needsSession,
	}, a.getMe)
	a.registerAudit()
}

func (a *API) getMe(ctx context.Context, _ *struct{}) (*meOutput, error) {
	p, err := a.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	me := Me{ID: p.UserID, Email: p.Email, Name: p.Name, Admin: p.Admin, Roles: []RoleHeld{}}
	for id, r := range p.Roles {
		me.Roles = append(me.Roles, RoleHeld{PartnershipID: id, Role: string(r)})
	}
	sort.Slice(me.Roles, func(i, j int) bool { return me.Roles[i].PartnershipID < me.Roles[j].PartnershipID })
	return &meOutput{Body: me}, nil
}
