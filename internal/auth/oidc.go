package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/store"
)

// Single sign-on with the deployment's OpenID Connect provider (Microsoft
// Entra ID, say): the authorization code flow with PKCE (S256), a state
// bound to the browser and a nonce bound to the ID token, both kept
// server-side and used once. Accounts are linked by the provider's subject
// once, and the first time by a verified e-mail address only.

// OIDCConfig is one deployment's provider.
type OIDCConfig struct {
	Issuer       string // e.g. https://login.microsoftonline.com/<tenant>/v2.0
	ClientID     string
	ClientSecret string
	RedirectURL  string // <public URL>/sign-in/oidc/callback
	// Domains maps an e-mail domain (lower case) to the organisation in
	// the register it belongs to. A verified e-mail in one of these
	// domains without an account gets one (with no roles); other e-mails
	// must match an existing account.
	Domains map[string]int64
	// HTTPClient talks to the provider (default http.DefaultClient with a
	// timeout).
	HTTPClient *http.Client
}

// oidcFlowTTL is how long someone may take at the provider.
const oidcFlowTTL = 10 * time.Minute

// OIDCStateCookieName binds a sign-in under way to the browser that
// started it.
const OIDCStateCookieName = "placeboard_oidc_state"

// OIDCStateTTL is how long the state cookie lives.
func OIDCStateTTL() time.Duration { return oidcFlowTTL }

// SSOError is a single sign-on that was refused; Reason is safe to show.
type SSOError struct{ Reason string }

func (e *SSOError) Error() string { return "single sign-on refused: " + e.Reason }

// OIDC signs people in through the provider. Discovery happens on first
// use (and is retried until it works), so a provider that is down when the
// server starts does not stop the server.
type OIDC struct {
	svc    *Service
	cfg    OIDCConfig
	client *http.Client

	mu       sync.Mutex
	provider *oidc.Provider
	verifier *oidc.IDTokenVerifier
	oauth    oauth2.Config
}

// NewOIDC checks cfg and returns the single sign-on side of svc.
func NewOIDC(svc *Service, cfg OIDCConfig) (*OIDC, error) {
	switch {
	case cfg.Issuer == "":
		return nil, errors.New("auth: single sign-on needs the provider's issuer URL")
	case cfg.ClientID == "":
		return nil, errors.New("auth: single sign-on needs a client ID")
	case cfg.RedirectURL == "":
		return nil, errors.New("auth: single sign-on needs the public URL (for the redirect address)")
	}
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	domains := map[string]int64{}
	for d, org := range cfg.Domains {
		domains[strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@"))] = org
	}
	cfg.Domains = domains
	return &OIDC{svc: svc, cfg: cfg, client: client}, nil
}

// discover fetches the provider's configuration and keys once.
func (o *OIDC) discover() (*oidc.IDTokenVerifier, oauth2.Config, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider == nil {
		// Not the request's context: the key set keeps it for later
		// fetches of the provider's keys.
		ctx := oidc.ClientContext(context.Background(), o.client)
		p, err := oidc.NewProvider(ctx, o.cfg.Issuer)
		if err != nil {
			return nil, oauth2.Config{}, fmt.Errorf("auth: discover the OpenID provider: %w", err)
		}
		o.provider = p
		o.verifier = p.Verifier(&oidc.Config{ClientID: o.cfg.ClientID, Now: o.svc.opt.Now})
		o.oauth = oauth2.Config{ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, RedirectURL: o.cfg.RedirectURL,
			Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
	}
	return o.verifier, o.oauth, nil
}

// Begin starts a sign-in: it returns the provider's authorization URL and
// the state to keep in the browser's cookie.
func (o *OIDC) Begin(ctx context.Context, next string) (authURL, state string, err error) {
	_, conf, err := o.discover()
	if err != nil {
		return "", "", err
	}
	if state, err = newToken(); err != nil {
		return "", "", err
	}
	nonce, err := newToken()
	if err != nil {
		return "", "", err
	}
	verifier := oauth2.GenerateVerifier()
	if err := o.svc.store.SaveOIDCFlow(ctx, store.OIDCFlow{StateHash: hashToken(state), Nonce: nonce, Verifier: verifier,
		Next: next, ExpiresAt: o.svc.opt.Now().Add(oidcFlowTTL)}); err != nil {
		return "", "", err
	}
	return conf.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), state, nil
}

// Callback is what the provider sends back to the redirect address.
type Callback struct {
	State, Code string
	// Error and ErrorDescription are the provider's refusal, if any.
	Error, ErrorDescription string
	// CookieState is the state kept in the browser's cookie.
	CookieState string
}

// Finish completes a sign-in: it checks the state against the browser's
// cookie and the flow kept server-side, exchanges the code (with the PKCE
// verifier), verifies the ID token (signature, issuer, audience, expiry,
// nonce) and finds or links the account. It returns a session token and
// the path to go to, or a *SecondFactorRequiredError when the person has a
// second factor, or an *SSOError saying why the sign-in was refused (also
// recorded in the audit log).
func (o *OIDC) Finish(ctx context.Context, cb Callback, c Client) (token, next string, err error) {
	next = "/"
	if cb.State == "" || len(cb.State) > 200 || cb.CookieState != cb.State {
		return "", next, o.refuse(ctx, c, "", "this sign-in was not started in this browser, or has expired")
	}
	flow, err := o.svc.store.TakeOIDCFlow(ctx, hashToken(cb.State), o.svc.opt.Now())
	if errors.Is(err, store.ErrNotFound) {
		return "", next, o.refuse(ctx, c, "", "this sign-in has expired or was used already")
	}
	if err != nil {
		return "", next, err
	}
	next = flow.Next
	if cb.Error != "" {
		return "", next, o.refuse(ctx, c, "", "the organisation's sign-in service refused: "+clip(cb.Error+" "+cb.ErrorDescription, 200))
	}
	verifier, conf, err := o.discover()
	if err != nil {
		return "", next, err
	}
	clientCtx := oidc.ClientContext(ctx, o.client)
	tok, err := conf.Exchange(clientCtx, cb.Code, oauth2.VerifierOption(flow.Verifier))
	if err != nil {
		o.svc.opt.Logger.Warn("single sign-on: code exchange failed", "err", err)
		return "", next, o.refuse(ctx, c, "", "the organisation's sign-in service did not accept the sign-in")
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return "", next, o.refuse(ctx, c, "", "the organisation's sign-in service sent no ID token")
	}
	idToken, err := verifier.Verify(clientCtx, raw)
	if err != nil {
		o.svc.opt.Logger.Warn("single sign-on: ID token refused", "err", err)
		return "", next, o.refuse(ctx, c, "", "the ID token could not be verified")
	}
	if idToken.Nonce != flow.Nonce {
		return "", next, o.refuse(ctx, c, "", "the ID token was not issued for this sign-in (nonce mismatch)")
	}
	var claims struct {
		Email         string `json:"email"`
		EmailVerified *bool  `json:"email_verified"`
		Name          string `json:"name"`
	}
	if err := idToken.Claims(&claims); err != nil {
		return "", next, o.refuse(ctx, c, "", "the ID token's claims could not be read")
	}
	u, err := o.account(ctx, idToken.Issuer, idToken.Subject, NormalizeEmail(claims.Email), claims.EmailVerified != nil && *claims.EmailVerified, claims.Name, c)
	if err != nil {
		return "", next, err
	}
	token, _, err = o.svc.challenge(ctx, u, "single sign-on", c)
	return token, next, err
}

// account finds the account for the provider's subject, else links the
// account with the verified e-mail, else creates one when the e-mail's
// domain maps to an organisation.
func (o *OIDC) account(ctx context.Context, issuer, subject, email string, verified bool, name string, c Client) (store.User, error) {
	u, err := o.svc.store.UserByOIDCSubject(ctx, issuer, subject)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return u, err
	}
	if email == "" || len(email) > 254 || !strings.Contains(email, "@") {
		return store.User{}, o.refuse(ctx, c, email, "the organisation account has no e-mail address")
	}
	if !verified {
		return store.User{}, o.refuse(ctx, c, email, "the organisation account's e-mail address is not verified, so it cannot be linked to an account")
	}
	by := store.Actor{Name: "single sign-on", ClientAddr: c.Address}
	orgID := o.cfg.Domains[email[strings.LastIndexByte(email, '@')+1:]]
	link := store.OIDCLink{Issuer: issuer, Subject: subject, Email: email, OrganisationID: orgID}
	u, err = o.svc.store.GetUserByEmail(ctx, email)
	switch {
	case err == nil:
		link.UserID = u.ID
		return u, o.svc.store.LinkOIDC(ctx, by, link)
	case !errors.Is(err, store.ErrNotFound):
		return store.User{}, err
	case orgID == 0:
		return store.User{}, o.refuse(ctx, c, email, "there is no account for this e-mail address, and its domain is not one this service accepts: ask an administrator")
	}
	return o.svc.store.CreateOIDCUser(ctx, by, name, link)
}

// refuse records a refused single sign-on and returns it as an *SSOError.
func (o *OIDC) refuse(ctx context.Context, c Client, email, reason string) error {
	if err := o.svc.record(ctx, audit.ActionSignInRefused, 0, email, c, "single sign-on: "+reason); err != nil {
		return err
	}
	o.svc.opt.Logger.Info("single sign-on refused", "reason", reason, "address", c.Address)
	return &SSOError{Reason: reason}
}
