package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/placeboard/placeboard/internal/audit"
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

// clock is a settable time for the service under test.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// noSleep records the waits the service asks for instead of sleeping.
type noSleep struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (n *noSleep) Sleep(_ context.Context, d time.Duration) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.waits = append(n.waits, d)
	return nil
}

func createUser(t *testing.T, st *store.Store, email, password string) store.User {
	t.Helper()
	hash, err := HashPassword(password, cheap)
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUser(context.Background(), store.System, store.NewUser{Email: email, Name: "Person " + email, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

const rightPassword = "right password 12"

func TestLoginSessionsAndRoles(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := newClock()
		svc := NewService(st, Options{Params: cheap, Now: clk.Now})
		u := createUser(t, st, "ada@example.test", rightPassword)
		p, err := st.CreatePartnership(ctx, store.System, places.Partnership{Kind: places.PartnershipHWB, AreaCode: storetest.Hartlepool, Name: "Board"})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.GrantRole(ctx, store.System, store.RoleGrant{UserID: u.ID, PartnershipID: p.ID, Role: string(RoleOfficer)}); err != nil {
			t.Fatal(err)
		}
		token, pr, err := svc.Login(ctx, "ADA@example.test", rightPassword, Client{Address: "10.0.0.1", UserAgent: "Test/1"})
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
		sessions, err := svc.Sessions(ctx, u.ID)
		if err != nil || len(sessions) != 1 || sessions[0].ClientAddress != "10.0.0.1" || sessions[0].UserAgent != "Test/1" ||
			sessions[0].TokenHash != SessionID(token) || !sessions[0].CreatedAt.Equal(clk.Now()) {
			t.Fatalf("sessions = %+v, %v", sessions, err)
		}
		if err := svc.Logout(ctx, token, Client{Address: "10.0.0.1"}); err != nil {
			t.Fatal(err)
		}
		if got, _ := svc.Principal(ctx, token); got != nil {
			t.Error("session survived logout")
		}
		// The absolute limit still applies to a session in constant use.
		token, _, err = svc.Login(ctx, "ada@example.test", rightPassword, Client{})
		if err != nil {
			t.Fatal(err)
		}
		for range 13 * 3 {
			clk.Advance(20 * time.Minute)
			svc.Principal(ctx, token)
		}
		if got, _ := svc.Principal(ctx, token); got != nil {
			t.Error("a session outlived its absolute lifetime")
		}
		// Sign-ins, failures and sign-outs are audit entries with the
		// address, and the chain still verifies.
		if _, _, err := svc.Login(ctx, "ada@example.test", "wrong password", Client{Address: "192.0.2.9"}); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("wrong password: %v", err)
		}
		entries, _, err := st.AuditEntries(ctx, store.AuditFilter{Entity: "user", Page: store.Page{Limit: 100}})
		if err != nil {
			t.Fatal(err)
		}
		events := []string{}
		for i := len(entries) - 1; i >= 0; i-- {
			e := entries[i]
			if !strings.HasPrefix(e.Action, "sign-") {
				continue
			}
			var detail map[string]string
			if err := json.Unmarshal(e.After, &detail); err != nil {
				t.Fatal(err)
			}
			events = append(events, fmt.Sprintf("%s:%s@%s(%s)", e.Action, e.EntityID, e.ClientAddr, detail["email"]))
		}
		id := strconv.FormatInt(u.ID, 10)
		want := "sign-in:" + id + "@10.0.0.1(ada@example.test) sign-out:" + id + "@10.0.0.1(ada@example.test) sign-in:" + id + "@(ada@example.test) sign-in-failed:" + id + "@192.0.2.9(ada@example.test)"
		if strings.Join(events, " ") != want {
			t.Errorf("audited events =\n%s\nwant\n%s", strings.Join(events, " "), want)
		}
		if _, err := st.VerifyAudit(ctx); err != nil {
			t.Errorf("audit chain: %v", err)
		}
	})
}

// The reproduction: 50 parallel wrong guesses for one account, the
// right password among them. The first five reserved attempts are held
// inside the hash check while the rest arrive, so the right password comes
// while five checks are in flight: it is refused without a check.
func TestParallelGuessesCheckAtMostFive(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		var checks atomic.Int64
		gate := make(chan struct{})
		opt := Options{Params: cheap, MaxConcurrentHashes: 100, HashWait: time.Minute,
			OnPasswordCheck: func() { checks.Add(1); <-gate }}
		// Two services on one database stand for two servers.
		servers := []*Service{NewService(st, opt), NewService(st, opt)}
		u := createUser(t, st, "target@example.test", rightPassword)

		results := make(chan error, 49)
		for i := range 49 {
			go func() {
				_, _, err := servers[i%2].Login(ctx, "target@example.test", fmt.Sprintf("wrong guess %d", i), Client{Address: "203.0.113.5"})
				results <- err
			}()
		}
		var limited *RateLimitedError
		refused := 0
		for range 44 {
			if err := <-results; errors.As(err, &limited) {
				refused++
			} else {
				t.Errorf("an attempt beyond the first five: %v, want rate limited", err)
			}
		}
		for deadline := time.Now().Add(30 * time.Second); checks.Load() < 5 && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond)
		}
		if n := checks.Load(); n != 5 {
			t.Fatalf("%d checks in flight, want 5", n)
		}
		// The right password, sent while the five are being checked.
		if _, _, err := servers[0].Login(ctx, "target@example.test", rightPassword, Client{Address: "203.0.113.5"}); !errors.As(err, &limited) {
			t.Errorf("right password among the guesses: %v, want rate limited", err)
		}
		close(gate)
		for range 5 {
			if err := <-results; !errors.Is(err, ErrBadCredentials) {
				t.Errorf("a checked wrong guess: %v", err)
			}
		}
		if n := checks.Load(); n != 5 {
			t.Errorf("%d password checks, want 5", n)
		}
		if sessions, _ := st.UserSessions(ctx, u.ID); len(sessions) != 0 {
			t.Errorf("the account was signed in: %+v", sessions)
		}
		if refused != 44 {
			t.Errorf("%d refused, want 44", refused)
		}
	})
}

// The same burst with no ordering at all: whatever the order, no more than
// five passwords are checked, and the right one signs in only if it was one
// of the five.
func TestParallelGuessesUnordered(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		var checks atomic.Int64
		svc := NewService(st, Options{Params: cheap, MaxConcurrentHashes: 100, HashWait: time.Minute, OnPasswordCheck: func() { checks.Add(1) }})
		createUser(t, st, "target@example.test", rightPassword)
		var wg sync.WaitGroup
		var rightErr error
		var signedIn atomic.Int64
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				pw := fmt.Sprintf("wrong guess %d", i)
				if i == 25 {
					pw = rightPassword
				}
				token, _, err := svc.Login(ctx, "target@example.test", pw, Client{Address: "203.0.113.5"})
				if token != "" {
					signedIn.Add(1)
				}
				if i == 25 {
					rightErr = err
				} else if err == nil {
					t.Errorf("wrong guess %d signed in", i)
				}
			}()
		}
		wg.Wait()
		// A right password that won a slot is checked too and then gives
		// its slot back (it proved it knows the password), so one more
		// wrong guess may then be checked: the bound is on wrong guesses.
		wrongChecks := checks.Load()
		if signedIn.Load() == 1 {
			wrongChecks--
		}
		if wrongChecks > 5 || wrongChecks < 1 {
			t.Errorf("%d wrong passwords checked (%d checks, %d sign-ins), want 1 to 5", wrongChecks, checks.Load(), signedIn.Load())
		}
		var limited *RateLimitedError
		if rightErr != nil && !errors.As(rightErr, &limited) {
			t.Errorf("right password: %v", rightErr)
		}
		if signedIn.Load() > 1 {
			t.Errorf("%d sign-ins", signedIn.Load())
		}
	})
}

func TestAccountThrottleWindow(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := newClock()
		var checks atomic.Int64
		svc := NewService(st, Options{Params: cheap, Now: clk.Now, MaxFailuresPerAccount: 3, FailureWindow: 10 * time.Minute,
			OnPasswordCheck: func() { checks.Add(1) }})
		createUser(t, st, "ada@example.test", rightPassword)
		// A right password does not use up the allowance.
		for range 2 {
			if _, _, err := svc.Login(ctx, "ada@example.test", "wrong", Client{}); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("wrong password: %v", err)
			}
		}
		for range 3 {
			if _, _, err := svc.Login(ctx, "ada@example.test", rightPassword, Client{}); err != nil {
				t.Fatalf("right password after two failures: %v", err)
			}
		}
		if _, _, err := svc.Login(ctx, "ada@example.test", "wrong", Client{}); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("third wrong password: %v", err)
		}
		before := checks.Load()
		var limited *RateLimitedError
		_, _, err := svc.Login(ctx, "ada@example.test", rightPassword, Client{})
		if !errors.As(err, &limited) {
			t.Fatalf("after three failures: %v, want rate limited", err)
		}
		if checks.Load() != before {
			t.Error("a throttled attempt checked the password")
		}
		if limited.RetryAfter <= 0 || limited.RetryAfter > 10*time.Minute {
			t.Errorf("retry after %s", limited.RetryAfter)
		}
		// Unknown accounts are throttled the same way (and cost a hash).
		for range 3 {
			svc.Login(ctx, "nobody@example.test", "x", Client{})
		}
		if _, _, err := svc.Login(ctx, "nobody@example.test", "x", Client{}); !errors.As(err, &limited) {
			t.Errorf("unknown account: %v, want rate limited", err)
		}
		clk.Advance(11 * time.Minute)
		if _, _, err := svc.Login(ctx, "ada@example.test", rightPassword, Client{}); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// One refusal entry per throttled window, not one per request.
		entries, _, _ := st.AuditEntries(ctx, store.AuditFilter{Entity: "user", Page: store.Page{Limit: 100}})
		refusals := 0
		for _, e := range entries {
			if e.Action == audit.ActionSignInRefused {
				refusals++
			}
		}
		if refusals != 2 {
			t.Errorf("%d refusal entries, want 2 (one per throttled account)", refusals)
		}
	})
}

// The second reproduction: 20 failures from one address used to
// lock every account from it. Now the address is only slowed down.
func TestAddressFailuresDoNotStopOthers(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := newClock()
		sleeper := &noSleep{}
		svc := NewService(st, Options{Params: cheap, Now: clk.Now, Sleep: sleeper.Sleep})
		createUser(t, st, "ada@example.test", rightPassword)
		createUser(t, st, "bob@example.test", rightPassword)
		shared := Client{Address: "198.51.100.7"} // one office behind NAT
		for i := range 20 {
			email := fmt.Sprintf("guess%d@example.test", i)
			if i%4 == 0 {
				email = "bob@example.test" // some guesses on a real account
			}
			if _, _, err := svc.Login(ctx, email, "wrong", shared); !errors.Is(err, ErrBadCredentials) && !errors.As(err, new(*RateLimitedError)) {
				t.Fatalf("guess %d: %v", i, err)
			}
		}
		if len(sleeper.waits) != 0 && slices.Max(sleeper.waits) > 0 {
			t.Errorf("slowed down before the address limit: %v", sleeper.waits)
		}
		// Ada, at the same address, signs in.
		if _, _, err := svc.Login(ctx, "ada@example.test", rightPassword, shared); err != nil {
			t.Fatalf("another person's correct sign-in from the noisy address: %v", err)
		}
		// The noisy address is slowed: its attempts are spaced out.
		sleeper.waits = nil
		for i := range 10 {
			svc.Login(ctx, fmt.Sprintf("more%d@example.test", i), "wrong", shared)
		}
		if len(sleeper.waits) != 10 || sleeper.waits[9] <= sleeper.waits[0] || slices.Max(sleeper.waits) > 5*time.Second {
			t.Errorf("waits for a noisy address = %v, want growing, at most 5s", sleeper.waits)
		}
		if _, _, err := svc.Login(ctx, "ada@example.test", rightPassword, shared); err != nil {
			t.Fatalf("correct sign-in after 30 failures from the address: %v", err)
		}
		// Another address is not slowed at all.
		sleeper.waits = nil
		if _, _, err := svc.Login(ctx, "ada@example.test", rightPassword, Client{Address: "192.0.2.1"}); err != nil || slices.Max(append(sleeper.waits, 0)) != 0 {
			t.Fatalf("quiet address: %v, waits %v", err, sleeper.waits)
		}
	})
}

func TestIdleTimeoutAndOneSessionPerPerson(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := newClock()
		svc := NewService(st, Options{Params: cheap, Now: clk.Now})
		u := createUser(t, st, "ada@example.test", rightPassword)
		token, _, err := svc.Login(ctx, "ada@example.test", rightPassword, Client{})
		if err != nil {
			t.Fatal(err)
		}
		// Used every 29 minutes, the session lives on.
		for range 4 {
			clk.Advance(29 * time.Minute)
			if p, err := svc.Principal(ctx, token); err != nil || p == nil {
				t.Fatalf("session in use ended: %v", err)
			}
		}
		clk.Advance(31 * time.Minute)
		if p, _ := svc.Principal(ctx, token); p != nil {
			t.Fatal("a session idle for 31 minutes still resolves")
		}
		if s, _ := svc.Sessions(ctx, u.ID); len(s) != 0 {
			t.Errorf("idle session listed: %+v", s)
		}
		// Signing in again ends the earlier session.
		first, _, err := svc.Login(ctx, "ada@example.test", rightPassword, Client{UserAgent: "laptop"})
		if err != nil {
			t.Fatal(err)
		}
		second, _, err := svc.Login(ctx, "ada@example.test", rightPassword, Client{UserAgent: "phone"})
		if err != nil {
			t.Fatal(err)
		}
		if p, _ := svc.Principal(ctx, first); p != nil {
			t.Error("signing in again left the earlier session alive")
		}
		if p, _ := svc.Principal(ctx, second); p == nil {
			t.Error("the new session does not resolve")
		}
		// A deployment may allow more (MaxSessionsPerUser).
		multi := NewService(st, Options{Params: cheap, Now: clk.Now, MaxSessionsPerUser: 2})
		third, _, _ := multi.Login(ctx, "ada@example.test", rightPassword, Client{UserAgent: "tablet"})
		if p, _ := multi.Principal(ctx, second); p == nil {
			t.Error("with two sessions allowed, the second ended")
		}
		// People end their own sessions, not other people's.
		other := createUser(t, st, "eve@example.test", rightPassword)
		evePrincipal := &Principal{UserID: other.ID, Email: other.Email}
		if err := multi.EndSession(ctx, evePrincipal, SessionID(second), Client{}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ending someone else's session: %v", err)
		}
		adaPrincipal, _ := multi.Principal(ctx, third)
		if err := multi.EndSession(ctx, adaPrincipal, SessionID(second), Client{}); err != nil {
			t.Fatal(err)
		}
		if p, _ := multi.Principal(ctx, second); p != nil {
			t.Error("an ended session still resolves")
		}
	})
}

func TestBoundedHashing(t *testing.T) {
	st := storetest.Fixture(t, storetest.SQLite(t))
	ctx := context.Background()
	gate := make(chan struct{})
	var inside atomic.Int64
	svc := NewService(st, Options{Params: cheap, MaxConcurrentHashes: 1, HashWait: 50 * time.Millisecond, MaxFailuresPerAccount: 1,
		OnPasswordCheck: func() {
			if inside.Add(1) == 1 {
				<-gate
			}
		}})
	createUser(t, st, "ada@example.test", rightPassword)
	done := make(chan error)
	go func() {
		_, _, err := svc.Login(ctx, "someone@example.test", "x", Client{})
		done <- err
	}()
	for inside.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	// The only hashing turn is taken: the next sign-in is told to come back.
	var busy *BusyError
	if _, _, err := svc.Login(ctx, "ada@example.test", rightPassword, Client{}); !errors.As(err, &busy) || busy.RetryAfter <= 0 {
		t.Fatalf("while busy: %v, want *BusyError", err)
	}
	close(gate)
	if err := <-done; !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("first sign-in: %v", err)
	}
	// The busy attempt did not use up Ada's one allowed failure.
	if _, _, err := svc.Login(ctx, "ada@example.test", rightPassword, Client{}); err != nil {
		t.Fatalf("after the burst: %v", err)
	}
}

func TestChangePassword(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := NewService(st, Options{Params: cheap, MaxSessionsPerUser: 5})
		createUser(t, st, "ada@example.test", rightPassword)
		other, _, _ := svc.Login(ctx, "ada@example.test", rightPassword, Client{UserAgent: "phone"})
		token, p, err := svc.Login(ctx, "ada@example.test", rightPassword, Client{UserAgent: "laptop"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ChangePassword(ctx, p, "not my password", "a much better passphrase", Client{}); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("wrong current password: %v", err)
		}
		var weak *PasswordPolicyError
		if _, err := svc.ChangePassword(ctx, p, rightPassword, "Password1234", Client{}); !errors.As(err, &weak) {
			t.Errorf("common new password: %v", err)
		}
		fresh, err := svc.ChangePassword(ctx, p, rightPassword, "a much better passphrase", Client{UserAgent: "laptop"})
		if err != nil {
			t.Fatal(err)
		}
		for _, old := range []string{token, other} {
			if got, _ := svc.Principal(ctx, old); got != nil {
				t.Error("a session from before the change survived")
			}
		}
		if got, _ := svc.Principal(ctx, fresh); got == nil {
			t.Error("the new session does not resolve")
		}
		if _, _, err := svc.Login(ctx, "ada@example.test", "a much better passphrase", Client{}); err != nil {
			t.Errorf("sign in with the new password: %v", err)
		}
	})
}

func TestPasswordPolicy(t *testing.T) {
	for _, tc := range []struct {
		password, want string // want: "" or a word of the reason
	}{
		{"short", "at least 12"},
		{"elevenchars", "at least 12"},
		{"a much better passphrase", ""},
		{"1qaz2wsx3edc", "common"},
		{"1QAZ2wsx3EDC", "common"}, // case does not matter
		{"password1234", "common"},
		{"iloveyou1234", "common"},
		{strings.Repeat("x", MaxPasswordLen+1), "or fewer"},
		{"ééééééééééé", "at least 12"}, // 11 characters, 22 bytes
	} {
		err := CheckPasswordPolicy(tc.password)
		var pe *PasswordPolicyError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q refused: %v", tc.password, err)
		case tc.want != "" && (!errors.As(err, &pe) || !strings.Contains(pe.Error(), tc.want)):
			t.Errorf("%q: %v, want a reason with %q", tc.password, err, tc.want)
		}
	}
}

// The embedded list only holds what the length rule does not already
// refuse, sorted and lower-cased as the lookup expects.
func TestCommonPasswordList(t *testing.T) {
	list := commonPasswords()
	if len(list) < 10000 {
		t.Fatalf("%d common passwords", len(list))
	}
	for i, w := range list {
		if n := utf8.RuneCountInString(w); n < MinPasswordLen {
			t.Fatalf("entry %q is shorter than MinPasswordLen: the length rule and the list's cut-off disagree", w)
		}
		if strings.ToLower(w) != w || (i > 0 && list[i-1] >= w) {
			t.Fatalf("entry %d %q is not lower-case, sorted and unique", i, w)
		}
	}
}

func TestAddressKey(t *testing.T) {
	for in, want := range map[string]string{
		"198.51.100.7":      "address:198.51.100.7",
		"2001:db8:1:2:3::9": "address:2001:db8:1:2::/64",
		"2001:db8:1:2:ff::": "address:2001:db8:1:2::/64", // same subscriber block
		"unparsable":        "address:unparsable",
	} {
		if got := addressKey(in); got != want {
			t.Errorf("addressKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClientAddress(t *testing.T) {
	trusted, err := ParseTrustedProxies("10.0.0.0/8, 192.0.2.7 ,2001:db8::/32")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, remote, xff, want string
		proxies                 TrustedProxies
	}{
		{"no proxies configured: header ignored", "203.0.113.9:5000", "1.2.3.4", "203.0.113.9", nil},
		{"untrusted peer: header ignored", "203.0.113.9:5000", "1.2.3.4", "203.0.113.9", trusted},
		{"trusted proxy: client from header", "10.1.2.3:443", "198.51.100.20", "198.51.100.20", trusted},
		{"right-most untrusted wins over a forged left entry", "10.1.2.3:443", "6.6.6.6, 198.51.100.20", "198.51.100.20", trusted},
		{"chain of trusted proxies skipped", "10.1.2.3:443", "198.51.100.20, 192.0.2.7, 10.9.9.9", "198.51.100.20", trusted},
		{"several header lines read in order", "10.1.2.3:443", "6.6.6.6\n198.51.100.21", "198.51.100.21", trusted},
		{"garbage from a trusted hop stops the walk", "10.1.2.3:443", "6.6.6.6, not-an-ip", "10.1.2.3", trusted},
		{"all trusted: the left-most", "10.1.2.3:443", "10.5.5.5", "10.5.5.5", trusted},
		{"no header from a proxy: the proxy", "10.1.2.3:443", "", "10.1.2.3", trusted},
		{"IPv6", "[2001:db8::1]:443", "2001:db8::2, 2a00:1450::1", "2a00:1450::1", trusted},
		{"IPv4-mapped peer", "[::ffff:10.1.2.3]:443", "198.51.100.22", "198.51.100.22", trusted},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		for _, line := range strings.Split(tc.xff, "\n") {
			if line != "" {
				r.Header.Add("X-Forwarded-For", line)
			}
		}
		if got := tc.proxies.ClientAddress(r); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "nonsense", "10.0.0.1/8/2"} {
		if _, err := ParseTrustedProxies(bad); err == nil {
			t.Errorf("ParseTrustedProxies(%q) accepted", bad)
		}
	}
}

func TestMiddlewareAndCookie(t *testing.T) {
	st := storetest.Fixture(t, storetest.SQLite(t))
	ctx := context.Background()
	for _, secure := range []bool{false, true} {
		svc := NewService(st, Options{Params: cheap, SecureCookies: secure, MaxSessionsPerUser: 10, AdminSecondFactorOptional: true})
		email := fmt.Sprintf("a%v@example.test", secure)
		hash, _ := HashPassword(rightPassword, cheap)
		if _, err := st.CreateUser(ctx, store.System, store.NewUser{Email: email, Name: "A", PasswordHash: hash, Admin: true}); err != nil {
			t.Fatal(err)
		}
		token, _, err := svc.Login(ctx, email, rightPassword, Client{})
		if err != nil {
			t.Fatal(err)
		}
		wantName, otherName := CookieName, SecureCookieName
		if secure {
			wantName, otherName = SecureCookieName, CookieName
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
			{"cookie", func(r *http.Request) { r.AddCookie(&http.Cookie{Name: wantName, Value: token}) }, true},
			{"bearer", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }, true},
			{"anonymous", func(r *http.Request) {}, false},
			{"bad token", func(r *http.Request) { r.AddCookie(&http.Cookie{Name: wantName, Value: "nope"}) }, false},
			// Behind HTTPS a cookie without the __Host- prefix could have
			// been planted by a sibling site: it does not count.
			{"other cookie name", func(r *http.Request) { r.AddCookie(&http.Cookie{Name: otherName, Value: token}) }, false},
		} {
			seen = nil
			r := httptest.NewRequest("GET", "/", nil)
			tc.setup(r)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if (seen != nil && seen.Admin) != tc.admin {
				t.Errorf("secure=%v %s: principal %+v", secure, tc.name, seen)
			}
			c := w.Result().Cookies()[0]
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure != secure || c.Name != wantName || c.Path != "/" || c.Domain != "" {
				t.Errorf("secure=%v %s: cookie %+v", secure, tc.name, c)
			}
		}
	}
}
