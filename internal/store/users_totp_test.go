package store_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

func newTOTPUser(t *testing.T, s *store.Store, email string) store.User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), store.System, store.NewUser{Email: email, Name: "T", PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// A time-step is taken with one conditional UPDATE: of 20 parallel uses of
// one step exactly one wins, a used or earlier step is refused, a later
// one accepted.
func TestTOTPStepCompareAndSet(t *testing.T) {
	storetest.EnginesEmpty(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := newTOTPUser(t, s, "totp@example.test")
		if has, err := s.HasSecondFactor(ctx, u.ID); err != nil || has {
			t.Fatalf("before enrolment: has=%v err=%v", has, err)
		}
		if err := s.StartTOTP(ctx, u.ID, "SECRETONE"); err != nil {
			t.Fatal(err)
		}
		if err := s.StartTOTP(ctx, u.ID, "SECRETTWO"); err != nil {
			t.Fatalf("a pending enrolment can be replaced: %v", err)
		}
		var wins atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 20 {
			wg.Go(func() {
				<-start
				ok, err := s.UseTOTPStep(ctx, u.ID, 1000)
				if err != nil {
					t.Error(err)
				}
				if ok {
					wins.Add(1)
				}
			})
		}
		close(start)
		wg.Wait()
		if wins.Load() != 1 {
			t.Errorf("%d of 20 parallel uses of one step won, want 1", wins.Load())
		}
		for _, tc := range []struct {
			step int64
			want bool
		}{{1000, false}, {999, false}, {1001, true}, {1001, false}} {
			if ok, err := s.UseTOTPStep(ctx, u.ID, tc.step); err != nil || ok != tc.want {
				t.Errorf("UseTOTPStep(%d) = %v, %v; want %v", tc.step, ok, err, tc.want)
			}
		}
		if err := s.ConfirmTOTP(ctx, store.System, u.ID, []string{"h1", "h2"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetTOTP(ctx, u.ID)
		if err != nil || !got.Confirmed || got.Secret != "SECRETTWO" || got.LastStep != 1001 {
			t.Errorf("after confirming: %+v, %v", got, err)
		}
		if err := s.StartTOTP(ctx, u.ID, "SECRETTHREE"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("a confirmed secret was replaced: %v", err)
		}
		if err := s.ConfirmTOTP(ctx, store.System, u.ID, nil); !errors.Is(err, store.ErrConflict) {
			t.Errorf("confirming twice: %v", err)
		}
	})
}

// Recovery codes are used once each, even by parallel requests, and only
// by their owner.
func TestRecoveryCodesSingleUse(t *testing.T) {
	storetest.EnginesEmpty(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := newTOTPUser(t, s, "codes@example.test")
		other := newTOTPUser(t, s, "other@example.test")
		if err := s.StartTOTP(ctx, u.ID, "S"); err != nil {
			t.Fatal(err)
		}
		if err := s.ConfirmTOTP(ctx, store.System, u.ID, []string{"a", "b", "c"}); err != nil {
			t.Fatal(err)
		}
		if n, err := s.RecoveryCodesLeft(ctx, u.ID); err != nil || n != 3 {
			t.Fatalf("codes left = %d, %v", n, err)
		}
		if ok, err := s.UseRecoveryCode(ctx, other.ID, "a"); err != nil || ok {
			t.Errorf("another person used the code: %v %v", ok, err)
		}
		var wins atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 10 {
			wg.Go(func() {
				<-start
				if ok, err := s.UseRecoveryCode(ctx, u.ID, "a"); err != nil {
					t.Error(err)
				} else if ok {
					wins.Add(1)
				}
			})
		}
		close(start)
		wg.Wait()
		if wins.Load() != 1 {
			t.Errorf("code used %d times in parallel, want 1", wins.Load())
		}
		if ok, _ := s.UseRecoveryCode(ctx, u.ID, "zzz"); ok {
			t.Error("an unknown code was accepted")
		}
		if n, _ := s.RecoveryCodesLeft(ctx, u.ID); n != 2 {
			t.Errorf("codes left = %d, want 2", n)
		}
	})
}

// A sign-in challenge allows a limited number of attempts and expires.
func TestSignInChallengeAttempts(t *testing.T) {
	storetest.EnginesEmpty(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := newTOTPUser(t, s, "challenge@example.test")
		if err := s.CreateChallenge(ctx, "hash", u.ID, "password", t0.Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			id, method, err := s.ChallengeAttempt(ctx, "hash", t0, 3)
			if err != nil || id != u.ID || method != "password" {
				t.Fatalf("attempt %d: %d %q %v", i+1, id, method, err)
			}
		}
		if _, _, err := s.ChallengeAttempt(ctx, "hash", t0, 3); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("fourth attempt: %v, want ErrNotFound", err)
		}
		if err := s.CreateChallenge(ctx, "later", u.ID, "password", t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.ChallengeAttempt(ctx, "later", t0.Add(2*time.Minute), 3); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("expired challenge: %v, want ErrNotFound", err)
		}
		// Purging removes expired steps and keeps live ones.
		if err := s.CreateChallenge(ctx, "live", u.ID, "password", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.PurgeSignInSteps(ctx, t0.Add(30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		var left []string
		rows, err := s.DB().QueryContext(ctx, "SELECT token_hash FROM signin_challenges ORDER BY token_hash")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var h string
			if err := rows.Scan(&h); err != nil {
				t.Fatal(err)
			}
			left = append(left, h)
		}
		rows.Close()
		if len(left) != 1 || left[0] != "live" {
			t.Errorf("after purge: %v, want [live]", left)
		}
	})
}

// An OpenID flow is taken once, and not after it expires; a subject links
// to one account.
func TestOIDCFlowAndLink(t *testing.T) {
	storetest.EnginesEmpty(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := store.OIDCFlow{StateHash: "st", Nonce: "n", Verifier: "v", Next: "/admin", ExpiresAt: t0.Add(10 * time.Minute)}
		if err := s.SaveOIDCFlow(ctx, f); err != nil {
			t.Fatal(err)
		}
		got, err := s.TakeOIDCFlow(ctx, "st", t0)
		if err != nil || got.Nonce != "n" || got.Verifier != "v" || got.Next != "/admin" {
			t.Fatalf("take = %+v, %v", got, err)
		}
		if _, err := s.TakeOIDCFlow(ctx, "st", t0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("second take: %v", err)
		}
		f.StateHash = "old"
		if err := s.SaveOIDCFlow(ctx, f); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TakeOIDCFlow(ctx, "old", t0.Add(11*time.Minute)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("expired take: %v", err)
		}
		u, err := s.CreateOIDCUser(ctx, store.System, "Sam Staff", store.OIDCLink{Issuer: "https://idp", Subject: "sub-1", Email: "Sam@NHS.net", OrganisationID: 7})
		if err != nil || u.Email != "sam@nhs.net" || u.PasswordHash != "" || u.Admin {
			t.Fatalf("create = %+v, %v", u, err)
		}
		byS, err := s.UserByOIDCSubject(ctx, "https://idp", "sub-1")
		if err != nil || byS.ID != u.ID {
			t.Errorf("by subject = %+v, %v", byS, err)
		}
		if _, err := s.UserByOIDCSubject(ctx, "https://other", "sub-1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another issuer's subject: %v", err)
		}
		if err := s.LinkOIDC(ctx, store.System, store.OIDCLink{Issuer: "https://idp", Subject: "sub-1", UserID: u.ID, Email: u.Email}); !errors.Is(err, store.ErrConflict) {
			t.Errorf("linking a subject twice: %v", err)
		}
	})
}
