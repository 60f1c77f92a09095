package cli

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/auth"
)

// Environment variables for single sign-on. The client secret is read from
// the environment only, never a flag, so it does not show in process lists.
const (
	EnvOIDCIssuer       = "PLACEBOARD_OIDC_ISSUER"
	EnvOIDCClientID     = "PLACEBOARD_OIDC_CLIENT_ID"
	EnvOIDCClientSecret = "PLACEBOARD_OIDC_CLIENT_SECRET"
)

// ssoFlags are serve's single sign-on settings.
type ssoFlags struct {
	issuer, clientID string
	domains          map[string]int64
}

func (p *ssoFlags) register(fs *flag.FlagSet) {
	p.domains = map[string]int64{}
	fs.StringVar(&p.issuer, "oidc-issuer", "", "the OpenID Connect provider's issuer `URL` for staff single sign-on, e.g. https://login.microsoftonline.com/TENANT/v2.0 (default $"+EnvOIDCIssuer+"; none: no single sign-on). The client secret is read from $"+EnvOIDCClientSecret)
	fs.StringVar(&p.clientID, "oidc-client-id", "", "the client `ID` registered with the provider (default $"+EnvOIDCClientID+")")
	fs.Func("oidc-domain", "`DOMAIN=ORG_ID`: e-mails in DOMAIN belong to organisation ORG_ID of the register, and get an account on first single sign-on (repeatable), e.g. nhs.net=123", func(v string) error {
		domain, id, ok := strings.Cut(v, "=")
		domain = strings.ToLower(strings.TrimSpace(domain))
		org, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
		if !ok || domain == "" || strings.ContainsAny(domain, "@ /") || err != nil || org <= 0 {
			return errors.New("must be DOMAIN=ORGANISATION_ID, like nhs.net=123")
		}
		p.domains[domain] = org
		return nil
	})
}

// apply writes the single sign-on settings into cfg (after the public URL
// is set: the redirect address is derived from it).
func (p *ssoFlags) apply(cfg *app.Config, std IO) error {
	issuer := p.issuer
	if issuer == "" {
		issuer = std.Getenv(EnvOIDCIssuer)
	}
	clientID := p.clientID
	if clientID == "" {
		clientID = std.Getenv(EnvOIDCClientID)
	}
	if issuer == "" {
		if clientID != "" || len(p.domains) > 0 {
			return errors.New("--oidc-client-id and --oidc-domain need --oidc-issuer")
		}
		return nil
	}
	switch {
	case !strings.HasPrefix(issuer, "https://") && !strings.HasPrefix(issuer, "http://"):
		return fmt.Errorf("--oidc-issuer must be an https:// URL (got %q)", issuer)
	case clientID == "":
		return errors.New("single sign-on needs --oidc-client-id (or $" + EnvOIDCClientID + ")")
	case cfg.PublicURL == "":
		return errors.New("single sign-on needs --public-url: the provider sends people back to <public URL>/sign-in/oidc/callback")
	}
	cfg.SSO = &auth.OIDCConfig{Issuer: issuer, ClientID: clientID, ClientSecret: std.Getenv(EnvOIDCClientSecret),
		RedirectURL: cfg.PublicURL + "/sign-in/oidc/callback", Domains: p.domains}
	return nil
}
