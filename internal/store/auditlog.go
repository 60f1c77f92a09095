package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
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
	{entVoiceProcess, "voice_processes", "id", "id"},                    // voice_processes.go
	{entVoiceConsultation, "voice_consultations", "id", "id"},           // voice_consultations.go
	{entVoiceTheme, "voice_themes", "id", "id"},                         // voice_themes.go
	{entVoiceLink, "voice_yswd_links", "id", "id"},                      // voice_themes.go
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

// Errors from writing the audit log, testable with errors.Is.
var (
	// ErrAuditKeyMismatch: the log's latest entry was signed with another
	// key. Servers sharing a database must share the key.
	ErrAuditKeyMismatch = errors.New("audit key mismatch")
	// ErrNoAuditKey: the log is keyed but the store has no key.
	ErrNoAuditKey = audit.ErrNoKey
)

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
	return s.appendEntry(ctx, tx, by, audit.Entry{Action: action, Entity: entity, EntityID: id, Before: before, After: after})
}

// AuditEvent is something worth recording that changes no audited row: a
// sign-in, a failed or refused sign-in, a sign-out.
type AuditEvent struct {
	Action   string // audit.ActionSignIn and the like; never create, update or delete
	Entity   string // what it concerns, e.g. "user"
	EntityID string // e.g. the user's ID; "" when there is none (an unknown e-mail)
	// Detail is stored as the entry's after JSON (keys sorted), e.g.
	// {"email": "…", "reason": "wrong password"}. Never put a secret here.
	Detail map[string]string
}

// RecordEvent appends ev to the audit log in its own transaction, with the
// actor's client address. Use it for account events; changes to audited
// rows are recorded by the store method that makes them.
func (s *Store) RecordEvent(ctx context.Context, by Actor, ev AuditEvent) (err error) {
	defer wrapOp(&err, "record event")
	err = s.tx(ctx, func(tx *sql.Tx) error { return s.recordEvent(ctx, tx, by, ev) })
	if err != nil {
		return fmt.Errorf("store: record audit event %s: %w", ev.Action, err)
	}
	return nil
}

// recordEvent appends ev inside tx (for store methods that record an event
// together with their own writes).
func (s *Store) recordEvent(ctx context.Context, tx *sql.Tx, by Actor, ev AuditEvent) error {
	if ev.Action == "" || audit.IsChange(ev.Action) || ev.Entity == "" {
		return fmt.Errorf("audit event needs an action other than create, update or delete, and an entity (got %q on %q)", ev.Action, ev.Entity)
	}
	var detail []byte
	if len(ev.Detail) > 0 {
		var err error
		if detail, err = json.Marshal(ev.Detail); err != nil { // maps marshal with sorted keys
			return err
		}
	}
	return s.appendEntry(ctx, tx, by, audit.Entry{Action: ev.Action, Entity: ev.Entity, EntityID: ev.EntityID, After: detail})
}

// appendEntry fills in e's place in the chain (sequence, time, actor, link)
// and signs and inserts it, inside tx.
func (s *Store) appendEntry(ctx context.Context, tx *sql.Tx, by Actor, e audit.Entry) error {
	last, err := s.auditTail(ctx, tx)
	if err != nil {
		return err
	}
	_, err = s.appendAfter(ctx, tx, by, last, e)
	return err
}

// appendAfter signs and inserts e after last, the chain's tail read by
// auditTail in the same transaction, and returns e as inserted (the next
// entry's tail). Bulk writers call auditTail once and chain appendAfter.
func (s *Store) appendAfter(ctx context.Context, tx *sql.Tx, by Actor, last, e audit.Entry) (audit.Entry, error) {
	e = s.sealAfter(by, last, e)
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (`+auditInsertCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`, auditInsertArgs(e)...)
	return e, err
}

// auditInsertCols are the columns auditInsertArgs fills, in order.
const auditInsertCols = `seq, at, actor_id, actor_name, client_addr, action, entity, entity_id, before, after, prev_hash, hash, hash_alg, key_id`

func auditInsertArgs(e audit.Entry) []any {
	return []any{e.Seq, e.At, e.ActorID, e.ActorName, e.ClientAddr, e.Action, e.Entity, e.EntityID, nullText(e.Before), nullText(e.After), e.PrevHash, e.Hash, e.HashAlg, e.KeyID}
}

// sealAfter fills in e's place in the chain after last (sequence, time,
// actor, link) and signs it.
func (s *Store) sealAfter(by Actor, last, e audit.Entry) audit.Entry {
	name := by.Name
	if name == "" {
		name = "system"
	}
	e.Seq, e.At, e.ActorID, e.ActorName, e.ClientAddr, e.PrevHash = last.Seq+1, audit.FormatTime(s.now()), by.UserID, name, by.ClientAddr, last.Hash
	if e.PrevHash == "" {
		e.PrevHash = audit.GenesisHash
	}
	if s.auditKey.IsZero() {
		e.HashAlg, e.Hash = audit.AlgSHA256, audit.ComputeHash(e)
	} else {
		s.auditKey.Seal(&e)
	}
	return e
}

// auditTail locks the chain for appending (inside tx) and returns its last
// entry (the zero entry when empty). With a key, an untouched unkeyed log is
// re-signed first, so the chain never mixes schemes. It refuses to go on
// when the log is signed with another key, or is keyed and the store has
// no key.
func (s *Store) auditTail(ctx context.Context, tx *sql.Tx) (audit.Entry, error) {
	if s.engine == Postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(auditLockID)); err != nil {
			return audit.Entry{}, err
		}
	}
	var last audit.Entry
	err := tx.QueryRowContext(ctx, "SELECT seq, hash, hash_alg, key_id FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&last.Seq, &last.Hash, &last.HashAlg, &last.KeyID)
	if err == sql.ErrNoRows {
		return audit.Entry{}, nil
	}
	if err != nil {
		return last, err
	}
	switch {
	case last.HashAlg == audit.AlgHMACSHA256 && s.auditKey.IsZero():
		return last, ErrNoAuditKey
	case last.HashAlg == audit.AlgHMACSHA256 && last.KeyID != s.auditKey.ID():
		return last, fmt.Errorf("%w: the audit log is signed with key id %s, this process has key id %s (every server on one database needs the same PLACEBOARD_AUDIT_KEY or key file)", ErrAuditKeyMismatch, last.KeyID, s.auditKey.ID())
	case last.HashAlg != audit.AlgHMACSHA256 && !s.auditKey.IsZero():
		return s.resignUnkeyed(ctx, tx, last)
	}
	return last, nil
}

// resignUnkeyed re-signs an unkeyed log with the store's key, once, when
// every entry still verifies under the old hash. A log that does not verify,
// or already holds keyed entries, is left as it is (audit verify reports
// it) and new entries are keyed on top of it.
func (s *Store) resignUnkeyed(ctx context.Context, tx *sql.Tx, last audit.Entry) (audit.Entry, error) {
	var keyed int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE hash_alg <> $1", audit.AlgSHA256).Scan(&keyed); err != nil {
		return last, err
	}
	if keyed > 0 {
		s.log.Warn("audit log holds unkeyed entries after keyed ones; not re-signing them (audit verify reports them)")
		return last, nil
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+auditCols+" FROM audit_log ORDER BY seq")
	if err != nil {
		return last, err
	}
	// Only links and hashes are kept: PostgreSQL cannot update on the
	// transaction's connection while rows are being read.
	type signed struct {
		seq        int64
		prev, hash string
	}
	var out []signed
	r := audit.NewResigner(s.auditKey)
	err = scanEntries(rows, func(e audit.Entry) error {
		ne, err := r.Next(e)
		if err != nil {
			return err
		}
		out = append(out, signed{ne.Seq, ne.PrevHash, ne.Hash})
		return nil
	})
	var p *audit.Problem
	if errors.As(err, &p) {
		s.log.Error("audit log does not verify; left unkeyed, new entries are keyed on top (run audit verify)", "problem", p.Error())
		return last, nil
	}
	if err != nil {
		return last, err
	}
	for _, e := range out {
		if _, err := tx.ExecContext(ctx, "UPDATE audit_log SET prev_hash = $1, hash = $2, hash_alg = $3, key_id = $4 WHERE seq = $5",
			e.prev, e.hash, audit.AlgHMACSHA256, s.auditKey.ID(), e.seq); err != nil {
			return last, err
		}
	}
	s.log.Info("audit log re-signed with the audit key", "entries", len(out), "key_id", s.auditKey.ID())
	if n := len(out); n > 0 {
		last = audit.Entry{Seq: out[n-1].seq, Hash: out[n-1].hash, HashAlg: audit.AlgHMACSHA256, KeyID: s.auditKey.ID()}
	}
	return last, nil
}

// PrepareAuditLog readies the log for this process at start: it re-signs an
// untouched unkeyed log with the key (once), and reports ErrAuditKeyMismatch
// when the log is signed with another key, so a misconfigured server stops
// before serving rather than failing at its first change.
func (s *Store) PrepareAuditLog(ctx context.Context) (err error) {
	defer wrapOp(&err, "prepare audit log")
	if s.auditKey.IsZero() {
		return nil
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		_, err := s.auditTail(ctx, tx)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: prepare audit log: %w", err)
	}
	return nil
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
func (s *Store) AuditEntries(ctx context.Context, f AuditFilter) (_ []audit.Entry, _ int, err error) {
	defer wrapOp(&err, "audit entries")
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

const auditCols = "seq, at, actor_id, actor_name, client_addr, action, entity, entity_id, before, after, prev_hash, hash, hash_alg, key_id"

func scanEntries(rows *sql.Rows, fn func(audit.Entry) error) error {
	defer rows.Close()
	for rows.Next() {
		var e audit.Entry
		var before, after sql.NullString
		if err := rows.Scan(&e.Seq, &e.At, &e.ActorID, &e.ActorName, &e.ClientAddr, &e.Action, &e.Entity, &e.EntityID, &before, &after, &e.PrevHash, &e.Hash, &e.HashAlg, &e.KeyID); err != nil {
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

// VerifyAudit checks the hash chain under the store's key and every audited
// row; see audit.Verify. Tampering comes back as an *audit.Problem.
func (s *Store) VerifyAudit(ctx context.Context) (_ audit.Report, err error) {
	defer wrapOp(&err, "verify audit")
	return s.verifyAudit(ctx, nil)
}

// VerifyAuditHead is VerifyAudit that also checks a head recorded earlier
// is still in the chain, so entries cut off the end are noticed.
func (s *Store) VerifyAuditHead(ctx context.Context, head audit.Head) (_ audit.Report, err error) {
	defer wrapOp(&err, "verify audit head")
	return s.verifyAudit(ctx, &head)
}

// verifyAudit reads in one transaction so a concurrent change cannot look
// like tampering.
func (s *Store) verifyAudit(ctx context.Context, head *audit.Head) (audit.Report, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: s.engine == Postgres})
	if err != nil {
		return audit.Report{}, fmt.Errorf("store: verify audit: %w", err)
	}
	defer tx.Rollback()
	if s.engine == Postgres {
		if _, err := tx.ExecContext(ctx, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"); err != nil {
			return audit.Report{}, fmt.Errorf("store: verify audit: %w", err)
		}
	}
	rep, err := audit.Verify(ctx, auditSource{s: s, q: tx}, audit.Options{Key: s.auditKey, Head: head})
	var p *audit.Problem
	if err != nil && !errors.As(err, &p) && !errors.Is(err, audit.ErrNoKey) {
		err = fmt.Errorf("store: verify audit: %w", err)
	}
	return rep, err
}

// AuditKeyID names the store's audit key ("" without one), for messages.
func (s *Store) AuditKeyID() string { return s.auditKey.ID() }

// AuditActorNames returns the current display names of the given users,
// for showing who made each change. Unknown IDs are left out.
func (s *Store) AuditActorNames(ctx context.Context, ids []int64) (_ map[int64]string, err error) {
	defer wrapOp(&err, "audit actor names")
	names := map[int64]string{}
	if len(ids) == 0 {
		return names, nil
	}
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i] = fmt.Sprintf("$%d", i+1)
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, "SELECT id, name FROM users WHERE id IN ("+strings.Join(marks, ", ")+")", args...)
	if err != nil {
		return nil, fmt.Errorf("store: audit actor names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("store: audit actor names: %w", err)
		}
		names[id] = name
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: audit actor names: %w", err)
	}
	return names, nil
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
