package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/placeboard/placeboard/internal/mail"
	"github.com/placeboard/placeboard/internal/voice"
)

// MailAttempts is how many times a message is tried (River backs off
// between tries, from seconds to hours) before it is given up.
const MailAttempts = 12

// MailArgs is the job that sends one e-mail.
type MailArgs struct {
	Message mail.Message `json:"message"`
}

// Kind names the job in the queue.
func (MailArgs) Kind() string { return "mail" }

type mailWorker struct {
	river.WorkerDefaults[MailArgs]
	sender mail.Sender
	log    *slog.Logger
}

// Work sends the message. A message that can never be sent (a bad address)
// is cancelled rather than retried; anything else (the SMTP server is
// down, the server stopped) goes back to the queue.
func (w *mailWorker) Work(ctx context.Context, job *river.Job[MailArgs]) error {
	m := job.Args.Message
	if err := m.Check(); err != nil {
		w.log.Warn("mail: message cannot be sent", "job", job.ID, "err", err)
		return river.JobCancel(err)
	}
	if err := w.sender.Send(ctx, m); err != nil {
		// The text may hold a single-use link: log who and what, never it.
		w.log.Warn("mail: send failed", "job", job.ID, "attempt", job.Attempt, "to", m.To, "subject", m.Subject, "err", err)
		return err
	}
	w.log.Info("mail sent", "job", job.ID, "to", m.To, "subject", m.Subject)
	return nil
}

// ErrNoMail: the queue was built without a mail sender.
var ErrNoMail = errors.New("jobs: no mail sender configured")

// EnqueueMail queues m for sending and returns the job's id. Any server
// sharing the database may send it; nothing is sent within the request.
func (q *Queue) EnqueueMail(ctx context.Context, m mail.Message) (int64, error) {
	if !q.mail {
		return 0, ErrNoMail
	}
	if err := m.Check(); err != nil {
		return 0, err
	}
	res, err := q.insert(ctx, MailArgs{Message: m}, &river.InsertOpts{MaxAttempts: MailAttempts})
	if err != nil {
		return 0, fmt.Errorf("jobs: enqueue mail: %w", err)
	}
	return res.Job.ID, nil
}

// Notifier returns Voice's notifier: each notice becomes one mail job.
func (q *Queue) Notifier() voice.Notifier { return mailNotifier{q} }

type mailNotifier struct{ q *Queue }

// Notify queues one message per notice, stopping at the first that cannot
// be queued (those before it stay queued).
func (n mailNotifier) Notify(ctx context.Context, notices []voice.Notice) error {
	for i, x := range notices {
		if _, err := n.q.EnqueueMail(ctx, mail.Message{To: x.To, Subject: x.Subject, Text: x.Body}); err != nil {
			return fmt.Errorf("notice %d of %d: %w", i+1, len(notices), err)
		}
	}
	return nil
}
