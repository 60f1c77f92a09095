package auth

// ManagePB: set up a partnership's participatory budgeting processes,
// review projects, open and close voting, print voting codes, enter and
// check paper ballots, and override a result (with a public reason).
// Officers and administrators of the partnership.
const ManagePB Action = "manage_pb"

func init() { allowed[ManagePB] = []Role{RoleAdministrator, RoleOfficer} }
