package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/store"
)

// CookieName is the session cookie shared by the web pages and the API.
// SecureCookieName replaces it when the server runs behind HTTPS
// (Options.SecureCookies): the __Host- prefix makes browsers refuse it
// unless it is Secure, host-only and for the whole site, so a sibling
// subdomain or a plain-HTTP page cannot plant one.
const (
	CookieName       = "placeboard_session"
	SecureCookieName = "__Host-placeboard_session"
)

// Errors from Login and ChangePassword.
var (
	// ErrBadCredentials: unknown e-mail or wrong password (deliberately not
	// told apart).
	ErrBadCredentials = errors.New("the e-mail address or password is not right")
)

// RateLimitedError says sign-in is paused for this account.
type RateLimitedError struct{ RetryAfter time.Duration }

func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("too many failed sign-in attempts: try again in %s", e.RetryAfter.Round(time.Second))
}

// Options tune the service; zero values pick the defaults.
type Options struct {
	SessionTTL time.Duration // absolute session length, default 12 hours
	// IdleTimeout ends a session not used for this long (default 30 min).
	IdleTimeout time.Duration
	// MaxSessionsPerUser is how many sessions a person keeps: signing in
	// ends the oldest beyond it. Default 1: signing in again ends the
	// earlier session.
	MaxSessionsPerUser int

	// MaxFailuresPerAccount password checks per account may fail within
	// FailureWindow; after that the account's sign-ins are refused without
	// checking the password until the window ends (default 5 in 15 min).
	MaxFailuresPerAccount int
	// MaxFailuresPerIP failures from one client address within the window
	// make that address "noisy": its further attempts are spaced AddressPace
	// apart (waiting at most AddressMaxWait each) but never refused, so
	// nobody else behind the same address is locked out (defaults 20, 1 s,
	// 5 s).
	MaxFailuresPerIP int
	AddressPace      time.Duration
	AddressMaxWait   time.Duration
	FailureWindow    time.Duration

	// MaxConcurrentHashes bounds argon2id hashes running at once (default
	// GOMAXPROCS); a sign-in waits up to HashWait (default 2 s) for a turn,
	// then gets a *BusyError.
	MaxConcurrentHashes int
	HashWait            time.Duration

	// TrustedProxies may set X-Forwarded-For (see ClientAddress).
	TrustedProxies TrustedProxies
	// SecureCookies marks the session cookie Secure and names it
	// SecureCookieName: set when the public URL is https.
	SecureCookies bool

	// AdminSecondFactorOptional lets global administrators act as such
	// without a second factor. Off (required) unless a test sets it.
	AdminSecondFactorOptional bool

	// Self-registration (register.go): at most RegistrationsPerAddress
	// registrations and new-link requests from one client address per
	// RegistrationWindow (default 5 per hour); a confirmation link works
	// for ConfirmLinkTTL (default 24 hours).
	RegistrationsPerAddress int
	RegistrationWindow      time.Duration
	ConfirmLinkTTL          time.Duration

	Params Argon2Params // default DefaultParams
	Logger *slog.Logger
	Now    func() time.Time
	// Sleep waits d or until ctx ends (default a timer); tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
	// OnPasswordCheck, when set, is called before each argon2id
	// verification (including the stand-in one for unknown accounts), so
	// tests can count them.
	OnPasswordCheck func()
}

// Service signs people in and out and resolves session cookies. Sessions
// and throttling live in the database, so several server processes sharing
// one PostgreSQL database agree.
type Service struct {
	store  *store.Store
	opt    Options
	hashes *hashLimiter
	// dummyHash is verified for unknown accounts, so they cost the same
	// time as known ones and timing does not reveal who has an account.
	dummyHash func() string
}

// NewService makes a Service over st.
func NewService(st *store.Store, opt Options) *Service {
	if opt.SessionTTL == 0 {
		opt.SessionTTL = 12 * time.Hour
	}
	if opt.IdleTimeout == 0 {
		opt.IdleTimeout = 30 * time.Minute
	}
	if opt.MaxSessionsPerUser == 0 {
		opt.MaxSessionsPerUser = 1
	}
	if opt.MaxFailuresPerAccount == 0 {
		opt.MaxFailuresPerAccount = 5
	}
	if opt.MaxFailuresPerIP == 0 {
		opt.MaxFailuresPerIP = 20
	}
	if opt.AddressPace == 0 {
		opt.AddressPace = time.Second
	}
	if opt.AddressMaxWait == 0 {
		opt.AddressMaxWait = 5 * time.Second
	}
	if opt.FailureWindow == 0 {
		opt.FailureWindow = 15 * time.Minute
	}
	if opt.MaxConcurrentHashes <= 0 {
		opt.MaxConcurrentHashes = runtime.GOMAXPROCS(0)
	}
	if opt.HashWait == 0 {
		opt.HashWait = 2 * time.Second
	}
	if opt.Params == (Argon2Params{}) {
		opt.Params = DefaultParams
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Sleep == nil {
		opt.Sleep = sleep
	}
	params := opt.Params
	return &Service{store: st, opt: opt, hashes: newHashLimiter(opt.MaxConcurrentHashes, opt.HashWait),
		dummyHash: sync.OnceValue(func() string {
			h, err := HashPassword("placeboard: no such account", params)
			if err != nil {
				panic("auth: " + err.Error())
			}
			return h
		})}
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Params returns the argon2id parameters new hashes use.
func (s *Service) Params() Argon2Params { return s.opt.Params }

// IdleTimeout returns how long an unused session lasts.
func (s *Service) IdleTimeout() time.Duration { return s.opt.IdleTimeout }

// Client is who is on the other end of a request, for sessions, throttling
// and the audit log.
type Client struct {
	Address   string
	UserAgent string
}

// Client describes r's sender (see TrustedProxies.ClientAddress).
func (s *Service) Client(r *http.Request) Client {
	return Client{Address: s.opt.TrustedProxies.ClientAddress(r), UserAgent: r.UserAgent()}
}

func accountKey(email string) string { return "account:" + email }

// addressKey groups an IPv6 client by its /64, the block one subscriber
// usually gets, so rotating through it does not reset the address limit.
func addressKey(addr string) string {
	if a, err := netip.ParseAddr(addr); err == nil && a.Is6() && !a.Is4In6() {
		return "address:" + netip.PrefixFrom(a, 64).Masked().String()
	}
	return "address:" + addr
}

// Login checks an e-mail and password and, when they match, starts a
// session (ending the person's oldest sessions beyond MaxSessionsPerUser).
// It returns the session token for the cookie.
//
// Throttling, in order:
//   - a noisy client address (MaxFailuresPerIP failures in the window) is
//     slowed down, never refused;
//   - the account's attempt is reserved atomically in the database before
//     any hashing; once MaxFailuresPerAccount checks have failed in the
//     window, attempts get a *RateLimitedError without a password check,
//     even with the right password;
//   - the hash itself waits for one of MaxConcurrentHashes turns, else a
//     *BusyError.
func (s *Service) Login(ctx context.Context, email, password string, c Client) (string, *Principal, error) {
	email = NormalizeEmail(email)
	if c.Address != "" {
		wait, err := s.store.PaceLoginAttempt(ctx, addressKey(c.Address), s.opt.Now(), s.opt.FailureWindow,
			s.opt.MaxFailuresPerIP, s.opt.AddressPace, s.opt.AddressMaxWait)
		if err != nil {
			return "", nil, err
		}
		if err := s.opt.Sleep(ctx, wait); err != nil {
			return "", nil, err
		}
	}
	now := s.opt.Now()
	u, err := s.store.GetUserByEmail(ctx, email)
	var account *store.User
	if err == nil {
		account = &u
	} else if !errors.Is(err, store.ErrNotFound) {
		return "", nil, err
	}
	ok, err := s.checkPassword(ctx, email, password, account, c, now)
	if err != nil {
		return "", nil, err
	}
	if !ok {
		return "", nil, ErrBadCredentials
	}
	if u.Disabled {
		// Told apart from a wrong password only in the audit log.
		if err := s.record(ctx, audit.ActionSignInRefused, u.ID, u.Email, c, "the account is disabled"); err != nil {
			return "", nil, err
		}
		return "", nil, ErrBadCredentials
	}
	// A person with a second factor gets a *SecondFactorRequiredError
	// instead of a session (totp.go).
	return s.challenge(ctx, u, "password", c)
}

// checkPassword reserves an attempt for the account, waits for a hashing
// turn, and verifies password against its hash (a stand-in hash when the
// account is nil: unknown). A failed check keeps the reservation, counts a
// failure for the client address and is audited; a right one gives the
// reservation back. It returns a *RateLimitedError or *BusyError without
// checking when it may not check.
func (s *Service) checkPassword(ctx context.Context, email, password string, account *store.User, c Client, now time.Time) (bool, error) {
	key := accountKey(email)
	slot, err := s.store.ReserveLoginAttempt(ctx, key, now, s.opt.FailureWindow, s.opt.MaxFailuresPerAccount)
	if err != nil {
		return false, err
	}
	var userID int64
	hash := ""
	if account != nil {
		userID, hash = account.ID, account.PasswordHash
	}
	if !slot.Granted {
		if slot.FirstRefusal {
			if err := s.record(ctx, audit.ActionSignInRefused, userID, email, c, "too many failed attempts on this account: the password was not checked"); err != nil {
				return false, err
			}
		}
		s.opt.Logger.Warn("sign-in refused: account throttled", "email", email, "address", c.Address)
		retry := slot.RetryAt.Sub(now)
		if retry < time.Second {
			retry = time.Second
		}
		return false, &RateLimitedError{RetryAfter: retry}
	}
	matched, err := s.verify(ctx, password, hash, account != nil)
	if err != nil {
		// Nothing was checked: give the attempt back.
		if rerr := s.store.ReleaseLoginAttempt(context.WithoutCancel(ctx), key); rerr != nil {
			return false, errors.Join(err, rerr)
		}
		return false, err
	}
	if matched {
		return true, s.store.ReleaseLoginAttempt(ctx, key)
	}
	if c.Address != "" {
		if err := s.store.CountLoginFailure(ctx, addressKey(c.Address), now, s.opt.FailureWindow); err != nil {
			return false, err
		}
	}
	if err := s.record(ctx, audit.ActionSignInFailed, userID, email, c, "wrong e-mail address or password"); err != nil {
		return false, err
	}
	s.opt.Logger.Info("sign-in failed", "email", email, "address", c.Address)
	return false, nil
}

// verify runs one bounded argon2id check. Unknown accounts are checked
// against a stand-in hash and never match.
func (s *Service) verify(ctx context.Context, password, hash string, known bool) (bool, error) {
	if !known || hash == "" {
		// An account without a password (made through single sign-on)
		// costs the same and never matches.
		hash, known = s.dummyHash(), false
	}
	release, err := s.hashes.acquire(ctx)
	if err != nil {
		return false, err
	}
	defer release()
	if s.opt.OnPasswordCheck != nil {
		s.opt.OnPasswordCheck()
	}
	err = VerifyPassword(password, hash)
	switch {
	case err == nil:
		return known, nil
	case errors.Is(err, ErrMismatch):
		return false, nil
	default:
		// A stored hash that cannot be read is the operator's problem;
		// the person just cannot sign in.
		s.opt.Logger.Error("stored password hash unreadable", "err", err)
		return false, nil
	}
}

// startSession creates a session for userID and returns its token.
func (s *Service) startSession(ctx context.Context, userID int64, c Client, now time.Time) (string, error) {
	token, err := newToken()
	if err != nil {
		return "", err
	}
	ended, err := s.store.CreateSession(ctx, store.Session{
		TokenHash: hashToken(token), UserID: userID, CreatedAt: now, ExpiresAt: now.Add(s.opt.SessionTTL),
		ClientAddress: c.Address, UserAgent: c.UserAgent,
	}, s.opt.MaxSessionsPerUser)
	if err != nil {
		return "", err
	}
	if ended > 0 {
		s.opt.Logger.Info("earlier sessions ended by a new sign-in", "user_id", userID, "ended", ended)
	}
	return token, nil
}

// HashNewPassword checks password against the policy and hashes it,
// taking a hashing turn like a sign-in. Policy failures are a
// *PasswordPolicyError.
func (s *Service) HashNewPassword(ctx context.Context, password string) (string, error) {
	if err := CheckPasswordPolicy(password); err != nil {
		return "", err
	}
	release, err := s.hashes.acquire(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	return HashPassword(password, s.opt.Params)
}

// ChangePassword lets a signed-in person replace their own password. The
// current password is checked like a sign-in (same throttle, same bound on
// hashing), so a stolen session cannot be used to guess it. Every session
// of the person ends, and a fresh one is started for this client: the new
// token is returned. A wrong current password is ErrBadCredentials; a weak
// new one a *PasswordPolicyError.
func (s *Service) ChangePassword(ctx context.Context, p *Principal, current, next string, c Client) (string, error) {
	if p == nil {
		return "", ErrBadCredentials
	}
	if err := CheckPasswordPolicy(next); err != nil {
		return "", err
	}
	u, err := s.store.GetUser(ctx, p.UserID)
	if err != nil {
		return "", err
	}
	now := s.opt.Now()
	ok, err := s.checkPassword(ctx, u.Email, current, &u, c, now)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", ErrBadCredentials
	}
	hash, err := s.HashNewPassword(ctx, next)
	if err != nil {
		return "", err
	}
	if err := s.store.SetPassword(ctx, p.Actor(), u.ID, hash); err != nil {
		return "", err
	}
	return s.startSession(ctx, u.ID, c, now)
}

// Logout ends the session with token (no error if it is already gone) and
// records the sign-out.
func (s *Service) Logout(ctx context.Context, token string, c Client) error {
	if token == "" || len(token) > 200 {
		return nil
	}
	now := s.opt.Now()
	sess, u, err := s.store.SessionUser(ctx, hashToken(token), now, now.Add(-s.opt.IdleTimeout))
	if errors.Is(err, store.ErrNotFound) {
		return s.store.DeleteSession(ctx, hashToken(token))
	}
	if err != nil {
		return err
	}
	if err := s.store.DeleteSession(ctx, sess.TokenHash); err != nil {
		return err
	}
	return s.record(ctx, audit.ActionSignOut, u.ID, u.Email, c, "")
}

// Sessions lists a person's live sessions, newest first.
func (s *Service) Sessions(ctx context.Context, userID int64) ([]store.Session, error) {
	all, err := s.store.UserSessions(ctx, userID)
	if err != nil {
		return nil, err
	}
	now := s.opt.Now()
	live := all[:0]
	for _, sess := range all {
		if sess.ExpiresAt.After(now) && sess.LastSeenAt.After(now.Add(-s.opt.IdleTimeout)) {
			live = append(live, sess)
		}
	}
	return live, nil
}

// SessionID is the identifier of the session a token belongs to, as
// Sessions reports it (the stored hash: it cannot be turned back into a
// token).
func SessionID(token string) string { return hashToken(token) }

// EndSession ends one of the person's own sessions, recording a sign-out.
// store.ErrNotFound when they have no such session.
func (s *Service) EndSession(ctx context.Context, p *Principal, sessionID string, c Client) error {
	if p == nil {
		return store.ErrNotFound
	}
	if err := s.store.DeleteUserSession(ctx, p.UserID, sessionID); err != nil {
		return err
	}
	return s.record(ctx, audit.ActionSignOut, p.UserID, p.Email, c, "ended from the account page")
}

// record appends a sign-in, failed or refused sign-in, or sign-out to the
// audit log with the client's address. A failed or refused attempt is made
// by nobody known yet, so its actor is anonymous even when the e-mail has an
// account (the entry names the account). userID is 0 for an unknown e-mail.
func (s *Service) record(ctx context.Context, action string, userID int64, email string, c Client, reason string) error {
	by := store.Actor{Name: "anonymous", ClientAddr: c.Address}
	if action == audit.ActionSignIn || action == audit.ActionSignOut {
		by.UserID, by.Name = userID, email
	}
	id := ""
	if userID != 0 {
		id = strconv.FormatInt(userID, 10)
	}
	detail := map[string]string{"email": clip(email, 254)}
	if c.UserAgent != "" {
		detail["user_agent"] = clip(c.UserAgent, 300)
	}
	if reason != "" && action == audit.ActionSignIn {
		detail["method"] = reason
	} else if reason != "" {
		detail["reason"] = reason
	}
	return s.store.RecordEvent(ctx, by, store.AuditEvent{Action: action, Entity: "user", EntityID: id, Detail: detail})
}

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// touchEvery is how stale last_seen_at may get before a request updates it.
const touchEvery = time.Minute

// Principal resolves a session token; it returns nil (anonymous) and no
// error for an unknown, expired or idle token. Using a session keeps it
// from going idle.
func (s *Service) Principal(ctx context.Context, token string) (*Principal, error) {
	if token == "" || len(token) > 200 {
		return nil, nil
	}
	now := s.opt.Now()
	sess, u, err := s.store.SessionUser(ctx, hashToken(token), now, now.Add(-s.opt.IdleTimeout))
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, nil // disabling ends sessions; this covers a race with it
	}
	if sess.LastSeenAt.Before(now.Add(-touchEvery)) {
		if err := s.store.TouchSession(ctx, sess.TokenHash, now, now.Add(-touchEvery)); err != nil {
			return nil, err
		}
	}
	return s.principal(ctx, u)
}

func (s *Service) principal(ctx context.Context, u store.User) (*Principal, error) {
	grants, err := s.store.UserRoles(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	p := &Principal{UserID: u.ID, Email: u.Email, Name: u.Name, Admin: u.Admin, NationalAnalyst: u.NationalAnalyst,
		EmailConfirmed: u.EmailConfirmedAt != nil, Roles: map[int64]Role{}}
	if u.Admin && !s.opt.AdminSecondFactorOptional {
		// A global administrator acts as one only with a second factor;
		// until enrolled they keep their partnership roles only.
		has, err := s.store.HasSecondFactor(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		p.Admin, p.SecondFactorMissing = has, !has
	}
	for _, g := range grants {
		p.Roles[g.PartnershipID] = Role(g.Role)
	}
	return p, nil
}

// NormalizeEmail trims and lower-cases an e-mail address.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

type ctxKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// FromContext returns the signed-in principal, or nil for anonymous.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(ctxKey{}).(*Principal)
	return p
}

// Middleware resolves the session cookie (or an "Authorization: Bearer
// <token>" header, for API clients) into a Principal in the request
// context. A bad, expired or idle token simply means anonymous.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := s.TokenFromRequest(r)
		if token != "" {
			p, err := s.Principal(r.Context(), token)
			if err != nil && r.Context().Err() != nil {
				return // the client went away; the request log records a 499
			}
			if err != nil {
				s.opt.Logger.Error("resolve session", "err", err)
				http.Error(w, "The service is unavailable. Try again later.", http.StatusServiceUnavailable)
				return
			}
			if p != nil {
				r = r.WithContext(WithPrincipal(r.Context(), p))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// CookieName is the name of the session cookie this server sets and reads.
func (s *Service) CookieName() string {
	if s.opt.SecureCookies {
		return SecureCookieName
	}
	return CookieName
}

// TokenFromRequest returns the session token from this server's cookie or
// a bearer header, "" if none. Behind HTTPS only the __Host- cookie counts.
func (s *Service) TokenFromRequest(r *http.Request) string {
	if c, err := r.Cookie(s.CookieName()); err == nil && c.Value != "" {
		return c.Value
	}
	return bearerToken(r)
}

// TokenFromRequest returns a session token from either cookie name or a
// bearer header, "" if none: enough to tell whether a request claims a
// session. The Service method decides which cookie really counts.
func TokenFromRequest(r *http.Request) string {
	for _, name := range []string{SecureCookieName, CookieName} {
		if c, err := r.Cookie(name); err == nil && c.Value != "" {
			return c.Value
		}
	}
	return bearerToken(r)
}

func bearerToken(r *http.Request) string {
	if h := r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// SetCookie writes the session cookie: HttpOnly, SameSite=Lax, Path=/, and
// Secure with the __Host- name behind HTTPS (or when the request itself
// came over TLS).
func (s *Service) SetCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: s.CookieName(), Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.opt.SecureCookies || r.TLS != nil, MaxAge: int(s.opt.SessionTTL / time.Second),
	})
}

// ClearCookie removes the session cookie.
func (s *Service) ClearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: s.CookieName(), Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.opt.SecureCookies || r.TLS != nil, MaxAge: -1,
	})
}

// newToken returns 32 random bytes, URL-safe base64.
func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken is what the database keeps instead of the token.
func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Purge deletes expired and idle sessions and throttle rows older than the
// window. The server calls it now and then.
func (s *Service) Purge(ctx context.Context) error {
	now := s.opt.Now()
	if err := s.store.PurgeSignInSteps(ctx, now); err != nil {
		return err
	}
	return s.store.PurgeExpired(ctx, now, now.Add(-s.opt.IdleTimeout), now.Add(-s.opt.FailureWindow))
}
