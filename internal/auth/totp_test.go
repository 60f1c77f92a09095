package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
)

func TestNormalizeCode(t *testing.T) {
	for in, want := range map[string]string{
		"123 456": "123456", " 123-456 ": "123456", "K3P9X-7MWQA": "k3p9x7mwqa", "\t12\t34 56": "123456",
		string(make([]byte, 101)): "",
	} {
		if got := normalizeCode(in); got != want {
			t.Errorf("normalizeCode(%q) = %q, want %q", in, got, want)
		}
	}
	seen := map[string]bool{}
	for range 50 {
		c := newRecoveryCode()
		if len(c) != recoveryCodeLen+1 || c[5] != '-' || len(normalizeCode(c)) != recoveryCodeLen || seen[c] {
			t.Fatalf("recovery code %q", c)
		}
		seen[c] = true
	}
}

// With a controlled clock: a code is accepted one step either side of now
// and not beyond, each step once, and a later step after an earlier one;
// wrong codes use up the challenge; a global administrator is one only once
// enrolled.
func TestTOTPSecondStep(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := newClock()
		svc := NewService(st, Options{Params: cheap, Now: clk.Now})
		u := createUser(t, st, "admin@example.test", rightPassword)
		if err := st.SetAdmin(ctx, store.System, u.ID, true); err != nil {
			t.Fatal(err)
		}
		token, p, err := svc.Login(ctx, u.Email, rightPassword, Client{})
		if err != nil || p.Admin || !p.SecondFactorMissing || Can(p, ViewAdministration, 0) {
			t.Fatalf("administrator before enrolment: %+v %v", p, err)
		}
		enrolment, err := svc.BeginTOTP(ctx, p)
		if err != nil || enrolment.Secret == "" || !strings.HasPrefix(enrolment.URL, "otpauth://totp/placeboard:admin@example.test?") {
			t.Fatalf("begin: %+v %v", enrolment, err)
		}
		code := func(at time.Time) string {
			c, err := totp.GenerateCodeCustom(enrolment.Secret, at, totpOpts)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		if _, err := svc.ConfirmTOTP(ctx, p, code(clk.Now().Add(-90*time.Second))); !errors.Is(err, ErrBadCode) {
			t.Errorf("a code three steps old confirmed enrolment: %v", err)
		}
		codes, err := svc.ConfirmTOTP(ctx, p, code(clk.Now().Add(-30*time.Second)))
		if err != nil || len(codes) != RecoveryCodeCount {
			t.Fatalf("confirm with last step's code: %d codes, %v", len(codes), err)
		}
		if _, err := svc.BeginTOTP(ctx, p); !errors.Is(err, ErrAlreadyEnrolled) {
			t.Errorf("begin after enrolment: %v", err)
		}
		// The session now belongs to an administrator.
		if p, err := svc.Principal(ctx, token); err != nil || !p.Admin || p.SecondFactorMissing {
			t.Errorf("after enrolment: %+v %v", p, err)
		}

		challenge := func() string {
			t.Helper()
			_, _, err := svc.Login(ctx, u.Email, rightPassword, Client{})
			var need *SecondFactorRequiredError
			if !errors.As(err, &need) || need.Challenge == "" {
				t.Fatalf("login after enrolment: %v", err)
			}
			return need.Challenge
		}
		ch := challenge()
		for i, tc := range []struct {
			at   time.Time
			want error
		}{
			{clk.Now().Add(-30 * time.Second), ErrBadCode}, // used for enrolment
			{clk.Now().Add(60 * time.Second), ErrBadCode},  // too far ahead
			{clk.Now(), nil},
		} {
			_, p, err := svc.CompleteSignIn(ctx, ch, code(tc.at), Client{})
			if !errors.Is(err, tc.want) || (err == nil && !p.Admin) {
				t.Errorf("code %d: %v, want %v", i, err, tc.want)
			}
		}
		if _, _, err := svc.CompleteSignIn(ctx, ch, code(clk.Now().Add(30*time.Second)), Client{}); !errors.Is(err, ErrChallengeGone) {
			t.Errorf("an answered challenge was used again: %v", err)
		}
		// Five wrong codes end a challenge.
		ch = challenge()
		for range maxChallengeAttempts {
			if _, _, err := svc.CompleteSignIn(ctx, ch, "000000x", Client{}); !errors.Is(err, ErrBadCode) {
				t.Fatalf("wrong code: %v", err)
			}
		}
		if _, _, err := svc.CompleteSignIn(ctx, ch, code(clk.Now().Add(30*time.Second)), Client{}); !errors.Is(err, ErrChallengeGone) {
			t.Errorf("after %d wrong codes the right one still worked: %v", maxChallengeAttempts, err)
		}
		// A challenge expires.
		ch = challenge()
		clk.Advance(challengeTTL + time.Second)
		if _, _, err := svc.CompleteSignIn(ctx, ch, code(clk.Now()), Client{}); !errors.Is(err, ErrChallengeGone) {
			t.Errorf("expired challenge: %v", err)
		}
		// A recovery code, once.
		ch = challenge()
		if _, _, err := svc.CompleteSignIn(ctx, ch, codes[0], Client{}); err != nil {
			t.Errorf("recovery code: %v", err)
		}
		ch = challenge()
		if _, _, err := svc.CompleteSignIn(ctx, ch, codes[0], Client{}); !errors.Is(err, ErrBadCode) {
			t.Errorf("recovery code twice: %v", err)
		}
	})
}
