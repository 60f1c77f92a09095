// Package voice is the Voice module's domain: engagement processes,
// consultations, proposals and "you said, we did" (docs/architecture.md).
// It imports no net/http, database/sql or store.
package voice

import "context"

// Notice is one e-mail Voice asks to be sent: to a person who follows a
// process when a phase opens, or to a proposal's author when it gets an
// official answer.
type Notice struct {
	To      string // e-mail address
	Subject string
	Body    string // plain text
}

// Notifier queues notices for sending. The application wires it to the
// River e-mail job, so nothing is sent from within a request and a
// restart forgets nothing.
type Notifier interface {
	Notify(ctx context.Context, notices []Notice) error
}
