package store

import (
	"context"
	"errors"
	"time"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/places"
)

var errTODO = errors.New("store: not implemented yet")

// ---- Areas (reference geography, read-only) ----

// ListAreas returns areas matching f, ordered by name, and the total number
// matching (for pagination).
func (s *Store) ListAreas(ctx context.Context, f AreaFilter) ([]places.Area, int, error) {
	return nil, 0, errTODO
}

// GetArea returns one area with parents, children and population; it
// returns ErrNotFound for an unknown type and code.
func (s *Store) GetArea(ctx context.Context, ref places.AreaRef) (AreaDetail, error) {
	return AreaDetail{}, errTODO
}

// AreasByCode returns the areas with the given codes, of any type (a
// unitary council's code gives both its utla and its ltla); unknown codes
// are left out.
func (s *Store) AreasByCode(ctx context.Context, codes []string) ([]places.Area, error) {
	return nil, errTODO
}

// LoadReference loads ref in one transaction unless the database already
// holds ref.Version. It is safe when several processes start at once.
func (s *Store) LoadReference(ctx context.Context, ref ReferenceData) (loaded bool, err error) {
	return false, errTODO
}

// ReferenceVersion returns the version of the loaded reference data, "" if
// none.
func (s *Store) ReferenceVersion(ctx context.Context) (string, error) { return "", errTODO }

// ---- Organisations ----

// ListOrganisations returns organisations matching f ordered by name, and
// the total matching.
func (s *Store) ListOrganisations(ctx context.Context, f OrgFilter) ([]places.Organisation, int, error) {
	return nil, 0, errTODO
}

// GetOrganisation returns one organisation or ErrNotFound.
func (s *Store) GetOrganisation(ctx context.Context, id int64) (places.Organisation, error) {
	return places.Organisation{}, errTODO
}

// CreateOrganisation validates o (including that its area codes exist),
// stores it and returns it with its ID. A duplicate ODS code is a
// *validation.Errors on ods_code.
func (s *Store) CreateOrganisation(ctx context.Context, by Actor, o places.Organisation) (places.Organisation, error) {
	return places.Organisation{}, errTODO
}

// UpdateOrganisation replaces the organisation with ID o.ID.
func (s *Store) UpdateOrganisation(ctx context.Context, by Actor, o places.Organisation) (places.Organisation, error) {
	return places.Organisation{}, errTODO
}

// DeleteOrganisation removes an organisation; ErrConflict when a partnership
// or board member still refers to it.
func (s *Store) DeleteOrganisation(ctx context.Context, by Actor, id int64) error { return errTODO }

// ImportOrganisations stores rows in one transaction: all or nothing. Row i
// of rows is reported as CSV row i+2 (row 1 is the header) in the
// *validation.Errors returned when any row is bad.
func (s *Store) ImportOrganisations(ctx context.Context, by Actor, rows []places.Organisation) (int, error) {
	return 0, errTODO
}

// ---- Partnerships, members, meetings, decisions ----

// ListPartnerships returns partnerships matching f ordered by name.
func (s *Store) ListPartnerships(ctx context.Context, f PartnershipFilter) ([]places.Partnership, int, error) {
	return nil, 0, errTODO
}

// GetPartnership returns one partnership or ErrNotFound.
func (s *Store) GetPartnership(ctx context.Context, id int64) (places.Partnership, error) {
	return places.Partnership{}, errTODO
}

// CreatePartnership validates p (area exists and suits the kind, lead
// organisation exists) and stores it.
func (s *Store) CreatePartnership(ctx context.Context, by Actor, p places.Partnership) (places.Partnership, error) {
	return places.Partnership{}, errTODO
}

// UpdatePartnership replaces partnership p.ID.
func (s *Store) UpdatePartnership(ctx context.Context, by Actor, p places.Partnership) (places.Partnership, error) {
	return places.Partnership{}, errTODO
}

// DeletePartnership removes a partnership with its members, meetings,
// decisions and role grants, each with its own audit entry.
func (s *Store) DeletePartnership(ctx context.Context, by Actor, id int64) error { return errTODO }

// ListMembers returns a partnership's board, chair first.
func (s *Store) ListMembers(ctx context.Context, partnershipID int64) ([]places.Member, error) {
	return nil, errTODO
}

// GetMember returns one board member or ErrNotFound.
func (s *Store) GetMember(ctx context.Context, id int64) (places.Member, error) {
	return places.Member{}, errTODO
}

// AddMember puts a person on a partnership's board.
func (s *Store) AddMember(ctx context.Context, by Actor, m places.Member) (places.Member, error) {
	return places.Member{}, errTODO
}

// UpdateMember replaces member m.ID (its partnership cannot change).
func (s *Store) UpdateMember(ctx context.Context, by Actor, m places.Member) (places.Member, error) {
	return places.Member{}, errTODO
}

// RemoveMember takes a member off the board.
func (s *Store) RemoveMember(ctx context.Context, by Actor, id int64) error { return errTODO }

// ListMeetings returns a partnership's meetings, latest first.
func (s *Store) ListMeetings(ctx context.Context, partnershipID int64) ([]places.Meeting, error) {
	return nil, errTODO
}

// GetMeeting returns one meeting or ErrNotFound.
func (s *Store) GetMeeting(ctx context.Context, id int64) (places.Meeting, error) {
	return places.Meeting{}, errTODO
}

// CreateMeeting records a meeting.
func (s *Store) CreateMeeting(ctx context.Context, by Actor, m places.Meeting) (places.Meeting, error) {
	return places.Meeting{}, errTODO
}

// UpdateMeeting replaces meeting m.ID.
func (s *Store) UpdateMeeting(ctx context.Context, by Actor, m places.Meeting) (places.Meeting, error) {
	return places.Meeting{}, errTODO
}

// DeleteMeeting removes a meeting (decisions tied to it are kept, untied).
func (s *Store) DeleteMeeting(ctx context.Context, by Actor, id int64) error { return errTODO }

// ListDecisions returns a partnership's decisions, latest first.
func (s *Store) ListDecisions(ctx context.Context, partnershipID int64) ([]places.Decision, error) {
	return nil, errTODO
}

// GetDecision returns one decision or ErrNotFound.
func (s *Store) GetDecision(ctx context.Context, id int64) (places.Decision, error) {
	return places.Decision{}, errTODO
}

// CreateDecision records a decision; voters must be members of the same
// partnership.
func (s *Store) CreateDecision(ctx context.Context, by Actor, d places.Decision) (places.Decision, error) {
	return places.Decision{}, errTODO
}

// UpdateDecision replaces decision d.ID.
func (s *Store) UpdateDecision(ctx context.Context, by Actor, d places.Decision) (places.Decision, error) {
	return places.Decision{}, errTODO
}

// DeleteDecision removes a decision.
func (s *Store) DeleteDecision(ctx context.Context, by Actor, id int64) error { return errTODO }

// ---- National view ----

// Footprints returns every 2017 footprint with its partnership, lead
// organisation's sector, councils and how many councils sit on its board.
func (s *Store) Footprints(ctx context.Context) ([]FootprintSummary, error) { return nil, errTODO }

// ---- Users, roles, sessions, login throttling ----

// CreateUser adds an account; ErrConflict when the e-mail is taken.
func (s *Store) CreateUser(ctx context.Context, by Actor, u NewUser) (User, error) {
	return User{}, errTODO
}

// GetUser returns a user by ID or ErrNotFound.
func (s *Store) GetUser(ctx context.Context, id int64) (User, error) { return User{}, errTODO }

// GetUserByEmail returns a user by e-mail (any case) or ErrNotFound.
func (s *Store) GetUserByEmail(ctx context.Context, email string) (User, error) {
	return User{}, errTODO
}

// ListUsers returns every user ordered by e-mail.
func (s *Store) ListUsers(ctx context.Context) ([]User, error) { return nil, errTODO }

// SetPassword replaces a user's password hash and ends their sessions.
func (s *Store) SetPassword(ctx context.Context, by Actor, userID int64, hash string) error {
	return errTODO
}

// GrantRole gives (or changes) a user's role in a partnership.
func (s *Store) GrantRole(ctx context.Context, by Actor, g RoleGrant) error { return errTODO }

// RevokeRole removes a user's role in a partnership.
func (s *Store) RevokeRole(ctx context.Context, by Actor, userID, partnershipID int64) error {
	return errTODO
}

// UserRoles returns a user's roles, one per partnership.
func (s *Store) UserRoles(ctx context.Context, userID int64) ([]RoleGrant, error) {
	return nil, errTODO
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, sess Session) error { return errTODO }

// SessionUser returns the session with tokenHash and its user, if the
// session has not expired at now; otherwise ErrNotFound.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now time.Time) (Session, User, error) {
	return Session{}, User{}, errTODO
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error { return errTODO }

// PurgeExpired deletes sessions and login failures older than now allows.
func (s *Store) PurgeExpired(ctx context.Context, now time.Time, failuresBefore time.Time) error {
	return errTODO
}

// RecordLoginFailure notes a failed sign-in for key (e.g. "email:x@y" or
// "ip:1.2.3.4").
func (s *Store) RecordLoginFailure(ctx context.Context, key string, at time.Time) error {
	return errTODO
}

// CountLoginFailures counts failures for key at or after since.
func (s *Store) CountLoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	return 0, errTODO
}

// ClearLoginFailures forgets key's failures after a successful sign-in.
func (s *Store) ClearLoginFailures(ctx context.Context, key string) error { return errTODO }

// ---- Audit ----

// AuditFilter narrows AuditEntries.
type AuditFilter struct {
	Entity   string
	EntityID string
	Page
}

// AuditEntries returns entries matching f, newest first, and the total.
func (s *Store) AuditEntries(ctx context.Context, f AuditFilter) ([]audit.Entry, int, error) {
	return nil, 0, errTODO
}

// VerifyAudit checks the hash chain and every audited row; see audit.Verify.
func (s *Store) VerifyAudit(ctx context.Context) (audit.Report, error) {
	return audit.Verify(ctx, auditSource{s})
}

type auditSource struct{ s *Store }

func (a auditSource) EachEntry(ctx context.Context, fn func(audit.Entry) error) error { return errTODO }
func (a auditSource) EachRow(ctx context.Context, fn func(entity, id string, image []byte) error) error {
	return errTODO
}
