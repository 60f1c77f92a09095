package auth

// Money actions (docs/money.md), asked with Can on the fund's partnership.
const (
	// ViewMoney: read a partnership's pooled funds, ledgers, forecasts and
	// scenarios, and model withdrawals.
	ViewMoney Action = "view_money"
	// ManageMoney: record funds, agreements, contributions, schemes and
	// postings, import actuals, close months and save scenarios.
	ManageMoney Action = "manage_money"
	// SignMoneyPlan: record a chief executive's or section 151 officer's
	// signature on a plan version.
	SignMoneyPlan Action = "sign_money_plan"
)

func init() {
	allowed[ViewMoney] = []Role{RoleAdministrator, RoleOfficer, RoleAnalyst, RoleBoardMember}
	allowed[ManageMoney] = []Role{RoleAdministrator, RoleOfficer}
	allowed[SignMoneyPlan] = []Role{RoleAdministrator, RoleOfficer, RoleBoardMember}
}
