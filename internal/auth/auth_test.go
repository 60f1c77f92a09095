package auth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

var cheap = Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestPasswordHashing(t *testing.T) {
	h, err := HashPassword("correct horse battery", DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not an argon2id PHC string with the default costs", h)
	}
	h2, _ := HashPassword("correct horse battery", DefaultParams)
	if h == h2 {
		t.Error("two hashes of one password are equal: salt missing")
	}
	if err := VerifyPassword("correct horse battery", h); err != nil {
		t.Errorf("right password: %v", err)
	}
	if err := VerifyPassword("correct horse batterY", h); !errors.Is(err, ErrMismatch) {
		t.Errorf("wrong password: %v", err)
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "$argon2id$v=19$m=64,t=1,p=1$!!$!!"} {
		if err := VerifyPassword("x", bad); err == nil || errors.Is(err, ErrMismatch) {
			t.Errorf("malformed hash %q: %v", bad, err)
		}
	}
}

func FuzzParsePHC(f *testing.F) {
	h, _ := HashPassword("pw", cheap)
	for _, s := range []string{h, "", "$argon2id$", "$argon2id$v=19$m=64,t=1,p=1$$", "$argon2id$v=19$m=-1,t=0,p=0$AA$AA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, phc string) {
		p, salt, key, err := parsePHC(phc)
		if err != nil {
			return
		}
		if p.Memory > 4*1024*1024 || p.Time > 100 || len(salt) < 8 || len(key) < 16 {
			t.Fatalf("accepted out-of-range %q", phc)
		}
	})
}

func TestCan(t *testing.T) {
	const mine, other = 1, 2
	admin := &Principal{UserID: 1, Admin: true}
	role := func(r Role) *Principal { return &Principal{UserID: 2, Roles: map[int64]Role{mine: r}} }
	noRole := &Principal{UserID: 3, Roles: map[int64]Role{}}
	type row struct {
		who    string
		p      *Principal
		action Action
		id     int64
		want   bool
	}
	rows := []row{
		{"anonymous", nil, ViewPublished, mine, true},
		{"anonymous", nil, Participate, mine, false},
		{"anonymous", nil, ManageBoard, mine, false},
		{"anonymous", nil, ManageOrganisations, 0, false},
		{"no role", noRole, Participate, mine, false},
		{"resident", role(RoleResident), Participate, mine, true},
		{"resident", role(RoleResident), ManageMeetings, mine, false},
		{"board member", role(RoleBoardMember), RecordDecisions, mine, false},
		{"officer", role(RoleOfficer), ManageBoard, mine, true},
		{"officer", role(RoleOfficer), ManageMeetings, mine, true},
		{"officer", role(RoleOfficer), RecordDecisions, mine, true},
		{"officer", role(RoleOfficer), EditPartnership, mine, false},
		{"officer elsewhere", role(RoleOfficer), ManageBoard, other, false},
		{"partnership admin", role(RoleAdministrator), EditPartnership, mine, true},
		{"partnership admin", role(RoleAdministrator), ManageRoles, mine, true},
		{"partnership admin", role(RoleAdministrator), ManageOrganisations, 0, false},
		{"partnership admin", role(RoleAdministrator), CreatePartnership, 0, false},
		{"global admin", admin, ManageUsers, 0, true},
		{"global admin", admin, EditPartnership, other, true},
		{"global admin", admin, ViewAudit, 0, true},
		{"global admin", admin, ViewAdministration, 0, true},
		{"partnership admin", role(RoleAdministrator), ViewAdministration, 0, false},
		{"officer", role(RoleOfficer), ViewAdministration, mine, false},
		{"anonymous", nil, ViewAdministration, 0, false},
		{"officer", role(RoleOfficer), Action("unknown"), mine, false},
	}
	for _, r := range rows {
		if got := Can(r.p, r.action, r.id); got != r.want {
			t.Errorf("%s %s in %d: got %v, want %v", r.who, r.action, r.id, got, r.want)
		}
	}
}

func TestLoginSessionsAndRateLimits(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		svc := NewService(st, Options{Params: cheap, Now: func() time.Time { return now }, MaxFailuresPerAccount: 3, MaxFailuresPerIP: 5, FailureWindow: 10 * time.Minute})
		hash, _ := HashPassword("right password", cheap)
		u, err := st.CreateUser(ctx, store.System, store.NewUser{Email: "ada@example.test", Name: "Ada", PasswordHash: hash})
		if err != nil {
			t.Fatal(err)
		}
		p, err := st.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Hartlepool, Name: "Board"})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.GrantRole(ctx, store.System, store.RoleGrant{UserID: u.ID, PartnershipID: p.ID, Role: string(RoleOfficer)}); err != nil {
			t.Fatal(err)
		}
		token, pr, err := svc.Login(ctx, "ADA@example.test", "right password", "10.0.0.1")
		if err != nil || pr.UserID != u.ID || pr.RoleIn(p.ID) != RoleOfficer {
			t.Fatalf("login: %+v %v", pr, err)
		}
		got, err := svc.Principal(ctx, token)
		if err != nil || got == nil || got.UserID != u.ID {
			t.Fatalf("session lookup: %+v %v", got, err)
		}
		if got, _ := svc.Principal(ctx, token+"x"); got != nil {
			t.Error("a wrong token resolved")
		}
		if err := svc.Logout(ctx, token); err != nil {
			t.Fatal(err)
		}
		if got, _ := svc.Principal(ctx, token); got != nil {
			t.Error("session survived logout")
		}
		// Per account: three failures lock the account, even with the right
		// password, until the window passes.
		for range 3 {
			if _, _, err := svc.Login(ctx, "ada@example.test", "wrong", "10.0.0.2"); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("wrong password: %v", err)
			}
		}
		var limited *RateLimitedError
		if _, _, err := svc.Login(ctx, "ada@example.test", "right password", "10.0.0.3"); !errors.As(err, &limited) {
			t.Fatalf("fourth attempt: %v, want rate limited", err)
		}
		now = now.Add(11 * time.Minute)
		if _, _, err := svc.Login(ctx, "ada@example.test", "right password", "10.0.0.3"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// Per IP: failures across many accounts from one address.
		for i := range 5 {
			svc.Login(ctx, "nobody"+string(rune('a'+i))+"@example.test", "x", "10.9.9.9")
		}
		if _, _, err := svc.Login(ctx, "ada@example.test", "right password", "10.9.9.9"); !errors.As(err, &limited) {
			t.Fatalf("from a noisy address: %v, want rate limited", err)
		}
		// Expired sessions resolve to anonymous.
		token, _, err = svc.Login(ctx, "ada@example.test", "right password", "10.0.0.4")
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(13 * time.Hour)
		if got, _ := svc.Principal(ctx, token); got != nil {
			t.Error("expired session resolved")
		}
	})
}

func TestMiddlewareAndCookie(t *testing.T) {
	st := storetest.Fixture(t, storetest.SQLite(t))
	ctx := context.Background()
	svc := NewService(st, Options{Params: cheap})
	hash, _ := HashPassword("right password", cheap)
	if _, err := st.CreateUser(ctx, store.System, store.NewUser{Email: "a@example.test", Name: "A", PasswordHash: hash, Admin: true}); err != nil {
		t.Fatal(err)
	}
	token, _, err := svc.Login(ctx, "a@example.test", "right password", "")
	if err != nil {
		t.Fatal(err)
	}
	var seen *Principal
	h := svc.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = FromContext(r.Context())
		svc.SetCookie(w, r, "tok")
	}))
	for _, tc := range []struct {
		name  string
		setup func(r *http.Request)
		admin bool
	}{
		{"cookie", func(r *http.Request) { r.AddCookie(&http.Cookie{Name: CookieName, Value: token}) }, true},
		{"bearer", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }, true},
		{"anonymous", func(r *http.Request) {}, false},
		{"bad token", func(r *http.Request) { r.AddCookie(&http.Cookie{Name: CookieName, Value: "nope"}) }, false},
	} {
		seen = nil
		r := httptest.NewRequest("GET", "/", nil)
		tc.setup(r)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if (seen != nil && seen.Admin) != tc.admin {
			t.Errorf("%s: principal %+v", tc.name, seen)
		}
		c := w.Result().Cookies()[0]
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure || c.Name != CookieName {
			t.Errorf("%s: cookie %+v", tc.name, c)
		}
	}
}
