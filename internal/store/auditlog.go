package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/placeboard/placeboard/internal/audit"
)

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Audited entities and the tables behind them.
const (
	entOrganisation = "organisation"
	entPartnership  = "partnership"
	entMember       = "member"
	entMeeting      = "meeting"
	entDecision     = "decision"
	entUser         = "user"
	entUserRole     = "user_role"
)

type entityDef struct {
	name  string
	table string
	// key is the SQL expression giving the entity ID as text.
	key string
	// order lists rows in a stable order.
	order string
}

var auditedEntities = []entityDef{
	{entOrganisation, "organisations", "id", "id"},
	{entPartnership, "partnerships", "id", "id"},
	{entMember, "members", "id", "id"},
	{entMeeting, "meetings", "id", "id"},
	{entDecision, "decisions", "id", "id"},
	{entUser, "users", "id", "id"},
	{entUserRole, "user_roles", "user_id, partnership_id", "user_id, partnership_id"},
	{entIndicatorImport, "indicator_imports", "id", "id"},               // needs.go
	{entPriorityNote, "needs_priorities", "id", "id"},                   // needs_priorities.go
	{entPriorityPublication, "needs_priority_publications", "id", "id"}, // needs_priorities.go
}

func entityByName(name string) entityDef {
	for _, e := range auditedEntities {
		if e.name == name {
			return e
		}
	}
	panic("store: unknown audited entity " + name)
}

// rowImages scans rows into canonical JSON images, one per row, with the
// entity ID computed from the columns named in keyCols. Values are
// normalised so the same row always gives the same bytes: text as strings,
// integers as numbers, booleans as true/false. A password hash is replaced
// by its SHA-256, so the log holds no secrets yet a hand-edit still shows.
func rowImages(rows *sql.Rows, keyCols []string, fn func(id string, img map[string]any) error) error {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		img := make(map[string]any, len(cols))
		for i, c := range cols {
			img[c] = normaliseValue(c, vals[i])
		}
		if h, ok := img["password_hash"].(string); ok {
			delete(img, "password_hash")
			sum := sha256.Sum256([]byte(h))
			img["password_hash_sha256"] = hex.EncodeToString(sum[:])
		}
		ids := make([]string, len(keyCols))
		for i, k := range keyCols {
			ids[i] = fmt.Sprint(img[k])
		}
		if err := fn(strings.Join(ids, ":"), img); err != nil {
			return err
		}
	}
	return rows.Err()
}

func normaliseValue(col string, v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case time.Time:
		return audit.FormatTime(x)
	case int32:
		return int64(x)
	case int:
		return int64(x)
	case bool:
		return x
	case int64:
		// SQLite keeps booleans as integers; report them as booleans so
		// images look alike on both engines.
		if col == "statutory" || col == "admin" {
			return x != 0
		}
		return x
	default:
		return x
	}
}

func keyColumns(e entityDef) []string {
	parts := strings.Split(e.key, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// image returns the canonical JSON of one entity row, nil if it is absent.
func (s *Store) image(ctx context.Context, q querier, entity, id string) ([]byte, error) {
	e := entityByName(entity)
	keys := keyColumns(e)
	idParts := strings.Split(id, ":")
	if len(idParts) != len(keys) {
		return nil, fmt.Errorf("store: bad %s id %q", entity, id)
	}
	where := make([]string, len(keys))
	args := make([]any, len(keys))
	for i, k := range keys {
		where[i] = fmt.Sprintf("%s = $%d", k, i+1)
		n, err := strconv.ParseInt(idParts[i], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("store: bad %s id %q", entity, id)
		}
		args[i] = n
	}
	rows, err := q.QueryContext(ctx, "SELECT * FROM "+e.table+" WHERE "+strings.Join(where, " AND "), args...)
	if err != nil {
		return nil, err
	}
	var found map[string]any
	err = rowImages(rows, keys, func(_ string, img map[string]any) error {
		found = img
		return nil
	})
	if err != nil || found == nil {
		return nil, err
	}
	// Rows are closed now: PostgreSQL cannot run a second query on the
	// transaction's connection while the first is still being read.
	if entity == entOrganisation {
		codes, err := orgAreaCodes(ctx, q, idParts[0])
		if err != nil {
			return nil, err
		}
		found["area_codes"] = codes
	}
	return json.Marshal(found)
}

func orgAreaCodes(ctx context.Context, q querier, id string) ([]string, error) {
	n, _ := strconv.ParseInt(id, 10, 64)
	rows, err := q.QueryContext(ctx, "SELECT area_code FROM organisation_areas WHERE org_id = $1 ORDER BY area_code", n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	codes := []string{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		codes = append(codes, c)
	}
	return codes, rows.Err()
}

// auditLockID is the PostgreSQL advisory lock that serialises appends to
// the chain across processes sharing one database. (SQLite serialises
// writers already: transactions begin IMMEDIATE.)
const auditLockID = 7_270_601_001

// recordChange appends the audit entry for a change to entity id, taking
// before (nil for a create) and reading the after-image from the database
// inside tx (nil after a delete). It must run in the change's transaction.
func (s *Store) recordChange(ctx context.Context, tx *sql.Tx, by Actor, action, entity, id string, before []byte) error {
	after, err := s.image(ctx, tx, entity, id)
	if err != nil {
		return err
	}
	if action == audit.ActionUpdate && string(before) == string(after) {
		return nil // nothing changed: no entry
	}
	if s.engine == Postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(auditLockID)); err != nil {
			return err
		}
	}
	var lastSeq int64
	prev := audit.GenesisHash
	err = tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&lastSeq, &prev)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	name := by.Name
	if name == "" {
		name = "system"
	}
	e := audit.Entry{
		Seq: lastSeq + 1, At: audit.FormatTime(s.now()), ActorID: by.UserID, ActorName: name,
		Action: action, Entity: entity, EntityID: id, Before: before, After: after, PrevHash: prev,
	}
	e.Hash = audit.ComputeHash(e)
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id, before, after, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.Seq, e.At, e.ActorID, e.ActorName, e.Action, e.Entity, e.EntityID, nullText(e.Before), nullText(e.After), e.PrevHash, e.Hash)
	return err
}

func nullText(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }

// AuditFilter narrows AuditEntries.
type AuditFilter struct {
	Entity   string
	EntityID string
	Page
}

// AuditEntries returns entries matching f, newest first, and the total.
func (s *Store) AuditEntries(ctx context.Context, f AuditFilter) ([]audit.Entry, int, error) {
	f.Page = f.Page.norm()
	where, args := []string{"1=1"}, []any{}
	if f.Entity != "" {
		args = append(args, f.Entity)
		where = append(where, fmt.Sprintf("entity = $%d", len(args)))
	}
	if f.EntityID != "" {
		args = append(args, f.EntityID)
		where = append(where, fmt.Sprintf("entity_id = $%d", len(args)))
	}
	w := strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE "+w, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	args = append(args, f.Limit, f.Offset)
	rows, err := s.db.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM audit_log WHERE %s ORDER BY seq DESC LIMIT $%d OFFSET $%d", auditCols, w, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, err
	}
	var out []audit.Entry
	err = scanEntries(rows, func(e audit.Entry) error { out = append(out, e); return nil })
	return out, total, err
}

const auditCols = "seq, at, actor_id, actor_name, action, entity, entity_id, before, after, prev_hash, hash"

func scanEntries(rows *sql.Rows, fn func(audit.Entry) error) error {
	defer rows.Close()
	for rows.Next() {
		var e audit.Entry
		var before, after sql.NullString
		if err := rows.Scan(&e.Seq, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.Entity, &e.EntityID, &before, &after, &e.PrevHash, &e.Hash); err != nil {
			return err
		}
		if before.Valid {
			e.Before = json.RawMessage(before.String)
		}
		if after.Valid {
			e.After = json.RawMessage(after.String)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// VerifyAudit checks the hash chain and every audited row; see audit.Verify.
// It reads in one transaction so a concurrent change cannot look like
// tampering.
func (s *Store) VerifyAudit(ctx context.Context) (audit.Report, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: s.engine == Postgres})
	if err != nil {
		return audit.Report{}, err
	}
	defer tx.Rollback()
	if s.engine == Postgres {
		if _, err := tx.ExecContext(ctx, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"); err != nil {
			return audit.Report{}, err
		}
	}
	return audit.Verify(ctx, auditSource{s: s, q: tx})
}

type auditSource struct {
	s *Store
	q querier
}

func (a auditSource) EachEntry(ctx context.Context, fn func(audit.Entry) error) error {
	rows, err := a.q.QueryContext(ctx, "SELECT "+auditCols+" FROM audit_log ORDER BY seq")
	if err != nil {
		return err
	}
	return scanEntries(rows, fn)
}

func (a auditSource) EachRow(ctx context.Context, fn func(entity, id string, image []byte) error) error {
	// Organisation areas are part of the organisation's image.
	areas := map[string][]string{}
	rows, err := a.q.QueryContext(ctx, "SELECT org_id, area_code FROM organisation_areas ORDER BY org_id, area_code")
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			rows.Close()
			return err
		}
		areas[idText(id)] = append(areas[idText(id)], code)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, e := range auditedEntities {
		rows, err := a.q.QueryContext(ctx, "SELECT * FROM "+e.table+" ORDER BY "+e.order)
		if err != nil {
			return err
		}
		// Collect first: fn may not query while rows are open on the same
		// transaction connection.
		type row struct {
			id  string
			img []byte
		}
		var all []row
		err = rowImages(rows, keyColumns(e), func(id string, img map[string]any) error {
			if e.name == entOrganisation {
				codes := areas[id]
				if codes == nil {
					codes = []string{}
				}
				sort.Strings(codes)
				img["area_codes"] = codes
			}
			b, err := json.Marshal(img)
			all = append(all, row{id, b})
			return err
		})
		if err != nil {
			return err
		}
		for _, r := range all {
			if err := fn(e.name, r.id, r.img); err != nil {
				return err
			}
		}
	}
	return nil
}
