package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/places"
	"github.com/placeboard/placeboard/internal/validation"
)

func fieldErr(field, msg string) error {
	return &validation.Errors{Fields: []validation.FieldError{{Field: field, Message: msg}}}
}

const partnershipCols = "id, kind, area_type, area_code, name, COALESCE(lead_org_id, 0)"

func scanPartnerships(rows *sql.Rows) ([]places.Partnership, error) {
	defer rows.Close()
	out := []places.Partnership{}
	for rows.Next() {
		var p places.Partnership
		if err := rows.Scan(&p.ID, &p.Kind, &p.AreaType, &p.AreaCode, &p.Name, &p.LeadOrgID); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ListPartnerships returns partnerships matching f ordered by name.
func (s *Store) ListPartnerships(ctx context.Context, f PartnershipFilter) (_ []places.Partnership, _ int, err error) {
	defer wrapOp(&err, "list partnerships")
	f.Page = f.Page.norm()
	where, args := []string{"1=1"}, []any{}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.Kind != "" {
		where = append(where, "kind = "+arg(string(f.Kind)))
	}
	if f.AreaCode != "" {
		where = append(where, "area_code = "+arg(strings.ToUpper(strings.TrimSpace(f.AreaCode))))
	}
	w := strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM partnerships WHERE "+w, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit, offset := arg(f.Limit), arg(f.Offset)
	rows, err := s.db.QueryContext(ctx, "SELECT "+partnershipCols+" FROM partnerships WHERE "+w+" ORDER BY name, id LIMIT "+limit+" OFFSET "+offset, args...)
	if err != nil {
		return nil, 0, err
	}
	ps, err := scanPartnerships(rows)
	return ps, total, err
}

// GetPartnership returns one partnership or ErrNotFound.
func (s *Store) GetPartnership(ctx context.Context, id int64) (_ places.Partnership, err error) {
	defer wrapOp(&err, "get partnership")
	return getPartnership(ctx, s.db, id)
}

func getPartnership(ctx context.Context, q querier, id int64) (places.Partnership, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+partnershipCols+" FROM partnerships WHERE id = $1", id)
	if err != nil {
		return places.Partnership{}, err
	}
	ps, err := scanPartnerships(rows)
	if err != nil {
		return places.Partnership{}, err
	}
	if len(ps) == 0 {
		return places.Partnership{}, ErrNotFound
	}
	return ps[0], nil
}

// checkPartnership validates p and resolves its area type.
func (s *Store) checkPartnership(ctx context.Context, q querier, p *places.Partnership) error {
	p.Normalize()
	if errs := p.Validate(); errs != nil {
		return errs
	}
	types := p.Kind.AreaTypesFor()
	if p.AreaType != "" {
		types = []places.AreaType{p.AreaType}
	}
	found := false
	for _, t := range types {
		ok, err := areaExists(ctx, q, t, p.AreaCode)
		if err != nil {
			return err
		}
		if ok {
			p.AreaType, found = t, true
			break
		}
	}
	if !found {
		want := make([]string, len(types))
		for i, t := range types {
			want[i] = string(t)
		}
		return fieldErr("area_code", fmt.Sprintf("Area code %s is not a known %s area", p.AreaCode, strings.Join(want, " or ")))
	}
	if p.LeadOrgID != 0 {
		if _, err := getOrg(ctx, q, p.LeadOrgID); errors.Is(err, ErrNotFound) {
			return fieldErr("lead_org_id", fmt.Sprintf("Organisation %d does not exist", p.LeadOrgID))
		} else if err != nil {
			return err
		}
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreatePartnership validates p (area exists and suits the kind, lead
// organisation exists) and stores it.
func (s *Store) CreatePartnership(ctx context.Context, by Actor, p places.Partnership) (_ places.Partnership, err error) {
	defer wrapOp(&err, "create partnership")
	var out places.Partnership
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkPartnership(ctx, tx, &p); err != nil {
			return err
		}
		now := s.stamp()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO partnerships (kind, area_type, area_code, name, lead_org_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
			string(p.Kind), string(p.AreaType), p.AreaCode, p.Name, nullID(p.LeadOrgID), now).Scan(&id); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionCreate, entPartnership, idText(id), nil); err != nil {
			return err
		}
		var err error
		out, err = getPartnership(ctx, tx, id)
		return err
	})
	return out, err
}

// UpdatePartnership replaces partnership p.ID.
func (s *Store) UpdatePartnership(ctx context.Context, by Actor, p places.Partnership) (_ places.Partnership, err error) {
	defer wrapOp(&err, "update partnership")
	var out places.Partnership
	err = s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.image(ctx, tx, entPartnership, idText(p.ID))
		if err != nil {
			return err
		}
		if before == nil {
			return ErrNotFound
		}
		if err := s.checkPartnership(ctx, tx, &p); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE partnerships SET kind = $1, area_type = $2, area_code = $3, name = $4, lead_org_id = $5, updated_at = $6 WHERE id = $7`,
			string(p.Kind), string(p.AreaType), p.AreaCode, p.Name, nullID(p.LeadOrgID), s.stamp(), p.ID); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionUpdate, entPartnership, idText(p.ID), before); err != nil {
			return err
		}
		out, err = getPartnership(ctx, tx, p.ID)
		return err
	})
	return out, err
}

// deleteAudited deletes one row of an audited entity with its entry.
func (s *Store) deleteAudited(ctx context.Context, tx *sql.Tx, by Actor, entity string, id int64) error {
	before, err := s.image(ctx, tx, entity, idText(id))
	if err != nil {
		return err
	}
	if before == nil {
		return ErrNotFound
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+entityByName(entity).table+" WHERE id = $1", id); err != nil {
		return err
	}
	return s.recordChange(ctx, tx, by, audit.ActionDelete, entity, idText(id), before)
}

func idsOf(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// DeletePartnership removes a partnership with its members, meetings,
// decisions and role grants, each with its own audit entry.
func (s *Store) DeletePartnership(ctx context.Context, by Actor, id int64) (err error) {
	defer wrapOp(&err, "delete partnership")
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := getPartnership(ctx, tx, id); err != nil {
			return err
		}
		users, err := idsOf(ctx, tx, "SELECT user_id FROM user_roles WHERE partnership_id = $1", id)
		if err != nil {
			return err
		}
		for _, u := range users {
			if err := s.revokeRole(ctx, tx, by, u, id); err != nil {
				return err
			}
		}
		for _, child := range []struct{ entity, table string }{{entDecision, "decisions"}, {entMeeting, "meetings"}, {entMember, "members"}} {
			ids, err := idsOf(ctx, tx, "SELECT id FROM "+child.table+" WHERE partnership_id = $1 ORDER BY id", id)
			if err != nil {
				return err
			}
			for _, cid := range ids {
				if err := s.deleteAudited(ctx, tx, by, child.entity, cid); err != nil {
					return err
				}
			}
		}
		return s.deleteAudited(ctx, tx, by, entPartnership, id)
	})
}

// ---- Members ----

const memberCols = "id, partnership_id, person_name, org_id, role, statutory"

func scanMembers(rows *sql.Rows) ([]places.Member, error) {
	defer rows.Close()
	out := []places.Member{}
	for rows.Next() {
		var m places.Member
		if err := rows.Scan(&m.ID, &m.PartnershipID, &m.PersonName, &m.OrgID, &m.Role, &m.Statutory); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ListMembers returns a partnership's board, chair first.
func (s *Store) ListMembers(ctx context.Context, partnershipID int64) (_ []places.Member, err error) {
	defer wrapOp(&err, "list members")
	rows, err := s.db.QueryContext(ctx, "SELECT "+memberCols+` FROM members WHERE partnership_id = $1
		ORDER BY CASE role WHEN 'chair' THEN 0 WHEN 'vice_chair' THEN 1 WHEN 'member' THEN 2 ELSE 3 END, person_name, id`, partnershipID)
	if err != nil {
		return nil, err
	}
	return scanMembers(rows)
}

// GetMember returns one board member or ErrNotFound.
func (s *Store) GetMember(ctx context.Context, id int64) (_ places.Member, err error) {
	defer wrapOp(&err, "get member")
	return getMember(ctx, s.db, id)
}

func getMember(ctx context.Context, q querier, id int64) (places.Member, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+memberCols+" FROM members WHERE id = $1", id)
	if err != nil {
		return places.Member{}, err
	}
	ms, err := scanMembers(rows)
	if err != nil {
		return places.Member{}, err
	}
	if len(ms) == 0 {
		return places.Member{}, ErrNotFound
	}
	return ms[0], nil
}

func (s *Store) checkMember(ctx context.Context, q querier, m *places.Member) error {
	m.Normalize()
	if errs := m.Validate(); errs != nil {
		return errs
	}
	if _, err := getPartnership(ctx, q, m.PartnershipID); err != nil {
		return err // ErrNotFound: the partnership in the path does not exist
	}
	if _, err := getOrg(ctx, q, m.OrgID); errors.Is(err, ErrNotFound) {
		return fieldErr("org_id", fmt.Sprintf("Organisation %d does not exist", m.OrgID))
	} else if err != nil {
		return err
	}
	return nil
}

// AddMember puts a person on a partnership's board.
func (s *Store) AddMember(ctx context.Context, by Actor, m places.Member) (_ places.Member, err error) {
	defer wrapOp(&err, "add member")
	var out places.Member
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkMember(ctx, tx, &m); err != nil {
			return err
		}
		now := s.stamp()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO members (partnership_id, person_name, org_id, role, statutory, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, m.PartnershipID, m.PersonName, m.OrgID, string(m.Role), m.Statutory, now).Scan(&id); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionCreate, entMember, idText(id), nil); err != nil {
			return err
		}
		var err error
		out, err = getMember(ctx, tx, id)
		return err
	})
	return out, err
}

// UpdateMember replaces member m.ID (its partnership cannot change).
func (s *Store) UpdateMember(ctx context.Context, by Actor, m places.Member) (_ places.Member, err error) {
	defer wrapOp(&err, "update member")
	var out places.Member
	err = s.tx(ctx, func(tx *sql.Tx) error {
		old, err := getMember(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		before, err := s.image(ctx, tx, entMember, idText(m.ID))
		if err != nil {
			return err
		}
		m.PartnershipID = old.PartnershipID
		if err := s.checkMember(ctx, tx, &m); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE members SET person_name = $1, org_id = $2, role = $3, statutory = $4, updated_at = $5 WHERE id = $6`,
			m.PersonName, m.OrgID, string(m.Role), m.Statutory, s.stamp(), m.ID); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionUpdate, entMember, idText(m.ID), before); err != nil {
			return err
		}
		out, err = getMember(ctx, tx, m.ID)
		return err
	})
	return out, err
}

// RemoveMember takes a member off the board. Their votes and attendance
// stay in past decisions and meetings as recorded.
func (s *Store) RemoveMember(ctx context.Context, by Actor, id int64) (err error) {
	defer wrapOp(&err, "remove member")
	return s.tx(ctx, func(tx *sql.Tx) error { return s.deleteAudited(ctx, tx, by, entMember, id) })
}

// memberIDs returns the IDs of a partnership's members.
func memberIDs(ctx context.Context, q querier, partnershipID int64) (map[int64]bool, error) {
	ids, err := idsOf(ctx, q, "SELECT id FROM members WHERE partnership_id = $1", partnershipID)
	if err != nil {
		return nil, err
	}
	set := map[int64]bool{}
	for _, id := range ids {
		set[id] = true
	}
	return set, nil
}

// ---- Meetings ----

const meetingCols = "id, partnership_id, date, agenda, minutes, attendance"

func scanMeetings(rows *sql.Rows) ([]places.Meeting, error) {
	defer rows.Close()
	out := []places.Meeting{}
	for rows.Next() {
		var m places.Meeting
		var att string
		if err := rows.Scan(&m.ID, &m.PartnershipID, &m.Date, &m.Agenda, &m.Minutes, &att); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(att), &m.Attendance); err != nil {
			return nil, fmt.Errorf("meeting %d attendance: %w", m.ID, err)
		}
		if m.Attendance == nil {
			m.Attendance = []int64{}
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ListMeetings returns a partnership's meetings, latest first.
func (s *Store) ListMeetings(ctx context.Context, partnershipID int64) (_ []places.Meeting, err error) {
	defer wrapOp(&err, "list meetings")
	rows, err := s.db.QueryContext(ctx, "SELECT "+meetingCols+" FROM meetings WHERE partnership_id = $1 ORDER BY date DESC, id DESC", partnershipID)
	if err != nil {
		return nil, err
	}
	return scanMeetings(rows)
}

// GetMeeting returns one meeting or ErrNotFound.
func (s *Store) GetMeeting(ctx context.Context, id int64) (_ places.Meeting, err error) {
	defer wrapOp(&err, "get meeting")
	return getMeeting(ctx, s.db, id)
}

func getMeeting(ctx context.Context, q querier, id int64) (places.Meeting, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+meetingCols+" FROM meetings WHERE id = $1", id)
	if err != nil {
		return places.Meeting{}, err
	}
	ms, err := scanMeetings(rows)
	if err != nil {
		return places.Meeting{}, err
	}
	if len(ms) == 0 {
		return places.Meeting{}, ErrNotFound
	}
	return ms[0], nil
}

func (s *Store) checkMeeting(ctx context.Context, q querier, m *places.Meeting) (string, error) {
	m.Normalize()
	if errs := m.Validate(); errs != nil {
		return "", errs
	}
	if _, err := getPartnership(ctx, q, m.PartnershipID); err != nil {
		return "", err
	}
	members, err := memberIDs(ctx, q, m.PartnershipID)
	if err != nil {
		return "", err
	}
	for _, id := range m.Attendance {
		if !members[id] {
			return "", fieldErr("attendance", fmt.Sprintf("Member %d is not on this partnership's board", id))
		}
	}
	if m.Attendance == nil {
		m.Attendance = []int64{}
	}
	b, err := json.Marshal(m.Attendance)
	return string(b), err
}

// CreateMeeting records a meeting.
func (s *Store) CreateMeeting(ctx context.Context, by Actor, m places.Meeting) (_ places.Meeting, err error) {
	defer wrapOp(&err, "create meeting")
	var out places.Meeting
	err = s.tx(ctx, func(tx *sql.Tx) error {
		att, err := s.checkMeeting(ctx, tx, &m)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO meetings (partnership_id, date, agenda, minutes, attendance, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, m.PartnershipID, m.Date, m.Agenda, m.Minutes, att, s.stamp()).Scan(&id); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionCreate, entMeeting, idText(id), nil); err != nil {
			return err
		}
		out, err = getMeeting(ctx, tx, id)
		return err
	})
	return out, err
}

// UpdateMeeting replaces meeting m.ID (its partnership cannot change).
func (s *Store) UpdateMeeting(ctx context.Context, by Actor, m places.Meeting) (_ places.Meeting, err error) {
	defer wrapOp(&err, "update meeting")
	var out places.Meeting
	err = s.tx(ctx, func(tx *sql.Tx) error {
		old, err := getMeeting(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		before, err := s.image(ctx, tx, entMeeting, idText(m.ID))
		if err != nil {
			return err
		}
		m.PartnershipID = old.PartnershipID
		att, err := s.checkMeeting(ctx, tx, &m)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET date = $1, agenda = $2, minutes = $3, attendance = $4, updated_at = $5 WHERE id = $6`,
			m.Date, m.Agenda, m.Minutes, att, s.stamp(), m.ID); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionUpdate, entMeeting, idText(m.ID), before); err != nil {
			return err
		}
		out, err = getMeeting(ctx, tx, m.ID)
		return err
	})
	return out, err
}

// DeleteMeeting removes a meeting; decisions tied to it are untied (each
// change audited).
func (s *Store) DeleteMeeting(ctx context.Context, by Actor, id int64) (err error) {
	defer wrapOp(&err, "delete meeting")
	return s.tx(ctx, func(tx *sql.Tx) error {
		ids, err := idsOf(ctx, tx, "SELECT id FROM decisions WHERE meeting_id = $1", id)
		if err != nil {
			return err
		}
		for _, did := range ids {
			before, err := s.image(ctx, tx, entDecision, idText(did))
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE decisions SET meeting_id = NULL, updated_at = $1 WHERE id = $2", s.stamp(), did); err != nil {
				return err
			}
			if err := s.recordChange(ctx, tx, by, audit.ActionUpdate, entDecision, idText(did), before); err != nil {
				return err
			}
		}
		return s.deleteAudited(ctx, tx, by, entMeeting, id)
	})
}

// ---- Decisions ----

const decisionCols = "id, partnership_id, COALESCE(meeting_id, 0), text, date, outcome, votes, papers"

func scanDecisions(rows *sql.Rows) ([]places.Decision, error) {
	defer rows.Close()
	out := []places.Decision{}
	for rows.Next() {
		var d places.Decision
		var votes, papers string
		if err := rows.Scan(&d.ID, &d.PartnershipID, &d.MeetingID, &d.Text, &d.Date, &d.Outcome, &votes, &papers); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(votes), &d.Votes); err != nil {
			return nil, fmt.Errorf("decision %d votes: %w", d.ID, err)
		}
		if err := json.Unmarshal([]byte(papers), &d.Papers); err != nil {
			return nil, fmt.Errorf("decision %d papers: %w", d.ID, err)
		}
		if d.Votes == nil {
			d.Votes = []places.Vote{}
		}
		if d.Papers == nil {
			d.Papers = []places.Paper{}
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// ListDecisions returns a partnership's decisions, latest first.
func (s *Store) ListDecisions(ctx context.Context, partnershipID int64) (_ []places.Decision, err error) {
	defer wrapOp(&err, "list decisions")
	rows, err := s.db.QueryContext(ctx, "SELECT "+decisionCols+" FROM decisions WHERE partnership_id = $1 ORDER BY date DESC, id DESC", partnershipID)
	if err != nil {
		return nil, err
	}
	return scanDecisions(rows)
}

// GetDecision returns one decision or ErrNotFound.
func (s *Store) GetDecision(ctx context.Context, id int64) (_ places.Decision, err error) {
	defer wrapOp(&err, "get decision")
	return getDecision(ctx, s.db, id)
}

func getDecision(ctx context.Context, q querier, id int64) (places.Decision, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+decisionCols+" FROM decisions WHERE id = $1", id)
	if err != nil {
		return places.Decision{}, err
	}
	ds, err := scanDecisions(rows)
	if err != nil {
		return places.Decision{}, err
	}
	if len(ds) == 0 {
		return places.Decision{}, ErrNotFound
	}
	return ds[0], nil
}

func (s *Store) checkDecision(ctx context.Context, q querier, d *places.Decision) (votes, papers string, err error) {
	d.Normalize()
	if errs := d.Validate(); errs != nil {
		return "", "", errs
	}
	if _, err := getPartnership(ctx, q, d.PartnershipID); err != nil {
		return "", "", err
	}
	if d.MeetingID != 0 {
		m, err := getMeeting(ctx, q, d.MeetingID)
		if errors.Is(err, ErrNotFound) || (err == nil && m.PartnershipID != d.PartnershipID) {
			return "", "", fieldErr("meeting_id", fmt.Sprintf("Meeting %d is not a meeting of this partnership", d.MeetingID))
		} else if err != nil {
			return "", "", err
		}
	}
	members, err := memberIDs(ctx, q, d.PartnershipID)
	if err != nil {
		return "", "", err
	}
	for i, v := range d.Votes {
		if !members[v.MemberID] {
			return "", "", fieldErr(fmt.Sprintf("votes[%d].member_id", i), fmt.Sprintf("Member %d is not on this partnership's board", v.MemberID))
		}
	}
	if d.Votes == nil {
		d.Votes = []places.Vote{}
	}
	if d.Papers == nil {
		d.Papers = []places.Paper{}
	}
	vb, err := json.Marshal(d.Votes)
	if err != nil {
		return "", "", err
	}
	pb, err := json.Marshal(d.Papers)
	return string(vb), string(pb), err
}

// CreateDecision records a decision; voters must be members of the same
// partnership.
func (s *Store) CreateDecision(ctx context.Context, by Actor, d places.Decision) (_ places.Decision, err error) {
	defer wrapOp(&err, "create decision")
	var out places.Decision
	err = s.tx(ctx, func(tx *sql.Tx) error {
		votes, papers, err := s.checkDecision(ctx, tx, &d)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO decisions (partnership_id, meeting_id, text, date, outcome, votes, papers, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			d.PartnershipID, nullID(d.MeetingID), d.Text, d.Date, string(d.Outcome), votes, papers, s.stamp()).Scan(&id); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionCreate, entDecision, idText(id), nil); err != nil {
			return err
		}
		out, err = getDecision(ctx, tx, id)
		return err
	})
	return out, err
}

// UpdateDecision replaces decision d.ID (its partnership cannot change).
func (s *Store) UpdateDecision(ctx context.Context, by Actor, d places.Decision) (_ places.Decision, err error) {
	defer wrapOp(&err, "update decision")
	var out places.Decision
	err = s.tx(ctx, func(tx *sql.Tx) error {
		old, err := getDecision(ctx, tx, d.ID)
		if err != nil {
			return err
		}
		before, err := s.image(ctx, tx, entDecision, idText(d.ID))
		if err != nil {
			return err
		}
		d.PartnershipID = old.PartnershipID
		votes, papers, err := s.checkDecision(ctx, tx, &d)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE decisions SET meeting_id = $1, text = $2, date = $3, outcome = $4, votes = $5, papers = $6, updated_at = $7 WHERE id = $8`,
			nullID(d.MeetingID), d.Text, d.Date, string(d.Outcome), votes, papers, s.stamp(), d.ID); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionUpdate, entDecision, idText(d.ID), before); err != nil {
			return err
		}
		out, err = getDecision(ctx, tx, d.ID)
		return err
	})
	return out, err
}

// DeleteDecision removes a decision.
func (s *Store) DeleteDecision(ctx context.Context, by Actor, id int64) (err error) {
	defer wrapOp(&err, "delete decision")
	return s.tx(ctx, func(tx *sql.Tx) error { return s.deleteAudited(ctx, tx, by, entDecision, id) })
}
