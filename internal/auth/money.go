package auth

// Money actions (the pooled-fund pages, docs/money-pages.md), per
// partnership.
const (
	// ViewMoney: read a partnership's pooled funds, ledger, forecasts and
	// scenarios. Everyone with a role in the partnership except residents.
	ViewMoney Action = "view_money"
	// ManageMoney: set up funds and agreements, record contributions and
	// schemes, post to the ledger, import actuals, close months, save
	// scenarios.
	ManageMoney Action = "manage_money"
	// SignOffMoney: record a chief executive's or section 151 officer's
	// signature on a plan version.
	SignOffMoney Action = "sign_off_money"
)

func init() {
	allowed[ViewMoney] = []Role{RoleAdministrator, RoleOfficer, RoleAnalyst, RoleBoardMember}
	allowed[ManageMoney] = []Role{RoleAdministrator, RoleOfficer}
	allowed[SignOffMoney] = []Role{RoleAdministrator, RoleOfficer}
}
