package auth

import "github.com/placeboard/placeboard/internal/audit"

// Actor is the one conversion from a principal to the audit log's actor,
// used by the web pages and the API alike. An anonymous visitor (nil) is
// named "anonymous", although every audited write requires a signed-in user.
func (p *Principal) Actor() audit.Actor {
	if p == nil {
		return audit.Actor{Name: "anonymous"}
	}
	return audit.Actor{UserID: p.UserID, Name: p.Email}
}
