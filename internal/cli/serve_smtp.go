package cli

import (
	"flag"
	"fmt"
	"time"

	"github.com/placeboard/placeboard/internal/app"
	"github.com/placeboard/placeboard/internal/mail"
)

// EnvSMTPPassword stands in for --smtp-password, which would otherwise be
// visible to anyone listing the machine's processes.
const EnvSMTPPassword = "PLACEBOARD_SMTP_PASSWORD"

// smtpFlags are serve's mail settings and the resident registration
// limits that go with them.
type smtpFlags struct {
	host, user, password, from, tls string
	port                            int
	linkTTL                         time.Duration
	perAddress                      int
}

func (s *smtpFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.host, "smtp-host", "", "SMTP server `HOST` for e-mail (confirmation links, notifications); without it mail is written to DIR/outbox as .eml files")
	fs.IntVar(&s.port, "smtp-port", 0, "SMTP server `PORT` (default 587 with starttls, 465 with tls, 25 with none)")
	fs.StringVar(&s.user, "smtp-user", "", "SMTP user `NAME` (with --smtp-password)")
	fs.StringVar(&s.password, "smtp-password", "", "SMTP `PASSWORD` (default $"+EnvSMTPPassword+")")
	fs.StringVar(&s.from, "smtp-from", "", "sender `ADDRESS` of e-mail, e.g. \"Placeboard <no-reply@placeboard.example.org>\" (required with --smtp-host)")
	fs.StringVar(&s.tls, "smtp-tls", "starttls", "how the SMTP connection is protected: `MODE` none, starttls or tls (without TLS a password is sent only to a server on this machine)")
	fs.DurationVar(&s.linkTTL, "confirm-link-ttl", 24*time.Hour, "how long an e-mail confirmation link works (`DURATION`)")
	fs.IntVar(&s.perAddress, "registrations-per-address", 5, "self-registrations (and new-link requests) allowed from one client address per hour (`N`)")
}

// apply checks the flags and writes them into cfg, naming the bad one.
func (s *smtpFlags) apply(cfg *app.Config, std IO) error {
	mode, ok := mail.ParseTLS(s.tls)
	if !ok {
		return fmt.Errorf("--smtp-tls must be none, starttls or tls (got %q)", s.tls)
	}
	password := s.password
	if password == "" {
		password = std.Getenv(EnvSMTPPassword)
	}
	c := mail.SMTPConfig{Host: s.host, Port: s.port, User: s.user, Password: password, From: s.from, TLS: mode}
	if s.host == "" && (s.user != "" || s.port != 0) {
		return fmt.Errorf("--smtp-user and --smtp-port need --smtp-host")
	}
	if err := c.Check(); err != nil {
		return err
	}
	if s.linkTTL < time.Minute || s.linkTTL > 30*24*time.Hour {
		return fmt.Errorf("--confirm-link-ttl must be between 1m and 720h (got %s)", s.linkTTL)
	}
	if s.perAddress < 1 {
		return fmt.Errorf("--registrations-per-address must be 1 or more (got %d)", s.perAddress)
	}
	cfg.SMTP = c
	cfg.AuthOptions.ConfirmLinkTTL = s.linkTTL
	cfg.AuthOptions.RegistrationsPerAddress = s.perAddress
	return nil
}
