package auth

import (
	"slices"
	"testing"
)

func TestCanInArea(t *testing.T) {
	const a, b = int64(1), int64(2) // partnerships; area X is covered by a only
	areaX := AreaScope{AreaCode: "E06000001", PartnershipIDs: []int64{a}}
	areaNone := AreaScope{AreaCode: "E06000099"}
	roleIn := func(id int64, r Role) *Principal { return &Principal{UserID: 9, Roles: map[int64]Role{id: r}} }
	cases := []struct {
		name  string
		p     *Principal
		scope AreaScope
		want  bool
	}{
		{"anonymous", nil, areaX, false},
		{"analyst of a", roleIn(a, RoleAnalyst), areaX, true},
		{"officer of a", roleIn(a, RoleOfficer), areaX, true},
		{"administrator of a", roleIn(a, RoleAdministrator), areaX, true},
		{"board member of a", roleIn(a, RoleBoardMember), areaX, false},
		{"resident of a", roleIn(a, RoleResident), areaX, false},
		{"officer of b (another partnership)", roleIn(b, RoleOfficer), areaX, false},
		{"analyst of b, area nobody covers", roleIn(b, RoleAnalyst), areaNone, false},
		{"national analyst", &Principal{NationalAnalyst: true}, areaNone, true},
		{"global admin", &Principal{Admin: true}, areaNone, true},
		{"officer of b, any area", roleIn(b, RoleOfficer), AreaScope{AnyArea: true}, true},
		{"resident of b, any area", roleIn(b, RoleResident), AreaScope{AnyArea: true}, false},
		{"no role, any area", &Principal{UserID: 9}, AreaScope{AnyArea: true}, false},
	}
	for _, tc := range cases {
		for _, action := range []Action{ImportIndicators, AnnotatePriorities, PublishPriorities} {
			if got := CanInArea(tc.p, action, tc.scope); got != tc.want {
				t.Errorf("%s: CanInArea(%s) = %v, want %v", tc.name, action, got, tc.want)
			}
		}
	}
	// Area actions are not partnership actions in disguise: the board's
	// actions stay closed to analysts.
	if Can(roleIn(a, RoleAnalyst), ManageBoard, a) || !Can(roleIn(a, RoleAnalyst), Participate, a) {
		t.Error("analyst: may manage the board, or may not participate")
	}
	// A national analyst gains only the area actions.
	if CanInArea(&Principal{NationalAnalyst: true}, ManageBoard, areaX) || Can(&Principal{NationalAnalyst: true}, ManageBoard, a) {
		t.Error("national analyst may manage a board")
	}
}

func TestAreaPartnerships(t *testing.T) {
	p := &Principal{Roles: map[int64]Role{3: RoleAnalyst, 1: RoleOfficer, 2: RoleResident}}
	if got := p.AreaPartnerships(ImportIndicators); !slices.Equal(got, []int64{1, 3}) {
		t.Errorf("AreaPartnerships = %v, want [1 3]", got)
	}
	if CoversEveryArea(p) || !CoversEveryArea(&Principal{NationalAnalyst: true}) || CoversEveryArea(nil) {
		t.Error("CoversEveryArea")
	}
}
