package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/store"
)

// The second factor: TOTP (RFC 6238: 6 digits, 30-second steps, SHA-1, as
// authenticator apps expect) and single-use recovery codes. A code is
// accepted for the current step or one either side (clock drift), and only
// for a step later than the last one used, so a code cannot be replayed.

const (
	totpPeriod = 30
	// totpSkew steps either side of now are accepted.
	totpSkew = 1
	// RecoveryCodeCount recovery codes are issued at enrolment.
	RecoveryCodeCount = 10
	// challengeTTL is how long the code step of a sign-in may take.
	challengeTTL = 5 * time.Minute
	// maxChallengeAttempts wrong codes end the challenge: sign in again.
	maxChallengeAttempts = 5
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// Errors from the second factor.
var (
	// ErrBadCode: the code is wrong, or was used already.
	ErrBadCode = errors.New("the code is not right, or has been used already")
	// ErrChallengeGone: the sign-in waiting for a code is unknown, expired
	// or had too many wrong codes; the person must sign in again.
	ErrChallengeGone = errors.New("the sign-in has expired: sign in again")
	// ErrAlreadyEnrolled: the person has a second factor already.
	ErrAlreadyEnrolled = errors.New("a second factor is set up already")
)

// SecondFactorRequiredError says the first factor was right and a code is
// needed: Challenge is the token to carry to CompleteSignIn.
type SecondFactorRequiredError struct{ Challenge string }

func (e *SecondFactorRequiredError) Error() string {
	return "a code from the authenticator app is needed"
}

// TOTPEnrolment is what the enrolment page shows.
type TOTPEnrolment struct {
	Secret string // base32, for typing in by hand
	URL    string // otpauth:// URL, what the QR code holds
}

// BeginTOTP makes a new TOTP secret for p, kept as pending until
// ConfirmTOTP. ErrAlreadyEnrolled if p has a confirmed one.
func (s *Service) BeginTOTP(ctx context.Context, p *Principal) (TOTPEnrolment, error) {
	if p == nil {
		return TOTPEnrolment{}, ErrBadCredentials
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "placeboard", AccountName: p.Email, Period: totpPeriod,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return TOTPEnrolment{}, fmt.Errorf("auth: generate totp secret: %w", err)
	}
	if err := s.store.StartTOTP(ctx, p.UserID, key.Secret()); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return TOTPEnrolment{}, ErrAlreadyEnrolled
		}
		return TOTPEnrolment{}, err
	}
	return TOTPEnrolment{Secret: key.Secret(), URL: key.URL()}, nil
}

// ConfirmTOTP completes p's enrolment with a code from the pending secret
// and returns the recovery codes, shown once. ErrBadCode for a wrong code.
func (s *Service) ConfirmTOTP(ctx context.Context, p *Principal, code string) ([]string, error) {
	if p == nil {
		return nil, ErrBadCredentials
	}
	t, err := s.store.GetTOTP(ctx, p.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrBadCode
	}
	if err != nil {
		return nil, err
	}
	if t.Confirmed {
		return nil, ErrAlreadyEnrolled
	}
	ok, err := s.useTOTP(ctx, p.UserID, t.Secret, code)
	if err != nil || !ok {
		return nil, errors.Join(err, errIf(!ok && err == nil, ErrBadCode))
	}
	codes := make([]string, RecoveryCodeCount)
	hashes := make([]string, RecoveryCodeCount)
	for i := range codes {
		codes[i] = newRecoveryCode()
		hashes[i] = hashToken(normalizeCode(codes[i]))
	}
	if err := s.store.ConfirmTOTP(ctx, p.Actor(), p.UserID, hashes); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return nil, ErrAlreadyEnrolled
		}
		return nil, err
	}
	return codes, nil
}

func errIf(cond bool, err error) error {
	if cond {
		return err
	}
	return nil
}

// HasSecondFactor reports whether the person has a confirmed TOTP.
func (s *Service) HasSecondFactor(ctx context.Context, userID int64) (bool, error) {
	return s.store.HasSecondFactor(ctx, userID)
}

// RecoveryCodesLeft counts the person's unused recovery codes.
func (s *Service) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	return s.store.RecoveryCodesLeft(ctx, userID)
}

// useTOTP checks code against secret for the steps around now and, when it
// matches, takes that step in the database (compare-and-set): false for a
// wrong code or a step used already.
func (s *Service) useTOTP(ctx context.Context, userID int64, secret, code string) (bool, error) {
	code = normalizeCode(code)
	if len(code) != 6 {
		return false, nil
	}
	now := s.opt.Now().Unix() / totpPeriod
	for step := now - totpSkew; step <= now+totpSkew; step++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totpOpts)
		if err != nil {
			return false, fmt.Errorf("auth: totp code: %w", err)
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s.store.UseTOTPStep(ctx, userID, step)
		}
	}
	return false, nil
}

// secondFactor checks a TOTP code, or a recovery code (spent once), for a
// person with a confirmed enrolment.
func (s *Service) secondFactor(ctx context.Context, userID int64, code string) (bool, error) {
	code = normalizeCode(code)
	if len(code) == 6 {
		t, err := s.store.GetTOTP(ctx, userID)
		if err != nil {
			return false, err
		}
		return s.useTOTP(ctx, userID, t.Secret, code)
	}
	if len(code) != recoveryCodeLen {
		return false, nil
	}
	return s.store.UseRecoveryCode(ctx, userID, hashToken(code))
}

// challenge ends a first-factor sign-in of u: with a session when u has no
// second factor, otherwise with a *SecondFactorRequiredError carrying a
// challenge for CompleteSignIn.
func (s *Service) challenge(ctx context.Context, u store.User, method string, c Client) (string, *Principal, error) {
	has, err := s.store.HasSecondFactor(ctx, u.ID)
	if err != nil {
		return "", nil, err
	}
	if has {
		token, err := newToken()
		if err != nil {
			return "", nil, err
		}
		if err := s.store.CreateChallenge(ctx, hashToken(token), u.ID, method, s.opt.Now().Add(challengeTTL)); err != nil {
			return "", nil, err
		}
		return "", nil, &SecondFactorRequiredError{Challenge: token}
	}
	return s.signedIn(ctx, u, method, c)
}

// signedIn starts a session for u and records the sign-in.
func (s *Service) signedIn(ctx context.Context, u store.User, method string, c Client) (string, *Principal, error) {
	token, err := s.startSession(ctx, u.ID, c, s.opt.Now())
	if err != nil {
		return "", nil, err
	}
	if err := s.record(ctx, audit.ActionSignIn, u.ID, u.Email, c, method); err != nil {
		return "", nil, err
	}
	p, err := s.principal(ctx, u)
	if err != nil {
		return "", nil, err
	}
	s.opt.Logger.Info("signed in", "user_id", u.ID, "address", c.Address, "method", method)
	return token, p, nil
}

// CompleteSignIn answers a challenge with a TOTP or recovery code and
// starts the session. ErrBadCode for a wrong or replayed code (the
// challenge stays for another try, up to a limit), ErrChallengeGone when
// the challenge cannot be answered any more.
func (s *Service) CompleteSignIn(ctx context.Context, challenge, code string, c Client) (string, *Principal, error) {
	if challenge == "" || len(challenge) > 200 {
		return "", nil, ErrChallengeGone
	}
	userID, method, err := s.store.ChallengeAttempt(ctx, hashToken(challenge), s.opt.Now(), maxChallengeAttempts)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil, ErrChallengeGone
	}
	if err != nil {
		return "", nil, err
	}
	u, err := s.store.GetUser(ctx, userID)
	if err != nil {
		return "", nil, err
	}
	ok, err := s.secondFactor(ctx, userID, code)
	if err != nil {
		return "", nil, err
	}
	if !ok {
		if err := s.record(ctx, audit.ActionSignInFailed, u.ID, u.Email, c, "wrong or reused second-factor code"); err != nil {
			return "", nil, err
		}
		return "", nil, ErrBadCode
	}
	if err := s.store.DeleteChallenge(ctx, hashToken(challenge)); err != nil {
		return "", nil, err
	}
	return s.signedIn(ctx, u, method+" and second factor", c)
}

const recoveryCodeLen = 10

// recoveryAlphabet leaves out letters easily misread (0/o, 1/l/i).
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// newRecoveryCode returns a code like "k3p9x-7mwqa" (about 49 bits).
func newRecoveryCode() string {
	b := make([]byte, recoveryCodeLen)
	rand.Read(b) //nolint:errcheck // crypto/rand.Read never fails
	out := make([]byte, 0, recoveryCodeLen+1)
	for i, x := range b {
		if i == recoveryCodeLen/2 {
			out = append(out, '-')
		}
		out = append(out, recoveryAlphabet[int(x)%len(recoveryAlphabet)])
	}
	return string(out)
}

// normalizeCode drops spaces and hyphens and lower-cases, so "123 456" and
// "K3P9X-7MWQA" are read as typed.
func normalizeCode(code string) string {
	if len(code) > 100 {
		return ""
	}
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, code)
}

// ChallengeCookieName carries a sign-in waiting for its second factor
// (with the __Host- prefix behind HTTPS).
const ChallengeCookieName = "placeboard_signin_challenge"

// SetFlowCookie writes a short-lived, HttpOnly cookie for a step of signing
// in (the second-factor challenge, the single sign-on state). It gets the
// __Host- prefix and Secure behind HTTPS, like the session cookie; maxAge
// 0 or less removes it.
func (s *Service) SetFlowCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge time.Duration) {
	age := int(maxAge / time.Second)
	if maxAge <= 0 {
		age, value = -1, ""
	}
	http.SetCookie(w, &http.Cookie{Name: s.flowCookieName(name), Value: value, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.opt.SecureCookies || r.TLS != nil, MaxAge: age})
}

// FlowCookie reads a cookie written by SetFlowCookie, "" if absent.
func (s *Service) FlowCookie(r *http.Request, name string) string {
	if c, err := r.Cookie(s.flowCookieName(name)); err == nil && len(c.Value) <= 200 {
		return c.Value
	}
	return ""
}

func (s *Service) flowCookieName(name string) string {
	if s.opt.SecureCookies {
		return "__Host-" + name
	}
	return name
}

// ChallengeTTL is how long the code step of a sign-in may take.
func ChallengeTTL() time.Duration { return challengeTTL }
