package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/placeboard/placeboard/internal/audit"
	"github.com/placeboard/placeboard/internal/validation"
	"github.com/placeboard/placeboard/internal/voice"
)

// Voice proposals (issue 13 item 4): proposals, threaded comments,
// supports, flags, official answers, hiding and blocking. One support and
// one flag per person are primary keys, so parallel requests cannot store
// two. Proposals, comments and blocks are audited.

// Audited proposal entities.
const (
	entVoiceProposal = "voice_proposal"
	entVoiceComment  = "voice_proposal_comment"
	entVoiceBlock    = "voice_block"
)

func init() {
	auditedEntities = append(auditedEntities,
		entityDef{entVoiceProposal, "voice_proposals", "id", "id"},
		entityDef{entVoiceComment, "voice_proposal_comments", "id", "id"},
		entityDef{entVoiceBlock, "voice_blocks", "partnership_id, user_id", "partnership_id, user_id"},
	)
}

const proposalCols = `p.id, p.process_id, p.partnership_id, p.author_id, u.name, COALESCE(p.organisation_id, 0), COALESCE(o.name, ''),
	p.title, p.description, p.area_code, COALESCE((SELECT a.name FROM areas a WHERE a.code = p.area_code ORDER BY a.type LIMIT 1), p.area_code),
	p.category, p.answer_state, p.answer_text, p.answered_at, p.hidden, p.hidden_reason,
	(SELECT count(*) FROM voice_proposal_supports s WHERE s.proposal_id = p.id),
	(SELECT count(*) FROM voice_proposal_comments c WHERE c.proposal_id = p.id),
	p.created_at`

const proposalFrom = ` FROM voice_proposals p JOIN users u ON u.id = p.author_id LEFT JOIN organisations o ON o.id = p.organisation_id`

func scanProposal(sc interface{ Scan(...any) error }) (voice.Proposal, error) {
	var p voice.Proposal
	var hidden int64
	var category, answer string
	err := sc.Scan(&p.ID, &p.ProcessID, &p.PartnershipID, &p.AuthorID, &p.AuthorName, &p.OrganisationID, &p.OrganisationName,
		&p.Title, &p.Description, &p.AreaCode, &p.AreaName, &category, &answer, &p.AnswerText, &p.AnsweredAt, &hidden, &p.HiddenReason,
		&p.Supports, &p.Comments, &p.CreatedAt)
	p.Category, p.Answer, p.Hidden = voice.Category(category), voice.AnswerState(answer), hidden != 0
	return p, err
}

func getProposal(ctx context.Context, q querier, id int64) (voice.Proposal, error) {
	p, err := scanProposal(q.QueryRowContext(ctx, "SELECT "+proposalCols+proposalFrom+" WHERE p.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return voice.Proposal{}, ErrNotFound
	}
	return p, err
}

// GetProposal returns one proposal, hidden or not (the door redacts hidden
// ones with Proposal.Public), or ErrNotFound.
func (s *Store) GetProposal(ctx context.Context, id int64) (_ voice.Proposal, err error) {
	defer wrapOp(&err, "get proposal")
	return getProposal(ctx, s.db, id)
}

// ListProposals returns a page of proposals matching f, newest first, and
// how many match in all. Hidden proposals are left out unless
// f.IncludeHidden.
func (s *Store) ListProposals(ctx context.Context, f voice.ProposalFilter) (_ []voice.Proposal, _ int, err error) {
	defer wrapOp(&err, "list proposals")
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.ProcessID != 0 {
		where = append(where, "p.process_id = "+arg(f.ProcessID))
	}
	if f.Category != "" {
		where = append(where, "p.category = "+arg(string(f.Category)))
	}
	if f.AreaCode != "" {
		where = append(where, "p.area_code = "+arg(strings.ToUpper(strings.TrimSpace(f.AreaCode))))
	}
	switch f.Answer {
	case "":
	case "none":
		where = append(where, "p.answer_state = ''")
	default:
		where = append(where, "p.answer_state = "+arg(f.Answer))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := arg(like(q))
		where = append(where, "(lower(p.title) LIKE "+pat+` ESCAPE '\' OR lower(p.description) LIKE `+pat+` ESCAPE '\')`)
	}
	if !f.IncludeHidden {
		where = append(where, "p.hidden = 0")
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*)"+proposalFrom+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 || limit > MaxLimit {
		limit = DefaultLimit
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+proposalCols+proposalFrom+cond+" ORDER BY p.id DESC LIMIT "+strconv.Itoa(limit)+" OFFSET "+strconv.Itoa(max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []voice.Proposal{}
	for rows.Next() {
		p, err := scanProposal(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	return out, total, rows.Err()
}

// checkPoster refuses an account blocked in the partnership.
func checkPoster(ctx context.Context, q querier, partnershipID, userID int64) error {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM voice_blocks WHERE partnership_id = $1 AND user_id = $2", partnershipID, userID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return voice.ErrBlocked
	}
	return nil
}

// IsBlocked reports whether the account is blocked from posting in the
// partnership's processes.
func (s *Store) IsBlocked(ctx context.Context, partnershipID, userID int64) (_ bool, err error) {
	defer wrapOp(&err, "is blocked")
	err = checkPoster(ctx, s.db, partnershipID, userID)
	if errors.Is(err, voice.ErrBlocked) {
		return true, nil
	}
	return false, err
}

// ProposalAreas lists the areas a proposal in proc may be for: the
// process's own area and the areas within it (not LSOAs), by name.
func (s *Store) ProposalAreas(ctx context.Context, proc voice.ProposalProcess) (_ [][2]string, err error) {
	defer wrapOp(&err, "proposal areas")
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT a.code, a.name FROM areas a WHERE a.code = $1
		UNION SELECT DISTINCT a.code, a.name FROM area_parents ap JOIN areas a ON a.type = ap.child_type AND a.code = ap.child_code
			WHERE ap.parent_code = $1 AND ap.child_type <> 'lsoa' AND ap.child_code <> $1
		ORDER BY 2`, proc.AreaCode)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]string
	seen := map[string]bool{}
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return nil, err
		}
		if !seen[code] {
			seen[code] = true
			out = append(out, [2]string{code, name})
		}
	}
	return out, rows.Err()
}

// ProposalOrganisations lists the organisations a proposal in the
// partnership may be made on behalf of: its board's member organisations,
// by name, as [id, name] pairs.
func (s *Store) ProposalOrganisations(ctx context.Context, partnershipID int64) (_ []ProposalOrganisation, err error) {
	defer wrapOp(&err, "proposal organisations")
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT o.id, o.name FROM members m JOIN organisations o ON o.id = m.org_id
		WHERE m.partnership_id = $1 ORDER BY o.name, o.id`, partnershipID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ProposalOrganisation
	for rows.Next() {
		var o ProposalOrganisation
		if err := rows.Scan(&o.ID, &o.Name); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// ProposalOrganisation is an organisation a proposal may speak for.
type ProposalOrganisation struct {
	ID   int64
	Name string
}

// CreateProposal stores a proposal by the acting user (by.UserID) in proc:
// refused with voice.ErrProposalsClosed outside the proposals phase and
// voice.ErrBlocked for a blocked account; an area outside the process or
// an organisation that is not a member of the partnership's board is a *validation.Errors on area_code or
// organisation_id. Audited.
func (s *Store) CreateProposal(ctx context.Context, by Actor, proc voice.ProposalProcess, np voice.NewProposal) (_ voice.Proposal, err error) {
	defer wrapOp(&err, "create proposal")
	np.Normalize()
	np.ProcessID = proc.ID
	if err := np.Validate(); err != nil {
		return voice.Proposal{}, err
	}
	if !proc.ProposalsOpen {
		return voice.Proposal{}, voice.ErrProposalsClosed
	}
	if by.UserID == 0 {
		return voice.Proposal{}, errors.New("a proposal needs a signed-in author")
	}
	areas, err := s.ProposalAreas(ctx, proc)
	if err != nil {
		return voice.Proposal{}, err
	}
	inside := false
	for _, a := range areas {
		inside = inside || a[0] == np.AreaCode
	}
	if !inside {
		return voice.Proposal{}, &validation.Errors{Fields: []validation.FieldError{{Field: "area_code", Message: "Choose an area this process covers"}}}
	}
	var out voice.Proposal
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := checkPoster(ctx, tx, proc.PartnershipID, by.UserID); err != nil {
			return err
		}
		var org any
		if np.OrganisationID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM members WHERE partnership_id = $1 AND org_id = $2", proc.PartnershipID, np.OrganisationID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return &validation.Errors{Fields: []validation.FieldError{{Field: "organisation_id", Message: "Choose one of the partnership's member organisations"}}}
			}
			org = np.OrganisationID
		}
		now := s.stamp()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO voice_proposals (process_id, partnership_id, author_id, organisation_id, title, description, area_code, category, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			proc.ID, proc.PartnershipID, by.UserID, org, np.Title, np.Description, np.AreaCode, string(np.Category), now).Scan(&id); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionCreate, entVoiceProposal, idText(id), nil); err != nil {
			return err
		}
		out, err = getProposal(ctx, tx, id)
		return err
	})
	return out, err
}

// AnswerProposal records the staff's official answer (audited) and
// returns the proposal as answered.
func (s *Store) AnswerProposal(ctx context.Context, by Actor, id int64, a voice.OfficialAnswer) (_ voice.Proposal, err error) {
	defer wrapOp(&err, "answer proposal")
	a.Normalize()
	if err := a.Validate(); err != nil {
		return voice.Proposal{}, err
	}
	var out voice.Proposal
	err = s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.image(ctx, tx, entVoiceProposal, idText(id))
		if err != nil {
			return err
		}
		if before == nil {
			return ErrNotFound
		}
		now := s.stamp()
		if _, err := tx.ExecContext(ctx, `UPDATE voice_proposals SET answer_state = $1, answer_text = $2, answered_at = $3, answered_by = $4, updated_at = $3 WHERE id = $5`,
			string(a.State), a.Text, now, by.UserID, id); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionUpdate, entVoiceProposal, idText(id), before); err != nil {
			return err
		}
		out, err = getProposal(ctx, tx, id)
		return err
	})
	return out, err
}

// HideProposal hides a proposal with the moderators' reason (audited);
// pages then show the reason in its place.
func (s *Store) HideProposal(ctx context.Context, by Actor, id int64, reason string) (err error) {
	defer wrapOp(&err, "hide proposal")
	return s.setHidden(ctx, by, entVoiceProposal, "voice_proposals", id, reason, true)
}

// HideComment hides a comment with the moderators' reason (audited).
func (s *Store) HideComment(ctx context.Context, by Actor, id int64, reason string) (err error) {
	defer wrapOp(&err, "hide comment")
	return s.setHidden(ctx, by, entVoiceComment, "voice_proposal_comments", id, reason, true)
}

// Audit events of proposal moderation and participation. Each is recorded
// in the transaction of the change it explains.
const (
	// auditUnhide records why hidden content was shown again (beside
	// the update entry that shows it).
	auditUnhide = "voice-unhide"
	// auditUnblock records why a block was lifted (beside the delete
	// entry of the block).
	auditUnblock = "voice-unblock"
	// A resident's support given and withdrawn, and a report to the
	// moderators (with its reason), recorded like the resident's other
	// writes (proposals, comments): the actor is the account, nothing
	// more of them is written.
	auditSupport         = "voice-support"
	auditSupportWithdraw = "voice-support-withdrawn"
	auditReport          = "voice-report"
)

// UnhideProposal shows a hidden proposal again. Moderators give the
// reason, which is audited with the change. A proposal that is not hidden
// is left as it is, and nothing is recorded.
func (s *Store) UnhideProposal(ctx context.Context, by Actor, id int64, reason string) (err error) {
	defer wrapOp(&err, "unhide proposal")
	return s.setHidden(ctx, by, entVoiceProposal, "voice_proposals", id, reason, false)
}

// UnhideComment shows a hidden comment again, as UnhideProposal.
func (s *Store) UnhideComment(ctx context.Context, by Actor, id int64, reason string) (err error) {
	defer wrapOp(&err, "unhide comment")
	return s.setHidden(ctx, by, entVoiceComment, "voice_proposal_comments", id, reason, false)
}

// setHidden hides (hide) or shows again one row of table, with the
// moderators' reason, in one transaction with its audit: the change, and
// for showing again an auditUnhide event holding the reason (hiding keeps
// its reason in the row). Nothing changes, and nothing is recorded, when
// the row is already as asked.
func (s *Store) setHidden(ctx context.Context, by Actor, entity, table string, id int64, reason string, hide bool) error {
	if err := voice.Reason(reason, true); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.image(ctx, tx, entity, idText(id))
		if err != nil {
			return err
		}
		if before == nil {
			return ErrNotFound
		}
		if hide {
			if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET hidden = 1, hidden_reason = $1 WHERE id = $2", reason, id); err != nil {
				return err
			}
			return s.recordChange(ctx, tx, by, audit.ActionUpdate, entity, idText(id), before)
		}
		res, err := tx.ExecContext(ctx, "UPDATE "+table+" SET hidden = 0, hidden_reason = '' WHERE id = $1 AND hidden = 1", id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // not hidden: nothing to show again
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionUpdate, entity, idText(id), before); err != nil {
			return err
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: auditUnhide, Entity: entity, EntityID: idText(id), Detail: map[string]string{"reason": reason}})
	})
}

// BlockAccount blocks an account from posting in the partnership's
// processes (audited). Blocking twice keeps the first block.
func (s *Store) BlockAccount(ctx context.Context, by Actor, partnershipID, userID int64, reason string) (err error) {
	defer wrapOp(&err, "block account")
	if err := voice.Reason(reason, true); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := getUserWhere(ctx, tx, "id = $1", userID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO voice_blocks (partnership_id, user_id, reason, blocked_by, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (partnership_id, user_id) DO NOTHING`, partnershipID, userID, reason, by.UserID, s.stamp())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return s.recordChange(ctx, tx, by, audit.ActionCreate, entVoiceBlock, idText(partnershipID)+":"+idText(userID), nil)
	})
}

// UnblockAccount lets an account post in the partnership's processes
// again. Moderators give the reason, audited with the block's removal;
// ErrNotFound when the account is not blocked there.
func (s *Store) UnblockAccount(ctx context.Context, by Actor, partnershipID, userID int64, reason string) (err error) {
	defer wrapOp(&err, "unblock account")
	if err := voice.Reason(reason, true); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	key := idText(partnershipID) + ":" + idText(userID)
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.image(ctx, tx, entVoiceBlock, key)
		if err != nil {
			return err
		}
		if before == nil {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM voice_blocks WHERE partnership_id = $1 AND user_id = $2", partnershipID, userID); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionDelete, entVoiceBlock, key, before); err != nil {
			return err
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: auditUnblock, Entity: entVoiceBlock, EntityID: key, Detail: map[string]string{"reason": reason}})
	})
}

// VoiceBlock is an account blocked from posting in a partnership's
// processes, as its moderators see it.
type VoiceBlock struct {
	UserID    int64
	Name      string // the account's display name
	Reason    string
	BlockedAt string
}

// VoiceBlocks lists the accounts blocked in the partnership, newest first.
func (s *Store) VoiceBlocks(ctx context.Context, partnershipID int64) (_ []VoiceBlock, err error) {
	defer wrapOp(&err, "voice blocks")
	rows, err := s.db.QueryContext(ctx, `SELECT b.user_id, u.name, b.reason, b.created_at FROM voice_blocks b JOIN users u ON u.id = b.user_id
		WHERE b.partnership_id = $1 ORDER BY b.created_at DESC, b.user_id`, partnershipID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []VoiceBlock{}
	for rows.Next() {
		var b VoiceBlock
		if err := rows.Scan(&b.UserID, &b.Name, &b.Reason, &b.BlockedAt); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// AddComment stores a comment (or a reply, ParentID) by the acting user on
// a proposal of the partnership. voice.ErrBlocked for a blocked account,
// voice.ErrHidden on a hidden proposal, ErrNotFound for no such proposal,
// a *validation.Errors on parent_id for a parent that is not a comment on
// the same proposal. Audited.
func (s *Store) AddComment(ctx context.Context, by Actor, nc voice.NewComment) (_ voice.Comment, err error) {
	defer wrapOp(&err, "add comment")
	nc.Normalize()
	if err := nc.Validate(); err != nil {
		return voice.Comment{}, err
	}
	if by.UserID == 0 {
		return voice.Comment{}, errors.New("a comment needs a signed-in author")
	}
	var out voice.Comment
	err = s.tx(ctx, func(tx *sql.Tx) error {
		p, err := getProposal(ctx, tx, nc.ProposalID)
		if err != nil {
			return err
		}
		if p.Hidden {
			return voice.ErrHidden
		}
		if err := checkPoster(ctx, tx, p.PartnershipID, by.UserID); err != nil {
			return err
		}
		var parent any
		if nc.ParentID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM voice_proposal_comments WHERE id = $1 AND proposal_id = $2", nc.ParentID, nc.ProposalID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return &validation.Errors{Fields: []validation.FieldError{{Field: "parent_id", Message: "Reply to a comment on this proposal"}}}
			}
			parent = nc.ParentID
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO voice_proposal_comments (proposal_id, parent_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			nc.ProposalID, parent, by.UserID, nc.Body, s.stamp()).Scan(&id); err != nil {
			return err
		}
		if err := s.recordChange(ctx, tx, by, audit.ActionCreate, entVoiceComment, idText(id), nil); err != nil {
			return err
		}
		cs, err := comments(ctx, tx, "c.id = $1", id)
		if err != nil {
			return err
		}
		out = cs[0]
		return nil
	})
	return out, err
}

func comments(ctx context.Context, q querier, where string, arg any) ([]voice.Comment, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.proposal_id, COALESCE(c.parent_id, 0), c.author_id, u.name, c.body, c.hidden, c.hidden_reason, c.created_at
		FROM voice_proposal_comments c JOIN users u ON u.id = c.author_id WHERE `+where+` ORDER BY c.id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []voice.Comment{}
	for rows.Next() {
		var c voice.Comment
		var hidden int64
		if err := rows.Scan(&c.ID, &c.ProposalID, &c.ParentID, &c.AuthorID, &c.AuthorName, &c.Body, &hidden, &c.HiddenReason, &c.CreatedAt); err != nil {
			return nil, err
		}
		c.Hidden = hidden != 0
		out = append(out, c)
	}
	return out, rows.Err()
}

// ProposalComments lists a proposal's comments, oldest first, unthreaded
// (voice.Thread arranges them), hidden ones included (redact with
// Comment.Public).
func (s *Store) ProposalComments(ctx context.Context, proposalID int64) (_ []voice.Comment, err error) {
	defer wrapOp(&err, "proposal comments")
	return comments(ctx, s.db, "c.proposal_id = $1", proposalID)
}

// GetComment returns one comment, or ErrNotFound.
func (s *Store) GetComment(ctx context.Context, id int64) (_ voice.Comment, err error) {
	defer wrapOp(&err, "get comment")
	cs, err := comments(ctx, s.db, "c.id = $1", id)
	if err != nil {
		return voice.Comment{}, err
	}
	if len(cs) == 0 {
		return voice.Comment{}, ErrNotFound
	}
	return cs[0], nil
}

// openProposal checks a proposal exists and takes supports and flags.
func openProposal(ctx context.Context, q querier, id int64) (voice.Proposal, error) {
	p, err := getProposal(ctx, q, id)
	if err != nil {
		return p, err
	}
	if p.Hidden {
		return p, voice.ErrHidden
	}
	return p, nil
}

// SupportProposal adds the acting user's support, once: it reports
// whether this call added it (false when they supported it already, in
// parallel too). A blocked account gets voice.ErrBlocked. An added support
// is audited (auditSupport).
func (s *Store) SupportProposal(ctx context.Context, by Actor, proposalID int64) (added bool, err error) {
	defer wrapOp(&err, "support proposal")
	err = s.tx(ctx, func(tx *sql.Tx) error {
		p, err := openProposal(ctx, tx, proposalID)
		if err != nil {
			return err
		}
		if err := checkPoster(ctx, tx, p.PartnershipID, by.UserID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO voice_proposal_supports (proposal_id, user_id, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (proposal_id, user_id) DO NOTHING`, proposalID, by.UserID, s.stamp())
		if err != nil {
			return err
		}
		if added, err = rowsChanged(res); err != nil || !added {
			return err
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: auditSupport, Entity: entVoiceProposal, EntityID: idText(proposalID)})
	})
	return added, err
}

// WithdrawSupport removes the acting user's support; it reports whether
// there was one. A removed support is audited (auditSupportWithdraw).
func (s *Store) WithdrawSupport(ctx context.Context, by Actor, proposalID int64) (removed bool, err error) {
	defer wrapOp(&err, "withdraw support")
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := getProposal(ctx, tx, proposalID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM voice_proposal_supports WHERE proposal_id = $1 AND user_id = $2", proposalID, by.UserID)
		if err != nil {
			return err
		}
		if removed, err = rowsChanged(res); err != nil || !removed {
			return err
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: auditSupportWithdraw, Entity: entVoiceProposal, EntityID: idText(proposalID)})
	})
	return removed, err
}

// rowsChanged reports whether a statement changed exactly one row.
func rowsChanged(res sql.Result) (bool, error) {
	n, err := res.RowsAffected()
	return n == 1, err
}

// HasSupported reports whether the user supports the proposal.
func (s *Store) HasSupported(ctx context.Context, proposalID, userID int64) (_ bool, err error) {
	defer wrapOp(&err, "has supported")
	var n int
	err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM voice_proposal_supports WHERE proposal_id = $1 AND user_id = $2", proposalID, userID).Scan(&n)
	return n > 0, err
}

// FlagProposal records the acting user's flag on a proposal (commentID 0)
// or on one of its comments, once each: it reports whether this call added
// it. ErrNotFound when the comment is not on the proposal. An added flag
// is audited (auditReport on the proposal or the comment, with the reason
// when one was given).
func (s *Store) FlagProposal(ctx context.Context, by Actor, proposalID, commentID int64, reason string) (added bool, err error) {
	defer wrapOp(&err, "flag")
	if err := voice.Reason(reason, false); err != nil {
		return false, err
	}
	reason = strings.TrimSpace(reason)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := getProposal(ctx, tx, proposalID); err != nil {
			return err
		}
		entity, id := entVoiceProposal, proposalID
		if commentID != 0 {
			cs, err := comments(ctx, tx, "c.id = $1", commentID)
			if err != nil {
				return err
			}
			if len(cs) == 0 || cs[0].ProposalID != proposalID {
				return ErrNotFound
			}
			entity, id = entVoiceComment, commentID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO voice_proposal_flags (proposal_id, comment_id, user_id, reason, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (proposal_id, comment_id, user_id) DO NOTHING`, proposalID, commentID, by.UserID, reason, s.stamp())
		if err != nil {
			return err
		}
		if added, err = rowsChanged(res); err != nil || !added {
			return err
		}
		var detail map[string]string
		if reason != "" {
			detail = map[string]string{"reason": reason}
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: auditReport, Entity: entity, EntityID: idText(id), Detail: detail})
	})
	return added, err
}

// FlaggedItem is one proposal or comment with flags, for the moderators.
type FlaggedItem struct {
	ProposalID    int64
	CommentID     int64 // 0: the proposal itself
	ProposalTitle string
	Text          string // the comment's body, or the proposal's description
	AuthorID      int64
	AuthorName    string
	Flags         int
	Reasons       []string
	Hidden        bool
}

// FlaggedItems lists the partnership's flagged proposals and comments,
// most flagged first.
func (s *Store) FlaggedItems(ctx context.Context, partnershipID int64) (_ []FlaggedItem, err error) {
	defer wrapOp(&err, "flagged items")
	rows, err := s.db.QueryContext(ctx, `SELECT f.proposal_id, f.comment_id, p.title,
			COALESCE(c.body, p.description), COALESCE(c.author_id, p.author_id), COALESCE(cu.name, pu.name), COALESCE(c.hidden, p.hidden), f.reason
		FROM voice_proposal_flags f JOIN voice_proposals p ON p.id = f.proposal_id JOIN users pu ON pu.id = p.author_id
		LEFT JOIN voice_proposal_comments c ON c.id = f.comment_id AND f.comment_id <> 0 LEFT JOIN users cu ON cu.id = c.author_id
		WHERE p.partnership_id = $1 ORDER BY f.proposal_id, f.comment_id, f.created_at`, partnershipID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FlaggedItem
	index := map[[2]int64]int{}
	for rows.Next() {
		var it FlaggedItem
		var hidden int64
		var reason string
		if err := rows.Scan(&it.ProposalID, &it.CommentID, &it.ProposalTitle, &it.Text, &it.AuthorID, &it.AuthorName, &hidden, &reason); err != nil {
			return nil, err
		}
		key := [2]int64{it.ProposalID, it.CommentID}
		i, ok := index[key]
		if !ok {
			it.Hidden = hidden != 0
			out = append(out, it)
			i = len(out) - 1
			index[key] = i
		}
		out[i].Flags++
		if reason != "" {
			out[i].Reasons = append(out[i].Reasons, reason)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Most flagged first; ties keep proposal order.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Flags > out[j-1].Flags; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

// Personal data: a person's proposals, comments, supports and flags.

type proposalData struct {
	ID          int64  `json:"id"`
	ProcessID   int64  `json:"process_id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	AreaCode    string `json:"area_code"`
	Category    string `json:"category"`
	Answer      string `json:"answer"`
	CreatedAt   string `json:"created_at"`
}

type commentData struct {
	ID         int64  `json:"id"`
	ProposalID int64  `json:"proposal_id"`
	Body       string `json:"body"`
	CreatedAt  string `json:"created_at"`
}

type proposalPersonalData struct {
	Proposals []proposalData `json:"proposals"`
	Comments  []commentData  `json:"comments"`
	Supports  []int64        `json:"supported_proposal_ids"`
	Flags     []string       `json:"flags"`
	Blocked   []int64        `json:"blocked_in_partnership_ids"`
}

func init() {
	RegisterPersonalData("voice_proposals", func(ctx context.Context, s *Store, userID int64) (any, error) {
		out := proposalPersonalData{Proposals: []proposalData{}, Comments: []commentData{}, Supports: []int64{}, Flags: []string{}, Blocked: []int64{}}
		rows, err := s.db.QueryContext(ctx, `SELECT id, process_id, title, description, area_code, category, answer_state, created_at FROM voice_proposals WHERE author_id = $1 ORDER BY id`, userID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var p proposalData
			if err := rows.Scan(&p.ID, &p.ProcessID, &p.Title, &p.Description, &p.AreaCode, &p.Category, &p.Answer, &p.CreatedAt); err != nil {
				rows.Close()
				return nil, err
			}
			out.Proposals = append(out.Proposals, p)
		}
		rows.Close()
		if rows.Err() != nil {
			return nil, rows.Err()
		}
		cs, err := comments(ctx, s.db, "c.author_id = $1", userID)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			out.Comments = append(out.Comments, commentData{ID: c.ID, ProposalID: c.ProposalID, Body: c.Body, CreatedAt: c.CreatedAt})
		}
		if out.Supports, err = proposalInt64s(ctx, s.db, "SELECT proposal_id FROM voice_proposal_supports WHERE user_id = $1 ORDER BY proposal_id", userID); err != nil {
			return nil, err
		}
		frows, err := s.db.QueryContext(ctx, "SELECT proposal_id, comment_id, reason FROM voice_proposal_flags WHERE user_id = $1 ORDER BY proposal_id, comment_id", userID)
		if err != nil {
			return nil, err
		}
		for frows.Next() {
			var p, c int64
			var reason string
			if err := frows.Scan(&p, &c, &reason); err != nil {
				frows.Close()
				return nil, err
			}
			item := "proposal " + idText(p)
			if c != 0 {
				item += " comment " + idText(c)
			}
			if reason != "" {
				item += ": " + reason
			}
			out.Flags = append(out.Flags, item)
		}
		frows.Close()
		if frows.Err() != nil {
			return nil, frows.Err()
		}
		if out.Blocked, err = proposalInt64s(ctx, s.db, "SELECT partnership_id FROM voice_blocks WHERE user_id = $1 ORDER BY partnership_id", userID); err != nil {
			return nil, err
		}
		return out, nil
	})
}

func proposalInt64s(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
