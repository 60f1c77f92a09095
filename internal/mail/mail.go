// Package mail sends placeboard's e-mail: a Message, a Sender interface,
// an SMTP sender (github.com/wneessen/go-mail) and a file outbox for
// development, where each message becomes an .eml file. Nothing here is
// called from a request: the River job in internal/jobs sends.
package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one plain-text e-mail to one person.
type Message struct {
	To      string `json:"to"`
	Subject string `json:"subject"`
	Text    string `json:"text"`
}

// Check says what is wrong with m, or nil: an address that does not parse,
// a blank subject, or a subject with a line break (header injection).
func (m Message) Check() error {
	if _, err := mail.ParseAddress(m.To); err != nil || strings.ContainsAny(m.To, "\r\n") {
		return fmt.Errorf("mail: %q is not an e-mail address", m.To)
	}
	if strings.TrimSpace(m.Subject) == "" || strings.ContainsAny(m.Subject, "\r\n") {
		return errors.New("mail: the subject must be one line of text")
	}
	return nil
}

// Sender delivers messages. Send either delivers m or returns an error; the
// job retries on error.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// TLS says how the SMTP connection is protected.
type TLS string

// TLS modes for SMTPConfig.
const (
	TLSNone     TLS = "none"     // plain SMTP (a relay on the same host or network)
	TLSStartTLS TLS = "starttls" // STARTTLS is required
	TLSImplicit TLS = "tls"      // TLS from the first byte (SMTPS, usually port 465)
)

// ParseTLS reads a --smtp-tls value.
func ParseTLS(s string) (TLS, bool) {
	switch t := TLS(strings.ToLower(strings.TrimSpace(s))); t {
	case TLSNone, TLSStartTLS, TLSImplicit:
		return t, true
	}
	return "", false
}

// SMTPConfig is the server mail goes through. Host "" means no SMTP: the
// application uses the file outbox instead.
type SMTPConfig struct {
	Host     string
	Port     int // default 587, or 465 with TLSImplicit, 25 with TLSNone
	User     string
	Password string
	From     string // the sender address, e.g. "Placeboard <no-reply@placeboard.example.org>"
	TLS      TLS    // default starttls
	// Timeout bounds each connection (default 30 s).
	Timeout time.Duration
}

// Check validates the configuration, naming the flag at fault.
func (c SMTPConfig) Check() error {
	if c.Host == "" {
		return nil
	}
	if strings.ContainsAny(c.Host, " /\r\n") {
		return fmt.Errorf("--smtp-host %q is not a host name", c.Host)
	}
	if c.Port < 0 || c.Port > 65535 {
		return fmt.Errorf("--smtp-port must be between 1 and 65535 (got %d)", c.Port)
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("--smtp-from must be an e-mail address, like \"Placeboard <no-reply@example.org>\" (got %q)", c.From)
	}
	if c.TLS != "" {
		if _, ok := ParseTLS(string(c.TLS)); !ok {
			return fmt.Errorf("--smtp-tls must be none, starttls or tls (got %q)", c.TLS)
		}
	}
	if (c.User == "") != (c.Password == "") {
		return errors.New("--smtp-user and --smtp-password go together: give both or neither")
	}
	return nil
}

// SMTP sends through an SMTP server.
type SMTP struct {
	cfg SMTPConfig
}

// NewSMTP checks cfg and returns a sender for it.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	if cfg.Host == "" {
		return nil, errors.New("mail: no SMTP host")
	}
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	if cfg.TLS == "" {
		cfg.TLS = TLSStartTLS
	}
	if cfg.Port == 0 {
		cfg.Port = map[TLS]int{TLSNone: 25, TLSStartTLS: 587, TLSImplicit: 465}[cfg.TLS]
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	return &SMTP{cfg: cfg}, nil
}

// Send delivers m in one SMTP session.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg, err := build(s.cfg.From, m, time.Now())
	if err != nil {
		return err
	}
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(s.cfg.Timeout)}
	switch s.cfg.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.User != "" {
		auth := gomail.SMTPAuthAutoDiscover
		if s.cfg.TLS == TLSNone {
			// Without TLS, go-mail sends a password only to a server on
			// this machine (localhost, 127.0.0.1, ::1): never in clear
			// across a network.
			auth = gomail.SMTPAuthPlain
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(s.cfg.User), gomail.WithPassword(s.cfg.Password))
	}
	c, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send to %s through %s:%d: %w", m.To, s.cfg.Host, s.cfg.Port, err)
	}
	return nil
}

// build makes the MIME message: plain text, UTF-8, dated, with a
// Message-ID.
func build(from string, m Message, now time.Time) (*gomail.Msg, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	msg := gomail.NewMsg()
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("mail: sender %q: %w", from, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("mail: recipient %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetDateWithValue(now)
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	return msg, nil
}

// Outbox writes each message to a file in Dir instead of sending it: for
// development and `make run`, where there is no SMTP server. Open the .eml
// files with any mail program, or read them as text.
type Outbox struct {
	Dir  string
	From string
	Now  func() time.Time
}

// Send writes m to Dir as <time>-<random>.eml.
func (o *Outbox) Send(_ context.Context, m Message) error {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	from := o.From
	if from == "" {
		from = "placeboard@localhost"
	}
	msg, err := build(from, m, now())
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return fmt.Errorf("mail: outbox: %w", err)
	}
	r := make([]byte, 4)
	if _, err := rand.Read(r); err != nil {
		return err
	}
	name := filepath.Join(o.Dir, now().UTC().Format("20060102T150405.000000000Z")+"-"+hex.EncodeToString(r)+".eml")
	// Write to a temporary name and rename, so a reader never sees half a
	// message.
	tmp := name + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("mail: outbox: %w", err)
	}
	if _, err := msg.WriteTo(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("mail: outbox: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("mail: outbox: %w", err)
	}
	return os.Rename(tmp, name)
}
