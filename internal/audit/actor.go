package audit

// Actor is whoever makes a change; its ID and name are written into the
// change's entry (ActorID, ActorName). It lives here, beside the entry,
// so the doors (through auth) and the store name the same type without
// either importing the other.
type Actor struct {
	UserID int64  // 0 for the system itself
	Name   string // the user's e-mail, or "system"
	// ClientAddr is the address of the request's client (as the server
	// trusts it), "" for changes not made through a request.
	ClientAddr string
}
