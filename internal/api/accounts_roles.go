package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/placeboard/placeboard/internal/auth"
)

// RoleHolder is one person's role in a partnership.
type RoleHolder struct {
	UserID   int64  `json:"user_id"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     string `json:"role" enum:"administrator,officer,analyst,board_member,resident"`
	Disabled bool   `json:"disabled" doc:"The account is disabled: it cannot sign in."`
}

// RoleGrantInput is the body of grant role.
type RoleGrantInput struct {
	Email string `json:"email" minLength:"1" maxLength:"254" doc:"The e-mail address of the person's account."`
	Role  string `json:"role" enum:"administrator,officer,analyst,board_member,resident"`
}

type roleHolderOutput struct{ Body RoleHolder }

type grantRoleInput struct {
	PartnershipPath
	Body RoleGrantInput
}

type roleHolderPath struct {
	PartnershipPath
	UserID int64 `path:"user_id" minimum:"1" doc:"The account's ID."`
}

const manageRolesDoc = "The partnership's administrators, and global administrators. Each change is an audit entry."

// registerRoles lists the operations on the roles a partnership grants.
func (a *API) registerRoles() {
	tags := []string{"accounts"}
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "list-partnership-roles", Middlewares: a.guard(auth.ManageRoles, "id"), Method: http.MethodGet, Path: "/partnerships/{id}/roles",
		Summary: "List who holds a role in a partnership", Tags: tags, Security: needsSession, Description: manageRolesDoc,
	}, a.listPartnershipRoles)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "grant-role", Middlewares: a.guard(auth.ManageRoles, "id"), Method: http.MethodPost, Path: "/partnerships/{id}/roles",
		Summary: "Give an account a role in a partnership (replacing its role there)", Tags: tags, Security: needsSession, Description: manageRolesDoc,
	}, a.grantRole)
	huma.Register(a.huma, huma.Operation{
		Errors:      writeErrors,
		OperationID: "revoke-role", Middlewares: a.guard(auth.ManageRoles, "id"), Method: http.MethodDelete, Path: "/partnerships/{id}/roles/{user_id}",
		Summary: "Take an account's role in a partnership away", Tags: tags, DefaultStatus: http.StatusNoContent, Security: needsSession, Description: manageRolesDoc,
	}, a.revokeRole)
}

func (a *API) listPartnershipRoles(ctx context.Context, in *listInPartnership) (*ListOutput[RoleHolder], error) {
	if _, err := a.require(ctx, auth.ManageRoles, in.ID); err != nil {
		return nil, err
	}
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	hs, err := a.deps.Store.PartnershipRoles(ctx, in.ID)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	items := make([]RoleHolder, len(hs))
	for i, h := range hs {
		items[i] = RoleHolder(h)
	}
	p := in.PageParams.normalised()
	return newList(ctx, p, pageOf(items, p), len(items)), nil
}

func (a *API) grantRole(ctx context.Context, in *grantRoleInput) (*roleHolderOutput, error) {
	who, err := a.require(ctx, auth.ManageRoles, in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	u, err := a.deps.Store.GrantRoleByEmail(ctx, who.Actor(), in.Body.Email, in.ID, in.Body.Role)
	if err != nil {
		return nil, a.errs.mapError(ctx, err)
	}
	return &roleHolderOutput{Body: RoleHolder{UserID: u.ID, Email: u.Email, Name: u.Name, Role: in.Body.Role, Disabled: u.Disabled}}, nil
}

func (a *API) revokeRole(ctx context.Context, in *roleHolderPath) (*struct{}, error) {
	who, err := a.require(ctx, auth.ManageRoles, in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := a.partnership(ctx, in.ID); err != nil {
		return nil, err
	}
	if err := a.deps.Store.RevokeRole(ctx, who.Actor(), in.UserID, in.ID); err != nil {
		return nil, a.notFoundAs(ctx, err, "path.user_id",
			fmt.Sprintf("account %d has no role in partnership %d", in.UserID, in.ID))
	}
	return nil, nil
}
