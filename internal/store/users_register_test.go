package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

func link(hash string, now time.Time) store.EmailLink {
	return store.EmailLink{TokenHash: hash, Purpose: store.PurposeConfirmEmail, CreatedAt: now, ExpiresAt: now.Add(24 * time.Hour)}
}

func register(t *testing.T, s *store.Store, email, hash string, now time.Time) store.User {
	t.Helper()
	u, err := s.RegisterResident(context.Background(), store.Actor{Name: email}, store.NewResident{Email: email, Name: "Resident " + email, PasswordHash: "h",
		Profile: places.ResidentProfile{Postcode: "M1 1AD", LSOACode: "E01033658", WardCode: "E05011361", DistrictCode: "E08000003", AgeBand: "35-44"}}, link(hash, now))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// A registered account starts unconfirmed; its link confirms it once, in
// parallel too; a used link says so, an expired one says so with the
// account, an unknown one is not found; a taken address is a field error.
func TestRegisterAndConfirm(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		u := register(t, s, "Ann@Example.test", "hash-a", now)
		if u.EmailConfirmedAt != nil || u.Email != "ann@example.test" || u.Postcode != "M1 1AD" || u.AgeBand != "35-44" {
			t.Fatalf("registered %+v", u)
		}
		_, err := s.RegisterResident(ctx, store.System, store.NewResident{Email: "ann@example.test", Name: "Again", PasswordHash: "h"}, link("hash-b", now))
		if !errors.Is(err, store.ErrConflict) || fieldOf(t, err) != "email" {
			t.Fatalf("second registration: %v", err)
		}
		_, err = s.RegisterResident(ctx, store.System, store.NewResident{Email: " ", Name: "", PasswordHash: "h"}, link("hash-c", now))
		if fieldOf(t, err) != "email" {
			t.Fatalf("blank registration: %v", err)
		}

		var wg sync.WaitGroup
		results := make([]error, 10)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, results[i] = s.ConfirmEmail(ctx, store.Actor{Name: "ann"}, "hash-a", now.Add(time.Hour))
			}()
		}
		wg.Wait()
		ok, used := 0, 0
		for _, err := range results {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, store.ErrLinkUsed):
				used++
			case errors.Is(err, store.ErrBusy):
				used++ // SQLite may refuse a racing writer; it did not confirm
			default:
				t.Errorf("confirm: %v", err)
			}
		}
		if ok != 1 || used != 9 {
			t.Fatalf("%d confirmed, %d refused; want 1 and 9", ok, used)
		}
		got, _ := s.GetUser(ctx, u.ID)
		if got.EmailConfirmedAt == nil || !got.EmailConfirmedAt.Equal(now.Add(time.Hour)) {
			t.Fatalf("confirmed at %v", got.EmailConfirmedAt)
		}
		if err := s.AddConfirmationLink(ctx, u.ID, link("hash-late", now)); !errors.Is(err, store.ErrConflict) {
			t.Errorf("new link for a confirmed account: %v", err)
		}

		v := register(t, s, "bo@example.test", "hash-bo", now)
		if _, err := s.ConfirmEmail(ctx, store.System, "hash-bo", now.Add(24*time.Hour)); !errors.Is(err, store.ErrLinkExpired) {
			t.Fatalf("expired link: %v", err)
		} else if exp, _ := s.ConfirmEmail(ctx, store.System, "hash-bo", now.Add(25*time.Hour)); exp.ID != v.ID {
			t.Errorf("expired link names account %d, want %d", exp.ID, v.ID)
		}
		if err := s.AddConfirmationLink(ctx, v.ID, link("hash-bo-2", now.Add(25*time.Hour))); err != nil {
			t.Fatal(err)
		}
		if got, err := s.ConfirmEmail(ctx, store.System, "hash-bo-2", now.Add(26*time.Hour)); err != nil || got.EmailConfirmedAt == nil {
			t.Fatalf("new link: %+v %v", got, err)
		}
		if _, err := s.ConfirmEmail(ctx, store.System, "no-such-hash", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown link: %v", err)
		}
		if rep, err := s.VerifyAudit(ctx); err != nil || rep.Entries == 0 {
			t.Errorf("audit: %+v %v", rep, err)
		}
	})
}

// The download holds exactly the person's data; anonymising keeps the row
// but removes everything that names them, ends sessions, roles and links,
// and the last administrator cannot be deleted.
func TestPersonalDataAndAnonymise(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		p, _ := board(t, s)
		ann := register(t, s, "ann@example.test", "hash-ann", now)
		bo := register(t, s, "bo@example.test", "hash-bo", now)
		if err := s.GrantRole(ctx, store.System, store.RoleGrant{UserID: ann.ID, PartnershipID: p.ID, Role: "resident"}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetResidentProfile(ctx, store.System, bo.ID, places.ResidentProfile{Postcode: "SE1P 5ZZ", DistrictCode: "E09000028", AgeBand: "75+"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateSession(ctx, store.Session{TokenHash: "sess-ann", UserID: ann.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour), ClientAddress: "192.0.2.7"}, 5); err != nil {
			t.Fatal(err)
		}
		data, err := s.PersonalData(ctx, ann.ID)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(data)
		text := string(raw)
		for _, want := range []string{`"email":"ann@example.test"`, `"postcode":"M1 1AD"`, `"age_band":"35-44"`, `"role":"resident"`, p.Name, "192.0.2.7"} {
			if !strings.Contains(text, want) {
				t.Errorf("download lacks %s: %s", want, text)
			}
		}
		for _, never := range []string{"bo@example.test", "SE1P 5ZZ", "75+", "password", `"h"`} {
			if strings.Contains(text, never) {
				t.Errorf("download holds %q: %s", never, text)
			}
		}
		for _, section := range []string{"account", "profile", "roles", "sessions"} {
			if _, ok := data[section]; !ok {
				t.Errorf("no %s section", section)
			}
		}

		if err := s.AnonymiseUser(ctx, store.Actor{UserID: ann.ID, Name: ann.Email}, ann.ID); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetUser(ctx, ann.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != store.DeletedAccountName || !strings.HasSuffix(got.Email, "@deleted.invalid") || got.PasswordHash != "" || !got.Disabled ||
			got.Postcode != "" || got.LSOACode != "" || got.DistrictCode != "" || got.AgeBand != "" {
			t.Fatalf("anonymised: %+v", got)
		}
		if roles, _ := s.UserRoles(ctx, ann.ID); len(roles) != 0 {
			t.Errorf("roles kept: %+v", roles)
		}
		if sess, _ := s.UserSessions(ctx, ann.ID); len(sess) != 0 {
			t.Errorf("sessions kept: %+v", sess)
		}
		if _, err := s.GetUserByEmail(ctx, "ann@example.test"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("old address still finds the account: %v", err)
		}
		// The address is free for a new account.
		register(t, s, "ann@example.test", "hash-ann-2", now)
		if rep, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("audit after anonymising: %+v %v", rep, err)
		}

		// The last global administrator cannot delete themselves.
		admin1, err := s.CreateUser(ctx, store.System, store.NewUser{Email: "admin1@example.test", Name: "A1", PasswordHash: "x", Admin: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AnonymiseUser(ctx, store.System, admin1.ID); !errors.Is(err, store.ErrLastAdmin) {
			t.Fatalf("last admin: %v", err)
		}
		admin2, err := s.CreateUser(ctx, store.System, store.NewUser{Email: "admin2@example.test", Name: "A2", PasswordHash: "x", Admin: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AnonymiseUser(ctx, store.System, admin1.ID); err != nil {
			t.Fatalf("admin with another admin: %v", err)
		}
		if err := s.AnonymiseUser(ctx, store.System, admin2.ID); !errors.Is(err, store.ErrLastAdmin) {
			t.Fatalf("now the last admin: %v", err)
		}
	})
}

// The fixture of real ONSPD rows loads in one transaction and is looked up
// in any spacing; a file with a bad row keeps the lookup loaded before.
func TestLoadPostcodes(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if loaded, err := s.PostcodesLoaded(ctx); err != nil || loaded {
			t.Fatalf("loaded before loading: %v %v", loaded, err)
		}
		if _, err := s.LookupPostcode(ctx, "M1 1AD"); !errors.Is(err, store.ErrNotFound) || !errors.Is(err, places.ErrPostcodeNotFound) {
			t.Fatalf("lookup before loading: %v", err)
		}
		load := func(path string) (store.PostcodeLoad, error) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			return s.LoadPostcodes(ctx, store.System, path, func(emit func(places.PostcodeArea) error) (int, error) {
				return places.ReadPostcodeLookup(f, emit)
			})
		}
		res, err := load("testdata/onspd_sample.csv")
		if err != nil || res.Rows != 24 || res.Postcodes != 24 {
			t.Fatalf("load: %+v %v", res, err)
		}
		a, err := s.LookupPostcode(ctx, "m11aD")
		if err != nil || a != (places.PostcodeArea{Postcode: "M1 1AD", LSOA: "E01033658", Ward: "E05011361", District: "E08000003"}) {
			t.Fatalf("lookup: %+v %v", a, err)
		}
		bad := t.TempDir() + "/bad.csv"
		if err := os.WriteFile(bad, []byte("pcds,lsoa21,osward,oslaua\nTS24 7AA,E01011954,E05008943,E06000001\nnope,E01011954,E05008943,E06000001\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := load(bad); fieldOf(t, err) != "pcds" {
			t.Fatalf("bad file: %v", err)
		}
		if _, err := s.LookupPostcode(ctx, "TS24 7AA"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a row of the refused file was kept: %v", err)
		}
		if _, err := s.LookupPostcode(ctx, "M1 1AD"); err != nil {
			t.Errorf("the earlier lookup was lost: %v", err)
		}
		if ok, err := s.IsDistrict(ctx, storetest.Hartlepool); err != nil || !ok {
			t.Errorf("Hartlepool is a district: %v %v", ok, err)
		}
		ds, err := s.Districts(ctx)
		if err != nil || len(ds) == 0 {
			t.Fatalf("districts: %d %v", len(ds), err)
		}
	})
}
