// Package mailtest runs a real SMTP server (github.com/emersion/go-smtp)
// inside a test, so tests see mail cross a real SMTP exchange, and reads
// what it received.
package mailtest

import (
	"encoding/base64"
	"errors"
	"io"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Received is one message the server accepted.
type Received struct {
	From string
	To   []string
	// Raw is the message as sent (headers and MIME body).
	Raw string
	// User is who authenticated ("" when nobody did).
	User string
}

// Header returns one header of the message.
func (r Received) Header(name string) string {
	m, err := mail.ReadMessage(strings.NewReader(r.Raw))
	if err != nil {
		return ""
	}
	return m.Header.Get(name)
}

// Body returns the message body, decoded from quoted-printable or base64
// if the sender used either.
func (r Received) Body() string {
	m, err := mail.ReadMessage(strings.NewReader(r.Raw))
	if err != nil {
		return ""
	}
	b, _ := io.ReadAll(m.Body)
	return decode(m.Header.Get("Content-Transfer-Encoding"), string(b))
}

// Server is a running SMTP server on 127.0.0.1.
type Server struct {
	Host string
	Port int
	// User and Password, when set, are the only credentials accepted.
	User, Password string

	mu       sync.Mutex
	received []Received
	notify   chan struct{}
	srv      *smtp.Server
}

// Start runs a server for the test's lifetime. With user set, it offers
// PLAIN authentication (over plain TCP: it is local) and refuses other
// credentials.
func Start(t testing.TB, user, password string) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{User: user, Password: password, notify: make(chan struct{}, 1)}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout, s.srv.WriteTimeout = time.Minute, time.Minute
	addr := l.Addr().(*net.TCPAddr)
	s.Host, s.Port = "127.0.0.1", addr.Port
	go s.srv.Serve(l)
	t.Cleanup(func() { s.srv.Close() })
	return s
}

// Messages returns what the server has received so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Wait returns once the server holds at least n messages, failing the test
// after limit (a hang guard, not a speed bound).
func (s *Server) Wait(t testing.TB, n int, limit time.Duration) []Received {
	t.Helper()
	deadline := time.After(limit)
	for {
		if got := s.Messages(); len(got) >= n {
			return got
		}
		select {
		case <-s.notify:
		case <-deadline:
			t.Fatalf("the SMTP server received %d messages, want %d", len(s.Messages()), n)
		}
	}
}

type session struct {
	s    *Server
	user string
	cur  Received
}

func (x *session) AuthMechanisms() []string {
	if x.s.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (x *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != x.s.User || password != x.s.Password {
			return errors.New("invalid credentials")
		}
		x.user = username
		return nil
	}), nil
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if x.s.User != "" && x.user == "" {
		return smtp.ErrAuthRequired
	}
	x.cur = Received{From: from, User: x.user}
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.cur.To = append(x.cur.To, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.cur.Raw = string(b)
	x.s.mu.Lock()
	x.s.received = append(x.s.received, x.cur)
	x.s.mu.Unlock()
	select {
	case x.s.notify <- struct{}{}:
	default:
	}
	return nil
}

func (x *session) Reset()        { x.cur = Received{User: x.user} }
func (x *session) Logout() error { return nil }

// decode undoes a quoted-printable or base64 transfer encoding.
func decode(enc, body string) string {
	switch strings.ToLower(strings.TrimSpace(enc)) {
	case "quoted-printable":
		b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(body)))
		if err != nil {
			return body
		}
		return strings.ReplaceAll(string(b), "\r\n", "\n")
	case "base64":
		b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(body), ""))
		if err != nil {
			return body
		}
		return strings.ReplaceAll(string(b), "\r\n", "\n")
	}
	return strings.ReplaceAll(body, "\r\n", "\n")
}
