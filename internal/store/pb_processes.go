package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// Participatory budgeting processes (issue 15): the published rules, pots,
// projects and their feasibility review, voting codes, opening and
// closing. Ballots are in pb_ballots.go, results in pb_results.go.

const pbProcessCols = `id, partnership_id, title, description, area_type, area_code, pot_pence, rule, ballot_type,
	min_projects, max_projects, threshold_percent, max_points, max_points_per_project, min_age,
	use_codes, use_residence, use_assisted, lot, salt, source_meta, status, opened_at, closed_at, created_at`

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func scanPBProcess(row interface{ Scan(...any) error }) (*budgeting.Process, error) {
	p := &budgeting.Process{}
	var rule, ballot, status, meta string
	var codes, residence, assisted int
	if err := row.Scan(&p.ID, &p.PartnershipID, &p.Title, &p.Description, &p.AreaType, &p.AreaCode, &p.PotPence, &rule, &ballot,
		&p.MinProjects, &p.MaxProjects, &p.ThresholdPercent, &p.MaxPoints, &p.MaxPointsPerProject, &p.MinAge,
		&codes, &residence, &assisted, &p.Lot, &p.Salt, &meta, &status, &p.OpenedAt, &p.ClosedAt, &p.CreatedAt); err != nil {
		return nil, err
	}
	p.Rule, p.BallotType, p.Status = budgeting.Rule(rule), budgeting.BallotType(ballot), budgeting.Status(status)
	p.UseCodes, p.UseResidence, p.UseAssisted = codes == 1, residence == 1, assisted == 1
	if err := json.Unmarshal([]byte(meta), &p.SourceMeta); err != nil {
		return nil, fmt.Errorf("process %d: source meta: %w", p.ID, err)
	}
	return p, nil
}

// CreatePBProcess stores a new draft process with its pots and projects,
// draws its secret salt, and returns its ID. Audited.
func (s *Store) CreatePBProcess(ctx context.Context, by Actor, p *budgeting.Process) (_ int64, err error) {
	defer wrapOp(&err, "create pb process")
	if err := p.Validate(); err != nil {
		return 0, err
	}
	meta, err := json.Marshal(p.SourceMeta)
	if err != nil {
		return 0, err
	}
	if p.SourceMeta == nil {
		meta = []byte("[]")
	}
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, "SELECT 1 FROM partnerships WHERE id = $1", p.PartnershipID).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("partnership %d: %w", p.PartnershipID, ErrNotFound)
			}
			return err
		}
		now := s.stamp()
		if err := tx.QueryRowContext(ctx, `INSERT INTO pb_processes (partnership_id, title, description, area_type, area_code, pot_pence,
			rule, ballot_type, min_projects, max_projects, threshold_percent, max_points, max_points_per_project, min_age,
			use_codes, use_residence, use_assisted, lot, salt, source_meta, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, '', $18, $19, 'draft', $20, $20) RETURNING id`,
			p.PartnershipID, p.Title, p.Description, p.AreaType, p.AreaCode, p.PotPence, string(p.Rule), string(p.BallotType),
			p.MinProjects, p.MaxProjects, p.ThresholdPercent, p.MaxPoints, p.MaxPointsPerProject, p.MinAge,
			b2i(p.UseCodes), b2i(p.UseResidence), b2i(p.UseAssisted), budgeting.NewSalt(), string(meta), now).Scan(&id); err != nil {
			return err
		}
		potIDs := make([]int64, len(p.Pots))
		for i, pt := range p.Pots {
			if err := tx.QueryRowContext(ctx, `INSERT INTO pb_pots (process_id, name, area_type, area_code, pot_pence)
				VALUES ($1, $2, $3, $4, $5) RETURNING id`, id, pt.Name, pt.AreaType, pt.AreaCode, pt.PotPence).Scan(&potIDs[i]); err != nil {
				if isUniqueViolation(err) {
					return fmt.Errorf("pot %s named twice: %w", pt.AreaCode, ErrConflict)
				}
				return err
			}
		}
		for i, pr := range p.Projects {
			pot, err := potRef(p, potIDs, pr.PotID)
			if err != nil {
				return err
			}
			if err := insertPBProject(ctx, tx, id, i, pr, pot); err != nil {
				return err
			}
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: "pb-create", Entity: "pb_process", EntityID: strconv.FormatInt(id, 10),
			Detail: map[string]string{"title": p.Title, "partnership_id": strconv.FormatInt(p.PartnershipID, 10),
				"pot_pence": strconv.FormatInt(p.PotPence, 10), "projects": strconv.Itoa(len(p.Projects))}})
	})
	return id, err
}

// potRef maps a project's pot: PotID is the pot's position + 1 in p.Pots
// for a new process (0 = none).
func potRef(p *budgeting.Process, ids []int64, potID int64) (any, error) {
	if potID == 0 {
		if len(ids) > 0 {
			return nil, fmt.Errorf("a process with pots needs each project's pot")
		}
		return nil, nil
	}
	if potID < 1 || int(potID) > len(ids) {
		return nil, fmt.Errorf("project pot %d: %w", potID, ErrNotFound)
	}
	return ids[potID-1], nil
}

func insertPBProject(ctx context.Context, tx *sql.Tx, processID int64, position int, pr budgeting.Project, pot any) error {
	var feasible any
	if pr.Feasible != nil {
		feasible = b2i(*pr.Feasible)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO pb_projects (process_id, code, title, description, cost_pence, pot_id, feasible, feasibility_reason, position)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, processID, pr.Code, pr.Title, pr.Description, pr.CostPence, pot, feasible, pr.FeasibilityReason, position)
	if isUniqueViolation(err) {
		return fmt.Errorf("project %q: %w", pr.Code, ErrConflict)
	}
	return err
}

// PBProcess returns a process with its pots and projects (salt included:
// doors must not show it).
func (s *Store) PBProcess(ctx context.Context, id int64) (_ *budgeting.Process, err error) {
	defer wrapOp(&err, "pb process")
	return s.pbProcess(ctx, s.db, id)
}

func (s *Store) pbProcess(ctx context.Context, q querier, id int64) (*budgeting.Process, error) {
	p, err := scanPBProcess(q.QueryRowContext(ctx, "SELECT "+pbProcessCols+" FROM pb_processes WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("pb process %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, "SELECT id, name, area_type, area_code, pot_pence FROM pb_pots WHERE process_id = $1 ORDER BY id", id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var pt budgeting.Pot
		if err := rows.Scan(&pt.ID, &pt.Name, &pt.AreaType, &pt.AreaCode, &pt.PotPence); err != nil {
			rows.Close()
			return nil, err
		}
		p.Pots = append(p.Pots, pt)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT id, code, title, description, cost_pence, COALESCE(pot_id, 0), feasible, feasibility_reason
		FROM pb_projects WHERE process_id = $1 ORDER BY position, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var pr budgeting.Project
		var feasible sql.NullInt64
		if err := rows.Scan(&pr.ID, &pr.Code, &pr.Title, &pr.Description, &pr.CostPence, &pr.PotID, &feasible, &pr.FeasibilityReason); err != nil {
			return nil, err
		}
		if feasible.Valid {
			f := feasible.Int64 == 1
			pr.Feasible = &f
		}
		p.Projects = append(p.Projects, pr)
	}
	return p, rows.Err()
}

// ListPBProcesses lists a partnership's processes (0: every partnership),
// newest first, without their projects.
func (s *Store) ListPBProcesses(ctx context.Context, partnershipID int64) (_ []budgeting.Process, err error) {
	defer wrapOp(&err, "list pb processes")
	rows, err := s.db.QueryContext(ctx, "SELECT "+pbProcessCols+" FROM pb_processes WHERE $1 = 0 OR partnership_id = $1 ORDER BY id DESC", partnershipID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []budgeting.Process
	for rows.Next() {
		p, err := scanPBProcess(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// pbOpenCache keeps open processes' published rules: frozen while voting
// is open, so the ballot path need not read them for every ballot (the
// status itself is checked again in the ballot's transaction).
type pbOpenCache struct {
	mu sync.Mutex
	m  map[*Store]map[int64]*budgeting.Process
}

var pbCache = pbOpenCache{m: map[*Store]map[int64]*budgeting.Process{}}

// PBProcessForVoting is PBProcess for the ballot path: an open process is
// read once and kept.
func (s *Store) PBProcessForVoting(ctx context.Context, id int64) (*budgeting.Process, error) {
	pbCache.mu.Lock()
	p := pbCache.m[s][id]
	pbCache.mu.Unlock()
	if p != nil {
		return p, nil
	}
	p, err := s.PBProcess(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Status == budgeting.StatusOpen {
		pbCache.mu.Lock()
		if pbCache.m[s] == nil {
			pbCache.m[s] = map[int64]*budgeting.Process{}
		}
		pbCache.m[s][id] = p
		pbCache.mu.Unlock()
	}
	return p, nil
}

func (s *Store) forgetPBProcess(id int64) {
	pbCache.mu.Lock()
	delete(pbCache.m[s], id)
	pbCache.mu.Unlock()
}

// UpdatePBProcess replaces a draft process's published settings (not its
// projects or pots). ErrNotDraft once voting has opened. Audited.
func (s *Store) UpdatePBProcess(ctx context.Context, by Actor, p *budgeting.Process) (err error) {
	defer wrapOp(&err, "update pb process")
	return s.tx(ctx, func(tx *sql.Tx) error {
		cur, err := s.pbProcess(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if cur.Status != budgeting.StatusDraft {
			return budgeting.ErrNotDraft
		}
		next := *cur
		next.Title, next.Description, next.AreaType, next.AreaCode = p.Title, p.Description, p.AreaType, p.AreaCode
		next.PotPence, next.Rule, next.BallotType = p.PotPence, p.Rule, p.BallotType
		next.MinProjects, next.MaxProjects, next.ThresholdPercent = p.MinProjects, p.MaxProjects, p.ThresholdPercent
		next.MaxPoints, next.MaxPointsPerProject, next.MinAge = p.MaxPoints, p.MaxPointsPerProject, p.MinAge
		next.UseCodes, next.UseResidence, next.UseAssisted = p.UseCodes, p.UseResidence, p.UseAssisted
		if err := next.Validate(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pb_processes SET title = $1, description = $2, area_type = $3, area_code = $4, pot_pence = $5,
			rule = $6, ballot_type = $7, min_projects = $8, max_projects = $9, threshold_percent = $10, max_points = $11,
			max_points_per_project = $12, min_age = $13, use_codes = $14, use_residence = $15, use_assisted = $16, updated_at = $17 WHERE id = $18`,
			next.Title, next.Description, next.AreaType, next.AreaCode, next.PotPence, string(next.Rule), string(next.BallotType),
			next.MinProjects, next.MaxProjects, next.ThresholdPercent, next.MaxPoints, next.MaxPointsPerProject, next.MinAge,
			b2i(next.UseCodes), b2i(next.UseResidence), b2i(next.UseAssisted), s.stamp(), p.ID); err != nil {
			return err
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: "pb-update", Entity: "pb_process", EntityID: strconv.FormatInt(p.ID, 10),
			Detail: map[string]string{"title": next.Title}})
	})
}

// SavePBProject adds a project to a draft process, or replaces the one
// with the same code (title, description, cost, pot, feasibility review).
// ErrNotDraft once voting has opened. Audited.
func (s *Store) SavePBProject(ctx context.Context, by Actor, processID int64, pr budgeting.Project) (err error) {
	defer wrapOp(&err, "save pb project")
	return s.tx(ctx, func(tx *sql.Tx) error {
		cur, err := s.pbProcess(ctx, tx, processID)
		if err != nil {
			return err
		}
		if cur.Status != budgeting.StatusDraft {
			return budgeting.ErrNotDraft
		}
		check := *cur
		check.Projects = []budgeting.Project{pr}
		if err := check.Validate(); err != nil {
			return err
		}
		var pot any
		if pr.PotID != 0 {
			found := false
			for _, pt := range cur.Pots {
				found = found || pt.ID == pr.PotID
			}
			if !found {
				return fmt.Errorf("pot %d: %w", pr.PotID, ErrNotFound)
			}
			pot = pr.PotID
		}
		var feasible any
		if pr.Feasible != nil {
			feasible = b2i(*pr.Feasible)
		}
		res, err := tx.ExecContext(ctx, `UPDATE pb_projects SET title = $1, description = $2, cost_pence = $3, pot_id = $4, feasible = $5,
			feasibility_reason = $6 WHERE process_id = $7 AND code = $8`, pr.Title, pr.Description, pr.CostPence, pot, feasible, pr.FeasibilityReason, processID, pr.Code)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if err := insertPBProject(ctx, tx, processID, len(cur.Projects), pr, pot); err != nil {
				return err
			}
		}
		f := "not reviewed"
		if pr.Feasible != nil {
			f = strconv.FormatBool(*pr.Feasible)
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: "pb-project", Entity: "pb_process", EntityID: strconv.FormatInt(processID, 10),
			Detail: map[string]string{"code": pr.Code, "cost_pence": strconv.FormatInt(pr.CostPence, 10), "feasible": f, "reason": pr.FeasibilityReason}})
	})
}

// OpenPBProcess publishes a draft process and opens voting: it checks the
// process may open and draws the tie-break lot. Audited (with the lot).
func (s *Store) OpenPBProcess(ctx context.Context, by Actor, id int64) (err error) {
	defer wrapOp(&err, "open pb process")
	return s.tx(ctx, func(tx *sql.Tx) error {
		p, err := s.pbProcess(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Status != budgeting.StatusDraft {
			return budgeting.ErrNotDraft
		}
		if err := p.ValidateForOpening(); err != nil {
			return err
		}
		lot := budgeting.NewLot()
		if _, err := tx.ExecContext(ctx, "UPDATE pb_processes SET status = 'open', lot = $1, opened_at = $2, updated_at = $2 WHERE id = $3",
			lot, s.stamp(), id); err != nil {
			return err
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: "pb-open", Entity: "pb_process", EntityID: strconv.FormatInt(id, 10),
			Detail: map[string]string{"lot": lot, "rule": string(p.Rule), "ballot_type": string(p.BallotType)}})
	})
}

// ClosePBProcess stops voting: no ballot commits after this transaction
// (ballots check the status in theirs). Drafts expire. Counting is
// budgeting.Recount's work. ErrNotOpen unless the process is open. Audited.
func (s *Store) ClosePBProcess(ctx context.Context, by Actor, id int64) (err error) {
	defer wrapOp(&err, "close pb process")
	defer s.forgetPBProcess(id)
	return s.tx(ctx, func(tx *sql.Tx) error {
		var status string
		if err := tx.QueryRowContext(ctx, "SELECT status FROM pb_processes WHERE id = $1", id).Scan(&status); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("pb process %d: %w", id, ErrNotFound)
			}
			return err
		}
		if status != string(budgeting.StatusOpen) {
			return budgeting.ErrNotOpen
		}
		if _, err := tx.ExecContext(ctx, "UPDATE pb_processes SET status = 'closed', closed_at = $1, updated_at = $1 WHERE id = $2", s.stamp(), id); err != nil {
			return err
		}
		var drafts int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM pb_drafts WHERE process_id = $1", id).Scan(&drafts); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM pb_drafts WHERE process_id = $1", id); err != nil {
			return err
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: "pb-close", Entity: "pb_process", EntityID: strconv.FormatInt(id, 10),
			Detail: map[string]string{"abandoned_drafts": strconv.Itoa(drafts)}})
	})
}

// CreatePBCodes makes n one-time voting codes for a process (for a pot,
// or 0), stores only their keyed hashes, and returns the codes to print.
// Audited (the number, never the codes).
func (s *Store) CreatePBCodes(ctx context.Context, by Actor, processID int64, potID int64, n int) (_ []string, err error) {
	defer wrapOp(&err, "create pb codes")
	if n < 1 || n > 1_000_000 {
		return nil, fmt.Errorf("count %d: give between 1 and 1,000,000 codes", n)
	}
	p, err := s.PBProcess(ctx, processID)
	if err != nil {
		return nil, err
	}
	if p.Status == budgeting.StatusClosed {
		return nil, budgeting.ErrNotOpen
	}
	var pot any
	if potID != 0 {
		found := false
		for _, pt := range p.Pots {
			found = found || pt.ID == potID
		}
		if !found {
			return nil, fmt.Errorf("pot %d: %w", potID, ErrNotFound)
		}
		pot = potID
	} else if len(p.Pots) > 0 {
		return nil, fmt.Errorf("this process has pots: name the pot the codes are for")
	}
	codes := make([]string, n)
	now := s.stamp()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, "INSERT INTO pb_codes (process_id, code_hash, pot_id, created_at) VALUES ($1, $2, $3, $4)")
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i := range codes {
			codes[i] = budgeting.NewVotingCode()
			if _, err := stmt.ExecContext(ctx, processID, budgeting.CodeHash(p.Salt, codes[i]), pot, now); err != nil {
				return err
			}
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: "pb-codes", Entity: "pb_process", EntityID: strconv.FormatInt(processID, 10),
			Detail: map[string]string{"count": strconv.Itoa(n), "pot_id": strconv.FormatInt(potID, 10)}})
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// VoidPBCode voids a code (a reprint replaces it). ErrNotFound if the code
// is unknown. Audited.
func (s *Store) VoidPBCode(ctx context.Context, by Actor, processID int64, code string) (err error) {
	defer wrapOp(&err, "void pb code")
	p, err := s.PBProcess(ctx, processID)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE pb_codes SET voided_at = $1 WHERE process_id = $2 AND code_hash = $3 AND voided_at = ''",
			s.stamp(), processID, budgeting.CodeHash(p.Salt, code))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("code: %w", ErrNotFound)
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: "pb-void-code", Entity: "pb_process", EntityID: strconv.FormatInt(processID, 10)})
	})
}

// PBCodePot returns the pot a live code belongs to (0 for none), or
// budgeting.ErrUnknownCode.
func (s *Store) PBCodePot(ctx context.Context, processID int64, codeHash string) (_ int64, err error) {
	defer wrapOp(&err, "pb code pot")
	var pot int64
	err = s.db.QueryRowContext(ctx, "SELECT COALESCE(pot_id, 0) FROM pb_codes WHERE process_id = $1 AND code_hash = $2 AND voided_at = ''",
		processID, codeHash).Scan(&pot)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, budgeting.ErrUnknownCode
	}
	return pot, err
}

// PostcodeInArea reports whether the postcode lookup places postcode in
// the area: directly for an LSOA, ward or district, otherwise through the
// postcode's LSOA and the reference geography's parents. An unknown
// postcode is not in any area.
func (s *Store) PostcodeInArea(ctx context.Context, postcode, areaType, areaCode string) (_ bool, err error) {
	defer wrapOp(&err, "postcode in area")
	a, err := s.LookupPostcode(ctx, postcode)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	switch {
	case areaCode == "":
		return false, nil
	case areaType == "lsoa" || a.LSOA == areaCode && areaType == "":
		return a.LSOA == areaCode, nil
	case areaType == "ward":
		return a.Ward == areaCode, nil
	case areaType == "ltla" && a.District == areaCode:
		return true, nil
	}
	if a.LSOA == "" {
		return false, nil
	}
	var one int
	err = s.db.QueryRowContext(ctx, `WITH RECURSIVE up (t, c) AS (
			SELECT 'lsoa', CAST($1 AS TEXT)
			UNION
			SELECT p.parent_type, p.parent_code FROM area_parents p JOIN up ON p.child_type = up.t AND p.child_code = up.c
		) SELECT 1 FROM up WHERE t = $2 AND c = $3`, a.LSOA, areaType, areaCode).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
