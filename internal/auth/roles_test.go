package auth

import "testing"

// ImportIndicators: global administrators, national analysts, and
// administrators, officers and analysts of a partnership. "May this person
// import at all" is CanInArea with AnyArea (the web's import page asks it);
// an area's own partnerships narrow it. Can with partnership 0 is not a
// second way to ask it: 0 means a global action, administrators only.
func TestCanImportIndicators(t *testing.T) {
	anyArea := AreaScope{AnyArea: true}
	tests := []struct {
		name  string
		p     *Principal
		scope AreaScope
		want  bool
	}{
		{"anonymous", nil, anyArea, false},
		{"global admin", &Principal{UserID: 1, Admin: true}, anyArea, true},
		{"officer somewhere", &Principal{UserID: 2, Roles: map[int64]Role{7: RoleOfficer}}, anyArea, true},
		{"administrator somewhere", &Principal{UserID: 3, Roles: map[int64]Role{7: RoleAdministrator}}, anyArea, true},
		{"analyst somewhere", &Principal{UserID: 9, Roles: map[int64]Role{7: RoleAnalyst}}, anyArea, true},
		{"national analyst", &Principal{UserID: 10, NationalAnalyst: true}, anyArea, true},
		{"board member only", &Principal{UserID: 4, Roles: map[int64]Role{7: RoleBoardMember}}, anyArea, false},
		{"resident only", &Principal{UserID: 5, Roles: map[int64]Role{7: RoleResident, 8: RoleBoardMember}}, anyArea, false},
		{"no roles", &Principal{UserID: 6}, anyArea, false},
		{"officer in the partnership asked about", &Principal{UserID: 7, Roles: map[int64]Role{7: RoleOfficer}}, AreaScope{PartnershipIDs: []int64{7}}, true},
		{"officer elsewhere", &Principal{UserID: 8, Roles: map[int64]Role{7: RoleOfficer}}, AreaScope{PartnershipIDs: []int64{9}}, false},
	}
	for _, tt := range tests {
		if got := CanInArea(tt.p, ImportIndicators, tt.scope); got != tt.want {
			t.Errorf("%s: CanInArea = %v, want %v", tt.name, got, tt.want)
		}
	}
	// Partnership 0 is a global action's scope: an officer somewhere is
	// not thereby allowed, and global actions keep needing an administrator.
	officer := &Principal{UserID: 2, Roles: map[int64]Role{7: RoleOfficer}}
	if Can(officer, ImportIndicators, 0) {
		t.Error("Can(officer, ImportIndicators, 0): partnership 0 must not mean \"any partnership\"")
	}
	if Can(officer, ManageUsers, 0) {
		t.Error("an officer may manage users")
	}
}
