package mail_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/mail"
	"github.com/placeboard/placeboard/internal/mail/mailtest"
)

// A message crosses a real SMTP exchange, authenticated, and arrives with
// its sender, recipient, subject and UTF-8 text intact.
func TestSMTPSend(t *testing.T) {
	srv := mailtest.Start(t, "mailer", "s3cret-pass")
	s, err := mail.NewSMTP(mail.SMTPConfig{Host: srv.Host, Port: srv.Port, User: "mailer", Password: "s3cret-pass",
		From: "Placeboard <no-reply@placeboard.test>", TLS: mail.TLSNone, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	m := mail.Message{To: "siân@example.test", Subject: "Your link", Text: "Hello Siân,\n\nhttps://placeboard.test/register/confirm?token=abc\n"}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(t, 1, time.Minute)[0]
	if got.User != "mailer" || got.From != "no-reply@placeboard.test" || len(got.To) != 1 || got.To[0] != "siân@example.test" {
		t.Fatalf("envelope %+v", got)
	}
	if got.Header("Subject") != "Your link" || got.Header("Message-Id") == "" || got.Header("Date") == "" {
		t.Errorf("headers: subject %q, id %q, date %q", got.Header("Subject"), got.Header("Message-Id"), got.Header("Date"))
	}
	if body := got.Body(); !strings.Contains(body, "Hello Siân,") || !strings.Contains(body, "token=abc") {
		t.Errorf("body %q", body)
	}

	// Wrong credentials are an error, so the job retries.
	bad, _ := mail.NewSMTP(mail.SMTPConfig{Host: srv.Host, Port: srv.Port, User: "mailer", Password: "wrong",
		From: "no-reply@placeboard.test", TLS: mail.TLSNone, Timeout: time.Minute})
	if err := bad.Send(context.Background(), m); err == nil {
		t.Error("sent with the wrong password")
	}
}

func TestOutbox(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox")
	o := &mail.Outbox{Dir: dir, From: "placeboard@localhost", Now: func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }}
	for i := range 2 {
		if err := o.Send(context.Background(), mail.Message{To: "ann@example.test", Subject: "Hello", Text: "Message " + string(rune('A'+i))}); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 2 {
		t.Fatalf("%d files in the outbox, want 2", len(files))
	}
	b, _ := os.ReadFile(files[0])
	if s := string(b); !strings.Contains(s, "To: <ann@example.test>") || !strings.Contains(s, "Subject: Hello") {
		t.Errorf("outbox file:\n%s", s)
	}
}

func TestMessageAndConfigChecks(t *testing.T) {
	for _, m := range []mail.Message{
		{To: "not an address", Subject: "S"},
		{To: "a@example.test", Subject: ""},
		{To: "a@example.test", Subject: "S\r\nBcc: x@example.test"},
	} {
		if m.Check() == nil {
			t.Errorf("%+v passed", m)
		}
	}
	for _, c := range []struct {
		cfg  mail.SMTPConfig
		flag string
	}{
		{mail.SMTPConfig{Host: "smtp example", From: "a@example.test"}, "--smtp-host"},
		{mail.SMTPConfig{Host: "smtp.example", Port: 70000, From: "a@example.test"}, "--smtp-port"},
		{mail.SMTPConfig{Host: "smtp.example", From: "nobody"}, "--smtp-from"},
		{mail.SMTPConfig{Host: "smtp.example", From: "a@example.test", TLS: "ssl"}, "--smtp-tls"},
		{mail.SMTPConfig{Host: "smtp.example", From: "a@example.test", User: "u"}, "--smtp-user"},
	} {
		if err := c.cfg.Check(); err == nil || !strings.Contains(err.Error(), c.flag) {
			t.Errorf("%+v: %v, want an error naming %s", c.cfg, err, c.flag)
		}
	}
	if err := (mail.SMTPConfig{}).Check(); err != nil {
		t.Errorf("no SMTP: %v", err)
	}
	if m := mail.Confirmation("a@example.test", "Ann", "https://x.test/register/confirm?token=t", 24*time.Hour); !strings.Contains(m.Text, "24 hours") || m.Check() != nil {
		t.Errorf("confirmation: %+v", m)
	}
}
