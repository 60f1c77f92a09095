package auth

import "testing"

// ImportIndicators: global administrators, and officers and administrators
// of any partnership (scope 0), the people canImportIndicators allowed.
func TestCanImportIndicators(t *testing.T) {
	tests := []struct {
		name  string
		p     *Principal
		scope int64
		want  bool
	}{
		{"anonymous", nil, 0, false},
		{"global admin", &Principal{UserID: 1, Admin: true}, 0, true},
		{"officer somewhere", &Principal{UserID: 2, Roles: map[int64]Role{7: RoleOfficer}}, 0, true},
		{"administrator somewhere", &Principal{UserID: 3, Roles: map[int64]Role{7: RoleAdministrator}}, 0, true},
		{"board member only", &Principal{UserID: 4, Roles: map[int64]Role{7: RoleBoardMember}}, 0, false},
		{"resident only", &Principal{UserID: 5, Roles: map[int64]Role{7: RoleResident, 8: RoleBoardMember}}, 0, false},
		{"no roles", &Principal{UserID: 6}, 0, false},
		{"officer in the partnership asked about", &Principal{UserID: 7, Roles: map[int64]Role{7: RoleOfficer}}, 7, true},
		{"officer elsewhere", &Principal{UserID: 8, Roles: map[int64]Role{7: RoleOfficer}}, 9, false},
	}
	for _, tt := range tests {
		if got := Can(tt.p, ImportIndicators, tt.scope); got != tt.want {
			t.Errorf("%s: Can = %v, want %v", tt.name, got, tt.want)
		}
	}
	// Global actions keep needing a global administrator.
	if Can(&Principal{UserID: 2, Roles: map[int64]Role{7: RoleOfficer}}, ManageUsers, 0) {
		t.Error("an officer may manage users")
	}
}
