package mail

import (
	"fmt"
	"time"
)

// Confirmation is the message that asks a new resident to confirm their
// e-mail address. The web page and the API send the same one.
func Confirmation(to, name, link string, valid time.Duration) Message {
	return Message{
		To:      to,
		Subject: "Confirm your email address for Placeboard",
		Text: fmt.Sprintf(`Hello %s,

Someone (we hope you) made a Placeboard account with this email address.
To confirm it is yours, open this link:

%s

The link works once and expires in %s. If it has expired, sign in or
register again to get a new one.

If you did not make an account, ignore this email: nothing more will
be sent, and the account cannot be used to take part.
`, name, link, validFor(valid)),
	}
}

func validFor(d time.Duration) string {
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return fmt.Sprintf("%d days", d/(24*time.Hour))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", d/time.Hour)
	case d >= time.Hour:
		return "1 hour"
	default:
		return fmt.Sprintf("%d minutes", d/time.Minute)
	}
}
