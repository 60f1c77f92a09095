package web_test

// A real OpenID provider for the single sign-on tests: zitadel's op package
// serves discovery, authorize, token and JWKS on an httptest server, over a
// small in-memory storage written here. Login is automatic: the person the
// test names is signed in at the provider without a form.

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// idpPerson is someone with an account at the provider.
type idpPerson struct {
	Subject, Email, Name string
	Verified             bool
}

type idpRequest struct {
	id, subject string
	done        bool
	authTime    time.Time
	req         *oidc.AuthRequest
}

func (r *idpRequest) GetID() string                      { return r.id }
func (r *idpRequest) GetACR() string                     { return "" }
func (r *idpRequest) GetAMR() []string                   { return []string{"pwd"} }
func (r *idpRequest) GetAudience() []string              { return []string{r.req.ClientID} }
func (r *idpRequest) GetAuthTime() time.Time             { return r.authTime }
func (r *idpRequest) GetClientID() string                { return r.req.ClientID }
func (r *idpRequest) GetNonce() string                   { return r.req.Nonce }
func (r *idpRequest) GetRedirectURI() string             { return r.req.RedirectURI }
func (r *idpRequest) GetResponseType() oidc.ResponseType { return r.req.ResponseType }
func (r *idpRequest) GetResponseMode() oidc.ResponseMode { return r.req.ResponseMode }
func (r *idpRequest) GetScopes() []string                { return r.req.Scopes }
func (r *idpRequest) GetState() string                   { return r.req.State }
func (r *idpRequest) GetSubject() string                 { return r.subject }
func (r *idpRequest) Done() bool                         { return r.done }
func (r *idpRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if r.req.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: r.req.CodeChallenge, Method: r.req.CodeChallengeMethod}
}

type idpClient struct{ id, redirect, loginURL string }

func (c *idpClient) GetID() string                       { return c.id }
func (c *idpClient) RedirectURIs() []string              { return []string{c.redirect} }
func (c *idpClient) PostLogoutRedirectURIs() []string    { return nil }
func (c *idpClient) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }
func (c *idpClient) AuthMethod() oidc.AuthMethod         { return oidc.AuthMethodBasic }
func (c *idpClient) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c *idpClient) GrantTypes() []oidc.GrantType        { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c *idpClient) LoginURL(id string) string           { return c.loginURL + "?id=" + id }
func (c *idpClient) AccessTokenType() op.AccessTokenType { return op.AccessTokenTypeBearer }
func (c *idpClient) IDTokenLifetime() time.Duration      { return 5 * time.Minute }
func (c *idpClient) DevMode() bool                       { return true } // http redirect on 127.0.0.1
func (c *idpClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *idpClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *idpClient) IsScopeAllowed(string) bool           { return false }
func (c *idpClient) IDTokenUserinfoClaimsAssertion() bool { return true }
func (c *idpClient) ClockSkew() time.Duration             { return 0 }

type idpKey struct {
	id  string
	key *rsa.PrivateKey
}

func (k idpKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k idpKey) Algorithm() jose.SignatureAlgorithm          { return jose.RS256 }
func (k idpKey) ID() string                                  { return k.id }
func (k idpKey) Use() string                                 { return "sig" }

type idpPublicKey struct{ idpKey }

func (k idpPublicKey) Key() any { return &k.key.PublicKey }

type idpSigningKey struct{ idpKey }

func (k idpSigningKey) Key() any { return k.key }

var errIDPNotFound = errors.New("not found")

// idpStorage is the provider's memory.
type idpStorage struct {
	mu       sync.Mutex
	client   idpClient
	secret   string
	key      idpKey
	people   map[string]idpPerson // by subject
	current  string               // who is signed in at the provider
	requests map[string]*idpRequest
	codes    map[string]string // code → request ID
	seq      int
	// seen records each authorization request, so the test can check
	// what the client asked for (PKCE method, nonce).
	seen []oidc.AuthRequest
}

func (s *idpStorage) CreateAuthRequest(_ context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	r := &idpRequest{id: "req" + strconv.Itoa(s.seq), req: req}
	s.requests[r.id] = r
	s.seen = append(s.seen, *req)
	return r, nil
}

func (s *idpStorage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.requests[id]; ok {
		return r, nil
	}
	return nil, errIDPNotFound
}

func (s *idpStorage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	id, ok := s.codes[code]
	s.mu.Unlock()
	if !ok {
		return nil, errIDPNotFound
	}
	return s.AuthRequestByID(ctx, id)
}

func (s *idpStorage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = id
	return nil
}

func (s *idpStorage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.requests, id)
	for c, rid := range s.codes {
		if rid == id {
			delete(s.codes, c)
		}
	}
	return nil
}

// login signs the current person in for request id (the provider's login
// page, without a form).
func (s *idpStorage) login(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.requests[id]
	if !ok {
		return errIDPNotFound
	}
	r.subject, r.done, r.authTime = s.current, true, time.Now()
	return nil
}

func (s *idpStorage) CreateAccessToken(context.Context, op.TokenRequest) (string, time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return "at" + strconv.Itoa(s.seq), time.Now().Add(5 * time.Minute), nil
}

func (s *idpStorage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errors.New("refresh tokens are not offered")
}

func (s *idpStorage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, op.ErrInvalidRefreshToken
}
func (s *idpStorage) TerminateSession(context.Context, string, string) error { return nil }
func (s *idpStorage) RevokeToken(context.Context, string, string, string) *oidc.Error {
	return nil
}
func (s *idpStorage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}
func (s *idpStorage) SigningKey(context.Context) (op.SigningKey, error) {
	return idpSigningKey{s.key}, nil
}
func (s *idpStorage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}
func (s *idpStorage) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{idpPublicKey{s.key}}, nil
}

func (s *idpStorage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	if id != s.client.id {
		return nil, errIDPNotFound
	}
	c := s.client
	return &c, nil
}

func (s *idpStorage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	if id != s.client.id || secret != s.secret {
		return errors.New("wrong client credentials")
	}
	return nil
}

func (s *idpStorage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest puts the person's e-mail and name in the ID token.
func (s *idpStorage) SetUserinfoFromRequest(_ context.Context, info *oidc.UserInfo, req op.IDTokenRequest, _ []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.people[req.GetSubject()]
	info.Subject, info.Email, info.EmailVerified, info.Name = p.Subject, p.Email, oidc.Bool(p.Verified), p.Name
	return nil
}

func (s *idpStorage) SetUserinfoFromToken(context.Context, *oidc.UserInfo, string, string, string) error {
	return nil
}
func (s *idpStorage) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return nil
}
func (s *idpStorage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}
func (s *idpStorage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errIDPNotFound
}
func (s *idpStorage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errIDPNotFound
}
func (s *idpStorage) Health(context.Context) error { return nil }

// testIDP is a running provider. Tamper and WrongNonce make its answers
// wrong in the two ways the client must catch.
type testIDP struct {
	URL      string
	ClientID string
	Secret   string
	storage  *idpStorage

	mu sync.Mutex
	// tamper flips a byte of the ID token's signature in the token
	// endpoint's answer.
	tamper bool
	// wrongNonce replaces the nonce the client sent to authorize, so the
	// ID token carries another one.
	wrongNonce bool
}

func (p *testIDP) setCurrent(subject string) {
	p.storage.mu.Lock()
	defer p.storage.mu.Unlock()
	p.storage.current = subject
}

func (p *testIDP) setFaults(tamper, wrongNonce bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tamper, p.wrongNonce = tamper, wrongNonce
}

func (p *testIDP) faults() (bool, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.tamper, p.wrongNonce
}

func (p *testIDP) lastRequest() oidc.AuthRequest {
	p.storage.mu.Lock()
	defer p.storage.mu.Unlock()
	return p.storage.seen[len(p.storage.seen)-1]
}

// setRedirect registers the client's redirect address (known once the app
// listens).
func (p *testIDP) setRedirect(u string) {
	p.storage.mu.Lock()
	defer p.storage.mu.Unlock()
	p.storage.client.redirect = u
}

func startIDP(t *testing.T, people ...idpPerson) *testIDP {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	st := &idpStorage{secret: "test-client-secret", key: idpKey{id: "k1", key: key}, people: map[string]idpPerson{},
		requests: map[string]*idpRequest{}, codes: map[string]string{}}
	for _, p := range people {
		st.people[p.Subject] = p
	}
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	idp := &testIDP{URL: srv.URL, ClientID: "placeboard-test", Secret: st.secret, storage: st}
	st.client = idpClient{id: idp.ClientID, loginURL: srv.URL + "/login"}
	var cryptoKey [32]byte
	rand.Read(cryptoKey[:])
	provider, err := op.NewProvider(&op.Config{CryptoKey: cryptoKey, CodeMethodS256: true}, st, op.StaticIssuer(srv.URL), op.WithAllowInsecure())
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		id := r.URL.Query().Get("id")
		if err := st.login(id); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		http.Redirect(w, r, srv.URL+"/authorize/callback?id="+id, http.StatusFound)
	})
	var opHandler http.Handler = provider
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		tamper, wrongNonce := idp.faults()
		switch {
		case wrongNonce && r.URL.Path == "/authorize":
			q := r.URL.Query()
			q.Set("nonce", "a-nonce-from-another-sign-in")
			r.URL.RawQuery = q.Encode()
		case tamper && r.URL.Path == "/oauth/token":
			tamperIDToken(t, w, r, opHandler)
			return
		}
		opHandler.ServeHTTP(w, r)
	})
	handler = mux
	return idp
}

// tamperIDToken answers a token request through the real provider, then
// flips a character in the middle of the ID token's signature.
func tamperIDToken(t *testing.T, w http.ResponseWriter, r *http.Request, next http.Handler) {
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Errorf("token answer: %v", err)
	}
	if raw, ok := body["id_token"].(string); ok {
		parts := strings.Split(raw, ".")
		sig := []byte(parts[2])
		if sig[len(sig)/2] == 'A' {
			sig[len(sig)/2] = 'B'
		} else {
			sig[len(sig)/2] = 'A'
		}
		parts[2] = string(sig)
		body["id_token"] = strings.Join(parts, ".")
	} else {
		t.Error("the provider sent no ID token to tamper with")
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rec.Code)
	json.NewEncoder(w).Encode(body)
}
