package auth

import (
	"context"
	"errors"
	"net/mail"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/validation"
)

// Self-registration for residents (issue 13 item 5). The web page and the
// API both call Register and ConfirmEmail, so they check the same things
// and answer alike; each door sends the link with the mail job.

// Registration is what a person gives to make their own account.
type Registration struct {
	Name     string
	Email    string
	Password string
	Profile  places.ResidentProfileInput
}

func (s *Service) registrationsPerAddress() int {
	if s.opt.RegistrationsPerAddress > 0 {
		return s.opt.RegistrationsPerAddress
	}
	return 5
}

func (s *Service) registrationWindow() time.Duration {
	if s.opt.RegistrationWindow > 0 {
		return s.opt.RegistrationWindow
	}
	return time.Hour
}

// ConfirmLinkTTL is how long a confirmation link works.
func (s *Service) ConfirmLinkTTL() time.Duration {
	if s.opt.ConfirmLinkTTL > 0 {
		return s.opt.ConfirmLinkTTL
	}
	return 24 * time.Hour
}

// CheckRegistration validates the name, e-mail address and password of a
// registration and resolves its profile, returning every problem at once
// as a *validation.Errors on name, email, password, postcode, district and
// age_band.
func (s *Service) CheckRegistration(ctx context.Context, r Registration) (places.ResidentProfile, error) {
	var errs validation.Errors
	name := strings.TrimSpace(r.Name)
	if errs.Required("name", name, "your name") {
		errs.Text("name", name, "Name", 200, false)
	}
	email := NormalizeEmail(r.Email)
	if errs.Required("email", email, "your email address") {
		if errs.MaxLen("email", email, "Email address", 254) {
			if a, err := mail.ParseAddress(email); err != nil || a.Address != email || !strings.Contains(email, "@") {
				errs.Add("email", "Enter an email address in the correct format, like name@example.com")
			}
		}
	}
	if r.Password == "" {
		errs.Add("password", "Enter a password")
	} else if err := CheckPasswordPolicy(r.Password); err != nil {
		errs.Add("password", err.Error())
	}
	profile, err := places.ResolveResidentProfile(ctx, s.store, r.Profile)
	if ve, ok := validation.As(err); ok {
		errs.Fields = append(errs.Fields, ve.Fields...)
	} else if err != nil {
		return places.ResidentProfile{}, err
	}
	return profile, errs.Err()
}

// Register makes an unconfirmed resident account and returns it with the
// token for its confirmation link (the caller mails it; only its hash is
// stored). Bad input is a *validation.Errors (a taken address one on email
// that also matches store.ErrConflict); more than RegistrationsPerAddress
// registrations from one address in the window get a *RateLimitedError
// before any password is hashed.
func (s *Service) Register(ctx context.Context, r Registration, c Client) (store.User, string, error) {
	profile, err := s.CheckRegistration(ctx, r)
	if err != nil {
		return store.User{}, "", err
	}
	if err := s.reserveRegistration(ctx, c); err != nil {
		return store.User{}, "", err
	}
	hash, err := s.HashNewPassword(ctx, r.Password)
	if err != nil {
		return store.User{}, "", err
	}
	token, link, err := s.newConfirmLink()
	if err != nil {
		return store.User{}, "", err
	}
	email := NormalizeEmail(r.Email)
	u, err := s.store.RegisterResident(ctx, store.Actor{Name: email, ClientAddr: c.Address},
		store.NewResident{Email: email, Name: strings.TrimSpace(r.Name), PasswordHash: hash, Profile: profile}, link)
	if err != nil {
		return store.User{}, "", err
	}
	s.opt.Logger.Info("resident registered", "user_id", u.ID, "address", c.Address)
	return u, token, nil
}

// reserveRegistration takes one of the client address's registrations in
// the window (the sign-in throttle's table, under its own key).
func (s *Service) reserveRegistration(ctx context.Context, c Client) error {
	if c.Address == "" {
		return nil
	}
	now := s.opt.Now()
	slot, err := s.store.ReserveLoginAttempt(ctx, "register:"+addressKey(c.Address), now, s.registrationWindow(), s.registrationsPerAddress())
	if err != nil {
		return err
	}
	if !slot.Granted {
		if slot.FirstRefusal {
			s.opt.Logger.Warn("registrations refused: too many from one address", "address", c.Address)
		}
		retry := max(slot.RetryAt.Sub(now), time.Second)
		return &RateLimitedError{RetryAfter: retry}
	}
	return nil
}

func (s *Service) newConfirmLink() (string, store.EmailLink, error) {
	token, err := newToken()
	if err != nil {
		return "", store.EmailLink{}, err
	}
	now := s.opt.Now()
	return token, store.EmailLink{TokenHash: hashToken(token), Purpose: store.PurposeConfirmEmail, CreatedAt: now, ExpiresAt: now.Add(s.ConfirmLinkTTL())}, nil
}

// ConfirmEmail follows a confirmation link. It returns the account, or
// store.ErrNotFound (no such link), store.ErrLinkUsed, or
// store.ErrLinkExpired with the account so a new link can be offered.
func (s *Service) ConfirmEmail(ctx context.Context, token string, c Client) (store.User, error) {
	if token == "" || len(token) > 200 {
		return store.User{}, store.ErrNotFound
	}
	return s.store.ConfirmEmail(ctx, store.Actor{Name: "confirmation link", ClientAddr: c.Address}, hashToken(token), s.opt.Now())
}

// ResendConfirmation makes a new confirmation link for the unconfirmed
// account with this e-mail address and returns it with its token. For an
// unknown or already confirmed address it returns a zero User and no
// error, so the caller answers the same either way and nobody learns who
// has an account. Requests count against the address's registrations.
func (s *Service) ResendConfirmation(ctx context.Context, email string, c Client) (store.User, string, error) {
	if err := s.reserveRegistration(ctx, c); err != nil {
		return store.User{}, "", err
	}
	u, err := s.store.GetUserByEmail(ctx, NormalizeEmail(email))
	if errors.Is(err, store.ErrNotFound) {
		return store.User{}, "", nil
	}
	if err != nil {
		return store.User{}, "", err
	}
	token, link, err := s.newConfirmLink()
	if err != nil {
		return store.User{}, "", err
	}
	err = s.store.AddConfirmationLink(ctx, u.ID, link)
	if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrNotFound) {
		return store.User{}, "", nil
	}
	if err != nil {
		return store.User{}, "", err
	}
	return u, token, nil
}

// DeleteAccount anonymises the signed-in person's account after checking
// their password like a sign-in (same throttle): their content stays but
// no longer names them, and they can no longer sign in. A wrong password
// is ErrBadCredentials; the last global administrator gets
// store.ErrLastAdmin.
func (s *Service) DeleteAccount(ctx context.Context, p *Principal, password string, c Client) error {
	if p == nil {
		return ErrBadCredentials
	}
	u, err := s.store.GetUser(ctx, p.UserID)
	if err != nil {
		return err
	}
	ok, err := s.checkPassword(ctx, u.Email, password, &u, c, s.opt.Now())
	if err != nil {
		return err
	}
	if !ok {
		return ErrBadCredentials
	}
	by := p.Actor()
	by.ClientAddr = c.Address
	if err := s.store.AnonymiseUser(ctx, by, u.ID); err != nil {
		return err
	}
	s.opt.Logger.Info("account deleted (anonymised)", "user_id", u.ID)
	return nil
}
