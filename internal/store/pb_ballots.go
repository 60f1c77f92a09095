package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/placeboard/placeboard/internal/voice/budgeting"
)

// Ballots: one per person per process, enforced by the unique key on
// (process_id, identity_hash) inside the ballot's transaction, and
// acknowledged only after that transaction commits.
//
// Group commit: SubmitPBBallot hands its ballot to the store's batcher and
// waits. One committer at a time takes every ballot waiting, writes them
// all in one transaction and commits once, so many ballots share one
// fsync. A ballot that breaks a rule (an identity that has voted, a
// closed process, an unknown code) is decided by statements that cannot
// fail (INSERT … ON CONFLICT DO NOTHING), so it never fails its batch;
// if anything else goes wrong, the batch is rolled back and each ballot
// is tried again in a transaction of its own. On SQLite the ballot
// transactions run with synchronous=FULL (the rest of the store uses
// NORMAL): a commit is on disk, not only in the WAL, before the ack.

// pbCommits and pbCommitted count group commits and the ballots they
// carried (the benchmark reports ballots per commit).
var pbCommits, pbCommitted atomic.Int64

// pbMaxBatch bounds a group commit.
const pbMaxBatch = 1024

type pbRequest struct {
	sub  budgeting.Submission
	done chan error
}

type pbBatcher struct {
	mu      sync.Mutex
	pending []*pbRequest
	running int // committers at work
}

// pbCommitters is how many group commits may run at once: one on SQLite
// (a single writer), a few on PostgreSQL, whose commits of separate
// transactions overlap.
func (s *Store) pbCommitters() int {
	if s.engine == Postgres {
		return 4
	}
	return 1
}

var pbBatchers = struct {
	mu sync.Mutex
	m  map[*Store]*pbBatcher
}{m: map[*Store]*pbBatcher{}}

func (s *Store) pbBatcher() *pbBatcher {
	pbBatchers.mu.Lock()
	defer pbBatchers.mu.Unlock()
	b := pbBatchers.m[s]
	if b == nil {
		b = &pbBatcher{}
		pbBatchers.m[s] = b
	}
	return b
}

// SubmitPBBallot stores a checked ballot and returns once it is committed
// (nil) or refused: budgeting.ErrAlreadyVoted, ErrNotOpen or
// ErrUnknownCode. A caller that gives up (ctx) gets no answer, and its
// ballot may or may not have been stored.
func (s *Store) SubmitPBBallot(ctx context.Context, sub budgeting.Submission) (err error) {
	defer wrapOp(&err, "submit pb ballot")
	req := &pbRequest{sub: sub, done: make(chan error, 1)}
	b := s.pbBatcher()
	b.mu.Lock()
	b.pending = append(b.pending, req)
	if b.running < s.pbCommitters() {
		b.running++
		go s.runPBBatches(b)
	}
	b.mu.Unlock()
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Store) runPBBatches(b *pbBatcher) {
	for {
		b.mu.Lock()
		n := min(len(b.pending), pbMaxBatch)
		if n == 0 {
			b.running--
			b.mu.Unlock()
			return
		}
		batch := b.pending[:n:n]
		b.pending = append([]*pbRequest(nil), b.pending[n:]...)
		b.mu.Unlock()
		pbCommits.Add(1)
		pbCommitted.Add(int64(len(batch)))
		s.commitPBBatch(batch)
	}
}

// pbBulkRows bounds one multi-row insert (12 parameters a row).
const pbBulkRows = 500

// bulkInsertPBBallots inserts the batch's ballots for open processes in
// multi-row statements, each row only if its code (when it has one) is
// live, skipping rows whose identity has voted (in the database or
// earlier in the batch), and returns the receipt hashes inserted.
func (s *Store) bulkInsertPBBallots(ctx context.Context, p *pbTx, batch []*pbRequest) (map[string]bool, error) {
	inserted := make(map[string]bool, len(batch))
	var rows []*pbRequest
	for _, r := range batch {
		st, ok := p.status[r.sub.ProcessID]
		if !ok {
			if err := p.tx.QueryRowContext(ctx, "SELECT status FROM pb_processes WHERE id = $1", r.sub.ProcessID).Scan(&st); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, err
			}
			p.status[r.sub.ProcessID] = st
		}
		if st == string(budgeting.StatusOpen) {
			rows = append(rows, r)
		}
	}
	casts := []string{"", "", "", "", "", "", "", "", "", "", "", ""}
	if s.engine == Postgres {
		casts = []string{"::bigint", "::text", "::bigint", "::text", "::text", "::text", "::text", "::text", "::bigint", "::bigint", "::text", "::text"}
	}
	now := s.stamp()
	for start := 0; start < len(rows); start += pbBulkRows {
		chunk := rows[start:min(start+pbBulkRows, len(rows))]
		var b strings.Builder
		b.WriteString(`INSERT INTO pb_ballots (process_id, identity_hash, pot_id, channel, choices, receipt_hash, area_code, age_band,
			entered_by, checked_by, submitted_at) SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7,
			v.column8, v.column9, v.column10, v.column11 FROM (VALUES `)
		args := make([]any, 0, 12*len(chunk))
		for i, r := range chunk {
			sub := r.sub
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for j, v := range []any{sub.ProcessID, sub.IdentityHash, nullID(sub.PotID), sub.Channel, sub.Choices.Encode(), sub.ReceiptHash,
				sub.AreaCode, sub.AgeBand, nullID(sub.EnteredBy), nullID(sub.CheckedBy), now, sub.CodeHash} {
				if j > 0 {
					b.WriteString(", ")
				}
				args = append(args, v)
				if s.engine == SQLite {
					b.WriteByte('?')
				} else {
					b.WriteString("$" + strconv.Itoa(len(args)))
				}
				b.WriteString(casts[j])
			}
			b.WriteByte(')')
		}
		b.WriteString(`) AS v WHERE v.column12 = '' OR EXISTS (SELECT 1 FROM pb_codes c WHERE c.process_id = v.column1
			AND c.code_hash = v.column12 AND c.voided_at = '') ON CONFLICT (process_id, identity_hash) DO NOTHING RETURNING receipt_hash`)
		res, err := p.tx.QueryContext(ctx, b.String(), args...)
		if err != nil {
			return nil, err
		}
		for res.Next() {
			var h string
			if err := res.Scan(&h); err != nil {
				res.Close()
				return nil, err
			}
			inserted[h] = true
		}
		res.Close()
		if err := res.Err(); err != nil {
			return nil, err
		}
	}
	return inserted, nil
}

// errPBUnexpected marks a batch that must be retried ballot by ballot.
var errPBUnexpected = errors.New("unexpected error in a ballot batch")

func (s *Store) commitPBBatch(batch []*pbRequest) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// Every committer takes its rows' locks in one order (PostgreSQL runs
	// several at once): no two batches can deadlock.
	sort.SliceStable(batch, func(i, j int) bool { return batch[i].sub.IdentityHash < batch[j].sub.IdentityHash }) // the first of one identity's ballots wins
	results := make([]error, len(batch))
	var cause error
	err := s.ballotTx(ctx, func(tx *sql.Tx) error {
		p := s.newPBTx(tx)
		defer p.close()
		// First every ballot at once, in multi-row inserts; then, one by
		// one, those the bulk insert did not store (a code unknown or
		// voided, a second ballot, a replacement, a closed process).
		inserted, err := s.bulkInsertPBBallots(ctx, p, batch)
		if err != nil {
			cause = err
			return errPBUnexpected
		}
		for i, r := range batch {
			if inserted[r.sub.ReceiptHash] {
				continue
			}
			results[i] = s.insertPBBallotIn(ctx, p, r.sub)
			if results[i] != nil && !isPBRefusal(results[i]) {
				cause = results[i]
				return errPBUnexpected
			}
		}
		return nil
	})
	if err == nil {
		for i, r := range batch {
			r.done <- results[i]
		}
		return
	}
	if len(batch) == 1 {
		if cause != nil {
			err = cause
		}
		batch[0].done <- err
		return
	}
	// Something other than a refusal went wrong: give each ballot its own
	// transaction, so one bad ballot fails alone.
	for _, r := range batch {
		var res error
		err := s.ballotTx(ctx, func(tx *sql.Tx) error {
			res = s.insertPBBallot(ctx, tx, r.sub, map[int64]string{})
			if res != nil && !isPBRefusal(res) {
				return res
			}
			return nil
		})
		if err != nil {
			res = err
		}
		r.done <- res
	}
}

func isPBRefusal(err error) bool {
	return errors.Is(err, budgeting.ErrAlreadyVoted) || errors.Is(err, budgeting.ErrNotOpen) || errors.Is(err, budgeting.ErrUnknownCode)
}

// ballotTx runs fn in a transaction for ballots: on SQLite on one
// connection switched to synchronous=FULL for the transaction.
func (s *Store) ballotTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.engine != SQLite {
		return s.tx(ctx, fn)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return busy(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous=FULL"); err != nil {
		return busy(err)
	}
	defer conn.ExecContext(context.Background(), "PRAGMA synchronous=NORMAL") //nolint:errcheck // the pool's default
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return busy(err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return busy(err)
	}
	return busy(tx.Commit())
}

// pbTx is a ballot transaction with its statements prepared once for the
// whole batch (the SQL is parsed once, not once per ballot) and the
// processes' statuses as read in it.
type pbTx struct {
	tx     *sql.Tx
	stmts  map[string]*sql.Stmt
	status map[int64]string
	// prepare: SQLite parses a statement each time it is run unless it is
	// prepared; pgx keeps its own statement cache per connection, so
	// preparing there only adds round trips.
	prepare bool
}

func (s *Store) newPBTx(tx *sql.Tx) *pbTx {
	return &pbTx{tx: tx, stmts: map[string]*sql.Stmt{}, status: map[int64]string{}, prepare: s.engine == SQLite}
}

func (p *pbTx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := p.stmts[query]; ok {
		return st, nil
	}
	st, err := p.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	p.stmts[query] = st
	return st, nil
}

func (p *pbTx) queryRow(ctx context.Context, query string, args ...any) (*sql.Row, error) {
	if !p.prepare {
		return p.tx.QueryRowContext(ctx, query, args...), nil
	}
	st, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryRowContext(ctx, args...), nil
}

func (p *pbTx) close() {
	for _, st := range p.stmts {
		st.Close()
	}
}

const (
	pbCodeSQL   = "SELECT voided_at FROM pb_codes WHERE process_id = $1 AND code_hash = $2"
	pbInsertSQL = `INSERT INTO pb_ballots (process_id, identity_hash, pot_id, channel, choices, receipt_hash, area_code, age_band,
		entered_by, checked_by, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (process_id, identity_hash) DO NOTHING RETURNING id`
	// pbInsertWithCodeSQL checks the code is live in the insert itself:
	// one statement per ballot on the common path. (The WHERE clause also
	// keeps SQLite from reading ON CONFLICT as part of the SELECT.)
	pbInsertWithCodeSQL = `INSERT INTO pb_ballots (process_id, identity_hash, pot_id, channel, choices, receipt_hash, area_code, age_band,
		entered_by, checked_by, submitted_at) SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
		WHERE EXISTS (SELECT 1 FROM pb_codes WHERE process_id = $1 AND code_hash = $12 AND voided_at = '')
		ON CONFLICT (process_id, identity_hash) DO NOTHING RETURNING id`
)

// insertPBBallot writes one ballot inside tx. status caches the
// processes' statuses read in this transaction.
func (s *Store) insertPBBallot(ctx context.Context, tx *sql.Tx, sub budgeting.Submission, status map[int64]string) error {
	p := s.newPBTx(tx)
	p.status = status
	defer p.close()
	return s.insertPBBallotIn(ctx, p, sub)
}

// insertPBBallotIn is insertPBBallot on a batch's prepared statements.
func (s *Store) insertPBBallotIn(ctx context.Context, p *pbTx, sub budgeting.Submission) error {
	tx, status := p.tx, p.status
	st, ok := status[sub.ProcessID]
	if !ok {
		if err := tx.QueryRowContext(ctx, "SELECT status FROM pb_processes WHERE id = $1", sub.ProcessID).Scan(&st); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return budgeting.ErrNotOpen
			}
			return err
		}
		status[sub.ProcessID] = st
	}
	if st != string(budgeting.StatusOpen) {
		return budgeting.ErrNotOpen
	}
	choices := sub.Choices.Encode()
	now := s.stamp()
	args := []any{sub.ProcessID, sub.IdentityHash, nullID(sub.PotID), sub.Channel, choices, sub.ReceiptHash, sub.AreaCode, sub.AgeBand,
		nullID(sub.EnteredBy), nullID(sub.CheckedBy), now}
	query := pbInsertSQL
	if sub.CodeHash != "" {
		query, args = pbInsertWithCodeSQL, append(args, sub.CodeHash)
	}
	var id int64
	row, err := p.queryRow(ctx, query, args...)
	if err != nil {
		return err
	}
	err = row.Scan(&id)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if sub.CodeHash != "" {
		// Nothing inserted: an unknown or voided code, or a vote already cast.
		var voided string
		row, err := p.queryRow(ctx, pbCodeSQL, sub.ProcessID, sub.CodeHash)
		if err != nil {
			return err
		}
		err = row.Scan(&voided)
		if errors.Is(err, sql.ErrNoRows) || err == nil && voided != "" {
			return budgeting.ErrUnknownCode
		}
		if err != nil {
			return err
		}
	}
	// This identity has voted.
	if !sub.ReplaceAny && sub.ReplaceReceiptHash == "" {
		return budgeting.ErrAlreadyVoted
	}
	var old string
	if err := tx.QueryRowContext(ctx, "SELECT receipt_hash FROM pb_ballots WHERE process_id = $1 AND identity_hash = $2",
		sub.ProcessID, sub.IdentityHash).Scan(&old); err != nil {
		return err
	}
	if !sub.ReplaceAny && old != sub.ReplaceReceiptHash {
		return budgeting.ErrAlreadyVoted
	}
	if _, err := tx.ExecContext(ctx, `UPDATE pb_ballots SET choices = $1, receipt_hash = $2, channel = $3, area_code = $4, age_band = $5,
		submitted_at = $6 WHERE process_id = $7 AND identity_hash = $8`, choices, sub.ReceiptHash, sub.Channel, sub.AreaCode, sub.AgeBand,
		now, sub.ProcessID, sub.IdentityHash); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO pb_superseded_receipts (receipt_hash, process_id, superseded_at) VALUES ($1, $2, $3) ON CONFLICT (receipt_hash) DO NOTHING",
		old, sub.ProcessID, now)
	return err
}

// PBBallots lists a process's submitted ballots, ordered by their receipt
// hashes: an order that says nothing about when or how they were cast.
func (s *Store) PBBallots(ctx context.Context, processID int64) (_ []budgeting.CastBallot, err error) {
	defer wrapOp(&err, "pb ballots")
	rows, err := s.db.QueryContext(ctx, "SELECT COALESCE(pot_id, 0), choices FROM pb_ballots WHERE process_id = $1 ORDER BY receipt_hash", processID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []budgeting.CastBallot
	for rows.Next() {
		var b budgeting.CastBallot
		var choices string
		if err := rows.Scan(&b.PotID, &choices); err != nil {
			return nil, err
		}
		if b.Choices, err = budgeting.DecodeChoices(choices); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// PBBallotCount is how many people have voted (turnout, never a count per
// project).
func (s *Store) PBBallotCount(ctx context.Context, processID int64) (_ int, err error) {
	defer wrapOp(&err, "pb ballot count")
	var n int
	err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM pb_ballots WHERE process_id = $1", processID).Scan(&n)
	return n, err
}

// Receipt statuses.
const (
	PBReceiptSubmitted = "submitted" // the ballot with this receipt counts (or will, at the close)
	PBReceiptReplaced  = "replaced"  // the voter submitted again; the later ballot counts
)

// PBReceipt is what checking a receipt tells its holder.
type PBReceipt struct {
	Status      string
	SubmittedAt string // when the ballot with this receipt was submitted ("" once replaced)
	Channel     string
}

// PBReceiptStatus looks up a receipt: submitted, replaced, or ErrNotFound.
// It never shows the choices.
func (s *Store) PBReceiptStatus(ctx context.Context, processID int64, receipt string) (_ PBReceipt, err error) {
	defer wrapOp(&err, "pb receipt status")
	h := budgeting.ReceiptHash(receipt)
	var r PBReceipt
	err = s.db.QueryRowContext(ctx, "SELECT submitted_at, channel FROM pb_ballots WHERE process_id = $1 AND receipt_hash = $2", processID, h).Scan(&r.SubmittedAt, &r.Channel)
	if err == nil {
		r.Status = PBReceiptSubmitted
		return r, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return r, err
	}
	var at string
	err = s.db.QueryRowContext(ctx, "SELECT superseded_at FROM pb_superseded_receipts WHERE process_id = $1 AND receipt_hash = $2", processID, h).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("receipt: %w", ErrNotFound)
	}
	r.Status = PBReceiptReplaced
	return r, err
}

// SavePBDraft keeps a signed-in resident's unsubmitted choices (never
// counted; they expire at the close).
func (s *Store) SavePBDraft(ctx context.Context, processID int64, identityHash string, c budgeting.Choices) (err error) {
	defer wrapOp(&err, "save pb draft")
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO pb_drafts (process_id, identity_hash, choices, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (process_id, identity_hash) DO UPDATE SET choices = excluded.choices, updated_at = excluded.updated_at`,
			processID, identityHash, c.Encode(), s.stamp())
		return err
	})
}

// PBDraft returns a draft (ok false when there is none).
func (s *Store) PBDraft(ctx context.Context, processID int64, identityHash string) (_ budgeting.Choices, ok bool, err error) {
	defer wrapOp(&err, "pb draft")
	var choices string
	err = s.db.QueryRowContext(ctx, "SELECT choices FROM pb_drafts WHERE process_id = $1 AND identity_hash = $2", processID, identityHash).Scan(&choices)
	if errors.Is(err, sql.ErrNoRows) {
		return budgeting.Choices{}, false, nil
	}
	if err != nil {
		return budgeting.Choices{}, false, err
	}
	c, err := budgeting.DecodeChoices(choices)
	return c, err == nil, err
}

// PBPaperBallot is a paper or assisted ballot as entered by an officer,
// waiting for (or given) a second officer's check.
type PBPaperBallot struct {
	ID        int64
	ProcessID int64
	PotID     int64
	Channel   string
	Choices   budgeting.Choices
	EnteredBy int64
	EnteredAt string
	Status    string // pending, accepted, rejected
	CheckedBy int64
}

// EnterPBPaperBallot records a paper or assisted ballot entered by an
// officer (by). It counts only once a second officer accepts it
// (CheckPBPaperBallot). Audited without the choices.
func (s *Store) EnterPBPaperBallot(ctx context.Context, by Actor, sub budgeting.Submission) (_ int64, err error) {
	defer wrapOp(&err, "enter pb paper ballot")
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var st string
		if err := tx.QueryRowContext(ctx, "SELECT status FROM pb_processes WHERE id = $1", sub.ProcessID).Scan(&st); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("pb process %d: %w", sub.ProcessID, ErrNotFound)
			}
			return err
		}
		if st != string(budgeting.StatusOpen) {
			return budgeting.ErrNotOpen
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO pb_paper_ballots (process_id, identity_hash, pot_id, channel, choices, area_code, age_band, entered_by, entered_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, sub.ProcessID, sub.IdentityHash, nullID(sub.PotID), sub.Channel,
			sub.Choices.Encode(), sub.AreaCode, sub.AgeBand, by.UserID, s.stamp()).Scan(&id); err != nil {
			return err
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: "pb-paper-entered", Entity: "pb_process", EntityID: strconv.FormatInt(sub.ProcessID, 10),
			Detail: map[string]string{"paper_ballot_id": strconv.FormatInt(id, 10), "channel": sub.Channel}})
	})
	return id, err
}

// PBPaperBallots lists a process's paper and assisted ballots with the
// given status ("" for all), oldest first.
func (s *Store) PBPaperBallots(ctx context.Context, processID int64, status string) (_ []PBPaperBallot, err error) {
	defer wrapOp(&err, "pb paper ballots")
	rows, err := s.db.QueryContext(ctx, `SELECT id, process_id, COALESCE(pot_id, 0), channel, choices, entered_by, entered_at, status, COALESCE(checked_by, 0)
		FROM pb_paper_ballots WHERE process_id = $1 AND ($2 = '' OR status = $2) ORDER BY id`, processID, status)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PBPaperBallot
	for rows.Next() {
		var b PBPaperBallot
		var choices string
		if err := rows.Scan(&b.ID, &b.ProcessID, &b.PotID, &b.Channel, &choices, &b.EnteredBy, &b.EnteredAt, &b.Status, &b.CheckedBy); err != nil {
			return nil, err
		}
		if b.Choices, err = budgeting.DecodeChoices(choices); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// CheckPBPaperBallot is the second officer's check: accept counts the
// ballot (under the same one-person-one-vote key as every channel:
// budgeting.ErrAlreadyVoted when this person has voted), reject sets it
// aside. The officer who entered it may not check it
// (budgeting.ErrSameOfficer). A ballot already checked is ErrConflict.
// Audited.
func (s *Store) CheckPBPaperBallot(ctx context.Context, by Actor, processID, paperID int64, accept bool) (err error) {
	defer wrapOp(&err, "check pb paper ballot")
	return s.ballotTx(ctx, func(tx *sql.Tx) error {
		var sub budgeting.Submission
		var pot int64
		var choices, status string
		err := tx.QueryRowContext(ctx, `SELECT identity_hash, COALESCE(pot_id, 0), channel, choices, area_code, age_band, entered_by, status
			FROM pb_paper_ballots WHERE id = $1 AND process_id = $2`, paperID, processID).Scan(&sub.IdentityHash, &pot, &sub.Channel, &choices,
			&sub.AreaCode, &sub.AgeBand, &sub.EnteredBy, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("paper ballot %d: %w", paperID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if status != "pending" {
			return fmt.Errorf("paper ballot %d is %s already: %w", paperID, status, ErrConflict)
		}
		if sub.EnteredBy == by.UserID {
			return budgeting.ErrSameOfficer
		}
		next := "rejected"
		if accept {
			next = "accepted"
			sub.ProcessID, sub.PotID, sub.CheckedBy = processID, pot, by.UserID
			if sub.Choices, err = budgeting.DecodeChoices(choices); err != nil {
				return err
			}
			sub.ReceiptHash = budgeting.ReceiptHash(budgeting.NewReceipt())
			if err := s.insertPBBallot(ctx, tx, sub, map[int64]string{}); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE pb_paper_ballots SET status = $1, checked_by = $2, checked_at = $3 WHERE id = $4",
			next, by.UserID, s.stamp(), paperID); err != nil {
			return err
		}
		return s.recordEvent(ctx, tx, by, AuditEvent{Action: "pb-paper-checked", Entity: "pb_process", EntityID: strconv.FormatInt(processID, 10),
			Detail: map[string]string{"paper_ballot_id": strconv.FormatInt(paperID, 10), "outcome": next}})
	})
}

// PBTurnoutRow is the number of voters with one area, age band and
// channel. Callers suppress small counts before showing them.
type PBTurnoutRow struct {
	AreaCode string
	AgeBand  string
	Channel  string
	Voters   int
}

// PBTurnout counts voters by area, age band and channel (participants
// only, never choices).
func (s *Store) PBTurnout(ctx context.Context, processID int64) (_ []PBTurnoutRow, err error) {
	defer wrapOp(&err, "pb turnout")
	rows, err := s.db.QueryContext(ctx, `SELECT area_code, age_band, channel, count(*) FROM pb_ballots WHERE process_id = $1
		GROUP BY area_code, age_band, channel ORDER BY area_code, age_band, channel`, processID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PBTurnoutRow
	for rows.Next() {
		var r PBTurnoutRow
		if err := rows.Scan(&r.AreaCode, &r.AgeBand, &r.Channel, &r.Voters); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
