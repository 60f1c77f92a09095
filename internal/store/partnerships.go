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

const partnershipCols = "id, kind, area_type, area_code, name, COALESCE(lead_org_id, 0), ended_on"

func scanPartnerships(rows *sql.Rows) ([]places.Partnership, error) {
	defer rows.Close()
	out := []places.Partnership{}
	for rows.Next() {
		var p places.Partnership
		if err := rows.Scan(&p.ID, &p.Kind, &p.AreaType, &p.AreaCode, &p.Name, &p.LeadOrgID, &p.EndedOn); err != nil {
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

// UpdatePartnership replaces partnership p.ID's kind, area, name and lead
// (EndPartnership sets the end date).
func (s *Store) UpdatePartnership(ctx context.Context, by Actor, p places.Partnership) (_ places.Partnership, err error) {
	defer wrapOp(&err, "update partnership")
	var out places.Partnership
	err = s.tx(ctx, func(tx *sql.Tx) error {
		old, err := lockPartnership(ctx, s, tx, p.ID)
		if err != nil {
			return err
		}
		p.EndedOn = old.EndedOn
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

// EndPartnership records that partnership id was wound up on date. Its
// board, meetings and decisions stay in the record.
func (s *Store) EndPartnership(ctx context.Context, by Actor, id int64, date string) (_ places.Partnership, err error) {
	defer wrapOp(&err, "end partnership")
	var out places.Partnership
	err = s.tx(ctx, func(tx *sql.Tx) error {
		p, err := lockPartnership(ctx, s, tx, id)
		if err != nil {
			return err
		}
		p.EndedOn = date
		p.Normalize()
		if p.EndedOn == "" {
			return fieldErr("ended_on", "Enter the date the partnership ended")
		}
		if errs := p.Validate(); errs != nil {
			return errs
		}
		before, err := s.image(ctx, tx, entPartnership, idText(id))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE partnerships SET ended_on = $1, updated_at = $2 WHERE id = $3", p.EndedOn, s.stamp(), id); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionUpdate, entPartnership, idText(id), before); err != nil {
			return err
		}
		out, err = getPartnership(ctx, tx, id)
		return err
	})
	return out, err
}

// lockPartnership reads partnership id and, on PostgreSQL, locks its row
// until the transaction ends, so writes to one board run one at a time and
// the consistency rules see what the other wrote. (SQLite transactions
// begin IMMEDIATE: writers are serialised already.)
func lockPartnership(ctx context.Context, s *Store, tx *sql.Tx, id int64) (places.Partnership, error) {
	if s.engine == Postgres {
		var got int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM partnerships WHERE id = $1 FOR UPDATE", id).Scan(&got)
		if errors.Is(err, sql.ErrNoRows) {
			return places.Partnership{}, ErrNotFound
		} else if err != nil {
			return places.Partnership{}, err
		}
	}
	return getPartnership(ctx, tx, id)
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

const memberCols = "id, partnership_id, person_name, org_id, role, statutory, job_title, term_start, term_end"

func scanMembers(rows *sql.Rows) ([]places.Member, error) {
	defer rows.Close()
	out := []places.Member{}
	for rows.Next() {
		var m places.Member
		if err := rows.Scan(&m.ID, &m.PartnershipID, &m.PersonName, &m.OrgID, &m.Role, &m.Statutory, &m.JobTitle, &m.TermStart, &m.TermEnd); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ListMembers returns a partnership's board, chair first.
func (s *Store) ListMembers(ctx context.Context, partnershipID int64) (_ []places.Member, err error) {
	defer wrapOp(&err, "list members")
	return listMembers(ctx, s.db, partnershipID)
}

func listMembers(ctx context.Context, q querier, partnershipID int64) ([]places.Member, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+memberCols+` FROM members WHERE partnership_id = $1
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
	if _, err := getOrg(ctx, q, m.OrgID); errors.Is(err, ErrNotFound) {
		return fieldErr("org_id", fmt.Sprintf("Organisation %d does not exist", m.OrgID))
	} else if err != nil {
		return err
	}
	if m.ID == 0 {
		return nil // a new member has no record yet
	}
	meetings, err := listMeetings(ctx, q, m.PartnershipID)
	if err != nil {
		return err
	}
	decisions, err := listDecisions(ctx, q, m.PartnershipID)
	if err != nil {
		return err
	}
	var attended []places.Meeting
	for _, mt := range meetings {
		if mt.Present(m.ID) {
			attended = append(attended, mt)
		}
	}
	var votedOn []places.Decision
	for _, d := range decisions {
		for _, v := range d.Votes {
			if v.MemberID == m.ID {
				votedOn = append(votedOn, d)
				break
			}
		}
	}
	return places.CheckMemberRecord(*m, attended, votedOn).Err()
}

// AddMember puts a person on a partnership's board.
func (s *Store) AddMember(ctx context.Context, by Actor, m places.Member) (_ places.Member, err error) {
	defer wrapOp(&err, "add member")
	var out places.Member
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := lockPartnership(ctx, s, tx, m.PartnershipID); err != nil {
			return err // ErrNotFound: the partnership in the path does not exist
		}
		m.ID = 0
		if err := s.checkMember(ctx, tx, &m); err != nil {
			return err
		}
		now := s.stamp()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO members (partnership_id, person_name, org_id, role, statutory, job_title, term_start, term_end, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`, m.PartnershipID, m.PersonName, m.OrgID, string(m.Role), m.Statutory,
			m.JobTitle, m.TermStart, m.TermEnd, now).Scan(&id); err != nil {
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

// UpdateMember replaces member m.ID (its partnership cannot change). The
// term must still cover every meeting they attended, and a member who has
// voted cannot become an observer.
func (s *Store) UpdateMember(ctx context.Context, by Actor, m places.Member) (_ places.Member, err error) {
	defer wrapOp(&err, "update member")
	return s.changeMember(ctx, by, m.ID, func(*places.Member) places.Member { return m })
}

// EndMember ends member id's term on date. They stay in the record with
// their past attendance and votes.
func (s *Store) EndMember(ctx context.Context, by Actor, id int64, date string) (_ places.Member, err error) {
	defer wrapOp(&err, "end member")
	if strings.TrimSpace(date) == "" {
		return places.Member{}, fieldErr("term_end", "Enter the date the member's term ended")
	}
	return s.changeMember(ctx, by, id, func(old *places.Member) places.Member {
		m := *old
		m.TermEnd = date
		return m
	})
}

// changeMember applies change to member id in one audited transaction.
func (s *Store) changeMember(ctx context.Context, by Actor, id int64, change func(old *places.Member) places.Member) (places.Member, error) {
	var out places.Member
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := getMember(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := lockPartnership(ctx, s, tx, old.PartnershipID); err != nil {
			return err
		}
		if old, err = getMember(ctx, tx, id); err != nil {
			return err // re-read under the lock
		}
		before, err := s.image(ctx, tx, entMember, idText(id))
		if err != nil {
			return err
		}
		m := change(&old)
		m.ID, m.PartnershipID = id, old.PartnershipID
		if err := s.checkMember(ctx, tx, &m); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE members SET person_name = $1, org_id = $2, role = $3, statutory = $4, job_title = $5, term_start = $6, term_end = $7, updated_at = $8 WHERE id = $9`,
			m.PersonName, m.OrgID, string(m.Role), m.Statutory, m.JobTitle, m.TermStart, m.TermEnd, s.stamp(), m.ID); err != nil {
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

// ---- Meetings ----

const meetingCols = "id, partnership_id, date, agenda, minutes, attendance, cancelled_on"

func scanMeetings(rows *sql.Rows) ([]places.Meeting, error) {
	defer rows.Close()
	out := []places.Meeting{}
	for rows.Next() {
		var m places.Meeting
		var att string
		if err := rows.Scan(&m.ID, &m.PartnershipID, &m.Date, &m.Agenda, &m.Minutes, &att, &m.CancelledOn); err != nil {
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
	return listMeetings(ctx, s.db, partnershipID)
}

func listMeetings(ctx context.Context, q querier, partnershipID int64) ([]places.Meeting, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+meetingCols+" FROM meetings WHERE partnership_id = $1 ORDER BY date DESC, id DESC", partnershipID)
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
	members, err := listMembers(ctx, q, m.PartnershipID)
	if err != nil {
		return "", err
	}
	if errs := places.CheckAttendance(*m, members); errs != nil {
		return "", errs
	}
	if m.ID != 0 {
		taken, err := decisionsAt(ctx, q, m.ID)
		if err != nil {
			return "", err
		}
		if errs := places.CheckMeetingRecord(*m, members, taken); errs != nil {
			return "", errs
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
		if _, err := lockPartnership(ctx, s, tx, m.PartnershipID); err != nil {
			return err
		}
		m.ID = 0
		att, err := s.checkMeeting(ctx, tx, &m)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO meetings (partnership_id, date, agenda, minutes, attendance, cancelled_on, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, m.PartnershipID, m.Date, m.Agenda, m.Minutes, att, m.CancelledOn, s.stamp()).Scan(&id); err != nil {
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

// UpdateMeeting replaces meeting m.ID's date, agenda, minutes and
// attendance (its partnership cannot change; CancelMeeting cancels it).
// Decisions taken at it follow its date, each change audited.
func (s *Store) UpdateMeeting(ctx context.Context, by Actor, m places.Meeting) (_ places.Meeting, err error) {
	defer wrapOp(&err, "update meeting")
	return s.changeMeeting(ctx, by, m.ID, func(old *places.Meeting) places.Meeting {
		m.CancelledOn = old.CancelledOn
		return m
	})
}

// CancelMeeting records that meeting id was called off on date. It stays
// in the record; a meeting at which decisions were taken cannot be
// cancelled.
func (s *Store) CancelMeeting(ctx context.Context, by Actor, id int64, date string) (_ places.Meeting, err error) {
	defer wrapOp(&err, "cancel meeting")
	if strings.TrimSpace(date) == "" {
		return places.Meeting{}, fieldErr("cancelled_on", "Enter the date the meeting was cancelled")
	}
	return s.changeMeeting(ctx, by, id, func(old *places.Meeting) places.Meeting {
		m := *old
		m.CancelledOn = date
		return m
	})
}

func (s *Store) changeMeeting(ctx context.Context, by Actor, id int64, change func(old *places.Meeting) places.Meeting) (places.Meeting, error) {
	var out places.Meeting
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := getMeeting(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := lockPartnership(ctx, s, tx, old.PartnershipID); err != nil {
			return err
		}
		if old, err = getMeeting(ctx, tx, id); err != nil {
			return err
		}
		before, err := s.image(ctx, tx, entMeeting, idText(id))
		if err != nil {
			return err
		}
		m := change(&old)
		m.ID, m.PartnershipID = id, old.PartnershipID
		att, err := s.checkMeeting(ctx, tx, &m)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET date = $1, agenda = $2, minutes = $3, attendance = $4, cancelled_on = $5, updated_at = $6 WHERE id = $7`,
			m.Date, m.Agenda, m.Minutes, att, m.CancelledOn, s.stamp(), m.ID); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionUpdate, entMeeting, idText(m.ID), before); err != nil {
			return err
		}
		// A decision's date is its meeting's date.
		taken, err := decisionsAt(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		for _, d := range taken {
			if d.Date == m.Date {
				continue
			}
			before, err := s.image(ctx, tx, entDecision, idText(d.ID))
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE decisions SET date = $1, updated_at = $2 WHERE id = $3", m.Date, s.stamp(), d.ID); err != nil {
				return err
			}
			if err := s.recordChange(ctx, tx, by, audit.ActionUpdate, entDecision, idText(d.ID), before); err != nil {
				return err
			}
		}
		out, err = getMeeting(ctx, tx, m.ID)
		return err
	})
	return out, err
}

func decisionsAt(ctx context.Context, q querier, meetingID int64) ([]places.Decision, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+decisionCols+" FROM decisions WHERE meeting_id = $1 ORDER BY id", meetingID)
	if err != nil {
		return nil, err
	}
	return scanDecisions(rows)
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

const decisionCols = "id, partnership_id, COALESCE(meeting_id, 0), text, date, outcome, votes, papers, rescinded_on"

func scanDecisions(rows *sql.Rows) ([]places.Decision, error) {
	defer rows.Close()
	out := []places.Decision{}
	for rows.Next() {
		var d places.Decision
		var votes, papers string
		if err := rows.Scan(&d.ID, &d.PartnershipID, &d.MeetingID, &d.Text, &d.Date, &d.Outcome, &votes, &papers, &d.RescindedOn); err != nil {
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
	return listDecisions(ctx, s.db, partnershipID)
}

func listDecisions(ctx context.Context, q querier, partnershipID int64) ([]places.Decision, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+decisionCols+" FROM decisions WHERE partnership_id = $1 ORDER BY date DESC, id DESC", partnershipID)
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
	var at *places.Meeting
	if d.MeetingID != 0 {
		m, err := getMeeting(ctx, q, d.MeetingID)
		if errors.Is(err, ErrNotFound) || (err == nil && m.PartnershipID != d.PartnershipID) {
			return "", "", fieldErr("meeting_id", fmt.Sprintf("Meeting %d is not a meeting of this partnership", d.MeetingID))
		} else if err != nil {
			return "", "", err
		}
		if errs := places.CheckDecisionMeeting(*d, m); errs != nil {
			return "", "", errs
		}
		d.FollowMeeting(m)
		at = &m
		if errs := d.Validate(); errs != nil {
			return "", "", errs // the rescinded date against the meeting's
		}
	}
	members, err := listMembers(ctx, q, d.PartnershipID)
	if err != nil {
		return "", "", err
	}
	if errs := places.CheckVotes(*d, members, at); errs != nil {
		return "", "", errs
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
		if _, err := lockPartnership(ctx, s, tx, d.PartnershipID); err != nil {
			return err
		}
		votes, papers, err := s.checkDecision(ctx, tx, &d)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO decisions (partnership_id, meeting_id, text, date, outcome, votes, papers, rescinded_on, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			d.PartnershipID, nullID(d.MeetingID), d.Text, d.Date, string(d.Outcome), votes, papers, d.RescindedOn, s.stamp()).Scan(&id); err != nil {
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

// UpdateDecision replaces decision d.ID (its partnership cannot change;
// RescindDecision rescinds it). Only voting members present at its meeting
// may vote, and it takes its meeting's date.
func (s *Store) UpdateDecision(ctx context.Context, by Actor, d places.Decision) (_ places.Decision, err error) {
	defer wrapOp(&err, "update decision")
	return s.changeDecision(ctx, by, d.ID, func(old *places.Decision) places.Decision {
		d.RescindedOn = old.RescindedOn
		return d
	})
}

// RescindDecision records that decision id was rescinded or superseded on
// date. It stays in the record with its votes.
func (s *Store) RescindDecision(ctx context.Context, by Actor, id int64, date string) (_ places.Decision, err error) {
	defer wrapOp(&err, "rescind decision")
	if strings.TrimSpace(date) == "" {
		return places.Decision{}, fieldErr("rescinded_on", "Enter the date the decision was rescinded")
	}
	return s.changeDecision(ctx, by, id, func(old *places.Decision) places.Decision {
		d := *old
		d.RescindedOn = date
		return d
	})
}

func (s *Store) changeDecision(ctx context.Context, by Actor, id int64, change func(old *places.Decision) places.Decision) (places.Decision, error) {
	var out places.Decision
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := getDecision(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := lockPartnership(ctx, s, tx, old.PartnershipID); err != nil {
			return err
		}
		if old, err = getDecision(ctx, tx, id); err != nil {
			return err
		}
		before, err := s.image(ctx, tx, entDecision, idText(id))
		if err != nil {
			return err
		}
		d := change(&old)
		d.ID, d.PartnershipID = id, old.PartnershipID
		votes, papers, err := s.checkDecision(ctx, tx, &d)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE decisions SET meeting_id = $1, text = $2, date = $3, outcome = $4, votes = $5, papers = $6, rescinded_on = $7, updated_at = $8 WHERE id = $9`,
			nullID(d.MeetingID), d.Text, d.Date, string(d.Outcome), votes, papers, d.RescindedOn, s.stamp(), d.ID); err != nil {
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
