// Package auth signs people in and decides what they may do: argon2id
// password hashes, server-side sessions kept in the database, login rate
// limiting, and one permission check (Can) shared by the web pages and the
// API.
package auth

import "slices"

// Role is what a user may do in one partnership.
type Role string

// Roles per partnership, most powerful first. A user with the global Admin
// flag counts as administrator everywhere. Anonymous visitors have no role.
const (
	RoleAdministrator Role = "administrator"
	RoleOfficer       Role = "officer"
	// RoleAnalyst works on the needs of the partnership's areas (imports,
	// priorities) without running the board.
	RoleAnalyst     Role = "analyst"
	RoleBoardMember Role = "board_member"
	RoleResident    Role = "resident"
)

// Roles lists the per-partnership roles, most powerful first.
var Roles = []Role{RoleAdministrator, RoleOfficer, RoleAnalyst, RoleBoardMember, RoleResident}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, k := range Roles {
		if k == r {
			return true
		}
	}
	return false
}

// Action is something a user may try to do.
type Action string

// Actions. Global actions ignore the partnership ID (pass 0).
const (
	// ViewPublished: read published content (areas, organisations,
	// partnerships, boards, meetings, decisions). Everyone, signed in or not.
	ViewPublished Action = "view_published"
	// Participate: take part as a signed-in resident (later modules: comment,
	// vote in participatory budgeting). Any signed-in user with a role.
	Participate Action = "participate"
	// ManageBoard: add, change and remove board members.
	ManageBoard Action = "manage_board"
	// ManageMeetings: record meetings, agendas, minutes and attendance.
	ManageMeetings Action = "manage_meetings"
	// RecordDecisions: record decisions, votes and papers.
	RecordDecisions Action = "record_decisions"
	// EditPartnership: change the partnership's name, area or lead
	// organisation, delete it.
	EditPartnership Action = "edit_partnership"
	// ManageRoles: grant and revoke roles in the partnership.
	ManageRoles Action = "manage_roles"
	// ManageParticipatoryBudgets: set up, open, close and override the
	// partnership's participatory budgets, make voting codes, and enter
	// and check paper ballots (internal/voice/budgeting).
	ManageParticipatoryBudgets Action = "manage_participatory_budgets"

	// Global actions (partnership ID ignored): global administrators only.
	CreatePartnership   Action = "create_partnership"
	ManageOrganisations Action = "manage_organisations"
	ManageUsers         Action = "manage_users"
	ViewAudit           Action = "view_audit"
	// ViewAdministration: open the administration menu (/admin) and see
	// its link in the navigation.
	ViewAdministration Action = "view_administration"
)

// allowed says which roles may do each per-partnership action.
var allowed = map[Action][]Role{
	ViewPublished:   {RoleAdministrator, RoleOfficer, RoleAnalyst, RoleBoardMember, RoleResident},
	Participate:     {RoleAdministrator, RoleOfficer, RoleAnalyst, RoleBoardMember, RoleResident},
	ManageBoard:     {RoleAdministrator, RoleOfficer},
	ManageMeetings:  {RoleAdministrator, RoleOfficer},
	RecordDecisions: {RoleAdministrator, RoleOfficer},
	EditPartnership: {RoleAdministrator},
	ManageRoles:     {RoleAdministrator},

	ManageParticipatoryBudgets: {RoleAdministrator, RoleOfficer},

	// Area actions (asked with CanInArea).
	ImportIndicators:   {RoleAdministrator, RoleOfficer, RoleAnalyst},
	AnnotatePriorities: {RoleAdministrator, RoleOfficer, RoleAnalyst},
	PublishPriorities:  {RoleAdministrator, RoleOfficer, RoleAnalyst},
}

// Principal is the signed-in user as the permission check sees it. A nil
// *Principal is an anonymous visitor.
type Principal struct {
	UserID int64
	Email  string
	Name   string
	Admin  bool // global administrator
	// SecondFactorMissing: a global administrator without a second factor,
	// who acts as one (Admin) only once enrolled.
	SecondFactorMissing bool
	Roles               map[int64]Role // partnership ID → role
	// NationalAnalyst may do the area actions for every area.
	NationalAnalyst bool
	// EmailConfirmed: the person has proved their e-mail address, which
	// Voice asks before anyone posts a response, proposal or comment.
	EmailConfirmed bool
}

// RoleIn returns p's role in a partnership ("" if none or anonymous).
func (p *Principal) RoleIn(partnershipID int64) Role {
	if p == nil {
		return ""
	}
	return p.Roles[partnershipID]
}

// Can reports whether p may do action in the partnership with the given ID
// (0 for global actions). p may be nil (anonymous).
func Can(p *Principal, action Action, partnershipID int64) bool {
	if action == ViewPublished {
		return true
	}
	if p == nil {
		return false
	}
	if p.Admin {
		return true
	}
	roles, ok := allowed[action]
	if !ok {
		return false // global actions: admins only
	}
	return slices.Contains(roles, p.Roles[partnershipID])
}
