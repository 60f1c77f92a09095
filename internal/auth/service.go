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
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/store"
)

// CookieName is the session cookie shared by the web pages and the API.
const CookieName = "placeboard_session"

// Errors from Login.
var (
	// ErrBadCredentials: unknown e-mail or wrong password (deliberately not
	// told apart).
	ErrBadCredentials = errors.New("the e-mail address or password is not right")
)

// RateLimitedError says sign-in is paused for this account or address.
type RateLimitedError struct{ RetryAfter time.Duration }

func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("too many failed sign-in attempts: try again in %s", e.RetryAfter.Round(time.Second))
}

// Options tune the service; zero values pick the defaults.
type Options struct {
	SessionTTL time.Duration // default 12 hours
	// MaxFailures within FailureWindow per account and per IP address before
	// sign-in is refused (defaults 5 per account, 20 per address, in 15 min).
	MaxFailuresPerAccount int
	MaxFailuresPerIP      int
	FailureWindow         time.Duration
	Params                Argon2Params // default DefaultParams
	Logger                *slog.Logger
	Now                   func() time.Time
}

// Service signs people in and out and resolves session cookies. Sessions
// and failure counts live in the database, so several server processes
// sharing one PostgreSQL database agree.
type Service struct {
	store *store.Store
	opt   Options
}

// NewService makes a Service over st.
func NewService(st *store.Store, opt Options) *Service {
	if opt.SessionTTL == 0 {
		opt.SessionTTL = 12 * time.Hour
	}
	if opt.MaxFailuresPerAccount == 0 {
		opt.MaxFailuresPerAccount = 5
	}
	if opt.MaxFailuresPerIP == 0 {
		opt.MaxFailuresPerIP = 20
	}
	if opt.FailureWindow == 0 {
		opt.FailureWindow = 15 * time.Minute
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
	return &Service{store: st, opt: opt}
}

// Params returns the argon2id parameters new hashes use.
func (s *Service) Params() Argon2Params { return s.opt.Params }

// Login checks an e-mail and password and, when they match, starts a
// session. It returns the session token for the cookie. Failed attempts are
// counted per account and per IP address; past the limit it returns a
// *RateLimitedError without checking the password.
func (s *Service) Login(ctx context.Context, email, password, ip string) (string, *Principal, error) {
	email = NormalizeEmail(email)
	now := s.opt.Now()
	since := now.Add(-s.opt.FailureWindow)
	accountKey, ipKey := "email:"+email, "ip:"+ip
	if n, err := s.store.CountLoginFailures(ctx, accountKey, since); err != nil {
		return "", nil, err
	} else if n >= s.opt.MaxFailuresPerAccount {
		return "", nil, &RateLimitedError{RetryAfter: s.opt.FailureWindow}
	}
	if ip != "" {
		if n, err := s.store.CountLoginFailures(ctx, ipKey, since); err != nil {
			return "", nil, err
		} else if n >= s.opt.MaxFailuresPerIP {
			return "", nil, &RateLimitedError{RetryAfter: s.opt.FailureWindow}
		}
	}
	fail := func() (string, *Principal, error) {
		if err := s.store.RecordLoginFailure(ctx, accountKey, now); err != nil {
			return "", nil, err
		}
		if ip != "" {
			if err := s.store.RecordLoginFailure(ctx, ipKey, now); err != nil {
				return "", nil, err
			}
		}
		s.opt.Logger.Info("sign-in failed", "email", email, "ip", ip)
		return "", nil, ErrBadCredentials
	}
	u, err := s.store.GetUserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		// Spend the same time as a real check so timing does not reveal
		// which addresses have accounts.
		_, _ = HashPassword(password, s.opt.Params)
		return fail()
	}
	if err != nil {
		return "", nil, err
	}
	if err := VerifyPassword(password, u.PasswordHash); err != nil {
		return fail()
	}
	token, err := newToken()
	if err != nil {
		return "", nil, err
	}
	if err := s.store.CreateSession(ctx, store.Session{
		TokenHash: hashToken(token), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(s.opt.SessionTTL),
	}); err != nil {
		return "", nil, err
	}
	if err := s.store.ClearLoginFailures(ctx, accountKey); err != nil {
		return "", nil, err
	}
	p, err := s.principal(ctx, u)
	if err != nil {
		return "", nil, err
	}
	s.opt.Logger.Info("signed in", "user_id", u.ID)
	return token, p, nil
}

// Logout ends the session with token (no error if it is already gone).
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.store.DeleteSession(ctx, hashToken(token))
}

// Principal resolves a session token; it returns nil (anonymous) and no
// error for an unknown or expired token.
func (s *Service) Principal(ctx context.Context, token string) (*Principal, error) {
	if token == "" || len(token) > 200 {
		return nil, nil
	}
	_, u, err := s.store.SessionUser(ctx, hashToken(token), s.opt.Now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.principal(ctx, u)
}

func (s *Service) principal(ctx context.Context, u store.User) (*Principal, error) {
	grants, err := s.store.UserRoles(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	p := &Principal{UserID: u.ID, Email: u.Email, Name: u.Name, Admin: u.Admin, Roles: map[int64]Role{}}
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
// context. A bad or expired token simply means anonymous.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := TokenFromRequest(r)
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

// TokenFromRequest returns the session token from the cookie or a bearer
// header, "" if none.
func TokenFromRequest(r *http.Request) string {
	if c, err := r.Cookie(CookieName); err == nil && c.Value != "" {
		return c.Value
	}
	if h := r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// SetCookie writes the session cookie: HttpOnly, SameSite=Lax, Secure when
// the request came over TLS.
func (s *Service) SetCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: CookieName, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: r.TLS != nil, MaxAge: int(s.opt.SessionTTL / time.Second),
	})
}

// ClearCookie removes the session cookie.
func (s *Service) ClearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: CookieName, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: r.TLS != nil, MaxAge: -1,
	})
}

// ClientIP is the remote address without the port, for rate limiting. The
// server does not trust X-Forwarded-For (it is not deployed behind a proxy
// by default).
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
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

// Purge deletes expired sessions and failure records older than the
// rate-limit window. The server calls it now and then.
func (s *Service) Purge(ctx context.Context) error {
	now := s.opt.Now()
	return s.store.PurgeExpired(ctx, now, now.Add(-s.opt.FailureWindow))
}
