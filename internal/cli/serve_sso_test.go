package cli

import (
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/placeboard/placeboard/internal/app"
)

func TestSSOFlags(t *testing.T) {
	env := map[string]string{EnvOIDCClientSecret: "s3cret"}
	for _, tc := range []struct {
		name   string
		args   []string
		public string
		env    map[string]string
		errMsg string // "" for success
	}{
		{name: "none", args: nil},
		{name: "configured", args: []string{"--oidc-issuer", "https://idp.example/v2.0", "--oidc-client-id", "pb", "--oidc-domain", "NHS.net=123", "--oidc-domain", "council.gov.uk=7"},
			public: "https://placeboard.example.org", env: env},
		{name: "from the environment", public: "https://placeboard.example.org",
			env: map[string]string{EnvOIDCIssuer: "https://idp.example", EnvOIDCClientID: "pb", EnvOIDCClientSecret: "s3cret"}},
		{name: "no public URL", args: []string{"--oidc-issuer", "https://idp.example", "--oidc-client-id", "pb"}, errMsg: "--public-url"},
		{name: "no client ID", args: []string{"--oidc-issuer", "https://idp.example"}, public: "https://p.example", errMsg: "--oidc-client-id"},
		{name: "not a URL", args: []string{"--oidc-issuer", "idp.example", "--oidc-client-id", "pb"}, public: "https://p.example", errMsg: "https://"},
		{name: "domain without issuer", args: []string{"--oidc-domain", "nhs.net=1"}, errMsg: "need --oidc-issuer"},
		{name: "bad domain", args: []string{"--oidc-domain", "nhs.net"}, errMsg: "DOMAIN=ORGANISATION_ID"},
		{name: "bad organisation", args: []string{"--oidc-domain", "nhs.net=x"}, errMsg: "DOMAIN=ORGANISATION_ID"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			var p ssoFlags
			p.register(fs)
			std, _, _ := testIO("", tc.env)
			err := fs.Parse(tc.args)
			cfg := app.Config{PublicURL: tc.public}
			if err == nil {
				err = p.apply(&cfg, std)
			}
			if tc.errMsg != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errMsg) {
					t.Errorf("error %v, want one mentioning %q", err, tc.errMsg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(tc.args)+len(tc.env) == 0 {
				if cfg.SSO != nil {
					t.Errorf("single sign-on configured without flags: %+v", cfg.SSO)
				}
				return
			}
			if cfg.SSO == nil || cfg.SSO.ClientSecret != "s3cret" || cfg.SSO.RedirectURL != tc.public+"/sign-in/oidc/callback" || cfg.SSO.ClientID != "pb" {
				t.Fatalf("config = %+v", cfg.SSO)
			}
			if tc.name == "configured" && (cfg.SSO.Domains["nhs.net"] != 123 || cfg.SSO.Domains["council.gov.uk"] != 7) {
				t.Errorf("domains = %v", cfg.SSO.Domains)
			}
		})
	}
}
